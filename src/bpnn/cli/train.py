"""``bpnn train``, ``bpnn predict``, ``bpnn info``, ``bpnn export``: your own table, end to end."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import typer

from ..errors import BPNNError
from ..app.files import check_input, check_output, check_report_folder
from .app import app, echo_table, interrupt_on_sigterm
from .progress import Progress, Reading
from .jsonout import JSON_HELP, emit, model_document
from .config import CONFIG_HELP, load_config
from ..messages import engine_reason, prefixed, set_name, stop_reason, stored_note, text as _t

TASKS = ("auto", "regression", "classification")
MAX_EPOCHS = 10 ** 9
MAX_COUNT = 1000               # networks in a committee, restarts
MAX_SEED = 2 ** 63 - 1
ALLOW_NONFINITE = typer.Option(False, "--allow-nonfinite", help="Load a model whose weights hold NaN or inf "
                                                                  "(refused by default: its outputs would be NaN).")


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _note(text: str) -> None:
    typer.echo(prefixed("note", text), err=True)


def _warn(text: str) -> None:
    typer.echo(prefixed("warning", text), err=True)


class _Record:
    """A saved training record (a dict) seen as the attributes the advisor reads."""

    def __init__(self, record: dict) -> None:
        self.loss, self.val_loss = record.get("loss") or [], record.get("val_loss") or []


def _text(value) -> str:
    """User or file text made safe for rich: ``[/]`` in a column name is shown, not parsed as markup."""
    from rich.markup import escape

    return escape(str(value))


# -- live progress: cli/progress.py (Keras-like on a terminal, a plain line every few seconds elsewhere)


def _summary(model, elapsed: float) -> None:
    from rich.table import Table

    console = _console()
    if model.task == "classification":
        table = Table(title=_t("accuracy_title"))
        for col in ("set", "rows", "accuracy"):
            table.add_column(_t(col), justify="left" if col == "set" else "right")
        for name, m in model.metrics.items():
            table.add_row(_text(set_name(name)), str(m["n"]), f"{100 * m['accuracy']:.2f}%")
    else:
        table = Table(title=_t("metrics_title", target=_text(', '.join(model.preprocessing.target))))
        for col in ("set", "rows", "MSE", "RMSE", "MAE", "R", "R²"):
            table.add_column(_t(col) if col in ("set", "rows") else col, justify="left" if col == "set" else "right")
        for name, m in model.metrics.items():
            table.add_row(_text(set_name(name)), str(m["n"]), *(f"{m[k]:.4g}" for k in ("mse", "rmse", "mae", "r", "r2")))
    console.print(table)
    reasons = {}
    for rec in model.records:
        reasons[rec["stop_reason"].split(":")[0]] = reasons.get(rec["stop_reason"].split(":")[0], 0) + 1
    first = model.records[0]
    stopped = ", ".join(f"{k} ×{v}" if len(model.records) > 1 else stop_reason(first["stop_reason"])
                        for k, v in reasons.items())
    console.print(_t("summary", count=len(model.networks), sizes="-".join(map(str, model.network.sizes)),
                     algo=model.info.get("algorithm"), stopped=stopped, seconds=elapsed), markup=False)


# -- bpnn train -------------------------------------------------------------------------------
@app.command("train")
def train_command(
    data: Path = typer.Argument(..., help="CSV or Excel file (.xlsx needs the xlsx extra: "
                                          "pip install \".\\[xlsx]\" from a clone, or openpyxl), one row per sample."),
    target: str = typer.Option(..., "--target", "-t", help="The column to predict."),
    out: Path = typer.Option(..., "--out", "-o", help="Model file to write (e.g. model.bpnn)."),
    features: str | None = typer.Option(None, help="Input columns, comma-separated (default: all but the target)."),
    task: str = typer.Option("auto", metavar="[auto|regression|classification]", help="auto, regression or classification (auto: text or few integer "
                                          "values in the target mean classification)."),
    hidden: str | None = typer.Option(None, help="Hidden layer sizes, e.g. 10 or 10,5 (default: 20 for "
                                                 "regression, 10 for classification)."),
    activation: str = typer.Option("tanh", help="Hidden activation: tanh, sigmoid, relu, leaky_relu."),
    algo: str = typer.Option("auto", "--algo", help="Training algorithm: lm, br, scg, rprop, adam, bfgs, lbfgs, "
                                                     "gd, gdm, gda, gdx (MATLAB names work). auto: lm for small "
                                                     "regression, scg otherwise."),
    divide: str = typer.Option("0.7,0.15,0.15", help="Training, validation, test fractions."),
    divide_method: str = typer.Option("rand", "--divide-method", metavar="[rand|block|int]", help="rand, block (in row order) or int "
                                                                       "(interleaved)."),
    scaling: str = typer.Option("mapstd", metavar="[mapstd|mapminmax|none]", help="mapstd (mean 0, std 1), mapminmax ([-1, 1]) or none; inputs and "
                                               "regression targets, undone on predictions."),
    ensemble: int | None = typer.Option(None, min=1, max=MAX_COUNT, help="Networks trained and averaged (default: 10 for small "
                                                   "problems, else 1)."),
    restarts: int = typer.Option(1, min=1, max=MAX_COUNT, help="Initial weights tried per network; the best by validation is kept."),
    epochs: int | None = typer.Option(None, min=1, max=MAX_EPOCHS, help="Maximum epochs (default: the algorithm's, 1000)."),
    max_fail: int | None = typer.Option(None, "--max-fail", min=1, max=MAX_EPOCHS,
                                        help="Validation checks: stop after this many epochs without a better "
                                             "validation loss (default: 6 for regression, 20 for classification)."),
    weight_decay: float | None = typer.Option(None, "--weight-decay", help="L2 regularisation λ: training "
                                              "minimises loss + (λ/2)·Σw² over the weights (not the biases), with "
                                              "the loss a mean over rows (scikit-learn's alpha on n rows: λ = "
                                              "2·alpha/n for regression, alpha/n for classification). 0: none. "
                                              "Default: 0.001, or 0.01 when the training rows give fewer than 2 "
                                              "target values per weight; 0 with --algo br."),
    input_noise: float = typer.Option(0.0, "--input-noise", help="Input noise (jitter) σ: "
                                      "every training step sees its batch's inputs as x + σ·ε, ε ~ N(0, 1) drawn "
                                      "afresh, a smoothness regulariser (docs/algorithms.md, Input noise). σ is "
                                      "in the units of the scaled inputs the network sees: standard deviations "
                                      "with --scaling mapstd, the [-1, 1] range with mapminmax, raw units with "
                                      "none; 0.05-0.2 to try. Needs a first-order --algo (gd, gdm, rprop, adam; "
                                      "with --batch-size, every minibatch is jittered), rows in memory (not "
                                      "--stream), and no --block-rows/--workers/--scheduler. 0: none (default)."),
    rotate: bool | None = typer.Option(None, "--rotate/--no-rotate", help="Give every network of the ensemble "
                                       "its own training/validation division of the non-test rows, so that the "
                                       "committee learns from all of them (default: on for an ensemble)."),
    seed: int | None = typer.Option(None, min=0, max=MAX_SEED, help="Seed for the division, the initial weights and training "
                                               "(default: a fresh one, printed so the run can be repeated)."),
    report: Path | None = typer.Option(None, help="Folder for report.html (self-contained) and the plots."),
    drop_bad: bool = typer.Option(False, "--drop-bad", help="Leave out rows with empty/NaN/inf cells instead "
                                                             "of stopping with an error."),
    sheet: str | None = typer.Option(None, help="Excel sheet name (default: the first)."),
    decimal: str | None = typer.Option(None, help="Decimal mark of a CSV file: . or , (default: found from the "
                                                  "file; ';'-separated files with 7,5 cells use ,)."),
    class_weight: str | None = typer.Option(None, "--class-weight", metavar="[balanced]", help="balanced: weight each class by "
                                            "n/(classes·rows of the class), for imbalanced classes "
                                            "(classification; rows are repeated in proportion)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines."),
    engine: str = typer.Option("auto", "--engine", metavar="[auto|compiled|wide|buffered|reference]", help="Engine of E and ∂E/∂θ: auto (chosen, with its reason), "
                               "compiled, wide, buffered or reference; see docs/engine.md."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Say which engine trained and why."),
    stream: bool = typer.Option(False, "--stream", help="Train from the CSV file in chunks, in bounded memory, "
                                "for files larger than memory: first-order algorithms (default adam), every row "
                                "trains, metrics over all rows (docs/robustness.md)."),
    batch_size: int | None = typer.Option(None, "--batch-size", min=1, max=10 ** 7,
                                          help="Rows per minibatch: with --stream (default 256), or with a "
                                               "first-order --algo (gd, gdm, rprop, adam) on rows in memory "
                                               "(default: one batch of all training rows)."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Data-parallel full-batch training on a Dask "
                                         "cluster, tcp://HOST:PORT: the training rows in blocks on the workers, "
                                         "the algorithm here; the same result as --block-rows in one process "
                                         "(docs/scale-out.md). Needs bpnn[dask]."),
    workers: int | None = typer.Option(None, "--workers", min=1, max=256, help="As --scheduler, on this many "
                                       "local worker processes started for the run."),
    block_rows: int | None = typer.Option(None, "--block-rows", min=1, max=10 ** 9, help="Full-batch sums over "
                                          "blocks of this many rows (with --scheduler/--workers default 65536, "
                                          "or fewer to give every worker a block); alone, the same sums in this "
                                          "process."),
    json_out: bool = typer.Option(False, "--json", help=JSON_HELP),
    config: Path | None = typer.Option(None, "--config", is_eager=True, callback=load_config, help=CONFIG_HELP),
) -> None:
    """Train a BP network on a table: scale, divide, train with validation stopping, save.

    Only DATA, --target and --out are needed: inputs and targets are scaled
    (and unscaled on predictions), 15% of the rows check generalisation
    (early stopping keeps the best weights), 15% are a test set, and the
    algorithm suits the data size.  Ctrl-C stops cleanly and keeps the best
    weights so far.
    """
    from ..app.data import EXCEL_SUFFIXES, parse_ratios
    from ..training.objective import check_weight_decay

    if task not in TASKS:
        raise BPNNError.of("err_option_choice", option="--task", choices=", ".join(TASKS), value=task)
    if class_weight is not None and class_weight != "balanced":
        raise BPNNError.of("err_class_weight_value", value=class_weight)
    if weight_decay is not None:
        check_weight_decay(weight_decay)
    _check_minibatch_options(algo, input_noise, batch_size, stream,
                             blocks=scheduler is not None or workers is not None or block_rows is not None)
    check_input(data, "data file", nul_check=data.suffix.lower() not in EXCEL_SUFFIXES)
    out_file = check_output(out, "model file", inputs=[data])       # symlinks resolved: the file to replace
    if report is not None:
        check_report_folder(report, inputs=[data], outputs=[out])
    ratios = parse_ratios(divide)
    feature_list = None if features is None else [f for f in features.split(",") if f.strip()]
    with _rows_on_workers(scheduler, workers) as client:
        return _train(data, target, out, out_file, feature_list, ratios, client, block_rows, **{
            name: value for name, value in locals().items() if name in _TRAIN_OPTIONS})


_TRAIN_OPTIONS = ("task", "hidden", "activation", "algo", "divide_method", "scaling", "ensemble", "restarts", "epochs",
                  "max_fail", "weight_decay", "input_noise", "rotate", "seed", "report", "drop_bad", "sheet", "decimal",
                  "class_weight", "quiet", "engine", "verbose", "stream", "batch_size", "json_out")


def _first_order(algo: str) -> bool:
    """Whether --algo steps on minibatches (gd, gdm, rprop, adam and their MATLAB names); auto never does."""
    from ..optimizers import FirstOrder, get_optimizer

    return algo != "auto" and isinstance(get_optimizer(algo), FirstOrder)


def _check_minibatch_options(algo: str, input_noise: float, batch_size: int | None, stream: bool,
                             blocks: bool) -> None:
    """--input-noise and --batch-size, checked before any work: σ ≥ 0 and finite; noise and in-memory
    minibatches need a first-order --algo on rows in memory (not --stream, not in blocks), which
    ``bpnn.train`` would also refuse, later and in Python's words."""
    from ..validation import positive

    positive(input_noise, "--input-noise", allow_zero=True)
    if input_noise > 0:
        if stream:
            raise BPNNError.of("err_noise_streamed", noise=input_noise, algorithm=algo)
        if blocks:
            raise BPNNError.of("err_noise_blocks", noise=input_noise, algorithm=algo)
        if not _first_order(algo):
            raise BPNNError.of("err_noise_algo_option", noise=input_noise, algorithm=algo)
    if batch_size is not None and not stream and (blocks or not _first_order(algo)):
        raise BPNNError.of("err_batch_size_stream")


