"""What every case study shares: its result, progress messages, a learning curve.

A case study is a function ``run(..., out=None, progress=False, log=None)``
that trains, measures and (with ``out``) saves plots, and returns a
:class:`CaseResult`.  The command line (``bpnn example NAME``) prints that
result as tables; the tests call the same functions at a reduced size and
check the numbers in ``result.metrics``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import BPNNError
from ..messages import text

Log = Callable[[str], None] | None


@dataclass
class CaseResult:
    """The outcome of one case study.

    Attributes
    ----------
    name : str
        The case (``"letters"``), as ``bpnn example NAME`` spells it.
    title : str
        One line saying what was learned from what.
    headline : str
        The line that names the test figure, e.g. ``"test accuracy: 97.3% (4000 rows)"``.
    settings : list of (str, str)
        Network, algorithm, epochs, data... as shown to the user.
    results : list of (str, str)
        Measured quantities and their values.
    references : list of (str, str)
        Published results to compare with (method, figure); bpnn's own
        result is the row whose method starts with ``"bpnn"``.
    metrics : dict
        The raw numbers (floats, lists) behind ``results``.
    plots : list of (Path, str)
        Saved figures and what each shows.
    elapsed : float
        Seconds the whole case took.
    """

    name: str
    title: str
    headline: str = ""
    settings: list = field(default_factory=list)
    results: list = field(default_factory=list)
    references: list = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    plots: list = field(default_factory=list)
    elapsed: float = 0.0


def words(lang: str | None = None) -> Callable[..., str]:
    """``t(key, **values)``: the message catalogue's text in ``lang`` (default: the process's language).

    >>> words("zh")("ex_test_accuracy")
    '测试集准确率'
    """
    return lambda key, **values: text(key, lang, **values)


def say(log: Log, line: str) -> None:
    """Send one progress line to ``log`` (a print-like function), if there is one."""
    if log is not None:
        log(line)


def stop_if_interrupted(record) -> None:
    """Pass Ctrl-C on: a case that trains several networks stops at the first interrupted one.

    :func:`bpnn.train` turns Ctrl-C into a clean stop (best weights kept,
    ``stop_reason`` starting with ``"interrupted"``); a case that would go on
    to the next network re-raises it, so one Ctrl-C ends the whole command.

    Examples
    --------
    >>> from bpnn.training.loop import TrainingRecord
    >>> stop_if_interrupted(TrainingRecord("gd", "mse", stop_reason="epochs: reached the maximum"))
    >>> try:
    ...     stop_if_interrupted(TrainingRecord("gd", "mse", stop_reason="interrupted: stopped by the user"))
    ... except KeyboardInterrupt:
    ...     print("Ctrl-C passed on")
    Ctrl-C passed on
    """
    if record.stop_reason.startswith("interrupted"):
        raise KeyboardInterrupt


def percent(x: float, digits: int = 2) -> str:
    """``0.97325`` → ``"97.33%"``.

    Examples
    --------
    >>> percent(0.97326), percent(0.5, 0)
    ('97.33%', '50%')
    """
    return f"{100 * x:.{digits}f}%"


def seconds(t: float, lang: str | None = None) -> str:
    """A duration for people: ``"8.4 s"``, ``"2 min 05 s"`` (``"2 分 05 秒"`` in Chinese).

    Examples
    --------
    >>> seconds(8.43, "en"), seconds(125.2, "en"), seconds(125.2, "zh")
    ('8.4 s', '2 min 05 s', '2 分 05 秒')
    """
    t_ = words(lang)
    return t_("ex_seconds", s=t) if t < 60 else t_("ex_minutes", m=int(t // 60), s=int(round(t % 60)))


def check_count(value, name: str, minimum: int = 1) -> int:
    """An integer option that must be at least ``minimum``, else a clear error.

    Examples
    --------
    >>> check_count(3, "--seeds")
    3
    >>> check_count(0, "--seeds")
    Traceback (most recent call last):
    ...
    bpnn.errors.BPNNError: --seeds must be an integer of at least 1, got 0
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise BPNNError(f"{name} must be an integer of at least {minimum}, got {value!r}")
    return int(value)


def class_accuracy(scores: np.ndarray, labels: np.ndarray) -> float:
    """Share of rows whose largest score is at the true class index.

    Examples
    --------
    >>> class_accuracy(np.array([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]]), np.array([0, 1, 1]))
    0.6666666666666666
    """
    return float(np.mean(np.argmax(scores, axis=-1) == labels))


def batched_forward(net, X: np.ndarray, rows: int = 5000) -> np.ndarray:
    """``net.forward`` in slices of ``rows`` rows (keeps memory small on big test sets); for a stack
    of networks, the mean of their outputs (a committee).

    Examples
    --------
    >>> from bpnn.core.network import Network
    >>> stack = Network([2, 3, 2], "tanh", "softmax", seed=0, stack=4)
    >>> X = np.ones((7, 2))
    >>> bool(np.allclose(batched_forward(stack, X, rows=3), stack.forward(X).mean(axis=0)))
    True
    """
    X = np.asarray(X, dtype=net.dtype)
    out = np.concatenate([net.forward(X[i:i + rows]) for i in range(0, len(X), rows)], axis=-2)
    return out.mean(axis=0) if out.ndim == 3 else out


