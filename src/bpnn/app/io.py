"""Safe model files: one file, JSON + NumPy arrays, never pickle.

A bpnn model file is a NumPy ``.npz`` archive (a zip) holding:

* ``bpnn.json`` — a UTF-8 JSON document stored as a ``uint8`` array: the
  format name and schema version, the bpnn version, the architecture, the
  preprocessing settings, the class labels, the training record, the metrics,
  the settings and seed, the list of arrays with their shapes and dtypes, and
  a SHA-256 checksum of all of it;
* ``model.json`` — the same JSON document as a plain text member, so that tools without
  bpnn read it (``unzip -p model.bpnn model.json | jq .preprocessing``).  bpnn itself reads
  ``bpnn.json`` (checksummed); ``model.json`` is only checked to be text of bounded size;
* one plain numeric array per parameter set: ``network.theta`` (K × p, one
  row per network of a committee), ``preprocessing.x_scaler.offset``, ...

Loading uses ``numpy.load(allow_pickle=False)``, so a file can never run code;
it checks the format, the schema version, the checksum, and every array's
shape and dtype, and refuses anything else with a :class:`BPNNError` that says
what is wrong.  Writing goes to a temporary file in the same folder that is
renamed over the target only when complete, so a crash never leaves half a
model behind.

Examples
--------
>>> import os, tempfile, numpy as np
>>> from bpnn.app.workflow import fit
>>> X = np.linspace(0, 1, 30).reshape(-1, 1)
>>> model = fit(X, X[:, 0] ** 2, hidden=(3,), seed=0, ratios=(1, 0, 0), epochs=20)
>>> path = save_model(model, os.path.join(tempfile.mkdtemp(), "model.bpnn"))
>>> again = load_model(path)
>>> again.network.sizes, bool(np.array_equal(again.predict(X), model.predict(X)))
([1, 3, 1], True)
"""

from __future__ import annotations

import hashlib
import io as _io
import json
import math
import os
import re
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..core.activations import get_activation
from .data import Preprocessing
from ..errors import BPNNError
from ..messages import noun, text as _text
from ..core.network import Network
from .files import check_input

FORMAT = "bpnn-model"
SCHEMA = 2             # 2: text input columns one-hot (preprocessing.categories); files without them say 1
META = "bpnn.json"
TEXT_META = "model.json"        # the same document as a text member, for unzip/jq (not read by bpnn)
ALLOWED_DTYPES = {"float64", "float32", "bool"}


def _clean(value):
    """JSON-ready copy: numpy scalars/arrays to Python, non-finite floats to None."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _checksum(meta: dict, arrays: dict) -> str:
    """SHA-256 of the JSON (without its checksum) and every array's name, dtype, shape and bytes."""
    h = hashlib.sha256()
    h.update(json.dumps({k: v for k, v in meta.items() if k != "checksum"}, sort_keys=True).encode())
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}".encode())
        h.update(a.tobytes())
    return "sha256:" + h.hexdigest()


def _as_model(obj):
    from .workflow import Model

    if isinstance(obj, Model):
        return obj
    to_model = getattr(obj, "to_model", None)
    if callable(to_model):
        return to_model()
    raise BPNNError(f"save_model needs a bpnn Model or a fitted BPRegressor/BPClassifier, got {type(obj).__name__}")


def model_payload(model) -> tuple[dict, dict]:
    """The JSON document and the named arrays that make up a model file."""
    model = _as_model(model)
    net = model.network
    pre_settings, pre_arrays = model.preprocessing.state()
    arrays = {"network.theta": np.stack([np.array(other.theta, copy=True) for other in model.networks])}
    if not np.all(np.isfinite(arrays["network.theta"])):
        raise BPNNError.of("err_save_nonfinite")
    arrays.update({f"preprocessing.{k}": np.asarray(v) for k, v in pre_arrays.items()})
    from .. import __version__

    meta = {
        "format": FORMAT, "schema": SCHEMA if "categories" in pre_settings else 1, "bpnn_version": __version__,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "network": {"sizes": list(net.sizes), "activations": [f.name for f in net.activations],
                    "dtype": net.dtype.name, "init": getattr(net, "init", None), "count": len(model.networks)},
        "preprocessing": pre_settings,
        "records": model.records, "metrics": model.metrics, "info": model.info,
        "arrays": {k: {"dtype": v.dtype.name, "shape": list(v.shape)} for k, v in arrays.items()},
    }
    meta = _clean(meta)
    meta["checksum"] = _checksum(meta, arrays)
    return meta, arrays


