"""The playground's data sets: the seed article's sin(x), four 2-D classification sets and a surface.

Every set is drawn from ``numpy.random.default_rng(seed)``, so the same settings give the same
rows; :func:`make_data` also splits them into training and test rows.  Inputs are rows (n×d),
targets are n×1: class 0/1 for the classification sets, a number for the regression sets.

Examples
--------
>>> (X, T), (X_test, T_test) = make_data("sin")          # the article's 20 points, all for training
>>> X.shape, T.shape, X_test.shape, round(float(T[1, 0]), 4)
((20, 1), (20, 1), (0, 1), 0.9716)
>>> (X, T), (X_test, T_test) = make_data("xor", points=200, test_fraction=0.25, seed=1)
>>> X.shape, X_test.shape, sorted(set(T.ravel().tolist()))
((150, 2), (50, 2), [0.0, 1.0])
"""

from __future__ import annotations

import numpy as np

from ...errors import BPNNError


def _sin(n, noise, rng):
    x = np.linspace(-5.0, 5.0, n)                    # the seed article's x (n = 20 there)
    return x.reshape(-1, 1), np.sin(x) + noise * rng.standard_normal(n)


def _xor(n, noise, rng):
    X = rng.uniform(-1.0, 1.0, (n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    return X + noise * rng.standard_normal((n, 2)), y


def _circles(n, noise, rng):
    inner = rng.random(n) < 0.5
    r = np.where(inner, 0.5 * np.sqrt(rng.random(n)), rng.uniform(0.7, 1.0, n))
    t = rng.uniform(0.0, 2 * np.pi, n)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    return X + noise * rng.standard_normal((n, 2)), inner.astype(float)


def _spirals(n, noise, rng):
    y = (np.arange(n) % 2).astype(float)
    r = rng.random(n)
    t = 1.75 * 2 * np.pi * r + np.pi * y
    X = np.column_stack([r * np.sin(t), r * np.cos(t)])
    return X + noise * rng.standard_normal((n, 2)), y


def _gaussians(n, noise, rng):
    y = (np.arange(n) % 2).astype(float)
    centre = np.where(y[:, None] > 0, 0.5, -0.5)
    return centre + (0.2 + noise) * rng.standard_normal((n, 2)), y


def _surface(n, noise, rng):
    X = rng.uniform(-3.0, 3.0, (n, 2))
    return X, np.sin(X[:, 0]) * np.cos(X[:, 1]) + noise * rng.standard_normal(n)


# name → (drawer, task, default points, default noise, description)
DATASETS = {
    "sin": (_sin, "regression", 20, 0.0, "y = sin(x) on [−5, 5]: the seed article's data"),
    "xor": (_xor, "classification", 200, 0.0, "xor: the sign of x₁·x₂"),
    "circles": (_circles, "classification", 200, 0.0, "a disc inside a ring"),
    "spirals": (_spirals, "classification", 300, 0.0, "two interleaved spirals"),
    "gaussians": (_gaussians, "classification", 200, 0.0, "two Gaussian clouds"),
    "surface": (_surface, "regression", 300, 0.0, "y = sin x₁ · cos x₂ on [−3, 3]²"),
}


def make_data(name: str = "sin", points: int | None = None, noise: float | None = None,
              test_fraction: float = 0.0, seed: int = 0):
    """Draw a data set and split it into training and test rows.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.
    points : int, optional
        Number of rows in all (default: the set's own, 20 for ``"sin"``).
    noise : float, optional
        Standard deviation of Gaussian noise: on the targets of a regression set, on the inputs
        of a classification set.
    test_fraction : float, default 0
        Share of the rows held out as test rows (chosen at random with ``seed``).
    seed : int, default 0

    Returns
    -------
    (X, T), (X_test, T_test) : ndarrays, shapes (n, d), (n, 1)
    """
    if name not in DATASETS:
        raise BPNNError(f"unknown data set {name!r}; choose one of: {', '.join(DATASETS)}")
    draw, _, default_points, default_noise, _ = DATASETS[name]
    n = default_points if points is None else int(points)
    noise = default_noise if noise is None else float(noise)
    rng = np.random.default_rng(seed)
    X, y = draw(n, noise, rng)
    T = np.asarray(y, dtype=float).reshape(-1, 1)
    n_test = int(round(test_fraction * n))
    if n - n_test < 1:
        raise BPNNError(f"test_fraction {test_fraction} leaves no training rows of {n}; lower it")
    rows = rng.permutation(n) if n_test else np.arange(n)
    train, test = np.sort(rows[n_test:]), np.sort(rows[:n_test])
    return (X[train], T[train]), (X[test], T[test])
