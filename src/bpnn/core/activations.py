"""Activation functions f and their derivatives f', side by side — one object each.

Each activation is one object that holds everything about it that any part of
bpnn needs, so that nothing else ever switches on its name:

* ``f(z)`` and ``df(z, a)``: the math (the reference engine, ``explain``);
* ``forward_into`` / ``backward_into``: the same in place, into preallocated
  buffers (the buffered engines);
* ``formula`` / ``derivative``: the formulas as text (``explain``, the docs);
* ``source``: f as NumPy source in ``z`` (``bpnn export --to python``);
* ``scalar``: f(z) and f'(z) from a, as scalar expressions (the compiled engine);
* ``torch``: its PyTorch twin (gradient checks against autograd);
* ``torch_module``, ``onnx``, ``matlab``: the same f as a ``torch.nn`` layer, an ONNX
  operator and a MATLAB transfer function (``bpnn export --to torch/onnx/matlab``,
  ``Network.from_torch``, ``bpnn import-matlab``).

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

Your own activation
-------------------
Give ``Activation`` the function and its derivative; everything else is
optional, and an engine that needs a form you did not give either computes
it from ``f``/``df`` or declines (``bpnn.engines.select`` says which)::

    elu = Activation("elu", lambda z: np.where(z > 0, z, np.expm1(z)),
                     lambda z, a: np.where(z > 0, 1.0, a + 1.0),      # f'(z), z and a both given
                     "z if z > 0 else e^z − 1", "1 if z > 0 else a + 1")

``Network([2, 8, 1], elu)`` then trains, is gradient-checked and explained
like a built-in.  Set ``derivative_from_a=True`` only if ``df`` reads ``a``
alone (then the buffered engines may drop z after the forward pass).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..errors import BPNNError, did_you_mean

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """An activation function with its derivative and every form the engines need.

    Parameters
    ----------
    name : str
        Canonical name (``"tanh"``).
    f : callable
        ``f(z) -> a``, element-wise unless ``elementwise`` is False.
    df : callable
        ``df(z, a) -> f'(z)``, element-wise; ``a = f(z)`` is passed so the
        derivative can reuse it.
    formula, derivative : str
        Human-readable forms of f and f', used by ``explain``.
    aliases : tuple of str
        Other accepted names (MATLAB's ``tansig``, ``logsig``, ...).
    output_range : tuple of float
        The range of f, e.g. ``(-1, 1)`` for tanh; ``(-inf, inf)`` if unbounded.
    elementwise : bool, default True
        False for activations that mix the units of a row (softmax).
    derivative_from_a : bool, default False
        True when ``df`` reads ``a`` alone (every built-in: tanh's 1 − a²,
        and z > 0 ⇔ a > 0 for the ReLUs), so an engine may overwrite z with
        a.  Left False, the engines keep z for the backward pass.
    source : str, optional
        f as a NumPy expression in ``z`` for ``bpnn export``; ``source_helper``
        is a function it calls (its source), if any.
    scalar : (str, str), optional
        f(z) and f'(z) written with ``a`` as scalar Python expressions (``math``
        functions) for the compiled engine, e.g. ``("math.tanh(z)", "1.0 - a * a")``.
    vector : (str, str), optional
        The same two in arithmetic alone, without a library call such as
        ``math.tanh``, so that compiled code can compute several networks' values
        at once (SIMD): the compiled stack of networks uses them where given,
        else ``scalar``.  tanh's is :func:`tanh_arith` (within 3 ulp of tanh).
    torch : callable, optional
        ``torch(module, z)``: the same function on a PyTorch tensor, for
        gradient checks against autograd (``module`` is ``torch``).
    torch_module : (str, dict), optional
        The same f as a ``torch.nn`` layer: its class name and keyword arguments,
        e.g. ``("LeakyReLU", {"negative_slope": 0.01})`` (``Model.to_torch``,
        ``Network.from_torch``).
    onnx : (str, dict), optional
        The same f as one ONNX operator (default domain, opset 17): its type and
        attributes, e.g. ``("Softmax", {"axis": -1})`` (``bpnn export --to onnx``).
    matlab : (str, str), optional
        MATLAB's name of this transfer function and f as a MATLAB expression in
        ``n`` (samples in columns), e.g. ``("tansig", "tanh(n)")`` (``bpnn export
        --to matlab``, ``bpnn import-matlab``).
    units_axis : bool, default False
        For an activation that is not element-wise: True when its
        ``forward_into``/``backward_into`` honour their ``axis`` argument (the
        wide engine puts the units on axis 1).

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
    >>> back = np.ones((1, 2)); _ = f.backward_into(z, a, back, np.empty((1, 2)))   # in place, as engines do
    >>> bool(np.allclose(back, f.backward(z, a, np.ones((1, 2)))))
    True
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
    derivative_from_a: bool = field(default=False, compare=False)
    source: str | None = field(default=None, compare=False)
    source_helper: str = field(default="", compare=False)
    scalar: tuple[str, str] | None = field(default=None, compare=False)
    vector: tuple[str, str] | None = field(default=None, compare=False)
    torch: Callable | None = field(default=None, compare=False)
    torch_module: tuple[str, dict] | None = field(default=None, compare=False)
    onnx: tuple[str, dict] | None = field(default=None, compare=False)
    matlab: tuple[str, str] | None = field(default=None, compare=False)
    units_axis: bool = field(default=False, compare=False)

    def __call__(self, z: Array) -> Array:
        return self.f(z)

    # -- the math (reference engine) ------------------------------------------------
    def backward(self, z: Array, a: Array, grad_a: Array) -> Array:
        """Chain rule through f: return ∂E/∂z = ∂E/∂a ⊙ f'(z)."""
        return grad_a * self.df(z, a)

    # -- the same, in place (buffered engines) --------------------------------------
    def forward_into(self, z: Array, out: Array, axis: int = -1) -> Array:
        """a = f(z) into ``out`` (which may be z itself); ``axis`` is the units' axis."""
        out[...] = self.f(z)
        return out

    def backward_into(self, z: Array | None, a: Array, back: Array, tmp: Array, axis: int = -1) -> Array:
        """δ = back ⊙ f'(z), in place in ``back`` (``tmp``: scratch of back's shape, may be a).

        ``z`` is None where the engine dropped it, which it does only for
        ``derivative_from_a`` activations.
        """
        return np.multiply(back, self.df(z, a), out=back)

    # -- what it is ------------------------------------------------------------------
    def __reduce__(self):
        """Pickle by name: the functions are module-level objects."""
        return (get_activation, (self.name,))

    @property
    def bounded(self) -> bool:
        """True when f squashes into a finite interval (tanh, sigmoid, softmax)."""
        return bool(np.isfinite(self.output_range[0]) and np.isfinite(self.output_range[1]))

    @property
    def squashing(self) -> bool:
        """True for element-wise squashing units (tanh, sigmoid): Nguyen–Widrow's kind."""
        return self.bounded and self.elementwise

    @property
    def is_identity(self) -> bool:
        """True for f(z) = z, whose f' = 1 an engine may skip."""
        return self.source == "z"

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