class Curve:
    """A training callback that measures accuracy on held-out data every few epochs.

    ``train(..., callback=Curve(net, X, labels, every=5, log=print))`` logs
    one line every ``every`` epochs (epoch, training loss, accuracy) and
    keeps ``epochs``, ``loss`` and ``accuracy`` for a learning-curve plot.
    The numbers are only watched; nothing is chosen by them.
    """

    def __init__(self, net, X, labels, *, every: int = 1, total: int | None = None, log: Log = None,
                 lang: str | None = None) -> None:
        self.net, self.X, self.labels = net, np.asarray(X, dtype=net.dtype), np.asarray(labels)
        self.every, self.total, self.log, self.lang = max(1, int(every)), total, log, lang
        self.epochs, self.loss, self.accuracy = [], [], []
        self.t0 = time.perf_counter()

    def __call__(self, epoch: int, record) -> None:
        if epoch % self.every and epoch != self.total:
            return
        acc = class_accuracy(batched_forward(self.net, self.X), self.labels)
        self.epochs.append(epoch)
        self.loss.append(float(record.loss[-1]))
        self.accuracy.append(acc)
        of = f"/{self.total}" if self.total else ""
        say(self.log, text("ex_curve_line", self.lang, epoch=f"{epoch:>3d}{of}", loss=record.loss[-1],
                           accuracy=percent(acc), time=seconds(time.perf_counter() - self.t0, self.lang)))


def plot_curve(curve: Curve, path, title: str, lang: str | None = None, loss: str = "pl_training_loss") -> Path:
    """Training loss and held-out accuracy against epoch, side by side (``loss``: the message key that
    names the loss on its axis)."""
    from ..app.plots import _pyplot, _save, _words

    w = _words(lang)
    plt = _pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    ax1.semilogy(curve.epochs, curve.loss, "o-", ms=3)
    ax1.set_xlabel(w("epoch_axis"))
    ax1.set_ylabel(w("pl_log", what=w(loss)))
    ax1.grid(True, which="both", alpha=0.3)
    error = 100 * (1 - np.asarray(curve.accuracy))
    label = w("ex_curve_last", error=error[-1], right=100 * curve.accuracy[-1]) if len(error) else None
    ax2.semilogy(curve.epochs, np.maximum(error, 1e-2), "o-", ms=3, color="C2", label=label)
    ax2.set_xlabel(w("epoch_axis"))
    ax2.set_ylabel(w("pl_log", what=w("ex_test_error_pct")))
    ax2.grid(True, which="both", alpha=0.3)
    if label:
        ax2.legend()
    fig.suptitle(title)
    return _save(fig, path)


def fit_classifier(sizes, X, labels, X_test, labels_test, *, activation: str = "tanh", algorithm: str = "adam",
                   epochs: int = 30, batch_size: int | None = None, dtype: str = "float64", seed: int = 0,
                   init: str = "nguyen_widrow", every: int = 1, progress: bool = False, log: Log = None,
                   ensemble: int = 1, lang: str | None = None, **options) -> dict:
    """Train a softmax classifier with cross-entropy, watching test accuracy as it goes.

    With ``ensemble`` K > 1 the K networks (K draws of the initial weights)
    train together as one stack, on the same minibatches, and classify by
    the mean of their outputs (a committee).

    ``labels`` are class indices 0…m−1; the targets are their one-hot rows.
    ``options`` go to :func:`bpnn.train` (``lr=``, ``schedule=``, ...).

    Returns
    -------
    dict
        ``net``, ``record``, ``curve`` (:class:`Curve`), ``accuracy`` (on
        the test rows), ``predicted`` (test class indices), ``seconds``
        (training time, the curve's measurements included).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2)); y = (X[:, 0] * X[:, 1] > 0).astype(int)
    >>> fit = fit_classifier([2, 8, 2], X[:150], y[:150], X[150:], y[150:], algorithm="scg", epochs=200)
    >>> fit["accuracy"] > 0.9
    True
    """
    from ..core.network import Network
    from ..training.loop import train

    m = sizes[-1]
    T = np.eye(m, dtype=dtype)[np.asarray(labels)]
    net = Network(sizes, activation, "softmax", init=init, seed=seed, dtype=dtype,
                  stack=check_count(ensemble, "ensemble") if ensemble != 1 else None)
    curve = Curve(net, X_test, labels_test, every=every, total=epochs, log=log, lang=lang)
    t0 = time.perf_counter()
    record = train(net, np.asarray(X, dtype=dtype), T, loss="cross_entropy", algorithm=algorithm, epochs=epochs,
                   batch_size=batch_size, seed=seed, progress=progress, callback=curve, **options)
    elapsed = time.perf_counter() - t0
    if not curve.epochs or curve.epochs[-1] != record.epochs:      # stopped early: measure the end too
        curve.total = record.epochs
        curve(record.epochs, record)
    scores = batched_forward(net, X_test)
    return {"net": net, "record": record, "curve": curve, "accuracy": class_accuracy(scores, labels_test),
            "predicted": np.argmax(scores, axis=1), "seconds": elapsed}
