"""``bpnn example NAME``: the case studies from the BP literature.

Each command trains with progress shown, prints the settings, a results
table and the published figures beside bpnn's, ends with the line that names
the test accuracy or test MSE, and saves its plots into ``--out``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .app import app

example_app = typer.Typer(help="Case studies from the BP literature: each trains, prints a results table "
                               "beside the published figures, and saves plots.", no_args_is_help=True)
app.add_typer(example_app, name="example")

OUT = typer.Option(Path("bpnn-example"), "--out", help="Folder for the plots.")
PLOTS = typer.Option(True, "--plots/--no-plots", help="Save the plots.")
SEED = typer.Option(0, "--seed", help="Seed of the initial weights, noise and minibatch order.")


def _console():
    from rich.console import Console

    return Console(highlight=False)


def _show(result) -> None:
    """Settings, results and references as rich tables; then the headline and the plots."""
    from rich.markup import escape
    from rich.table import Table

    from ..messages import text as _t

    console = _console()
    for kind, rows, header in (("settings", result.settings, ("", "")),
                               ("results", result.results, (_t("ex_quantity"), _t("ex_value"))),
                               ("references", result.references, (_t("ex_method"), _t("ex_figure")))):
        if not rows:
            continue
        table = Table(title=_t("ex_table_title", name=result.name, what=_t(f"ex_table_{kind}")), title_justify="left",
                      show_header=header[0] != "")
        # fold: Chinese has no spaces to wrap at, and an ellipsis would cut the words off
        table.add_column(header[0], style="bold" if kind == "settings" else "", overflow="fold")
        table.add_column(header[1], overflow="fold")
        for name, value in rows:
            mine = kind != "settings" and str(name).startswith("bpnn")
            table.add_row(escape(str(name)), escape(str(value)), style="bold cyan" if mine else None)
        console.print(table)
    console.print(f"[bold]{escape(result.headline)}[/bold]")
    if result.plots:                                   # paths from --out: user text, printed as written
        console.print(_t("ex_plots", plots="; ".join(_t("ex_plot", path=path, what=what) for path, what in result.plots)),
                      markup=False)
    console.print(_t("ex_total_time", seconds=result.elapsed))


def _run(name: str, function: str, plots: bool, out: Path, **options) -> None:
    """Run ``bpnn.examples.<module>.<function>`` (imported here, so that ``bpnn --help`` stays fast)."""
    import importlib

    module, attr = function.split(".")
    function = getattr(importlib.import_module(f"..examples.{module}", __package__), attr)
    from ..app.plots import font_note
    from ..messages import prefixed

    console = _console()
    console.print(f"[bold]bpnn example {name}[/bold]")
    if plots and font_note():                          # --lang zh without a Chinese font: English plot labels
        typer.echo(prefixed("note", font_note()), err=True)
    result = function(out=out if plots else None, progress=sys.stdout.isatty(),
                      log=lambda text: console.print(text, markup=False), **options)
    _show(result)


@example_app.command("surface")
def surface_cmd(grid: int = typer.Option(21, help="Training grid nodes per side (grid² samples)."),
                epochs: int = typer.Option(400, help="Levenberg–Marquardt epochs at most."),
                restarts: int = typer.Option(4, help="Starts trained together; the best is kept."),
                function: str = typer.Option("peaks,sincos", "--function", help="peaks, sincos, or both."),
                seed: int = SEED, out: Path = OUT, plots: bool = PLOTS) -> None:
    """A function of two variables (MATLAB's peaks, sin(x)·cos(y)) learned from a grid; MSE between the nodes."""
    names = [f.strip() for f in function.split(",") if f.strip()]
    _run("surface", "surface.run", plots, out, functions=names, grid=grid, epochs=epochs, restarts=restarts, seed=seed)


@example_app.command("letters5x7")
def letters5x7_cmd(hidden: int = typer.Option(25, help="Hidden units (MATLAB's example: 25)."),
                   copies: int = typer.Option(30, help="Noisy copies of each letter for network 2."),
                   noise: float = typer.Option(0.2, help="Noise σ of network 2's training copies."),
                   trials: int = typer.Option(100, help="Noisy test copies of each letter per noise level."),
                   seed: int = SEED, out: Path = OUT, plots: bool = PLOTS) -> None:
    """The 26 capitals as 5×7 bitmaps: a 35-h-26 network trained without and with noise."""
    _run("letters5x7", "letters5x7.run", plots, out, hidden=hidden, copies=copies, train_noise=noise, trials=trials,
         seed=seed)


@example_app.command("letters")
def letters_cmd(epochs: int = typer.Option(40, help="Adam epochs."),
                batch_size: int = typer.Option(128, "--batch-size", help="Minibatch size."),
                hidden: str = typer.Option("256,256", help="Hidden layer sizes, comma-separated."),
                input_noise: float = typer.Option(0.15, "--input-noise", help="σ of the Gaussian jitter added to "
                                                  "each step's standardised inputs (0: the rows as they are)."),
                ensemble: int = typer.Option(1, help="Train this many networks as one stack; classify by the "
                                             "mean of their outputs."),
                dtype: str = typer.Option("float32", metavar="[float32|float64]", help="float32 or float64."),
                seed: int = SEED, out: Path = OUT, plots: bool = PLOTS) -> None:
    """UCI Letter Recognition: first 16000 rows train, last 4000 test."""
    from .study import parse_list

    _run("letters", "letters.run", plots, out, hidden=parse_list(hidden, int, "--hidden"), epochs=epochs,
         batch_size=batch_size, input_noise=input_noise, ensemble=ensemble, dtype=dtype, seed=seed)


@example_app.command("vowels")
def vowels_cmd(seeds: int = typer.Option(10, help="Seeds 0 … N−1; the result is mean ± std over them."),
               ensemble: int = typer.Option(10, help="Networks per ensemble."),
               hidden: int | None = typer.Option(None, help="Hidden units (default 10; 40 with --speaker-norm)."),
               noise: float | None = typer.Option(None, help="Input-noise σ (standardised units) on the 10 copies "
                                                  "of the training rows (default 0; 0.3 with --speaker-norm)."),
               weight_decay: float | None = typer.Option(None, "--weight-decay", help="L2 regularisation λ: each "
                                                         "minibatch minimises mean cross-entropy + (λ/2)·Σw² "
                                                         "(default 0.005; 0.001 with --speaker-norm)."),
               speaker_norm: bool = typer.Option(False, "--speaker-norm", help="Normalise each speaker's features "
                                                 "by that speaker's own utterances first (uses the test speakers' "
                                                 "unlabelled features: not comparable with Robinson's table)."),
               out: Path = OUT, plots: bool = PLOTS) -> None:
    """Deterding vowels, speaker-independent: beside Robinson's table.

    The defaults (h = 10, σ = 0, λ = 0.005) were chosen by leave-one-speaker-out
    cross-validation over the training speakers (docs/examples.md); with
    --speaker-norm, by the same protocol on speaker-normalised features.
    """
    _run("vowels", "vowels.run", plots, out, seeds=seeds, ensemble=ensemble, hidden=hidden, noise=noise,
         weight_decay=weight_decay, speaker_norm=speaker_norm)


@example_app.command("digits")
def digits_cmd(hidden: int = typer.Option(32, help="Hidden units."),
               epochs: int = typer.Option(300, help="SCG epochs at most."),
               seed: int = SEED, out: Path = OUT, plots: bool = PLOTS) -> None:
    """scikit-learn's 8×8 handwritten digits, first half train, second half test."""
    _run("digits", "digits.run_digits", plots, out, hidden=hidden, epochs=epochs, seed=seed)


@example_app.command("mnist")
def mnist_cmd(data: Path = typer.Option(..., "--data", help="mnist.npz, or a folder with the four IDX files "
                                                             "(bpnn never downloads data)."),
              epochs: int = typer.Option(20, help="Adam epochs."),
              hidden: int = typer.Option(300, help="Hidden units (LeCun's table: 300)."),
              batch_size: int = typer.Option(128, "--batch-size", help="Minibatch size."),
              activation: str = typer.Option("relu", help="Hidden activation: relu (He init) or tanh (Glorot)."),
              dtype: str = typer.Option("float32", metavar="[float32|float64]", help="float32 or float64."),
              seed: int = SEED, out: Path = OUT, plots: bool = PLOTS) -> None:
    """MNIST, 60000 train / 10000 test, a 784-300-10 network beside LeCun's table."""
    _run("mnist", "digits.run_mnist", plots, out, data=data, epochs=epochs, hidden=hidden, batch_size=batch_size,
         activation=activation, dtype=dtype, seed=seed)
