"""The compiled engine's epoch: BP1–BP4 and the algorithms' updates as loops over flat θ.

:func:`loss_and_grad` is :func:`bpnn.core.backprop.loss_and_grad` written out
as loops over preallocated flat buffers; :func:`chunk` runs epochs of it with
gradient descent's update θ ← θ − η ∂E/∂θ, the stop rules' limits, divergence
and the best weights, without returning to Python; :func:`stack_chunk` does
the same for each network of a stack (restarts) with the algorithm's own
step (:func:`stack_step`: gd, gdm, Adam, iRprop+, gda/gdx).

They read the network's shape from ``SIZES`` (the layer sizes), ``WOFF``
(where layer l's [W; b] starts in θ), ``CUM`` (where a⁽ˡ⁾ starts, in rows)
and ``ACTS`` (each layer's activation number), and call ``act(code, z)`` and
``dact(code, a)`` — f(z) and f'(z) from a of the activation numbered ``code``
— or, in the stack, ``vact``/``vdact``, the same from the activations' vector
forms.  None of these is written here: :mod:`bpnn.engines.compiled` writes
them from each activation object's own forms (``Activation.scalar``,
``Activation.vector``) into a module with a copy of these functions, and
numba compiles that module (cached on disk, keyed by its text).  For one
network the shape is a set of module constants, one module per architecture:
the compiler then unrolls the short loops (the article's step: 2.0 → 1.0 µs).
For a stack they come in arrays (its speed is in the loops over the K
networks, computed several at a time, SIMD) and one module serves every
architecture with the same set of activations.
This file is plain Python and never runs uncompiled.
"""

def loss_and_grad(theta, abuf, dbuf, T, n, scale, grad, with_grad):
    L = len(SIZES) - 1
    for l in range(L):                                 # z = a W + b, a = f(z)
        fi, fo, w = SIZES[l], SIZES[l + 1], WOFF[l]
        b, src, dst, code = w + fi * fo, n * CUM[l], n * CUM[l + 1], ACTS[l]
        for i in range(n):
            for j in range(fo):
                s = 0.0
                for k in range(fi):
                    s += abuf[src + i * fi + k] * theta[w + k * fo + j]
                abuf[dst + i * fo + j] = act(code, s + theta[b + j])
    E, out, code = 0.0, n * CUM[L], ACTS[L - 1]        # BP1: δ = s·e ⊙ f'(z)
    for r in range(n * SIZES[L]):
        e = abuf[out + r] - T[r]
        E += e * e
        dbuf[out + r] = scale * e * dact(code, abuf[out + r])
    E *= 0.5 * scale
    if not with_grad:
        return E
    grad[:] = 0.0
    for l in range(L - 1, -1, -1):
        fi, fo, w = SIZES[l], SIZES[l + 1], WOFF[l]
        b, src, dst = w + fi * fo, n * CUM[l], n * CUM[l + 1]
        for i in range(n):                             # BP3, BP4: ∂E/∂b = Σ δ, ∂E/∂W = aᵀ δ
            for j in range(fo):
                d = dbuf[dst + i * fo + j]
                grad[b + j] += d
                for k in range(fi):
                    grad[w + k * fo + j] += abuf[src + i * fi + k] * d
        if l > 0:                                      # BP2: δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ Wᵀ) ⊙ f'(z)
            code = ACTS[l - 1]
            for i in range(n):
                for k in range(fi):
                    s = 0.0
                    for j in range(fo):
                        s += dbuf[dst + i * fo + j] * theta[w + k * fo + j]
                    dbuf[src + i * fi + k] = s * dact(code, abuf[src + i * fi + k])
    return E


def chunk(theta, abuf, dbuf, T, n, scale, lr, explosion, epoch, steps, max_epochs,
          goal, min_grad, measure_only, grad, best, best_loss, best_epoch, limit, losses, gnorms):
    for i in range(steps):
        E = loss_and_grad(theta, abuf, dbuf, T, n, scale, grad, True)
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


def add_input_times(out, v, l, X, abuf, src, r):
    # out += (input r of layer l) ⊙ v over the K networks: X's value r (shared) for l = 0, else abuf's row
    if l == 0:
        x = X[r]
        for k in range(out.size):
            out[k] += x * v[k]
    else:
        a = abuf[src + r]
        for k in range(out.size):
            out[k] += a[k] * v[k]
    return 0


