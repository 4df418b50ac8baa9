"""One self-contained HTML report of a training run (plots embedded as PNG).

:func:`write_report` writes ``report.html`` — the data summary, the network,
the settings, how training ended, the metrics of every set and the plots
(performance, training state, regression or confusion matrix, error
histogram) embedded as base64 PNG, so the one file can be mailed or archived
— and the same plots as PNG files beside it.  Every heading, table header,
caption and note comes from the message catalogue (:mod:`bpnn.messages`), in
English or Chinese; the learning curve and the loss columns say when they are
in the scaled units the network trains on (the metrics are in original units).  The page needs no network
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
from ..messages import CATALOGUE, language, set_name, stop_reason, text

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


def scaled_losses(model) -> bool:
    """Whether the recorded losses are of scaled targets (regression with a target scaling):
    then the learning curve and the loss columns are not in the metrics table's original units."""
    return model.task != "classification" and model.preprocessing.y_scaler is not None


def make_plots(model, X, y, folder, lang: str | None = None) -> list[tuple[str, Path]]:
    """Draw the run's plots into ``folder``; returns ``[(caption, path), ...]``.

    Captions are in ``lang`` (default: the process's language); the plots' own labels
    are in :func:`bpnn.app.plots.plot_language` (English where no Chinese font is installed).
    """
    from . import plots
    from .metrics import confusion_matrix

    lang = lang or language()
    t = lambda key, **values: text(key, lang, **values)           # noqa: E731 (the captions)
    w = lambda key, **values: text(key, plots.plot_language(lang), **values)      # noqa: E731 (the plots)
    folder = Path(folder)
    out = []
    if model.record:
        scaled = scaled_losses(model)
        title = w("pl_performance_of", count=len(model.networks)) if len(model.networks) > 1 else None
        caption = t("rp_cap_performance") + (" " + t("rp_cap_scaled", scaling=model.preprocessing.y_scaler.name)
                                             if scaled else "")
        out.append((caption, plots.plot_performance(model.record, folder / "performance.png", title=title,
                                                    scaled=scaled, lang=lang)))
        out.append((t("rp_cap_train_state"), plots.plot_train_state(model.record, folder / "train-state.png",
                                                                     lang=lang)))
    sets = split_sets(model, X, y)
    if model.task == "classification":
        labels = np.concatenate([np.asarray(t_, dtype=object) for t_, _ in sets.values()])
        predicted = np.concatenate([np.asarray(p, dtype=object) for _, p in sets.values()])
        name = "test" if "test" in sets else next(iter(sets))
        out.append((t("rp_cap_confusion", set=set_name(name, lang)),
                    plots.plot_confusion(confusion_matrix(*sets[name], model.classes), model.classes,
                                         folder / f"confusion-{name}.png",
                                         title=w("pl_confusion_of", set=set_name(name, plots.plot_language(lang))),
                                         lang=lang)))
        if name != "all" and len(sets) > 1:
            out.append((t("rp_cap_confusion", set=set_name("all", lang)),
                        plots.plot_confusion(confusion_matrix(labels, predicted, model.classes), model.classes,
                                             folder / "confusion-all.png",
                                             title=w("pl_confusion_of", set=set_name("all", plots.plot_language(lang))),
                                             lang=lang)))
    else:
        numeric = {k: (np.asarray(t_, dtype=float).reshape(len(t_), -1), p) for k, (t_, p) in sets.items()}
        out.append((t("rp_cap_regression"), plots.plot_regression(numeric, folder / "regression.png", lang=lang)))
        out.append((t("rp_cap_histogram"), plots.plot_error_histogram(numeric, folder / "error-histogram.png",
                                                                       lang=lang)))
    return out


