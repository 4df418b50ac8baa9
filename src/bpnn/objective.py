"""The objective an optimiser minimises: E(θ), ∂E/∂θ and, for least squares, e(θ) and J(θ).

Optimisers never see a network.  They see a parameter array ``theta`` of
shape (K, p) — K problems minimised side by side (K = 1 for one network, K
restarts for multi-start) — and an objective that evaluates, *at the current
contents of theta*:

* ``loss(rows=None)``          → E, shape (K,) (or of the problems in ``rows``)
* ``loss_at(thetas)``          → E at trial points (M × p) not stored in theta
* ``loss_and_grad()``          → E (K,), ∂E/∂θ (K, p)
* ``residuals_and_jacobian()`` → e (K, N), J (K, N, p), with E = s·Σe²

An optimiser that tries a point writes it into ``theta``, evaluates, and
writes back what it keeps.  :class:`NetworkObjective` wraps a network and a
data set; :class:`FunctionObjective` wraps plain functions, which is how the
tests run every optimiser on quadratics and on Rosenbrock's function.
"""

from __future__ import annotations

import numpy as np

from .backprop import forward_layers, loss_and_grad, residuals_and_jacobian
from .errors import BPNNError
from .kernels import FullBatch
from .losses import Loss, get_loss
from .network import Network, split_theta

JACOBIAN_LIMIT_BYTES = 2 * 1024 ** 3   # refuse a Levenberg–Marquardt Jacobian larger than this


class NetworkObjective:
    """E, ∂E/∂θ, e and J of a network (or stack of networks) on fixed data.

    Parameters
    ----------
    net : Network
        Single or stacked; ``theta`` is its θ viewed as (K, p).
    X, T : ndarray
        Inputs (n×d) and targets (n×m), already checked.
    loss : str or Loss
    engine : {"fast", "reference"}
        Gradient from :class:`bpnn.kernels.FullBatch` or the readable
        :func:`bpnn.backprop.loss_and_grad`.
    """

    def __init__(self, net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse",
                 engine: str = "fast") -> None:
        self.net, self.X, self.T, self.loss_fn = net, X, T, get_loss(loss)
        self.theta = net.theta.reshape(-1, net.n_params)       # a view: (K, p)
        self.single = net.n_stack is None
        self._kernel = FullBatch(net, X, T, self.loss_fn).loss_and_grad if engine == "fast" else None
        self.n_residuals = T.size

    @property
    def is_least_squares(self) -> bool:
        return self.loss_fn.is_least_squares

    @property
    def residual_scale(self) -> float:
        """s in E = s·Σe²."""
        return self.loss_fn.residual_scale(self.n_residuals)

    def loss(self, rows=None) -> np.ndarray:
        """E at the current θ: all K problems, or only those in ``rows`` (indices into the stack)."""
        if rows is None:
            return np.reshape(self.loss_fn.value(self.net.forward(self.X), self.T), -1)
        return self.loss_at(self.theta[rows])

    def loss_at(self, thetas: np.ndarray) -> np.ndarray:
        """E at each row of ``thetas`` (M × p): trial points that are not (yet) in θ."""
        a = self.X
        W, b = split_theta(thetas, self.net.sizes)
        for W_l, b_l, f in zip(W, b, self.net.activations):
            a = f(a @ W_l + b_l)
        return np.reshape(self.loss_fn.value(a, self.T), -1)

    def loss_and_grad(self) -> tuple[np.ndarray, np.ndarray]:
        """E (K,) and ∂E/∂θ (K, p) at the current θ; the gradient is a fresh array.

        (The fast kernel reuses one buffer; an algorithm that evaluates a
        second point, like SCG, must still hold the first gradient.)
        """
        if self._kernel is not None:
            E, g = self._kernel()
            g = g.copy()
        else:
            E, g = loss_and_grad(self.net, self.X, self.T, self.loss_fn)
        return np.reshape(E, -1), g.reshape(-1, self.net.n_params)

    def residuals_and_jacobian(self) -> tuple[np.ndarray, np.ndarray]:
        if not self.is_least_squares:
            raise BPNNError(
                f"this algorithm needs a least-squares loss (mse or sse), not {self.loss_fn.name!r}; "
                f"use scg, bfgs, lbfgs, rprop or adam for {self.loss_fn.name}"
            )
        check_jacobian_fits(*self.theta.shape[:1], self.n_residuals, self.net.n_params, self.theta.itemsize)
        e, J = residuals_and_jacobian(self.net, self.X, self.T)
        return e.reshape(-1, e.shape[-1]), J.reshape(-1, *J.shape[-2:])

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