def stack_epoch(TH, abuf, dbuf, X, T, n, scale, GT, E, with_grad, SIZES, WOFF, CUM, ACTS):
    # K networks side by side, the networks on the last axis: TH (p, K) is θ, abuf / dbuf (rows, K) hold
    # a⁽¹⁾ … a⁽ᴸ⁾ and δ, row r of a⁽ˡ⁾ unit j at n·CUM[l] − n·SIZES[0] + r·fo + j; X (a⁽⁰⁾) is shared.
    # Every innermost loop runs over the K networks, on rows, so that it is computed several networks
    # at a time (SIMD); f and f' run as passes over rows (vact_rows, vdact_rows: the activation's
    # choice outside their loops).  The shape comes in arrays, not as constants: one compiled module
    # serves every architecture with these activations.
    K, L, base = TH.shape[1], len(SIZES) - 1, n * SIZES[0]
    for l in range(L):                                 # z = a W + b, a = f(z)
        fi, fo, w = SIZES[l], SIZES[l + 1], WOFF[l]
        b, src, dst = w + fi * fo, n * CUM[l] - base, n * CUM[l + 1] - base
        for i in range(n):
            for j in range(fo):
                z, bias = abuf[dst + i * fo + j], TH[b + j]
                for k in range(K):
                    z[k] = bias[k]
                for m in range(fi):
                    add_input_times(z, TH[w + m * fo + j], l, X, abuf, src, i * fi + m)
        vact_rows(ACTS[l], abuf, dst, dst + n * fo)
    out = n * CUM[L] - base                            # BP1: δ = s·e ⊙ f'(z)
    E[:] = 0.0
    for r in range(n * SIZES[L]):
        t, a, d = T[r], abuf[out + r], dbuf[out + r]
        for k in range(K):
            e = a[k] - t
            E[k] += e * e
            d[k] = scale * e
    vdact_rows(ACTS[L - 1], dbuf, abuf, out, out + n * SIZES[L])
    for k in range(K):
        E[k] *= 0.5 * scale
    if not with_grad:
        return 0
    GT[:, :] = 0.0
    for l in range(L - 1, -1, -1):
        fi, fo, w = SIZES[l], SIZES[l + 1], WOFF[l]
        b, src, dst = w + fi * fo, n * CUM[l] - base, n * CUM[l + 1] - base
        for i in range(n):                             # BP3, BP4: ∂E/∂b = Σ δ, ∂E/∂W = aᵀ δ
            for j in range(fo):
                d, gb = dbuf[dst + i * fo + j], GT[b + j]
                for k in range(K):
                    gb[k] += d[k]
                for m in range(fi):
                    add_input_times(GT[w + m * fo + j], d, l, X, abuf, src, i * fi + m)
        if l > 0:                                      # BP2: δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ Wᵀ) ⊙ f'(z)
            for i in range(n):
                for m in range(fi):
                    back = dbuf[src + i * fi + m]
                    for k in range(K):
                        back[k] = 0.0
                    for j in range(fo):
                        d, weight = dbuf[dst + i * fo + j], TH[w + m * fo + j]
                        for k in range(K):
                            back[k] += d[k] * weight[k]
            vdact_rows(ACTS[l - 1], dbuf, abuf, src, src + n * fi)
    return 0


def stack_chunk(SIZES, WOFF, CUM, ACTS, thetas, TH, abuf, dbuf, X, T, n, scale, algo, H, A1, A2, A3, R, explosion, epoch, steps,
                max_epochs, goal, min_grad, measure_only, active, GT, grad, trial, E, E_try, scratch, best,
                best_loss, best_epoch, limit, losses, gnorms, rates, done, how):
    K, p = thetas.shape
    running = active.copy()
    done[:] = 0
    how[:] = 0
    for i in range(steps):
        TH[:, :] = thetas.T                            # the epoch of all K networks at once
        stack_epoch(TH, abuf, dbuf, X, T, n, scale, GT, E, True, SIZES, WOFF, CUM, ACTS)
        left = 0
        for k in range(K):                             # then each network's checks and step on its own
            if not running[k]:
                continue
            g2 = 0.0
            for q in range(p):
                grad[k, q] = GT[q, k]
                g2 += GT[q, k] * GT[q, k]
            gnorm = np.sqrt(g2)
            losses[k, i], gnorms[k, i], rates[k, i] = E[k], gnorm, R[k] if algo == 4 else H[0]
            done[k] = i + 1
            if limit[k] < 0.0:
                limit[k] = explosion * max(E[k] if np.isfinite(E[k]) else 1.0, 1.0)
            if not E[k] <= limit[k]:                   # NaN fails <= too
                how[k], running[k] = 2, False
                continue
            if E[k] < best_loss[k]:
                best_loss[k], best_epoch[k] = E[k], epoch + i
                best[k, :] = thetas[k]
            if epoch + i >= max_epochs or E[k] <= goal or gnorm < min_grad or measure_only:
                how[k], running[k] = 1, False
                continue
            left += 1
            if algo == 4:                              # gda / gdx: the trial step, kept or not below
                trial[k, :] = thetas[k]
            stack_step(algo, thetas[k], grad[k], A1[k], A2[k], A3[k], R[k:k + 1], H, E[k], epoch + i + 1, scratch)
        if left == 0:
            break
        if algo == 4:
            TH[:, :] = thetas.T
            stack_epoch(TH, abuf, dbuf, X, T, n, scale, GT, E_try, False, SIZES, WOFF, CUM, ACTS)
            for k in range(K):
                if running[k]:
                    adaptive_accept(thetas[k], trial[k], A1[k], R[k:k + 1], H, E[k], E_try[k])
    return 0


def stack_loss_and_grad(SIZES, WOFF, CUM, ACTS, thetas, TH, abuf, dbuf, X, T, n, scale, GT, E, G):
    TH[:, :] = thetas.T
    stack_epoch(TH, abuf, dbuf, X, T, n, scale, GT, E, True, SIZES, WOFF, CUM, ACTS)
    G[:, :] = GT.T
    return 0
