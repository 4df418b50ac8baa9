"""MATLAB both ways: a model as a shallow network's ``.mat`` + a ``.m`` function, and back.

The ``.mat`` file holds what MATLAB's shallow networks (``fitnet``, ``patternnet``,
``feedforwardnet``) hold, under their names, with samples in columns:

===========================  ================================================================
variable                     contents
===========================  ================================================================
``IW``                       cell {1,1}: the input weights, h₁ × inputs (bpnn's W⁽¹⁾ᵀ)
``LW``                       cell L × L: ``LW{l+1,l}`` = W⁽ˡ⁺¹⁾ᵀ, the other cells empty
``b``                        cell L × 1: the biases as columns
``transferFcn``              cell 1 × L: ``tansig``, ``logsig``, ``purelin``, ``poslin``, ``softmax``
``inputProcessFcns``         ``{'removeconstantrows', 'mapminmax'}`` (or ``mapstd``)
``inputProcessSettings``     one struct per function: ``keep``; ``xoffset``, ``gain``, ``ymin``...
``outputProcessFcns``,       regression: how the targets were scaled (undone on the outputs)
``outputProcessSettings``
``classes``                  classification: the labels, in the order of the outputs
``features``, ``target``     the column names
``committee``                more than one network: cell 1 × K of structs with IW, LW, b
===========================  ================================================================

:func:`from_matlab` reads such a file back, also one saved in MATLAB from a trained
network (docs/interop.md gives the five lines), as top-level variables or one struct.
Each layer's MATLAB name and its expression in the ``.m`` file come from its activation's
own ``matlab`` form; nothing here names an activation.

Examples
--------
>>> import os, tempfile, numpy as np
>>> from bpnn.app.workflow import fit
>>> X = np.linspace(-1, 1, 30).reshape(-1, 1)
>>> model = fit(X, np.sin(3 * X[:, 0]), hidden=(4,), seed=0, ratios=(1, 0, 0), epochs=30)
>>> folder = tempfile.mkdtemp()
>>> mat, m = export_matlab(model, os.path.join(folder, "sine.mat"), os.path.join(folder, "sine_predict.m"))
>>> again = from_matlab(mat)
>>> float(np.max(np.abs(again.predict(X) - model.predict(X)))) <= 1e-12
True
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..errors import BPNNError

FORMAT = "bpnn-matlab-shallow 1"
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,62}")


def check_function_name(name: str) -> str:
    """``name`` if it can name a MATLAB function (and its ``.m`` file), else a BPNNError."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise BPNNError(f"MATLAB function name {name!r} must start with a letter and hold only letters, digits "
                        f"and _ (at most 63), e.g. concrete_predict")
    return name


def _matlab_forms(net) -> list:
    from .export import require_form

    require_form(net, "matlab", "MATLAB", "MATLAB transfer function")
    return [f.matlab for f in net.activations]


def _cell(items, shape=None) -> np.ndarray:
    out = np.empty(len(items) if shape is None else shape, dtype=object)
    for i, item in enumerate(items):
        out.flat[i] = item
    return out.reshape((1, -1)) if shape is None else out


def _column(v) -> np.ndarray:
    return np.asarray(v, dtype=np.float64).reshape(-1, 1)


def _scaler_settings(scaler, rows: int) -> tuple[str, dict]:
    if scaler.name == "mapminmax":
        xmax = scaler.offset + (scaler.ymax - scaler.ymin) / scaler.gain
        return "mapminmax", {"name": "mapminmax", "xrows": rows, "yrows": rows, "xoffset": _column(scaler.offset),
                             "gain": _column(scaler.gain), "ymin": scaler.ymin, "ymax": scaler.ymax,
                             "xmin": _column(scaler.offset), "xmax": _column(xmax)}
    if scaler.name == "mapstd":
        return "mapstd", {"name": "mapstd", "xrows": rows, "yrows": rows, "xoffset": _column(scaler.offset),
                          "gain": _column(scaler.gain), "xmean": _column(scaler.offset),
                          "xstd": _column(1.0 / scaler.gain), "ymean": scaler.ymin, "ystd": 1.0}
    raise BPNNError(f"cannot export to MATLAB: scaling {scaler.name!r} has no MATLAB processing function")


