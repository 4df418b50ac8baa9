"""``bpnn gradcheck``: back-propagation against finite differences (and autograd), layer by layer."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from ..errors import BPNNError
from ..messages import engine_reason, network_words, prefixed, text as _t
from .app import app

MAX_WEIGHTS = 100_000


def parse_sizes(text: str) -> list[int]:
    """``"2,5,3,1"`` or ``"2-5-3-1"`` → ``[2, 5, 3, 1]``.

    Examples
    --------
    >>> parse_sizes("2-5-3-1")
    [2, 5, 3, 1]
    >>> parse_sizes("2,-5,1")
    Traceback (most recent call last):
    ...
    bpnn.errors.BPNNError: --sizes must list at least two positive integers, inputs first, e.g. 2,5,3,1; got '2,-5,1'
    """
    separators = r"[, ]+" if "," in text else r"[\-x ]+"       # with commas, a '-' is a minus sign
    parts = [p.strip() for p in re.split(separators, text.strip()) if p.strip()]
    if len(parts) < 2 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise BPNNError.of("err_sizes", value=text)
    sizes = [int(p) for p in parts]
    weights = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    if weights > MAX_WEIGHTS:
        raise BPNNError.of("err_sizes_too_big", value=text, weights=weights, most=MAX_WEIGHTS)
    return sizes


@app.command("gradcheck")
def gradcheck_command(
    model: Path | None = typer.Argument(None, help="A saved model file; without it, a network built from "
                                                   "--sizes and --activation."),
    sizes: str = typer.Option("2,5,3,1", help="Layer sizes, inputs first: 2,5,3,1 or 2-5-3-1."),
    activation: str = typer.Option("tanh", help="Hidden activation(s): one name, or one per hidden layer, "
                                                "comma-separated (tanh,sigmoid)."),
    output: str | None = typer.Option(None, help="Output activation (default: linear; softmax for "
                                                 "cross_entropy, sigmoid for binary_cross_entropy)."),
    loss: str | None = typer.Option(None, help="Loss: mse, sse, cross_entropy, binary_cross_entropy (default: "
                                               "cross_entropy for a softmax output, else mse)."),
    init: str = typer.Option("nguyen_widrow", help="Initial weights: nguyen_widrow, randn, glorot, he."),
    samples: int = typer.Option(10, max=100_000, help="Random samples to check on."),
    seed: int = typer.Option(0, min=0, max=2 ** 63 - 1, help="Seed of the weights and the random samples."),
    threshold: float = typer.Option(1e-6, help="Largest relative error that passes."),
    reference: str = typer.Option("fd", metavar="[fd|torch|both]", help="Check against: fd (finite differences), torch (autograd), "
                                             "or both."),
    eps: float = typer.Option(1e-6, help="Step of the finite differences."),
    weight_decay: float = typer.Option(0.0, "--weight-decay", help="Check the gradient training uses with "
                                       "weight decay λ: of E + (λ/2)·Σw² over the weights."),
    engine: str = typer.Option("auto", "--engine", metavar="[auto|all|compiled|wide|buffered|reference]", help="Whose gradient: auto (the engine bpnn train would use "
                               "here), compiled, wide, buffered, reference, or all (every engine that can)."),
) -> None:
    """Check back-propagation's gradient layer by layer; exit status 1 when it fails.

    The relative error ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) compares bpnn's gradient g with
    an independent one ĝ for each layer's W and b; a correct float64
    gradient gives about 1e-9 or less against finite differences.
    """
    from ..core.losses import get_loss
    from ..core.network import Network
    from ..engines.select import ENGINES
    from ..teach.gradcheck import default_loss, load_networks, torch_available
    from ..training.objective import check_weight_decay

    if not threshold > 0:
        raise BPNNError.of("err_option_positive", option="--threshold", value=f"{threshold:g}")
    if not 0 < eps < 1:
        raise BPNNError.of("err_eps", value=eps)
    check_weight_decay(weight_decay)
    if engine not in ("auto", "all", *ENGINES):
        raise BPNNError.of("err_gradcheck_engine", choices=", ".join(ENGINES), value=engine)
    refs = {"fd": ["fd"], "torch": ["torch"], "both": ["fd", "torch"]}.get(reference)
    if refs is None:
        raise BPNNError.of("err_reference", value=reference)
    if "torch" in refs and not torch_available():
        raise BPNNError.of("err_reference_torch")
    if model is not None:
        nets = load_networks(model)
        loss_fn = get_loss(loss or default_loss(nets[0]))
        whats = [_t("gc_model", path=model) + (_t("gc_member", k=k + 1, K=len(nets)) if len(nets) > 1 else "")
                 for k in range(len(nets))]
    else:
        loss_fn = get_loss(loss or "mse")
        hidden = [a.strip() for a in activation.split(",") if a.strip()]
        if not hidden:
            raise BPNNError.of("err_activation_list")
        out = output or loss_fn.requires_output or "linear"
        nets = [Network(parse_sizes(sizes), hidden[0] if len(hidden) == 1 else hidden, out, init=init, seed=seed)]
        whats = [_t("gc_drawn", init=init, seed=seed)]
    checks = [c for net, what in zip(nets, whats)
              for c in _check_one(net, what, loss_fn, refs, samples, seed, threshold, eps, weight_decay, engine)]
    worst = max(c.worst for c in checks)
    if all(c.passed for c in checks):
        typer.echo(_t("gc_pass", threshold=threshold, worst=worst))
        return
    typer.echo(_t("gc_fail", threshold=threshold, worst=worst))
    raise typer.Exit(1)


def _check_one(net, what: str, loss_fn, refs: list[str], samples: int, seed: int, threshold: float,
               eps: float, weight_decay: float = 0.0, engine: str = "auto") -> list:
    """Check one network's gradient by each engine asked for, against each reference; returns the checks."""
    from ..engines.select import ENGINES, train_choice
    from ..teach.gradcheck import as_float64, check_gradients, random_problem

    if net.dtype.name != "float64":
        typer.echo(prefixed("note", _t("gc_float32", dtype=net.dtype.name)))
        net = as_float64(net)
    X, T = random_problem(net.sizes, loss_fn, samples, seed=seed)
    loss_fn.check_output(net.activations[-1])
    decay = _t("gc_decay", lam=weight_decay) if weight_decay else ""
    typer.echo(_t("gc_head", net=network_words(net), what=what, loss=loss_fn.name, decay=decay, n=samples, seed=seed))
    if engine == "auto":
        choice = train_choice(net, X, loss_fn, weight_decay)
        typer.echo(_t("gc_engine_auto", engine=choice.engine, reason=engine_reason(choice.reason)))
        engines = [choice.engine]
    else:
        engines = list(ENGINES) if engine == "all" else [engine]
    checks = []
    for name in engines:
        try:
            found = [check_gradients(net, X, T, loss_fn, reference=r, threshold=threshold, eps=eps,
                                     weight_decay=weight_decay, engine=name) for r in refs]
        except BPNNError as exc:
            if engine == "all" and exc.key == "err_engine_cannot_compute":
                typer.echo(_t("gc_engine_skipped", engine=name, why=exc.values["why"]))
                continue
            raise
        if len(engines) > 1 or engine != "auto":
            typer.echo(_t("gc_engine", engine=name))
        _table(net, found, threshold)
        checks += found
    return checks


def _table(net, checks: list, threshold: float) -> None:
    """The per-layer table of one engine's checks (one column pair per reference)."""
    header = ([_t("gc_layer")] + [_t("gc_vs", part=part, ref=_t(c.reference)) for c in checks for part in ("W", "b")]
              + [_t("gc_verdict")])
    ok, bad = _t("gc_ok"), _t("gc_bad")
    rows = []
    for l in range(net.n_layers):
        errs = [c.layers[l][part] for c in checks for part in ("W", "b")]
        rows.append([str(l + 1), *(f"{e:.2e}" for e in errs), ok if max(errs) <= threshold else bad])
    overall = [c.overall for c in checks]
    rows.append([_t("gc_all"), *(x for e in overall for x in (f"{e:.2e}", "")),
                 ok if max(overall) <= threshold else bad])
    from ..teach.explain import _width                # display width: a Chinese character takes two columns

    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        typer.echo("  ".join(x + " " * (w - _width(x)) for x, w in zip(r, widths)).rstrip())
