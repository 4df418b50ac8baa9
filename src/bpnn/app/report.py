"""One self-contained HTML report of a training run (plots embedded as PNG).

:func:`write_report` writes ``report.html`` — the data summary, the network,
the settings, how training ended, the metrics of every set and the plots
(performance, training state, regression or confusion matrix, error
histogram) embedded as base64 PNG, so the one file can be mailed or archived
— and the same plots as PNG files beside it.  The page needs no network
access and no scripts except a tiny check that logs an error to the browser
console if a plot fails to decode.
"""

from __future__ import annotations

import base64
import html
import tempfile
from pathlib import Path

import numpy as np

from ..errors import BPNNError

STYLE = """
body { font-family: -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 2em auto;
       max-width: 1100px; padding: 0 1em; color: #1d2733; background: #fff; }
h1 { font-size: 1.6em; border-bottom: 2px solid #2d6cdf; padding-bottom: .3em; }
h2 { font-size: 1.2em; margin-top: 1.6em; color: #2d4f8c; }
table { border-collapse: collapse; margin: .6em 0; font-size: .92em; }
th, td { border: 1px solid #d4dae3; padding: .25em .6em; text-align: right; }
th { background: #eef2f8; } td.l, th.l { text-align: left; }
.plots { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; border: 1px solid #e2e6ec; padding: .5em; background: #fafbfc; }
figure img { max-width: 520px; height: auto; display: block; }
figcaption { font-size: .85em; color: #5a6675; margin-top: .3em; }
ul.notes { color: #7a4b00; } .muted { color: #6b7685; font-size: .9em; }
"""

CHECK_SCRIPT = """
window.addEventListener("load", function () {
  var bad = Array.prototype.filter.call(document.images, function (img) {
    return !img.complete || img.naturalWidth === 0;
  });
  if (bad.length) { console.error("bpnn report: " + bad.length + " plot(s) failed to load"); }
  document.body.setAttribute("data-plots-ok", bad.length ? "no" : "yes");
});
"""


def _e(value) -> str:
    return html.escape(str(value))


def _num(v, digits: int = 4) -> str:
    if v is None:
        return "—"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    return "—" if not np.isfinite(v) else f"{v:.{digits}g}"


def _table(header, rows, left: int = 1) -> str:
    head = "".join(f'<th class="{"l" if i < left else ""}">{_e(h)}</th>' for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f'<td class="{"l" if i < left else ""}">{_e(c)}</td>' for i, c in enumerate(r))
                   + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def split_sets(model, X, y) -> dict:
    """``{"train": (targets, predictions), ...}`` for the sets of a freshly fitted model."""
    division = model.division
    if division is None:
        return {"all": (y, model.predict(X))}
    return {name: (y[idx], model.predict(X[idx])) for name, idx in division.items()}


def make_plots(model, X, y, folder) -> list[tuple[str, Path]]:
    """Draw the run's plots into ``folder``; returns ``[(caption, path), ...]``."""
    from . import plots
    from .metrics import confusion_matrix

    folder = Path(folder)
    out = []
    if model.record:
        title = f"performance ({len(model.networks)} networks; network 1 shown)" if len(model.networks) > 1 \
            else "performance"
        out.append(("Loss per epoch for the training, validation and test rows; the circle marks the epoch "
                    "whose weights were kept.", plots.plot_performance(model.record, folder / "performance.png",
                                                                       title=title)))
        out.append(("Training state per epoch: gradient norm, μ or learning rate, validation checks.",
                    plots.plot_train_state(model.record, folder / "train-state.png")))
    sets = split_sets(model, X, y)
    if model.task == "classification":
        labels = np.concatenate([np.asarray(t, dtype=object) for t, _ in sets.values()])
        predicted = np.concatenate([np.asarray(p, dtype=object) for _, p in sets.values()])
        name = "test" if "test" in sets else next(iter(sets))
        out.append((f"Confusion matrix of the {name} rows.",
                    plots.plot_confusion(confusion_matrix(*sets[name], model.classes), model.classes,
                                         folder / f"confusion-{name}.png", title=f"{name} rows")))
        if name != "all" and len(sets) > 1:
            out.append(("Confusion matrix of all rows.",
                        plots.plot_confusion(confusion_matrix(labels, predicted, model.classes), model.classes,
                                             folder / "confusion-all.png", title="all rows")))
    else:
        numeric = {k: (np.asarray(t, dtype=float).reshape(len(t), -1), p) for k, (t, p) in sets.items()}
        out.append(("Output against target for each set, with the fitted line and R.",
                    plots.plot_regression(numeric, folder / "regression.png")))
        out.append(("Histogram of the errors (target − output), stacked by set.",
                    plots.plot_error_histogram(numeric, folder / "error-histogram.png")))
    return out


def _metrics_html(model) -> str:
    if not model.metrics:
        return "<p class='muted'>No metrics recorded.</p>"
    if model.task == "classification":
        rows = [(name, m["n"], f"{100 * m['accuracy']:.2f}%") for name, m in model.metrics.items()]
        parts = [_table(["set", "rows", "accuracy"], rows)]
        name = "test" if "test" in model.metrics else next(iter(model.metrics))
        m = model.metrics[name]
        per = [(str(c), _num(p, 3), _num(r, 3), _num(f, 3), s) for c, p, r, f, s in
               zip(model.classes, m["precision"], m["recall"], m["f1"], m["support"])]
        parts.append(f"<p>Per class, {name} rows:</p>" + _table(["class", "precision", "recall", "F1", "rows"], per))
        return "".join(parts)
    rows = [(name, m["n"], _num(m["mse"]), _num(m["rmse"]), _num(m["mae"]), _num(m["r"]), _num(m["r2"]))
            for name, m in model.metrics.items()]
    return _table(["set", "rows", "MSE", "RMSE", "MAE", "R", "R²"], rows)


