"""The objective an optimiser minimises: E(θ), ∂E/∂θ and, for least squares, e(θ) and J(θ).

Optimisers never see a network.  They see a parameter array ``theta`` of
shape (K, p) — K problems minimised side by side (K = 1 for one network, K
restarts for multi-start) — and an objective that evaluates, *at the current
contents of theta*:

* ``loss(rows=None)``          → E, shape (K,) (or of the problems in ``rows``)
* ``loss_at(thetas)``          → E at trial points (M × p) not stored in theta
* ``loss_and_grad()``          → E (K,), ∂E/∂θ (K, p)
* ``residuals_and_jacobian()`` → e (K, N), J (K, N, p), with E = s·Σe²
* ``normal_equations()``       → JᵀJ (K, p, p), Jᵀe (K, p), Σe² (K,) and N: what
  Levenberg–Marquardt and Bayesian regularisation use (from e and J here; summed
  over blocks of rows by :class:`bpnn.training.distributed.DistributedObjective`)

With weight decay (``train(..., weight_decay=λ)``) the objective is the
regularised F(θ) = E(θ) + (λ/2)·Σ w² over the weights W⁽ˡ⁾ (not the biases):
``loss``, ``loss_at`` and ``loss_and_grad`` give F and ∂F/∂θ, and the
residuals gain one row √(λ/2s)·w per weight (see :class:`WeightDecay`), so
every optimiser minimises F without knowing that it is regularised.

An optimiser that tries a point writes it into ``theta``, evaluates, and
writes back what it keeps.  :class:`NetworkObjective` wraps a network and a
data set; :class:`FunctionObjective` wraps plain functions, which is how the
tests run every optimiser on quadratics and on Rosenbrock's function.
"""

from __future__ import annotations

import numpy as np

from ..core.backprop import forward_layers, loss_and_grad, residuals_and_jacobian
from ..errors import BPNNError
from ..engines.buffered import FullBatch
from ..core.losses import Loss, get_loss
from ..core.network import Network, forward_pass, layer_slices, split_theta
from ..validation import positive

JACOBIAN_LIMIT_BYTES = 2 * 1024 ** 3   # refuse a Levenberg–Marquardt Jacobian larger than this


class WeightDecay:
    """The L2 penalty (λ/2)·Σ w² on a network's weights W⁽ˡ⁾ — not its biases b⁽ˡ⁾.

    Parameters
    ----------
    weight_decay : float
        λ ≥ 0, in units of the loss (our losses are means over the rows, so λ
        does not grow with the number of samples).
    sizes : sequence of int
        The network's layer sizes (where the weights sit in θ).
    dtype : numpy dtype, default float64

    Notes
    -----
    The regularised objective and its gradient, with m = 1 at the positions
    of θ that hold a weight and 0 at those that hold a bias:

        F(θ) = E(θ) + (λ/2)·Σᵢ mᵢθᵢ²,      ∂F/∂θ = ∂E/∂θ + λ·m⊙θ

    so BP3 is unchanged (∂F/∂b = ∂E/∂b) and BP4 gains λ·W⁽ˡ⁾.  In gradient
    descent the step θ ← θ − η(∂E/∂θ + λ·m⊙θ) shrinks every weight by the
    factor (1 − ηλ) before the data's step: hence the name "weight decay".
    For least squares, E = s·Σe², F = s·Σ ẽ² with the residuals extended by
    √(λ/2s)·w, one row per weight, whose Jacobian rows are √(λ/2s) times a
    row of the identity (:meth:`extend_residuals`).

    Examples
    --------
    >>> decay = WeightDecay(0.5, [1, 2, 1])              # θ = [W1 (2), b1 (2), W2 (2), b2 (1)]
    >>> theta = np.array([[1.0, 2.0, 10.0, 10.0, 3.0, 4.0, 10.0]])
    >>> decay.penalty(theta)                             # 0.25 · (1 + 4 + 9 + 16); biases ignored
    array([7.5])
    >>> decay.gradient(np.zeros((1, 7)), theta)          # λ·w at the weights, 0 at the biases
    array([[0.5, 1. , 0. , 0. , 1.5, 2. , 0. ]])
    """

    def __init__(self, weight_decay: float, sizes, dtype=np.float64) -> None:
        self.weight_decay = float(weight_decay)
        slices = layer_slices(sizes)
        mask = np.zeros(slices[-1][1].stop, dtype=dtype)        # one entry per parameter of θ
        for w_slice, _ in slices:
            mask[w_slice] = 1.0
        self.mask = mask                                        # m: 1 at weights, 0 at biases
        self.weights = np.flatnonzero(mask)                     # their positions in θ

    def penalty(self, thetas: np.ndarray) -> np.ndarray:
        """(λ/2)·Σ w² of each row of ``thetas`` (M × p), shape (M,)."""
        w = thetas[..., self.weights]
        return 0.5 * self.weight_decay * np.sum(w * w, axis=-1)         # row by row, the same in a stack

    def gradient(self, grad: np.ndarray, thetas: np.ndarray) -> np.ndarray:
        """∂E/∂θ + λ·m⊙θ: a new array (``grad`` is left as it is)."""
        return grad + self.weight_decay * (self.mask * thetas)

    def extend_residuals(self, e: np.ndarray, J: np.ndarray, thetas: np.ndarray, scale: float):
        """e and J (K × N, K × N × p) with the rows √(λ/2s)·w and √(λ/2s)·I_w appended.

        Then s·Σ ẽ² = s·Σ e² + (λ/2)·Σ w² = F, and Levenberg–Marquardt's step
        on (ẽ, J̃) is the step on F: J̃ᵀJ̃ = JᵀJ + (λ/2s)·diag(m).
        """
        c = np.sqrt(self.weight_decay / (2.0 * scale))
        K, N, p = J.shape
        rows = np.zeros((K, self.weights.size, p), dtype=J.dtype)
        rows[:, np.arange(self.weights.size), self.weights] = c
        return (np.concatenate([e, c * thetas[:, self.weights]], axis=1),
                np.concatenate([J, rows], axis=1))