# -- tanh ---------------------------------------------------------------------------
class _Tanh(Activation):
    def forward_into(self, z, out, axis=-1):
        return np.tanh(z, out=out)

    def backward_into(self, z, a, back, tmp, axis=-1):          # back ⊙ (1 − a²)
        np.multiply(a, a, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        return np.multiply(back, tmp, out=back)


# -- sigmoid ------------------------------------------------------------------------
def expit(z: Array, out: Array | None = None) -> Array:
    """The logistic sigmoid 1 / (1 + e^(−z)), safe for any z: written with e^(−|z|) ∈ (0, 1].

    For z ≥ 0 it is 1 / (1 + e^(−z)); for z < 0 the same value as e^z / (1 + e^z),
    so e^(...) never overflows.  One division, so each value is within 1 ulp of
    scipy.special.expit (which bpnn no longer imports: it cost half of ``import bpnn``).
    ``out`` may be z itself.

    Examples
    --------
    >>> expit(np.array([-800.0, 0.0, 800.0]))
    array([0. , 0.5, 1. ])
    """
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    return np.divide(np.where(z >= 0, 1.0, e), 1.0 + e, out=out)


class _Sigmoid(Activation):
    def forward_into(self, z, out, axis=-1):
        return expit(z, out=out)

    def backward_into(self, z, a, back, tmp, axis=-1):          # back ⊙ a (1 − a)
        np.multiply(back, a, out=back)
        np.subtract(1.0, a, out=tmp)
        return np.multiply(back, tmp, out=back)


# -- linear -------------------------------------------------------------------------
class _Linear(Activation):
    def forward_into(self, z, out, axis=-1):
        if out is not z:
            np.copyto(out, z)
        return out

    def backward_into(self, z, a, back, tmp, axis=-1):          # back ⊙ 1
        return back


# -- ReLU and leaky ReLU ------------------------------------------------------------
class _Relu(Activation):
    def forward_into(self, z, out, axis=-1):
        return np.maximum(z, 0.0, out=out)

    def backward_into(self, z, a, back, tmp, axis=-1):          # back ⊙ [a > 0]
        return np.multiply(back, a > 0, out=back)


LEAKY_SLOPE = 0.01


class _LeakyRelu(Activation):
    def forward_into(self, z, out, axis=-1):
        out[...] = self.f(z)
        return out

    def backward_into(self, z, a, back, tmp, axis=-1):          # back ⊙ (1 if a > 0 else slope)
        return np.multiply(back, self.df(None, a), out=back)


# -- softmax ------------------------------------------------------------------------
def _softmax(z: Array) -> Array:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class _Softmax(Activation):
    """Softmax over each row; its derivative is the Jacobian diag(a) − a aᵀ."""

    def backward(self, z: Array, a: Array, grad_a: Array) -> Array:
        # ∂E/∂z_k = Σ_j ∂E/∂a_j · a_j (δ_jk − a_k) = a_k (g_k − Σ_j g_j a_j)
        return a * (grad_a - np.sum(grad_a * a, axis=-1, keepdims=True))

    def forward_into(self, z, out, axis=-1):                    # shifted by the row's maximum
        top = z.max(axis=axis, keepdims=True)
        np.subtract(z, top, out=out)
        np.exp(out, out=out)
        return np.divide(out, out.sum(axis=axis, keepdims=True), out=out)

    def backward_into(self, z, a, back, tmp, axis=-1):          # a ⊙ (back − Σ_units back·a)
        total = np.sum(back * a, axis=axis, keepdims=True)
        np.subtract(back, total, out=back)
        return np.multiply(back, a, out=back)



def tanh_arith(z: float) -> float:
    """tanh(z) in arithmetic alone — no library call — so that compiled code can compute it for several
    networks at once (SIMD); tanh's ``vector`` form, within 3 ulp of ``math.tanh`` (the tests check it).

    tanh z = m/(m + 2) with m = e^(2|z|) − 1, and the sign of z.  2|z| = n·ln 2 + r with |r| ≤ ln2/2
    (ln 2 in two parts, so that n·ln 2 is exact); e^r − 1 = q by its Taylor series to r¹³ (the rest is
    under 1e-17); 2ⁿ is the product over n's bits of 2^(2ʲ), exact; m = 2ⁿ·q + (2ⁿ − 1).

    Examples
    --------
    >>> import math
    >>> [abs(tanh_arith(z) - math.tanh(z)) <= 3 * math.ulp(math.tanh(z)) for z in (-3.0, 0.1, 1e-9, 25.0)]
    [True, True, True, True]
    >>> math.isnan(tanh_arith(math.nan)), tanh_arith(-math.inf)
    (True, -1.0)
    """
    y = 2.0 * min(math.fabs(z), 20.0)                  # tanh(20) is 1 in float64; min(NaN, 20) is NaN
    n = np.floor(y * 1.4426950408889634 + 0.5)
    r = (y - n * 6.93147180369123816490e-01) - n * 1.90821492927058770002e-10
    q = r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720 + r * (
        1.0 / 5040 + r * (1.0 / 40320 + r * (1.0 / 362880 + r * (1.0 / 3628800 + r * (1.0 / 39916800 + r * (
            1.0 / 479001600 + r * (1.0 / 6227020800)))))))))))))
    half = np.floor(n * 0.5)                           # 2ⁿ = Π over n's bits j of 2^(2ʲ), written out:
    p, n = 1.0 + (n - 2.0 * half), half                # a loop or a branch here would keep compilers
    half = np.floor(n * 0.5)                           # from computing several values at once
    p, n = p * (1.0 + (n - 2.0 * half) * 3.0), half
    half = np.floor(n * 0.5)
    p, n = p * (1.0 + (n - 2.0 * half) * 15.0), half
    half = np.floor(n * 0.5)
    p, n = p * (1.0 + (n - 2.0 * half) * 255.0), half
    half = np.floor(n * 0.5)
    p, n = p * (1.0 + (n - 2.0 * half) * 65535.0), half
    p = p * (1.0 + (n - 2.0 * np.floor(n * 0.5)) * 4294967295.0)
    m = p * q + (p - 1.0)
    return math.copysign(m / (m + 2.0), z)


