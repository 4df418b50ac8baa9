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

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..core.backprop import loss_and_grad, residuals_and_jacobian
from ..errors import BPNNError
from ..core.losses import LOSSES, Loss, get_loss
from ..core.network import Network, layer_slices
from ..engines.select import ENGINES, gradient_by, train_choice
from ..training.objective import WeightDecay, check_weight_decay

REFERENCES = {"finite differences": "finite differences", "fd": "finite differences",
              "torch": "torch autograd", "torch autograd": "torch autograd", "autograd": "torch autograd"}


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
                   eps: float = 1e-6, weight_decay: float = 0.0) -> np.ndarray:
    """∂E/∂θ by central finite differences (2p loss evaluations); with ``weight_decay`` λ,
    ∂F/∂θ of F = E + (λ/2)·Σ w² over the weights (not the biases), as training minimises.

    Examples
    --------
    >>> net = Network([1, 3, 1], seed=0)
    >>> X, T = np.array([[0.1], [0.7]]), np.array([[0.0], [1.0]])
    >>> relative_error(loss_and_grad(net, X, T)[1], numerical_grad(net, X, T)) < 1e-8
    True
    """
    loss = get_loss(loss)
    return _perturbed(net, lambda n: loss.value(n.forward(X), T) + _penalty(n, weight_decay), eps)


def _penalty(net: Network, weight_decay: float) -> float:
    """(λ/2)·Σ w² over every layer's W, written out here apart from :class:`bpnn.training.objective.WeightDecay`."""
    return 0.5 * weight_decay * sum(float(np.sum(net.theta[w] ** 2)) for w, _ in layer_slices(net.sizes))


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


def torch_grad(net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse",
               weight_decay: float = 0.0) -> tuple[float, np.ndarray]:
    """The loss and ∂E/∂θ computed by PyTorch autograd (float64); with ``weight_decay`` λ, of
    E + (λ/2)·Σ w² over the weights.

    Raises
    ------
    ImportError
        When PyTorch is not installed (``pip install ".[torch]"`` from a clone, or ``pip install torch``).
    """
    import torch

    loss = get_loss(loss)
    for l, f in enumerate(net.activations, start=1):          # each object's own PyTorch twin
        if f.torch is None:
            raise BPNNError(f"layer {l}'s activation {f.name!r} has no PyTorch twin (Activation(..., torch=...)); "
                            f"check it against finite differences instead")
    if loss.torch is None:
        raise BPNNError(f"loss {loss.name!r} has no PyTorch twin (Loss(..., torch=...)); "
                        f"check it against finite differences instead")
    theta = torch.tensor(net.theta, dtype=torch.float64, requires_grad=True)
    a = torch.tensor(X, dtype=torch.float64)
    Tt = torch.tensor(T, dtype=torch.float64)
    penalty = 0.0
    for (w_slice, b_slice), (fan_in, fan_out), f in zip(
            layer_slices(net.sizes), zip(net.sizes[:-1], net.sizes[1:]), net.activations):
        W = theta[w_slice].reshape(fan_in, fan_out)
        a = f.torch(torch, a @ W + theta[b_slice])
        penalty = penalty + 0.5 * weight_decay * (W ** 2).sum()
    E = loss.torch(torch, a, Tt) + penalty
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
    engine : str
        The engine whose gradient was checked (see :mod:`bpnn.engines.select`).
    """

    layers: list
    overall: float
    reference: str
    threshold: float
    engine: str = "reference"

    @property
    def worst(self) -> float:
        """The largest relative error: over θ, and of any layer's W or b."""
        return max([self.overall, *(e[k] for e in self.layers for k in ("W", "b"))])

    @property
    def passed(self) -> bool:
        """True when every layer's W and b, and θ as a whole, are within the threshold."""
        return self.worst <= self.threshold


