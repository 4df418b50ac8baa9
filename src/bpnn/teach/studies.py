"""The seed article's questions, answered by experiment (``bpnn study ...``).

Each study trains many small networks with :func:`bpnn.train` and returns a
:class:`StudyResult`: a table with one row per training run, a summary
table, the loss curves, and the parameters used.  :func:`write_study` saves
the tables as CSV and the figure as PNG; the command line does both.

=============  ==================================================================
study          question (the article's)
=============  ==================================================================
activation     why tanh? tanh vs sigmoid vs ReLU vs linear hidden units on the
               sin task, over several seeds (Q1)
lr             how to choose the learning rate? a sweep from too small to
               divergent, with and without learning-rate schedules (Q2)
epochs         how does the number of epochs matter? training vs validation
               error as training goes on; where early stopping would stop
hidden         how many hidden units? training vs test error
=============  ==================================================================

The sin task is the article's (20 points of sin x on [−5, 5]).  The epochs
and hidden studies need unseen data, so they draw noisy samples of the same
function, ``t = sin(x) + noise``, with x uniform on [−5, 5] and scaled to
[−1, 1] (as MATLAB's ``mapminmax`` would) before it reaches the network.

Every random draw comes from ``numpy.random.default_rng(seed)``: the same
arguments give the same tables.
"""

from __future__ import annotations

import csv
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..datasets import article_network, sin_data
from ..errors import BPNNError
from ..messages import text
from ..core.losses import get_loss
from ..core.network import Network
from ..training.loop import train
from .grids import HIDDEN_SWEEP, LR_SWEEP  # noqa: F401  (bpnn.teach.studies.LR_SWEEP as before)

OnRun = Callable[[str], None]
X_SCALE = 5.0            # x ∈ [−5, 5] → x / 5 ∈ [−1, 1]


@dataclass
class StudyResult:
    """What a study measured.

    Attributes
    ----------
    name : str
        ``"activation"``, ``"lr"``, ``"epochs"`` or ``"hidden"``.
    rows : list of dict
        One row per training run (the CSV table).
    summary : list of dict
        One row per setting compared (activation, learning rate, ...).
    curves : dict
        Loss curves for the figure, keyed by run.
    params : dict
        The study's arguments, so that a table says how it was made.
    """

    name: str
    rows: list
    summary: list
    curves: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    def summary_for(self, key: str, value) -> dict:
        """The summary row whose ``key`` equals ``value``.

        Examples
        --------
        >>> r = StudyResult("x", [], [{"activation": "tanh", "median_final": 0.01}])
        >>> r.summary_for("activation", "tanh")["median_final"]
        0.01
        """
        for row in self.summary:
            if row[key] == value:
                return row
        raise BPNNError(f"study {self.name!r} has no summary row with {key} = {value!r}")


# -- data -------------------------------------------------------------------------------------