def gauss_newton(e: np.ndarray, J: np.ndarray):
    """JᵀJ (K, p, p), Jᵀe (K, p) and Σe² (K,) of residuals e (K, N) and their Jacobian J (K, N, p):
    what Levenberg–Marquardt and Bayesian regularisation solve with."""
    return J.swapaxes(1, 2) @ J, np.einsum("kni,kn->ki", J, e), np.sum(e * e, 1)


def check_weight_decay(weight_decay) -> float:
    """λ as a float, or a clear error for a negative, NaN, infinite or non-numeric value."""
    try:
        return float(positive(weight_decay, "weight_decay", allow_zero=True))
    except BPNNError:
        raise BPNNError(f"weight_decay must be a non-negative number (λ in E + (λ/2)·Σw²; 0 turns it off), "
                        f"got {weight_decay!r}") from None


class NetworkObjective:
    """E, ∂E/∂θ, e and J of a network (or stack of networks) on fixed data.

    Parameters
    ----------
    net : Network
        Single or stacked; ``theta`` is its θ viewed as (K, p).
    X, T : ndarray
        Inputs (n×d) and targets (n×m), already checked.
    loss : str or Loss
    engine : {"buffered", "wide", "reference"}
        The engine of E and ∂E/∂θ (chosen by :func:`bpnn.engines.select.select`):
        :class:`bpnn.engines.buffered.FullBatch` in the rows' or the wide
        layout, or the readable :func:`bpnn.core.backprop.loss_and_grad`.
    weight_decay : float, default 0
        λ: the objective becomes F = E + (λ/2)·Σ w² (:class:`WeightDecay`);
        ``decay`` is None when λ = 0, and then F is E, bit for bit.

    Examples
    --------
    >>> net = Network([1, 2, 1], init="randn", seed=0)
    >>> X, T = np.array([[0.5], [1.0]]), np.array([[0.0], [1.0]])
    >>> plain, decayed = NetworkObjective(net, X, T), NetworkObjective(net, X, T, weight_decay=0.1)
    >>> E, F, g = decayed.losses_and_grad()
    >>> bool(np.allclose(E, plain.loss()) and np.allclose(F - E, decayed.decay.penalty(decayed.theta)))
    True
    """

    def __init__(self, net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse",
                 engine: str = "buffered", weight_decay: float = 0.0) -> None:
        self.net, self.X, self.T, self.loss_fn = net, X, T, get_loss(loss)
        self.theta = net.theta.reshape(-1, net.n_params)       # a view: (K, p)
        self.single = net.n_stack is None
        self._kernel = (None if engine == "reference"
                        else FullBatch(net, X, T, self.loss_fn, wide=engine == "wide").loss_and_grad)
        self.n_residuals = T.size
        weight_decay = check_weight_decay(weight_decay)
        self.decay = WeightDecay(weight_decay, net.sizes, net.dtype) if weight_decay > 0 else None

    @property
    def is_least_squares(self) -> bool:
        return self.loss_fn.is_least_squares

    @property
    def residual_scale(self) -> float:
        """s in E = s·Σe²."""
        return self.loss_fn.residual_scale(self.n_residuals)

    def data_loss(self) -> np.ndarray:
        """E (K,) at the current θ: the loss on the data alone, without the weight penalty."""
        return np.reshape(self.loss_fn.value(self.net.forward(self.X), self.T), -1)

    def loss(self, rows=None) -> np.ndarray:
        """F at the current θ: all K problems, or only those in ``rows`` (indices into the stack)."""
        if rows is None:
            E = self.data_loss()
            return E if self.decay is None else E + self.decay.penalty(self.theta)
        return self.loss_at(self.theta[rows])

    def loss_at(self, thetas: np.ndarray) -> np.ndarray:
        """F at each row of ``thetas`` (M × p): trial points that are not (yet) in θ."""
        a = forward_pass(*split_theta(thetas, self.net.sizes), self.net.activations, self.X)
        E = np.reshape(self.loss_fn.value(a, self.T), -1)
        return E if self.decay is None else E + self.decay.penalty(thetas)

    def losses_and_grad(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """E (K,), F = E + (λ/2)·Σw² (K,) and ∂F/∂θ (K, p) at the current θ; the gradient is a fresh array.

        Without weight decay F is E (the same array).  (The fast kernel
        reuses one buffer; an algorithm that evaluates a second point, like
        SCG, must still hold the first gradient.)
        """
        if self._kernel is not None:
            E, g = self._kernel()
            g = g.copy()
        else:
            E, g = loss_and_grad(self.net, self.X, self.T, self.loss_fn)
        E, g = np.reshape(E, -1), g.reshape(-1, self.net.n_params)
        if self.decay is None:
            return E, E, g
        return E, E + self.decay.penalty(self.theta), self.decay.gradient(g, self.theta)

    def loss_and_grad(self) -> tuple[np.ndarray, np.ndarray]:
        """F (K,) and ∂F/∂θ (K, p) at the current θ (F = E without weight decay)."""
        _, F, g = self.losses_and_grad()
        return F, g

    def residuals_and_jacobian(self) -> tuple[np.ndarray, np.ndarray]:
        """e (K, N) and J (K, N, p); with weight decay, extended so that F = s·Σe² (:class:`WeightDecay`)."""
        if not self.is_least_squares:
            raise BPNNError(
                f"this algorithm needs a least-squares loss (mse or sse), not {self.loss_fn.name!r}; "
                f"use scg, bfgs, lbfgs, rprop or adam for {self.loss_fn.name}"
            )
        extra = 0 if self.decay is None else self.decay.weights.size
        check_jacobian_fits(*self.theta.shape[:1], self.n_residuals + extra, self.net.n_params, self.theta.itemsize)
        e, J = residuals_and_jacobian(self.net, self.X, self.T)
        e, J = e.reshape(-1, e.shape[-1]), J.reshape(-1, *J.shape[-2:])
        if self.decay is not None:
            e, J = self.decay.extend_residuals(e, J, self.theta, self.residual_scale)
        return e, J

    def normal_equations(self):
        """JᵀJ (K, p, p), Jᵀe (K, p), Σe² (K,) and the number of residuals N, from
        :meth:`residuals_and_jacobian` (a distributed objective sums them over blocks of rows instead)."""
        e, J = self.residuals_and_jacobian()
        return (*gauss_newton(e, J), e.shape[1])

    def outputs(self) -> np.ndarray:
        """a⁽ᴸ⁾ at the current θ (for inspection)."""
        return forward_layers(self.net, self.X)[1][-1]


def check_jacobian_fits(K: int, N: int, p: int, itemsize: int = 8, algorithm: str = "lm/br") -> None:
    """Refuse a Jacobian (K·N·p values) that would not fit in memory, with the estimate."""
    need = K * N * (p + 1) * itemsize + K * p * p * itemsize
    if need > JACOBIAN_LIMIT_BYTES:
        raise BPNNError(
            f"{algorithm} needs a Jacobian of {N} residuals × {p} weights"
            f"{f' × {K} networks' if K > 1 else ''} ≈ {need / 1024 ** 3:.1f} GiB, more than the "
            f"{JACOBIAN_LIMIT_BYTES / 1024 ** 3:.0f} GiB limit; use 'scg' or 'rprop' (memory O(p)), "
            f"fewer samples or a smaller network"
        )


class FunctionObjective:
    """An objective from plain functions of θ (one problem per row of ``theta``).

    Parameters
    ----------
    theta : ndarray, shape (K, p)
        Starting points; optimisers update it in place.
    f : callable
        ``f(theta) -> (K,)``.
    grad : callable
        ``grad(theta) -> (K, p)``.
    residuals : callable, optional
        ``residuals(theta) -> (e (K, N), J (K, N, p))`` with f = scale·Σe².
    scale : float, default 1.0

    Examples
    --------
    >>> A = np.diag([1.0, 10.0])
    >>> obj = FunctionObjective(np.ones((1, 2)), lambda t: 0.5 * np.einsum("ki,ij,kj->k", t, A, t),
    ...                         lambda t: t @ A)
    >>> obj.loss_and_grad()
    (array([5.5]), array([[ 1., 10.]]))
    """

    def __init__(self, theta: np.ndarray, f, grad, residuals=None, scale: float = 1.0) -> None:
        self.theta = theta
        self._f, self._grad, self._res, self.residual_scale = f, grad, residuals, scale

    @property
    def is_least_squares(self) -> bool:
        return self._res is not None

    def loss(self, rows=None) -> np.ndarray:
        return self.loss_at(self.theta if rows is None else self.theta[rows])

    def loss_at(self, thetas: np.ndarray) -> np.ndarray:
        return np.asarray(self._f(thetas), dtype=float)

    def loss_and_grad(self) -> tuple[np.ndarray, np.ndarray]:
        return self.loss(), np.asarray(self._grad(self.theta), dtype=float)

    def residuals_and_jacobian(self) -> tuple[np.ndarray, np.ndarray]:
        if self._res is None:
            raise BPNNError("this objective has no residuals; use a gradient-based algorithm")
        return self._res(self.theta)

    def normal_equations(self):
        e, J = self.residuals_and_jacobian()
        return (*gauss_newton(e, J), e.shape[1])