def write_atomic(path, data: bytes, what: str = "file") -> Path:
    """Write bytes to ``path`` through a temporary file in the same folder and a rename.

    Readers see the old file or the complete new one, never half of it.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise BPNNError.of("err_no_folder", what=noun(what), path=path, folder=path.parent)
    fd, tmp = None, None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)              # mkstemp makes 0600; give the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fd = None
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise BPNNError.of("err_write_failed", what=noun(what), path=path, why=exc.strerror or exc) from None
    finally:
        if fd is not None:
            os.close(fd)
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return path


def save_model(model, path) -> Path:
    """Write a model (or a fitted estimator) to one file, atomically.

    Parameters
    ----------
    model : Model, BPRegressor or BPClassifier
    path : str or Path
        The file to write (any name; ``.bpnn`` is customary).  Its folder must exist.

    Returns
    -------
    Path
    """
    return write_atomic(path, model_bytes(model), "model")


def _refuse(path, key: str, /, **values) -> BPNNError:
    """The model file's error: what is wrong in it (the catalogue's ``key``, filled with ``values``)."""
    return BPNNError.of("err_model_refused", path=path, what=_text(key, **values))


MAX_ENTRY_BYTES = 1 << 30          # no array in a model file is allowed to inflate past 1 GiB


def _check_sizes(source, path) -> None:
    """Refuse, before inflating anything, entries whose sizes do not add up.

    Each entry's uncompressed size must stay under :data:`MAX_ENTRY_BYTES`, and
    the shape in its ``.npy`` header must match the bytes that follow it, so
    neither a compression bomb nor a header that declares a huge array can
    make the loader allocate memory.
    """
    if isinstance(source, _io.BytesIO):
        source.seek(0)
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
            total = sum(info.file_size for info in infos)
            if len(infos) > MAX_ENTRIES or total > MAX_TOTAL_BYTES:
                raise _refuse(path, "err_mf_inflate_total", entries=len(infos), gib=total / 2 ** 30,
                              cap=MAX_TOTAL_BYTES >> 30, most=MAX_ENTRIES)
            for info in infos:
                if info.file_size > MAX_ENTRY_BYTES:
                    raise _refuse(path, "err_mf_inflate_entry", name=info.filename, gib=info.file_size / 2 ** 30)
                if info.filename == TEXT_META and info.file_size > MAX_META_BYTES:
                    raise _refuse(path, "err_mf_inflate_meta", name=TEXT_META, mib=MAX_META_BYTES >> 20)
                if not info.filename.endswith(".npy"):
                    continue
                with zf.open(info) as entry:
                    version = np.lib.format.read_magic(entry)
                    read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                                   else np.lib.format.read_array_header_2_0)
                    shape, _, dtype = read_header(entry, max_header_size=10_000)
                    header_bytes = entry.tell() if entry.seekable() else None
                if dtype.hasobject:
                    raise _refuse(path, "err_model_pickle")
                need = int(np.prod(shape, dtype=object)) * dtype.itemsize
                if header_bytes is not None and need != info.file_size - header_bytes:
                    raise _refuse(path, "err_mf_entry_shape", name=info.filename, shape=shape, need=need,
                                  have=info.file_size - header_bytes)
    except BPNNError:
        raise
    except Exception as exc:          # noqa: BLE001  a damaged archive can fail in any zipfile/zlib call
        raise _refuse(path, "err_mf_archive", kind=type(exc).__name__, detail=exc) from None
    finally:
        if isinstance(source, _io.BytesIO):
            source.seek(0)


MAX_TOTAL_BYTES = 2 << 30         # all entries of a model file together inflate to at most 2 GiB
MAX_ENTRIES = 1000
MAX_META_BYTES = 64 << 20         # the JSON document
MAX_JSON_DEPTH = 64               # bpnn writes 4 levels; a deep nest is an attack on the parser
MAX_PARAMS = 50_000_000           # weights of all networks together (400 MB in float64)
MAX_NETWORKS = 1000
MAX_LAYERS = 1000
PARAMS_ENV = "BPNN_MAX_PARAMS"    # raises MAX_PARAMS without code: BPNN_MAX_PARAMS=200000000 bpnn info big.bpnn


def max_params() -> int:
    """The cap on a model file's declared weights: :data:`MAX_PARAMS`, or ``$BPNN_MAX_PARAMS`` when set."""
    text = os.environ.get(PARAMS_ENV, "").strip()
    if not text:
        return MAX_PARAMS
    if not text.isdigit():
        raise BPNNError.of("err_max_params_env", name=PARAMS_ENV, value=text, example=MAX_PARAMS)
    return int(text)


