"""The compiled steps behind :mod:`bpnn.engines.compiled` (imported only when numba is installed).

BP1–BP4 of :mod:`bpnn.core.backprop` written out as loops over one flat θ, for
numba.  Module-level functions so that numba caches the machine code on disk
(``cache=True``): the first use on a machine compiles for a few seconds, later
processes load it.
"""

import numpy as np

from ..core.activations import LEAKY_SLOPE

try:
    import numba
except ImportError:                   # importable without numba (doctest collection); never used then
    numba = None

jit = numba.njit(cache=True, nogil=True) if numba is not None else (lambda f: f)


@jit
def act(code, z):
    if code == 1:
        return np.tanh(z)
    if code == 2:
        return 1.0 / (1.0 + np.exp(-z))
    if code == 3:
        return z if z > 0.0 else 0.0
    if code == 4:
        return z if z > 0.0 else LEAKY_SLOPE * z
    return z


@jit
def dact(code, a):                                     # f'(z) from a = f(z)
    if code == 1:
        return 1.0 - a * a
    if code == 2:
        return a * (1.0 - a)
    if code == 3:
        return 1.0 if a > 0.0 else 0.0
    if code == 4:
        return 1.0 if a > 0.0 else LEAKY_SLOPE
    return 1.0


@jit
def loss_and_grad(theta, abuf, dbuf, T, sizes, woff, aoff, acts, n, scale, grad):
    L = len(sizes) - 1
    for l in range(L):                                 # z = a W + b, a = f(z)
        fi, fo, w = sizes[l], sizes[l + 1], woff[l]
        b, src, dst, code = w + fi * fo, aoff[l], aoff[l + 1], acts[l]
        for i in range(n):
            for j in range(fo):
                s = 0.0
                for k in range(fi):
                    s += abuf[src + i * fi + k] * theta[w + k * fo + j]
                abuf[dst + i * fo + j] = act(code, s + theta[b + j])
    E, out, code = 0.0, aoff[L], acts[L - 1]           # BP1: δ = s·e ⊙ f'(z)
    for r in range(n * sizes[L]):
        e = abuf[out + r] - T[r]
        E += e * e
        dbuf[out + r] = scale * e * dact(code, abuf[out + r])
    E *= 0.5 * scale
    grad[:] = 0.0
    for l in range(L - 1, -1, -1):
        fi, fo, w = sizes[l], sizes[l + 1], woff[l]
        b, src, dst = w + fi * fo, aoff[l], aoff[l + 1]
        for i in range(n):                             # BP3, BP4: ∂E/∂b = Σ δ, ∂E/∂W = aᵀ δ
            for j in range(fo):
                d = dbuf[dst + i * fo + j]
                grad[b + j] += d
                for k in range(fi):
                    grad[w + k * fo + j] += abuf[src + i * fi + k] * d
        if l > 0:                                      # BP2: δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ Wᵀ) ⊙ f'(z)
            code = acts[l - 1]
            for i in range(n):
                for k in range(fi):
                    s = 0.0
                    for j in range(fo):
                        s += dbuf[dst + i * fo + j] * theta[w + k * fo + j]
                    dbuf[src + i * fi + k] = s * dact(code, abuf[src + i * fi + k])
    return E


@jit
def chunk(theta, abuf, dbuf, T, sizes, woff, aoff, acts, n, scale, lr, explosion, epoch, steps, max_epochs,
          goal, min_grad, measure_only, grad, best, best_loss, best_epoch, limit, losses, gnorms):
    for i in range(steps):
        E = loss_and_grad(theta, abuf, dbuf, T, sizes, woff, aoff, acts, n, scale, grad)
        g2 = 0.0
        for q in range(grad.size):
            g2 += grad[q] * grad[q]
        gnorm = np.sqrt(g2)
        losses[i], gnorms[i] = E, gnorm
        if limit[0] < 0.0:
            limit[0] = explosion * max(E if np.isfinite(E) else 1.0, 1.0)
        if not E <= limit[0]:                          # NaN fails <= too
            return i + 1, 2
        if E < best_loss[0]:
            best_loss[0], best_epoch[0] = E, epoch + i
            best[:] = theta
        if epoch + i >= max_epochs or E <= goal or gnorm < min_grad or measure_only:
            return i + 1, 1
        for q in range(theta.size):                    # θ ← θ − η ∂E/∂θ
            theta[q] -= lr * grad[q]
    return steps, 0


@jit
def step_and_sum(theta, grad, total, lr):
    """θ ← θ − η·g and total ← total + g, in one pass over flat arrays (η in θ's dtype, so that
    each element is rounded as NumPy's ``theta -= lr * grad`` rounds it)."""
    for i in range(theta.shape[0]):
        g = grad[i]
        total[i] += g
        theta[i] -= lr * g


@jit
def rprop_step(theta, grad, delta, g_prev, step_prev, worse, inc, dec, dmin, dmax):
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
