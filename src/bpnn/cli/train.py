"""``bpnn train``, ``bpnn predict``, ``bpnn info``, ``bpnn export``: your own table, end to end."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import typer

from ..advisor import advise, advise_record
from ..errors import BPNNError
from ..network import Network
from .app import app, interrupt_on_sigterm

TASKS = ("auto", "regression", "classification")


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _note(text: str) -> None:
    typer.echo(f"note: {text}", err=True)


def _warn(text: str) -> None:
    typer.echo(f"warning: {text}", err=True)


class _Record:
    """A saved training record (a dict) seen as the attributes the advisor reads."""

    def __init__(self, record: dict) -> None:
        self.loss, self.val_loss = record.get("loss") or [], record.get("val_loss") or []


def _check_out(path: Path, what: str) -> None:
    """Refuse an output place before any work is done (nothing is written half-way)."""
    if path.exists() and path.is_dir():
        raise BPNNError(f"{what} '{path}' is a folder; give a file name, e.g. {path / 'model.bpnn'}")
    if not path.parent.is_dir():
        raise BPNNError(f"cannot write {what} '{path}': folder '{path.parent}' does not exist; create it first")


# -- live progress ------------------------------------------------------------------------
class Progress:
    """One live line while training (on a terminal), and one line per network otherwise."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total, self.enabled = total, enabled
        self.console = _console(stderr=True)
        self.live = None
        self.current = -1
        self.last = None

    def __enter__(self):
        if self.enabled and self.console.is_terminal:
            from rich.live import Live

            self.live = Live("", console=self.console, refresh_per_second=8, transient=True)
            self.live.__enter__()
        return self

    def __exit__(self, *exc):
        if self.live is not None:
            self.live.__exit__(*exc)
        self._finish_network()
        return False

    def line(self, k: int, epoch: int, record) -> str:
        parts = [f"network {k + 1}/{self.total}" if self.total > 1 else "training",
                 f"epoch {epoch}", f"train {record.loss[-1]:.4g}"]
        if record.val_loss:
            parts.append(f"val {record.val_loss[-1]:.4g}")
            if record.val_fail:
                parts.append(f"checks {int(record.val_fail[-1])}")
        if record.mu and record.mu[-1] is not None and np.isfinite(record.mu[-1]):
            parts.append(f"mu {record.mu[-1]:.2g}")
        elif record.lr and record.lr[-1] is not None and np.isfinite(record.lr[-1]):
            parts.append(f"lr {record.lr[-1]:.3g}")
        return "  ".join(parts)

    def _finish_network(self) -> None:
        if self.enabled and self.live is None and self.last is not None:
            k, epoch, record = self.last
            curve = list(record.val_loss) or list(record.loss)
            best = int(np.nanargmin(np.asarray(curve, dtype=float)))
            which = "val" if len(record.val_loss) else "train"
            self.console.print(f"network {k + 1}/{self.total}: {epoch} epochs, best {which} {curve[best]:.4g} "
                               f"at epoch {best}")
        self.last = None

    def __call__(self, k: int, epoch: int, record) -> None:
        if k != self.current:
            self._finish_network()
            self.current = k
        self.last = (k, epoch, record)
        if self.live is not None:
            self.live.update(self.line(k, epoch, record))


