"""``bpnn study activation | lr | epochs | hidden``: the seed article's questions, by experiment.

Each command trains many small networks (see :mod:`bpnn.teach.studies`), prints a
summary table, and writes ``<study>.csv`` (every run), a summary CSV where
there is one, and ``<study>.png`` into ``--out``.
"""

from __future__ import annotations

import math
import sys
from contextlib import contextmanager
from pathlib import Path

import typer

from ..teach.grids import HIDDEN_SWEEP, LR_SWEEP
from ..errors import BPNNError
from ..messages import prefixed, text as _t
from .app import app, echo_table

study_app = typer.Typer(help="Experiments from the seed article: each writes a CSV table and a PNG plot.",
                        no_args_is_help=True)
app.add_typer(study_app, name="study")

OUT = typer.Option(Path("bpnn-study"), "--out", help="Folder for the CSV tables and the PNG plot.")
# options shared by the two studies on noisy samples of sin(x)
NOISY_SEEDS = typer.Option(5, "--seeds", help="Data sets and initial weights from seeds 0 … N−1.")
NOISY_LR = typer.Option(0.05, "--lr", help="Learning rate.")
N_TRAIN = typer.Option(20, "--train", help="Noisy training samples.")
NOISE = typer.Option(0.3, "--noise", help="Standard deviation of the noise added to sin(x).")


def parse_list(text: str, kind, option: str) -> list:
    """``"1,2,4"`` → ``[1, 2, 4]``, with a clear error for a bad entry.

    Examples
    --------
    >>> parse_list("1e-3, 0.1", float, "--lrs")
    [0.001, 0.1]
    """
    items = [p.strip() for p in text.split(",") if p.strip()]
    try:
        values = [kind(p) for p in items]
    except ValueError:
        raise BPNNError.of("err_option_list", option=option, kind=kind.__name__, value=text) from None
    if not values:
        raise BPNNError.of("err_option_needs_value_eg", option=option)
    return values


@contextmanager
def _progress(total: int, what: str):
    """A rich progress bar on stderr (only on a terminal); yields ``on_run(label)``."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[run]}"),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=total, run="")
        yield lambda label: bar.update(task, advance=1, run=label)


def _cell(value) -> str:
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:.4g}"
    return str(value)


def _print_table(rows: list[dict], columns: list[str]) -> None:
    """The rows under translated headers (the CSV keeps its column names), aligned by display width."""
    from ..teach import studies

    header = [_t(f"st_col_{c}") for c in columns]
    echo_table(header, [[studies.verdict_name(r[c]) if c == "verdict" else
                         studies.schedule_name(r[c]) if c == "schedule" else _cell(r[c]) for c in columns]
                        for r in rows])


def _finish(result, out: Path) -> None:
    """The font note, the study's files written, and where they are."""
    from ..teach import studies

    from ..app.plots import font_note

    if font_note():                                   # --lang zh without a Chinese font: English plot labels
        typer.echo(prefixed("note", font_note()), err=True)
    paths = studies.write_study(result, out)
    typer.echo(_t("st_wrote", paths=", ".join(str(p) for p in paths)))


def _check_seeds(seeds: int) -> None:
    if seeds < 1:
        raise BPNNError.of("err_seeds", value=seeds)


@study_app.command("activation")
def activation(
    activations: str = typer.Option("tanh,sigmoid,relu,linear", help="Hidden activations to compare."),
    seeds: int = typer.Option(10, help="Initial weights from seeds 0 … N−1."),
    hidden: int = typer.Option(4, help="Hidden units (the article: 4)."),
    lr: float = typer.Option(0.01, help="Learning rate (the article: 0.01)."),
    epochs: int = typer.Option(5000, help="Epochs of full-batch gradient descent (the article: 5000)."),
    init: str = typer.Option("randn", help="Initial weights (the article: randn, N(0, 1))."),
    out: Path = OUT,
) -> None:
    """Why tanh? Each hidden activation on the article's sin task, over several seeds."""
    from ..teach import studies
    _check_seeds(seeds)
    acts = parse_list(activations, str, "--activations")
    with _progress(len(acts) * seeds, "study activation") as on_run:
        result = studies.activation_study(acts, seeds, hidden=hidden, lr=lr, epochs=epochs, init=init,
                                          on_run=on_run)
    typer.echo(_t("st_activation_head", hidden=hidden, lr=lr, epochs=epochs, init=init, seeds=seeds))
    _print_table(result.summary, ["activation", "median_final", "best_final", "worst_final", "diverged",
                                  "reached_target", "median_epochs_to_target"])
    best = min(result.summary, key=lambda r: r["median_final"])
    typer.echo(_t("st_activation_best", activation=best["activation"], value=best["median_final"],
                  target=result.params["target"]))
    _finish(result, out)