def _metrics_html(model, t, lang) -> str:
    if not model.metrics:
        return f"<p class='muted'>{_e(t('rp_no_metrics'))}</p>"
    if model.task == "classification":
        rows = [(set_name(name, lang), m["n"], f"{100 * m['accuracy']:.2f}%") for name, m in model.metrics.items()]
        parts = [_table([t("set"), t("rows"), t("accuracy")], rows)]
        name = "test" if "test" in model.metrics else next(iter(model.metrics))
        m = model.metrics[name]
        per = [(str(c), _num(p, 3), _num(r, 3), _num(f, 3), s) for c, p, r, f, s in
               zip(model.classes, m["precision"], m["recall"], m["f1"], m["support"])]
        parts.append(f"<p>{_e(t('rp_per_class', set=set_name(name, lang)))}</p>"
                     + _table([t("rp_class"), t("rp_precision"), t("rp_recall"), "F1", t("rows")], per))
        return "".join(parts)
    rows = [(set_name(name, lang), m["n"], _num(m["mse"]), _num(m["rmse"]), _num(m["mae"]), _num(m["r"]),
             _num(m["r2"])) for name, m in model.metrics.items()]
    return (f"<p class='muted'>{_e(t('metrics_title', target=', '.join(model.preprocessing.target)))}</p>"
            + _table([t("set"), t("rows"), "MSE", "RMSE", "MAE", "R", "R²"], rows))


def _data_html(model, X, y, data_info: dict, t) -> str:
    pre = model.preprocessing
    facts = [(t("rp_rows_used"), len(X)), (t("rp_input_columns"), len(pre.features)),
             (t("rp_target"), ", ".join(pre.target)), (t("rp_task"), t(f"rp_task_{model.task}"))]
    facts += [(t(DATA_KEYS[k]) if k in DATA_KEYS else k, v) for k, v in data_info.items()]
    parts = [_table(["", ""], facts, left=2)]
    X = np.asarray(X, dtype=float)
    stats = [(f, _num(X[:, j].min()), _num(X[:, j].max()), _num(X[:, j].mean()), _num(X[:, j].std()),
              t("rp_yes") if pre.keep[j] else t("rp_constant")) for j, f in enumerate(pre.features)]
    parts.append(_table([t("rp_input"), t("rp_min"), t("rp_max"), t("rp_mean"), t("rp_std"), t("rp_used")], stats))
    if model.task == "classification":
        values, counts = np.unique(np.asarray([str(v) for v in y]), return_counts=True)
        parts.append(_table([t("rp_class"), t("rows")], list(zip(values, counts))))
    else:
        Y = np.asarray(y, dtype=float).reshape(len(y), -1)
        parts.append(_table([t("rp_target"), t("rp_min"), t("rp_max"), t("rp_mean"), t("rp_std")],
                            [(c, _num(Y[:, k].min()), _num(Y[:, k].max()), _num(Y[:, k].mean()),
                              _num(Y[:, k].std())) for k, c in enumerate(pre.target)]))
    return "".join(parts)


#: keys of ``data_info`` that ``bpnn train`` passes → message keys
DATA_KEYS = {"file": "rp_file", "rows in file": "rp_rows_in_file"}


def _training_html(model, t, lang) -> str:
    rows = []
    for k, rec in enumerate(model.records, start=1):
        val = rec.get("val_loss") or []
        best = rec.get("best_epoch", 0)
        rows.append((k, rec.get("algorithm"), max(len(rec.get("loss", [])) - 1, 0), best,
                     _num(rec.get("final_loss")), _num(val[best] if best < len(val) else None),
                     _num(rec["time"][-1] if rec.get("time") else None, 3),
                     stop_reason(rec.get("stop_reason", ""), lang)))
    loss = (lambda what: t("rp_loss_scaled", what=what)) if scaled_losses(model) else (lambda what: what)
    return _table([t("network"), t("rp_algorithm"), t("rp_epochs"), t("rp_best_epoch"), loss(t("rp_train_loss")),
                   loss(t("rp_val_loss")), t("rp_seconds"), t("rp_stopped_by")], rows, left=0)