def _summary(model, elapsed: float) -> None:
    from rich.table import Table

    console = _console()
    if model.task == "classification":
        table = Table(title="accuracy per set")
        for col in ("set", "rows", "accuracy"):
            table.add_column(col, justify="left" if col == "set" else "right")
        for name, m in model.metrics.items():
            table.add_row(name, str(m["n"]), f"{100 * m['accuracy']:.2f}%")
    else:
        table = Table(title=f"metrics per set (target {', '.join(model.preprocessing.target)}, original units)")
        for col in ("set", "rows", "MSE", "RMSE", "MAE", "R", "R²"):
            table.add_column(col, justify="left" if col == "set" else "right")
        for name, m in model.metrics.items():
            table.add_row(name, str(m["n"]), *(f"{m[k]:.4g}" for k in ("mse", "rmse", "mae", "r", "r2")))
    console.print(table)
    reasons = {}
    for rec in model.records:
        reasons[rec["stop_reason"].split(":")[0]] = reasons.get(rec["stop_reason"].split(":")[0], 0) + 1
    first = model.records[0]
    stopped = ", ".join(f"{k} ×{v}" if len(model.records) > 1 else first["stop_reason"] for k, v in reasons.items())
    console.print(f"{len(model.networks)} network(s) {'-'.join(map(str, model.network.sizes))}, "
                  f"{model.info.get('algorithm')}; stopped by: {stopped}; {elapsed:.1f} s")


