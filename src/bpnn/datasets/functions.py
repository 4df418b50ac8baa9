"""Functions of two variables to approximate, sampled on grids.

* :func:`peaks` is MATLAB's ``peaks``: a sum of three Gaussian bumps,
  the standard test surface of MATLAB's graphics and function-fitting demos.
* :func:`sincos` is sin(x)·cos(y).

:func:`grid_samples` samples one on an n×n grid (the training set);
:func:`midpoint_samples` at the centres of the grid's cells, the points
halfway between the training nodes, which the network never sees.
"""

from __future__ import annotations

import numpy as np

from ..errors import BPNNError, did_you_mean


def peaks(x, y) -> np.ndarray:
    """MATLAB's ``peaks``:

    z = 3(1−x)² e^(−x²−(y+1)²) − 10(x/5 − x³ − y⁵) e^(−x²−y²) − ⅓ e^(−(x+1)²−y²)

    Examples
    --------
    >>> round(float(peaks(0.0, 0.0)), 6)
    0.981012
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return (3 * (1 - x) ** 2 * np.exp(-x ** 2 - (y + 1) ** 2)
            - 10 * (x / 5 - x ** 3 - y ** 5) * np.exp(-x ** 2 - y ** 2)
            - np.exp(-(x + 1) ** 2 - y ** 2) / 3)


def sincos(x, y) -> np.ndarray:
    """z = sin(x)·cos(y).

    Examples
    --------
    >>> float(sincos(np.pi / 2, 0.0))
    1.0
    """
    return np.sin(np.asarray(x, dtype=float)) * np.cos(np.asarray(y, dtype=float))


#: name → (function, domain [low, high] of both x and y)
SURFACES = {"peaks": (peaks, (-3.0, 3.0)), "sincos": (sincos, (-np.pi, np.pi))}


def surface(name: str):
    """``(function, (low, high))`` of a surface by name."""
    if name not in SURFACES:
        raise BPNNError(f"unknown surface {name!r}{did_you_mean(name, SURFACES)}; "
                        f"choose one of: {', '.join(SURFACES)}")
    return SURFACES[name]


def grid_samples(name: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Samples of a surface on an n×n grid over its domain.

    Returns
    -------
    X : ndarray, shape (n², 2)
        Columns x and y.
    T : ndarray, shape (n², 1)

    Examples
    --------
    >>> X, T = grid_samples("sincos", 3)
    >>> np.round(X[:4], 2).tolist(), T.shape           # x varies fastest
    ([[-3.14, -3.14], [0.0, -3.14], [3.14, -3.14], [-3.14, 0.0]], (9, 1))
    """
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise BPNNError(f"the grid needs at least 2 nodes a side, got {n!r}")
    f, (low, high) = surface(name)
    g = np.linspace(low, high, n)
    xx, yy = np.meshgrid(g, g)
    X = np.column_stack([xx.ravel(), yy.ravel()])
    return X, f(X[:, 0], X[:, 1]).reshape(-1, 1)


def midpoint_samples(name: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Samples at the centres of the cells of the n×n grid: (n−1)² points, none on a grid node.

    Examples
    --------
    >>> X, T = midpoint_samples("peaks", 3)
    >>> X.tolist()
    [[-1.5, -1.5], [1.5, -1.5], [-1.5, 1.5], [1.5, 1.5]]
    """
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise BPNNError(f"the grid needs at least 2 nodes a side, got {n!r}")
    f, (low, high) = surface(name)
    g = np.linspace(low, high, n)
    mid = (g[:-1] + g[1:]) / 2
    xx, yy = np.meshgrid(mid, mid)
    X = np.column_stack([xx.ravel(), yy.ravel()])
    return X, f(X[:, 0], X[:, 1]).reshape(-1, 1)