def settings_rows(info: dict, lang: str | None = None) -> list[tuple[str, str]]:
    """The settings of a run (``model.info``) as (setting, value) rows people read.

    Examples
    --------
    >>> info = {"seed": 1, "algorithm": "lm", "hidden": [20], "epochs": None, "max_fail": 6,
    ...         "divide": {"method": "rand", "ratios": [0.7, 0.15, 0.15],
    ...                    "sizes": {"train": 721, "val": 154, "test": 155}}}
    >>> for row in settings_rows(info, "en"):
    ...     print(": ".join(row))
    seed: 1
    algorithm: lm
    hidden layers: 20 units
    epochs: until a stop rule ends training
    validation checks (max_fail): 6 epochs without improvement stop training
    division: random 70/15/15 % → 721/154/155 rows (training/validation/test)
    >>> settings_rows({"hidden": [8, 4], "epochs": 50}, "zh")
    [('隐含层神经元数', '8, 4'), ('最大训练轮次', '至多 50 轮')]
    """
    t = lambda key, **values: text(key, lang, **values)          # noqa: E731
    rows = []
    for key, value in info.items():
        if key in ("bpnn_version", "task", "data", "divide", "train_options", "weights"):
            continue                                   # shown elsewhere, or below
        if key == "hidden":
            sizes = [int(h) for h in value] if isinstance(value, (list, tuple)) and all(
                isinstance(h, (int, float)) and not isinstance(h, bool) for h in value) else value
            rows.append((t("rp_hidden"), t("rp_hidden_value", sizes=", ".join(map(str, sizes)))
                         if isinstance(sizes, list) and sizes else _plain(sizes) if sizes else t("rp_none")))
        elif key == "epochs":
            rows.append((t("rp_epochs_max"), t("rp_until_stop") if value is None else t("rp_at_most_epochs",
                                                                                            epochs=value)))
        elif key == "max_fail":
            rows.append((t("rp_max_fail"), t("rp_off") if value is None else t("rp_max_fail_value", n=value)))
        elif key == "restarts":
            rows.append((t("rp_restarts"), str(value)))
        elif key == "ensemble":
            rows.append((t("rp_ensemble"), str(value)))
        elif key == "seed":
            rows.append((t("rp_seed"), t("rp_none") if value is None else str(value)))
        elif key in ("algorithm", "activation", "scaling"):
            shown = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
            rows.append((t(f"rp_{key}"), shown))
        else:
            rows.append((key, _plain(value)))
    divide = info.get("divide")
    if isinstance(divide, dict):
        rows.append((t("rp_division"), _division(divide, t)))
    weights = info.get("weights")
    if isinstance(weights, dict):
        rows.append((t("rp_weights"), t("rp_weights_value", rule=_plain(weights.get("class_weight")),
                                        rows=weights.get("rows_trained"))))
    options = info.get("train_options")
    for key, value in (options if isinstance(options, dict) else {}).items():
        name = f"rp_option_{key}"
        rows.append((t(name) if name in CATALOGUE["en"] else t("rp_option", name=key), _plain(value)))
    return rows


def _plain(value) -> str:
    """A setting's value as text: numbers as written, lists without brackets, None as —."""
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(_plain, value))
    if isinstance(value, dict):
        return ", ".join(f"{k} {_plain(v)}" for k, v in value.items())
    return str(value)


def _division(divide: dict, t) -> str:
    """``random 70/15/15 % → 721/154/155 rows (training/validation/test)``, in words."""
    method = divide.get("method")
    how = t(f"rp_divide_{method}") if method in ("rand", "block", "int", "ind") else str(method)
    ratios = divide.get("ratios")
    if isinstance(ratios, (list, tuple)) and len(ratios) == 3 and all(isinstance(r, (int, float)) for r in ratios):
        how += " " + "/".join(f"{100 * float(r):.4g}" for r in ratios) + " %"
    if divide.get("stratified"):
        how += t("rp_stratified")
    sizes = divide.get("sizes") if isinstance(divide.get("sizes"), dict) else {}
    counts = [sizes.get(k, 0) for k in ("train", "val", "test")]
    if divide.get("rotated"):
        return how + " → " + t("rp_division_rotated", train=counts[0], test=counts[2])
    return how + " → " + t("rp_division_sizes", sizes="/".join(map(str, counts)))


