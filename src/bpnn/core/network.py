"""The network: layer sizes, an activation per layer, one flat parameter vector θ.

All weights and biases live in one contiguous vector ``theta``.  Layer l owns
the slice ``[W⁽ˡ⁾ row by row, then b⁽ˡ⁾]``; ``net.W[l]`` and ``net.b[l]``
are *views* into that slice, so an optimiser that updates ``theta`` updates
every layer at once, and a gradient laid out the same way (``dW``, ``db``
views of one vector) is exactly what the optimisers need.

Lists are 0-based in code: ``net.W[0]`` is W⁽¹⁾ of the notation table, the
weights from the inputs to the first hidden layer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .activations import Activation, get_activation
from ..errors import BPNNError
from .init import fill_stack, get_initializer
from ..validation import as_matrix

_DTYPES = {"float64": np.float64, "float32": np.float32}


def _as_dtype(dtype) -> np.dtype:
    dt = np.dtype(_DTYPES.get(dtype, dtype) if isinstance(dtype, str) else dtype)
    if dt not in (np.float64, np.float32):
        raise BPNNError(f"dtype must be float64 or float32, got {dtype!r}")
    return dt


def layer_shapes(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """``(fan_in, fan_out)`` of each layer's W."""
    return list(zip(sizes[:-1], sizes[1:]))


def layer_slices(sizes: Sequence[int]) -> list[tuple[slice, slice]]:
    """Where each layer's W and b sit in θ: ``[(W slice, b slice), ...]``.

    Examples
    --------
    >>> layer_slices([1, 4, 1])
    [(slice(0, 4, None), slice(4, 8, None)), (slice(8, 12, None), slice(12, 13, None))]
    """
    out, start = [], 0
    for fan_in, fan_out in layer_shapes(sizes):
        stop = start + fan_in * fan_out
        out.append((slice(start, stop), slice(stop, stop + fan_out)))
        start = stop + fan_out
    return out


def forward_pass(W: Sequence[np.ndarray], b: Sequence[np.ndarray], activations, X: np.ndarray) -> np.ndarray:
    """a⁽ᴸ⁾ = f⁽ᴸ⁾(… f⁽¹⁾(X W⁽¹⁾ + b⁽¹⁾) …) for any layers' W and b (one network's, a stack's, or
    trial points' from :func:`split_theta`)."""
    a = X
    for W_l, b_l, f in zip(W, b, activations):
        a = f(a @ W_l + b_l)
    return a