def _rows_on_workers(scheduler, workers):
    """The Dask client of --scheduler / --workers (a context), or a context holding None."""
    from contextlib import nullcontext

    if scheduler is None and workers is None:
        return nullcontext()
    from ..app.sweep import dask_client

    return dask_client(scheduler, workers)


def _train(data, target, out, out_file, feature_list, ratios, client, block_rows, *, task, hidden, activation, algo,
           divide_method, scaling, ensemble, restarts, epochs, max_fail, weight_decay, input_noise, rotate, seed,
           report, drop_bad,
           sheet, decimal, class_weight, quiet, engine, verbose, stream, batch_size, json_out) -> None:
    """bpnn train once the options are checked (and the Dask client, if any, is up)."""
    import numpy as np                                # here, not at the top: bpnn --help without NumPy

    from ..app.advisor import advise, advise_record
    from ..app.data import EXCEL_SUFFIXES, read_table, table_arrays
    from ..core.network import Network
    from ..app.streamed import CHUNK_ROWS, PROPOSE_BYTES
    from ..app.io import save_model
    from ..validation import check_memory, check_second_order, training_bytes
    from ..app.workflow import LM_MAX_JACOBIAN, choose_algorithm, default_settings, fit

    if stream:
        if client is not None and batch_size is not None or block_rows is not None:   # (blocks: ranges of bytes)
            raise BPNNError.of("err_stream_blocks")
        return _train_streamed(data, target, feature_list, out_file, task=task, hidden=hidden, activation=activation,
                               algo=algo, epochs=epochs, batch_size=batch_size, scaling=scaling, seed=seed,
                               decimal=decimal, weight_decay=weight_decay or 0.0, engine=engine, quiet=quiet,
                               verbose=verbose, json_out=json_out, client=client)
    spread = {"data_parallel": client} if client is not None else {}
    if block_rows is not None:
        spread["block_rows"] = block_rows
    size = data.stat().st_size
    if size >= PROPOSE_BYTES and data.suffix.lower() not in EXCEL_SUFFIXES:
        _note(_t("note_large_file", data=data, mib=size / 1024 ** 2, gib=5 * size / 1024 ** 3, rows=CHUNK_ROWS))
    with Reading(data, enabled=not quiet) as reading:
        df = read_table(data, sheet=sheet, decimal=decimal)
        reading.rows = len(df)
    table = table_arrays(df, target, feature_list, task=task, source=str(data), drop_bad=drop_bad)
    for note in table.notes:
        _note(note)
    task = table.task
    if class_weight is not None and task != "classification":
        raise BPNNError.of("err_class_weight_regression", target=target)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % 1_000_000)
        _note(_t("seed_note", seed=seed))
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
        _note(_t("note_slow_jacobian", algo=algo, rows=n_train * n_out, p=n_params))
    sizes = [len(table.features), *layers, n_out]
    chosen = algo if algo != "auto" else choose_algorithm(task, n_train, n_out, n_params)
    if not spread:                 # (in blocks, lm/br form J a chunk of rows at a time, on the workers)
        check_second_order(chosen, n_train, n_out, n_params, restarts)
        need, what = training_bytes(chosen, n_train, n_out, sizes, ensemble=ensemble)
        check_memory(need, what, _t("hint_memory_train"))
    for advice in advise(table.X, None, Network(sizes, seed=0), feature_names=table.features,
                         labels=table.y if task == "classification" else None, scaled=scaling == "none"):
        if advice.code == "few-samples" and weight_decay > 0 and algo in ("auto", "lm", "bfgs", "scg"):
            _note(_t("note_few_samples", values=len(table.X) * n_out, weights=n_params, lam=weight_decay,
                     averages=_t("note_averages", k=ensemble) if ensemble > 1 else ""))
        elif advice.code not in ("constant-column", "unscaled-inputs"):    # scaling and the notes cover these
            _warn(str(advice))
    t0 = time.perf_counter()
    from ..optimizers import get_optimizer

    limit = epochs or get_optimizer(chosen).defaults.get("epochs")
    with interrupt_on_sigterm(), Progress(ensemble, enabled=not quiet, epochs=limit, rows=n_train) as progress:
        model = fit(table.X, table.y, task=task, features=table.features, target=target, hidden=layers,
                    activation=activation, algorithm=algo, scaling=scaling, ratios=ratios,
                    divide_method=divide_method, rotate=rotate, epochs=epochs, max_fail=max_fail, restarts=restarts,
                    ensemble=ensemble, seed=seed, callback=progress, categories=table.categories,
                    class_weight=class_weight, **({"weight_decay": weight_decay} if weight_decay > 0 else {}),
                    **({"input_noise": input_noise} if input_noise > 0 else {}),
                    **({"batch_size": batch_size} if batch_size is not None else {}),
                    **({"engine": engine} if engine != "auto" else {}), **spread,
                    info={"data": {"file": str(data), "rows": int(len(df)), "rows_used": int(len(table.X)),
                                   "features": table.features, "target": target}})
    elapsed = time.perf_counter() - t0
    if class_weight is not None:
        _note(_t("note_class_weights", how=class_weight, rows=model.info["weights"]["rows_trained"]))
    for note in model.preprocessing.notes:
        _note(stored_note(note))
    if model.info.get("data_parallel"):
        _note(_data_parallel_line(model.info["data_parallel"]))
    interrupted = model.record["stop_reason"].startswith("interrupted") or len(model.networks) < ensemble
    gaps = [a for record in model.records for a in advise_record(_Record(record))]
    if gaps:                                           # once, however many networks show it
        _warn(f"{gaps[0]} ({len(gaps)} of {len(model.records)} network(s))")
    if not json_out:
        _summary(model, elapsed)
        if verbose:
            _engines(model.records)
    save_model(model, out_file)
    if not json_out:
        typer.echo(_t("model_written", path=out))
    page = None
    if report is not None:
        from ..app.report import write_report

        page = write_report(model, table.X, table.y, report, notes=table.notes,
                            data_info={"file": str(data), "rows in file": len(df)})
        from ..app.plots import font_note

        if font_note():                                 # --lang zh without a Chinese font: English plot labels
            _note(font_note())
        if not json_out:
            typer.echo(_t("report_written", path=page))
    if json_out:
        emit("train", {**model_document(model, out), "report": None if page is None else str(page),
                       "seconds": elapsed, "interrupted": interrupted})
    if interrupted:                                     # the scripts that run us can tell (exit status 130)
        _note(_t("note_interrupted_saved", count=len(model.networks), out=out))
        raise typer.Exit(130)


