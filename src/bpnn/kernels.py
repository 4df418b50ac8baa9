"""Fast back-propagation with preallocated buffers: full batch and minibatches.

:func:`bpnn.backprop.loss_and_grad` is the readable reference.  This module
computes the same numbers for the training loop's hot path.  A small network
(the article's has 13 weights) spends its time in Python and NumPy call
overhead rather than in arithmetic; a medium one (784-256-10) in matrix
products.  Four things make both fast:

1. **Bias as a weight row.**  θ stores each layer as W⁽ˡ⁾ row by row, then
   b⁽ˡ⁾ — which is exactly the (fan_in + 1) × fan_out matrix ``[W; b]``.
   Appending a column of ones to every layer's input, ``ã = [a, 1]``, turns
   ``z = a W + b`` into one product ``z = ã [W; b]``, and BP3 and BP4 into
   one product too: ``[∂E/∂W; ∂E/∂b] = ãᵀ δ`` (the ones column sums δ over
   the rows).  Each product is one BLAS call on contiguous memory.
2. **No allocation.**  Every z, a, δ and the gradient live in buffers made
   once (per batch size, for minibatches); NumPy writes into them with
   ``out=``.
3. **Derivatives from a.**  f'(z) is computed from a = f(z), so z is
   overwritten by a in place, and the derivative is applied to δ in place.
4. **The data type of the network.**  A float32 network computes in float32
   end to end (half the memory traffic, twice the SIMD width).

:class:`FullBatch` holds the whole data set in its input buffer;
:class:`MiniBatch` copies the rows of each batch into the buffer of that
batch size.  The tests hold both equal to the reference for every activation
× loss × depth.
"""

from __future__ import annotations

import numpy as np

from .losses import Loss, get_loss
from .network import Network, layer_shapes


class _Pass:
    """Buffers and code for one forward + backward pass over ``n`` rows.

    The input rows live in ``self.A[0][:, :-1]`` and the targets in
    ``self.T``; :meth:`loss_and_grad` works on whatever they hold.
    """

    def __init__(self, net: Network, n: int, loss: Loss, grad: np.ndarray) -> None:
        self.net, self.loss = net, loss
        dt = net.dtype
        lead = net.theta.shape[:-1]                 # () for one network, (K,) for a stack
        self.stacked = bool(lead)
        self.mm = np.matmul if lead else np.dot     # np.dot is faster for plain matrices
        shapes = layer_shapes(net.sizes)
        # [W; b] views of θ, and of the gradient, laid out the same way
        self.grad = grad
        self.Wb, self.dWb, start = [], [], 0
        for fan_in, fan_out in shapes:
            stop = start + (fan_in + 1) * fan_out
            self.Wb.append(net.theta[..., start:stop].reshape(*lead, fan_in + 1, fan_out))
            self.dWb.append(grad[..., start:stop].reshape(*lead, fan_in + 1, fan_out))
            start = stop
        # ã⁽ˡ⁾ = [a⁽ˡ⁾, 1] for the inputs and hidden layers; a⁽ᴸ⁾ alone for the output
        self.A = [np.ones((n, d + 1), dtype=dt) if l == 0 else np.ones((*lead, n, d + 1), dtype=dt)
                  for l, (d, _) in enumerate(shapes)]
        self.T = np.empty((n, net.sizes[-1]), dtype=dt)
        self.out = np.empty((*lead, n, net.sizes[-1]), dtype=dt)
        self.delta = [np.empty((*lead, n, fan_out), dtype=dt) for _, fan_out in shapes]
        self.err = np.empty_like(self.out)
        self.tmp = [np.empty((*lead, n, fan_out), dtype=dt) for _, fan_out in shapes]
        self.scale = 2.0 / (n * net.sizes[-1]) if loss.name == "mse" else 2.0
        # views made once: x and a⁽ˡ⁾ inside ã⁽ˡ⁾, ãᵀ, and W⁽ˡ⁾ᵀ without its bias row
        self.x = self.A[0][:, :-1]
        self.a = [A[..., :-1] for A in self.A[1:]]
        self.At = [A.swapaxes(-1, -2) for A in self.A]
        self.Wt = [Wb[..., :-1, :].swapaxes(-1, -2) for Wb in self.Wb]
        # BP2's product δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ: over a single output unit it is an outer product, which
        # broadcasting does in one call (for a stack, matmul would loop over the networks)
        self.bp2 = [np.multiply if self.stacked and fan_out == 1 else self.mm for _, fan_out in shapes]
        acts = net.activations
        self.out_linear = acts[-1].name == "linear"

    def forward(self) -> np.ndarray:
        """a⁽ᴸ⁾ over the rows in the buffers (every a⁽ˡ⁾ stays in its buffer for the backward pass)."""
        acts, L, mm = self.net.activations, len(self.Wb), self.mm
        for l in range(L - 1):                               # hidden layers: z = ã [W; b], a = f(z)
            z = mm(self.A[l], self.Wb[l], out=self.delta[l])         # δ's buffer holds z for now
            _activate(acts[l], z, self.a[l])
        a_L = mm(self.A[L - 1], self.Wb[L - 1], out=self.out)        # output layer, in place
        if not self.out_linear:
            _activate(acts[-1], a_L, a_L)
        return a_L

    def loss_and_grad(self):
        """E and ∂E/∂θ at the network's current θ over the rows in the buffers."""
        acts, L, mm = self.net.activations, len(self.Wb), self.mm
        a_L = self.forward()
        err = np.subtract(a_L, self.T, out=self.err)
        if self.loss.is_least_squares:                       # BP1 for mse / sse
            sq = np.sum(err * err, axis=(-2, -1)) if self.stacked else float(np.vdot(err, err))
            E = sq * (self.scale / 2)
            delta = np.multiply(err, self.scale, out=self.delta[L - 1])
            if not self.out_linear:
                delta = _backward(acts[-1], a_L, delta, self.tmp[L - 1])
        else:                                                # BP1, canonical pair: (a − T)/n
            E = self.loss.value(a_L, self.T)
            delta = np.multiply(err, 1.0 / a_L.shape[-2], out=self.delta[L - 1])
        for l in range(L - 1, -1, -1):
            mm(self.At[l], delta, out=self.dWb[l])           # BP3 + BP4: ãᵀ δ
            if l > 0:                                        # BP2: (δ Wᵀ) ⊙ f'(z)
                back = self.bp2[l](delta, self.Wt[l], out=self.delta[l - 1])
                delta = _backward(acts[l - 1], self.a[l - 1], back, self.tmp[l - 1])
        return E, self.grad


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
        self.net, self.X, self.T, self.loss_fn = net, X, T, get_loss(loss)
        self._pass = None                       # buffers made on the first call (some users never call)

    def loss_and_grad(self):
        """E and ∂E/∂θ at the network's current θ (for a stack: E (K,), ∂E/∂θ (K, p)).

        The returned gradient is an internal buffer, overwritten by the next
        call: use it (or copy it) before calling again.
        """
        if self._pass is None:
            self.grad = np.zeros(self.net.theta.shape, dtype=self.net.dtype)
            self._pass = _Pass(self.net, self.X.shape[0], self.loss_fn, self.grad)
            self._pass.x[...] = self.X
            self._pass.T[...] = self.T
        return self._pass.loss_and_grad()


