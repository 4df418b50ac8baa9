"""An optional compiled training loop for tiny networks (``pip install bpnn[fast]``: numba).

For a network of a few dozen weights, one step of full-batch gradient descent
is a few hundred floating-point operations; with NumPy each of its dozen
array operations costs a microsecond of call overhead, so the loop is all
overhead.  Here the whole step — forward pass, loss, BP1–BP4, the update —
is one compiled function, and a *chunk* of steps runs without returning to
Python.  Between chunks the Python loop in :func:`bpnn.training.loop._train_plain`
keeps every behaviour of the NumPy loop: the training record, the stop rules
and their reasons, divergence handling that keeps the best weights, Ctrl-C
and the progress bar.  Two differences, both documented in
``docs/performance.md``: the time stop rule and Ctrl-C act at the end of a
chunk (chunks last about a millisecond), and ``record.time`` of the epochs
inside a chunk is interpolated between the chunk's start and end.

Used for: one network (no stack), full batch, ``gd``, mse or sse, hidden and
output activations tanh / sigmoid / linear / relu / leaky_relu, no callback,
validation, test or schedule, at most :data:`MAX_WEIGHTS` weights.  Anything
else takes the NumPy path.  The code below is BP1–BP4 of
:mod:`bpnn.core.backprop`, written out as loops; the tests hold its loss
trajectory equal to the reference's (1e-10 relative over the article's 5000
steps) for every supported activation × loss × depth.

A float32 network keeps its weights and activations in float32; the sums
inside one step are accumulated in float64 (the NumPy path accumulates in
float32), so its trajectory differs from the NumPy one by float32 rounding.

``BPNN_COMPILED=0`` in the environment, or ``bpnn.engines.compiled.ENABLED = False``,
turns it off.
"""

from __future__ import annotations

import os

import numpy as np

from ..core.losses import get_loss


#: use the compiled loop at all (the environment variable BPNN_COMPILED=0 turns it off)
ENABLED = os.environ.get("BPNN_COMPILED", "1").strip() not in ("0", "false", "no", "off")
#: networks larger than this gain little from it: their time goes into arithmetic, which NumPy does well
MAX_WEIGHTS = 2000
CODES = {"linear": 0, "tanh": 1, "sigmoid": 2, "relu": 3, "leaky_relu": 4}
RAN, STOPPED, DIVERGED = 0, 1, 2           # how a chunk ended

_chunk = None                               # the compiled function, built on first use
_numba_installed = None                     # whether numba imports (looked up on first use)
_gdloop = None                              # bpnn.engines._gdloop, imported on first use


def available() -> bool:
    """True when numba is installed and the compiled loop is enabled."""
    global _numba_installed
    if not ENABLED:
        return False
    if _numba_installed is None:                # looked up once: this is asked on every step
        try:
            import numba  # noqa: F401
            _numba_installed = True
        except ImportError:
            _numba_installed = False
    return _numba_installed


def supports(net, loss_name: str, opt) -> bool:
    """Whether the compiled loop can train this network with this loss and algorithm."""
    from ..optimizers.gd import GradientDescent

    return (type(opt) is GradientDescent and loss_name in ("mse", "sse") and net.n_stack is None
            and net.n_params <= MAX_WEIGHTS and all(f.name in CODES for f in net.activations)
            and available())


