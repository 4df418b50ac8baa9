"""Fast full-batch back-propagation with preallocated buffers.

:func:`bpnn.backprop.loss_and_grad` is the readable reference.  This module
computes the same numbers for the training loop's hot path, where a small
network (the article's has 13 weights) spends its time in Python and NumPy
call overhead rather than in arithmetic.  Three things make it fast:

1. **Bias as a weight row.**  θ stores each layer as W⁽ˡ⁾ row by row, then
   b⁽ˡ⁾ — which is exactly the (fan_in + 1) × fan_out matrix ``[W; b]``.
   Appending a column of ones to every layer's input, ``ã = [a, 1]``, turns
   ``z = a W + b`` into one product ``z = ã [W; b]``, and BP3 and BP4 into
   one product too: ``[∂E/∂W; ∂E/∂b] = ãᵀ δ`` (the ones column sums δ over
   the rows).
2. **No allocation.**  Every z, a, δ and the gradient live in buffers made
   once; NumPy writes into them with ``out=``.
3. **Derivatives from a.**  f'(z) is computed from a = f(z), so z is
   overwritten by a in place.

The tests hold this path equal to the reference for every activation × loss
× depth.
"""

from __future__ import annotations

import numpy as np

from .losses import Loss, get_loss
from .network import Network, layer_shapes


class FullBatch:
    """Loss and gradient over a fixed data set, reusing buffers between calls.

    Parameters
    ----------
    net : Network
        Read through its θ on every call, so updates to ``net.theta`` are seen.
    X : ndarray, shape (n, d)
    T : ndarray, shape (n, m)
    loss : str or Loss

    Examples
    --------
    >>> from bpnn.backprop import loss_and_grad
    >>> net = Network([2, 3, 1], seed=0)
    >>> X, T = np.random.default_rng(0).normal(size=(5, 2)), np.ones((5, 1))
    >>> E, g = FullBatch(net, X, T).loss_and_grad()
    >>> E_ref, g_ref = loss_and_grad(net, X, T)
    >>> bool(np.isclose(E, E_ref) and np.allclose(g, g_ref))
    True
    """

    def __init__(self, net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse") -> None:
        self.net, self.T, self.loss = net, T, get_loss(loss)
        dt, n = net.dtype, X.shape[0]
        lead = net.theta.shape[:-1]                 # () for one network, (K,) for a stack
        self.stacked = bool(lead)
        self.mm = np.matmul if lead else np.dot     # np.dot is faster for plain matrices
        shapes = layer_shapes(net.sizes)
        # [W; b] views of θ, and the gradient laid out the same way
        self.grad = np.zeros(net.theta.shape, dtype=dt)
        self.Wb, self.dWb, start = [], [], 0
        for fan_in, fan_out in shapes:
            stop = start + (fan_in + 1) * fan_out
            self.Wb.append(net.theta[..., start:stop].reshape(*lead, fan_in + 1, fan_out))
            self.dWb.append(self.grad[..., start:stop].reshape(*lead, fan_in + 1, fan_out))
            start = stop
        # ã⁽ˡ⁾ = [a⁽ˡ⁾, 1] for the inputs and hidden layers; a⁽ᴸ⁾ alone for the output
        self.A = [np.ones((n, d + 1), dtype=dt) if l == 0 else np.ones((*lead, n, d + 1), dtype=dt)
                  for l, (d, _) in enumerate(shapes)]
        self.A[0][:, :-1] = X
        self.out = np.empty((*lead, n, net.sizes[-1]), dtype=dt)
        self.delta = [np.empty((*lead, n, fan_out), dtype=dt) for _, fan_out in shapes]
        self.err = np.empty_like(self.out)
        self.scale = 2.0 / (n * net.sizes[-1]) if self.loss.name == "mse" else 2.0
        # views made once: a⁽ˡ⁾ inside ã⁽ˡ⁾, ãᵀ, and W⁽ˡ⁾ᵀ without its bias row
        self.a = [A[..., :-1] for A in self.A[1:]]
        self.At = [A.swapaxes(-1, -2) for A in self.A]
        self.Wt = [Wb[..., :-1, :].swapaxes(-1, -2) for Wb in self.Wb]

    def loss_and_grad(self):
        """E and ∂E/∂θ at the network's current θ (for a stack: E (K,), ∂E/∂θ (K, p)).

        The returned gradient is an internal buffer, overwritten by the next
        call: use it (or copy it) before calling again.
        """
        acts, L, mm = self.net.activations, len(self.Wb), self.mm
        for l in range(L - 1):                               # hidden layers: z = ã [W; b], a = f(z)
            z = mm(self.A[l], self.Wb[l], out=self.delta[l])         # δ's buffer holds z for now
            _activate(acts[l], z, self.a[l])
        a_L = mm(self.A[L - 1], self.Wb[L - 1], out=self.out)        # output layer, in place
        if acts[-1].name != "linear":
            _activate(acts[-1], a_L, a_L)
        err = np.subtract(a_L, self.T, out=self.err)
        if self.loss.is_least_squares:                       # BP1 for mse / sse
            sq = np.sum(err * err, axis=(-2, -1)) if self.stacked else float(np.vdot(err, err))
            E = sq * (self.scale / 2)
            delta = np.multiply(err, self.scale, out=self.delta[L - 1])
            if acts[-1].name != "linear":
                delta = acts[-1].backward(None, a_L, delta)
        else:                                                # BP1, canonical pair: (a − T)/n
            E = self.loss.value(a_L, self.T)
            delta = np.multiply(err, 1.0 / a_L.shape[-2], out=self.delta[L - 1])
        for l in range(L - 1, -1, -1):
            mm(self.At[l], delta, out=self.dWb[l])           # BP3 + BP4: ãᵀ δ
            if l > 0:                                        # BP2: (δ Wᵀ) ⊙ f'(z)
                back = mm(delta, self.Wt[l], out=self.delta[l - 1])
                f = acts[l - 1]
                delta = _tanh_backward(self.a[l - 1], back) if f.name == "tanh" else \
                    f.backward(None, self.a[l - 1], back)
        return E, self.grad


def _activate(f, z: np.ndarray, out: np.ndarray) -> None:
    """a = f(z) into ``out`` (in place where f is a NumPy ufunc)."""
    if isinstance(f.f, np.ufunc):
        f.f(z, out=out)
    elif f.name == "linear":
        np.copyto(out, z)
    else:
        out[...] = f.f(z)


def _tanh_backward(a: np.ndarray, back: np.ndarray) -> np.ndarray:
    """δ = back ⊙ (1 − a²), in place in ``back``."""
    sq = a * a
    np.subtract(1.0, sq, out=sq)
    np.multiply(back, sq, out=back)
    return back
