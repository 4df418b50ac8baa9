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


def _refuse(path, what: str) -> BPNNError:
    return BPNNError.of("err_model_refused", path=path, what=what)


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
                raise _refuse(path, f"its {len(infos)} entries would inflate to {total / 2 ** 30:.1f} GiB in all, "
                                    f"more than the {MAX_TOTAL_BYTES >> 30} GiB cap (bpnn.app.io.MAX_TOTAL_BYTES) or "
                                    f"{MAX_ENTRIES} entries (a model file's arrays are far smaller)")
            for info in infos:
                if info.file_size > MAX_ENTRY_BYTES:
                    raise _refuse(path, f"entry '{info.filename}' would inflate to {info.file_size / 2 ** 30:.1f} GiB "
                                        f"(a model file's arrays are far smaller)")
                if info.filename == TEXT_META and info.file_size > MAX_META_BYTES:
                    raise _refuse(path, f"'{TEXT_META}' would inflate past {MAX_META_BYTES >> 20} MiB")
                if not info.filename.endswith(".npy"):
                    continue
                with zf.open(info) as entry:
                    version = np.lib.format.read_magic(entry)
                    read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                                   else np.lib.format.read_array_header_2_0)
                    shape, _, dtype = read_header(entry, max_header_size=10_000)
                    header_bytes = entry.tell() if entry.seekable() else None
                if dtype.hasobject:
                    raise _refuse(path, "it holds Python objects (pickle), which bpnn never loads")
                need = int(np.prod(shape, dtype=object)) * dtype.itemsize
                if header_bytes is not None and need != info.file_size - header_bytes:
                    raise _refuse(path, f"entry '{info.filename}' declares shape {shape} ({need} bytes) but "
                                        f"holds {info.file_size - header_bytes} bytes of data")
    except BPNNError:
        raise
    except Exception as exc:          # noqa: BLE001  a damaged archive can fail in any zipfile/zlib call
        raise _refuse(path, f"the archive is damaged ({type(exc).__name__}: {exc})") from None
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


def _need(ok: bool, path, what: str) -> None:
    if not ok:
        raise _refuse(path, what)


