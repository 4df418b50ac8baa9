"""Checking back-propagation: finite differences, and PyTorch autograd when installed.

A gradient is trusted when an independent computation agrees with it:

* central finite differences, ∂E/∂θᵢ ≈ (E(θ + εeᵢ) − E(θ − εeᵢ)) / 2ε,
  whose error is O(ε²) plus rounding of order ε_mach·|E|/ε;
* PyTorch's autograd on the same network (float64), an implementation that
  shares nothing with ours.

The agreement is measured by the relative error ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖), 0 when
both are zero.  In float64 a correct gradient gives about 1e-9 or less.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backprop import loss_and_grad, residuals_and_jacobian
from .losses import Loss, get_loss
from .network import Network, layer_slices


def relative_error(g: np.ndarray, g_ref: np.ndarray) -> float:
    """‖g − g_ref‖ / (‖g‖ + ‖g_ref‖), 0.0 when both vanish.

    Examples
    --------
    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    """
    denom = np.linalg.norm(g) + np.linalg.norm(g_ref)
    return 0.0 if denom == 0 else float(np.linalg.norm(g - g_ref) / denom)


def _perturbed(net: Network, fn, eps: float) -> np.ndarray:
    """Central differences of ``fn(net)`` (a float or an array) over every θᵢ."""
    theta0 = net.theta.copy()
    cols = []
    try:
        for i in range(net.n_params):
            net.theta[i] = theta0[i] + eps
            up = np.asarray(fn(net), dtype=np.float64)
            net.theta[i] = theta0[i] - eps
            down = np.asarray(fn(net), dtype=np.float64)
            net.theta[i] = theta0[i]
            cols.append((up - down) / (2 * eps))
    finally:
        net.theta = theta0
    return np.stack(cols, axis=-1)


def numerical_grad(net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse",
                   eps: float = 1e-6) -> np.ndarray:
    """∂E/∂θ by central finite differences (2p loss evaluations).

    Examples
    --------
    >>> net = Network([1, 3, 1], seed=0)
    >>> X, T = np.array([[0.1], [0.7]]), np.array([[0.0], [1.0]])
    >>> relative_error(loss_and_grad(net, X, T)[1], numerical_grad(net, X, T)) < 1e-8
    True
    """
    loss = get_loss(loss)
    return _perturbed(net, lambda n: loss.value(n.forward(X), T), eps)


def numerical_jacobian(net: Network, X: np.ndarray, T: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """∂e/∂θ for the residuals e = vec(a⁽ᴸ⁾ − T), by central differences."""
    return _perturbed(net, lambda n: (n.forward(X) - T).reshape(-1), eps)


def torch_available() -> bool:
    """True when PyTorch can be imported."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def torch_grad(net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse") -> tuple[float, np.ndarray]:
    """The loss and ∂E/∂θ computed by PyTorch autograd (float64).

    Raises
    ------
    ImportError
        When PyTorch is not installed (``pip install bpnn[torch]``).
    """
    import torch

    loss = get_loss(loss)
    fns = {
        "tanh": torch.tanh, "sigmoid": torch.sigmoid, "linear": lambda z: z, "relu": torch.relu,
        "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
        "softmax": lambda z: torch.softmax(z, dim=1),
    }
    theta = torch.tensor(net.theta, dtype=torch.float64, requires_grad=True)
    a = torch.tensor(X, dtype=torch.float64)
    Tt = torch.tensor(T, dtype=torch.float64)
    for (w_slice, b_slice), (fan_in, fan_out), f in zip(
            layer_slices(net.sizes), zip(net.sizes[:-1], net.sizes[1:]), net.activations):
        W = theta[w_slice].reshape(fan_in, fan_out)
        a = fns[f.name](a @ W + theta[b_slice])
    n = a.shape[0]
    if loss.name == "mse":
        E = ((a - Tt) ** 2).mean()
    elif loss.name == "sse":
        E = ((a - Tt) ** 2).sum()
    elif loss.name == "cross_entropy":
        E = -(Tt * torch.log(a)).sum() / n
    else:
        E = -(Tt * torch.log(a) + (1 - Tt) * torch.log(1 - a)).sum() / n
    E.backward()
    return float(E.detach()), theta.grad.numpy().copy()


@dataclass
class GradCheck:
    """Per-layer relative errors of the back-propagated gradient.

    Attributes
    ----------
    layers : list of dict
        One entry per layer: ``{"layer": l, "W": err, "b": err}``.
    overall : float
        Relative error over the whole θ.
    reference : str
        ``"finite differences"`` or ``"torch autograd"``.
    threshold : float
    """

    layers: list
    overall: float
    reference: str
    threshold: float

    @property
    def passed(self) -> bool:
        return self.overall <= self.threshold


def check_gradients(net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse",
                    reference: str = "finite differences", threshold: float = 1e-6,
                    eps: float = 1e-6) -> GradCheck:
    """Compare back-propagation with an independent gradient, layer by layer.

    Parameters
    ----------
    reference : {"finite differences", "torch"}

    Examples
    --------
    >>> net = Network([2, 5, 3, 1], ["tanh", "sigmoid"], seed=3)
    >>> rng = np.random.default_rng(0)
    >>> check_gradients(net, rng.normal(size=(6, 2)), rng.normal(size=(6, 1))).passed
    True
    """
    _, g = loss_and_grad(net, X, T, loss)
    if reference == "torch":
        g_ref, name = torch_grad(net, X, T, loss)[1], "torch autograd"
    else:
        g_ref, name = numerical_grad(net, X, T, loss, eps), "finite differences"
    layers = [
        {"layer": l + 1, "W": relative_error(g[ws], g_ref[ws]), "b": relative_error(g[bs], g_ref[bs])}
        for l, (ws, bs) in enumerate(layer_slices(net.sizes))
    ]
    return GradCheck(layers, relative_error(g, g_ref), name, threshold)


def check_jacobian(net: Network, X: np.ndarray, T: np.ndarray, eps: float = 1e-6) -> float:
    """Relative error between :func:`residuals_and_jacobian` and finite differences."""
    _, J = residuals_and_jacobian(net, X, T)
    return relative_error(J, numerical_jacobian(net, X, T, eps))