@study_app.command("lr")
def lr(
    lrs: str = typer.Option(",".join(f"{x:g}" for x in LR_SWEEP), help="Learning rates to try."),
    epochs: int = typer.Option(5000, help="Epochs of full-batch gradient descent."),
    schedules: list[str] = typer.Option(["none"], "--schedule",
                                        help="A learning-rate schedule to compare; repeat for several: none, or "
                                             "a bpnn.training.schedules spec such as step:every=1000,drop=0.5, cosine, "
                                             "exponential:gamma=0.999, plateau, warmup:epochs=200."),
    seed: int | None = typer.Option(None, help="Start from randn weights with this seed instead of the article's."),
    out: Path = OUT,
) -> None:
    """How to choose the learning rate: a sweep from too small to divergent, with and without schedules."""
    from ..teach import studies
    rates = parse_list(lrs, float, "--lrs")
    if any(x <= 0 for x in rates):
        raise BPNNError.of("err_all_positive", option="--lrs", value=lrs)
    scheds = [None if s.strip().lower() == "none" else s.strip() for s in schedules]
    with _progress(len(rates) * len(scheds), "study lr") as on_run:
        result = studies.lr_study(rates, epochs, schedules=scheds, seed=seed, on_run=on_run)
    start = _t("st_start_article") if seed is None else _t("st_start_seed", seed=seed)
    typer.echo(_t("st_lr_head", start=start, epochs=epochs))
    _print_table(result.rows, ["lr", "schedule", "final_loss", "min_loss", "epochs", "rises_last_quarter",
                               "verdict"])
    for schedule in dict.fromkeys(r["schedule"] for r in result.rows):
        rows = [r for r in result.rows if r["schedule"] == schedule]
        parts = [f"{studies.verdict_name(verdict)} " + ", ".join(f"{r['lr']:g}" for r in rows
                                                                  if r["verdict"] == verdict)
                 for verdict in studies.LR_VERDICTS if any(r["verdict"] == verdict for r in rows)]
        typer.echo(_t("st_lr_schedule", schedule=studies.schedule_name(schedule), parts="; ".join(parts)))
    _finish(result, out)


@study_app.command("epochs")
def epochs(
    seeds: int = NOISY_SEEDS,
    epochs: int = typer.Option(20000, help="Epochs of full-batch gradient descent."),
    hidden: int = typer.Option(12, help="Hidden units (more than the task needs, so that it can overfit)."),
    lr: float = NOISY_LR,
    n_train: int = N_TRAIN,
    n_val: int = typer.Option(200, "--val", help="Noisy validation samples (never trained on)."),
    noise: float = NOISE,
    max_fail: int = typer.Option(6, "--max-fail", help="Patience of early stopping (MATLAB's max_fail)."),
    out: Path = OUT,
) -> None:
    """How the number of epochs matters: training vs validation error, and where early stopping stops."""
    from ..teach import studies
    _check_seeds(seeds)
    with _progress(seeds, "study epochs") as on_run:
        result = studies.epochs_study(seeds, epochs, hidden=hidden, lr=lr, n_train=n_train, n_val=n_val,
                                      noise=noise, max_fail=max_fail, on_run=on_run)
    typer.echo(_t("st_epochs_head", hidden=hidden, n_train=n_train, noise=noise, n_val=n_val, lr=lr))
    _print_table(result.rows, ["seed", "best_epoch", "train_at_best", "val_at_best", "max_fail_stop",
                               "val_at_stop", "train_at_end", "val_at_end"])
    typer.echo(_t("st_epochs_note", max_fail=max_fail))
    _finish(result, out)


@study_app.command("hidden")
def hidden(
    hidden: str = typer.Option(",".join(map(str, HIDDEN_SWEEP)), help="Hidden-layer sizes to try."),
    seeds: int = NOISY_SEEDS,
    epochs: int = typer.Option(5000, help="Epochs of full-batch gradient descent."),
    lr: float = NOISY_LR,
    n_train: int = N_TRAIN,
    n_test: int = typer.Option(500, "--test", help="Noisy test samples (never trained on)."),
    noise: float = NOISE,
    out: Path = OUT,
) -> None:
    """How many hidden units: training vs test error as the hidden layer grows."""
    from ..teach import studies
    _check_seeds(seeds)
    sizes = parse_list(hidden, int, "--hidden")
    if any(h < 1 for h in sizes):
        raise BPNNError.of("err_hidden_sizes_positive", value=hidden)
    with _progress(len(sizes) * seeds, "study hidden") as on_run:
        result = studies.hidden_study(sizes, seeds, epochs, lr=lr, n_train=n_train, n_test=n_test, noise=noise,
                                      on_run=on_run)
    typer.echo(_t("st_hidden_head", n_train=n_train, noise=noise, lr=lr, epochs=epochs, n_test=n_test))
    _print_table(result.summary, ["hidden", "median_train", "median_test", "runs"])
    best = min(result.summary, key=lambda r: r["median_test"])
    typer.echo(_t("st_hidden_best", hidden=best["hidden"], value=best["median_test"], var=noise ** 2))
    _finish(result, out)