def check_gradients(net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse",
                    reference: str = "finite differences", threshold: float = 1e-6,
                    eps: float = 1e-6, weight_decay: float = 0.0, engine: str = "auto") -> GradCheck:
    """Compare back-propagation with an independent gradient, layer by layer.

    The gradient checked is the one the engine computes that :func:`bpnn.train`
    would choose for this network and data (``engine="auto"``), or the named
    engine's; :func:`check_engines` checks them all.

    With ``weight_decay`` λ > 0 the gradient checked is the one training
    uses, ∂F/∂θ of F = E + (λ/2)·Σ w² (:class:`bpnn.training.objective.NetworkObjective`),
    against the reference's gradient of F with the penalty written out
    independently.

    Parameters
    ----------
    net : Network
    X : ndarray, shape (n, d)
    T : ndarray, shape (n, m)
    loss : str or Loss, default ``"mse"``
    reference : {"finite differences", "fd", "torch"}
        The independent gradient: central finite differences, or PyTorch autograd.
    threshold : float, default 1e-6
        The check passes when every layer's relative error is at or below it.
    eps : float, default 1e-6
        Step of the finite differences.
    weight_decay : float, default 0
        λ of the L2 penalty on the weights, as in :func:`bpnn.train`.
    engine : {"auto", "compiled", "wide", "buffered", "reference"}, default "auto"
        Whose gradient to check.

    Returns
    -------
    GradCheck

    Examples
    --------
    >>> net = Network([2, 5, 3, 1], ["tanh", "sigmoid"], seed=3)
    >>> rng = np.random.default_rng(0)
    >>> check_gradients(net, rng.normal(size=(6, 2)), rng.normal(size=(6, 1))).passed
    True
    >>> check_gradients(net, rng.normal(size=(6, 2)), rng.normal(size=(6, 1)), weight_decay=0.1).passed
    True
    """
    name = REFERENCES.get(reference)
    if name is None:
        raise BPNNError(f"unknown gradient reference {reference!r}; choose 'finite differences' (or 'fd') or 'torch'")
    if name == "torch autograd" and not torch_available():
        raise BPNNError("the torch reference needs PyTorch; install it (pip install torch) or use finite differences")
    weight_decay = check_weight_decay(weight_decay)
    loss = get_loss(loss)
    if engine == "auto":
        engine = train_choice(net, X, loss, weight_decay).engine
    g = gradient_by(engine, net, X, T, loss)[1].reshape(-1)
    if weight_decay:                                     # ∂F/∂θ = ∂E/∂θ + λ·m⊙θ, as the training objective adds it
        g = WeightDecay(weight_decay, net.sizes).gradient(g, net.theta)
    if name == "torch autograd":
        g_ref = torch_grad(net, X, T, loss, weight_decay)[1]
    else:
        g_ref = numerical_grad(net, X, T, loss, eps, weight_decay)
    layers = [
        {"layer": l + 1, "W": relative_error(g[ws], g_ref[ws]), "b": relative_error(g[bs], g_ref[bs])}
        for l, (ws, bs) in enumerate(layer_slices(net.sizes))
    ]
    return GradCheck(layers, relative_error(g, g_ref), name, threshold, engine)


def check_engines(net: Network, X: np.ndarray, T: np.ndarray, loss: str | Loss = "mse", **options) -> dict:
    """:func:`check_gradients` of every engine: ``{engine: GradCheck}``, or ``{engine: reason}`` for an
    engine that cannot compute this network and loss (``options`` as for :func:`check_gradients`).

    Examples
    --------
    >>> net = Network([2, 5, 1], "sigmoid", seed=3)
    >>> X, T = random_problem(net.sizes, "mse", n=6)
    >>> results = check_engines(net, X, T)
    >>> all(r.passed for r in results.values() if isinstance(r, GradCheck))
    True
    """
    out = {}
    for engine in ENGINES:
        try:
            out[engine] = check_gradients(net, X, T, loss, engine=engine, **options)
        except BPNNError as exc:
            if not str(exc).startswith(f"engine '{engine}' cannot compute"):
                raise
            out[engine] = str(exc).split(": ", 1)[1]
    return out


