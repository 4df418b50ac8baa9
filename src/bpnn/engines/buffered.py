"""Fast back-propagation with preallocated buffers: full batch and minibatches.

:func:`bpnn.core.backprop.loss_and_grad` is the readable reference.  This module
computes the same numbers for the training loop's hot path.  A small network
(the article's has 13 weights) spends its time in Python and NumPy call
overhead rather than in arithmetic; a medium one (784-256-10) in matrix
products.  Six things make both fast:

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
5. **Stacks of tiny networks side by side.**  For K networks of a few units
   each (multi-start, ensembles) the (K, n, h) arrays of a stack have a
   last axis of a few units and every product is K tiny products; there
   the arrays keep the K networks on their *last* axis instead, (n, h, K),
   so that the first layer is one product for all of them and every other
   step runs over long contiguous rows (:class:`_WidePass`).
6. **Gradient descent inside the products.**  For minibatch gd on one
   large network, BP3 + BP4's product and the step θ ← θ − η ãᵀδ are one
   BLAS gemm with α = −η and β = 1 writing into θ (:meth:`MiniBatch.descend`):
   the gradient, a weight-sized array that would be written and read back,
   is never stored.

:class:`FullBatch` holds the whole data set in its input buffer;
:class:`MiniBatch` copies the rows of each batch into the buffer of that
batch size.  The tests hold both equal to the reference for every activation
× loss × depth.
"""

from __future__ import annotations

import numpy as np

from ..core.losses import Loss, get_loss
from ..core.network import Network, layer_shapes, layer_slices


