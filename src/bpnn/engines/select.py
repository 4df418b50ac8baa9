"""The one place that decides which engine computes E and ∂E/∂θ, and says why.

Every engine computes the same BP1–BP4 (the tests hold each equal to the
reference); they differ in how the work is laid out:

===========  ==================================================================
engine       what it is
===========  ==================================================================
reference    :func:`bpnn.core.backprop.loss_and_grad`, the readable code itself
buffered     the same equations into preallocated buffers, BP3 + BP4 as one
             product ``[∂E/∂W; ∂E/∂b] = ãᵀδ`` with a column of ones
             (:mod:`bpnn.engines.buffered`); minibatch gd on a large network
             makes its step inside that product (``fused step``)
wide         a stack of many tiny networks with the networks on the last axis
             (:class:`bpnn.engines.buffered._WidePass`)
compiled     one network's whole epoch — forward, BP1–BP4, update — compiled
             with numba and run in chunks of epochs (:mod:`bpnn.engines.compiled`);
             for a stack, every network's epoch at once (SIMD over the networks)
             and each network's own step (gd, gdm, gdx, rprop, adam)
===========  ==================================================================

:func:`select` returns a :class:`Choice`: the engine, a one-line reason that the
training record keeps (``record.engine_reason``), and two options of the run
that are decided here too (a fused minibatch-gd step; compiled optimiser steps).
An engine can be forced (``train(..., engine="reference")``, ``--engine``);
forcing one that cannot run the case is a :class:`~bpnn.errors.BPNNError`
naming why.

Examples
--------
>>> import bpnn
>>> from bpnn.optimizers import get_optimizer
>>> case = Case(bpnn.Network([1, 4, 1], seed=0), bpnn.get_loss("mse"), get_optimizer("lm"), n_rows=20)
>>> choice = select(case)
>>> choice.engine, choice.reason.split(":")[0]
('buffered', 'buffered')
>>> select(case, "reference").engine
'reference'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import _numba
from ..core.losses import Loss
from ..core.network import Network, layer_shapes
from ..errors import BPNNError
from ..messages import engine_reason
from ..optimizers._compiled import pays_off
from . import buffered, compiled

#: the engines, in the order ``engine="auto"`` considers them
ENGINES = ("compiled", "wide", "buffered", "reference")
#: stacks of at least this many networks may run wide (measured: docs/performance.md)
WIDE_MIN_STACK = 16


@dataclass
class Case:
    """What is to be trained: the facts the choice depends on.

    ``batch_size`` None means full batch; ``rules`` are the stop rules the
    loop will apply (a compiled chunk must be able to apply them itself).
    """

    net: Network
    loss: Loss
    opt: object
    n_rows: int
    batch_size: int | None = None
    callback: bool = False
    validation: bool = False
    test: bool = False
    schedule: bool = False
    weight_decay: float = 0.0
    steps: int = 1000
    rules: list = field(default_factory=list)
    streamed: bool = False
    distributed: bool = False          # the rows on workers (train(..., executor=))
    batch_loss: bool = False           # the epoch's loss from its minibatches (train(..., epoch_loss="batches"))
    input_noise: float = 0.0           # σ of each step's jittered inputs (train(..., input_noise=))

    @property
    def full_batch(self) -> bool:
        return (not self.streamed and self.input_noise == 0
                and (self.batch_size is None or self.batch_size >= self.n_rows))


@dataclass(frozen=True)
class Choice:
    """The engine that runs, why, and the run's two other speed options."""

    engine: str
    reason: str
    fused_step: bool = False          # minibatch gd: θ ← θ − η ãᵀδ inside BP3 + BP4's gemm
    compiled_steps: bool = False      # the optimiser's own compiled step (numba), where it has one
    chunked: bool = False             # buffered, one network: epochs run in chunks (engines/chunks.py)

    def describe(self) -> str:
        """The reason, with the options that are on."""
        extra = [s for s, on in (("fused gd step", self.fused_step), ("compiled optimiser step", self.compiled_steps),
                                 ("epochs in chunks", self.chunked)) if on]
        return self.reason + (f" (+ {', '.join(extra)})" if extra else "")


def declines(engine: str, case: Case) -> str | None:
    """Why ``engine`` cannot train ``case``, or None when it can."""
    net = case.net
    if engine in ("reference", "buffered"):
        return None
    if engine == "wide":
        if net.n_stack is None:
            return "the wide layout is for a stack of networks (restarts), and this is one network"
        return buffered.wide_declines(net)
    if engine == "compiled":
        return compiled.declines(case)
    raise BPNNError.of("err_unknown_engine", engine=engine, choices=", ".join(("auto", *ENGINES)))