def _json_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest, found without parsing it (no recursion)."""
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text).encode()
    codes = np.frombuffer(bare, dtype=np.uint8)
    steps = np.isin(codes, (ord("["), ord("{"))).astype(np.int64) - np.isin(codes, (ord("]"), ord("}")))
    return int(np.cumsum(steps).max(initial=0))


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v) -> bool:
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) or v is None


def _need(ok: bool, path, key: str, /, **values) -> None:
    """Refuse the file at ``path`` unless ``ok``, saying the catalogue's ``key`` (with ``values``)."""
    if not ok:
        raise _refuse(path, key, **values)


def _strings(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _check_preprocessing(pre, path) -> None:
    _need(isinstance(pre, dict), path, "err_mf_not_object", key="preprocessing", kind=type(pre).__name__)
    _need(_strings(pre.get("features")) and _strings(pre.get("target")) and _strings(pre.get("notes", [])),
          path, "err_mf_pre_lists")
    _need(pre.get("task") in ("regression", "classification"), path,
          "err_mf_pre_task", got=repr(pre.get("task")))
    classes = pre.get("classes")
    _need(classes is None or (isinstance(classes, list) and all(isinstance(c, (str, int, float)) for c in classes)
                              and len({repr(c) for c in classes}) == len(classes) >= 2),
          path, "err_mf_pre_classes")
    for key in ("x_scaler", "y_scaler"):
        sc = pre.get(key)
        _need(sc is None or (isinstance(sc, dict) and isinstance(sc.get("name"), str)
                             and all(_is_num(sc.get(k)) and sc.get(k) is not None
                                     for k in ("ymin", *(("ymax",) if "ymax" in sc else ())))),
              path, "err_mf_pre_scaler", key=key)


def _check_extras(meta, path) -> None:
    """'info', 'records' and 'metrics': the shapes that 'bpnn info' and Model read."""
    for key in ("info", "metrics"):
        _need(meta.get(key) is None or isinstance(meta.get(key), dict), path,
              "err_mf_not_object", key=key, kind=type(meta.get(key)).__name__)
    for name, m in (meta.get("metrics") or {}).items():
        _need(isinstance(m, dict), path, "err_mf_must_object", key=f"metrics.{name}")
    records = meta.get("records")
    _need(records is None or (isinstance(records, list) and all(isinstance(r, dict) for r in records)), path,
          "err_mf_records", kind=type(records).__name__)
    for k, rec in enumerate(records or []):
        for key in ("loss", "val_loss", "test_loss", "lr", "mu", "val_fail"):
            _need((key not in rec or (rec[key] is None and key != "loss"))
                  or (isinstance(rec[key], list) and all(_is_num(v) for v in rec[key])),
                  path, "err_mf_numbers", key=f"records[{k}].{key}")
        for key in ("algorithm", "stop_reason", "engine", "engine_reason"):
            _need(rec.get(key) is None or isinstance(rec[key], str), path, "err_mf_text", key=f"records[{k}].{key}")
        _need(rec.get("best_epoch") is None or _is_int(rec["best_epoch"]), path,
              "err_mf_whole", key=f"records[{k}].best_epoch")
    for key in ("bpnn_version", "created", "checksum"):
        _need(meta.get(key) is None or isinstance(meta.get(key), str), path, "err_mf_text", key=key)


def validate_meta(meta, path, names, cap: int | None = None) -> tuple[list[int], int]:
    """Check a model file's JSON against the schema before any array is read.

    Types and ranges of every field bpnn reads, the declared arrays against the archive's
    ``names``, and the declared number of weights (count × parameters per network) against
    ``cap`` (:func:`max_params` by default).  Returns the layer sizes and the network count.
    """
    cap = max_params() if cap is None else cap
    _need(isinstance(meta, dict) and meta.get("format") == FORMAT, path, "err_mf_format", meta=META, format=FORMAT)
    schema = meta.get("schema")
    _need(_is_int(schema), path, "err_mf_schema_int", schema=repr(schema))
    if schema > SCHEMA:
        raise _refuse(path, "err_mf_schema_newer", version=str(meta.get("bpnn_version", "?"))[:40], schema=schema,
                      ours=SCHEMA)
    _need(schema >= 1, path, "err_mf_schema_unknown", schema=schema)
    net = meta.get("network")
    _need(isinstance(net, dict), path, "err_mf_network")
    sizes, acts, count = net.get("sizes"), net.get("activations"), net.get("count", 1)
    _need(isinstance(sizes, list) and 2 <= len(sizes) <= MAX_LAYERS and all(_is_int(v) and v >= 1 for v in sizes),
          path, "err_mf_sizes", most=MAX_LAYERS, got=str(sizes)[:80])
    _need(_strings(acts) and len(acts) == len(sizes) - 1, path,
          "err_mf_activations", n=len(sizes) - 1)
    _need(net.get("dtype") in ("float64", "float32"), path, "err_mf_dtype", got=repr(str(net.get("dtype"))[:40]))
    _need(net.get("init") is None or isinstance(net.get("init"), str), path, "err_mf_text", key="network.init")
    _need(_is_int(count) and 1 <= count <= MAX_NETWORKS, path,
          "err_mf_count", most=MAX_NETWORKS, got=str(count)[:40])
    per = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    if per * count > cap:
        raise _refuse(path, "err_mf_too_many", count=count, per=per, total=per * count, cap=cap, env=PARAMS_ENV)
    declared = meta.get("arrays")
    _need(isinstance(declared, dict) and set(declared) == set(names), path,
          "err_mf_arrays_differ")
    total = 0
    for name, spec in declared.items():
        _need(isinstance(spec, dict) and spec.get("dtype") in ALLOWED_DTYPES and isinstance(spec.get("shape"), list)
              and len(spec["shape"]) <= 2 and all(_is_int(v) and v >= 0 for v in spec["shape"]), path,
              "err_mf_array_declared", name=name, spec=str(spec)[:80], dtypes="/".join(sorted(ALLOWED_DTYPES)))
        total += math.prod(spec["shape"]) * np.dtype(spec["dtype"]).itemsize
    _need(declared.get("network.theta", {}).get("shape") == [count, per], path,
          "err_mf_theta_declared", got=declared.get("network.theta", {}).get("shape"), count=count,
          arch="-".join(map(str, sizes)), per=per)
    _need(total <= MAX_TOTAL_BYTES, path, "err_mf_total", gib=total / 2 ** 30, cap=MAX_TOTAL_BYTES >> 30)
    _check_preprocessing(meta.get("preprocessing"), path)
    _check_extras(meta, path)
    return sizes, count


def read_payload(path, *, max_params: int | None = None, allow_nonfinite: bool = False) -> tuple[dict, dict]:
    """The checked JSON document and arrays of a model file (no objects built).

    ``path`` may also be the file's bytes.  The JSON is read and checked against the
    schema (:func:`validate_meta`) before any array is inflated; NaN or inf in an array
    is refused unless ``allow_nonfinite``.
    """
    if isinstance(path, (bytes, bytearray)):
        source, path, head = _io.BytesIO(path), "<bytes>", bytes(path[:4])
    else:
        path = Path(path)
        if not path.exists():
            raise BPNNError.of("err_model_not_found", path=path)
        if path.is_dir():
            raise BPNNError.of("err_model_folder", path=path)
        check_input(path, "model file", nul_check=False)        # no FIFO or device: nothing opened yet
        with open(path, "rb") as fh:
            head = fh.read(4)
        source = path
    if not zipfile.is_zipfile(source):
        if head.startswith(b"PK"):
            raise _refuse(path, "err_model_truncated")
        raise _refuse(path, "err_model_not_zip")
    _check_sizes(source, path)
    try:
        with np.load(source, allow_pickle=False) as npz:
            if META not in npz.files:
                raise _refuse(path, "err_model_no_meta", meta=META)
            blob = npz[META]
            if blob.dtype != np.uint8 or blob.ndim != 1 or blob.size > MAX_META_BYTES:
                raise _refuse(path, "err_mf_meta_bytes", meta=META, mib=MAX_META_BYTES >> 20)
            meta = _parse_meta(blob, path)
            names = [name for name in npz.files if name not in (META, TEXT_META)]
            validate_meta(meta, path, names, max_params)
            arrays = {name: npz[name] for name in names}
    except Exception as exc:          # noqa: BLE001  (zipfile, zlib and numpy raise many kinds on damage)
        if isinstance(exc, BPNNError):
            raise
        detail = _text("err_model_pickle") if "pickle" in str(exc) else str(exc)
        raise _refuse(path, "err_model_damaged", detail=detail) from None
    if meta.get("checksum") != _checksum(meta, arrays):
        raise _refuse(path, "err_model_checksum")
    declared = meta["arrays"]
    for name, a in arrays.items():
        spec = declared[name]
        if a.dtype.name not in ALLOWED_DTYPES or spec.get("dtype") != a.dtype.name or list(a.shape) != spec.get("shape"):
            raise _refuse(path, "err_mf_array_mismatch", name=name, dtype=a.dtype.name, shape=list(a.shape), spec=spec)
        if not allow_nonfinite and a.dtype.kind == "f" and not np.isfinite(a).all():
            raise _refuse(path, "err_model_nonfinite", name=name, count=int((~np.isfinite(a)).sum()))
    return meta, arrays


def _parse_meta(blob: np.ndarray, path) -> dict:
    """The JSON document, refused when it is not UTF-8 JSON or nests deeper than :data:`MAX_JSON_DEPTH`."""
    try:
        text = blob.tobytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(path, "err_mf_meta_utf8", meta=META, detail=exc) from None
    depth = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise _refuse(path, "err_mf_meta_deep", meta=META, depth=depth, most=MAX_JSON_DEPTH)
    try:
        return json.loads(text, parse_constant=lambda name: float("nan"))
    except (json.JSONDecodeError, ValueError, RecursionError) as exc:
        raise _refuse(path, "err_mf_meta_json", meta=META, detail=exc) from None


def load_model(path, *, max_params: int | None = None, allow_nonfinite: bool = False):
    """Read a model file written by :func:`save_model` (or ``bpnn train --out``).

    ``max_params`` caps the weights the file may declare (default :func:`max_params`:
    :data:`MAX_PARAMS` or ``$BPNN_MAX_PARAMS``); a file with NaN or inf weights is refused
    unless ``allow_nonfinite``.

    Returns
    -------
    bpnn.app.workflow.Model
        With ``.network`` (a :class:`~bpnn.core.network.Network` that works on
        preprocessed inputs), ``.preprocessing`` (a
        :class:`~bpnn.app.data.Preprocessing`: columns, scalers, classes),
        ``.networks`` (all of them, for a committee), ``.record`` (the
        training record of ``.network`` as a dict), ``.records``,
        ``.metrics``, ``.info``; ``.predict(rows)`` gives predictions in the
        original units or labels.

    Raises
    ------
    BPNNError
        A missing, truncated, edited or foreign file, or one from a newer bpnn.

    Notes
    -----
    ``path`` may also be the bytes of a model file (:func:`model_bytes`).
    """
    from .workflow import Model

    meta, arrays = read_payload(path, max_params=max_params, allow_nonfinite=allow_nonfinite)
    try:
        spec = meta["network"]
        sizes, names = [int(s) for s in spec["sizes"]], list(spec["activations"])
        if len(names) != len(sizes) - 1:
            raise ValueError(_text("err_mf_act_count", n=len(names), layers=len(sizes) - 1))
        for name in names:
            get_activation(name)
        count = int(spec.get("count", 1))
        networks = [Network(sizes, names[:-1], names[-1], init="randn", seed=0, dtype=spec["dtype"])
                    for _ in range(count)]
        theta = arrays["network.theta"]
        want = (count, networks[0].n_params)
        if count < 1 or theta.shape != want or theta.dtype != networks[0].dtype:
            raise ValueError(_text("err_mf_theta_shape", shape=theta.shape, dtype=theta.dtype, count=count,
                                   arch="-".join(map(str, sizes)), want=want, want_dtype=networks[0].dtype))
        for net, row in zip(networks, theta):
            net.theta = row
            if spec.get("init"):
                net.init = spec["init"]
        pre_arrays = {k.removeprefix("preprocessing."): v for k, v in arrays.items() if k.startswith("preprocessing.")}
        pre = Preprocessing.from_state(meta["preprocessing"], pre_arrays)
        if pre.n_inputs != sizes[0] or pre.n_outputs != sizes[-1] or len(pre.keep) != len(pre.features):
            raise ValueError(_text("err_mf_pre_sizes", inputs=pre.n_inputs, outputs=pre.n_outputs, n_in=sizes[0],
                                   n_out=sizes[-1]))
        for key in ("x_scaler", "y_scaler"):
            scaler = getattr(pre, key)
            width = pre.n_inputs if key == "x_scaler" else pre.n_outputs
            if scaler is not None and (scaler.offset.shape != (width,) or scaler.gain.shape != (width,)):
                raise ValueError(_text("err_mf_scaler_columns", key=key, n=scaler.offset.shape[0], width=width))
    except BPNNError as exc:
        raise BPNNError.of("err_model_refused", path=path, what=str(exc)) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise _refuse(path, "err_mf_inconsistent", kind=type(exc).__name__, detail=exc) from None
    return Model(networks, pre, records=list(meta.get("records") or []), metrics=meta.get("metrics") or {},
                 info={**(meta.get("info") or {}), "file_bpnn_version": meta.get("bpnn_version"),
                       "created": meta.get("created")})


def model_bytes(model) -> bytes:
    """The bytes of a model file (what :func:`save_model` writes)."""
    meta, arrays = model_payload(model)
    blob = np.frombuffer(json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"), dtype=np.uint8)
    buf = _io.BytesIO()
    np.savez_compressed(buf, **{META: blob}, **arrays)
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(TEXT_META, blob.tobytes())
    return buf.getvalue()


def from_matlab(path):
    """A model from a ``.mat`` file of a MATLAB shallow network (:func:`bpnn.app.matlab.from_matlab`)."""
    from .matlab import from_matlab as read

    return read(path)
