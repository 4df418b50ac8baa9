"""The compiled engine: one network's whole epoch in numba, or a stack's (``pip install ".[fast]"`` from a clone).

For a network of a few dozen weights, one step of full-batch gradient descent
is a few hundred floating-point operations; with NumPy each of its dozen
array operations costs a microsecond of call overhead, so the loop is all
overhead.  Here the whole step — forward pass, loss, BP1–BP4, the update —
is one compiled function (:mod:`bpnn.engines._gdloop`), and a *chunk* of
epochs runs without returning to Python.  The training loop
(:func:`bpnn.training.loop.train`) takes each chunk as a block of epochs and
keeps every behaviour it has for any engine: the record, the stop rules and
their reasons, divergence handling that keeps the best weights, Ctrl-C and
progress.  The chunk is handed the stop rules themselves
(:meth:`GDLoop.run`); each rule says what limit it sets inside a chunk
(``Rule.chunk_limit``), and a rule that cannot say makes
:func:`declines` refuse the case, so no rule is ever skipped.  Two
differences, documented in ``docs/performance.md``: the time rule and Ctrl-C
act at the end of a chunk (chunks last about a millisecond), and
``record.time`` of the epochs inside a chunk is interpolated.

A stack of networks (restarts) runs in :class:`StackLoop`: every network's
epoch at once, the K networks on the innermost axis so that the compiler
computes several at a time (SIMD; activations' ``vector`` forms, arithmetic
alone), then each network's own checks and its algorithm's step (gd, gdm,
gdx/gda, iRprop+, Adam: :func:`bpnn.optimizers._compiled.stack_step`); each
network stops on its own, as the training loop stops the networks of a stack.

f and f' are not retyped here: each activation's own scalar forms
(``Activation.scalar``, ``Activation.vector``) are written into the compiled
module (:func:`kernels`, :func:`stack_kernels`).  The tests hold its trajectory
equal to the reference engine's (1e-10 relative over the article's 5000 steps)
for every activation × least-squares loss × depth, and a stack's for every
algorithm it steps × stop rule.

A float32 network keeps its weights and activations in float32; the sums
inside one step are accumulated in float64 (the NumPy engines accumulate in
float32), so its trajectory differs from theirs by float32 rounding.

``BPNN_COMPILED=0`` in the environment turns it off (:mod:`bpnn._numba`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from .. import _numba
from ..errors import BPNNError
from ..optimizers._compiled import STACK_STEPS
from .chunks import DIVERGED, RAN, STOPPED, chunk_limits  # noqa: F401  (how a chunk ends; re-exported)

#: networks larger than this gain little from it: their time goes into arithmetic, which NumPy does well
MAX_WEIGHTS = 2000
#: the stack's kernels take about this many seconds to compile, once per set of activations (then cached on
#: disk), and save about a microsecond per network and epoch over NumPy's wide layout for tiny networks
#: (measured here: docs/performance.md); so a stack compiles them for a run of at least
#: STACK_COMPILE_EPOCHS network-epochs, and takes them for any run once they are compiled
STACK_COMPILE_SECONDS = 10.0
STACK_COMPILE_EPOCHS = 10_000_000
#: one network's module: the seconds a fresh process takes to import numba and load the module from
#: numba's cache on disk (0.3 + 0.4 s measured; compiling it for a new architecture takes about 3 s more,
#: once), and the seconds it saves per epoch over the buffered engine's chunks for a tiny network
#: (docs/performance.md, "Which engine a short run gets"). The selector takes it for runs of at least
#: MIN_EPOCHS epochs, whose saving pays for the loading: the article's 5000 epochs save about 0.07 s, so
#: ``bpnn demo`` runs the NumPy engine.  The threshold is fixed, not read from what this process or the
#: disk holds, so that one call with one seed picks one engine and gives the same bits every time.
LOAD_SECONDS = 0.7
SAVED_PER_EPOCH = 15e-6
MIN_EPOCHS = 50_000
_modules: dict = {}                         # compiled kernel modules, by their activations' scalar forms


def available() -> bool:
    """True when numba is installed and compiled code is enabled."""
    return _numba.available()


def declines(case) -> str | None:
    """Why the compiled engine cannot train ``case`` (a :class:`bpnn.engines.select.Case`), or None."""
    net, opt, loss = case.net, case.opt, case.loss
    if not available():
        return _numba.unavailable_reason()
    if case.input_noise:
        return "it runs the rows as they are, and input noise jitters each step's batch"
    if not case.full_batch:
        return "it runs full-batch epochs, and this trains on minibatches"
    if case.distributed:
        return "its chunks of epochs run in one process, and the rows are on workers"
    if net.n_stack is None and opt.compiled_step != "gd":
        return f"one network's compiled epoch ends with gradient descent's update, and the algorithm is {opt.name}"
    if net.n_stack is not None and opt.compiled_step not in STACK_STEPS:
        return (f"a stack's compiled epochs end with the step of {', '.join(STACK_STEPS[:-1])}, gdx or "
                f"{STACK_STEPS[-1]}, and the algorithm is {opt.name}")
    if not loss.is_least_squares:
        return f"its BP1 is least squares' δ = 2s·e ⊙ f', and the loss is {loss.name}"
    for l, f in enumerate(net.activations, start=1):
        if f.scalar is None or not f.elementwise or not f.derivative_from_a:
            return (f"layer {l}'s {f.name} has no scalar form for compiled code "
                    f"(an element-wise Activation with scalar=(f(z), f'(z) from a) and derivative_from_a)")
    for what, on in (("a callback sees every epoch", case.callback), ("validation data are measured every epoch",
                     case.validation), ("test data are measured every epoch", case.test),
                     ("a schedule changes the rate every epoch", case.schedule),
                     ("weight decay is not in its update", case.weight_decay > 0)):
        if on:
            return f"{what}, and it runs chunks of epochs"
    for rule in case.rules:
        if rule.chunk_limit() is None:
            return f"the stop rule {type(rule).__name__} cannot be checked inside a chunk of epochs"
    return None


def kernels(net) -> object:
    """The compiled module for one network of ``net``'s architecture: its shape as the constants
    ``SIZES``, ``WOFF``, ``CUM`` and ``ACTS``, ``act``/``dact`` written from each activation's
    scalar forms, and :mod:`bpnn.engines._gdloop`'s ``loss_and_grad`` and ``chunk``, compiled by
    numba (about two seconds the first time an architecture is trained; cached on disk after).

    The module's text is written to a file named by its hash in bpnn's cache folder
    (``BPNN_CACHE_DIR``, else ``~/.cache/bpnn``, else the temporary folder), so that numba
    caches its machine code beside it and later processes load it instead of compiling.
    """
    from . import _gdloop

    sizes = tuple(int(s) for s in net.sizes)
    key = ("one", sizes, tuple(f.scalar for f in net.activations))
    if key not in _modules:
        forms = tuple(dict.fromkeys(f.scalar for f in net.activations))
        woff, cum = _shape(net)
        shape = [f"SIZES = {sizes}", f"WOFF = {tuple(woff)}", f"CUM = {tuple(cum)}",
                 f"ACTS = {tuple(forms.index(f.scalar) for f in net.activations)}"]
        text = _text(shape, [("act", "dact", forms)], [], (_gdloop.loss_and_grad, _gdloop.chunk))
        name = "bpnn_epoch_" + hashlib.sha256(text.encode()).hexdigest()[:16]
        _modules[key] = _import(name, _write(name, text))
    return _modules[key]


def stack_kernels(activations) -> object:
    """The compiled module for stacks of networks with these activations (any sizes, any order):
    ``vact``/``vdact`` (and their passes over rows) written from each activation's vector forms
    (else its scalar forms), the functions those call (:data:`bpnn.core.activations.SCALAR_HELPERS`),
    the optimisers' compiled steps (:mod:`bpnn.optimizers._compiled`) and
    :mod:`bpnn.engines._gdloop`'s stack functions; cached like :func:`kernels`."""
    key = ("stack", _stack_forms(activations))
    if key not in _modules:
        _modules[key] = _import(*_stack_text(key[1], write=True))
    return _modules[key]