def noisy_sin(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` samples of sin(x) + N(0, noise²), x uniform on [−5, 5], returned with x scaled to [−1, 1].

    Examples
    --------
    >>> X, T = noisy_sin(5, 0.1, np.random.default_rng(0))
    >>> X.shape, bool(np.all(np.abs(X) <= 1))
    ((5, 1), True)
    """
    x = np.sort(rng.uniform(-X_SCALE, X_SCALE, n))
    t = np.sin(x) + noise * rng.standard_normal(n)
    return (x / X_SCALE).reshape(-1, 1), t.reshape(-1, 1)


def _seeds(seeds) -> list[int]:
    seeds = list(range(seeds)) if isinstance(seeds, (int, np.integer)) else list(seeds)
    if not seeds:
        raise BPNNError("a study needs at least one seed; pass seeds=5 or a list such as [0, 1, 2]")
    return seeds


def _padded(record, length: int) -> np.ndarray:
    """A run's loss curve as ``length`` entries.

    A run that stopped early keeps its last loss (it stopped because the loss
    or the gradient was small enough: the loss stays where it is), except a
    diverged one, whose curve ends (NaN) where training gave up.
    """
    loss = np.asarray(record.loss, dtype=float)
    fill = np.nan if record.stop_reason.startswith("diverged:") else loss[-1]
    out = np.full(length, fill)
    out[:len(loss)] = loss
    return out


def _short(reason: str) -> str:
    """The rule that stopped a run: ``"epochs"``, ``"diverged"``, ``"goal"``..."""
    return reason.split(":", 1)[0]


def _done(on_run: OnRun | None, label: str) -> None:
    if on_run is not None:
        on_run(label)


# -- why tanh ---------------------------------------------------------------------------------

def activation_study(activations: Sequence[str] = ("tanh", "sigmoid", "relu", "linear"), seeds=10,
                     hidden: int = 4, lr: float = 0.01, epochs: int = 5000, init: str = "randn",
                     target: float = 0.05, on_run: OnRun | None = None) -> StudyResult:
    """Train the article's 1-h-1 network on sin(x) with each hidden activation, from several seeds.

    Parameters
    ----------
    activations : sequence of str
        Hidden activations to compare (the output stays linear).
    seeds : int or sequence of int, default 10
        Initial weights: ``Network(..., init=init, seed=s)`` for each seed s.
    hidden, lr, epochs : the article's 4, 0.01 and 5000 by default
    init : str, default ``"randn"``
        The article draws its weights from N(0, 1).
    target : float, default 0.05
        A loss counted as "fitted"; the summary gives the epochs each
        activation needs to reach it.
    on_run : callable, optional
        Called with a label after each training run (progress).

    Returns
    -------
    StudyResult
        ``rows``: activation, seed, final_loss, epochs, stop; ``summary``: per
        activation the median, best and worst final loss, how many runs
        diverged, how many reached ``target`` and the median epoch they did.

    Examples
    --------
    >>> r = activation_study(["tanh", "linear"], seeds=1, epochs=300)
    >>> r.summary_for("activation", "tanh")["median_final"] < r.summary_for("activation", "linear")["median_final"]
    True
    """
    X, T = sin_data()
    seeds = _seeds(seeds)
    rows, curves, summary = [], {}, []
    for act in activations:
        finals, reached, runs = [], [], []
        for s in seeds:
            net = Network([1, hidden, 1], act, "linear", init=init, seed=s)
            rec = train(net, X, T, algorithm="gd", lr=lr, epochs=epochs)
            hit = np.flatnonzero(np.asarray(rec.loss) <= target)
            rows.append({"activation": net.activations[0].name, "seed": s, "final_loss": rec.final_loss,
                         "epochs": rec.epochs, "reached_target_at": int(hit[0]) if hit.size else "",
                         "stop": _short(rec.stop_reason)})
            runs.append(_padded(rec, epochs + 1))
            finals.append(rec.final_loss)
            if hit.size:
                reached.append(int(hit[0]))
            _done(on_run, f"{act}, seed {s}")
        name = rows[-1]["activation"]
        curves[name] = np.array(runs)
        summary.append({
            "activation": name, "runs": len(seeds), "median_final": float(np.median(finals)),
            "best_final": float(np.min(finals)), "worst_final": float(np.max(finals)),
            "diverged": sum(r["stop"] == "diverged" for r in rows if r["activation"] == name),
            "reached_target": len(reached),
            "median_epochs_to_target": float(np.median(reached)) if reached else math.nan,
        })
    params = dict(activations=list(activations), seeds=seeds, hidden=hidden, lr=lr, epochs=epochs, init=init,
                  target=target, data="sin_data(): 20 points of sin(x) on [-5, 5]")
    return StudyResult("activation", rows, summary, curves, params)


# -- how to choose the learning rate ------------------------------------------------------------

OSCILLATION = 0.25       # the loss rising in more than this fraction of the last quarter's epochs
SLOW = 10.0              # a final loss this many times the sweep's best: too small
LR_VERDICTS = ("good", "too small", "stuck", "oscillating", "diverged")


def rises(loss: Sequence[float]) -> float:
    """The fraction of epochs in which the loss went up (0 for fewer than two values).

    Examples
    --------
    >>> rises([3.0, 2.0, 2.5, 1.0, 1.5])
    0.5
    """
    loss = np.asarray(loss, dtype=float)
    return float(np.mean(np.diff(loss) > 0)) if loss.size > 1 else 0.0


def lr_verdict(stop_reason: str, loss: Sequence[float], best_final: float) -> str:
    """Name what a learning rate did: ``diverged``, ``oscillating``, ``stuck``, ``too small`` or ``good``.

    * **diverged**: training stopped because the loss became NaN/inf or exploded
      (:func:`bpnn.train`'s stop reason starts with ``"diverged:"``);
    * **oscillating**: in the last quarter of the run the loss still went *up* in
      more than 25% of the epochs — each step overshoots the bottom of the
      valley (a steady bounce between two sides goes up every other epoch: 50%);
    * **stuck**: training stopped on a vanishing gradient (``"min_grad:"``) with a
      final loss more than 10× the best — a flat region, not a minimum;
    * **too small**: the final loss is more than 10× the best final loss of the
      sweep — the steps are too short to get there in the epochs given;
    * **good**: otherwise.

    Examples
    --------
    >>> lr_verdict("epochs: reached the maximum of 3 epochs", [1.0, 0.5, 0.4, 0.3], best_final=0.01)
    'too small'
    >>> lr_verdict("diverged: the loss became NaN at epoch 3", [1.0, 5.0], best_final=0.01)
    'diverged'
    """
    if stop_reason.startswith("diverged:"):
        return "diverged"
    loss = np.asarray(loss, dtype=float)
    if rises(loss[-(len(loss) // 4 + 1):]) > OSCILLATION:
        return "oscillating"
    if loss[-1] > SLOW * best_final:
        return "stuck" if stop_reason.startswith("min_grad:") else "too small"
    return "good"


def _schedule_kwargs(schedule) -> dict:
    return {} if schedule in (None, "none") else {"schedule": schedule}


def lr_study(lrs: Sequence[float] = LR_SWEEP, epochs: int = 5000, schedules: Sequence = (None,),
             seed: int | None = None, hidden: int = 4, on_run: OnRun | None = None) -> StudyResult:
    """Gradient descent on the article's task at each learning rate, each schedule.

    Parameters
    ----------
    lrs : sequence of float
        Learning rates η₀ to try.
    epochs : int, default 5000
    schedules : sequence, default ``(None,)``
        Learning-rate schedules to compare, each over the whole sweep: None
        (or ``"none"``) is the constant rate, a string is a
        :func:`bpnn.training.schedules.get_schedule` spec such as
        ``"step:every=1000,drop=0.5"``, or a schedule object.
    seed : int, optional
        None (default) starts every run from the article's initial weights;
        an int draws randn weights with that seed (for ``hidden`` ≠ 4 too).
    on_run : callable, optional

    Returns
    -------
    StudyResult
        ``rows`` (= ``summary``): lr, schedule, final_loss, min_loss, epochs,
        rises_last_quarter (fraction of the last quarter's epochs in which the
        loss went up), verdict (see
        :func:`lr_verdict`), stop reason.

    Examples
    --------
    >>> r = lr_study([0.001, 0.05, 4.0], epochs=300)
    >>> [row["verdict"] for row in r.rows]
    ['too small', 'good', 'diverged']
    """
    X, T = sin_data()
    runs = []
    for schedule in schedules:
        label = "none" if schedule in (None, "none") else schedule if isinstance(schedule, str) else repr(schedule)
        for lr in lrs:
            net = article_network() if seed is None and hidden == 4 else \
                Network([1, hidden, 1], "tanh", "linear", init="randn", seed=99 if seed is None else seed)
            rec = train(net, X, T, algorithm="gd", lr=lr, epochs=epochs, **_schedule_kwargs(schedule))
            runs.append((label, lr, rec))
            _done(on_run, f"lr {lr:g}, schedule {label}")
    best = {}                                     # each schedule's sweep is judged on its own
    for label, _, rec in runs:
        if not rec.stop_reason.startswith("diverged:"):
            best[label] = min(best.get(label, math.inf), rec.final_loss)
    rows, curves = [], {}
    for label, lr, rec in runs:
        loss = np.asarray(rec.loss)
        rows.append({"lr": lr, "schedule": label, "final_loss": rec.final_loss, "min_loss": float(loss.min()),
                     "epochs": rec.epochs,
                     "rises_last_quarter": rises(loss[-(len(loss) // 4 + 1):]),
                     "verdict": lr_verdict(rec.stop_reason, loss, best.get(label, math.inf)),
                     "stop_reason": rec.stop_reason})
        curves[(label, lr)] = loss
    params = dict(lrs=list(lrs), epochs=epochs, schedules=[r["schedule"] for r in rows[::len(lrs)]],
                  seed=seed, hidden=hidden, oscillation=OSCILLATION, slow=SLOW,
                  start="the article's initial weights" if seed is None and hidden == 4 else f"randn, seed {seed}")
    return StudyResult("lr", rows, rows, curves, params)


# -- how many epochs ------------------------------------------------------------------------------

def max_fail_stop(val: Sequence[float], max_fail: int) -> int:
    """The epoch at which validation early stopping with patience ``max_fail`` stops.

    Training stops at the first epoch that is ``max_fail`` epochs after the
    best validation loss so far (MATLAB's ``max_fail``); the weights are then
    rolled back to that best epoch.  Returns the last epoch if it never fires.

    Examples
    --------
    >>> max_fail_stop([5, 4, 3, 3.5, 3.6, 3.7, 2.0], max_fail=3)
    5
    """
    best, best_epoch = math.inf, 0
    for epoch, v in enumerate(val):
        if v < best:
            best, best_epoch = v, epoch
        elif epoch - best_epoch >= max_fail:
            return epoch
    return len(val) - 1


def epochs_study(seeds=5, epochs: int = 20000, hidden: int = 12, lr: float = 0.05, n_train: int = 20,
                 n_val: int = 200, noise: float = 0.3, max_fail: int = 6,
                 on_run: OnRun | None = None) -> StudyResult:
    """Training and validation error after every epoch of gradient descent.

    A 1-h-1 tanh network, larger than the task needs, learns ``n_train``
    noisy samples of sin(x); after every epoch it is also evaluated on
    ``n_val`` new samples it never trains on (through ``train``'s callback).

    Returns
    -------
    StudyResult
        ``rows`` (= ``summary``), one per seed: the epoch of the lowest
        validation error (where early stopping restores the weights) with
        both errors there, the epoch where early stopping with patience
        ``max_fail`` would stop, and both errors after all epochs.
        ``curves[seed]`` is ``(train, validation)``, arrays of epochs + 1.

    Examples
    --------
    >>> r = epochs_study(seeds=[1], epochs=400)
    >>> row = r.rows[0]
    >>> row["val_at_best"] <= row["val_at_end"] and row["train_at_end"] <= row["train_at_best"]
    True
    """
    mse = get_loss("mse")
    rows, curves = [], {}
    for s in _seeds(seeds):
        rng = np.random.default_rng(s)
        X, T = noisy_sin(n_train, noise, rng)
        Xv, Tv = noisy_sin(n_val, noise, rng)
        net = Network([1, hidden, 1], "tanh", "linear", seed=rng)
        val: list[float] = []

        def validate(epoch, *_):                 # the network holds the weights of this epoch
            val.append(mse.value(net.forward(Xv), Tv))

        rec = train(net, X, T, algorithm="gd", lr=lr, epochs=epochs, callback=validate)
        tr, va = np.asarray(rec.loss[:len(val)]), np.asarray(val)
        best, stop = int(np.argmin(va)), max_fail_stop(va, max_fail)
        rows.append({"seed": s, "best_epoch": best, "train_at_best": float(tr[best]),
                     "val_at_best": float(va[best]), "max_fail_stop": stop, "val_at_stop": float(va[stop]),
                     "epochs": len(va) - 1, "train_at_end": float(tr[-1]), "val_at_end": float(va[-1]),
                     "noise_floor": noise ** 2})
        curves[s] = (tr, va)
        _done(on_run, f"seed {s}")
    params = dict(seeds=[r["seed"] for r in rows], epochs=epochs, hidden=hidden, lr=lr, n_train=n_train,
                  n_val=n_val, noise=noise, max_fail=max_fail, init="nguyen_widrow")
    return StudyResult("epochs", rows, rows, curves, params)


# -- how many hidden units ------------------------------------------------------------------------

def hidden_study(hidden: Sequence[int] = HIDDEN_SWEEP, seeds=5, epochs: int = 5000, lr: float = 0.05,
                 n_train: int = 20, n_test: int = 500, noise: float = 0.3,
                 on_run: OnRun | None = None) -> StudyResult:
    """Training and test error of 1-h-1 tanh networks as the hidden layer grows.

    For each seed one noisy training set (``n_train`` samples) and one test
    set (``n_test``) are drawn; every width trains on the same data from
    Nguyen–Widrow weights, by gradient descent for ``epochs`` epochs.

    Returns
    -------
    StudyResult
        ``rows``: hidden, seed, train_mse, test_mse; ``summary``: per width
        the median training and test error over the seeds.

    Examples
    --------
    >>> r = hidden_study([1, 8], seeds=1, epochs=500)
    >>> r.summary_for("hidden", 8)["median_train"] < r.summary_for("hidden", 1)["median_train"]
    True
    """
    mse = get_loss("mse")
    seeds = _seeds(seeds)
    data = {}
    for s in seeds:
        rng = np.random.default_rng(s)
        data[s] = (*noisy_sin(n_train, noise, rng), *noisy_sin(n_test, noise, rng))
    rows, summary = [], []
    for h in hidden:
        train_err, test_err = [], []
        for s in seeds:
            X, T, Xt, Tt = data[s]
            net = Network([1, h, 1], "tanh", "linear", seed=1000 * s + h)
            rec = train(net, X, T, algorithm="gd", lr=lr, epochs=epochs)
            train_err.append(rec.final_loss)
            test_err.append(mse.value(net.forward(Xt), Tt))
            rows.append({"hidden": h, "seed": s, "train_mse": train_err[-1], "test_mse": test_err[-1],
                         "stop": _short(rec.stop_reason)})
            _done(on_run, f"{h} hidden, seed {s}")
        summary.append({"hidden": h, "median_train": float(np.median(train_err)),
                        "median_test": float(np.median(test_err)), "runs": len(seeds)})
    params = dict(hidden=list(hidden), seeds=seeds, epochs=epochs, lr=lr, n_train=n_train, n_test=n_test,
                  noise=noise, init="nguyen_widrow")
    return StudyResult("hidden", rows, summary, {}, params)


STUDIES = {"activation": activation_study, "lr": lr_study, "epochs": epochs_study, "hidden": hidden_study}


# -- output: CSV tables and a figure ----------------------------------------------------------------

def write_csv(rows: list[dict], path) -> Path:
    """Write dict rows as a CSV table (columns in the rows' order)."""
    path = Path(path)
    if not rows:
        raise BPNNError(f"nothing to write to {path}: the table is empty")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise BPNNError(f"cannot write {path}: {exc.strerror or exc}; choose another --out folder") from None
    return path


def write_study(result: StudyResult, out, lang: str | None = None) -> list[Path]:
    """Save ``<name>.csv`` (every run), ``<name>-summary.csv`` and ``<name>.png`` into folder ``out``.

    The CSV tables keep their column names (a file format); the plot's labels are in
    ``lang`` (default: the process's language, see :func:`bpnn.app.plots.plot_language`).
    """
    out = Path(out)
    paths = [write_csv(result.rows, out / f"{result.name}.csv")]
    if result.summary is not result.rows:
        paths.append(write_csv(result.summary, out / f"{result.name}-summary.csv"))
    paths.append(PLOTS[result.name](result, out / f"{result.name}.png", lang=lang))
    return paths


def verdict_name(verdict: str, lang: str | None = None) -> str:
    """A learning-rate verdict for people: ``too small`` → 过小 in Chinese.

    >>> verdict_name("too small", "zh"), verdict_name("good", "en")
    ('过小', 'good')
    """
    return text("st_verdict_" + verdict.replace(" ", "_"), lang)


def plot_activation_study(result: StudyResult, path, lang: str | None = None) -> Path:
    """Median loss curve per activation (band: best to worst seed) and every run's final loss."""
    from ..app.plots import _label, _pyplot, _save, _words

    w = _words(lang)
    plt = _pyplot()
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [2, 1]})
    for i, row in enumerate(result.summary):
        runs = result.curves[row["activation"]]
        epochs = np.arange(runs.shape[1])
        with warnings.catch_warnings():              # an epoch that every run diverged before: NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            ax.fill_between(epochs, np.nanmin(runs, axis=0), np.nanmax(runs, axis=0), color=f"C{i}", alpha=0.15)
            ax.plot(epochs, np.nanmedian(runs, axis=0), color=f"C{i}", lw=1.8,
                    label=w("st_median_final", activation=row["activation"], value=row["median_final"]))
        finals = [r["final_loss"] for r in result.rows if r["activation"] == row["activation"]]
        bx.plot(np.full(len(finals), i) + np.linspace(-0.15, 0.15, len(finals)), finals, "o", color=f"C{i}")
    ax.set_yscale("log")
    _clip_to_start(ax, [result.curves[r["activation"]] for r in result.summary])
    p = result.params
    _label(ax, w("epoch_axis"), w("pl_log", what=w("st_train_loss_mse")),
           w("st_activation_title", hidden=p["hidden"], lr=p["lr"], seeds=len(p["seeds"])))
    bx.set_yscale("log")
    bx.set_xticks(range(len(result.summary)), [r["activation"] for r in result.summary])
    bx.set_ylabel(w("st_final_each"))
    bx.set_title(w("st_final_per_seed"))
    bx.grid(True, which="both", alpha=0.3)
    return _save(fig, path)


def _clip_to_start(ax, curves) -> None:
    """Keep a log axis on what converges: from the lowest loss to 10× the highest starting loss.

    Diverging runs would otherwise stretch it to 1e10 and flatten every other curve.
    """
    arrays = [np.atleast_2d(c) for c in curves]
    start = max(float(np.nanmax(a[:, 0])) for a in arrays)
    low = min(float(np.nanmin(a)) for a in arrays)
    ax.set_ylim(low / 2, start * 10)


_VERDICT_COLOR = {"good": "C2", "too small": "C0", "stuck": "C7", "oscillating": "C1", "diverged": "C3"}


def schedule_name(schedule: str, lang: str | None = None) -> str:
    """A schedule's label: the spec as given, ``none`` in words."""
    return text("st_schedule_none", lang) if schedule == "none" else schedule


def plot_lr_study(result: StudyResult, path, lang: str | None = None) -> Path:
    """Loss curves of every learning rate, and final loss against learning rate by verdict."""
    from ..app.plots import _label, _pyplot, _save, _words, plot_language

    w = _words(lang)
    words = plot_language(lang)
    plt = _pyplot()
    schedules = list(dict.fromkeys(r["schedule"] for r in result.rows))
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.2))
    lrs = sorted({r["lr"] for r in result.rows})
    cmap = plt.get_cmap("viridis")
    for r in result.rows:
        if r["schedule"] != schedules[0]:
            continue
        loss = result.curves[(r["schedule"], r["lr"])]
        color = cmap(lrs.index(r["lr"]) / max(len(lrs) - 1, 1))
        ax.plot(np.arange(len(loss)), loss, color=color, lw=1.2,
                label=w("st_lr_label", lr=r["lr"], verdict=verdict_name(r["verdict"], words)))
        if r["verdict"] == "diverged":
            ax.plot([len(loss) - 1], [loss[-1]], "x", color="C3", ms=8)
    ax.set_yscale("log")
    _clip_to_start(ax, [result.curves[(r["schedule"], r["lr"])] for r in result.rows])
    _label(ax, w("epoch_axis"), w("pl_log", what=w("st_train_loss_mse")),
           w("st_lr_title", schedule=schedule_name(schedules[0], words)),
           fontsize=7, ncol=2, title=w("st_lr_legend"), title_fontsize=7)
    markers = "os^vDP*"
    for k, sched in enumerate(schedules):
        rows = [r for r in result.rows if r["schedule"] == sched]
        bx.plot([r["lr"] for r in rows], [r["final_loss"] for r in rows], "-", color="0.6", lw=0.8)
        for r in rows:
            bx.plot([r["lr"]], [r["final_loss"]], markers[k % len(markers)], color=_VERDICT_COLOR[r["verdict"]],
                    ms=7, mfc="none" if k else None)
        if len(schedules) > 1:
            bx.plot([], [], markers[k % len(markers)], color="0.3", mfc="none" if k else None,
                    label=w("st_schedule", schedule=schedule_name(sched, words)))
    for verdict, color in _VERDICT_COLOR.items():
        bx.plot([], [], "s", color=color, label=verdict_name(verdict, words))
    bx.set_xscale("log")
    bx.set_yscale("log")
    _label(bx, w("pl_log", what=w("st_lr_axis")), w("st_final_loss_axis"),
           w("st_after_epochs", epochs=result.params["epochs"]), fontsize=7, loc="upper left",
           bbox_to_anchor=(1.01, 1.0))
    return _save(fig, path)


def plot_epochs_study(result: StudyResult, path, lang: str | None = None) -> Path:
    """Training and validation error against epoch (first seed), best epoch and max_fail stop marked."""
    from ..app.plots import _label, _pyplot, _save, _words

    w = _words(lang)
    plt = _pyplot()
    row = result.rows[0]
    tr, va = result.curves[row["seed"]]
    epochs = np.arange(1, len(tr) + 1)           # shifted by one so that epoch 0 fits a log axis
    fig, ax = plt.subplots(figsize=(7.5, 4.4))
    ax.loglog(epochs, tr, label=w("st_training_error"), color="C0")
    ax.loglog(epochs, va, label=w("st_validation_error"), color="C1")
    ax.axvline(row["best_epoch"] + 1, color="C2", ls="--", label=w("st_lowest_val", epoch=row["best_epoch"]))
    ax.axvline(row["max_fail_stop"] + 1, color="C3", ls=":",
               label=w("st_early_stop", max_fail=result.params["max_fail"], epoch=row["max_fail_stop"]))
    ax.axhline(row["noise_floor"], color="0.5", lw=0.8, label=w("st_noise_variance", value=row["noise_floor"]))
    at = ax.get_xaxis_transform()                    # x in data, y in axes fraction
    ax.text(row["best_epoch"] + 1, 0.96, w("st_underfitting"), transform=at, ha="right", va="top", color="0.3")
    ax.text(row["best_epoch"] + 1, 0.96, w("st_overfitting"), transform=at, ha="left", va="top", color="0.3")
    p = result.params
    _label(ax, w("pl_log", what=w("st_epoch_plus_one")), w("pl_log", what=w("st_mse")),
           w("st_epochs_title", hidden=p["hidden"], n_train=p["n_train"], lr=p["lr"], seed=row["seed"]),
           fontsize=8, loc="lower left")
    return _save(fig, path)


def plot_hidden_study(result: StudyResult, path, lang: str | None = None) -> Path:
    """Median training and test error against hidden units, every run as a dot."""
    from ..app.plots import _label, _pyplot, _save, _words

    w = _words(lang)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.4))
    h = [r["hidden"] for r in result.summary]
    ax.plot(h, [r["median_train"] for r in result.summary], "o-", color="C0", label=w("st_train_median"))
    ax.plot(h, [r["median_test"] for r in result.summary], "o-", color="C1", label=w("st_test_median"))
    ax.plot([r["hidden"] for r in result.rows], [r["train_mse"] for r in result.rows], ".", color="C0", alpha=0.35)
    ax.plot([r["hidden"] for r in result.rows], [r["test_mse"] for r in result.rows], ".", color="C1", alpha=0.35)
    p = result.params
    ax.axhline(p["noise"] ** 2, color="0.5", lw=0.8, label=w("st_noise_variance", value=p["noise"] ** 2))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(h, [str(x) for x in h])
    _label(ax, w("pl_log", what=w("st_hidden_axis")), w("pl_log", what=w("st_mse")),
           w("st_hidden_title", n_train=p["n_train"], epochs=p["epochs"], lr=p["lr"]), fontsize=8)
    return _save(fig, path)


PLOTS = {"activation": plot_activation_study, "lr": plot_lr_study, "epochs": plot_epochs_study,
         "hidden": plot_hidden_study}
