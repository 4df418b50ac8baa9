"""Activation functions f and their derivatives f', side by side.

Each activation is one small object holding the function, its derivative and
both written as formulas (``explain`` prints them).  The derivative is
expressed through ``a = f(z)`` where that is cheaper (tanh: 1 − a²), so the
backward pass reuses the forward pass's output.

=================  ===========================  ==========================
name (aliases)     f(z)                         f'(z)
=================  ===========================  ==========================
tanh (tansig)      tanh(z)                      1 − a²
sigmoid (logsig)   1 / (1 + e^(−z))             a (1 − a)
linear (purelin)   z                            1
relu (poslin)      max(0, z)                    1 if z > 0 else 0
leaky_relu         z if z > 0 else 0.01 z       1 if z > 0 else 0.01
softmax            e^(z_k) / Σ_j e^(z_j)        Jacobian: diag(a) − a aᵀ
=================  ===========================  ==========================

Softmax mixes the units of a row, so its derivative is a Jacobian rather than
an element-wise factor; :meth:`Activation.backward` hides that difference:
it returns ``∂E/∂z`` given ``∂E/∂a`` for every activation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from scipy.special import expit

from ..errors import BPNNError, did_you_mean

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """An activation function with its derivative.

    Parameters
    ----------
    name : str
        Canonical name (``"tanh"``).
    f : callable
        ``f(z) -> a``, element-wise unless ``elementwise`` is False.
    df : callable
        ``df(z, a) -> f'(z)``, element-wise; ``a = f(z)`` is passed so the
        derivative can reuse it.  Every built-in derivative is written in
        terms of ``a`` alone (z > 0 ⇔ a > 0 for the ReLUs), which lets the
        fast path in :mod:`bpnn.engines.buffered` drop z after the forward pass.
    formula, derivative : str
        Human-readable forms of f and f', used by ``explain``.
    aliases : tuple of str
        Other accepted names (MATLAB's ``tansig``, ``logsig``, ...).
    output_range : tuple of float
        The range of f, e.g. ``(-1, 1)`` for tanh; ``(-inf, inf)`` if unbounded.

    Examples
    --------
    >>> import numpy as np
    >>> f = get_activation("tansig")
    >>> f.name, f.derivative
    ('tanh', '1 − a²')
    >>> z = np.array([[0.0, 1.0]])
    >>> a = f(z)
    >>> np.round(f.df(z, a), 4)
    array([[1.    , 0.42]])
    """

    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array, Array], Array]
    formula: str
    derivative: str
    aliases: tuple[str, ...] = ()
    output_range: tuple[float, float] = (-np.inf, np.inf)
    elementwise: bool = True
    description: str = field(default="", compare=False)

    def __call__(self, z: Array) -> Array:
        return self.f(z)

    def backward(self, z: Array, a: Array, grad_a: Array) -> Array:
        """Chain rule through f: return ∂E/∂z = ∂E/∂a ⊙ f'(z)."""
        return grad_a * self.df(z, a)

    def __reduce__(self):
        """Pickle by name: the functions are module-level objects."""
        return (get_activation, (self.name,))

    @property
    def bounded(self) -> bool:
        """True when f squashes into a finite interval (tanh, sigmoid, softmax)."""
        return bool(np.isfinite(self.output_range[0]) and np.isfinite(self.output_range[1]))

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


class _Softmax(Activation):
    """Softmax over each row; its derivative is the Jacobian diag(a) − a aᵀ."""

    def backward(self, z: Array, a: Array, grad_a: Array) -> Array:
        # ∂E/∂z_k = Σ_j ∂E/∂a_j · a_j (δ_jk − a_k) = a_k (g_k − Σ_j g_j a_j)
        return a * (grad_a - np.sum(grad_a * a, axis=-1, keepdims=True))


def _softmax(z: Array) -> Array:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


LEAKY_SLOPE = 0.01

tanh = Activation(
    "tanh", np.tanh, lambda z, a: 1.0 - a * a,
    "tanh(z)", "1 − a²", ("tansig",), (-1.0, 1.0),
    description="hyperbolic tangent; zero-centred, the article's choice",
)
sigmoid = Activation(
    "sigmoid", expit, lambda z, a: a * (1.0 - a),
    "1 / (1 + e^(−z))", "a (1 − a)", ("logsig", "logistic"), (0.0, 1.0),
    description="logistic sigmoid; outputs in (0, 1)",
)
linear = Activation(
    "linear", lambda z: z.copy(), lambda z, a: np.ones_like(a),
    "z", "1", ("purelin", "identity"),
    description="identity; the usual output for regression",
)
relu = Activation(
    "relu", lambda z: np.maximum(z, 0.0), lambda z, a: (a > 0).astype(a.dtype),
    "max(0, z)", "1 if z > 0 else 0", ("poslin",), (0.0, np.inf),
    description="rectified linear unit",
)
leaky_relu = Activation(
    "leaky_relu",
    lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
    lambda z, a: np.where(a > 0, 1.0, LEAKY_SLOPE).astype(a.dtype),
    f"z if z > 0 else {LEAKY_SLOPE} z", f"1 if z > 0 else {LEAKY_SLOPE}", ("leakyrelu",),
    description="ReLU with a small slope for z < 0",
)
softmax = _Softmax(
    "softmax", _softmax, lambda z, a: a * (1.0 - a),  # diagonal of the Jacobian only
    "e^(z_k) / Σ_j e^(z_j)", "a_k (δ_jk − a_j)", (), (0.0, 1.0), elementwise=False,
    description="normalised exponentials; class probabilities for classification",
)

ACTIVATIONS: dict[str, Activation] = {
    act.name: act for act in (tanh, sigmoid, linear, relu, leaky_relu, softmax)
}
_BY_NAME: dict[str, Activation] = {
    alias: act for act in ACTIVATIONS.values() for alias in (act.name, *act.aliases)
}


def get_activation(name: str | Activation) -> Activation:
    """Look an activation up by name or MATLAB alias.

    Parameters
    ----------
    name : str or Activation
        ``"tanh"``, ``"tansig"``, ``"sigmoid"``, ``"logsig"``, ``"linear"``,
        ``"purelin"``, ``"relu"``, ``"poslin"``, ``"leaky_relu"``, ``"softmax"``
        (case-insensitive), or an :class:`Activation`, returned unchanged.

    Raises
    ------
    BPNNError
        For an unknown name, listing the known ones.

    Examples
    --------
    >>> get_activation("PURELIN").name
    'linear'
    """
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise BPNNError(f"activation must be a name such as 'tanh', got {name!r}")
    key = name.strip().lower().replace("-", "_")
    if key not in _BY_NAME:
        raise BPNNError(
            f"unknown activation {name!r}{did_you_mean(key, _BY_NAME)}; "
            f"choose one of: {', '.join(sorted(_BY_NAME))}"
        )
    return _BY_NAME[key]