#: functions that activations' scalar or vector forms call; compiled code gets their source
SCALAR_HELPERS = (tanh_arith,)

tanh = _Tanh(
    "tanh", np.tanh, lambda z, a: 1.0 - a * a,
    "tanh(z)", "1 − a²", ("tansig",), (-1.0, 1.0),
    description="hyperbolic tangent; zero-centred, the article's choice",
    derivative_from_a=True, source="np.tanh(z)", scalar=("math.tanh(z)", "1.0 - a * a"),
    vector=("tanh_arith(z)", "1.0 - a * a"),
    torch=lambda torch, z: torch.tanh(z),
    torch_module=("Tanh", {}), onnx=("Tanh", {}), matlab=("tansig", "tanh(n)"),
)
sigmoid = _Sigmoid(
    "sigmoid", expit, lambda z, a: a * (1.0 - a),
    "1 / (1 + e^(−z))", "a (1 − a)", ("logsig", "logistic"), (0.0, 1.0),
    description="logistic sigmoid; outputs in (0, 1)",
    derivative_from_a=True, source="1.0 / (1.0 + np.exp(-z))",
    scalar=("1.0 / (1.0 + math.exp(-z)) if z >= 0.0 else math.exp(z) / (1.0 + math.exp(z))", "a * (1.0 - a)"),
    torch=lambda torch, z: torch.sigmoid(z),
    torch_module=("Sigmoid", {}), onnx=("Sigmoid", {}), matlab=("logsig", "1 ./ (1 + exp(-n))"),
)
linear = _Linear(
    "linear", lambda z: z.copy(), lambda z, a: np.ones_like(a),
    "z", "1", ("purelin", "identity"),
    description="identity; the usual output for regression",
    derivative_from_a=True, source="z", scalar=("z", "1.0"), torch=lambda torch, z: z,
    torch_module=("Identity", {}), onnx=("Identity", {}), matlab=("purelin", "n"),
)
relu = _Relu(
    "relu", lambda z: np.maximum(z, 0.0), lambda z, a: (a > 0).astype(a.dtype),
    "max(0, z)", "1 if z > 0 else 0", ("poslin",), (0.0, np.inf),
    description="rectified linear unit",
    derivative_from_a=True, source="np.maximum(z, 0.0)", scalar=("z if z > 0.0 else 0.0", "1.0 if a > 0.0 else 0.0"),
    torch=lambda torch, z: torch.relu(z),
    torch_module=("ReLU", {}), onnx=("Relu", {}), matlab=("poslin", "max(n, 0)"),
)
leaky_relu = _LeakyRelu(
    "leaky_relu",
    lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
    lambda z, a: np.where(a > 0, 1.0, LEAKY_SLOPE).astype(a.dtype),
    f"z if z > 0 else {LEAKY_SLOPE} z", f"1 if z > 0 else {LEAKY_SLOPE}", ("leakyrelu",),
    description="ReLU with a small slope for z < 0",
    derivative_from_a=True, source=f"np.where(z > 0, z, {LEAKY_SLOPE} * z)",
    scalar=(f"z if z > 0.0 else {LEAKY_SLOPE} * z", f"1.0 if a > 0.0 else {LEAKY_SLOPE}"),
    torch=lambda torch, z: torch.nn.functional.leaky_relu(z, LEAKY_SLOPE),
    torch_module=("LeakyReLU", {"negative_slope": LEAKY_SLOPE}), onnx=("LeakyRelu", {"alpha": LEAKY_SLOPE}),
)
softmax = _Softmax(
    "softmax", _softmax, lambda z, a: a * (1.0 - a),  # diagonal of the Jacobian only
    "e^(z_k) / Σ_j e^(z_j)", "a_k (δ_jk − a_j)", (), (0.0, 1.0), elementwise=False,
    description="normalised exponentials; class probabilities for classification",
    derivative_from_a=True, source="_softmax(z)",
    source_helper=("def _softmax(z):\n    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
                   "    return e / e.sum(axis=1, keepdims=True)\n"),
    torch=lambda torch, z: torch.softmax(z, dim=-1), units_axis=True,
    torch_module=("Softmax", {"dim": -1}), onnx=("Softmax", {"axis": -1}),
    matlab=("softmax", "bsxfun(@rdivide, exp(bsxfun(@minus, n, max(n, [], 1))), "
                       "sum(exp(bsxfun(@minus, n, max(n, [], 1))), 1))"),
)