def _strings(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _check_preprocessing(pre, path) -> None:
    _need(isinstance(pre, dict), path, f"'preprocessing' is {type(pre).__name__}, not an object")
    _need(_strings(pre.get("features")) and _strings(pre.get("target")) and _strings(pre.get("notes", [])),
          path, "'preprocessing' needs 'features', 'target' and 'notes' as lists of names")
    _need(pre.get("task") in ("regression", "classification"), path,
          f"'preprocessing.task' is {pre.get('task')!r}, not 'regression' or 'classification'")
    classes = pre.get("classes")
    _need(classes is None or (isinstance(classes, list) and all(isinstance(c, (str, int, float)) for c in classes)
                              and len({repr(c) for c in classes}) == len(classes) >= 2),
          path, "'preprocessing.classes' must be a list of at least 2 distinct labels (text or numbers)")
    for key in ("x_scaler", "y_scaler"):
        sc = pre.get(key)
        _need(sc is None or (isinstance(sc, dict) and isinstance(sc.get("name"), str)
                             and all(_is_num(sc.get(k)) and sc.get(k) is not None
                                     for k in ("ymin", *(("ymax",) if "ymax" in sc else ())))),
              path, f"'preprocessing.{key}' must be null or an object with a 'name' and numbers 'ymin'/'ymax'")


def _check_extras(meta, path) -> None:
    """'info', 'records' and 'metrics': the shapes that 'bpnn info' and Model read."""
    for key in ("info", "metrics"):
        _need(meta.get(key) is None or isinstance(meta.get(key), dict), path,
              f"'{key}' is {type(meta.get(key)).__name__}, not an object")
    for name, m in (meta.get("metrics") or {}).items():
        _need(isinstance(m, dict), path, f"'metrics.{name}' must be an object")
    records = meta.get("records")
    _need(records is None or (isinstance(records, list) and all(isinstance(r, dict) for r in records)), path,
          f"'records' is {type(records).__name__}, not a list of objects")
    for k, rec in enumerate(records or []):
        for key in ("loss", "val_loss", "test_loss", "lr", "mu", "val_fail"):
            _need((key not in rec or (rec[key] is None and key != "loss"))
                  or (isinstance(rec[key], list) and all(_is_num(v) for v in rec[key])),
                  path, f"'records[{k}].{key}' must be a list of numbers")
        for key in ("algorithm", "stop_reason", "engine", "engine_reason"):
            _need(rec.get(key) is None or isinstance(rec[key], str), path, f"'records[{k}].{key}' must be text")
        _need(rec.get("best_epoch") is None or _is_int(rec["best_epoch"]), path,
              f"'records[{k}].best_epoch' must be a whole number")
    for key in ("bpnn_version", "created", "checksum"):
        _need(meta.get(key) is None or isinstance(meta.get(key), str), path, f"'{key}' must be text")


def validate_meta(meta, path, names, cap: int | None = None) -> tuple[list[int], int]:
    """Check a model file's JSON against the schema before any array is read.

    Types and ranges of every field bpnn reads, the declared arrays against the archive's
    ``names``, and the declared number of weights (count × parameters per network) against
    ``cap`` (:func:`max_params` by default).  Returns the layer sizes and the network count.
    """
    cap = max_params() if cap is None else cap
    _need(isinstance(meta, dict) and meta.get("format") == FORMAT, path, f"'{META}' does not say format '{FORMAT}'")
    schema = meta.get("schema")
    _need(_is_int(schema), path, f"schema version {schema!r} is not a whole number")
    if schema > SCHEMA:
        raise _refuse(path, f"it was written by a newer bpnn ({str(meta.get('bpnn_version', '?'))[:40]}, schema "
                            f"{schema}); this bpnn reads schema {SCHEMA}: upgrade bpnn (git pull and pip install . in its clone)")
    _need(schema >= 1, path, f"unknown schema version {schema}")
    net = meta.get("network")
    _need(isinstance(net, dict), path, "'network' is missing or not an object")
    sizes, acts, count = net.get("sizes"), net.get("activations"), net.get("count", 1)
    _need(isinstance(sizes, list) and 2 <= len(sizes) <= MAX_LAYERS and all(_is_int(v) and v >= 1 for v in sizes),
          path, f"'network.sizes' must list 2 to {MAX_LAYERS} positive whole numbers, got "
                f"{str(sizes)[:80]}")
    _need(_strings(acts) and len(acts) == len(sizes) - 1, path,
          f"'network.activations' must name one activation per layer ({len(sizes) - 1})")
    _need(net.get("dtype") in ("float64", "float32"), path, f"'network.dtype' is {str(net.get('dtype'))[:40]!r}, "
                                                            f"not float64 or float32")
    _need(net.get("init") is None or isinstance(net.get("init"), str), path, "'network.init' must be text")
    _need(_is_int(count) and 1 <= count <= MAX_NETWORKS, path,
          f"'network.count' must be a whole number from 1 to {MAX_NETWORKS}, got {str(count)[:40]}")
    per = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    if per * count > cap:
        raise _refuse(path, f"it declares {count} network(s) of {per:,} weights ({per * count:,} in all), more "
                            f"than the cap of {cap:,} (bpnn.app.io.MAX_PARAMS; raise it with {PARAMS_ENV}=N if you "
                            f"trust the file)")
    declared = meta.get("arrays")
    _need(isinstance(declared, dict) and set(declared) == set(names), path,
          "the arrays listed in its JSON differ from those in the archive")
    total = 0
    for name, spec in declared.items():
        _need(isinstance(spec, dict) and spec.get("dtype") in ALLOWED_DTYPES and isinstance(spec.get("shape"), list)
              and len(spec["shape"]) <= 2 and all(_is_int(v) and v >= 0 for v in spec["shape"]), path,
              f"array '{name}' is declared as {str(spec)[:80]}, not a {'/'.join(sorted(ALLOWED_DTYPES))} "
              f"array of at most 2 dimensions")
        total += math.prod(spec["shape"]) * np.dtype(spec["dtype"]).itemsize
    _need(declared.get("network.theta", {}).get("shape") == [count, per], path,
          f"'network.theta' is declared as {declared.get('network.theta', {}).get('shape')}, but {count} "
          f"network(s) {'-'.join(map(str, sizes))} need [{count}, {per}]")
    _need(total <= MAX_TOTAL_BYTES, path, f"its arrays declare {total / 2 ** 30:.1f} GiB, more than the "
                                          f"{MAX_TOTAL_BYTES >> 30} GiB cap (bpnn.app.io.MAX_TOTAL_BYTES)")
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
            raise _refuse(path, _text("err_model_truncated"))
        raise _refuse(path, _text("err_model_not_zip"))
    _check_sizes(source, path)
    try:
        with np.load(source, allow_pickle=False) as npz:
            if META not in npz.files:
                raise _refuse(path, _text("err_model_no_meta", meta=META))
            blob = npz[META]
            if blob.dtype != np.uint8 or blob.ndim != 1 or blob.size > MAX_META_BYTES:
                raise _refuse(path, f"'{META}' is not UTF-8 bytes of at most {MAX_META_BYTES >> 20} MiB")
            meta = _parse_meta(blob, path)
            names = [name for name in npz.files if name not in (META, TEXT_META)]
            validate_meta(meta, path, names, max_params)
            arrays = {name: npz[name] for name in names}
    except Exception as exc:          # noqa: BLE001  (zipfile, zlib and numpy raise many kinds on damage)
        if isinstance(exc, BPNNError):
            raise
        detail = _text("err_model_pickle") if "pickle" in str(exc) else str(exc)
        raise _refuse(path, _text("err_model_damaged", detail=detail)) from None
    if meta.get("checksum") != _checksum(meta, arrays):
        raise _refuse(path, _text("err_model_checksum"))
    declared = meta["arrays"]
    for name, a in arrays.items():
        spec = declared[name]
        if a.dtype.name not in ALLOWED_DTYPES or spec.get("dtype") != a.dtype.name or list(a.shape) != spec.get("shape"):
            raise _refuse(path, f"array '{name}' has dtype {a.dtype.name} and shape {list(a.shape)}, "
                                f"expected {spec}")
        if not allow_nonfinite and a.dtype.kind == "f" and not np.isfinite(a).all():
            raise _refuse(path, _text("err_model_nonfinite", name=name, count=int((~np.isfinite(a)).sum())))
    return meta, arrays


def _parse_meta(blob: np.ndarray, path) -> dict:
    """The JSON document, refused when it is not UTF-8 JSON or nests deeper than :data:`MAX_JSON_DEPTH`."""
    try:
        text = blob.tobytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(path, f"'{META}' is not UTF-8 text ({exc})") from None
    depth = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise _refuse(path, f"'{META}' nests {depth} levels deep, more than the {MAX_JSON_DEPTH} allowed "
                            f"(bpnn writes 4)")
    try:
        return json.loads(text, parse_constant=lambda name: float("nan"))
    except (json.JSONDecodeError, ValueError, RecursionError) as exc:
        raise _refuse(path, f"'{META}' is not valid JSON ({exc})") from None


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
            raise ValueError(f"{len(names)} activations for {len(sizes) - 1} layers")
        for name in names:
            get_activation(name)
        count = int(spec.get("count", 1))
        networks = [Network(sizes, names[:-1], names[-1], init="randn", seed=0, dtype=spec["dtype"])
                    for _ in range(count)]
        theta = arrays["network.theta"]
        want = (count, networks[0].n_params)
        if count < 1 or theta.shape != want or theta.dtype != networks[0].dtype:
            raise ValueError(f"network.theta has shape {theta.shape} ({theta.dtype}); {count} network(s) "
                             f"{'-'.join(map(str, sizes))} need {want} ({networks[0].dtype})")
        for net, row in zip(networks, theta):
            net.theta = row
            if spec.get("init"):
                net.init = spec["init"]
        pre_arrays = {k.removeprefix("preprocessing."): v for k, v in arrays.items() if k.startswith("preprocessing.")}
        pre = Preprocessing.from_state(meta["preprocessing"], pre_arrays)
        if pre.n_inputs != sizes[0] or pre.n_outputs != sizes[-1] or len(pre.keep) != len(pre.features):
            raise ValueError(f"preprocessing gives {pre.n_inputs} inputs and {pre.n_outputs} outputs, "
                             f"the network has {sizes[0]} and {sizes[-1]}")
        for key in ("x_scaler", "y_scaler"):
            scaler = getattr(pre, key)
            width = pre.n_inputs if key == "x_scaler" else pre.n_outputs
            if scaler is not None and (scaler.offset.shape != (width,) or scaler.gain.shape != (width,)):
                raise ValueError(f"{key} has {scaler.offset.shape[0]} columns, expected {width}")
    except BPNNError as exc:
        raise _refuse(path, str(exc)) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise _refuse(path, f"inconsistent contents ({type(exc).__name__}: {exc})") from None
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