class _Pass:
    """Buffers and code for one forward + backward pass over ``n`` rows.

    The input rows live in ``self.A[0][:, :-1]`` and the targets in
    ``self.T``; :meth:`loss_and_grad` works on whatever they hold.
    """

    def __init__(self, net: Network, n: int, loss: Loss, grad: np.ndarray, gemm: bool = False) -> None:
        self.net, self.loss = net, loss
        dt = net.dtype
        lead = net.theta.shape[:-1]                 # () for one network, (K,) for a stack
        self.stacked = bool(lead)
        self.mm = _matrix_product(self.stacked, gemm)
        shapes = layer_shapes(net.sizes)
        # [W; b] views of θ, and of the gradient, laid out the same way
        self.grad = grad
        self.Wb, self.dWb = _blocks(net.theta, net.sizes), _blocks(grad, net.sizes)
        # ã⁽ˡ⁾ = [a⁽ˡ⁾, 1] for the inputs and hidden layers; a⁽ᴸ⁾ alone for the output
        self.A = [np.ones((n, d + 1), dtype=dt) if l == 0 else np.ones((*lead, n, d + 1), dtype=dt)
                  for l, (d, _) in enumerate(shapes)]
        self.T = np.empty((n, net.sizes[-1]), dtype=dt)
        self.out = np.empty((*lead, n, net.sizes[-1]), dtype=dt)
        self.delta = [np.empty((*lead, n, fan_out), dtype=dt) for _, fan_out in shapes]
        self.tmp = [np.empty((*lead, n, fan_out), dtype=dt) for _, fan_out in shapes]
        # views made once: x and a⁽ˡ⁾ inside ã⁽ˡ⁾, ãᵀ, and W⁽ˡ⁾ᵀ without its bias row
        self.x = self.A[0][:, :-1]
        self.a = [A[..., :-1] for A in self.A[1:]]
        self.At = [A.swapaxes(-1, -2) for A in self.A]
        self.Wt = [Wb[..., :-1, :].swapaxes(-1, -2) for Wb in self.Wb]
        # A stack of small networks has arrays like (K, 20, 4): NumPy loops over the short last
        # axis slowly when it is strided.  So a stack keeps each hidden a⁽ˡ⁾ also contiguous (in
        # tmp; f′ is computed from it) and makes each ãᵀδ in a contiguous array before copying it
        # into its strided place in the gradient.
        self.a_contiguous = self.tmp[:-1] if self.stacked else None
        self.dWb_out = ([np.empty((*lead, fan_in + 1, fan_out), dtype=dt) for fan_in, fan_out in shapes]
                        if self.stacked else self.dWb)
        # z⁽ˡ⁾ is overwritten by a⁽ˡ⁾ = f(z⁽ˡ⁾) where f' can be had from a alone; a layer whose
        # derivative needs z keeps it in a buffer of its own for the backward pass
        self.z = [None if f.derivative_from_a else np.empty((*lead, n, fan_out), dtype=dt)
                  for f, (_, fan_out) in zip(net.activations, shapes)]

    def forward(self) -> np.ndarray:
        """a⁽ᴸ⁾ over the rows in the buffers (every a⁽ˡ⁾ stays in its buffer for the backward pass)."""
        acts, L, mm = self.net.activations, len(self.Wb), self.mm
        for l in range(L - 1):                               # hidden layers: z = ã [W; b], a = f(z)
            z = mm(self.A[l], self.Wb[l], out=self.delta[l] if self.z[l] is None else self.z[l])
            if self.a_contiguous is None:                    # (δ's buffer holds a dropped z for now)
                acts[l].forward_into(z, self.a[l])
            else:
                acts[l].forward_into(z, self.a_contiguous[l])
                np.copyto(self.a[l], self.a_contiguous[l])
        z_L = self.z[L - 1]
        if z_L is None:                                      # output layer, in place
            a_L = mm(self.A[L - 1], self.Wb[L - 1], out=self.out)
            acts[-1].forward_into(a_L, a_L)
        else:
            a_L = acts[-1].forward_into(mm(self.A[L - 1], self.Wb[L - 1], out=z_L), self.out)
        return a_L

    def loss_and_grad(self, with_loss: bool = True):
        """E and ∂E/∂θ at the network's current θ over the rows in the buffers
        (E is None with ``with_loss=False`` where it would cost a pass of its own)."""
        return self._backpropagate(with_loss, None)

    def descend(self, lr: float) -> None:
        """One step of gradient descent, θ ← θ − lr·∂E/∂θ, over the rows in the buffers.

        The update happens inside BP3 + BP4's products: each layer's
        ``[W; b] ← [W; b] − lr·ãᵀδ`` is one BLAS gemm (C ← αAB + βC with
        α = −lr, β = 1) writing straight into θ, so the weight-sized gradient
        is never stored and read back.  BP2's δ Wᵀ is taken before its W
        changes.  The same equations as :meth:`loss_and_grad` followed by
        gradient descent's step (the tests hold them equal); one network
        only, not a stack.  Made with ``gemm=True``, so that every product
        of the step runs in the one BLAS library that has gemm's α and β.
        """
        self._backpropagate(False, lr)

    def _backpropagate(self, with_loss: bool, lr):
        """Forward pass, BP1, then BP2–BP4 layer by layer down: into the gradient buffer
        (``lr`` None), or as the update θ ← θ − lr·∂E/∂θ (:meth:`descend`)."""
        acts, L, mm = self.net.activations, len(self.Wb), self.mm
        a_L = self.forward()
        delta = self.delta[L - 1]                            # BP1, as the loss object writes it
        E = self.loss.bp1_into(self.z[L - 1], a_L, self.T, acts[-1], delta, self.tmp[L - 1], with_loss)
        a = self.a if self.a_contiguous is None else self.a_contiguous
        for l in range(L - 1, -1, -1):
            if l > 0:                                        # BP2's δ Wᵀ (before a step changes W)
                back = mm(delta, self.Wt[l], out=self.delta[l - 1])
            if lr is None:                                   # BP3 + BP4: ∂E/∂[W; b] = ãᵀ δ
                dWb = mm(self.At[l], delta, out=self.dWb_out[l])
                if dWb is not self.dWb[l]:
                    np.copyto(self.dWb[l], dWb)
            else:                                            # [W; b] ← [W; b] − lr·ãᵀ δ
                _product(self.At[l], delta, self.Wb[l], alpha=-lr, beta=1.0)
            if l > 0:                                        # BP2: δ⁽ˡ⁻¹⁾ = (δ Wᵀ) ⊙ f'(z)
                delta = acts[l - 1].backward_into(self.z[l - 1], a[l - 1], back, self.tmp[l - 1])
        return E, self.grad