def _data_html(model, X, y, data_info: dict) -> str:
    pre = model.preprocessing
    facts = [("rows used", len(X)), ("input columns", len(pre.features)), ("target", ", ".join(pre.target)),
             ("task", model.task)]
    facts += [(k, v) for k, v in data_info.items()]
    parts = [_table(["", ""], facts, left=2)]
    X = np.asarray(X, dtype=float)
    stats = [(f, _num(X[:, j].min()), _num(X[:, j].max()), _num(X[:, j].mean()), _num(X[:, j].std()),
              "yes" if pre.keep[j] else "no (constant)") for j, f in enumerate(pre.features)]
    parts.append(_table(["input", "min", "max", "mean", "std", "used"], stats))
    if model.task == "classification":
        values, counts = np.unique(np.asarray([str(v) for v in y]), return_counts=True)
        parts.append(_table(["class", "rows"], list(zip(values, counts))))
    else:
        Y = np.asarray(y, dtype=float).reshape(len(y), -1)
        parts.append(_table(["target", "min", "max", "mean", "std"],
                            [(t, _num(Y[:, k].min()), _num(Y[:, k].max()), _num(Y[:, k].mean()),
                              _num(Y[:, k].std())) for k, t in enumerate(pre.target)]))
    return "".join(parts)


def _training_html(model) -> str:
    rows = []
    for k, rec in enumerate(model.records, start=1):
        val = rec.get("val_loss") or []
        best = rec.get("best_epoch", 0)
        rows.append((k, rec.get("algorithm"), max(len(rec.get("loss", [])) - 1, 0), best,
                     _num(rec.get("final_loss")), _num(val[best] if best < len(val) else None),
                     _num(rec["time"][-1] if rec.get("time") else None, 3), rec.get("stop_reason", "")))
    return _table(["network", "algorithm", "epochs", "best epoch", "train loss", "val loss", "seconds",
                   "stopped by"], rows, left=0)


def render_html(model, X, y, plot_files, *, title: str, data_info: dict | None = None,
                notes=()) -> str:
    """The report page as a string, plots embedded from their PNG files."""
    info = model.info or {}
    net = model.network
    network = [("layers", " - ".join(map(str, net.sizes))),
               ("activations", ", ".join(f.name for f in net.activations)),
               ("parameters", f"{net.n_params} per network"),
               ("networks", f"{len(model.networks)}" + (" (committee: outputs averaged)" if len(model.networks) > 1
                                                        else "")),
               ("dtype", net.dtype.name)]
    settings = [(k, v) for k, v in info.items() if k not in ("divide", "train_options", "data")]
    if "divide" in info:
        d = info["divide"]
        settings.append(("division", f"{d.get('method')} {d.get('ratios')} → sizes {d.get('sizes')}"))
    settings += [(f"option {k}", v) for k, v in (info.get("train_options") or {}).items()]
    figures = []
    for caption, path in plot_files:
        data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
        figures.append(f'<figure><img alt="{_e(Path(path).stem)}" src="data:image/png;base64,{data}">'
                       f"<figcaption>{_e(caption)}</figcaption></figure>")
    all_notes = list(notes) + list(model.preprocessing.notes)
    notes_html = "<ul class='notes'>" + "".join(f"<li>{_e(n)}</li>" for n in all_notes) + "</ul>" if all_notes else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{_e(title)}</h1>
<p class="muted">bpnn {_e(info.get('bpnn_version', ''))} · seed {_e(info.get('seed'))}</p>
{notes_html}
<h2>Data</h2>
{_data_html(model, X, y, data_info or {})}
<h2>Network</h2>
{_table(["", ""], network, left=2)}
{"".join(f"<p>{_e(line)}</p>" for line in model.preprocessing.describe()[:2])}
<h2>Settings</h2>
{_table(["setting", "value"], settings, left=2)}
<h2>Training</h2>
{_training_html(model)}
<h2>Metrics</h2>
{_metrics_html(model)}
<h2>Plots</h2>
<div class="plots">{"".join(figures)}</div>
<script>{CHECK_SCRIPT}</script>
</body></html>
"""


def write_report(model, X, y, folder, *, title: str | None = None, data_info: dict | None = None,
                 notes=()) -> Path:
    """Write ``folder/report.html`` (self-contained) and the plots as PNG files beside it.

    Parameters
    ----------
    model : Model
        A model fitted in this session (its division says which rows were which set).
    X, y : arrays
        The raw rows and targets the model was fitted on.
    folder : path
        Created if needed.

    Returns
    -------
    Path
        The HTML file.
    """
    from .io import write_atomic

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BPNNError(f"report folder '{folder}' is a file; give a folder name")
    title = title or f"bpnn training report: {', '.join(model.preprocessing.target)}"
    try:                  # the temporary folder goes on any exit (SIGTERM is a KeyboardInterrupt in the CLI)
        with tempfile.TemporaryDirectory(prefix="bpnn-report-") as tmp:
            plot_files = make_plots(model, X, y, tmp)
            page = render_html(model, X, y, plot_files, title=title, data_info=data_info, notes=notes)
            folder.mkdir(parents=True, exist_ok=True)
            for _, path in plot_files:          # each atomically: never into a FIFO or device named like a plot
                write_atomic(folder / Path(path).name, Path(path).read_bytes(), "plot")
            return write_atomic(folder / "report.html", page.encode("utf-8"), "report")
    except OSError as exc:      # a full or read-only disk, for the plots or the folder
        raise BPNNError(f"cannot write the report in '{folder}': {exc.strerror or exc}; free some space or give "
                        f"another --report folder") from None