def render_html(model, X, y, plot_files, *, title: str, data_info: dict | None = None,
                notes=(), lang: str | None = None) -> str:
    """The report page as a string, plots embedded from their PNG files; words in ``lang``."""
    from .workflow import describe_preprocessing

    lang = lang or language()
    t = lambda key, **values: text(key, lang, **values)          # noqa: E731
    info = model.info or {}
    net = model.network
    count = len(model.networks)
    network = [(t("rp_layers"), " - ".join(map(str, net.sizes))),
               (t("rp_activations"), ", ".join(f.name for f in net.activations)),
               (t("rp_parameters"), t("rp_per_network", n=net.n_params)),
               (t("rp_networks"), f"{count}" + (t("rp_committee") if count > 1 else "")),
               (t("rp_dtype"), net.dtype.name)]
    figures = []
    for caption, path in plot_files:
        data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
        figures.append(f'<figure><img alt="{_e(caption)}" src="data:image/png;base64,{data}">'
                       f"<figcaption>{_e(caption)}</figcaption></figure>")
    all_notes = list(notes) + list(model.preprocessing.notes)
    notes_html = "<ul class='notes'>" + "".join(f"<li>{_e(n)}</li>" for n in all_notes) + "</ul>" if all_notes else ""
    seed = info.get("seed")
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{_e(title)}</h1>
<p class="muted">bpnn {_e(info.get('bpnn_version', ''))} · {_e(t('rp_seed'))} {_e('—' if seed is None else seed)}</p>
{notes_html}
<h2>{_e(t('rp_data'))}</h2>
{_data_html(model, X, y, data_info or {}, t)}
<h2>{_e(t('rp_network'))}</h2>
{_table(["", ""], network, left=2)}
{"".join(f"<p>{_e(line)}</p>" for line in describe_preprocessing(model.preprocessing, lang, notes=False))}
<h2>{_e(t('rp_settings'))}</h2>
{_table([t("rp_setting"), t("rp_value")], settings_rows(info, lang), left=2)}
<h2>{_e(t('rp_training'))}</h2>
{_training_html(model, t, lang)}
<h2>{_e(t('rp_metrics'))}</h2>
{_metrics_html(model, t, lang)}
<h2>{_e(t('rp_plots'))}</h2>
<div class="plots">{"".join(figures)}</div>
<script>{CHECK_SCRIPT}</script>
</body></html>
"""


def write_report(model, X, y, folder, *, title: str | None = None, data_info: dict | None = None,
                 notes=(), lang: str | None = None) -> Path:
    """Write ``folder/report.html`` (self-contained) and the plots as PNG files beside it.

    Parameters
    ----------
    model : Model
        A model fitted in this session (its division says which rows were which set).
    X, y : arrays
        The raw rows and targets the model was fitted on.
    folder : path
        Created if needed.
    lang : {"en", "zh"}, optional
        The page's language (default: the process's, :func:`bpnn.messages.language`).
        The plots' labels follow it where a Chinese font is installed; where none is,
        they stay English and the page's notes say so.

    Returns
    -------
    Path
        The HTML file.
    """
    from .io import write_atomic

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BPNNError(f"report folder '{folder}' is a file; give a folder name")
    from .plots import font_note

    lang = lang or language()
    title = title or text("rp_title", lang, target=", ".join(model.preprocessing.target))
    fallback = font_note(lang)                # Chinese asked for, no Chinese font: the plots stay English
    notes = [*notes, *([fallback] if fallback else [])]
    try:                  # the temporary folder goes on any exit (SIGTERM is a KeyboardInterrupt in the CLI)
        with tempfile.TemporaryDirectory(prefix="bpnn-report-") as tmp:
            plot_files = make_plots(model, X, y, tmp, lang)
            page = render_html(model, X, y, plot_files, title=title, data_info=data_info, notes=notes, lang=lang)
            folder.mkdir(parents=True, exist_ok=True)
            for _, path in plot_files:          # each atomically: never into a FIFO or device named like a plot
                write_atomic(folder / Path(path).name, Path(path).read_bytes(), "plot")
            return write_atomic(folder / "report.html", page.encode("utf-8"), "report")
    except OSError as exc:      # a full or read-only disk, for the plots or the folder
        raise BPNNError(f"cannot write the report in '{folder}': {exc.strerror or exc}; free some space or give "
                        f"another --report folder") from None