def _data_parallel_line(facts: dict) -> str:
    """What model.info["data_parallel"] says, in one line."""
    at = _t("dp_at", scheduler=facts["scheduler"]) if facts.get("scheduler") else ""
    where = _t("dp_where_workers", workers=facts["workers"], at=at) if facts.get("workers") else _t("dp_where_here")
    size = facts.get("block_rows") or "/".join(map(str, facts.get("rows") or []))
    return _t("dp_line", blocks=facts["blocks"], size=size, where=where)


def _train_streamed(data, target, features, out_file, *, task, hidden, activation, algo, epochs, batch_size,
                    scaling, seed, decimal, weight_decay, engine, quiet, verbose, json_out=False, client=None) -> None:
    """bpnn train --stream: statistics, training and metrics in passes over the file's chunks; with a Dask
    client, full-batch on blocks of the file that the workers read (:func:`bpnn.app.streamed.fit_blocks`)."""
    import numpy as np

    from ..app.data import EXCEL_SUFFIXES
    from ..app.io import save_model
    from ..app.streamed import fit_blocks, fit_stream

    if data.suffix.lower() in EXCEL_SUFFIXES:
        raise BPNNError.of("err_stream_csv", data=data)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % 1_000_000)
        _note(_t("seed_note", seed=seed))
    t0 = time.perf_counter()
    with interrupt_on_sigterm(), Progress(1, enabled=not quiet, epochs=10 if epochs is None else epochs) as progress:
        if client is not None:
            model = fit_blocks(data, target, features, executor=client, task=task, hidden=hidden or "20",
                               activation=activation, algorithm="scg" if algo == "auto" else algo, epochs=epochs,
                               scaling="mapstd" if scaling == "none" else scaling, seed=seed, decimal=decimal,
                               callback=progress, weight_decay=weight_decay,
                               **({"engine": engine} if engine != "auto" else {}))
        else:
            model = fit_stream(data, target, features, task=task, hidden=hidden or "20",
                               activation=activation, algorithm="adam" if algo == "auto" else algo,
                               epochs=10 if epochs is None else epochs, batch_size=batch_size or 256,
                               scaling="mapstd" if scaling == "none" else scaling, seed=seed, decimal=decimal,
                               callback=progress, weight_decay=weight_decay,
                               **({"engine": engine} if engine != "auto" else {}))
    model.info["seed"] = seed
    if model.info.get("data_parallel"):
        _note(_data_parallel_line(model.info["data_parallel"]))
    elapsed = time.perf_counter() - t0
    for note in model.preprocessing.notes:
        _note(stored_note(note))
    if not json_out:
        _summary(model, elapsed)
        if verbose:
            _engines(model.records)
    save_model(model, out_file)
    if json_out:
        emit("train", {**model_document(model, out_file), "report": None, "seconds": elapsed,
                       "interrupted": model.record["stop_reason"].startswith("interrupted")})
    else:
        typer.echo(_t("model_written", path=out_file))
    if model.record["stop_reason"].startswith("interrupted"):     # the scripts that run us can tell (status 130)
        _note(_t("note_interrupted_stream", out=out_file))
        raise typer.Exit(130)