class MiniBatch:
    """Loss and gradient over chosen rows of a data set, with buffers per batch size.

    A training epoch with batch size b uses two sizes at most (b, and the
    remainder n mod b), so two sets of buffers serve every batch of every
    epoch.  The rows of a batch are copied into the input buffer (one gather
    per batch); nothing else is allocated.

    Parameters
    ----------
    net : Network
        Single or stacked; read through its θ on every call.
    X : ndarray, shape (n, d)
    T : ndarray, shape (n, m)
    loss : str or Loss

    Examples
    --------
    >>> from bpnn.backprop import loss_and_grad
    >>> net = Network([2, 3, 1], seed=0)
    >>> X, T = np.random.default_rng(0).normal(size=(9, 2)), np.ones((9, 1))
    >>> rows = np.array([4, 0, 7])
    >>> E, g = MiniBatch(net, X, T).loss_and_grad(rows)
    >>> E_ref, g_ref = loss_and_grad(net, X[rows], T[rows])
    >>> bool(np.isclose(E, E_ref) and np.allclose(g, g_ref))
    True
    """

    def __init__(self, net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse") -> None:
        self.net, self.X, self.T, self.loss_fn = net, X, T, get_loss(loss)
        self.grad = np.zeros(net.theta.shape, dtype=net.dtype)
        self._passes: dict[int, _Pass] = {}

    def loss_and_grad(self, rows: np.ndarray):
        """E and ∂E/∂θ over the rows ``rows`` of X and T (E is the batch's loss).

        The returned gradient is an internal buffer, overwritten by the next call.
        """
        return self._load(rows).loss_and_grad()

    def loss(self, chunk: int = 512):
        """E over all rows (a float, or (K,) for a stack), forward passes over ``chunk`` rows at a time.

        The same value as ``loss.value(net.forward(X), T)``, without the
        n-row intermediate arrays: each chunk's activations stay in cache.
        """
        n = self.X.shape[0]
        total = 0.0
        with blas_threads(self.net, min(chunk, n)):
            for start in range(0, n, chunk):
                rows = slice(start, min(start + chunk, n))
                p = self._load(rows)
                value = self.loss_fn.value(p.forward(), p.T)
                total = total + (value if self.loss_fn.name == "sse" else value * (rows.stop - start) / n)
        return total

    def _load(self, rows) -> _Pass:
        """The buffers for this many rows, holding these rows of X and T."""
        if isinstance(rows, slice):
            n = rows.stop - rows.start
        else:
            n = len(rows)
        p = self._passes.get(n)
        if p is None:
            p = self._passes[n] = _Pass(self.net, n, self.loss_fn, self.grad)
        if isinstance(rows, slice):
            p.x[...] = self.X[rows]
            p.T[...] = self.T[rows]
        else:
            np.take(self.X, rows, axis=0, out=p.x)
            np.take(self.T, rows, axis=0, out=p.T)
        return p


def _activate(f, z: np.ndarray, out: np.ndarray) -> None:
    """a = f(z) into ``out`` (in place where f is a NumPy ufunc)."""
    if isinstance(f.f, np.ufunc):
        f.f(z, out=out)
    elif f.name == "linear":
        np.copyto(out, z)
    elif f.name == "relu":
        np.maximum(z, 0.0, out=out)
    elif f.name == "softmax":
        _softmax(z, out)
    else:
        out[...] = f.f(z)


def _softmax(z: np.ndarray, out: np.ndarray) -> None:
    """Row-wise softmax of z into ``out`` (which may be z), shifted by the row maximum."""
    top = z.max(axis=-1, keepdims=True)
    np.subtract(z, top, out=out)
    np.exp(out, out=out)
    np.divide(out, out.sum(axis=-1, keepdims=True), out=out)


def _backward(f, a: np.ndarray, back: np.ndarray, tmp: np.ndarray) -> np.ndarray:
    """δ = back ⊙ f'(z), computed from a = f(z), in place in ``back`` (``tmp`` is scratch)."""
    name = f.name
    if name == "tanh":                                   # f' = 1 − a²
        np.multiply(a, a, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        np.multiply(back, tmp, out=back)
    elif name == "sigmoid":                              # f' = a (1 − a)
        np.subtract(1.0, a, out=tmp)
        np.multiply(a, tmp, out=tmp)
        np.multiply(back, tmp, out=back)
    elif name == "relu":                                 # f' = [a > 0]
        np.multiply(back, a > 0, out=back)
    elif name != "linear":
        return f.backward(None, a, back)
    return back


# -- BLAS threads -----------------------------------------------------------------

#: A matrix product of fewer flops than this runs on one BLAS thread during training
#: (``BPNN_BLAS_THREADS`` overrides: a number of threads, or 0 to leave BLAS alone).
SMALL_PRODUCT_FLOPS = 2 ** 28
_TINY_PRODUCT_FLOPS = 2 ** 17        # BLAS runs these on one thread anyway: no need to ask
_controller = None


def product_flops(net: Network, rows: int) -> int:
    """Flops of the largest matrix product of one forward pass over ``rows`` rows."""
    return 2 * rows * max((fan_in + 1) * fan_out for fan_in, fan_out in layer_shapes(net.sizes))


def blas_threads(net: Network, rows: int):
    """A context in which training's matrix products use the right number of BLAS threads.

    A product of a few million to a few hundred million flops (a minibatch of
    a medium network, a full batch of a few thousand rows) is too small to
    share between threads: the threads synchronise once per product, and on a
    machine whose cores are busy with other work a thread that waits for a
    descheduled partner makes the product 10–40× slower than one thread
    alone.  Such products therefore run on one thread; larger and tiny ones
    are left to the BLAS.  The environment variable ``BPNN_BLAS_THREADS``
    overrides the choice (a number of threads; 0 leaves BLAS alone).

    Examples
    --------
    >>> with blas_threads(Network([784, 256, 10]), 128):
    ...     pass
    """
    import contextlib
    import os

    setting = os.environ.get("BPNN_BLAS_THREADS", "").strip()
    if setting:
        try:
            threads = int(setting)
        except ValueError:
            threads = 0
    else:
        flops = product_flops(net, rows) * (net.n_stack or 1)
        threads = 1 if _TINY_PRODUCT_FLOPS <= flops < SMALL_PRODUCT_FLOPS else 0
    if threads <= 0:
        return contextlib.nullcontext()
    global _controller
    try:
        if _controller is None:
            from threadpoolctl import ThreadpoolController   # comes with scikit-learn

            _controller = ThreadpoolController()
        return _controller.limit(limits=threads, user_api="blas")
    except Exception:                                     # noqa: BLE001  (no threadpoolctl: leave BLAS alone)
        return contextlib.nullcontext()