def _weights(member, L: int) -> dict:
    LW = _cell([np.zeros((0, 0))] * (L * L), (L, L))
    for l in range(1, L):
        LW[l, l - 1] = np.asarray(member.W[l], dtype=np.float64).T
    return {"IW": _cell([np.asarray(member.W[0], dtype=np.float64).T], (1, 1)), "LW": LW,
            "b": _cell([_column(b) for b in member.b], (L, 1))}


def matlab_variables(model) -> dict:
    """The variables of the ``.mat`` file (see the module's table)."""
    from .io import _as_model

    model = _as_model(model)
    net, pre = model.network, model.preprocessing
    forms = _matlab_forms(net)
    L = net.n_layers
    d = len(pre.features)
    keep = np.flatnonzero(pre.keep)
    fcns = ["removeconstantrows"]
    settings = [{"name": "removeconstantrows", "xrows": d, "yrows": len(keep), "keep": (keep + 1.0).reshape(1, -1),
                 "remove": (np.flatnonzero(~pre.keep) + 1.0).reshape(1, -1)}]
    if pre.x_scaler is not None:
        fcn, s = _scaler_settings(pre.x_scaler, len(keep))
        fcns.append(fcn)
        settings.append(s)
    out = {"format": FORMAT, **_weights(model.networks[0], L), "transferFcn": _cell([m[0] for m in forms]),
           "inputProcessFcns": _cell(fcns), "inputProcessSettings": _cell(settings),
           "features": _cell(list(pre.features)), "target": _cell(list(pre.target)), "task": pre.task}
    if pre.y_scaler is not None:
        fcn, s = _scaler_settings(pre.y_scaler, net.sizes[-1])
        out["outputProcessFcns"], out["outputProcessSettings"] = _cell([fcn]), _cell([s])
    if pre.encoder is not None:
        from .to_onnx import class_array

        classes = class_array(pre.encoder.classes)
        out["classes"] = _cell(list(classes)) if classes.dtype == object else classes.astype(float).reshape(1, -1)
    if len(model.networks) > 1:
        out["committee"] = _cell([_weights(member, L) for member in model.networks])
    return out


# -- the .m function -------------------------------------------------------------------------------
def _num(v: float) -> str:
    v = float(v)
    return repr(v) if np.isfinite(v) else ("NaN" if np.isnan(v) else ("Inf" if v > 0 else "-Inf"))


def _matrix(A) -> str:
    A = np.atleast_2d(np.asarray(A, dtype=np.float64))
    return "[" + ";\n    ".join(" ".join(_num(v) for v in row) for row in A) + "]"


def _text(s) -> str:
    return "'" + str(s).replace("'", "''").replace("\n", " ") + "'"