def _stack_forms(activations) -> tuple:
    """The stack module's activation forms, each once, in a fixed order (the module is the same for
    [tanh, linear] and [linear, tanh, tanh])."""
    return tuple(sorted(set(f.vector or f.scalar for f in activations)))


def _stack_text(forms, write: bool = False):
    """The stack module's name and its file (written if ``write``; None if it is not there)."""
    from ..core.activations import SCALAR_HELPERS
    from ..optimizers import _compiled as steps
    from . import _gdloop

    text = _text([], [("vact", "vdact", forms)], SCALAR_HELPERS,
                 (steps._rprop_kernel, steps._adam_kernel, steps.stack_step, steps.adaptive_accept,
                  _gdloop.add_input_times, _gdloop.stack_epoch, _gdloop.stack_chunk,
                  _gdloop.stack_loss_and_grad), rows=True)
    name = "bpnn_epoch_" + hashlib.sha256(text.encode()).hexdigest()[:16]
    return name, (_write(name, text) if write else _find(name, text))


def stack_ready(activations) -> bool:
    """Whether the stack's kernels for these activations are compiled already: in this process, or in
    numba's cache on disk (its index file beside the generated module)."""
    forms = _stack_forms(activations)
    module = _modules.get(("stack", forms))
    if module is not None and module.stack_chunk.signatures:
        return True
    path = _stack_text(forms)[1]
    return path is not None and any(path.parent.glob(f"__pycache__/{path.stem}.stack_chunk-*.nbi"))