def split_theta(theta: np.ndarray, sizes: Sequence[int]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Views ``W``, ``b`` into a flat vector laid out like θ.

    Works for θ itself and for anything shaped like it (a gradient ∂E/∂θ).
    A stack of K networks has θ of shape (K, p); its views are W (K, fan_in,
    fan_out) and b (K, 1, fan_out), so that ``a @ W + b`` broadcasts over
    the stack exactly as it does for one network.

    Examples
    --------
    >>> theta = np.arange(13.0)
    >>> W, b = split_theta(theta, [1, 4, 1])
    >>> W[0], b[0], W[1].ravel(), b[1]
    (array([[0., 1., 2., 3.]]), array([4., 5., 6., 7.]), array([ 8.,  9., 10., 11.]), array([12.]))
    >>> W[1][0, 0] = -1.0; theta[8]
    np.float64(-1.0)
    >>> [w.shape for w in split_theta(np.zeros((5, 13)), [1, 4, 1])[0]]
    [(5, 1, 4), (5, 4, 1)]
    """
    lead = theta.shape[:-1]
    W, b = [], []
    for (w_slice, b_slice), (fan_in, fan_out) in zip(layer_slices(sizes), layer_shapes(sizes)):
        W.append(theta[..., w_slice].reshape(*lead, fan_in, fan_out))
        b.append(theta[..., b_slice].reshape(*lead, 1, fan_out) if lead else theta[b_slice])
    return W, b


class Network:
    """A fully connected feed-forward (BP) network.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, inputs first: ``[1, 4, 1]`` is the article's 1-4-1 net.
    activation : str or sequence of str, default ``"tanh"``
        Hidden-layer activation(s): one name for all hidden layers or one per
        hidden layer.  MATLAB names (``tansig``, ``logsig``, ``poslin``) work.
    output : str, default ``"linear"``
        Output-layer activation (``"linear"`` for regression, ``"softmax"``
        for classification with cross-entropy).
    init : str, default ``"nguyen_widrow"``
        Initial weights, see :mod:`bpnn.core.init`.
    seed : int or numpy.random.Generator, optional
        Source of the initial weights.  The same seed gives the same weights.
    dtype : {"float64", "float32"}, default ``"float64"``
    stack : int, optional
        Hold K networks of this architecture at once (for multi-start
        training): θ has shape (K, p) and ``predict`` returns (K, n, m).
        Network k gets the weights the k-th of K single networks drawn one
        after another from the same generator would get.

    Attributes
    ----------
    theta : ndarray, shape (p,) or (K, p)
        All parameters.  Assigning ``net.theta = v`` copies ``v`` in place.
    W, b : list of ndarray
        Views into ``theta``: ``W[l]`` has shape (sizes[l], sizes[l+1]).
    activations : list of Activation
        One per layer (hidden layers, then the output layer).

    Notes
    -----
    ``z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾``, ``a⁽ˡ⁾ = f⁽ˡ⁾(z⁽ˡ⁾)``, ``a⁽⁰⁾ = X``,
    rows are samples.

    Examples
    --------
    >>> net = Network([1, 4, 1], "tanh", "linear", init="randn", seed=0)
    >>> net
    Network(1-4-1, tanh → linear, 13 parameters, float64)
    >>> net.predict([[0.5], [1.0]]).shape
    (2, 1)
    >>> net.W[0] is not None and np.shares_memory(net.W[0], net.theta)
    True
    """

    def __init__(self, sizes: Sequence[int], activation: str | Sequence[str] = "tanh",
                 output: str = "linear", *, init: str = "nguyen_widrow", seed=None,
                 dtype="float64", stack: int | None = None) -> None:
        sizes = list(sizes) if not isinstance(sizes, (str, bytes)) else []
        if len(sizes) < 2 or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool)
                                     and s >= 1 for s in sizes):
            raise BPNNError(
                f"sizes must list at least two positive integers (inputs, ..., outputs), "
                f"got {sizes!r}; e.g. [1, 4, 1]"
            )
        self.sizes = [int(s) for s in sizes]
        n_hidden = len(self.sizes) - 2
        hidden = [activation] * n_hidden if isinstance(activation, (str, Activation)) else list(activation)
        if len(hidden) != n_hidden:
            raise BPNNError(
                f"got {len(hidden)} hidden activations for {n_hidden} hidden layer(s); "
                f"give one name, or one per hidden layer"
            )
        self.activations: list[Activation] = [get_activation(f) for f in [*hidden, output]]
        self.dtype = _as_dtype(dtype)
        self.n_params = sum(i * o + o for i, o in layer_shapes(self.sizes))
        if stack is not None and (isinstance(stack, bool) or not isinstance(stack, (int, np.integer)) or stack < 1):
            raise BPNNError(f"stack must be a positive number of networks, got {stack!r}")
        self.n_stack = None if stack is None else int(stack)
        shape = (self.n_params,) if stack is None else (self.n_stack, self.n_params)
        self._theta = np.zeros(shape, dtype=self.dtype)
        self.W, self.b = split_theta(self._theta, self.sizes)
        self.initialize(init, seed)

    # -- parameters -----------------------------------------------------------
    @property
    def theta(self) -> np.ndarray:
        """The flat parameter vector (W⁽¹⁾, b⁽¹⁾, W⁽²⁾, b⁽²⁾, ...)."""
        return self._theta

    @theta.setter
    def theta(self, value) -> None:
        value = np.asarray(value)
        if value.shape != self._theta.shape:
            raise BPNNError(f"theta must have shape {self._theta.shape}, got {value.shape}")
        self._theta[...] = value

    @property
    def n_layers(self) -> int:
        """L, the number of weight layers (hidden layers + 1)."""
        return len(self.sizes) - 1

    def initialize(self, method: str = "nguyen_widrow", seed=None) -> "Network":
        """Draw new initial weights in place; returns ``self``."""
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        fill = get_initializer(method)
        if self.n_stack is not None and fill_stack(fill, self.W, self.b, self.activations, rng):
            self.init = method if isinstance(method, str) else fill.__name__
            return self
        for theta in self._theta.reshape(-1, self.n_params):       # one network after another
            for W, b, f in zip(*split_theta(theta, self.sizes), self.activations):
                # draw in float64 so float32 networks get the same numbers, rounded
                W64, b64 = np.empty(W.shape), np.empty(b.shape)
                fill(W64, b64, f, rng)
                W[...], b[...] = W64, b64
        self.init = method if isinstance(method, str) else getattr(method, "__name__", "custom")
        return self

    def copy(self) -> "Network":
        """An independent network with the same architecture and weights."""
        new = Network.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.activations = list(self.activations)
        new.sizes = list(self.sizes)
        new._theta = self._theta.copy()
        new.W, new.b = split_theta(new._theta, new.sizes)
        return new

    def __reduce__(self):
        """Pickle as architecture + θ (the W and b views are rebuilt on loading)."""
        return (_rebuild, (self.sizes, [f.name for f in self.activations], self.dtype.name, self.n_stack,
                           self._theta.copy(), getattr(self, "init", None)))

    # -- stacks of networks ----------------------------------------------------------
    @classmethod
    def stacked(cls, nets: Sequence["Network"]) -> "Network":
        """One stack holding copies of single networks of the same architecture.

        Examples
        --------
        >>> nets = [Network([2, 3, 1], seed=s) for s in range(4)]
        >>> stack = Network.stacked(nets)
        >>> stack.theta.shape, np.array_equal(stack.unstack()[2].theta, nets[2].theta)
        ((4, 13), True)
        """
        first = nets[0]
        for other in nets[1:]:
            if other.sizes != first.sizes or other.activations != first.activations or other.dtype != first.dtype:
                raise BPNNError("networks in a stack must share sizes, activations and dtype")
        stack = cls(first.sizes, first.activations[:-1], first.activations[-1],
                    init="glorot", seed=0, dtype=first.dtype, stack=len(nets))
        stack.theta = np.stack([net.theta for net in nets])
        stack.init = first.init
        return stack

    def unstack(self) -> list["Network"]:
        """The networks of a stack as independent single networks."""
        if self.n_stack is None:
            return [self.copy()]
        out = []
        for theta in self._theta:
            net = Network(self.sizes, self.activations[:-1], self.activations[-1],
                          init="glorot", seed=0, dtype=self.dtype)
            net.theta = theta
            net.init = self.init
            out.append(net)
        return out

    # -- from PyTorch ----------------------------------------------------------------
    @classmethod
    def from_torch(cls, module) -> "Network":
        """A network with the weights of a plain ``torch.nn.Sequential`` of Linear + activations.

        Each ``nn.Linear`` starts a layer; the module after it, if any, is that layer's
        activation, found among the activations whose ``torch_module`` names its class and
        checked to compute the same function.  A Linear followed by another Linear (or by
        nothing) has a linear activation.  Scaling outside the module is not part of it.

        Raises
        ------
        BPNNError
            A module that is not Linear or a known activation, two activations in a row,
            or weights that are neither float64 nor float32.

        Examples
        --------
        >>> import pytest
        >>> torch = pytest.importorskip("torch")
        >>> seq = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
        >>> Network.from_torch(seq)
        Network(2-3-1, tanh → linear, 13 parameters, float32)
        """
        import torch

        from .activations import ACTIVATIONS

        children = list(module.children()) if isinstance(module, torch.nn.Sequential) else None
        if not children:
            raise BPNNError(f"Network.from_torch takes a torch.nn.Sequential of Linear layers and activations, "
                            f"got {type(module).__name__}")
        layers = []                                        # [linear, activation or None]
        for i, child in enumerate(children):
            if isinstance(child, torch.nn.Linear):
                layers.append([child, None])
                continue
            where = f"module {i} ({type(child).__name__})"
            if not layers or layers[-1][1] is not None:
                raise BPNNError(f"{where} follows {'nothing' if not layers else 'another activation'}; "
                                f"Network.from_torch takes Linear, activation, Linear, ...")
            layers[-1][1] = _activation_of(child, where, torch, ACTIVATIONS)
        dtype = layers[0][0].weight.dtype
        if dtype not in (torch.float64, torch.float32) or any(lin.weight.dtype != dtype for lin, _ in layers):
            raise BPNNError(f"Network.from_torch needs float64 or float32 weights throughout, got {dtype}")
        sizes = [layers[0][0].in_features] + [lin.out_features for lin, _ in layers]
        for (a, _), (b, _) in zip(layers, layers[1:]):
            if b.in_features != a.out_features:
                raise BPNNError(f"a Linear layer of {b.in_features} inputs follows one of {a.out_features} outputs")
        names = [f.name if f is not None else "linear" for _, f in layers]
        net = cls(sizes, names[:-1], names[-1], init="glorot", seed=0, dtype=str(dtype).removeprefix("torch."))
        for l, (lin, _) in enumerate(layers):
            net.W[l][...] = lin.weight.detach().cpu().numpy().T
            net.b[l][...] = 0.0 if lin.bias is None else lin.bias.detach().cpu().numpy()
        net.init = "from_torch"
        return net

    # -- forward pass -----------------------------------------------------------
    def forward(self, X: np.ndarray) -> np.ndarray:
        """a⁽ᴸ⁾ for inputs X (n×d), without input checks (the fast inner path)."""
        return forward_pass(self.W, self.b, self.activations, X)

    def predict(self, X) -> np.ndarray:
        """Network output for inputs X (n×d → n×m; a stack gives K×n×m), after checking X.

        Raises
        ------
        BPNNError
            If X is not numeric, has NaN/inf, or has the wrong number of columns.
        """
        return self.forward(as_matrix(X, "X", self.dtype, columns=self.sizes[0]))

    def __repr__(self) -> str:
        names = " → ".join(dict.fromkeys(f.name for f in self.activations[:-1])) or "no hidden"
        times = f" ×{self.n_stack}" if self.n_stack is not None else ""
        return (f"Network({'-'.join(map(str, self.sizes))}{times}, {names} → {self.activations[-1].name}, "
                f"{self.n_params} parameters, {self.dtype.name})")


def _activation_of(child, where: str, torch, activations):
    """The registered activation whose ``torch_module`` is ``child``'s class and whose f it computes."""
    kind = type(child).__name__
    named = [f for f in activations.values() if f.torch_module is not None and f.torch_module[0] == kind]
    if not named:
        known = sorted({f.torch_module[0] for f in activations.values() if f.torch_module is not None})
        raise BPNNError(f"{where} is neither Linear nor an activation bpnn knows ({', '.join(known)})")
    probe = torch.linspace(-3.0, 3.0, 24, dtype=torch.float64).reshape(4, 6)
    with torch.no_grad():
        for f in named:
            if torch.allclose(child(probe), f.torch(torch, probe), rtol=1e-12, atol=1e-12):
                return f
    raise BPNNError(f"{where} computes none of bpnn's {', '.join(f.name for f in named)} (different settings: "
                    f"{child}); change it or register an Activation for it")


def _rebuild(sizes, activations, dtype, stack, theta, init) -> Network:
    net = Network(sizes, activations[:-1], activations[-1], init="glorot", seed=0, dtype=dtype, stack=stack)
    net.theta = theta
    net.init = init
    return net
