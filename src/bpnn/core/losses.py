"""Loss functions E(a, T): the value and ∂E/∂a, and the output delta of BP1 — one object each.

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

Your own loss
-------------
Subclass :class:`Loss` and write ``value`` and ``grad`` (for a stack of K
networks ``a`` is K×n×m and ``value`` returns K values: sum over the last two
axes)::

    class MeanAbsoluteError(Loss):
        def value(self, a, T):
            return np.abs(a - T).sum(axis=(-2, -1)) / (a.shape[-2] * a.shape[-1])
        def grad(self, a, T):
            return np.sign(a - T) / (a.shape[-2] * a.shape[-1])

    mae = MeanAbsoluteError("mae", "Σ |a − T| / (n·m)", grad_formula="sign(a − T) / (n·m)")

Every engine computes BP1 for it as ∂E/∂a ⊙ f'(z) through the object
(:meth:`Loss.bp1_into`); none assumes a loss it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..errors import BPNNError, did_you_mean
from .activations import Activation

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    """A loss function: value, gradient with respect to the output, and BP1.

    Parameters
    ----------
    name, formula : str
        Canonical name and E as text.
    aliases : tuple of str
    requires_output : str, optional
        The output activation the loss needs (softmax for cross-entropy): with
        it, BP1 is the canonical pair's δ = (a − T)/n.
    grad_formula : str
        ∂E/∂a as text (``explain``).
    targets : {"real", "one-hot", "binary"}
        What its targets look like (gradient checks draw such targets).
    torch : callable, optional
        ``torch(module, a, T)``: E of a PyTorch tensor, for checks against autograd.
    mean_over_rows : bool, default True
        E is a mean over the rows (so E over chunks of rows is their weighted
        mean); False for a sum over the rows (sse).

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
    grad_formula: str = field(default="", compare=False)
    targets: str = field(default="real", compare=False)
    torch: Callable | None = field(default=None, compare=False)
    mean_over_rows: bool = field(default=True, compare=False)

    # -- value and derivative (a subclass writes these) ---------------------------------
    def value(self, a: Array, T: Array):
        """E(a, T): a float, or one value per network (shape (K,)) for a stack a (K×n×m)."""
        raise BPNNError(f"loss {self.name!r} has no value(); a Loss subclass must define value() and grad()")

    def grad(self, a: Array, T: Array) -> Array:
        """∂E/∂a, same shape as ``a``."""
        raise BPNNError(f"loss {self.name!r} has no grad(); a Loss subclass must define value() and grad()")

    # -- BP1 ---------------------------------------------------------------------------
    def output_delta(self, z: Array, a: Array, T: Array, f: Activation) -> Array:
        """BP1: δ⁽ᴸ⁾ = ∂E/∂a ⊙ f'(z⁽ᴸ⁾) (the reference engine's form)."""
        return f.backward(z, a, self.grad(a, T))

    def bp1_into(self, z: Array | None, a: Array, T: Array, f: Activation, out: Array, tmp: Array,
                 with_loss: bool = True, axis: int = -1):
        """BP1 in place: δ⁽ᴸ⁾ into ``out``, and E (None with ``with_loss=False``): the buffered engines' form.

        ``tmp`` is scratch of ``out``'s shape; ``z`` may be None for an
        output activation whose derivative reads a alone.
        """
        E = self.value(a, T) if with_loss else None
        out[...] = self.grad(a, T)
        f.backward_into(z, a, out, tmp, axis)
        return E

    # -- least squares view ---------------------------------------------------------------
    @property
    def is_least_squares(self) -> bool:
        """True for losses E = s·Σ(a − T)² (mse, sse), which LM / BR minimise through residuals."""
        return False

    def residual_scale(self, n_values: int) -> float:
        """``s`` in E = s·Σ e², e = a − T, for ``n_values = n·m`` residuals."""
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