def _shape(net):
    """Where each layer's [W; b] starts in θ, and where each a⁽ˡ⁾ starts (in rows)."""
    sizes = [int(s) for s in net.sizes]
    woff = np.concatenate([[0], np.cumsum([(i + 1) * o for i, o in zip(sizes[:-1], sizes[1:])])])[:-1]
    cum = np.concatenate([[0], np.cumsum(sizes)])
    return [int(v) for v in woff], [int(v) for v in cum]


def _text(shape, functions, helpers, fns, rows: bool = False) -> str:
    """A module's text: ``shape`` lines, f and f' functions ``(f_name, df_name, forms)`` numbered by
    form (and, with ``rows``, ``f_name_rows``/``df_name_rows`` over rows of a buffer), the
    ``helpers`` and ``fns`` by their source, each under ``@jit``."""
    lines = ["# generated by bpnn.engines.compiled from the activations' own forms, bpnn.engines._gdloop and",
             "# bpnn.optimizers._compiled", "import math", "import numba", "import numpy as np", "",
             "jit = numba.njit(cache=True, nogil=True, error_model=\"numpy\")", "", *shape]
    for fn in helpers:
        lines += ["", "", "@jit", inspect.getsource(fn).rstrip()]
    for f_name, df_name, forms in functions:
        for name, arg, pick in ((f_name, "z", 0), (df_name, "a", 1)):
            lines += ["", "", "@jit", f"def {name}(code, {arg}):"]
            lines += [f"    if code == {c}:\n        return {form[pick]}" for c, form in enumerate(forms)]
            lines += [f"    return {arg} * math.nan"]
        if rows:            # the same over rows r of (rows, K) buffers, the choice outside the loops (SIMD)
            lines += ["", "", "@jit", f"def {f_name}_rows(code, buf, start, stop):"]
            for c, form in enumerate(forms):
                lines += [f"    if code == {c}:", "        for r in range(start, stop):", "            row = buf[r]",
                          "            for k in range(row.size):", "                z = row[k]",
                          f"                row[k] = {form[0]}"]
            lines += ["", "", "@jit", f"def {df_name}_rows(code, dbuf, abuf, start, stop):"]
            for c, form in enumerate(forms):
                lines += [f"    if code == {c}:", "        for r in range(start, stop):",
                          "            d, arow = dbuf[r], abuf[r]", "            for k in range(d.size):",
                          "                a = arow[k]", f"                d[k] *= {form[1]}"]
    for fn in fns:
        lines += ["", "", "@jit", inspect.getsource(fn).rstrip()]
    return "\n".join(lines) + "\n"