# -- bpnn train -------------------------------------------------------------------------------
@app.command("train")
def train_command(
    data: Path = typer.Argument(..., help="CSV or Excel file (.xlsx needs the xlsx extra: "
                                          "pip install bpnn\\[xlsx]), one row per sample."),
    target: str = typer.Option(..., "--target", "-t", help="The column to predict."),
    out: Path = typer.Option(..., "--out", "-o", help="Model file to write (e.g. model.bpnn)."),
    features: str | None = typer.Option(None, help="Input columns, comma-separated (default: all but the target)."),
    task: str = typer.Option("auto", help="auto, regression or classification (auto: text or few integer "
                                          "values in the target mean classification)."),
    hidden: str | None = typer.Option(None, help="Hidden layer sizes, e.g. 10 or 10,5 (default: 20 for "
                                                 "regression, 10 for classification)."),
    activation: str = typer.Option("tanh", help="Hidden activation: tanh, sigmoid, relu, leaky_relu."),
    algo: str = typer.Option("auto", "--algo", help="Training algorithm: lm, br, scg, rprop, adam, bfgs, lbfgs, "
                                                     "gd, gdm, gda, gdx (MATLAB names work). auto: lm for small "
                                                     "regression, scg otherwise."),
    divide: str = typer.Option("0.7,0.15,0.15", help="Training, validation, test fractions."),
    divide_method: str = typer.Option("rand", "--divide-method", help="rand, block (in row order) or int "
                                                                       "(interleaved)."),
    scaling: str = typer.Option("mapstd", help="mapstd (mean 0, std 1), mapminmax ([-1, 1]) or none; inputs and "
                                               "regression targets, undone on predictions."),
    ensemble: int | None = typer.Option(None, help="Networks trained and averaged (default: 10 for small "
                                                   "problems, else 1)."),
    restarts: int = typer.Option(1, help="Initial weights tried per network; the best by validation is kept."),
    epochs: int | None = typer.Option(None, help="Maximum epochs (default: the algorithm's, 1000)."),
    max_fail: int | None = typer.Option(None, "--max-fail", help="Validation checks: stop after this many epochs "
                                                               "without a better validation loss (default: 6 for "
                                                               "regression, 20 for classification)."),
    weight_decay: float | None = typer.Option(None, "--weight-decay", help="L2 regularisation λ: training "
                                              "minimises loss + (λ/2)·Σw² over the weights (not the biases), with "
                                              "the loss a mean over rows (scikit-learn's alpha on n rows: λ = "
                                              "2·alpha/n for regression, alpha/n for classification). 0: none. "
                                              "Default: 0.001, or 0.01 when the training rows give fewer than 2 "
                                              "target values per weight; 0 with --algo br."),
    rotate: bool | None = typer.Option(None, "--rotate/--no-rotate", help="Give every network of the ensemble "
                                       "its own training/validation division of the non-test rows, so that the "
                                       "committee learns from all of them (default: on for an ensemble)."),
    seed: int | None = typer.Option(None, help="Seed for the division, the initial weights and training "
                                               "(default: a fresh one, printed so the run can be repeated)."),
    report: Path | None = typer.Option(None, help="Folder for report.html (self-contained) and the plots."),
    drop_bad: bool = typer.Option(False, "--drop-bad", help="Leave out rows with empty/NaN/inf cells instead "
                                                             "of stopping with an error."),
    sheet: str | None = typer.Option(None, help="Excel sheet name (default: the first)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines."),
) -> None:
    """Train a BP network on a table: scale, divide, train with validation stopping, save.

    Only DATA, --target and --out are needed: inputs and targets are scaled
    (and unscaled on predictions), 15% of the rows check generalisation
    (early stopping keeps the best weights), 15% are a test set, and the
    algorithm suits the data size.  Ctrl-C stops cleanly and keeps the best
    weights so far.
    """
    from ..data import parse_ratios, read_table, table_arrays
    from ..io import save_model
    from ..workflow import LM_MAX_JACOBIAN, default_settings, fit

    from ..objective import check_weight_decay

    if task not in TASKS:
        raise BPNNError(f"--task must be one of {', '.join(TASKS)}, got {task!r}")
    if weight_decay is not None:
        check_weight_decay(weight_decay)
    _check_out(out, "model file")
    if report is not None and report.exists() and not report.is_dir():
        raise BPNNError(f"--report '{report}' is a file; give a folder name")
    ratios = parse_ratios(divide)
    feature_list = None if features is None else [f for f in features.split(",") if f.strip()]
    df = read_table(data, sheet=sheet)
    table = table_arrays(df, target, feature_list, task=task, source=str(data), drop_bad=drop_bad)
    for note in table.notes:
        _note(note)
    task = table.task
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % 1_000_000)
        _note(f"seed {seed} (pass --seed {seed} to repeat this run)")
    n_out = 1 if task == "regression" else len(set(table.y.tolist()))
    defaults = default_settings(task, len(table.X), len(table.features), n_out, hidden=hidden, ratios=ratios)
    layers = defaults["hidden"]
    n_params = sum((a + 1) * b for a, b in zip([len(table.features), *layers], [*layers, n_out]))
    n_train = round(ratios[0] * len(table.X))
    if ensemble is None:
        ensemble = defaults["ensemble"]
    if weight_decay is None:
        weight_decay = 0.0 if algo in ("br", "trainbr") else defaults["weight_decay"]
    if rotate is None:
        rotate = ensemble > 1
    if max_fail is None:
        max_fail = defaults["max_fail"]
    if algo in ("lm", "trainlm", "br", "trainbr") and n_train * n_out * n_params > 4 * LM_MAX_JACOBIAN:
        _note(f"{algo} forms a {n_train * n_out}×{n_params} Jacobian each epoch; expect it to be slow "
              f"(scg suits this size)")
    sizes = [len(table.features), *layers, n_out]
    for advice in advise(table.X, None, Network(sizes, seed=0), feature_names=table.features,
                         labels=table.y if task == "classification" else None, scaled=scaling == "none"):
        if advice.code == "few-samples" and weight_decay > 0 and algo in ("auto", "lm", "bfgs", "scg"):
            _note(f"{advice.message.split(' (')[0]}: training regularises with weight decay λ = {weight_decay:g}"
                  f"{f' and averages {ensemble} networks' if ensemble > 1 else ''} (--weight-decay, --hidden)")
        elif advice.code not in ("constant-column", "unscaled-inputs"):    # scaling and the notes cover these
            _warn(str(advice))
    t0 = time.perf_counter()
    with interrupt_on_sigterm(), Progress(ensemble, enabled=not quiet) as progress:
        model = fit(table.X, table.y, task=task, features=table.features, target=target, hidden=layers,
                    activation=activation, algorithm=algo, scaling=scaling, ratios=ratios,
                    divide_method=divide_method, rotate=rotate, epochs=epochs, max_fail=max_fail, restarts=restarts,
                    ensemble=ensemble, seed=seed, callback=progress,
                    **({"weight_decay": weight_decay} if weight_decay > 0 else {}),
                    info={"data": {"file": str(data), "rows": int(len(df)), "rows_used": int(len(table.X)),
                                   "features": table.features, "target": target}})
    elapsed = time.perf_counter() - t0
    for note in model.preprocessing.notes:
        _note(note)
    if model.record["stop_reason"].startswith("interrupted") or len(model.networks) < ensemble:
        _note(f"interrupted: keeping {len(model.networks)} trained network(s) with their best weights")
    gaps = [a for record in model.records for a in advise_record(_Record(record))]
    if gaps:                                           # once, however many networks show it
        _warn(f"{gaps[0]} ({len(gaps)} of {len(model.records)} network(s))")
    _summary(model, elapsed)
    save_model(model, out)
    typer.echo(f"model: {out}")
    if report is not None:
        from ..report import write_report

        page = write_report(model, table.X, table.y, report, notes=table.notes,
                            data_info={"file": str(data), "rows in file": len(df)})
        typer.echo(f"report: {page}")