def select(case: Case, engine: str = "auto") -> Choice:
    """The engine for ``case`` and a one-line reason; ``engine`` forces one (``"auto"``: choose).

    Raises
    ------
    BPNNError
        When a forced engine cannot run the case (the message says why), or
        for an unknown engine name.
    """
    if not isinstance(engine, str):
        raise BPNNError.of("err_engine_name", choices=", ".join(("auto", *ENGINES)), engine=engine)
    engine = {"fast": "auto"}.get(engine.strip().lower(), engine.strip().lower())
    if engine != "auto":
        why_not = declines(engine, case) or _unloadable(engine)
        if why_not is not None:
            raise BPNNError.of("err_engine_cannot_train", engine=engine, why=engine_reason(why_not),
                               choices=", ".join(name for name in ENGINES if name != engine))
        return _with_options(case, engine, f"{engine}: forced ({_describe(case)})")
    skipped = []
    one = case.net.n_stack is None
    for name in ENGINES:
        if name == "wide" and one:
            continue                     # wide runs a stack: not worth a word
        why_not = declines(name, case) or _not_worth_it(name, case) or _unloadable(name)
        if why_not is None:
            why = _WHY[f"{name} stack" if name == "compiled" and not one else name]
            reason = f"{name}: {_describe(case)}; {why}"
            if skipped:
                reason += f" — not {'; not '.join(skipped)}"
            return _with_options(case, name, reason)
        skipped.append(f"{name}: {why_not}")
    raise AssertionError("the reference engine takes every case")   # pragma: no cover


_WHY = {
    "compiled": "the whole epoch runs compiled, in chunks of epochs",
    "compiled stack": "each network's whole epoch and step run compiled, in chunks of epochs",
    "wide": "many tiny networks side by side on the last axis",
    "buffered": "NumPy into preallocated buffers, BP3 + BP4 as one product",
    "reference": "the readable BP1–BP4",
}


def _unloadable(engine: str) -> str | None:
    """Why the compiled engine, chosen, cannot run after all: numba is imported only now (a run that
    keeps to NumPy never pays for it), and an installed numba that does not import is a reason too."""
    if engine == "compiled" and not _numba.load():
        return _numba.unavailable_reason()
    return None


def _not_worth_it(engine: str, case: Case) -> str | None:
    """Why ``engine`` could run but is not the faster choice here (measured on this project's machine)."""
    net = case.net
    if engine == "compiled" and net.n_params > compiled.MAX_WEIGHTS:
        return f"{net.n_params} weights (over {compiled.MAX_WEIGHTS}, the time goes into arithmetic NumPy does well)"
    if engine == "compiled" and net.n_stack is None and case.steps < compiled.MIN_EPOCHS:
        return (f"{case.steps} epochs would save about {case.steps * compiled.SAVED_PER_EPOCH:.2g} s, less than "
                f"a fresh process takes to load its compiled module (about {compiled.LOAD_SECONDS:g} s; "
                f"{compiled.MIN_EPOCHS} epochs or more take it)")
    if (engine == "compiled" and net.n_stack is not None and net.n_stack * case.steps < compiled.STACK_COMPILE_EPOCHS
            and not compiled.stack_ready(net.activations)):
        return (f"its stack kernels for these activations are not compiled yet (about "
                f"{compiled.STACK_COMPILE_SECONDS:g} s, once, then cached), and {net.n_stack} networks × "
                f"{case.steps} epochs would not make that up")
    if engine == "wide":
        if net.n_stack < WIDE_MIN_STACK:
            return f"a stack of {net.n_stack} (under {WIDE_MIN_STACK}) is faster as K small products"
        if any((i + 1) * o > buffered.WIDE_MAX_WEIGHTS for i, o in layer_shapes(net.sizes)[1:]):
            return f"layers after the first over {buffered.WIDE_MAX_WEIGHTS} weights are faster as K small products"
    return None


def _describe(case: Case) -> str:
    net = case.net
    who = f"{net.n_stack} networks" if net.n_stack else "one network"
    batch = ("full batch" if case.full_batch else f"batches of {case.batch_size}"
             + (" read from a source" if case.streamed else ""))
    noise = f", inputs jittered by σ = {case.input_noise:g}" if case.input_noise else ""
    return f"{who} of {net.n_params} weights, {batch}{noise}, {case.opt.name}, {case.loss.name}"