def _import(name: str, path: Path):
    """Import the generated module ``name`` from ``path``."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _folders() -> list:
    return [f for f in (os.environ.get("BPNN_CACHE_DIR"), os.path.join(os.path.expanduser("~"), ".cache", "bpnn"),
            os.path.join(tempfile.gettempdir(), f"bpnn-{os.getuid() if hasattr(os, 'getuid') else 'user'}")) if f]


def _find(name: str, text: str) -> Path | None:
    """The generated module's file where :func:`_write` would put it, if it is there with this text."""
    for folder in _folders():
        path = Path(folder) / f"{name}.py"
        try:
            if path.is_file() and path.read_text() == text:
                return path
        except OSError:
            continue
    return None


def _write(name: str, text: str) -> Path:
    """The generated module's file, written once (atomically) into the first writable cache folder."""
    found = _find(name, text)
    if found is not None:
        return found
    for folder in _folders():
        path = Path(folder) / f"{name}.py"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text)
            os.replace(tmp, path)
            return path
        except OSError:
            continue
    raise BPNNError("the compiled engine found no writable folder for its kernels; set BPNN_CACHE_DIR "
                    "to one, or train with engine='buffered'")


class GDLoop:
    """Chunks of full-batch gradient-descent steps of one network, compiled.

    Parameters
    ----------
    net : Network
        Its θ is updated in place.
    X, T : ndarray
    loss : Loss
        A least-squares loss (E = s·Σe², BP1: δ = 2s·e ⊙ f').
    lr : float
    explosion : float
        A loss this many times the first one (or 1) counts as divergence.

    Examples
    --------
    >>> import bpnn
    >>> from bpnn.engines.compiled import GDLoop, available
    >>> X, T = bpnn.sin_data()
    >>> net = bpnn.article_network()
    >>> from bpnn.training.stopping import MaxEpochs
    >>> loop = GDLoop(net, X, T, bpnn.get_loss("mse"), lr=0.01, explosion=1e8) if available() else None
    >>> if loop is not None:
    ...     done, how = loop.run(0, 3, [MaxEpochs(5000)])
    ...     print(done, round(float(loop.losses[0]), 4))
    ... else:
    ...     print(3, 18.0275)
    3 18.0275
    """

    def __init__(self, net, X, T, loss, lr: float, explosion: float) -> None:
        self._chunk = kernels(net).chunk
        self.net, self.lr, self.explosion = net, float(lr), float(explosion)
        self.abuf, self.dbuf, self.T, self.n, self.scale = _buffers(net, X, T, loss)
        self.grad = np.zeros(net.n_params, dtype=net.dtype)
        self.best = net.theta.copy()
        self.best_loss = np.array([np.inf])
        self.best_epoch = np.zeros(1, dtype=np.int64)
        self.limit = np.array([-1.0])                          # set from the first loss
        self.losses = np.empty(0)
        self.gnorms = np.empty(0)

    def run(self, epoch: int, steps: int, rules, measure_only: bool = False) -> tuple[int, int]:
        """Run epochs ``epoch``… for at most ``steps`` steps under the stop rules ``rules``.

        Each epoch measures E and ‖∇E‖ into ``self.losses`` / ``self.gnorms``,
        checks divergence, keeps the best weights, applies each rule's limit
        inside the chunk (``rule.chunk_limit()``: the epochs, goal and
        min_grad rules; the time rule is the caller's, between chunks) and,
        unless one fired (or ``measure_only``), takes the step.  Returns
        (epochs measured, RAN | STOPPED | DIVERGED).
        """
        limits = chunk_limits(rules)
        if len(self.losses) < steps:
            self.losses, self.gnorms = np.empty(steps), np.empty(steps)
        done, how = self._chunk(self.net.theta, self.abuf, self.dbuf, self.T, self.n, self.scale, self.lr,
                                self.explosion, epoch, steps, limits["epochs"], limits["goal"], limits["min_grad"],
                                measure_only, self.grad, self.best, self.best_loss, self.best_epoch, self.limit,
                                self.losses, self.gnorms)
        return int(done), int(how)


