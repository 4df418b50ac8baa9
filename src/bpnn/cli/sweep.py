"""``bpnn sweep``: grid or random search with k-fold cross-validation, locally or on Dask."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import BPNNError
from ..app.files import check_input
from ..messages import prefixed, text as _t
from .app import app, echo_table, interrupt_on_sigterm

MAX_COUNT = 1000
MAX_SEED = 2 ** 63 - 1


def _list(text: str | None, name: str, sep: str = ",") -> list | None:
    if text is None:
        return None
    items = [t.strip() for t in text.split(sep) if t.strip()]
    if not items:
        raise BPNNError.of("err_option_needs_value", option=f"--{name}")
    return items


def _numbers(text: str | None, name: str, kind=float) -> list | None:
    items = _list(text, name)
    if items is None:
        return None
    try:
        return [kind(t) for t in items]
    except ValueError:
        raise BPNNError.of("err_option_numbers", option=f"--{name}", value=text) from None


@app.command("sweep")
def sweep_command(
    data: Path = typer.Argument(..., help="CSV or Excel file, one row per sample."),
    target: str = typer.Option(..., "--target", "-t", help="The column to predict."),
    out: Path = typer.Option(Path("sweep"), "--out", "-o", help="Folder for sweep.csv, sweep.json (also the "
                             "resume file), sweep.png and best.bpnn (created if missing)."),
    features: str | None = typer.Option(None, help="Input columns, comma-separated (default: all but the target)."),
    task: str = typer.Option("auto", metavar="[auto|regression|classification]", help="auto, regression or classification."),
    hidden: str | None = typer.Option(None, help="Hidden sizes to try, separated by ';', e.g. '5;10;10,5' "
                                                 "(default: 20 for regression, 10 for classification)."),
    activation: str | None = typer.Option(None, help="Hidden activations to try, e.g. tanh,relu (default tanh)."),
    algo: str | None = typer.Option(None, "--algo", help="Algorithms to try, e.g. lm,scg,adam (default auto, "
                                                         "as bpnn train)."),
    weight_decay: str | None = typer.Option(None, "--weight-decay", help="λ values to try, e.g. 0,1e-4,1e-3."),
    restarts: str | None = typer.Option(None, help="Restarts per training to try, e.g. 1,5."),
    lr: str | None = typer.Option(None, "--lr", help="Learning rates to try (only for algorithms with one)."),
    search: str = typer.Option("grid", help="grid (every combination) or random (--n-iter of them)."),
    n_iter: int | None = typer.Option(None, "--n-iter", min=1, max=10 ** 6, help="Settings drawn by a random search."),
    folds: int = typer.Option(5, min=2, max=MAX_COUNT, help="k of k-fold cross-validation (stratified for "
                                                            "classification)."),
    score: str | None = typer.Option(None, help="r2 (default for regression), mse, rmse, mae; accuracy for "
                                                "classification."),
    epochs: int | None = typer.Option(None, min=1, max=10 ** 9, help="Maximum epochs per training."),
    max_fail: int = typer.Option(6, "--max-fail", min=1, max=10 ** 9, help="Validation checks per training."),
    scaling: str = typer.Option("mapstd", metavar="[mapstd|mapminmax|none]", help="mapstd, mapminmax or none (as bpnn train)."),
    seed: int = typer.Option(0, min=0, max=MAX_SEED, help="Seed of the folds, the random search and training."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=1024, help="Local worker processes."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="A Dask scheduler, tcp://HOST:PORT, to run the "
                                         "folds on (pip install 'bpnn[dask]')."),
    no_refit: bool = typer.Option(False, "--no-refit", help="Do not train the best setting on all rows."),
    decimal: str | None = typer.Option(None, help="Decimal mark of a CSV file: . or ,."),
    sheet: str | None = typer.Option(None, help="Excel sheet name."),
    drop_bad: bool = typer.Option(False, "--drop-bad", help="Leave out rows with empty/NaN/inf cells."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines."),
) -> None:
    """Choose hidden sizes, activation, algorithm, weight decay, restarts and learning rate by
    k-fold cross-validation; write the results table, a plot and the refit best model.

    Each fold's result is saved as it finishes: run the same command again after an
    interruption and only the missing folds are trained.
    """
    from ..app.data import EXCEL_SUFFIXES, read_table, table_arrays
    from ..app.sweep import connect, settings_grid, sweep, write_outputs

    if task not in ("auto", "regression", "classification"):
        raise BPNNError.of("err_option_choice", option="--task", choices="auto, regression, classification", value=task)
    check_input(data, "data file", nul_check=data.suffix.lower() not in EXCEL_SUFFIXES)
    if out.exists() and not out.is_dir():
        raise BPNNError.of("err_sweep_out_file", out=out)
    grid = {"hidden": _list(hidden, "hidden", ";"), "activation": _list(activation, "activation"),
            "algorithm": _list(algo, "algo"), "weight_decay": _numbers(weight_decay, "weight-decay"),
            "restarts": _numbers(restarts, "restarts", int), "lr": _numbers(lr, "lr")}
    grid = {k: v for k, v in grid.items() if v is not None}
    settings_grid(grid, search=search, n_iter=n_iter)             # a bad value: its error before the table is read
    df = read_table(data, sheet=sheet, decimal=decimal)
    feature_list = None if features is None else [f for f in features.split(",") if f.strip()]
    table = table_arrays(df, target, feature_list, task=task, source=str(data), drop_bad=drop_bad)
    for note in table.notes:
        typer.echo(prefixed("note", note), err=True)
    client = connect(scheduler) if scheduler is not None else None
    out.mkdir(parents=True, exist_ok=True)

    def progress(done, total, row):
        if not quiet:
            typer.echo(_t("sw_progress", done=done, total=total, fold=row["fold"] + 1, setting=row["setting"],
                          score=row["score"]), err=True)
    try:
        with interrupt_on_sigterm():
            result = sweep(table.X, table.y, task=table.task, grid=grid, search=search, n_iter=n_iter, folds=folds,
                           score=score, seed=seed, n_jobs=jobs, executor=client, results=out / "sweep.json",
                           refit=not no_refit, progress=progress, features=table.features, target=target,
                           epochs=epochs, max_fail=max_fail, scaling=scaling, categories=table.categories)
    except KeyboardInterrupt:
        typer.echo(prefixed("note", _t("sw_interrupted", path=out / "sweep.json")), err=True)
        raise typer.Exit(130)
    finally:
        if client is not None:
            client.close()
    if result.info["resumed"]:
        typer.echo(prefixed("note", _t("sw_resumed", n=result.info["resumed"], path=out / "sweep.json")), err=True)
    paths = write_outputs(result, out)
    _print_table(result.table[:10], result.score, folds)
    best = result.table[0]
    typer.echo(_t("sw_best", setting=best["setting"], score=result.score, mean=best["mean"], folds=folds))
    from ..app.plots import font_note

    if font_note():                                   # --lang zh without a Chinese font: English plot labels
        typer.echo(prefixed("note", font_note()), err=True)
    for what, path in paths.items():
        typer.echo(prefixed(f"sw_wrote_{what}", str(path)))


def _print_table(rows: list[dict], score: str, folds: int) -> None:
    """The best settings under translated headers (sweep.csv keeps its column names)."""
    header = [_t("sw_col_rank"), _t("sw_col_score", score=score, folds=folds), _t("sw_col_setting")]
    echo_table(header, [[str(r["rank"]), f"{r['mean']:.4g} ± {r['std']:.2g}", r["setting"]] for r in rows], left=(2,))