def check_jacobian(net: Network, X: np.ndarray, T: np.ndarray, eps: float = 1e-6) -> float:
    """Relative error between :func:`residuals_and_jacobian` and finite differences."""
    _, J = residuals_and_jacobian(net, X, T)
    return relative_error(J, numerical_jacobian(net, X, T, eps))


def random_problem(sizes, loss: str | Loss = "mse", n: int = 10, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """Random inputs and targets for a network of these sizes, suited to the loss.

    Inputs are standard normal; targets are standard normal for mse/sse,
    one-hot rows for cross-entropy and 0/1 for binary cross-entropy.

    Parameters
    ----------
    sizes : sequence of int
        The network's layer sizes (only the first and last are used).
    loss : str or Loss, default ``"mse"``
    n : int, default 10
        Number of samples (rows).
    seed : int or numpy.random.Generator, default 0

    Examples
    --------
    >>> X, T = random_problem([3, 5, 2], "cross_entropy", n=4)
    >>> X.shape, T.sum(axis=1)
    ((4, 3), array([1., 1., 1., 1.]))
    """
    loss = get_loss(loss)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise BPNNError(f"the number of samples must be a positive integer, got {n!r}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    d, m = sizes[0], sizes[-1]
    X = rng.standard_normal((n, d))
    if loss.targets == "one-hot":
        T = np.eye(m)[rng.integers(0, m, n)]
    elif loss.targets == "binary":
        T = rng.integers(0, 2, (n, m)).astype(float)
    else:
        T = rng.standard_normal((n, m))
    return X, T


def default_loss(net: Network) -> str:
    """The loss a network's output suggests: cross-entropy after softmax, else mse.

    Examples
    --------
    >>> default_loss(Network([2, 3, 4], output="softmax", seed=0)), default_loss(Network([2, 3, 1], seed=0))
    ('cross_entropy', 'mse')
    """
    f = net.activations[-1]
    return next((loss.name for loss in LOSSES.values() if loss.requires_output == f.name), "mse")


def as_float64(net: Network) -> Network:
    """``net`` itself when it is float64, else a float64 copy with the same weights.

    Finite differences need float64: in float32 their rounding error is of
    the order of the differences themselves.

    Examples
    --------
    >>> as_float64(Network([1, 2, 1], dtype="float32", seed=0)).dtype
    dtype('float64')
    """
    if net.dtype == np.float64:
        return net
    out = Network(net.sizes, net.activations[:-1], net.activations[-1],
                  init="glorot", seed=0, dtype="float64")
    out.theta = net.theta.astype(np.float64)
    out.init = getattr(net, "init", "copied")
    return out


def load_networks(path) -> list[Network]:
    """The networks saved in a model file, read with ``bpnn.app.io.load_model``.

    One network for a plain model; every member for an ensemble (a model
    whose ``networks`` holds several).

    Raises
    ------
    BPNNError
        When the file does not exist, when this bpnn has no ``bpnn.app.io`` yet,
        or when the file holds no network.
    """
    path = Path(path)
    if not path.exists():
        raise BPNNError(f"model file {path} does not exist; check the path")
    if importlib.util.find_spec("bpnn.app.io") is None:
        raise BPNNError(f"cannot read model file {path}: this installation of bpnn has no bpnn.app.io module "
                        f"(model files); upgrade bpnn, or check a network built in Python instead")
    from ..app import io as model_io

    load_model = getattr(model_io, "load_model", None)
    if load_model is None:
        raise BPNNError(f"cannot read model file {path}: bpnn.app.io has no load_model function; upgrade bpnn")
    model = load_model(path)
    nets = [model] if isinstance(model, Network) else \
        list(getattr(model, "networks", None) or [getattr(model, "network", None)])
    if not all(isinstance(net, Network) for net in nets):
        raise BPNNError(f"model file {path} holds a {type(model).__name__} without a network bpnn can check")
    return nets