ACTIVATIONS: dict[str, Activation] = {
    act.name: act for act in (tanh, sigmoid, linear, relu, leaky_relu, softmax)
}
_BY_NAME: dict[str, Activation] = {
    alias: act for act in ACTIVATIONS.values() for alias in (act.name, *act.aliases)
}


def register_activation(act: Activation) -> Activation:
    """Make a user-defined activation known by name (to ``get_activation``, model files, the CLI).

    Examples
    --------
    >>> square = Activation("square_demo", lambda z: z * z, lambda z, a: 2 * z, "z²", "2 z")
    >>> register_activation(square) is get_activation("square_demo")
    True
    >>> del ACTIVATIONS["square_demo"], _BY_NAME["square_demo"]
    """
    if not isinstance(act, Activation):
        raise BPNNError(f"register_activation takes an Activation, got {act!r}")
    for key in (act.name, *act.aliases):
        if key in _BY_NAME and _BY_NAME[key] is not act:
            raise BPNNError(f"an activation named {key!r} is already registered")
    ACTIVATIONS[act.name] = act
    _BY_NAME.update({key: act for key in (act.name, *act.aliases)})
    return act


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
        raise BPNNError.of("err_unknown_activation", name=name, hint=did_you_mean(key, _BY_NAME),
                           choices=", ".join(sorted(_BY_NAME)))
    return _BY_NAME[key]