# -- bpnn predict -------------------------------------------------------------------------------
@app.command("predict")
def predict_command(
    model_file: Path = typer.Argument(..., metavar="MODEL", help="Model file from 'bpnn train --out'."),
    data: Path = typer.Argument(..., help="CSV or Excel file with the model's input columns."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the predictions as CSV here "
                                                                   "(default: print them)."),
    keep_extra: bool = typer.Option(False, "--keep-extra", help="Copy columns the model does not use into the "
                                                                "output instead of refusing them."),
    drop_bad: bool = typer.Option(False, "--drop-bad", help="Leave out rows with empty/NaN/inf inputs."),
    sheet: str | None = typer.Option(None, help="Excel sheet name (default: the first)."),
) -> None:
    """Predict new rows in the original units (or class labels).

    The output holds the input columns and predicted_<target> (and, for
    classification, one probability column per class).  If DATA also has
    the target column, the fit on those rows is reported.
    """
    import pandas as pd

    from ..data import _label, read_table, table_arrays
    from ..io import load_model, write_atomic

    model = load_model(model_file)
    if output is not None:
        _check_out(output, "output")
    df = read_table(data, sheet=sheet)
    pre = model.preprocessing
    known = set(pre.features) | set(pre.target)
    extra = [c for c in df.columns if c not in known]
    missing = [c for c in pre.features if c not in df.columns]
    if missing:
        table_arrays(df, None, pre.features, source=str(data))       # says which, with close names
    if extra and not keep_extra:
        raise BPNNError(f"{data}: column{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))} "
                        f"{'are' if len(extra) > 1 else 'is'} not used by the model (it takes "
                        f"{', '.join(pre.features)}); remove {'them' if len(extra) > 1 else 'it'}, or pass "
                        f"--keep-extra to copy {'them' if len(extra) > 1 else 'it'} to the output")
    table = table_arrays(df, None, pre.features, source=str(data), drop_bad=drop_bad)
    for note in table.notes:
        _note(note)
    rows = df.iloc[table.rows].reset_index(drop=True)
    target = pre.target[0]
    has_target = all(t in df.columns for t in pre.target)
    labels = None
    if has_target and model.task == "classification" and rows[target].notna().all():
        numeric = pd.api.types.is_numeric_dtype(rows[target])
        labels = np.array([_label(v, numeric) for v in rows[target]], dtype=object)
        pre.encoder.codes(labels, f"{data}: column {target!r}")             # unseen labels refused
    result = rows.copy()
    if model.task == "classification":
        P = model.predict_proba(table.X)
        result[f"predicted_{target}"] = pre.encoder.labels(P)
        for k, c in enumerate(pre.classes):
            result[f"p_{c}"] = P[:, k]
    else:
        Y = model.predict(table.X)
        for k, t in enumerate(pre.target):
            result[f"predicted_{t}"] = Y[:, k]
    if has_target:
        y = rows[pre.target].to_numpy()
        if model.task == "classification":
            if labels is not None:
                m = model.measure(table.X, labels)
                _note(f"{len(labels)} rows with known {target!r}: accuracy {100 * m['accuracy']:.2f}%")
        else:
            y = np.asarray(pd.DataFrame(y).apply(pd.to_numeric, errors="coerce"), dtype=float)
            ok = np.isfinite(y).all(axis=1)
            if ok.any():
                m = model.measure(table.X[ok], y[ok])
                _note(f"{int(ok.sum())} rows with known {', '.join(pre.target)}: R² {m['r2']:.4f}, "
                      f"RMSE {m['rmse']:.4g}, MAE {m['mae']:.4g}")
    text = result.to_csv(index=False)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text.encode("utf-8"), "predictions")
        typer.echo(f"predictions: {output} ({len(result)} rows)")


