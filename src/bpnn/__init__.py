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

import importlib

__version__ = "0.1.0"

#: where each public name lives; ``import bpnn`` loads none of them (it takes milliseconds), and
#: the first use of a name imports its module (PEP 562), so ``bpnn --help`` and ``bpnn.__version__``
#: never pay for pandas, scipy or matplotlib
_LAZY = {
    **dict.fromkeys(("MapMinMax", "MapStd", "OneHot", "Preprocessing", "divide", "read_table"), ".app.data"),
    **dict.fromkeys(("load_model", "save_model"), ".app.io"),
    **dict.fromkeys(("Model", "fit"), ".app.workflow"),
    **dict.fromkeys(("BPRegressor", "BPClassifier"), ".app.estimators"),
    **dict.fromkeys(("ACTIVATIONS", "Activation", "get_activation"), ".core.activations"),
    **dict.fromkeys(("forward_layers", "loss_and_grad", "residuals_and_jacobian"), ".core.backprop"),
    **dict.fromkeys(("LOSSES", "Loss", "get_loss"), ".core.losses"),
    **dict.fromkeys(("Network", "split_theta"), ".core.network"),
    **dict.fromkeys(("article_network", "sin_data"), ".datasets"),
    "BPNNError": ".errors",
    "explain": ".teach.explain",
    **dict.fromkeys(("check_gradients", "check_jacobian", "numerical_grad", "relative_error"), ".teach.gradcheck"),
    "train": ".training.loop",
    "TrainingRecord": ".training.record",
}


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value                     # the next look-up is a plain attribute
        return value
    raise AttributeError(f"module 'bpnn' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "ACTIVATIONS", "Activation", "BPNNError", "LOSSES", "Loss", "Network", "TrainingRecord",
    "article_network", "check_gradients", "check_jacobian", "explain", "forward_layers", "get_activation",
    "get_loss", "loss_and_grad", "numerical_grad", "relative_error", "residuals_and_jacobian",
    "sin_data", "split_theta", "train", "__version__",
    "BPClassifier", "BPRegressor", "MapMinMax", "MapStd", "Model", "OneHot", "Preprocessing", "divide", "fit",
    "load_model", "read_table", "save_model",
]
