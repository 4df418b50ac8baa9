"""Back-propagation: the loss, its gradient (BP1–BP4) and the residual Jacobian.

The notation is the table in :mod:`bpnn` (rows are samples)::

    z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = f⁽ˡ⁾(z⁽ˡ⁾),   a⁽⁰⁾ = X
    BP1  δ⁽ᴸ⁾ = ∂E/∂a⁽ᴸ⁾ ⊙ f'(z⁽ᴸ⁾)
    BP2  δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ f'(z⁽ˡ⁾)
    BP3  ∂E/∂b⁽ˡ⁾ = Σ_rows δ⁽ˡ⁾
    BP4  ∂E/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾

:func:`loss_and_grad` is these lines and nothing else.  ``bpnn explain``
passes a ``trace`` dict to watch them run (it never re-implements them).
"""

from __future__ import annotations

import numpy as np

from .losses import Loss, get_loss
from .network import Network, layer_slices, split_theta


def transpose(M: np.ndarray) -> np.ndarray:
    """Mᵀ of a matrix, or of each matrix in a stack (the last two axes)."""
    return M.swapaxes(-1, -2)


def rows_sum(delta: np.ndarray) -> np.ndarray:
    """Σ over the rows (samples) of δ, kept as a row so it fits b's view in a stack."""
    return delta.sum(axis=-2, keepdims=delta.ndim == 3)


def forward_layers(net: Network, X: np.ndarray) -> tuple[list, list]:
    """Forward pass keeping every layer: ``z[l]``, ``a[l]`` for l = 0…L (z[0] is None)."""
    z, a = [None], [X]
    for W, b, f in zip(net.W, net.b, net.activations):
        z.append(a[-1] @ W + b)
        a.append(f(z[-1]))
    return z, a


def loss_and_grad(net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse",
                  trace: dict | None = None) -> tuple[float, np.ndarray]:
    """The loss E and its gradient ∂E/∂θ, laid out like ``net.theta``.

    Parameters
    ----------
    net : Network
        A single network, or a stack of K (then E has shape (K,) and the
        gradient (K, p)).
    X : ndarray, shape (n, d)
    T : ndarray, shape (n, m)
    loss : str or Loss, default ``"mse"``
    trace : dict, optional
        If given, receives ``z``, ``a`` and ``delta`` (lists indexed by layer
        l = 0…L; entry 0 is the input) for teaching and inspection.

    Returns
    -------
    E : float
    grad : ndarray, shape (p,)
        ∂E/∂θ; ``split_theta(grad, net.sizes)`` gives the dW and db views.

    Examples
    --------
    >>> net = Network([1, 2, 1], init="randn", seed=1)
    >>> E, g = loss_and_grad(net, np.array([[0.5]]), np.array([[1.0]]))
    >>> g.shape == net.theta.shape
    True
    """
    loss = get_loss(loss)
    z, a = forward_layers(net, X)                   # z⁽ˡ⁾ = a⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾, a⁽ˡ⁾ = f(z⁽ˡ⁾)
    L = net.n_layers
    E = loss.value(a[L], T)

    grad = np.empty_like(net.theta)
    dW, db = split_theta(grad, net.sizes)           # views: writing dW[l] fills grad
    delta = [None] * (L + 1)
    delta[L] = loss.output_delta(z[L], a[L], T, net.activations[L - 1])         # BP1
    for l in range(L, 0, -1):
        db[l - 1][...] = rows_sum(delta[l])                                      # BP3
        dW[l - 1][...] = transpose(a[l - 1]) @ delta[l]                          # BP4
        if l > 1:
            f = net.activations[l - 2]                                           # f⁽ˡ⁻¹⁾
            delta[l - 1] = f.backward(z[l - 1], a[l - 1], delta[l] @ transpose(net.W[l - 1]))  # BP2

    if trace is not None:
        trace.update(z=z, a=a, delta=delta, loss=E)
    return E, grad


def residuals_and_jacobian(net: Network, X: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Residuals e = vec(a⁽ᴸ⁾ − T) and their Jacobian J = ∂e/∂θ.

    The residual of sample i, output k sits at row ``i·m + k``.  Row r of J
    is the gradient of one output of one sample, obtained by running BP2–BP4
    with that single output seeded: δ⁽ᴸ⁾ = f'(z⁽ᴸ⁾) applied to a one-hot
    ∂a/∂a, then per-sample outer products instead of the sum over rows.

    Returns
    -------
    e : ndarray, shape (n·m,), or (K, n·m) for a stack
    J : ndarray, shape (n·m, p), or (K, n·m, p) for a stack

    Notes
    -----
    For E = s·Σe² (mse: s = 1/(n·m)) the gradient is 2s·Jᵀe and the
    Gauss–Newton Hessian 2s·JᵀJ, which Levenberg–Marquardt uses.

    Examples
    --------
    >>> net = Network([2, 3, 2], init="randn", seed=0)
    >>> e, J = residuals_and_jacobian(net, np.ones((4, 2)), np.zeros((4, 2)))
    >>> e.shape, J.shape
    ((8,), (8, 17))
    """
    z, a = forward_layers(net, X)
    L, (n, m) = net.n_layers, T.shape
    lead = net.theta.shape[:-1]                       # () for one network, (K,) for a stack
    J = np.empty((*lead, n, m, net.n_params), dtype=net.theta.dtype)
    slices = layer_slices(net.sizes)
    for k in range(m):
        seed = np.zeros((*lead, n, m), dtype=J.dtype)
        seed[..., k] = 1.0                                                       # ∂e_k/∂a⁽ᴸ⁾
        delta = net.activations[L - 1].backward(z[L], a[L], seed)                # BP1
        for l in range(L, 0, -1):
            w_slice, b_slice = slices[l - 1]
            J[..., k, b_slice] = delta                                           # BP3, per sample
            outer = a[l - 1][..., :, :, None] * delta[..., :, None, :]           # BP4, per sample
            J[..., k, w_slice] = outer.reshape(*outer.shape[:-2], -1)
            if l > 1:
                delta = net.activations[l - 2].backward(z[l - 1], a[l - 1], delta @ transpose(net.W[l - 1]))  # BP2
    e = (a[L] - T).reshape(*lead, n * m)
    return e, J.reshape(*lead, n * m, net.n_params)