# -- bpnn predict -------------------------------------------------------------------------------
@app.command("predict")
def predict_command(
    model_file: Path = typer.Argument(..., metavar="MODEL", help="Model file from 'bpnn train --out'."),
    data: Path = typer.Argument(..., help="CSV or Excel file with the model's input columns."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the predictions as CSV here "
                                                                   "(default or '-': print them)."),
    keep_extra: bool = typer.Option(False, "--keep-extra", help="Copy columns the model does not use into the "
                                                                "output instead of refusing them."),
    drop_bad: bool = typer.Option(False, "--drop-bad", help="Leave out rows with empty/NaN/inf inputs, or "
                                                             "text categories not seen in training."),
    sheet: str | None = typer.Option(None, help="Excel sheet name (default: the first)."),
    decimal: str | None = typer.Option(None, help="Decimal mark of a CSV file: . or , (default: found from "
                                                  "the file)."),
    encoding: str | None = typer.Option(None, help="Text encoding of --output (default: the input's: GB18030 "
                                                   "for a GBK file, else UTF-8, with a byte-order mark when "
                                                   "there is non-ASCII text so Excel shows it)."),
    allow_nonfinite: bool = ALLOW_NONFINITE,
    json_out: bool = typer.Option(False, "--json", help="Print a JSON summary on standard output (rows, output "
                                  "file, the fit on rows with a known target; with no --output, the predictions "
                                  "too); schema: docs/workflow.md#json-output."),
) -> None:
    """Predict new rows in the original units (or class labels).

    The output holds the input columns and predicted_<target> (and, for
    classification, one probability column per class), with the input's
    separator, decimal mark and encoding.  If DATA also has the target
    column, the fit on those rows is reported.
    """
    import pandas as pd

    import numpy as np

    from ..app.data import _label, read_table, table_arrays, table_bytes
    from ..app.io import load_model, write_atomic

    out_file = None if output is None else check_output(output, "output", inputs=[model_file, data],
                                                        allow_stdout=True)
    model = load_model(model_file, allow_nonfinite=allow_nonfinite)
    df = read_table(data, sheet=sheet, decimal=decimal)
    pre = model.preprocessing
    columns = pre.columns
    known = set(columns) | set(pre.target)
    extra = [c for c in df.columns if c not in known]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        table_arrays(df, None, columns, source=str(data))       # says which, with close names
    if extra and not keep_extra:
        raise BPNNError.of("err_extra_columns" if len(extra) > 1 else "err_extra_column", data=data,
                           names=", ".join(map(repr, extra)), columns=", ".join(columns))
    table = table_arrays(df, None, columns, source=str(data), drop_bad=drop_bad, categories=pre.categories)
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
    fit_known = None
    if has_target:
        y = rows[pre.target].to_numpy()
        if model.task == "classification":
            if labels is not None:
                m = fit_known = model.measure(table.X, labels)
                _note(_t("known_accuracy", rows=len(labels), target=target, accuracy=100 * m['accuracy']))
        else:
            y = np.asarray(pd.DataFrame(y).apply(pd.to_numeric, errors="coerce"), dtype=float)
            ok = np.isfinite(y).all(axis=1)
            if ok.any():
                m = fit_known = model.measure(table.X[ok], y[ok])
                _note(_t("known_fit", rows=int(ok.sum()), target=", ".join(pre.target), r2=m['r2'], rmse=m['rmse'],
                         mae=m['mae']))
    text = result.to_csv(index=False, sep=df.attrs.get("sep", ","), decimal=df.attrs.get("decimal", "."))
    if json_out:
        predicted = [c for c in result.columns if c.startswith("predicted_")]
        if out_file is not None:
            write_atomic(out_file, table_bytes(text, df.attrs.get("encoding"), encoding, str(out_file)), "predictions")
        emit("predict", {"model": str(model_file), "data": str(data), "task": model.task, "rows": len(result),
                         "rows_in_file": len(df), "output": None if out_file is None else str(output),
                         "columns": list(map(str, result.columns)), "known": fit_known,
                         "predictions": None if out_file is not None else
                         {c: result[c].tolist() for c in predicted}})
        return
    if out_file is None:
        sys.stdout.write(text)
    else:
        write_atomic(out_file, table_bytes(text, df.attrs.get("encoding"), encoding, str(out_file)), "predictions")
        typer.echo(_t("predictions_written", path=output, rows=len(result)))