def matlab_source(model, name: str) -> str:
    """A standalone MATLAB/Octave function ``[Y, label] = name(X)``, as ``genFunction`` writes.

    X has one column per sample (rows: the raw input columns); Y has one column per sample:
    predictions in the original units, or class probabilities with ``label`` the classes.
    """
    from .. import __version__
    from .io import _as_model

    model = _as_model(model)
    check_function_name(name)
    net, pre = model.network, model.preprocessing
    forms = _matlab_forms(net)
    classify = pre.encoder is not None
    d, m = len(pre.features), net.sizes[-1]
    head = "[Y, label] = " if classify else "[Y] = "
    lines = [
        f"function {head}{name}(X)",
        f"%{name.upper()} predictions of a bpnn model {'-'.join(map(str, net.sizes))} "
        f"({', '.join(f.name for f in net.activations)}).",
        f"%   Generated by bpnn {__version__} ('bpnn export --to matlab'), as genFunction does.",
        f"%   X: one column per sample; its {d} rows are {', '.join(pre.features)} (raw units).",
        ("%   Y: class probabilities, one column per sample, rows in the order of CLASSES;\n"
         "%   label: the most probable class of each sample." if classify else
         f"%   Y: predicted {', '.join(pre.target)}, one column per sample (original units)."),
        "%   Runs in MATLAB and GNU Octave; needs no toolbox.",
        "",
        "% ===== constants =====",
        f"x1_keep = {_matrix(np.flatnonzero(pre.keep) + 1)};",
    ]
    if pre.x_scaler is not None:
        s = pre.x_scaler
        lines += [f"x1_xoffset = {_matrix(_column(s.offset))};", f"x1_gain = {_matrix(_column(s.gain))};",
                  f"x1_ymin = {_num(s.ymin)};"]
    for k, member in enumerate(model.networks, start=1):
        lines.append(f"% network {k}")
        for l, (W, b) in enumerate(zip(member.W, member.b), start=1):
            w_name = f"IW{k}_1_1" if l == 1 else f"LW{k}_{l}_{l - 1}"
            lines += [f"{w_name} = {_matrix(np.asarray(W, dtype=np.float64).T)};",
                      f"b{k}_{l} = {_matrix(_column(b))};"]
    if pre.y_scaler is not None:
        s = pre.y_scaler
        lines += [f"y1_xoffset = {_matrix(_column(s.offset))};", f"y1_gain = {_matrix(_column(s.gain))};",
                  f"y1_ymin = {_num(s.ymin)};"]
    if classify:
        from .to_onnx import class_array

        classes = class_array(pre.encoder.classes)
        lines.append("CLASSES = " + ("{" + ", ".join(_text(c) for c in classes) + "};" if classes.dtype == object
                                     else _matrix(classes.astype(float)) + ";"))
    lines += [
        "",
        "% ===== simulation =====",
        f"if size(X, 1) ~= {d}",
        f"    error('{name}:inputs', 'X needs {d} rows ({', '.join(pre.features)}), one column per sample; "
        f"got %d rows', size(X, 1));",
        "end",
        "Xp = X(x1_keep, :);",
    ]
    if pre.x_scaler is not None:
        lines.append("Xp = bsxfun(@plus, bsxfun(@times, bsxfun(@minus, Xp, x1_xoffset), x1_gain), x1_ymin);")
    for k in range(1, len(model.networks) + 1):
        a = "Xp"
        for l, (tf, expr) in enumerate(forms, start=1):
            w_name = f"IW{k}_1_1" if l == 1 else f"LW{k}_{l}_{l - 1}"
            lines += [f"n = bsxfun(@plus, {w_name} * {a}, b{k}_{l});", f"a{l} = {expr};  % {tf}"]
            a = f"a{l}"
        lines.append(f"A = a{len(forms)};" if k == 1 else f"A = A + a{len(forms)};")
    if len(model.networks) > 1:
        lines.append(f"A = A / {len(model.networks)};  % a committee: the mean of its networks")
    if classify:
        lines += ["Y = A;", "[~, index] = max(Y, [], 1);", "label = CLASSES(index);"]
    elif pre.y_scaler is not None:
        lines.append("Y = bsxfun(@plus, bsxfun(@rdivide, bsxfun(@minus, A, y1_ymin), y1_gain), y1_xoffset);")
    else:
        lines.append("Y = A;")
    lines += ["end", ""]
    assert m == net.sizes[-1]
    return "\n".join(lines)


def export_matlab(model, mat_path, m_path, name: str | None = None) -> tuple[Path, Path]:
    """Write the ``.mat`` (:func:`matlab_variables`) and the ``.m`` function, each atomically.

    ``name`` is the function's name, by default the ``.m`` file's stem; they must agree for
    MATLAB to find it.
    """
    import io as _io

    from scipy.io import savemat

    from .io import write_atomic

    name = check_function_name(name or Path(m_path).stem)
    if Path(m_path).stem != name:
        raise BPNNError(f"the .m file '{m_path}' must be named {name}.m for MATLAB to find function {name}")
    variables = matlab_variables(model)
    source = matlab_source(model, name)
    buf = _io.BytesIO()
    savemat(buf, variables, do_compression=True, oned_as="row")
    return (write_atomic(mat_path, buf.getvalue(), "MATLAB .mat file"),
            write_atomic(m_path, source.encode("utf-8"), "MATLAB function"))


# -- reading a .mat back -----------------------------------------------------------------------------
def _refuse(path, key: str, /, **values) -> BPNNError:
    """The .mat file's error: what is wrong in it (the catalogue's ``key``, filled with ``values``)."""
    from ..messages import text

    return BPNNError.of("err_mx_refused", path=path, what=text(key, **values))


def _get(obj, key):
    """A field of a loaded struct (mat_struct or dict, or a 1×1 array of one), or None."""
    while isinstance(obj, np.ndarray) and obj.dtype == object and obj.size == 1:
        obj = obj.flat[0]
    if isinstance(obj, dict):
        return obj.get(key)
    return getattr(obj, key, None)


