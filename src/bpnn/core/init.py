"""Initial weights: randn (the seed article's), Glorot, He, Nguyen–Widrow.

Each initialiser fills one layer's ``W`` (fan_in × fan_out) and ``b``
(fan_out) in place, drawing from an explicit :class:`numpy.random.Generator`,
so the same seed always gives the same network.

==============  ====================================================  ================
name            W                                                     b
==============  ====================================================  ================
randn           N(0, 1)                                               N(0, 1)
glorot          U(−r, r), r = √(6 / (fan_in + fan_out))               0
he              N(0, 2 / fan_in)                                      0
nguyen_widrow   rows of norm β = 0.7·h^(1/d), random directions;      spread evenly
                for tanh/sigmoid layers (MATLAB's ``initnw``); other  in [−β, β]
                layers get Glorot
==============  ====================================================  ================

Nguyen–Widrow assumes inputs scaled to [−1, 1] (MATLAB's ``mapminmax``): it
spreads the active regions of the hidden units evenly over that range.

References
----------
D. Nguyen and B. Widrow, "Improving the learning speed of 2-layer neural
networks by choosing initial values of the adaptive weights", IJCNN 1990.
X. Glorot and Y. Bengio, AISTATS 2010.  K. He et al., ICCV 2015.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .activations import Activation
from ..errors import BPNNError, did_you_mean


def randn(W: np.ndarray, b: np.ndarray, f: Activation, rng: np.random.Generator) -> None:
    """Standard normal weights and biases, W first, then b (the article's draw)."""
    W[...] = rng.standard_normal(W.shape)
    b[...] = rng.standard_normal(b.shape)


def glorot(W: np.ndarray, b: np.ndarray, f: Activation, rng: np.random.Generator) -> None:
    """Glorot/Xavier uniform weights, zero biases."""
    fan_in, fan_out = W.shape
    r = np.sqrt(6.0 / (fan_in + fan_out))
    W[...] = rng.uniform(-r, r, W.shape)
    b[...] = 0.0


def he(W: np.ndarray, b: np.ndarray, f: Activation, rng: np.random.Generator) -> None:
    """He normal weights (for ReLU layers), zero biases."""
    W[...] = rng.standard_normal(W.shape) * np.sqrt(2.0 / W.shape[0])
    b[...] = 0.0


def nguyen_widrow(W: np.ndarray, b: np.ndarray, f: Activation, rng: np.random.Generator) -> None:
    """Nguyen–Widrow for squashing layers (MATLAB's default), Glorot otherwise."""
    if not f.squashing:
        glorot(W, b, f, rng)
        return
    d, h = W.shape
    beta = 0.7 * h ** (1.0 / d)
    directions = rng.uniform(-1.0, 1.0, (d, h))
    directions /= np.linalg.norm(directions, axis=0, keepdims=True)
    W[...] = beta * directions
    # biases spread evenly over [−β, β], so the units' centres tile the input range
    b[...] = beta * (np.linspace(-1.0, 1.0, h) if h > 1 else np.zeros(1)) * np.sign(directions[0])


def fill_stack(fill: Callable, W: list, b: list, activations, rng: np.random.Generator) -> bool:
    """Fill a stack's W (K × fan_in × fan_out) and b views in one draw, if ``fill`` allows it.

    Drawing network after network costs tens of µs of Python per network and
    layer; a stack of 100 restarts would spend milliseconds there.  Glorot and
    Nguyen–Widrow draw nothing but uniforms, so one call to
    ``rng.uniform(low, high)`` with per-element bounds, laid out network after
    network and layer after layer, yields the very numbers the one-by-one
    draws would (the tests hold them equal).  Returns False, having drawn
    nothing, for any other initialiser.
    """
    if fill not in (glorot, nguyen_widrow):
        return False
    K = W[0].shape[0]
    widrow = [fill is nguyen_widrow and f.squashing for f in activations]
    bounds = [(1.0 if nw else float(np.sqrt(6.0 / sum(Wl.shape[1:])))) for Wl, nw in zip(W, widrow)]
    high = np.concatenate([np.full(Wl.shape[1] * Wl.shape[2], r) for Wl, r in zip(W, bounds)])
    draws = rng.uniform(-high, high, size=(K, high.size))          # network by network, layer by layer
    start = 0
    for Wl, bl, nw in zip(W, b, widrow):
        d, h = Wl.shape[1:]
        block = draws[:, start:start + d * h].reshape(K, d, h)
        start += d * h
        if nw:                                                      # as nguyen_widrow, for K networks
            beta = 0.7 * h ** (1.0 / d)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            Wl[...] = beta * block
            spread = np.linspace(-1.0, 1.0, h) if h > 1 else np.zeros(1)
            bl[...] = (beta * spread * np.sign(block[:, 0, :])).reshape(bl.shape)
        else:                                                       # as glorot
            Wl[...] = block
            bl[...] = 0.0
    return True


INITIALIZERS: dict[str, Callable] = {
    "randn": randn, "glorot": glorot, "he": he, "nguyen_widrow": nguyen_widrow,
}
_ALIASES = {"xavier": "glorot", "initnw": "nguyen_widrow", "nw": "nguyen_widrow", "normal": "randn"}


def get_initializer(name: str | Callable) -> Callable:
    """Look an initialiser up by name (``"nguyen_widrow"``, ``"initnw"``, ``"glorot"``, ...).

    Examples
    --------
    >>> get_initializer("initnw").__name__
    'nguyen_widrow'
    """
    if callable(name):
        return name
    key = str(name).strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in INITIALIZERS:
        raise BPNNError(
            f"unknown initialiser {name!r}{did_you_mean(key, [*INITIALIZERS, *_ALIASES])}; "
            f"choose one of: {', '.join(INITIALIZERS)}"
        )
    return INITIALIZERS[key]