# -- bpnn info ------------------------------------------------------------------------------------
@app.command("info")
def info_command(model_file: Path = typer.Argument(..., metavar="MODEL", help="A model file."),
                 allow_nonfinite: bool = ALLOW_NONFINITE,
                 json_out: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Show a model: architecture, preprocessing, training summary, metrics."""
    from ..app.io import load_model

    model = load_model(model_file, allow_nonfinite=allow_nonfinite)
    if json_out:
        return emit("info", model_document(model, model_file))
    info = model.info
    console = _console()
    console.print("[bold]" + _t("info_head", file=_text(model_file), version=_text(info.get('file_bpnn_version')),
                                created=_text(info.get('created'))).replace(" — ", "[/bold] — ", 1))
    for line in model.summary():
        console.print(line, markup=False)
    data = info.get("data") if isinstance(info.get("data"), dict) else {}
    if data:
        console.print(_t("info_data", file=data.get('file'), used=data.get('rows_used'), rows=data.get('rows')),
                      markup=False)
    _settings(info)
    _engines(model.records)
    if model.metrics:
        _summary_metrics(model)


def _settings(info: dict) -> None:
    """The run's settings as the report shows them (app.report.settings_rows), one aligned line each."""
    from ..app.report import settings_rows

    rows = settings_rows({k: v for k, v in info.items() if k not in ("file_bpnn_version", "created")})
    if rows:
        typer.echo(_t("info_settings"))
        echo_table(None, [["", name, value] for name, value in rows], left=(0, 1, 2))


def _engines(records) -> None:
    """One line per distinct engine choice of the networks' records (bpnn.engines.select's reason)."""
    for reason in dict.fromkeys(r.get("engine_reason") for r in records if r.get("engine_reason")):
        typer.echo(_t("engine_line", reason=engine_reason(reason)))


def _summary_metrics(model) -> None:
    from rich.table import Table

    table = Table(title=_t("metrics_title_plain"))
    def number(value, form: str = ".4g", scale: int = 1) -> str:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (form != "d" or isinstance(value, int))
        return format(scale * value, form) if ok else "—"

    if model.task == "classification":
        cols, rows = ("set", "rows", "accuracy"), [(_text(set_name(k)), number(m.get("n"), "d"),
                                                    number(m.get("accuracy"), ".2f", 100) + "%")
                                                   for k, m in model.metrics.items()]
    else:
        cols = ("set", "rows", "MSE", "RMSE", "MAE", "R", "R²")
        rows = [(_text(set_name(k)), number(m.get("n"), "d"), *(number(m.get(x)) for x in ("mse", "rmse", "mae", "r", "r2")))
                for k, m in model.metrics.items()]
    for c in cols:
        table.add_column(_t(c) if c in ("set", "rows", "accuracy") else c, justify="left" if c == "set" else "right")
    for r in rows:
        table.add_row(*r)
    _console().print(table)


# -- bpnn export ------------------------------------------------------------------------------------
EXPORT_TARGETS = {"python": "_predict.py", "onnx": ".onnx", "torch": ".pt2", "matlab": ".mat"}


@app.command("export")
def export_command(
    model_file: Path = typer.Argument(..., metavar="MODEL", help="A model file."),
    to: str = typer.Option("python", "--to", metavar="[python|onnx|torch|matlab]", help="Target: python (a NumPy-only module), onnx (a graph with the "
                                                  "scaling inside; needs the onnx extra), torch (a torch.export "
                                                  "program, .pt2) or matlab (a .mat of IW/LW/b and settings, and "
                                                  "a .m prediction function). See docs/interop.md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: MODEL's name "
                                                                   "with _predict.py, .onnx, .pt2 or .mat)."),
    name: str | None = typer.Option(None, help="Name of the prediction function (python: predict; matlab: "
                                               "MODEL's name with _predict, also the .m file's name)."),
    allow_nonfinite: bool = ALLOW_NONFINITE,
) -> None:
    """Write the model for use elsewhere: NumPy, ONNX, PyTorch or MATLAB.

    Every target takes raw rows and gives predictions in the original units (or
    class probabilities and labels): the scaling is part of what is written.
    """
    from ..app.io import load_model

    if to not in EXPORT_TARGETS:
        raise BPNNError.of("err_option_choice", option="--to", choices=", ".join(EXPORT_TARGETS), value=to)
    stem = model_file.stem.replace("-", "_").replace(".", "_")
    output = output or model_file.with_name(stem + EXPORT_TARGETS[to])
    out_file = check_output(output, "export", inputs=[model_file])
    if to == "python":
        from ..app.export import export_python

        name = name or "predict"
        model = load_model(model_file, allow_nonfinite=allow_nonfinite)
        export_python(model, out_file, name=name)
        typer.echo(_t("export_python", output=output, name=name, features=", ".join(model.features)))
    elif to == "onnx":
        from ..app.to_onnx import OPSET, _need_onnx, export_onnx

        _need_onnx()
        model = load_model(model_file, allow_nonfinite=allow_nonfinite)
        export_onnx(model, out_file)
        outs = "label, probabilities" if model.task == "classification" else "Y"
        typer.echo(_t("export_onnx", output=output, opset=OPSET, features=", ".join(model.features), outs=outs))
    elif to == "torch":
        from ..app.torch_io import export_torch

        model = load_model(model_file, allow_nonfinite=allow_nonfinite)
        export_torch(model, out_file)
        typer.echo(_t("export_torch", output=output, features=", ".join(model.features)))
    else:
        from ..app.matlab import check_function_name, export_matlab

        default = re.sub(r"\W", "_", Path(output).stem, flags=re.ASCII) + "_predict"
        name = check_function_name(name or (default if default[0].isalpha() else "bpnn_" + default))
        m_file = check_output(Path(output).with_name(name + ".m"), "MATLAB function", inputs=[model_file, output])
        model = load_model(model_file, allow_nonfinite=allow_nonfinite)
        export_matlab(model, out_file, m_file, name=name)
        typer.echo(_t("export_matlab", output=output, m_file=m_file.name, name=name,
                      features=", ".join(model.features)))
