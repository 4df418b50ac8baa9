"""A model as a PyTorch module, scaling included (``Model.to_torch``, ``bpnn export --to torch``).

:func:`to_torch` builds a ``torch.nn.Module`` that repeats :meth:`Model.predict
<bpnn.app.workflow.Model.predict>` in the same order::

    X → the trained columns → (x − offset)·gain + ymin          (input scaling, float64)
      → one nn.Sequential of Linear + activation per network     (each activation's own torch_module)
      → the mean over the networks of a committee
      → (a − ymin)/gain + offset                                 (regression; classification: probabilities)

Its parameters are ordinary ``nn.Linear`` weights (``weight`` = Wᵀ, as PyTorch stores them), so
it can be fine-tuned or put inside a larger model.  :func:`export_torch` writes it as a
``torch.export`` program (``.pt2``) that loads without bpnn::

    module = torch.export.load("model.pt2").module()

Examples
--------
>>> import numpy as np, pytest
>>> torch = pytest.importorskip("torch")
>>> from bpnn.app.workflow import fit
>>> X = np.linspace(-1, 1, 30).reshape(-1, 1)
>>> model = fit(X, np.sin(3 * X[:, 0]), hidden=(4,), seed=0, ratios=(1, 0, 0), epochs=30)
>>> module = to_torch(model)
>>> got = module(torch.from_numpy(X)).detach().numpy()
>>> float(np.max(np.abs(got - model.predict(X)))) <= 1e-10
True
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import BPNNError


def need_torch():
    """``torch``, or a BPNNError that says how to install it."""
    try:
        import torch
    except ImportError:
        raise BPNNError("this needs PyTorch; install it with: pip install \".[torch]\" (from a clone of bpnn) "
                        "or pip install torch") from None
    return torch


def activation_module(f, layer: int):
    """The ``torch.nn`` layer of activation ``f``, from its own ``torch_module`` (or ``torch``) form."""
    torch = need_torch()
    if f.torch_module is not None:
        cls, kwargs = f.torch_module
        return getattr(torch.nn, cls)(**kwargs)
    if f.torch is not None:
        return _Twin(f)
    raise BPNNError(f"cannot export to PyTorch: layer {layer}'s activation {f.name!r} has no PyTorch form "
                    f"(its Activation has neither torch_module= nor torch=)")


def _Twin(f):
    torch = need_torch()

    class Twin(torch.nn.Module):
        """An activation given only as a function on tensors (its ``torch=`` form)."""

        def forward(self, z):
            return f.torch(torch, z)

        def extra_repr(self) -> str:
            return f.name

    return Twin()


def to_torch(model):
    """The model (or a fitted BPRegressor/BPClassifier) as a ``torch.nn.Module``.

    ``module(X)`` takes an n × d tensor of raw rows (columns in ``module.features`` order)
    and returns predictions in the original units (n × m), or class probabilities (n × k,
    columns in ``module.classes`` order).  The dtype is the network's.
    """
    torch = need_torch()
    from .io import _as_model

    model = _as_model(model)
    net, pre = model.network, model.preprocessing
    dtype = torch.float64 if net.dtype == np.float64 else torch.float32
    networks = []
    for member in model.networks:
        layers = []
        for l, (W, b, f) in enumerate(zip(member.W, member.b, member.activations), start=1):
            linear = torch.nn.Linear(W.shape[0], W.shape[1], dtype=dtype)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(W.T)))
                linear.bias.copy_(torch.from_numpy(np.asarray(b)))
            layers += [linear, activation_module(f, l)]
        networks.append(torch.nn.Sequential(*layers))
    return _module_class()(networks, pre, dtype)


_CLASS = None


def _module_class():
    """The module class, made once torch is imported (bpnn does not import torch otherwise)."""
    global _CLASS
    if _CLASS is not None:
        return _CLASS
    torch = need_torch()

    class BPNNModel(torch.nn.Module):
        """Raw rows → scaling → the networks (averaged) → original units or class probabilities."""

        def __init__(self, networks, pre, dtype):
            super().__init__()
            self.networks = torch.nn.ModuleList(networks)
            self.features, self.target, self.task = list(pre.features), list(pre.target), pre.task
            self.classes = None if pre.encoder is None else list(pre.encoder.classes)
            self.net_dtype = dtype
            self.register_buffer("keep", torch.from_numpy(np.flatnonzero(pre.keep)))
            self.scale_in = pre.x_scaler is not None
            self.scale_out = pre.y_scaler is not None
            for key, s in (("x", pre.x_scaler), ("y", pre.y_scaler)):
                if s is not None:
                    self.register_buffer(f"{key}_offset", torch.from_numpy(np.asarray(s.offset, dtype=np.float64)))
                    self.register_buffer(f"{key}_gain", torch.from_numpy(np.asarray(s.gain, dtype=np.float64)))
                    self.register_buffer(f"{key}_ymin", torch.tensor(float(s.ymin), dtype=torch.float64))

        def forward(self, X):
            X = X.to(torch.float64).index_select(1, self.keep)
            if self.scale_in:
                X = (X - self.x_offset) * self.x_gain + self.x_ymin
            a0 = X.to(self.net_dtype)
            outs = [net(a0) for net in self.networks]
            A = outs[0] if len(outs) == 1 else torch.stack(outs).mean(dim=0)
            if self.task == "classification" or not self.scale_out:
                return A
            return ((A.to(torch.float64) - self.y_ymin) / self.y_gain + self.y_offset).to(self.net_dtype)

    _CLASS = BPNNModel
    return _CLASS


def _plain(value):
    return value.item() if isinstance(value, np.generic) else str(value)


def export_torch(model, path) -> Path:
    """Write :func:`to_torch` as a ``torch.export`` program (``.pt2``) atomically; return the path.

    The file loads without bpnn: ``torch.export.load(path).module()``.  Its ``extra_files``
    hold ``bpnn.json``: the input columns, the targets, the task and the classes.
    """
    import io as _io

    torch = need_torch()
    from .io import _as_model, write_atomic

    model = _as_model(model)
    module = to_torch(model).eval()
    pre = model.preprocessing
    example = torch.zeros((2, len(pre.features)), dtype=module.net_dtype)
    try:
        program = torch.export.export(module, (example,), dynamic_shapes=({0: torch.export.Dim("n")},))
    except Exception as exc:          # noqa: BLE001  (torch.export raises many kinds for what it cannot trace)
        raise BPNNError(f"torch.export could not trace this model ({type(exc).__name__}: "
                        f"{str(exc).splitlines()[0] if str(exc) else ''}); use Model.to_torch() in Python") from None
    meta = {"features": module.features, "target": module.target, "task": module.task,
            "classes": module.classes, "dtype": str(module.net_dtype).removeprefix("torch.")}
    buf = _io.BytesIO()
    torch.export.save(program, buf, extra_files={"bpnn.json": json.dumps(meta, default=_plain)})
    return write_atomic(path, buf.getvalue(), "PyTorch program")
