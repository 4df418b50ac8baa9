"""The compiled engine's epoch: BP1–BP4 and gradient descent's update as loops over one flat θ.

:func:`loss_and_grad` is :func:`bpnn.core.backprop.loss_and_grad` written out
as loops over preallocated flat buffers; :func:`chunk` runs epochs of it with
the update θ ← θ − η ∂E/∂θ, the stop rules' limits, divergence and the best
weights, without returning to Python.  They call ``act(code, z)`` and
``dact(code, a)`` — f(z) and f'(z) from a of the activation numbered ``code``
— which are not written here: :mod:`bpnn.engines.compiled` writes them from
each activation object's own scalar forms (``Activation.scalar``) into a
module with a copy of these two functions, and numba compiles that module
(cached on disk, keyed by its text).  This file is plain Python and never
runs uncompiled.
"""

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