def _as_cell(value, path, what: str) -> np.ndarray:
    if isinstance(value, np.ndarray) and value.dtype == object:
        return value
    raise _refuse(path, "err_mx_cell", what=what, kind=type(value).__name__)


def _string(value, path, what: str) -> str:
    while isinstance(value, np.ndarray) and value.dtype == object and value.size == 1:
        value = value.flat[0]
    if isinstance(value, np.ndarray) and value.dtype.kind == "U" and value.size == 1:
        return str(value.flat[0])
    if isinstance(value, str):
        return value
    raise _refuse(path, "err_mx_text", what=what, kind=type(value).__name__)


def _strings(value, path, what: str) -> list[str]:
    if isinstance(value, np.ndarray) and value.dtype == object:
        return [_string(v, path, what) for v in value.flat]
    if isinstance(value, np.ndarray) and value.dtype.kind == "U":
        return [str(v) for v in value.flat]
    raise _refuse(path, "err_mx_texts", what=what)


def _matrix_of(value, path, what: str, shape=None) -> np.ndarray:
    while isinstance(value, np.ndarray) and value.dtype == object and value.size == 1:
        value = value.flat[0]
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "fiu" or value.ndim > 2:
        raise _refuse(path, "err_mx_matrix", what=what, kind=type(value).__name__
                      + ("" if not isinstance(value, np.ndarray) else " of " + value.dtype.name))
    value = np.asarray(value, dtype=np.float64)
    if shape is not None and value.size == int(np.prod(shape)) and 1 in value.shape and 1 in shape:
        value = value.reshape(shape)                  # a vector saved as a row or a column
    if shape is not None and value.shape != tuple(shape):
        raise _refuse(path, "err_mx_shape", what=what, shape=f"{value.shape[0]}×{value.shape[1]}",
                      want=f"{shape[0]}×{shape[1]}")
    if not np.all(np.isfinite(value)):
        raise _refuse(path, "err_mx_nonfinite", what=what)
    return value


def _load(path):
    from scipy.io import loadmat

    from .files import check_input

    path = check_input(path, "MATLAB file", nul_check=False)
    try:
        data = loadmat(path, squeeze_me=False, struct_as_record=False, mat_dtype=False)
    except NotImplementedError:
        raise _refuse(path, "err_mx_v73") from None
    except Exception as exc:          # noqa: BLE001  scipy raises many kinds on a damaged or foreign file
        raise _refuse(path, "err_mx_unreadable", kind=type(exc).__name__, detail=exc) from None
    data = {k: v for k, v in data.items() if not k.startswith("__")}
    if "IW" not in data:                               # one struct holding the fields (save('f.mat', 'net'))
        structs = [v.flat[0] for v in data.values() if isinstance(v, np.ndarray) and v.dtype == object
                   and v.size == 1 and _get(v.flat[0], "IW") is not None]
        if len(structs) != 1:
            raise _refuse(path, "err_mx_no_iw", names=", ".join(sorted(data)) or "none")
        s = structs[0]
        fields = getattr(s, "_fieldnames", None) or list(s)
        data = {k: _get(s, k) for k in fields}
    return path, data


def _scaler_from(fcn: str, s, rows: int, path, where: str):
    from .data import MapMinMax, MapStd

    if fcn == "mapminmax":
        scaler = MapMinMax(float(_matrix_of(_get(s, "ymin"), path, f"{where}.ymin", (1, 1))[0, 0]),
                           float(_matrix_of(_get(s, "ymax") if _get(s, "ymax") is not None else np.array([[1.0]]),
                                            path, f"{where}.ymax", (1, 1))[0, 0]))
    elif fcn == "mapstd":
        scaler = MapStd()
        ymean = _get(s, "ymean")
        scaler.ymin = 0.0 if ymean is None else float(_matrix_of(ymean, path, f"{where}.ymean", (1, 1))[0, 0])
    else:
        raise _refuse(path, "err_mx_scaling", where=where, fcn=fcn)
    scaler.offset = _matrix_of(_get(s, "xoffset"), path, f"{where}.xoffset", (rows, 1)).ravel()
    scaler.gain = _matrix_of(_get(s, "gain"), path, f"{where}.gain", (rows, 1)).ravel()
    if np.any(scaler.gain == 0):
        raise _refuse(path, "err_mx_gain_zero", where=where)
    return scaler


