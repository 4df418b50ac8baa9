"""``bpnn demo``: the seed article's example, reproduced and open to variation."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import BPNNError
from .app import app

ARTICLE = {"hidden": 4, "activation": "tanh", "lr": 0.01, "steps": 5000}


@app.command()
def demo(
    name: str = typer.Argument("sin", help="Which demo: 'sin' (the seed article's example)."),
    hidden: int = typer.Option(4, help="Hidden units (the article: 4)."),
    activation: str = typer.Option("tanh", help="Hidden activation: tanh, sigmoid, relu, leaky_relu, linear."),
    algo: str = typer.Option("gd", "--algo", help="Training algorithm: gd (the article's), gdm, gda, gdx, rprop, "
                                                  "adam, scg, bfgs, lbfgs, lm, br, or MATLAB's traingd … trainbr."),
    restarts: int = typer.Option(1, help="Train this many networks together (the first from the article's "
                                         "weights, the others drawn with --seed) and keep the best."),
    lr: float = typer.Option(0.01, help="Learning rate for gd, gdm, adam (the article: 0.01)."),
    steps: int | None = typer.Option(None, min=0, max=10 ** 9, help="Epochs (full-batch steps); default 5000 for gd as in the "
                                                "article, the algorithm's default (1000) otherwise."),
    seed: int | None = typer.Option(None, help="Draw fresh initial weights (randn) from bpnn's generator "
                                                "with this seed instead of using the article's."),
    print_every: int = typer.Option(500, "--print-every", help="Print the loss every N steps (1: every step, "
                                                                "as the article; 0: none)."),
    dtype: str = typer.Option("float64", metavar="[float64|float32]", help="float64, or float32 as PyTorch uses."),
    engine: str = typer.Option("auto", "--engine", metavar="[auto|compiled|wide|buffered|reference]", help="Engine of E and ∂E/∂θ: auto (chosen, with its reason), "
                               "compiled, wide, buffered or reference (the readable BP1–BP4); see docs/engine.md."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Say which engine trained and why."),
    out: Path = typer.Option(Path("bpnn-demo"), help="Folder for the plots."),
    plots: bool = typer.Option(True, "--plots/--no-plots", help="Save the two plots."),
) -> None:
    """Train the seed article's network: y = sin(x), 1-4-1 tanh, gradient descent.

    With no options this is the article's run, step for step: the same data,
    the same initial weights, lr 0.01 and 5000 full-batch steps; the printed
    losses match the article's PyTorch run.
    """
    from ..core.network import Network
    from ..datasets import article_network, sin_data
    from ..optimizers import OPTIMIZERS, get_optimizer, resolve
    from ..training.loop import train
    from ..messages import engine_reason, network_words, prefixed, stop_reason, text as _t

    if name != "sin":
        raise BPNNError.of("err_unknown_demo", name=name)
    optimizer = get_optimizer(algo, **({"lr": lr} if OPTIMIZERS[resolve(algo)].uses_lr else {}))
    if steps is None:
        steps = ARTICLE["steps"] if optimizer.name == "gd" else optimizer.defaults["epochs"]
    if print_every < 0:
        raise BPNNError.of("err_print_every", value=print_every)
    X, T = sin_data(dtype=dtype if dtype in ("float32", "float64") else "float64")
    if seed is None and hidden == ARTICLE["hidden"]:
        net = article_network(dtype)
        if activation != "tanh":
            net = _with_activation(net, activation, dtype)
        source = _t("demo_article_weights")
    else:
        if seed is None:
            seed = 99
            typer.echo(prefixed("note", _t("demo_hidden_note", seed=seed)))
        net = Network([1, hidden, 1], activation, "linear", init="randn", seed=seed, dtype=dtype)
        source = _t("demo_seeded_weights", seed=seed)

    typer.echo(_t("demo_head", n=len(X), net=network_words(net)))
    how = _t("demo_gd", lr=lr) if optimizer.name == "gd" else _t("demo_algorithm", opt=repr(optimizer))
    more = _t("demo_restarts", k=restarts, seed=seed if seed is not None else 0) if restarts > 1 else ""
    typer.echo(_t("demo_weights", source=source, how=how, steps=steps, more=more))

    # the article's loop has no other stop rule: min_grad=0 keeps gd running all the steps
    record = train(net, X, T, loss="mse", algorithm=optimizer, epochs=steps, restarts=restarts,
                   seed=seed if seed is not None else 0, init="randn", engine=engine,
                   **({"min_grad": 0.0} if optimizer.name == "gd" else {}))
    for step, loss in enumerate(record.loss[:steps]):           # the losses the run recorded, as the article prints
        if print_every and (step % print_every == 0 or step == steps - 1):
            typer.echo(_t("demo_step", step=step, width=len(str(steps)), loss=loss))
    if not record.stop_reason.startswith("epochs"):
        typer.echo(_t("demo_stopped", reason=stop_reason(record.stop_reason)))
    if restarts > 1:
        spread = record.spread()
        typer.echo(_t("demo_kept", k=record.chosen_restart, K=restarts, best=spread["best"],
                      median=spread["median"], worst=spread["worst"]))
    typer.echo(_t("demo_final", loss=record.final_loss))
    if verbose:
        typer.echo(_t("engine_line", reason=engine_reason(record.engine_reason)))
    if plots:
        from ..app.plots import font_note, plot_fit_1d, plot_language, plot_loss

        if font_note():                                 # --lang zh without a Chinese font: English plot labels
            typer.echo(prefixed("note", font_note()), err=True)
        words = plot_language()
        how = _t("demo_gd", words, lr=lr) if optimizer.name == "gd" else _t("demo_algorithm", words,
                                                                              opt=repr(optimizer))
        loss_png = plot_loss(record, out / "sin-loss.png", title=_t("demo_loss_title", words, how=how))
        fit_png = plot_fit_1d(net, X, T, out / "sin-fit.png", title=_t("demo_fit_title", words, hidden=hidden,
                                                                       epochs=record.epochs, algorithm=optimizer.name))
        typer.echo(_t("demo_plots", loss_png=loss_png, fit_png=fit_png))


def _with_activation(net, activation: str, dtype: str):
    """The article's weights in a network with another hidden activation."""
    from ..core.network import Network

    other = Network(net.sizes, activation, "linear", init="randn", seed=0, dtype=dtype)
    other.theta = net.theta
    return other