class GDLoop:
    """Chunks of full-batch gradient-descent steps of one network, compiled.

    Parameters
    ----------
    net : Network
        Its θ is updated in place.
    X, T : ndarray
    loss_name : {"mse", "sse"}
    lr : float
    explosion : float
        A loss this many times the first one (or 1) counts as divergence.

    Examples
    --------
    >>> import bpnn
    >>> from bpnn.engines.compiled import GDLoop, available
    >>> X, T = bpnn.sin_data()
    >>> net = bpnn.article_network()
    >>> loop = GDLoop(net, X, T, "mse", lr=0.01, explosion=1e8) if available() else None
    >>> if loop is not None:
    ...     done, how = loop.run(0, 3, max_epochs=5000, goal=0.0, min_grad=0.0)
    ...     print(done, round(float(loop.losses[0]), 4))
    ... else:
    ...     print(3, 18.0275)
    3 18.0275
    """

    def __init__(self, net, X, T, loss_name: str, lr: float, explosion: float) -> None:
        global _chunk
        if _chunk is None:
            _chunk = _build()
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
        self.acts = np.array([CODES[f.name] for f in net.activations], dtype=np.int64)
        self.scale = 2 * get_loss(loss_name).residual_scale(n * int(sizes[-1]))      # δ = 2s·e for E = s·Σe²
        self.n = n
        self.grad = np.zeros(net.n_params, dtype=dt)
        self.best = net.theta.copy()
        self.best_loss = np.array([np.inf])
        self.best_epoch = np.zeros(1, dtype=np.int64)
        self.limit = np.array([-1.0])                          # set from the first loss
        self.losses = np.empty(0)
        self.gnorms = np.empty(0)

    def run(self, epoch: int, steps: int, max_epochs: int, goal: float, min_grad: float,
            measure_only: bool = False) -> tuple[int, int]:
        """Run epochs ``epoch``… for at most ``steps`` steps.

        Each epoch measures E and ‖∇E‖ into ``self.losses`` / ``self.gnorms``,
        checks divergence, keeps the best weights, checks the epochs / goal /
        min_grad rules and, unless one fired (or ``measure_only``), takes the
        step.  Returns (epochs measured, RAN | STOPPED | DIVERGED).
        """
        if len(self.losses) < steps:
            self.losses, self.gnorms = np.empty(steps), np.empty(steps)
        done, how = _chunk(self.net.theta, self.abuf, self.dbuf, self.T, self.sizes, self.woff, self.aoff,
                           self.acts, self.n, self.scale, self.lr, self.explosion, epoch, steps, max_epochs,
                           goal, min_grad, measure_only, self.grad, self.best, self.best_loss, self.best_epoch,
                           self.limit, self.losses, self.gnorms)
        return int(done), int(how)


#: Seconds a process spends the first time it uses a compiled step: importing numba and loading
#: the step's machine code from numba's cache (measured here: 0.6–0.9 s; 1–2 s when it compiles).
LOAD_SECONDS = 1.0
#: Seconds saved per step by each compiled step over its NumPy code: (per step, per array element),
#: measured here (docs/performance.md): the fused gd update + sum saves about 0.9 ns per weight
#: (0.40 → 0.22 ms on MNIST's 203k, which now steps inside its products instead); the Rprop step
#: about 15 µs plus 12 ns per weight.
SAVINGS = {"gd": (0.0, 0.9e-9), "rprop": (15e-6, 12e-9)}
_warm: set = set()                          # steps already loaded in this process (nothing left to pay)


def pays_off(name: str, steps: int, values: int) -> bool:
    """Whether the compiled step ``name`` ("gd" or "rprop") is worth loading for a run of at most
    ``steps`` steps over ``values`` weights (K·p): always once it is loaded in this process, else
    only when the time it saves, ``steps × (a + b·values)`` (:data:`SAVINGS`), exceeds
    :data:`LOAD_SECONDS`.  A short run keeps the NumPy step and never imports numba: one Rprop
    run of 1000 epochs saves about 20 ms with it, and would pay a second to load it.

    Examples
    --------
    The time saved by 1000 Rprop epochs of the article's network, and by 200
    minibatch-gd epochs of 400 steps each of a network of 15 000 weights (a
    larger one steps inside its matrix products instead,
    :func:`bpnn.engines.buffered.descends`):

    >>> a, b = SAVINGS["rprop"]
    >>> round(1000 * (a + b * 13), 3)                     # seconds: not worth loading
    0.015
    >>> a, b = SAVINGS["gd"]
    >>> round(200 * 400 * (a + b * 15_000), 2)           # seconds: worth it
    1.08
    """
    if name not in SAVINGS:
        return False
    if name in _warm:
        return available()
    per_step, per_value = SAVINGS[name]
    return steps * (per_step + per_value * values) > LOAD_SECONDS and available()   # (available imports numba)