def _with_options(case: Case, engine: str, reason: str) -> Choice:
    """Decide the fused gd step and compiled optimiser steps for an engine that runs epochs in NumPy."""
    if case.opt.needs_jacobian:
        reason += "; its Jacobian from core.backprop.residuals_and_jacobian"
    if engine == "compiled":
        return Choice(engine, reason)
    net, opt = case.net, case.opt
    fused = (engine == "buffered" and not case.full_batch and not case.streamed and case.weight_decay == 0
             and not case.batch_loss                                 # (a fused step measures no loss)
             and opt.steps_in_products() and net.n_stack is None and net.n_params >= buffered.DESCEND_WEIGHTS)
    steps = case.steps * (1 if case.full_batch else -(-case.n_rows // case.batch_size))
    compiled_steps = (not fused and opt.compiled_step is not None
                      and pays_off(opt.compiled_step, steps, (net.n_stack or 1) * net.n_params))
    return Choice(engine, reason, fused, compiled_steps, engine == "buffered" and _chunks_take(case))


def _chunks_take(case: Case) -> bool:
    """Whether the buffered engine runs this case's epochs in chunks (:class:`bpnn.engines.chunks.EpochChunks`):
    one network, full batch, a first-order algorithm, and nothing that needs every epoch in the loop."""
    return (case.net.n_stack is None and case.full_batch and case.opt.minibatch and not case.streamed
            and not (case.callback or case.validation or case.test or case.schedule or case.distributed)
            and case.weight_decay == 0 and all(rule.chunk_limit() is not None for rule in case.rules))


def gradient_by(engine: str, net: Network, X, T, loss: Loss):
    """E and ∂E/∂θ of ``net`` at its current θ, computed by the named engine: how the gradient checks
    check the code that trains, not only the readable one.

    ``wide`` computes a stack; a single network is checked as the first of a stack of two copies.
    ``compiled`` measures one epoch without taking its step.  Raises BPNNError (with the reason)
    where the engine cannot compute this network and loss.

    Examples
    --------
    >>> import numpy as np, bpnn
    >>> X, T = bpnn.sin_data()
    >>> net = bpnn.article_network()
    >>> E, g = gradient_by("buffered", net, X, T, bpnn.get_loss("mse"))
    >>> E_ref, g_ref = gradient_by("reference", net, X, T, bpnn.get_loss("mse"))
    >>> bool(np.allclose(g, g_ref, rtol=1e-12, atol=0))
    True
    """
    from ..core.backprop import loss_and_grad
    from ..optimizers import get_optimizer
    from ..training.stopping import MaxEpochs

    if engine == "reference":
        E, g = loss_and_grad(net, X, T, loss)
        return E, g
    if engine == "buffered":
        E, g = buffered.FullBatch(net, X, T, loss).loss_and_grad()
        return E, g.copy()
    if engine == "wide":
        stack = net if net.n_stack is not None else Network.stacked([net, net])
        why_not = buffered.wide_declines(stack)
        if why_not:
            raise BPNNError.of("err_engine_cannot_compute", engine="wide", why=engine_reason(why_not))
        E, g = buffered.FullBatch(stack, X, T, loss, wide=True).loss_and_grad()
        return (E, g.copy()) if net.n_stack is not None else (float(E[0]), g[0].copy())
    if engine == "compiled":
        why_not = compiled.declines(Case(net, loss, get_optimizer("gd"), len(X), rules=[MaxEpochs(1)]))
        if why_not:
            raise BPNNError.of("err_engine_cannot_compute", engine="compiled", why=engine_reason(why_not))
        if net.n_stack is not None:                            # each network by the stacked loop's epoch
            return compiled.StackLoop(net, X, T, loss, None, {}, np.inf).loss_and_grad()
        theta = net.theta.copy()
        loop = compiled.GDLoop(net, X, T, loss, 0.0, np.inf)
        loop.run(0, 1, [MaxEpochs(1)], measure_only=True)
        net.theta = theta                                       # (measure_only: no step was taken)
        return float(loop.losses[0]), loop.grad.copy()
    raise BPNNError.of("err_unknown_engine", engine=engine, choices=", ".join(ENGINES))


def train_choice(net: Network, X, loss: Loss, weight_decay: float = 0.0) -> Choice:
    """The engine :func:`bpnn.train` would choose for ``net`` on these rows with its defaults
    (full-batch gd, and ``weight_decay``): the one that gradient checks and ``explain`` check by default."""
    from ..optimizers import get_optimizer
    from ..training.stopping import Goal, MaxEpochs, MinGrad

    return select(Case(net, loss, get_optimizer("gd"), len(X), weight_decay=weight_decay,
                       rules=[MaxEpochs(1000), Goal(0.0), MinGrad(1e-5)]))