def _matrix_product(stacked: bool, gemm: bool):
    """The product the passes use: ``np.matmul`` for a stack's (K, ·, ·) arrays; for one network
    ``np.dot`` (faster for plain matrices), or :func:`_product` where every product must run in
    scipy's BLAS, whose gemm :meth:`_Pass.descend` makes its update with."""
    return np.matmul if stacked else _product if gemm else np.dot


def _product(A: np.ndarray, B: np.ndarray, out: np.ndarray, alpha=1.0, beta=0.0) -> np.ndarray:
    """``out ← α·A B + β·out`` for matrices, as one BLAS gemm call: ``np.dot(A, B, out=out)`` with
    gemm's α and β, which NumPy's products do not have (scipy.linalg.blas has them).

    Fortran reads a C-contiguous matrix as its transpose, so the call
    computes ``outᵀ ← α·Bᵀ Aᵀ + β·outᵀ`` on ``out``'s own memory; an operand
    that is itself a transposed view goes in as it is, with gemm's
    transpose flag.  Nothing is copied for C-contiguous matrices and their
    transposes.

    Examples
    --------
    >>> Wb, A, delta = np.ones((3, 2)), np.arange(12.0).reshape(4, 3), np.full((4, 2), 0.5)
    >>> expected = Wb - 0.1 * A.T @ delta
    >>> _ = _product(A.T, delta, Wb, alpha=-0.1, beta=1.0)          # Wb ← Wb − 0.1·Aᵀ δ
    >>> bool(np.allclose(Wb, expected))
    True
    """
    a, trans_a = (B.T, 0) if B.flags.c_contiguous else (B, 1)
    b, trans_b = (A.T, 0) if A.flags.c_contiguous else (A, 1)
    c = _gemm(out.dtype)(alpha, a, b, beta=beta, c=out.T, trans_a=trans_a, trans_b=trans_b, overwrite_c=1)
    if not np.shares_memory(c, out):                 # out was not C-contiguous: the wrapper made a copy
        out[...] = c.T
    return out


_GEMMS: dict = {}


def _gemm(dtype):
    """BLAS gemm for this dtype (sgemm, dgemm), from scipy.linalg.blas, imported on first use."""
    dtype = np.dtype(dtype)
    gemm = _GEMMS.get(dtype)
    if gemm is None:
        global _controller
        from scipy.linalg import blas

        _controller = None                          # threadpoolctl looks again: scipy's BLAS is loaded now
        gemm = _GEMMS[dtype] = blas.get_blas_funcs("gemm", dtype=dtype)
    return gemm


