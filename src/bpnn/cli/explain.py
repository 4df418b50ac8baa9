"""``bpnn explain``: one training step of a small BP network, every number written out."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import BPNNError
from .app import app


@app.command("explain")
def explain_command(
    hidden: int | None = typer.Option(None, help="Hidden units (default: the article's 4)."),
    samples: int = typer.Option(3, help="How many samples: of the article's 20 points of sin(x), or random "
                                        "ones for --model."),
    activation: str | None = typer.Option(None, help="Hidden activation (default tanh): tanh, sigmoid, relu, "
                                                     "leaky_relu, linear."),
    loss: str | None = typer.Option(None, help="Loss: mse (default), sse, cross_entropy (the sign of sin x, "
                                                "softmax output; the default for a softmax model), "
                                                "binary_cross_entropy."),
    lr: float = typer.Option(0.01, help="Learning rate of the step (the article: 0.01)."),
    model: Path | None = typer.Option(None, "--model", help="Explain a saved model file (random samples)."),
    seed: int | None = typer.Option(None, help="Draw randn weights with this seed instead of the article's "
                                                "(and the random samples of --model)."),
    lang: str = typer.Option(None, metavar="[en|zh]", help="Language: en or zh (default: bpnn --lang, "
                                                          "$BPNN_LANG or the locale)."),
    format: str = typer.Option("text", "--format", metavar="[text|markdown|html]", help="Output format: text, markdown or html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of the screen."),
    autograd: bool | None = typer.Option(None, "--autograd/--no-autograd",
                                         help="Show PyTorch autograd's gradient too (default: when installed)."),
    engine: str = typer.Option("auto", "--engine", metavar="[auto|compiled|wide|buffered|reference]", help="The engine whose gradient is set beside the traced one: "
                               "auto (the one bpnn train would use here), compiled, wide, buffered or reference."),
) -> None:
    """Print one training step of a BP network with every number written out.

    z and a per layer, the loss, δ (BP1, BP2) with the derivative used, ∂E/∂W
    and ∂E/∂b (BP3, BP4) beside finite differences and autograd, and the
    update.  With no options: the seed article's 1-4-1 tanh network at its initial
    weights, on 3 of its 20 points of sin(x).
    """
    from ..messages import language, text as text_of, unknown_language
    from ..teach.explain import FORMATS, LANGS, explain

    lang = lang or language()

    if lang not in LANGS:
        raise BPNNError(unknown_language(lang))        # (no language chosen: every language says it)
    if format not in FORMATS:
        raise BPNNError.of("err_option_choice", option="--format", choices=", ".join(FORMATS), value=format)
    step = explain(model=model, hidden=hidden, samples=samples, activation=activation, loss=loss, lr=lr,
                   seed=seed, autograd=autograd, engine=engine)
    text = step.render(lang=lang, format=format)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BPNNError.of("err_write_output", output=output, why=exc.strerror or exc) from None
    typer.echo(text_of("wrote", path=output))
