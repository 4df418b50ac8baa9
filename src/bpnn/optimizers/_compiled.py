"""Optimiser steps compiled with numba (``pip install ".[fast]"`` from a clone), for the steps that pay.

Three steps make many passes over weight-sized arrays in NumPy, each a
microsecond of call overhead for a small network: gradient descent's update
with the minibatch loop's sum of gradients, iRprop+ and Adam.  Here each is one
loop, in the same operations and types as its NumPy code (the tests hold the
two bit-equal).  Whether a run uses them is decided with the engine, in
:func:`bpnn.engines.select.select` (``Choice.compiled_steps``), from
:func:`pays_off`; the optimiser then calls :func:`gd_step_and_sum`,
:func:`rprop_step` or :func:`adam_step`, which return False (nothing done)
where they do not apply.
"""

from __future__ import annotations

import numpy as np

from .. import _numba

_compiled_kernels = None                    # the jitted kernels, built on first use


def available() -> bool:
    """True when numba is installed and compiled code is enabled."""
    return _numba.available()


#: Seconds a process spends the first time it uses a compiled step: importing numba and loading
#: the step's machine code from numba's cache (measured here: 0.6–0.9 s; 1–2 s when it compiles).
LOAD_SECONDS = 1.0
#: Seconds saved per step by each compiled step over its NumPy code: (per step, per array element),
#: measured here (docs/performance.md): the fused gd update + sum saves about 0.9 ns per weight
#: (0.40 → 0.22 ms on MNIST's 203k, which now steps inside its products instead); the Rprop step
#: about 15 µs plus 12 ns per weight; the Adam step about 5 µs plus 1.0 ns per float32 weight (2.2 ns
#: per float64 one; 122 → 44 µs on letters' 76 826, 448 → 157 µs on its committee of four).
SAVINGS = {"gd": (0.0, 0.9e-9), "rprop": (15e-6, 12e-9), "adam": (5e-6, 1.0e-9)}
_warm: set = set()                          # steps already loaded in this process (nothing left to pay)