def _buffers(net, X, T, loss):
    """The compiled epoch's flat buffers: a⁽⁰⁾ … a⁽ᴸ⁾ row-major one after another (X in a⁽⁰⁾),
    δ⁽ˡ⁾ at the same offsets, T flat, n, and BP1's factor 2s of E = s·Σe²."""
    n, dt = X.shape[0], net.dtype
    abuf = np.zeros(n * sum(net.sizes), dtype=dt)
    abuf[: n * net.sizes[0]] = np.ascontiguousarray(X, dtype=dt).ravel()
    scale = 2 * loss.residual_scale(n * int(net.sizes[-1]))            # δ = 2s·e for E = s·Σe²
    return abuf, np.zeros_like(abuf), np.ascontiguousarray(T, dtype=dt).ravel(), n, scale


class StackLoop:
    """Chunks of full-batch epochs of a stack of networks (restarts), each trained on its own with
    its algorithm's compiled step: gd, gdm, Adam, iRprop+, gda or gdx (``opt.compiled_step``).

    Each network runs the same epoch as :class:`GDLoop` — E, ‖∇E‖, divergence, its best weights,
    the stop rules' limits — and stops on its own, as the training loop stops the networks of a
    stack; a stopped network is held still.  The algorithm's state is the loop's own
    ``opt_state`` (its arrays are updated in place).  :meth:`run` returns, per network, the
    epochs measured and how its chunk ended; ``losses``, ``gnorms`` and ``rates`` (the learning
    rate each epoch's step used) are (K, steps).

    Examples
    --------
    >>> import bpnn
    >>> from bpnn.optimizers import get_optimizer
    >>> from bpnn.training.stopping import MaxEpochs
    >>> X, T = bpnn.sin_data()
    >>> net, opt = bpnn.Network([1, 4, 1], seed=0, stack=3), get_optimizer("rprop")
    >>> loop = StackLoop(net, X, T, bpnn.get_loss("mse"), opt, opt.init(net.theta), 1e8) if available() else None
    >>> if loop is not None:
    ...     done, how = loop.run(0, 5, [MaxEpochs(3)], np.ones(3, dtype=bool))
    ...     print(done.tolist(), how.tolist())
    ... else:
    ...     print([4, 4, 4], [1, 1, 1])
    [4, 4, 4] [1, 1, 1]
    """

    def __init__(self, net, X, T, loss, opt, opt_state: dict, explosion: float) -> None:
        module = stack_kernels(net.activations)
        self._chunk, self._grads = module.stack_chunk, module.stack_loss_and_grad
        forms = _stack_forms(net.activations)
        self.shape = tuple(np.array(v, dtype=np.int64) for v in
                           (net.sizes, *_shape(net), [forms.index(f.vector or f.scalar) for f in net.activations]))
        self.theta = net.theta                                 # (K, p), updated in place
        K, p = self.theta.shape
        self.opt, self.state, self.explosion = opt, opt_state, float(explosion)
        self.algo = STACK_STEPS.index(opt.compiled_step) if opt is not None else 0
        dt, n = net.dtype, X.shape[0]
        self.n, self.scale = n, 2 * loss.residual_scale(n * int(net.sizes[-1]))   # δ = 2s·e for E = s·Σe²
        self.X, self.T = (np.ascontiguousarray(A, dtype=dt).ravel() for A in (X, T))
        self.abuf = np.zeros((n * sum(net.sizes[1:]), K), dtype=dt)   # a⁽¹⁾ … a⁽ᴸ⁾, the networks on the last axis
        self.dbuf = np.zeros_like(self.abuf)
        self.TH, self.GT = np.zeros((p, K), dtype=dt), np.zeros((p, K), dtype=dt)
        self.grad, self.trial = np.zeros((K, p), dtype=dt), np.zeros((K, p), dtype=dt)
        self.E, self.E_try, self.scratch = np.zeros(K), np.zeros(K), np.zeros(1)
        self.best = self.theta.copy()
        self.best_loss = np.full(K, np.inf)
        self.best_epoch = np.zeros(K, dtype=np.int64)
        self.limit = np.full(K, -1.0)                          # set from each network's first loss
        self.done, self.how = np.zeros(K, dtype=np.int64), np.zeros(K, dtype=np.int64)
        self.losses = self.gnorms = self.rates = np.empty((K, 0))
        self.H, self.arrays, self.R = _step_form(opt, opt_state, K, self.theta) if opt is not None else (None,) * 3

    def run(self, epoch: int, steps: int, rules, active: np.ndarray, measure_only: bool = False):
        """Run epochs ``epoch``… of the ``active`` networks for at most ``steps`` steps under the stop
        rules: returns (epochs measured, RAN | STOPPED | DIVERGED), each of shape (K,)."""
        limits = chunk_limits(rules)
        K = self.theta.shape[0]
        if self.losses.shape[1] < steps:
            self.losses, self.gnorms, self.rates = (np.empty((K, steps)) for _ in range(3))
        self._chunk(*self.shape, self.theta, self.TH, self.abuf, self.dbuf, self.X, self.T, self.n, self.scale, self.algo, self.H,
                    *self.arrays, self.R, self.explosion, epoch, steps, limits["epochs"], limits["goal"],
                    limits["min_grad"], measure_only, np.ascontiguousarray(active, dtype=np.bool_), self.GT,
                    self.grad, self.trial, self.E, self.E_try, self.scratch, self.best, self.best_loss,
                    self.best_epoch, self.limit, self.losses, self.gnorms, self.rates, self.done, self.how)
        if self.opt.compiled_step == "rprop":
            self.state["E_prev"] = self.R.copy()
        elif self.opt.compiled_step == "adam":                   # the steps taken (every network steps each epoch)
            self.state["t"] = epoch + int(self.done.max())
        elif self.opt.compiled_step == "gda":
            np.copyto(self.state["lr"], self.R)
        return self.done, self.how

    def loss_and_grad(self):
        """E (K,) and ∂E/∂θ (K, p) of every network at its current θ, by the compiled epoch."""
        E, G = np.empty(self.theta.shape[0]), np.empty_like(self.theta)
        self._grads(*self.shape, self.theta, self.TH, self.abuf, self.dbuf, self.X, self.T, self.n, self.scale, self.GT, E, G)
        return E, G


def _step_form(opt, state: dict, K: int, theta):
    """The algorithm's constants H, its (K, p) state arrays (three, unused ones empty) and its
    per-network value R, as :func:`bpnn.optimizers._compiled.stack_step` takes them (the arrays are
    ``state``'s own)."""
    name, spare = opt.compiled_step, np.zeros((K, 0), dtype=theta.dtype)
    if name == "gd":
        return np.array([state["lr"]], dtype=float), (spare, spare, spare), np.zeros(K)
    if name == "gdm":
        return np.array([state["lr"], opt.mc, float(opt.nesterov)]), (state["v"], spare, spare), np.zeros(K)
    if name == "adam":
        return np.array([state["lr"], opt.beta1, opt.beta2, opt.eps]), (state["m"], state["v"], spare), np.zeros(K)
    if name == "rprop":
        return (np.array([opt.delt_inc, opt.delt_dec, opt.deltamin, opt.deltamax]),
                (state["delta"], state["g_prev"], state["step_prev"]), state["E_prev"].astype(float))
    return (np.array([opt.mc, opt.lr_dec, opt.lr_inc, opt.max_perf_inc]), (state["v"], spare, spare),
            np.array(state["lr"], dtype=float))