@dataclass(frozen=True, repr=False)
class SquaredError(Loss):
    """E = s·Σ (a − T)², with s = 1/(n·m) (``mean=True``, mse) or 1 (sse)."""

    mean: bool = True

    def value(self, a, T):
        e = a - T
        total = float(np.vdot(e, e)) if e.ndim == 2 else np.sum(e * e, axis=(-2, -1))
        return total / (a.shape[-2] * a.shape[-1]) if self.mean else total

    def grad(self, a, T):
        return 2.0 * (a - T) / (a.shape[-2] * a.shape[-1]) if self.mean else 2.0 * (a - T)

    def bp1_into(self, z, a, T, f, out, tmp, with_loss=True, axis=-1):
        s = self.residual_scale(a.shape[-2] * a.shape[-1])
        e = np.subtract(a, T, out=out)                                     # e = a − T
        E = None
        if with_loss:
            E = s * (float(np.vdot(e, e)) if e.ndim == 2 and e.flags.c_contiguous
                     else np.einsum("...nm,...nm->...", e, e))
        np.multiply(e, 2.0 * s, out=out)                                   # ∂E/∂a = 2s·e
        if not f.is_identity:
            f.backward_into(z, a, out, tmp, axis)                          # ⊙ f'(z)
        return E

    @property
    def is_least_squares(self) -> bool:
        return True

    def residual_scale(self, n_values: int) -> float:
        return 1.0 / n_values if self.mean else 1.0


@dataclass(frozen=True, repr=False)
class CrossEntropy(Loss):
    """−Σ T ln a / n after softmax; with ``binary=True``, −Σ [T ln a + (1−T) ln(1−a)] / n after sigmoid."""

    binary: bool = False

    def value(self, a, T):
        tiny = np.finfo(a.dtype).tiny
        terms = T * np.log(np.maximum(a, tiny))
        if self.binary:
            terms = terms + (1 - T) * np.log(np.maximum(1 - a, tiny))
        total = -np.sum(terms, axis=(-2, -1)) / a.shape[-2]
        return float(total) if a.ndim == 2 else total

    def grad(self, a, T):
        n = a.shape[-2]
        return (a - T) / (n * a * (1 - a)) if self.binary else -T / (n * a)

    def output_delta(self, z, a, T, f):
        """The canonical pair's BP1: δ⁽ᴸ⁾ = (a − T)/n."""
        return (a - T) / a.shape[-2]

    def bp1_into(self, z, a, T, f, out, tmp, with_loss=True, axis=-1):
        E = self.value(a, T) if with_loss else None
        np.subtract(a, T, out=out)
        np.multiply(out, 1.0 / a.shape[-2], out=out)
        return E


mse = SquaredError("mse", "Σ (a − T)² / (n·m)", ("mean_squared_error",), grad_formula="2 (a − T) / (n·m)",
                   torch=lambda torch, a, T: ((a - T) ** 2).mean(), mean=True)
sse = SquaredError("sse", "Σ (a − T)²", ("sum_squared_error",), grad_formula="2 (a − T)",
                   torch=lambda torch, a, T: ((a - T) ** 2).sum(), mean_over_rows=False, mean=False)
cross_entropy = CrossEntropy("cross_entropy", "−Σ T ln a / n", ("ce", "crossentropy", "categorical_cross_entropy"),
                             requires_output="softmax", grad_formula="−T / (n a)", targets="one-hot",
                             torch=lambda torch, a, T: -(T * torch.log(a)).sum() / a.shape[0])
binary_cross_entropy = CrossEntropy(
    "binary_cross_entropy", "−Σ [T ln a + (1 − T) ln(1 − a)] / n", ("bce", "log_loss"),
    requires_output="sigmoid", grad_formula="(a − T) / (n a (1 − a))", targets="binary",
    torch=lambda torch, a, T: -(T * torch.log(a) + (1 - T) * torch.log(1 - a)).sum() / a.shape[0], binary=True)

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
        raise BPNNError.of("err_unknown_loss", name=name, hint=did_you_mean(key, _BY_NAME),
                           choices=", ".join(sorted(LOSSES)))
    return _BY_NAME[key]