def pays_off(name: str, steps: int, values: int) -> bool:
    """Whether the compiled step ``name`` ("gd", "rprop" or "adam") is worth loading for a run of at most
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
    return steps * (per_step + per_value * values) > LOAD_SECONDS and _numba.load()


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
    _kernels().step_and_sum(theta.reshape(-1), grad.reshape(-1), total.reshape(-1), theta.dtype.type(lr))
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
    _kernels().rprop_step(theta, grad, state["delta"], state["g_prev"], state["step_prev"], worse,
                        opt.delt_inc, opt.delt_dec, cast(opt.deltamin), cast(opt.deltamax))
    _warm.add("rprop")
    return True


def adam_step(opt, theta: np.ndarray, grad: np.ndarray, state: dict) -> bool:
    """One Adam step of ``opt`` (:class:`bpnn.optimizers.adam.Adam`) in one compiled pass, its step
    number ``state["t"]`` already counted.

    Its NumPy code makes ten passes over weight-sized arrays (0.25 ms a step
    for letters' 76 826 float32 weights); here it is one loop, in the same
    operations, order and types (:func:`_adam_kernel`; the tests hold the two
    bit-equal).

    Returns
    -------
    bool
        False, with nothing done, where it does not apply (numba missing or
        turned off, a rate per network or one whose NumPy type would change
        the rounding, state arrays of another shape or dtype than θ, or not
        contiguous): the caller then takes the NumPy path.
    """
    lr, m, v = state["lr"], state["m"], state["v"]
    if not (available() and all(_same_rounding(c, theta) for c in (lr, opt.beta1, opt.beta2, opt.eps))
            and _like(theta, grad, m, v)):
        return False
    cast, b1, b2, t = theta.dtype.type, opt.beta1, opt.beta2, state["t"]
    _kernels().adam_step(theta.reshape(-1), grad.reshape(-1), m.reshape(-1), v.reshape(-1), cast(b1), cast(1 - b1),
                         cast(b2), cast(1 - b2), cast(1 - b1 ** t), cast(1 - b2 ** t), cast(opt.eps), cast(lr))
    _warm.add("adam")
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


def _kernels():
    """The compiled kernels (numba's, cached on disk), built on first use."""
    global _compiled_kernels
    if _compiled_kernels is None:
        import numba

        jit = numba.njit(cache=True, nogil=True)
        # Adam divides: NumPy's error model (x/0 is inf, not an exception) lets its loop vectorise, 41
        # against 318 µs a step for 76 826 float32 weights; the same bits either way
        divides = numba.njit(cache=True, nogil=True, error_model="numpy")
        _compiled_kernels = type("kernels", (), {"step_and_sum": staticmethod(jit(_step_and_sum_kernel)),
                                                  "rprop_step": staticmethod(jit(_rprop_kernel)),
                                                  "adam_step": staticmethod(divides(_adam_kernel))})
    return _compiled_kernels


def _same_rounding(lr, theta: np.ndarray) -> bool:
    """Whether NumPy computes ``lr * grad`` in θ's dtype: for a Python number (NumPy casts it to θ's
    dtype) or a NumPy scalar of that dtype; not for a per-network array, nor for a float64 scalar
    with a float32 θ (then NumPy computes in float64)."""
    if type(lr) in (int, float):
        return True
    return isinstance(lr, np.generic) and lr.dtype == theta.dtype


# -- the kernels (plain Python; numba compiles them in _kernels) ------------------

def _step_and_sum_kernel(theta, grad, total, lr):
    """θ ← θ − η·g and total ← total + g, in one pass over flat arrays (η in θ's dtype, so that
    each element is rounded as NumPy's ``theta -= lr * grad`` rounds it)."""
    for i in range(theta.shape[0]):
        g = grad[i]
        total[i] += g
        theta[i] -= lr * g


def _adam_kernel(theta, grad, m, v, b1, omb1, b2, omb2, c1, c2, eps, lr):
    """Adam (:class:`bpnn.optimizers.adam.Adam`) over flat arrays, element by element, in the order of
    its NumPy step: m ← β₁m + (1 − β₁)g, v ← β₂v + ((1 − β₂)g)g, θ ← θ − ((m/c₁)·η) / (√(v/c₂) + ε) with
    c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ (``omb1``, ``omb2``: 1 − β₁, 1 − β₂); every constant already in the
    arrays' type, as NumPy casts a Python number to it."""
    for i in range(theta.shape[0]):
        g = grad[i]
        mi = m[i] * b1 + g * omb1
        vi = v[i] * b2 + (g * omb2) * g
        m[i] = mi
        v[i] = vi
        theta[i] -= ((mi / c1) * lr) / (np.sqrt(vi / c2) + eps)


def _rprop_kernel(theta, grad, delta, g_prev, step_prev, worse, inc, dec, dmin, dmax):
    """iRprop+ (:class:`bpnn.optimizers.rprop.Rprop`) for (K, p) arrays, element by element, in
    the same operations and types as its NumPy code (``worse``: E went up, per network)."""
    K, p = theta.shape
    for k in range(K):
        for i in range(p):
            g = grad[k, i]
            same = g * g_prev[k, i]
            d = delta[k, i]
            if same > 0:
                d = d * inc
            elif same < 0:
                d = d * dec
            d = min(max(d, dmin), dmax)
            delta[k, i] = d
            d = delta[k, i]                                  # as stored (float32 stays float32)
            if same < 0:                                     # the sign flipped: no step, or undo
                step = -step_prev[k, i] if worse[k] else theta.dtype.type(0.0)
                g_prev[k, i] = 0.0
                step_prev[k, i] = 0.0
            else:                                            # NumPy's sign: +0 for ±0, NaN for NaN
                sign = 1.0 if g > 0 else -1.0 if g < 0 else 0.0 if g == 0 else g
                step = -sign * d
                g_prev[k, i] = g
                step_prev[k, i] = step
            theta[k, i] += step


# -- the steps of the compiled stacked loop (bpnn.engines._gdloop.stack_chunk) --------------
# Plain Python like the kernels above; bpnn.engines.compiled copies them into its generated module.
# Each updates one network's θ (a row of the stack) in the same operations and order as the
# algorithm's NumPy step, so that a stack trained compiled follows the same trajectory.

#: the algorithms the compiled stacked loop can step, by their ``compiled_step`` name; the number is the kernel's
STACK_STEPS = ("gd", "gdm", "adam", "rprop", "gda")


def stack_step(algo, theta, grad, A1, A2, A3, r, H, E, t, scratch):
    """One step of algorithm ``algo`` (:data:`STACK_STEPS`) for one network: θ, its gradient,
    the algorithm's (p,) state arrays A1–A3 and per-network value ``r[0]``, its constants H,
    the loss E and the step's number t (from 1)."""
    if algo == 0:                                      # gd: θ ← θ − η ∂E/∂θ
        lr = H[0]
        for q in range(theta.size):
            theta[q] -= lr * grad[q]
    elif algo == 1:                                    # gdm: v ← mc·v − (1 − mc)·η·g, θ ← θ + v
        lr, mc, nesterov = H[0], H[1], H[2]
        c = (1 - mc) * lr
        for q in range(theta.size):
            descent = c * grad[q]
            v = A1[q] * mc - descent
            A1[q] = v
            if nesterov != 0.0:
                theta[q] += mc * v - descent
            else:
                theta[q] += v
    elif algo == 2:                                    # adam: m, v (A1, A2), bias-corrected (H: float64, so a
        b1, b2 = H[1], H[2]                            # float32 stack computes in float64, as it always has)
        _adam_kernel(theta, grad, A1, A2, b1, 1 - b1, b2, 1 - b2, 1 - math.pow(b1, float(t)),
                     1 - math.pow(b2, float(t)), H[3], H[0])
    elif algo == 3:                                    # iRprop+: Δ, g_prev, step_prev (A1–A3); r[0] = E_prev
        p = theta.size
        scratch[0] = 1.0 if E > r[0] else 0.0          # E went up
        _rprop_kernel(theta.reshape(1, p), grad.reshape(1, p), A1.reshape(1, p), A2.reshape(1, p),
                      A3.reshape(1, p), scratch[:1], H[0], H[1], H[2], H[3])
        r[0] = E
    else:                                              # gda / gdx, the trial step θ + v (r[0] = η)
        mc = H[0]
        c = (1 - mc) * r[0]
        for q in range(theta.size):
            v = mc * A1[q] - c * grad[q]
            A1[q] = v
            theta[q] = theta[q] + v


def adaptive_accept(theta, theta0, v, r, H, E, E_try):
    """gda / gdx after the trial step: discard it (θ ← θ₀, v ← 0, η ← η·lr_dec) where E rose past
    max_perf_inc·E, else keep it (η ← η·lr_inc where E fell)."""
    if not np.isfinite(E_try) or E_try > H[3] * E:
        theta[:] = theta0
        v[:] = 0.0
        r[0] = r[0] * H[1]
    elif E_try < E:
        r[0] = r[0] * H[2]
