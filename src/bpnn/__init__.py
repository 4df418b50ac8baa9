"""bpnn — back-propagation neural networks you can read, verify and use.

Notation (one table for the code, the docs and ``bpnn explain``).  Rows are
samples: ``X`` is n×d, targets ``T`` are n×m.  For layer l = 1…L::

    z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾        a⁽⁰⁾ = X
    a⁽ˡ⁾ = f⁽ˡ⁾(z⁽ˡ⁾)
    δ⁽ˡ⁾ = ∂E/∂z⁽ˡ⁾
    BP1  δ⁽ᴸ⁾ = ∂E/∂a⁽ᴸ⁾ ⊙ f'(z⁽ᴸ⁾)      (softmax + cross-entropy: (a⁽ᴸ⁾ − T)/n)
    BP2  δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ f'(z⁽ˡ⁾)
    BP3  ∂E/∂b⁽ˡ⁾ = Σ_rows δ⁽ˡ⁾
    BP4  ∂E/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾

Code uses exactly these names: ``z``, ``a``, ``delta``, ``dW``, ``db``; in
Python lists, index 0 is layer 1 for ``W`` and ``b``, and index l is layer l
for ``z``, ``a`` and ``delta`` (whose entry 0 is the input).

The seed article writes samples in columns, ``W2 @ tanh(W1 @ x + b1) + b2``;
its ``W1`` is bpnn's W⁽¹⁾ᵀ.

Examples
--------
>>> import numpy as np, bpnn
>>> X, T = bpnn.sin_data()                      # the article's 20 points of sin(x)
>>> net = bpnn.article_network()                # 1-4-1 tanh, its initial weights
>>> record = bpnn.train(net, X, T, algorithm="gd", lr=0.01, epochs=5000)
>>> round(record.loss[0], 4), round(record.loss[4999], 5)   # as the article prints
(18.0275, 0.00828)
"""

from .app.data import MapMinMax, MapStd, OneHot, Preprocessing, divide, read_table
from .app.io import load_model, save_model
from .app.workflow import Model, fit
from .core.activations import ACTIVATIONS, Activation, get_activation
from .core.backprop import forward_layers, loss_and_grad, residuals_and_jacobian
from .core.losses import LOSSES, Loss, get_loss
from .core.network import Network, split_theta
from .datasets import article_network, sin_data
from .errors import BPNNError
from .teach.explain import explain
from .teach.gradcheck import check_gradients, check_jacobian, numerical_grad, relative_error
from .training.loop import train
from .training.record import TrainingRecord

__version__ = "0.1.0"


def __getattr__(name):
    # the scikit-learn estimators load scikit-learn only when asked for
    if name in ("BPRegressor", "BPClassifier"):
        from .app import estimators

        return getattr(estimators, name)
    raise AttributeError(f"module 'bpnn' has no attribute {name!r}")

__all__ = [
    "ACTIVATIONS", "Activation", "BPNNError", "LOSSES", "Loss", "Network", "TrainingRecord",
    "article_network", "check_gradients", "check_jacobian", "explain", "forward_layers", "get_activation",
    "get_loss", "loss_and_grad", "numerical_grad", "relative_error", "residuals_and_jacobian",
    "sin_data", "split_theta", "train", "__version__",
    "BPClassifier", "BPRegressor", "MapMinMax", "MapStd", "Model", "OneHot", "Preprocessing", "divide", "fit",
    "load_model", "read_table", "save_model",
]
