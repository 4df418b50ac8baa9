"""The seed article's example: y = sin(x) on 20 points, a 1-4-1 tanh network.

The article draws its initial weights with ``torch.manual_seed(99)`` and
``torch.randn`` for w1 (4×1), b1 (4×1), w2 (1×4), b2 (1×1), in that order.
Those float32 values are written out below so that the run can be
reproduced without PyTorch.

The article writes samples in columns (``W2 @ tanh(W1 @ x + b1) + b2``);
bpnn writes them in rows (``tanh(X W⁽¹⁾ + b⁽¹⁾) W⁽²⁾ + b⁽²⁾``), so
W⁽¹⁾ = w1ᵀ and W⁽²⁾ = w2ᵀ, and the biases are the same numbers.
"""

from __future__ import annotations

import numpy as np

from ..core.network import Network

#: The article's initial weights, in its own (column) convention.
ARTICLE_WEIGHTS = {
    "w1": [0.6126858592033386, -1.1753536462783813, -0.7646492719650269, -0.6665656566619873],
    "b1": [0.7443659901618958, -0.6453173756599426, -1.3890278339385986, -0.2729676067829132],
    "w2": [0.940598726272583, -2.6176693439483643, -0.9511449337005615, -0.21964849531650543],
    "b2": [0.1677340716123581],
}


def sin_data(n: int = 20, low: float = -5.0, high: float = 5.0, dtype="float64") -> tuple[np.ndarray, np.ndarray]:
    """The article's data: ``x = linspace(-5, 5, 20)``, ``y = sin(x)``, as columns.

    Returns
    -------
    X, T : ndarray, shape (n, 1)

    Examples
    --------
    >>> X, T = sin_data()
    >>> X.shape, float(X[0, 0]), float(X[-1, 0])
    ((20, 1), -5.0, 5.0)
    """
    x = np.linspace(low, high, n, dtype=np.float32 if str(dtype) == "float32" else np.float64)
    return x.reshape(-1, 1), np.sin(x).reshape(-1, 1)


def article_network(dtype="float64") -> Network:
    """The article's 1-4-1 tanh/linear network at its initial weights.

    Examples
    --------
    >>> net = article_network()
    >>> net
    Network(1-4-1, tanh → linear, 13 parameters, float64)
    >>> X, T = sin_data()
    >>> round(float(np.mean((net.predict(X) - T) ** 2)), 4)   # the article's step-0 loss
    18.0275
    """
    net = Network([1, 4, 1], "tanh", "linear", init="randn", seed=0, dtype=dtype)
    w = ARTICLE_WEIGHTS
    net.W[0][...] = np.array(w["w1"]).reshape(4, 1).T     # W⁽¹⁾ = w1ᵀ (1×4)
    net.b[0][...] = w["b1"]
    net.W[1][...] = np.array(w["w2"]).reshape(1, 4).T     # W⁽²⁾ = w2ᵀ (4×1)
    net.b[1][...] = w["b2"]
    net.init = "article (torch.manual_seed(99), randn)"
    return net
