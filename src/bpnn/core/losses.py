"""Loss functions E(a, T): the value and ∂E/∂a, and the output delta of BP1.

With ``a = a⁽ᴸ⁾`` the network output (n×m) and ``T`` the targets (n×m):

=========================  ===================================  ========================
name (aliases)             E                                    ∂E/∂a
=========================  ===================================  ========================
mse                        Σ (a − T)² / (n·m)                    2 (a − T) / (n·m)
sse                        Σ (a − T)²                            2 (a − T)
cross_entropy (ce)         −Σ T ln a / n        (softmax output) −T / (n a)
binary_cross_entropy       −Σ [T ln a + (1−T) ln(1−a)] / n       (a − T) / (n a (1 − a))
=========================  ===================================  ========================

``mse`` and ``sse`` follow MATLAB (mean and sum of squared errors, no ½).
``mse`` is what the seed article minimises.

BP1 is δ⁽ᴸ⁾ = ∂E/∂a ⊙ f'(z⁽ᴸ⁾).  For the canonical pairs (softmax + cross
entropy, sigmoid + binary cross entropy) the product simplifies to
δ⁽ᴸ⁾ = (a − T)/n, which is both cheaper and numerically safer; we use it.

The squared-error losses are also *least-squares* losses, E = s·Σ eᵢ² with
residuals e = a − T and scale ``s`` (1/(n·m) for mse, 1 for sse); the
Levenberg–Marquardt family works on e and its Jacobian.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import Activation
from ..errors import BPNNError, did_you_mean

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    """A loss function: value, gradient with respect to the output, and BP1.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([[1.0], [3.0]]); T = np.array([[0.0], [1.0]])
    >>> get_loss("mse").value(a, T)    # (1² + 2²) / 2
    2.5
    >>> get_loss("mse").grad(a, T)     # 2 (a − T) / 2
    array([[1.],
           [2.]])
    """

    name: str
    formula: str
    aliases: tuple[str, ...] = ()
    requires_output: str | None = None  # the output activation the loss needs

    # -- value ------------------------------------------------------------
    def value(self, a: Array, T: Array):
        """E(a, T): a float, or one value per network (shape (K,)) for a stack a (K×n×m)."""
        n, m = a.shape[-2:]
        if self.name in ("mse", "sse"):
            e = a - T
            total = float(np.vdot(e, e)) if e.ndim == 2 else np.sum(e * e, axis=(-2, -1))
            return total / (n * m) if self.name == "mse" else total
        tiny = np.finfo(a.dtype).tiny
        if self.name == "cross_entropy":
            terms = T * np.log(np.maximum(a, tiny))
        else:
            terms = T * np.log(np.maximum(a, tiny)) + (1 - T) * np.log(np.maximum(1 - a, tiny))
        total = -np.sum(terms, axis=(-2, -1)) / n
        return float(total) if a.ndim == 2 else total

    # -- derivative -------------------------------------------------------
    def grad(self, a: Array, T: Array) -> Array:
        """∂E/∂a, same shape as ``a``."""
        n, m = a.shape[-2:]
        if self.name == "mse":
            return 2.0 * (a - T) / (n * m)
        if self.name == "sse":
            return 2.0 * (a - T)
        if self.name == "cross_entropy":
            return -T / (n * a)
        return (a - T) / (n * a * (1 - a))

    def output_delta(self, z: Array, a: Array, T: Array, f: Activation) -> Array:
        """BP1: δ⁽ᴸ⁾ = ∂E/∂z⁽ᴸ⁾, using the simplified form for canonical pairs."""
        if self.requires_output is not None:       # softmax + CE, sigmoid + BCE
            return (a - T) / a.shape[-2]
        return f.backward(z, a, self.grad(a, T))

    # -- least squares view -------------------------------------------------
    @property
    def is_least_squares(self) -> bool:
        """True for mse and sse, which LM / BR can minimise through residuals."""
        return self.name in ("mse", "sse")

    def residual_scale(self, n_values: int) -> float:
        """``s`` in E = s·Σ e², e = a − T, for ``n_values = n·m`` residuals."""
        if self.name == "mse":
            return 1.0 / n_values
        if self.name == "sse":
            return 1.0
        raise BPNNError(f"{self.name} is not a least-squares loss; it has no residuals")

    def check_output(self, f: Activation) -> None:
        """Refuse an output activation that the loss is not defined for."""
        if self.requires_output is not None and f.name != self.requires_output:
            raise BPNNError(
                f"loss {self.name!r} needs a {self.requires_output!r} output layer, "
                f"but the network's output activation is {f.name!r}; build the network "
                f"with output={self.requires_output!r} or use loss='mse'"
            )

    def __repr__(self) -> str:
        return f"Loss({self.name!r})"


mse = Loss("mse", "Σ (a − T)² / (n·m)", ("mean_squared_error",))
sse = Loss("sse", "Σ (a − T)²", ("sum_squared_error",))
cross_entropy = Loss("cross_entropy", "−Σ T ln a / n", ("ce", "crossentropy", "categorical_cross_entropy"),
                     requires_output="softmax")
binary_cross_entropy = Loss("binary_cross_entropy", "−Σ [T ln a + (1 − T) ln(1 − a)] / n",
                            ("bce", "log_loss"), requires_output="sigmoid")

LOSSES: dict[str, Loss] = {x.name: x for x in (mse, sse, cross_entropy, binary_cross_entropy)}
_BY_NAME = {alias: x for x in LOSSES.values() for alias in (x.name, *x.aliases)}


def get_loss(name: str | Loss) -> Loss:
    """Look a loss up by name or alias (``"mse"``, ``"sse"``, ``"ce"``, ...).

    Examples
    --------
    >>> get_loss("crossentropy").name
    'cross_entropy'
    """
    if isinstance(name, Loss):
        return name
    if not isinstance(name, str):
        raise BPNNError(f"loss must be a name such as 'mse', got {name!r}")
    key = name.strip().lower().replace("-", "_")
    if key not in _BY_NAME:
        raise BPNNError(
            f"unknown loss {name!r}{did_you_mean(key, _BY_NAME)}; "
            f"choose one of: {', '.join(sorted(LOSSES))}"
        )
    return _BY_NAME[key]