class _WidePass:
    """:class:`_Pass` for a stack of small networks, with the networks on the last axis.

    Every a⁽ˡ⁾ and δ⁽ˡ⁾ is (n, h, K) and θ is read as its transpose (p, K),
    so each layer's [W; b] is a (fan_in + 1, fan_out, K) block.  Then:

    * the first layer, whose input rows x̃ = [x, 1] all K networks share, is
      one matrix product with their weights side by side,
      z = x̃ [W; b] ((n, d+1) by (d+1, h·K)), and its BP3 + BP4 one more,
      x̃ᵀ δ;
    * a later layer's sums z_o = Σ_j ã_j w_jo (ã = [a, 1] again: each hidden
      a⁽ˡ⁾ is the first h rows of an (n, h + 1, K) array whose last row is
      ones, so the bias is one more weight), BP2's Σ_o δ_o w_jo and
      BP3 + BP4's Σ_n ã_j δ_o run over contiguous rows of K (``einsum``);
    * f, f′ and BP1 are one pass each over contiguous memory.

    The same equations as :class:`_Pass`, which the tests hold it equal to.
    Used where :func:`bpnn.engines.select.select` chooses the ``wide`` engine.
    """

    def __init__(self, net: Network, n: int, loss: Loss, grad: np.ndarray) -> None:
        self.net, self.loss, self.grad = net, loss, grad
        dt, K = net.dtype, net.theta.shape[0]
        self.A0 = np.ones((n, net.sizes[0] + 1), dtype=dt)           # x̃ = [x, 1]
        self.x = self.A0[:, :-1]
        self.T = np.empty((n, net.sizes[-1]), dtype=dt)
        self.thetaT, self.gradT = np.empty((net.n_params, K), dtype=dt), np.empty((net.n_params, K), dtype=dt)
        self.Wb, self.dWb = _blocks(self.thetaT.T, net.sizes), _blocks(self.gradT.T, net.sizes)
        self.Wb = [Wb.transpose(1, 2, 0) for Wb in self.Wb]           # (fan_in + 1, fan_out, K) views
        self.dWb = [dWb.transpose(1, 2, 0) for dWb in self.dWb]
        # ã⁽ˡ⁾ = [a⁽ˡ⁾, 1] for the hidden layers, a⁽ᴸ⁾ alone for the output; a⁽ˡ⁾ as views
        self.At = [np.ones((n, h + 1, K), dtype=dt) for h in net.sizes[1:-1]]
        self.a = [At[:, :-1] for At in self.At] + [np.empty((n, net.sizes[-1], K), dtype=dt)]
        self.delta = [np.empty((n, h, K), dtype=dt) for h in net.sizes[1:]]
        self.tmp = [np.empty((n, h, K), dtype=dt) for h in net.sizes[1:]]
        # z, then f(z): a hidden layer's in tmp, contiguous (f′ is computed from it; the backward pass
        # then uses it as its scratch), copied into ã; the output's in a⁽ᴸ⁾ itself
        self.z = self.tmp[:-1] + self.a[-1:]
        self.acts = net.activations
        # the first layer as 2-D views, all networks side by side: [W; b] and its gradient (d+1, h·K),
        # and z (n, h·K)
        d1 = net.sizes[0] + 1
        self.W1, self.dW1, self.z1 = self.Wb[0].reshape(d1, -1), self.dWb[0].reshape(d1, -1), self.z[0].reshape(n, -1)

    def loss_and_grad(self, with_loss: bool = True):
        """E (K,) and ∂E/∂θ (K, p) at the networks' current θ over the rows in the buffers."""
        acts, L, n = self.acts, len(self.a), self.A0.shape[0]
        np.copyto(self.thetaT, self.net.theta.T)
        # forward: layer 1 for all K at once, then the sums over each network's units
        np.dot(self.A0, self.W1, out=self.z1)
        for l in range(L):
            if l > 0:                                                 # z = ã [W; b]
                np.einsum("njk,jok->nok", self.At[l - 1], self.Wb[l], out=self.z[l])
            acts[l].forward_into(self.z[l], self.z[l], axis=1)           # the units are axis 1
            if l < L - 1:
                np.copyto(self.a[l], self.z[l])
        # BP1, as the loss object writes it, on (K, n, m) views of the (n, m, K) arrays
        a_L = self.a[-1]
        delta = self.delta[-1]
        E = self.loss.bp1_into(None, a_L.transpose(2, 0, 1), self.T, acts[-1], delta.transpose(2, 0, 1),
                               self.tmp[-1].transpose(2, 0, 1), with_loss)
        # BP2–BP4, layer by layer down to the second; the first is one product again
        for l in range(L - 1, 0, -1):
            np.einsum("njk,nok->jok", self.At[l - 1], delta, out=self.dWb[l])          # [∂E/∂W; ∂E/∂b] = ãᵀ δ
            back = np.einsum("nok,jok->njk", delta, self.Wb[l][:-1], out=self.delta[l - 1])
            delta = acts[l - 1].backward_into(None, self.z[l - 1], back, self.tmp[l - 1], axis=1)
        np.dot(self.A0.T, delta.reshape(n, -1), out=self.dW1)
        np.copyto(self.grad, self.gradT.T)
        return E, self.grad


def wide_declines(net: Network) -> str | None:
    """Why :class:`_WidePass` cannot compute this network, or None: it overwrites every z with a
    (so f' must come from a alone), its hidden units must be element-wise, and a non-element-wise
    output must take the units' axis (its units are axis 1 there)."""
    for l, f in enumerate(net.activations, start=1):
        if not f.derivative_from_a:
            return f"layer {l}'s {f.name} needs z for its derivative, and the wide layout keeps only a"
        if not f.elementwise and (l < net.n_layers or not f.units_axis):
            return f"layer {l}'s {f.name} mixes units, which the wide layout computes only for a softmax-like output"
    return None


