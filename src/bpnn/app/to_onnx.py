"""Export a model to ONNX, with its preprocessing in the graph: raw rows in, raw predictions out.

The graph repeats what :meth:`bpnn.app.workflow.Model.predict` does, in the same order::

    X → Gather (the trained columns) → (x − offset)·gain + ymin          (input scaling)
      → MatMul W, Add b, f for each layer (f: each activation's own ``onnx`` operator)
      → the mean over the networks of a committee (Add, Div)
      → (a − ymin)/gain + offset → Y                                      (regression)
      or → probabilities, and ArgMax → Gather(classes) → label            (classification)

Inputs and outputs have the network's dtype (float64 or float32).  The scaling runs
in float64 in both cases, as bpnn does, so a float32 model loses only what its
float32 network loses.  Operators are from the default domain at opset
:data:`OPSET`; the file's IR version is :data:`IR_VERSION`, which onnxruntime ≥ 1.13
reads.

Examples
--------
>>> import numpy as np, pytest
>>> _ = pytest.importorskip("onnx")
>>> from bpnn.app.workflow import fit
>>> X = np.linspace(-1, 1, 30).reshape(-1, 1)
>>> model = fit(X, np.sin(3 * X[:, 0]), hidden=(4,), seed=0, ratios=(1, 0, 0), epochs=30)
>>> graph = onnx_model(model)
>>> [i.name for i in graph.graph.input], [o.name for o in graph.graph.output]
(['X'], ['Y'])
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import BPNNError

OPSET = 17
IR_VERSION = 8


def _need_onnx():
    try:
        import onnx
    except ImportError:
        raise BPNNError("ONNX export needs the onnx package; install it with: pip install \".[onnx]\" "
                        "(from a clone of bpnn) or pip install onnx") from None
    return onnx


def check_onnx_forms(net) -> None:
    """Refuse, naming the layer, a network with an activation that has no ONNX operator."""
    from .export import require_form

    require_form(net, "onnx", "ONNX", "ONNX operator")


def class_array(classes) -> np.ndarray:
    """Class labels as one array an ONNX tensor can hold: int64, float64, or text."""
    if all(isinstance(c, (int, np.integer)) and not isinstance(c, bool) for c in classes):
        return np.asarray(classes, dtype=np.int64)
    if all(isinstance(c, (int, float, np.number)) and not isinstance(c, bool) for c in classes):
        return np.asarray(classes, dtype=np.float64)
    return np.asarray([str(c) for c in classes], dtype=object)


def onnx_model(model):
    """The :class:`onnx.ModelProto` of a model (or a fitted BPRegressor/BPClassifier).

    Inputs: ``X`` (n × d raw columns, in ``model.features`` order).  Outputs: ``Y``
    (n × m, original units) for regression; ``label`` (n) and ``probabilities``
    (n × k, columns in ``model.classes`` order) for classification.

    Raises
    ------
    BPNNError
        onnx is not installed, or a layer's activation has no ONNX operator.
    """
    onnx = _need_onnx()
    from onnx import TensorProto, helper, numpy_helper

    from .. import __version__
    from .io import _as_model

    model = _as_model(model)
    net, pre = model.network, model.preprocessing
    check_onnx_forms(net)
    single = net.dtype == np.float32
    elem = TensorProto.FLOAT if single else TensorProto.DOUBLE
    inits, nodes = [], []

    def const(name, value, dtype=None):
        inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def node(op, inputs, out, **attrs):
        nodes.append(helper.make_node(op, list(inputs), [out], **attrs))
        return out

    h = node("Cast", ["X"], "X_float64", to=TensorProto.DOUBLE) if single else "X"
    if not pre.keep.all():
        h = node("Gather", [h, const("keep", np.flatnonzero(pre.keep), np.int64)], "X_kept", axis=1)
    if pre.x_scaler is not None:
        s = pre.x_scaler
        h = node("Sub", [h, const("x_offset", s.offset, np.float64)], "X_centred")
        h = node("Mul", [h, const("x_gain", s.gain, np.float64)], "X_gained")
        h = node("Add", [h, const("x_ymin", [s.ymin], np.float64)], "X_scaled")
    if single:
        h = node("Cast", [h], "a0", to=TensorProto.FLOAT)
    outs = []
    for k, member in enumerate(model.networks, start=1):
        a = h
        for l, (W, b, f) in enumerate(zip(member.W, member.b, member.activations), start=1):
            z = node("MatMul", [a, const(f"net{k}_W{l}", W)], f"net{k}_aW{l}")
            z = node("Add", [z, const(f"net{k}_b{l}", b)], f"net{k}_z{l}")
            op, attrs = f.onnx
            a = node(op, [z], f"net{k}_a{l}", **attrs)
        outs.append(a)
    A = outs[0]
    for k, other in enumerate(outs[1:], start=2):             # a committee: the mean (onnxruntime has no
        A = node("Add", [A, other], f"committee_sum{k}")      # float64 Mean), summed in numpy's order
    if len(outs) > 1:
        A = node("Div", [A, const("committee_size", [len(outs)], net.dtype)], "committee_mean")
    n, m = "n", net.sizes[-1]
    if pre.encoder is not None:
        node("Identity", [A], "probabilities")
        index = node("ArgMax", [A], "class_index", axis=1, keepdims=0)
        classes = class_array(pre.encoder.classes)
        node("Gather", [const("classes", classes), index], "label", axis=0)
        label_type = {np.dtype(np.int64): TensorProto.INT64, np.dtype(np.float64): TensorProto.DOUBLE}.get(
            classes.dtype, TensorProto.STRING)
        outputs = [helper.make_tensor_value_info("label", label_type, [n]),
                   helper.make_tensor_value_info("probabilities", elem, [n, m])]
    else:
        Y = node("Cast", [A], "outputs_float64", to=TensorProto.DOUBLE) if single else A
        if pre.y_scaler is not None:
            s = pre.y_scaler
            Y = node("Sub", [Y, const("y_ymin", [s.ymin], np.float64)], "Y_shifted")
            Y = node("Div", [Y, const("y_gain", s.gain, np.float64)], "Y_ungained")
            Y = node("Add", [Y, const("y_offset", s.offset, np.float64)], "Y_float64")
        node("Cast", [Y], "Y", to=elem) if single else node("Identity", [Y], "Y")
        outputs = [helper.make_tensor_value_info("Y", elem, [n, m])]
    graph = helper.make_graph(
        nodes, f"bpnn_{'_'.join(map(str, net.sizes))}",
        [helper.make_tensor_value_info("X", elem, [n, len(pre.features)])], outputs, inits)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="bpnn",
                              producer_version=__version__,
                              doc_string=f"bpnn model {'-'.join(map(str, net.sizes))} "
                                         f"({', '.join(f.name for f in net.activations)}); inputs: "
                                         f"{', '.join(pre.features)}")
    proto.ir_version = IR_VERSION
    helper.set_model_props(proto, {"features": ",".join(pre.features), "target": ",".join(pre.target),
                                   "task": pre.task, "networks": str(len(model.networks))})
    onnx.checker.check_model(proto)
    return proto


def export_onnx(model, path) -> Path:
    """Write :func:`onnx_model` to ``path`` atomically and return the path."""
    from .io import write_atomic

    return write_atomic(path, onnx_model(model).SerializeToString(), "ONNX model")
