"""The compiled engine: one network's whole epoch in numba (``pip install ".[fast]"`` from a clone).

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

f and f' are not retyped here: each activation's own scalar forms
(``Activation.scalar``) are written into the compiled module (:func:`kernels`).
The tests hold its trajectory equal to the reference engine's (1e-10 relative
over the article's 5000 steps) for every activation × least-squares loss × depth.

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
from .chunks import DIVERGED, RAN, STOPPED, chunk_limits  # noqa: F401  (how a chunk ends; re-exported)

#: networks larger than this gain little from it: their time goes into arithmetic, which NumPy does well
MAX_WEIGHTS = 2000
_modules: dict = {}                         # compiled kernel modules, by their activations' scalar forms


def available() -> bool:
    """True when numba is installed and compiled code is enabled."""
    return _numba.available()


def declines(case) -> str | None:
    """Why the compiled engine cannot train ``case`` (a :class:`bpnn.engines.select.Case`), or None."""
    net, opt, loss = case.net, case.opt, case.loss
    if not available():
        return _numba.unavailable_reason()
    if net.n_stack is not None:
        return f"it runs one network, and this is a stack of {net.n_stack}"
    if not case.full_batch:
        return "it runs full-batch epochs, and this trains on minibatches"
    if case.distributed:
        return "its chunks of epochs run in one process, and the rows are on workers"
    if opt.compiled_step != "gd":
        return f"its compiled epoch ends with gradient descent's update, and the algorithm is {opt.name}"
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


def kernels(activations) -> object:
    """The compiled module for networks with these activations: ``act``/``dact`` written from each
    activation's scalar forms, then :mod:`bpnn.engines._gdloop`'s functions, compiled by numba.

    The module's text is written to a file named by its hash in bpnn's cache folder
    (``BPNN_CACHE_DIR``, else ``~/.cache/bpnn``, else the temporary folder), so that numba
    caches its machine code beside it and later processes load it instead of compiling.
    Returns the module and the code of each activation in it.
    """
    forms = tuple(dict.fromkeys(f.scalar for f in activations))
    module = _modules.get(forms)
    if module is None:
        from . import _gdloop

        lines = ["# generated by bpnn.engines.compiled from Activation.scalar forms and bpnn.engines._gdloop",
                 "import math", "import numba", "import numpy as np", "",
                 "jit = numba.njit(cache=True, nogil=True)", ""]
        for name, arg, pick in (("act", "z", 0), ("dact", "a", 1)):
            lines += ["", "@jit", f"def {name}(code, {arg}):"]
            lines += [f"    if code == {c}:\n        return {form[pick]}" for c, form in enumerate(forms)]
            lines += [f"    return {arg} * math.nan"]
        for fn in (_gdloop.loss_and_grad, _gdloop.chunk):
            lines += ["", "", "@jit", inspect.getsource(fn).rstrip()]
        text = "\n".join(lines) + "\n"
        name = "bpnn_epoch_" + hashlib.sha256(text.encode()).hexdigest()[:16]
        path = _write(name, text)
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        _modules[forms] = module
    return module, {form: c for c, form in enumerate(forms)}


def _write(name: str, text: str) -> Path:
    """The generated module's file, written once (atomically) into the first writable cache folder."""
    folders = [os.environ.get("BPNN_CACHE_DIR"), os.path.join(os.path.expanduser("~"), ".cache", "bpnn"),
               os.path.join(tempfile.gettempdir(), f"bpnn-{os.getuid() if hasattr(os, 'getuid') else 'user'}")]
    for folder in filter(None, folders):
        path = Path(folder) / f"{name}.py"
        try:
            if path.is_file() and path.read_text() == text:
                return path
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
        module, codes = kernels(net.activations)
        self._chunk = module.chunk
        self.net, self.lr, self.explosion = net, float(lr), float(explosion)
        dt = net.dtype
        sizes = np.asarray(net.sizes, dtype=np.int64)
        self.sizes = sizes
        self.woff = np.zeros(len(sizes) - 1, dtype=np.int64)
        start = 0
        for l in range(len(sizes) - 1):
            self.woff[l] = start
            start += (sizes[l] + 1) * sizes[l + 1]
        n = X.shape[0]
        self.aoff = np.zeros(len(sizes), dtype=np.int64)
        total = 0
        for l, s in enumerate(sizes):
            self.aoff[l] = total
            total += n * int(s)
        self.abuf = np.zeros(total, dtype=dt)                 # a⁽⁰⁾ … a⁽ᴸ⁾, row-major, one after another
        self.abuf[: n * sizes[0]] = np.ascontiguousarray(X, dtype=dt).ravel()
        self.dbuf = np.zeros(total, dtype=dt)                 # δ⁽ˡ⁾ at the same offsets
        self.T = np.ascontiguousarray(T, dtype=dt).ravel()
        self.acts = np.array([codes[f.scalar] for f in net.activations], dtype=np.int64)
        self.scale = 2 * loss.residual_scale(n * int(sizes[-1]))      # δ = 2s·e for E = s·Σe²
        self.n = n
        self.grad = np.zeros(net.n_params, dtype=dt)
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
        done, how = self._chunk(self.net.theta, self.abuf, self.dbuf, self.T, self.sizes, self.woff, self.aoff,
                           self.acts, self.n, self.scale, self.lr, self.explosion, epoch, steps,
                           limits["epochs"], limits["goal"], limits["min_grad"], measure_only, self.grad, self.best, self.best_loss, self.best_epoch,
                           self.limit, self.losses, self.gnorms)
        return int(done), int(how)