#: The most weights ([W; b], per network) of a layer after the first in a stack that the selector
#: computes wide (measured: the wide layout wins for K ≥ 16 networks whose later layers are tiny —
#: 1.3–1.9x for K = 100–1000 — and loses where they are larger; docs/performance.md).
WIDE_MAX_WEIGHTS = 16


def _make_pass(net: Network, n: int, loss: Loss, grad: np.ndarray, gemm: bool = False, wide: bool = False):
    """The buffers and code of one pass over ``n`` rows: :class:`_WidePass` (``wide``, chosen by
    :mod:`bpnn.engines.select`) or :class:`_Pass`."""
    return _WidePass(net, n, loss, grad) if wide else _Pass(net, n, loss, grad, gemm)


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
    >>> from bpnn.core.backprop import loss_and_grad
    >>> net = Network([2, 3, 1], seed=0)
    >>> X, T = np.random.default_rng(0).normal(size=(5, 2)), np.ones((5, 1))
    >>> E, g = FullBatch(net, X, T).loss_and_grad()
    >>> E_ref, g_ref = loss_and_grad(net, X, T)
    >>> bool(np.isclose(E, E_ref) and np.allclose(g, g_ref))
    True
    """

    def __init__(self, net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse",
                 wide: bool = False) -> None:
        self.net, self.X, self.T, self.loss_fn, self.wide = net, X, T, get_loss(loss), wide
        self._pass = None                       # buffers made on the first call (some users never call)

    def loss_and_grad(self):
        """E and ∂E/∂θ at the network's current θ (for a stack: E (K,), ∂E/∂θ (K, p)).

        The returned gradient is an internal buffer, overwritten by the next
        call: use it (or copy it) before calling again.
        """
        if self._pass is None:
            self.grad = np.zeros(self.net.theta.shape, dtype=self.net.dtype)
            self._pass = _make_pass(self.net, self.X.shape[0], self.loss_fn, self.grad, wide=self.wide)
            self._pass.x[...] = self.X
            self._pass.T[...] = self.T
        return self._pass.loss_and_grad()


def add_input_noise(x: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """x ← x + σ·ε in place, ε ~ N(0, I) of x's shape and type, drawn from ``rng``: a batch's inputs
    jittered for one step (``train(..., input_noise=σ)``).  Every engine draws the same ε for the same
    batch, in the same order, from this function.

    Training on inputs jittered afresh each step is, for small σ, minimising E plus a penalty
    ≈ σ²/2 · Σ‖∂y/∂x‖² on how fast the outputs change with the inputs (Bishop, 1995, "Training
    with noise is equivalent to Tikhonov regularization"): a smoothness prior, in the units of x.

    Examples
    --------
    >>> x = np.zeros((2, 3))
    >>> _ = add_input_noise(x, 0.1, np.random.default_rng(0))
    >>> bool(np.all(x != 0) and np.all(np.abs(x) < 1))
    True
    """
    x += sigma * rng.standard_normal(x.shape, dtype=x.dtype)
    return x


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
    gemm : bool, default False
        Every matrix product through BLAS gemm from scipy (:func:`_product`),
        which :meth:`descend` needs (one network only; ignored for a stack).

    Examples
    --------
    >>> from bpnn.core.backprop import loss_and_grad
    >>> net = Network([2, 3, 1], seed=0)
    >>> X, T = np.random.default_rng(0).normal(size=(9, 2)), np.ones((9, 1))
    >>> rows = np.array([4, 0, 7])
    >>> E, g = MiniBatch(net, X, T).loss_and_grad(rows)
    >>> E_ref, g_ref = loss_and_grad(net, X[rows], T[rows])
    >>> bool(np.isclose(E, E_ref) and np.allclose(g, g_ref))
    True
    """

    def __init__(self, net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse",
                 gemm: bool = False, wide: bool = False) -> None:
        self.net, self.X, self.T, self.loss_fn, self.wide = net, X, T, get_loss(loss), wide
        self.grad = np.zeros(net.theta.shape, dtype=net.dtype)
        self.gemm = gemm and net.n_stack is None         # every product through _product (for descend)
        if self.gemm:
            _gemm(net.dtype)                              # loaded now, before any BLAS threads are set
        self._passes: dict[int, _Pass | _WidePass] = {}
        self._loss_threads, self._layers, self._z = None, None, {}
        self._noise = None                                # (σ, generator): train(..., input_noise=σ)

    def jitter(self, sigma: float, rng: np.random.Generator) -> None:
        """From now on, add fresh noise σ·ε (ε ~ N(0, I), drawn from ``rng``) to the inputs of every
        batch loaded for a step (:func:`add_input_noise`); :meth:`loss` keeps the rows as they are."""
        self._noise = (sigma, rng) if sigma > 0 else None

    def loss_and_grad(self, rows: np.ndarray):
        """E and ∂E/∂θ over the rows ``rows`` of X and T (E is the batch's loss).

        The returned gradient is an internal buffer, overwritten by the next call.
        """
        return self._load(rows).loss_and_grad()

    def gradient(self, rows: np.ndarray) -> np.ndarray:
        """∂E/∂θ over the rows ``rows`` (an internal buffer, like :meth:`loss_and_grad`'s), without
        the batch's loss value: the minibatch loop steps on the gradient alone."""
        return self._load(rows).loss_and_grad(with_loss=False)[1]

    def loss_and_grad_of(self, X: np.ndarray, T: np.ndarray):
        """E and ∂E/∂θ over rows given as arrays (a batch read from a file), through the buffers of
        their batch size; the gradient is an internal buffer, like :meth:`loss_and_grad`'s."""
        p = self._pass_of(len(X))
        p.x[...] = X
        p.T[...] = T
        return p.loss_and_grad()

    def descend(self, rows: np.ndarray, lr: float) -> None:
        """One gradient-descent step θ ← θ − lr·∂E/∂θ over the rows ``rows``, the update made inside
        the gradient's products (:meth:`_Pass.descend`); one network, not a stack."""
        if not self.gemm:
            raise ValueError("MiniBatch.descend needs one network and MiniBatch(..., gemm=True)")
        self._load(rows).descend(lr)

    def loss(self, chunk: int | None = None):
        """E over all rows (a float, or (K,) for a stack), forward passes over ``chunk`` rows at a time.

        The same value as ``loss.value(net.forward(X), T)``, without the
        n-row intermediate arrays.  The default chunk is as many rows as fit
        :data:`LOSS_CHUNK_BYTES` of buffers (at least 512): large enough for
        matrix products that run near the BLAS's peak, small enough that a
        stack of networks does not multiply the memory.
        """
        n = self.X.shape[0]
        chunk = min(n, chunk or max(512, LOSS_CHUNK_BYTES // _row_bytes(self.net)))
        total = 0.0
        if self._loss_threads is None:
            self._loss_threads = blas_threads(self.net, chunk)
        with self._loss_threads as threads:
            for start in range(0, n, chunk):
                threads.tick()
                stop = min(start + chunk, n)
                value = self.loss_fn.value(self._forward(self.X[start:stop]), self.T[start:stop])
                total = total + (value * (stop - start) / n if self.loss_fn.mean_over_rows else value)
        return total

    def _forward(self, x: np.ndarray) -> np.ndarray:
        """a⁽ᴸ⁾ for the rows x, layer by layer: z = a W + b, a = f(z) in place (no backward pass follows,
        so nothing is kept: the rows are read where they are and each layer has one buffer)."""
        if self._layers is None:                          # W⁽ˡ⁾ and b⁽ˡ⁾ (as a row) viewed in θ
            self._layers = [(Wb[..., :-1, :], Wb[..., -1:, :]) for Wb in _blocks(self.net.theta, self.net.sizes)]
        buffers = self._z.get(len(x))
        if buffers is None:
            lead = self.net.theta.shape[:-1]
            buffers = self._z[len(x)] = [np.empty((*lead, len(x), fan_out), dtype=self.net.dtype)
                                         for _, fan_out in layer_shapes(self.net.sizes)]
        mm = _matrix_product(self.net.n_stack is not None, self.gemm)
        a = x
        for (W, b), f, z in zip(self._layers, self.net.activations, buffers):
            mm(a, W, out=z)
            z += b
            f.forward_into(z, z)
            a = z
        return a

    def _pass_of(self, n: int) -> _Pass | _WidePass:
        """The buffers for batches of ``n`` rows (made on first use)."""
        p = self._passes.get(n)
        if p is None:
            p = self._passes[n] = _make_pass(self.net, n, self.loss_fn, self.grad, self.gemm, self.wide)
        return p

    def _load(self, rows) -> _Pass | _WidePass:
        """The buffers for this many rows, holding these rows of X and T."""
        if isinstance(rows, slice):
            n = rows.stop - rows.start
        else:
            n = len(rows)
        p = self._pass_of(n)
        if isinstance(rows, slice):
            p.x[...] = self.X[rows]
            p.T[...] = self.T[rows]
        else:
            np.take(self.X, rows, axis=0, out=p.x)
            np.take(self.T, rows, axis=0, out=p.T)
        if self._noise is not None:
            add_input_noise(p.x, *self._noise)
        return p


def _blocks(theta: np.ndarray, sizes) -> list[np.ndarray]:
    """Each layer's ``[W; b]`` ((fan_in + 1) × fan_out, per network of a stack) as a view of θ
    (or of anything laid out like it, such as the gradient)."""
    lead = theta.shape[:-1]
    return [theta[..., w.start:b.stop].reshape(*lead, fan_in + 1, fan_out)      # W row by row, then b
            for (w, b), (fan_in, fan_out) in zip(layer_slices(sizes), layer_shapes(sizes))]


#: Buffer memory for one chunk of :meth:`MiniBatch.loss`'s forward passes.
LOSS_CHUNK_BYTES = 16 * 1024 ** 2


def _row_bytes(net: Network) -> int:
    """Bytes per row of :meth:`MiniBatch.loss`'s buffers: one z per layer and network."""
    return net.dtype.itemsize * (net.n_stack or 1) * sum(net.sizes[1:])


# -- BLAS threads -----------------------------------------------------------------

#: Products of fewer flops than this are training's "medium" products, whose number of BLAS
#: threads is chosen by measuring (``BPNN_BLAS_THREADS`` overrides: a number of threads, or
#: 0 to leave BLAS alone); larger ones are left to the BLAS.
SMALL_PRODUCT_FLOPS = 2 ** 28
_TINY_PRODUCT_FLOPS = 2 ** 17        # BLAS runs these on one thread anyway: nothing to choose
_controller = None


#: Weights from which the selector makes one network's minibatch gd step inside its products
#: (:meth:`MiniBatch.descend`): there the weight-sized passes the update saves outweigh scipy's gemm
#: wrapper's extra microsecond per product over ``np.dot``.
DESCEND_WEIGHTS = 2 ** 14


def product_flops(net: Network, rows: int) -> int:
    """Flops of the largest matrix product of one forward pass over ``rows`` rows."""
    return 2 * rows * max((fan_in + 1) * fan_out for fan_in, fan_out in layer_shapes(net.sizes))


class ThreadTuner:
    """BLAS threads for a loop of equal steps: one thread or all, whichever is measured faster.

    A product of a few million to a few hundred million flops (a minibatch of
    a medium network, a full batch of a few thousand rows) sits on the edge
    of what is worth sharing between threads.  On a quiet machine two threads
    do it in about half the time; on a machine whose cores are busy with other
    work, a thread that waits at the end of every product for a descheduled
    partner makes it 10–40× slower than one thread alone.  Neither choice is
    right everywhere, so the tuner measures: the loop calls :meth:`tick`
    before each step; the first ``probe`` steps run on one thread, the next
    ``probe`` on all, and the rest on the faster by median step time.  A
    choice that takes over 3× the best seen is dropped after one step (that
    is the price of a probe under load).  After ``every`` steps it probes
    again, so a change of load is followed; each probe that confirms the
    last doubles the interval, up to 16 × ``every``.

    Use it as a context (``with tuner:``) around the steps; it leaves the
    BLAS's own setting in place on exit.  The tuner can be entered again
    (one epoch after another) and keeps what it learnt.

    Parameters
    ----------
    choices : sequence of int
        Thread counts to choose between; one choice disables the probing.
    probe, every : int
        Steps timed per choice in a probe; steps between probes.

    Examples
    --------
    >>> tuner = ThreadTuner((1, 2), probe=2, every=100)
    >>> with tuner:
    ...     for step in range(10):
    ...         tuner.tick()
    ...         _ = np.dot(np.ones((50, 50)), np.ones((50, 50)))
    >>> tuner.threads in (1, 2)
    True
    """

    def __init__(self, choices, probe: int = 6, every: int = 300) -> None:
        self.choices = tuple(dict.fromkeys(int(c) for c in choices if int(c) > 0))
        self.probe, self.every = probe, every
        self.threads = self.choices[0] if self.choices else None    # the current choice (None: BLAS's own)
        self._libs, self._saved = [], []
        self._step, self._t = 0, None              # steps since the probe began, time of the last tick
        self._times = {c: [] for c in self.choices}
        self._winner, self._interval = None, every

    def __enter__(self) -> ThreadTuner:
        if self.choices:
            self._libs = _blas_libraries()
            self._saved = [lib.get_num_threads() for lib in self._libs]
            self._t = None
            self._set(self.threads)
        return self

    def __exit__(self, *exc) -> None:
        for lib, n in zip(self._libs, self._saved):
            lib.set_num_threads(n)
        self._libs, self._saved = [], []

    def tick(self) -> None:
        """Mark the start of a step (and the end of the previous one)."""
        if len(self.choices) < 2:
            return
        import time

        now, probe_steps = time.perf_counter(), self.probe * len(self.choices)
        if self._t is not None and self._step <= probe_steps:      # the step that just ended was a probe
            took = now - self._t
            self._times[self.threads].append(took)
            others = min((self._median(c) for c in self.choices if c != self.threads), default=np.inf)
            if took > 3 * others:                                   # far slower than another choice seen:
                self._step = probe_steps                            # no need to see more of it
        self._t = now
        self._step += 1
        if self._step <= probe_steps:                               # probing: each choice in turn
            self._set(self.choices[(self._step - 1) // self.probe])
        elif self._step == probe_steps + 1:                         # probe done: keep the fastest
            winner = min(self.choices, key=self._median)
            if winner == self._winner:                              # the same again: probe less often
                self._interval = min(2 * self._interval, 16 * self.every)
            self._winner = winner
            self._set(winner)
        elif self._step > self._interval:                           # time for a new probe
            self._step, self._t = 0, None
            self._times = {c: [] for c in self.choices}
            self.tick()

    def _median(self, threads: int) -> float:
        times = self._times[threads][1:]                            # the first step after a switch warms up
        return float(np.median(times)) if times else np.inf

    def _set(self, threads: int) -> None:
        for lib in self._libs:
            if lib.get_num_threads() != threads:
                lib.set_num_threads(threads)
        self.threads = threads


def _blas_libraries() -> list:
    """threadpoolctl's controllers of the BLAS libraries loaded (none without threadpoolctl)."""
    global _controller
    try:
        if _controller is None:
            from threadpoolctl import ThreadpoolController    # comes with scikit-learn

            _controller = ThreadpoolController()
        return list(_controller.select(user_api="blas").lib_controllers)
    except Exception:                                         # noqa: BLE001  (no threadpoolctl: leave BLAS alone)
        return []


def blas_threads(net: Network, rows: int) -> ThreadTuner:
    """A :class:`ThreadTuner` for training steps whose products are those of ``rows`` rows.

    Products of a few million to a few hundred million flops get a tuner
    that chooses between one thread and all by measuring (see
    :class:`ThreadTuner`); tiny and large products are left to the BLAS (a
    tuner with nothing to choose).  The environment variable
    ``BPNN_BLAS_THREADS`` fixes the number of threads (0 leaves BLAS alone).

    Examples
    --------
    >>> with blas_threads(Network([784, 256, 10]), 128) as threads:
    ...     threads.tick()
    """
    import os

    setting = os.environ.get("BPNN_BLAS_THREADS", "").strip()
    try:
        fixed = int(setting) if setting else None
    except ValueError:
        fixed = 0
    if fixed is not None:
        return ThreadTuner([fixed])                     # 0 (or nonsense): no choice, BLAS left alone
    flops = product_flops(net, rows) * (net.n_stack or 1)
    if _TINY_PRODUCT_FLOPS <= flops < SMALL_PRODUCT_FLOPS:
        most = max([lib.get_num_threads() for lib in _blas_libraries()], default=1)
        if most > 1:                                    # BLAS's own setting, or one thread
            return ThreadTuner((1, most))
    return ThreadTuner([])