def from_matlab(path):
    """A bpnn :class:`~bpnn.app.workflow.Model` from a ``.mat`` file of a shallow network.

    Reads the variables of :func:`matlab_variables` (written by ``bpnn export --to matlab`` or
    saved in MATLAB, see docs/interop.md).  Every shape is checked against the layers before
    anything is built; a file that is not a shallow network, uses a processing or transfer
    function bpnn does not have, or has shapes that do not fit is refused with a BPNNError.
    """
    from ..core.activations import ACTIVATIONS
    from ..core.network import Network
    from .data import OneHot, Preprocessing
    from .workflow import Model

    path, data = _load(path)
    IW = _as_cell(data.get("IW"), path, "IW")
    for key in ("LW", "b", "transferFcn"):
        if data.get(key) is None:
            raise _refuse(path, "err_mx_missing", key=key)
    LW, b = _as_cell(data["LW"], path, "LW"), _as_cell(data["b"], path, "b")
    tfs = _strings(data["transferFcn"], path, "transferFcn")
    L = len(tfs)
    if L < 1 or b.size != L or LW.shape != (L, L) or IW.size < 1:
        raise _refuse(path, "err_mx_chain", L=L, nb=b.size, lw="×".join(map(str, LW.shape)))
    if IW.ndim != 2 or IW.shape[0] < 1 or any(np.size(v) for v in IW.flat[1:]):
        raise _refuse(path, "err_mx_inputs")
    acts = []
    for l, tf in enumerate(tfs, start=1):
        match = [f for f in ACTIVATIONS.values() if f.matlab is not None and f.matlab[0] == tf.lower()]
        if not match:
            known = ", ".join(sorted(f.matlab[0] for f in ACTIVATIONS.values() if f.matlab is not None))
            raise _refuse(path, "err_mx_transfer", l=l, tf=tf, known=known)
        acts.append(match[0])
    W1 = _matrix_of(IW.flat[0], path, "IW{1,1}")
    sizes = [W1.shape[1], W1.shape[0]]
    weights = [W1]
    for i in range(L):
        for j in range(L):
            if np.size(LW[i, j]) and i != j + 1:
                raise _refuse(path, "err_mx_lw_extra", i=i + 1, j=j + 1)
    for l in range(1, L):
        Wl = _matrix_of(LW[l, l - 1], path, f"LW{{{l + 1},{l}}}")
        if Wl.shape[1] != sizes[-1]:
            raise _refuse(path, "err_mx_lw_columns", a=l + 1, l=l, shape=f"{Wl.shape[0]}×{Wl.shape[1]}", n=sizes[-1])
        weights.append(Wl)
        sizes.append(Wl.shape[0])
    biases = [_matrix_of(b.flat[l], path, f"b{{{l + 1}}}", (sizes[l + 1], 1)) for l in range(L)]
    members = [(weights, biases)]
    committee = data.get("committee")
    if committee is not None:
        members = []
        for k, s in enumerate(_as_cell(committee, path, "committee").flat, start=1):
            cw, cb = _as_cell(_get(s, "IW"), path, "IW"), _as_cell(_get(s, "b"), path, "b")
            clw = _as_cell(_get(s, "LW"), path, "LW")
            if cb.size != L or clw.shape != (L, L):
                raise _refuse(path, "err_mx_committee", k=k, L=L)
            ws = [_matrix_of(cw.flat[0], path, f"committee{{{k}}}.IW{{1,1}}", (sizes[1], sizes[0]))]
            ws += [_matrix_of(clw[l, l - 1], path, f"committee{{{k}}}.LW{{{l + 1},{l}}}", (sizes[l + 1], sizes[l]))
                   for l in range(1, L)]
            members.append((ws, [_matrix_of(cb.flat[l], path, f"committee{{{k}}}.b{{{l + 1}}}", (sizes[l + 1], 1))
                                 for l in range(L)]))
    # input processing: removeconstantrows, then mapminmax or mapstd
    fcns = _strings(data["inputProcessFcns"], path, "inputProcessFcns") if "inputProcessFcns" in data else []
    settings = list(_as_cell(data.get("inputProcessSettings"), path, "inputProcessSettings").flat) if fcns else []
    if len(settings) != len(fcns):
        raise _refuse(path, "err_mx_process_count", n=len(fcns), m=len(settings))
    d, keep, x_scaler = sizes[0], None, None
    for fcn, s in zip(fcns, settings):
        where = f"inputProcessSettings ({fcn})"
        if fcn == "removeconstantrows":
            if keep is not None or x_scaler is not None:
                raise _refuse(path, "err_mx_removeconstant_first")
            d = int(_matrix_of(_get(s, "xrows"), path, f"{where}.xrows", (1, 1))[0, 0])
            idx = _matrix_of(_get(s, "keep"), path, f"{where}.keep").ravel()
            if (idx.size != sizes[0] or not np.all(idx == np.round(idx)) or idx.min(initial=1) < 1
                    or idx.max(initial=1) > d or len(set(idx.tolist())) != idx.size):
                raise _refuse(path, "err_mx_keep", where=where, n=sizes[0], d=d)
            keep = np.zeros(d, dtype=bool)
            keep[idx.astype(int) - 1] = True
            if not np.array_equal(np.flatnonzero(keep), idx.astype(int) - 1):
                raise _refuse(path, "err_mx_keep_order", where=where)
        elif x_scaler is None:
            x_scaler = _scaler_from(fcn, s, sizes[0], path, where)
        else:
            raise _refuse(path, "err_mx_one_scaling", fcns=", ".join(fcns))
    keep = np.ones(sizes[0], dtype=bool) if keep is None else keep
    features = _strings(data["features"], path, "features") if "features" in data else [f"x{j + 1}" for j in range(d)]
    if len(features) != d:
        raise _refuse(path, "err_mx_features", n=len(features), d=d)
    m = sizes[-1]
    classify = acts[-1].name == "softmax"
    encoder, y_scaler = None, None
    if classify:
        raw = data.get("classes")
        if raw is None:
            classes = list(range(1, m + 1))
        elif isinstance(raw, np.ndarray) and raw.dtype == object:
            classes = _strings(raw, path, "classes")
        else:
            values = _matrix_of(raw, path, "classes").ravel()
            classes = [int(v) if v == int(v) else float(v) for v in values]
        if len(classes) != m or len({repr(c) for c in classes}) != m:
            raise _refuse(path, "err_mx_classes", n=len(classes), m=m)
        encoder = OneHot(classes)
        target = _strings(data["target"], path, "target")[:1] if "target" in data else ["y"]
    else:
        ofcns = _strings(data["outputProcessFcns"], path, "outputProcessFcns") if "outputProcessFcns" in data else []
        osettings = (list(_as_cell(data.get("outputProcessSettings"), path, "outputProcessSettings").flat)
                     if ofcns else [])
        if len(osettings) != len(ofcns):
            raise _refuse(path, "err_mx_out_process_count", n=len(ofcns), m=len(osettings))
        for fcn, s in zip(ofcns, osettings):
            where = f"outputProcessSettings ({fcn})"
            if fcn == "removeconstantrows":
                removed = _get(s, "remove")
                if removed is not None and np.size(removed):
                    raise _refuse(path, "err_mx_out_constant", where=where)
            elif y_scaler is None:
                y_scaler = _scaler_from(fcn, s, m, path, where)
            else:
                raise _refuse(path, "err_mx_out_one_scaling", fcns=", ".join(ofcns))
        target = (_strings(data["target"], path, "target") if "target" in data
                  else ["y"] if m == 1 else [f"y{k + 1}" for k in range(m)])
        if len(target) != m:
            raise _refuse(path, "err_mx_target", n=len(target), m=m)
    pre = Preprocessing(features, keep, x_scaler, "classification" if classify else "regression", target,
                        y_scaler=y_scaler, encoder=encoder,
                        notes=[f"imported from MATLAB file {Path(path).name}"])
    networks = []
    for ws, bs in members:
        net = Network(sizes, acts[:-1], acts[-1], init="glorot", seed=0)
        for l in range(L):
            net.W[l][...] = ws[l].T
            net.b[l][...] = bs[l].ravel()
        net.init = "matlab"
        networks.append(net)
    from .. import __version__

    return Model(networks, pre, records=[], metrics={},
                 info={"bpnn_version": __version__, "imported_from": str(path), "task": pre.task,
                       "activation": [f.name for f in acts[:-1]], "hidden": sizes[1:-1],
                       "scaling": x_scaler.name if x_scaler is not None else "none", "ensemble": len(networks)})