def gd_step_and_sum(theta: np.ndarray, grad: np.ndarray, total: np.ndarray, lr) -> bool:
    """θ ← θ − lr·grad and total ← total + grad in one compiled pass over the arrays.

    The minibatch loop's gradient-descent step and its sum of the epoch's
    gradients, each of which would otherwise read a weight-sized gradient
    that the matrix products have just pushed out of cache.  Element by
    element the same arithmetic as NumPy's ``total += grad`` and
    ``theta -= lr * grad`` (the tests hold them bit-equal).

    Returns
    -------
    bool
        False, with nothing done, where the compiled pass does not apply
        (numba missing or turned off, a per-network lr, an lr whose NumPy
        type would change the rounding, arrays of another shape or dtype
        than θ, or not contiguous): then the caller does it with NumPy.

    Examples
    --------
    >>> theta, grad, total = np.ones((1, 3)), np.full((1, 3), 2.0), np.zeros((1, 3))
    >>> if not gd_step_and_sum(theta, grad, total, 0.25):
    ...     total += grad; theta -= 0.25 * grad
    >>> theta, total
    (array([[0.5, 0.5, 0.5]]), array([[2., 2., 2.]]))
    """
    if not (available() and _same_rounding(lr, theta) and _like(theta, grad, total)):
        return False
    _steps().step_and_sum(theta.reshape(-1), grad.reshape(-1), total.reshape(-1), theta.dtype.type(lr))
    _warm.add("gd")
    return True


def rprop_step(opt, theta: np.ndarray, grad: np.ndarray, state: dict, worse: np.ndarray) -> bool:
    """One iRprop+ step of ``opt`` (:class:`bpnn.optimizers.rprop.Rprop`) in one compiled pass.

    Its NumPy code makes about twenty passes over weight-sized arrays, each a
    microsecond of call overhead for a small network; here it is one loop.
    The same arithmetic in the same types (the tests hold the two bit-equal).

    Returns
    -------
    bool
        False, with nothing done, where it does not apply (numba missing or
        turned off, a gradient or state array of another shape or dtype than
        θ, or not contiguous): the caller then takes the NumPy path.
    """
    if not (available() and _like(theta, grad, state["delta"], state["g_prev"], state["step_prev"])
            and worse.shape == theta.shape[:1]):
        return False
    cast = theta.dtype.type
    _steps().rprop_step(theta, grad, state["delta"], state["g_prev"], state["step_prev"], worse,
                        opt.delt_inc, opt.delt_dec, cast(opt.deltamin), cast(opt.deltamax))
    _warm.add("rprop")
    return True


def _like(theta: np.ndarray, *arrays: np.ndarray) -> bool:
    """θ and every array have one shape and dtype and are C-contiguous (the compiled loops index
    them as such, without bounds checks)."""
    shape, dtype = theta.shape, theta.dtype
    if not theta.flags.c_contiguous:
        return False
    for a in arrays:
        if a.shape != shape or a.dtype != dtype or not a.flags.c_contiguous:
            return False
    return True


def _steps():
    """The module of compiled steps (:mod:`bpnn.engines._gdloop`), imported on first use (it needs numba)."""
    global _gdloop
    if _gdloop is None:
        from . import _gdloop as module

        _gdloop = module
    return _gdloop


def _same_rounding(lr, theta: np.ndarray) -> bool:
    """Whether NumPy computes ``lr * grad`` in θ's dtype: for a Python number (NumPy casts it to θ's
    dtype) or a NumPy scalar of that dtype; not for a per-network array, nor for a float64 scalar
    with a float32 θ (then NumPy computes in float64)."""
    if type(lr) in (int, float):
        return True
    return isinstance(lr, np.generic) and lr.dtype == theta.dtype


def _build():
    """The compiled chunk function (numba compiles it once and caches it on disk)."""
    from ._gdloop import chunk

    return chunk
