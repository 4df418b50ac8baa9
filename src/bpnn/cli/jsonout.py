"""``--json``: machine-readable output of ``bpnn train``, ``info``, ``predict`` and ``bench``.

One JSON document on standard output, nothing else there (notes, warnings and progress stay on
standard error).  Every document has ``"bpnn_json": 1`` (the schema version of these documents)
and ``"command"``; docs/workflow.md#json-output lists the fields.
"""

from __future__ import annotations

import json
import math
import sys

JSON_SCHEMA = 1
JSON_HELP = "Print one JSON document on standard output instead of tables (schema: docs/workflow.md#json-output)."


def _plain(value):
    """JSON-safe: NumPy numbers as Python numbers, NaN/inf as null, tuples as lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def emit(command: str, document: dict) -> None:
    """Write the document for ``command`` as one JSON object and a newline."""
    sys.stdout.write(json.dumps({"bpnn_json": JSON_SCHEMA, "command": command, **_plain(document)},
                                ensure_ascii=False) + "\n")


def networks(records) -> list[dict]:
    """Per network: algorithm, epochs, best epoch, stop reason, engine, final and best losses."""
    rows = []
    for rec in records:
        if not isinstance(rec, dict):
            continue
        loss, val = rec.get("loss") or [], rec.get("val_loss") or []
        best = rec.get("best_epoch")
        rows.append({"algorithm": rec.get("algorithm"), "epochs": max(len(loss) - 1, 0), "best_epoch": best,
                     "stop_reason": rec.get("stop_reason"), "engine": rec.get("engine"),
                     "final_loss": loss[-1] if loss else None,
                     "best_val_loss": val[best] if isinstance(best, int) and 0 <= best < len(val) else None})
    return rows


def model_document(model, path) -> dict:
    """What ``bpnn info --json`` prints, and the model part of ``bpnn train --json``."""
    info = model.info if isinstance(model.info, dict) else {}
    net = model.network
    pre = model.preprocessing
    return {
        "model": str(path), "task": model.task, "sizes": list(net.sizes),
        "activations": [f.name for f in net.activations], "parameters": int(net.n_params),
        "dtype": net.dtype.name, "networks": len(model.networks), "features": list(pre.columns),
        "target": list(pre.target), "classes": list(pre.classes) if model.task == "classification" else None,
        "bpnn_version": info.get("file_bpnn_version"), "created": info.get("created"),
        "settings": {key: info.get(key) for key in ("seed", "algorithm", "scaling", "divide", "max_fail",
                                                    "restarts", "epochs") if key in info},
        "data": info.get("data") if isinstance(info.get("data"), dict) else None,
        "training": networks(model.records), "metrics": model.metrics or {},
    }