# -- bpnn info ------------------------------------------------------------------------------------
@app.command("info")
def info_command(model_file: Path = typer.Argument(..., metavar="MODEL", help="A model file.")) -> None:
    """Show a model: architecture, preprocessing, training summary, metrics."""
    from ..io import load_model

    model = load_model(model_file)
    info = model.info
    console = _console()
    console.print(f"[bold]{model_file}[/bold] — bpnn {info.get('file_bpnn_version')}, written {info.get('created')}")
    for line in model.summary():
        console.print(line, markup=False)
    data = info.get("data") or {}
    if data:
        console.print(f"data: {data.get('file')} ({data.get('rows_used')} of {data.get('rows')} rows used)",
                      markup=False)
    divide = info.get("divide") or {}
    console.print(f"settings: seed {info.get('seed')}, scaling {info.get('scaling')}, division "
                  f"{divide.get('method')} {divide.get('sizes')}, max_fail {info.get('max_fail')}, "
                  f"restarts {info.get('restarts')}", markup=False)
    if model.metrics:
        _summary_metrics(model)


def _summary_metrics(model) -> None:
    from rich.table import Table

    table = Table(title="metrics per set")
    if model.task == "classification":
        cols, rows = ("set", "rows", "accuracy"), [(k, str(m["n"]), f"{100 * m['accuracy']:.2f}%")
                                                   for k, m in model.metrics.items()]
    else:
        cols = ("set", "rows", "MSE", "RMSE", "MAE", "R", "R²")
        rows = [(k, str(m["n"]), *(f"{m[x]:.4g}" if m[x] is not None else "—"
                                   for x in ("mse", "rmse", "mae", "r", "r2"))) for k, m in model.metrics.items()]
    for c in cols:
        table.add_column(c, justify="left" if c == "set" else "right")
    for r in rows:
        table.add_row(*r)
    _console().print(table)


# -- bpnn export ------------------------------------------------------------------------------------
@app.command("export")
def export_command(
    model_file: Path = typer.Argument(..., metavar="MODEL", help="A model file."),
    to: str = typer.Option("python", "--to", help="Target: python (a NumPy-only module)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: MODEL's name "
                                                                   "with _predict.py)."),
    name: str = typer.Option("predict", help="Name of the prediction function."),
) -> None:
    """Write a standalone predict function (like MATLAB's genFunction).

    The module needs only NumPy; its outputs match bpnn's to 1e-12.
    """
    from ..export import export_python
    from ..io import load_model

    if to != "python":
        raise BPNNError(f"--to must be 'python' (the only export target so far), got {to!r}")
    model = load_model(model_file)
    output = output or model_file.with_name(model_file.stem.replace("-", "_").replace(".", "_") + "_predict.py")
    _check_out(output, "export")
    path = export_python(model, output, name=name)
    typer.echo(f"wrote {path}: {name}(X) takes rows of {', '.join(model.features)}")
