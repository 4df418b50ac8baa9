"""Hyper-parameter search by k-fold cross-validation: :func:`sweep`, behind ``bpnn sweep``.

A sweep trains every *setting* — hidden sizes, activation, algorithm, weight
decay, restarts, learning rate — on every fold of a k-fold division of the
rows (stratified for classification) with :func:`bpnn.app.workflow.fit`, the
function ``bpnn train`` uses, and scores it on the fold it did not see:

    score(setting) = mean over folds f of  metric(model trained on the other folds, rows of f)

Inside the training folds, 15% of the rows are a validation set for early
stopping, as ``bpnn train`` does.  Each (setting, fold) is one independent
task, so the tasks run on local processes (``n_jobs``), on any
``concurrent.futures`` executor, or on a Dask cluster (``executor=Client``):
the results do not depend on where or in which order the tasks ran, because
each fold's seed is fixed by the sweep's seed and the fold's number (every
setting sees the same folds and the same initial random streams).

With ``results=PATH`` the table of finished folds is written atomically
after each fold; a sweep started again with the same data and settings reads
it and computes only what is missing (an interrupted sweep resumes).

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> X = rng.uniform(-1, 1, (60, 1))
>>> result = sweep(X, np.sin(3 * X[:, 0]), grid={"hidden": [[2], [6]]}, folds=3, seed=0,
...                epochs=30, refit=False)
>>> len(result.rows), result.best["hidden"] in ([2], [6])
(6, True)
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import math
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import BPNNError

#: the settings a sweep varies, and what ``fit`` calls them
SETTINGS = ("hidden", "activation", "algorithm", "weight_decay", "restarts", "lr")
#: scores, and whether larger is better
SCORES = {"r2": True, "mse": False, "rmse": False, "mae": False, "accuracy": True}
VALIDATION_SHARE = 0.15
RESULTS_VERSION = 1


@dataclass
class SweepResult:
    """What a sweep found.

    Attributes
    ----------
    rows : list of dict
        One per (setting, fold): the setting, ``fold``, ``score``, the fold's
        metrics, ``epochs`` and ``seconds``.
    table : list of dict
        One per setting, best first: ``mean``, ``std``, the fold scores, mean
        seconds, and ``rank``.
    best : dict
        The best setting.
    model : Model or None
        The best setting refitted on all rows (``refit=True``).
    score : str
        The metric (``"r2"``, ``"accuracy"``...); ``greater_is_better``.
    """

    rows: list
    table: list
    best: dict
    score: str
    greater_is_better: bool
    model: object = None
    info: dict = field(default_factory=dict)


def _canonical(setting: dict) -> str:
    """A setting as one stable string (the key of its results)."""
    return json.dumps({k: setting[k] for k in SETTINGS if k in setting}, sort_keys=True)


def label(setting: dict) -> str:
    """A short label for tables and plots: ``10-5 tanh lm λ=0.001 ×3 lr=0.01``."""
    parts = ["-".join(map(str, setting["hidden"])), setting["activation"], setting["algorithm"]]
    if setting.get("weight_decay"):
        parts.append(f"λ={setting['weight_decay']:g}")
    if setting.get("restarts", 1) > 1:
        parts.append(f"×{setting['restarts']}")
    if setting.get("lr") is not None:
        parts.append(f"lr={setting['lr']:g}")
    return " ".join(parts)


def settings_grid(grid: dict | None, *, search: str = "grid", n_iter: int | None = None, seed=None,
                  task: str = "regression") -> list[dict]:
    """The settings a sweep trains: the grid's product, or ``n_iter`` of them drawn at random.

    ``grid`` maps names of :data:`SETTINGS` to lists of values; the ones not
    given take ``bpnn train``'s defaults.  A learning rate applies only to the
    algorithms that have one, so ``lm`` appears once however many rates are
    listed.

    Examples
    --------
    >>> [label(s) for s in settings_grid({"hidden": [5, "10,5"], "algorithm": ["lm", "gd"], "lr": [0.1]})]
    ['5 tanh lm', '5 tanh gd lr=0.1', '10-5 tanh lm', '10-5 tanh gd lr=0.1']
    """
    from ..optimizers import get_optimizer
    from .workflow import _hidden_sizes

    grid = dict(grid or {})
    unknown = sorted(set(grid) - set(SETTINGS))
    if unknown:
        raise BPNNError.of("err_sw_unknown", names=", ".join(SETTINGS), unknown=", ".join(map(repr, unknown)))
    defaults = {"hidden": [[20 if task == "regression" else 10]], "activation": ["tanh"], "algorithm": ["auto"],
                "weight_decay": [0.0], "restarts": [1], "lr": [None]}
    values = {}
    for name in SETTINGS:
        given = grid.get(name, defaults[name])
        given = [given] if isinstance(given, (str, int, float)) and name != "hidden" else list(given)
        if name == "hidden" and isinstance(grid.get(name), (str, int)):
            given = [grid[name]]
        if not given:
            raise BPNNError.of("err_sw_no_values", name=name)
        values[name] = given
    values["hidden"] = [_hidden_sizes(h) for h in values["hidden"]]
    for name, kind in (("weight_decay", float), ("restarts", int), ("lr", float)):
        try:
            values[name] = [None if v is None else kind(v) for v in values[name]]
        except (TypeError, ValueError):
            raise BPNNError.of("err_sw_numbers", name=name, values=values[name]) from None
    if any(v is not None and v <= 0 for v in values["lr"]) or any(v < 0 for v in values["weight_decay"]) \
            or any(v < 1 for v in values["restarts"]):
        raise BPNNError.of("err_sw_ranges")
    settings, seen = [], set()
    for combo in itertools.product(*(values[name] for name in SETTINGS)):
        setting = dict(zip(SETTINGS, combo))
        algorithm = str(setting["algorithm"])
        if algorithm != "auto":
            opt = get_optimizer(algorithm)                          # unknown names: a clear error now
            setting["algorithm"] = opt.name
            if not opt.uses_lr:
                setting["lr"] = None
            if opt.own_penalty and setting["weight_decay"]:
                continue                                            # br has its own penalty
        else:
            setting["lr"] = None
        key = _canonical(setting)
        if key not in seen:
            seen.add(key)
            settings.append(setting)
    if not settings:
        raise BPNNError.of("err_sw_no_settings")
    if search == "random":
        if n_iter is None or n_iter < 1:
            raise BPNNError.of("err_sw_n_iter")
        if n_iter < len(settings):
            rng = np.random.default_rng(seed)
            settings = [settings[i] for i in np.sort(rng.choice(len(settings), n_iter, replace=False))]
    elif search != "grid":
        raise BPNNError.of("err_sw_search", value=search)
    return settings


def folds_of(y, task: str, folds: int, seed) -> list[tuple[np.ndarray, np.ndarray]]:
    """k-fold (training rows, held-out rows), stratified for classification (scikit-learn)."""
    from sklearn.model_selection import KFold, StratifiedKFold

    n = len(y)
    if isinstance(folds, bool) or not isinstance(folds, (int, np.integer)) or folds < 2 or folds > n:
        raise BPNNError.of("err_sw_folds", n=n, value=folds)
    state = int(np.random.SeedSequence(seed).generate_state(1)[0])
    if task == "classification":
        labels = np.asarray([str(v) for v in np.asarray(y, dtype=object).reshape(n, -1)[:, 0]])
        fewest = min(np.unique(labels, return_counts=True)[1])
        if fewest < folds:
            raise BPNNError.of("err_sw_stratified", folds=folds, fewest=fewest)
        splitter = StratifiedKFold(folds, shuffle=True, random_state=state)
        return list(splitter.split(np.zeros(n), labels))
    return list(KFold(folds, shuffle=True, random_state=state).split(np.zeros(n)))


def fold_seed(seed, fold: int) -> int:
    """The seed of every training on fold ``fold``: the same for every setting."""
    return int(np.random.SeedSequence([0 if seed is None else int(seed), fold]).generate_state(1)[0])


def _fit_options(setting: dict, options: dict) -> dict:
    out = dict(options)
    out.update(hidden=setting["hidden"], activation=setting["activation"], algorithm=setting["algorithm"],
               restarts=setting["restarts"])
    if setting.get("weight_decay"):
        out["weight_decay"] = setting["weight_decay"]
    if setting.get("lr") is not None:
        out["lr"] = setting["lr"]
    return out


def run_fold(X, y, task: str, setting: dict, train_rows, test_rows, seed: int, options: dict) -> dict:
    """Train one setting on one fold's training rows (15% of them for early stopping) and
    measure it on the held-out rows.  The unit of work of a sweep: a plain function of plain
    values, so it runs in another process or on a Dask worker."""
    from .workflow import fit

    rng = np.random.default_rng(seed)
    train_rows = np.asarray(train_rows)
    n_val = int(round(VALIDATION_SHARE * len(train_rows))) if options.get("max_fail", 6) is not None else 0
    order = rng.permutation(len(train_rows))
    val, tr = np.sort(train_rows[order[:n_val]]), np.sort(train_rows[order[n_val:]])
    t0 = time.perf_counter()
    model = fit(X, y, task=task, divide_method="ind", indices=(tr, val, np.asarray(test_rows)), seed=rng,
                **_fit_options(setting, options))
    metrics = model.metrics["test"]
    return {"metrics": {k: v for k, v in metrics.items() if isinstance(v, (int, float))},
            "epochs": int(max(len(model.record.get("loss", [])) - 1, 0)),
            "algorithm": model.info.get("algorithm"), "stop_reason": model.record.get("stop_reason", ""),
            "seconds": time.perf_counter() - t0}


# -- executors ---------------------------------------------------------------------------------------
_DATA = {}


def _set_data(X, y) -> None:                 # a worker process's copy of the table, sent once
    _DATA["X"], _DATA["y"] = X, y


def _run_fold_here(*args):                   # run_fold on the table the process holds
    return run_fold(_DATA["X"], _DATA["y"], *args)


def is_dask(executor) -> bool:
    """Whether ``executor`` is a ``dask.distributed.Client`` (which the sweep ships data to once)."""
    return type(executor).__module__.startswith("distributed") and hasattr(executor, "scatter")


CONNECT_TIMEOUT = 5          # seconds a scheduler has to answer


def _answers(scheduler: str) -> None:
    """Raise OSError at once when nothing listens at a tcp:// address (a refused connection), instead of
    letting the client retry it until its timeout; other addresses are left to the client."""
    import socket
    from urllib.parse import urlsplit

    if not scheduler.startswith("tcp://"):
        return
    where = urlsplit(scheduler)
    if where.hostname is None or where.port is None:
        raise ValueError(f"expected tcp://HOST:PORT, got {scheduler!r}")
    socket.create_connection((where.hostname, where.port), timeout=CONNECT_TIMEOUT).close()


def connect(scheduler: str):
    """A ``dask.distributed.Client`` for ``tcp://HOST:PORT``, or a one-line BPNNError saying why not."""
    try:
        from distributed import Client
    except ImportError:
        raise BPNNError.of("err_sw_dask_missing") from None
    try:
        _answers(scheduler)
        return Client(scheduler, timeout=f"{CONNECT_TIMEOUT}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BPNNError.of("err_sw_dask_reach", scheduler=scheduler, why=why) from None


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None):
    """A Dask client for the life of the block: on ``scheduler`` (tcp://HOST:PORT, :func:`connect`), or on a
    LocalCluster of ``workers`` processes (one thread each) started here and stopped at the end; None if neither."""
    if scheduler is not None and workers is not None:
        raise BPNNError.of("err_scheduler_or_workers")
    if scheduler is None and workers is None:
        yield None
        return
    if scheduler is not None:
        client = connect(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise BPNNError.of("err_workers_need_dask") from None
    with LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster, set_as_default=False) as client:
        yield client


class _Local:
    """Local processes for ``n_jobs`` > 1 (each gets the table once), or this process."""

    def __init__(self, n_jobs: int, X, y) -> None:
        self.pool = None
        if n_jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("spawn")      # no fork of a threaded BLAS
            self.pool = ProcessPoolExecutor(n_jobs, mp_context=context, initializer=_set_data, initargs=(X, y))
        self.X, self.y = X, y

    def run(self, tasks):
        if self.pool is None:
            for key, args in tasks:
                yield key, run_fold(self.X, self.y, *args)
            return
        from concurrent.futures import as_completed

        futures = {self.pool.submit(_run_fold_here, *args): key for key, args in tasks}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            for future in futures:
                future.cancel()

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def run_tasks(executor, X, y, tasks, n_jobs: int = 1):
    """``(key, result)`` of each task ``(key, args of run_fold after X, y)`` as it finishes, on
    ``executor`` (a Dask client, or any ``concurrent.futures`` executor), else ``n_jobs`` local
    processes."""
    tasks = list(tasks)
    if executor is None:
        local = _Local(n_jobs if len(tasks) > 1 else 1, X, y)
        try:
            yield from local.run(tasks)
        finally:
            local.close()
        return
    if is_dask(executor):
        from distributed import as_completed

        Xf, yf = executor.scatter([X, y], broadcast=True)       # the table goes to each worker once
        futures = {executor.submit(run_fold, Xf, yf, *args, pure=False): key for key, args in tasks}
    else:
        from concurrent.futures import as_completed

        futures = {executor.submit(run_fold, X, y, *args): key for key, args in tasks}
    try:
        for future in as_completed(list(futures)):
            yield futures[future], future.result()
    finally:
        for future in futures:
            future.cancel()


def _train_member(net, sets, options, size):
    """One network of a committee (``fit(..., ensemble=, n_jobs=)``): trained, with its record."""
    from ..training.loop import train
    from .workflow import _small_blas

    with _small_blas(size, net.n_params):
        record = train(net, *sets["train"], **options)
    return net, record.to_dict()


def train_members(members, n_jobs: int = 1, executor=None) -> tuple[list, list]:
    """The networks and records of ``members`` ``(net, sets, train options, size)``, trained on
    ``executor`` or ``n_jobs`` local processes, in order: the same networks as one by one."""
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs < 1:
        raise BPNNError(f"n_jobs must be a whole number ≥ 1, got {n_jobs!r}")
    pool = None
    if executor is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = executor = ProcessPoolExecutor(min(n_jobs, len(members)),
                                              mp_context=multiprocessing.get_context("spawn"))
    extra = {"pure": False} if is_dask(executor) else {}
    futures = [executor.submit(_train_member, *member, **extra) for member in members]
    try:
        done = [future.result() for future in futures]
    finally:
        for future in futures:
            future.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return [net for net, _ in done], [record for _, record in done]


# -- the sweep ------------------------------------------------------------------------------------
def _fingerprint(X, y, task, folds, seed, score, options) -> str:
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(X, dtype=float).tobytes())
    h.update(json.dumps([str(v) for v in np.asarray(y, dtype=object).ravel()]).encode())
    h.update(json.dumps([task, folds, seed, score, sorted((k, repr(v)) for k, v in options.items())]).encode())
    return h.hexdigest()[:16]


def _read_results(path: Path, fingerprint: str) -> dict:
    """Finished folds of an earlier run of the same sweep: {(setting key, fold): row}."""
    if not path.exists():
        return {}
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        rows = saved["rows"] if saved.get("version") == RESULTS_VERSION else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        rows = None
    if rows is None:
        raise BPNNError.of("err_sw_not_results", path=path)
    if saved.get("fingerprint") != fingerprint:
        raise BPNNError.of("err_sw_other_results", path=path)
    done = {}
    for row in rows:
        try:
            done[(row["key"], int(row["fold"]))] = row
        except (KeyError, TypeError, ValueError):
            continue
    return done


def _summarise(rows: list, settings: list, score: str, larger: bool) -> list:
    table = []
    for setting in settings:
        key = _canonical(setting)
        mine = sorted((r for r in rows if r["key"] == key), key=lambda r: r["fold"])
        if not mine:
            continue
        scores = np.array([r["score"] for r in mine], dtype=float)
        table.append({"setting": label(setting), **{k: setting[k] for k in SETTINGS},
                      "mean": float(np.mean(scores)), "std": float(np.std(scores)), "folds": len(mine),
                      "fold_scores": scores.tolist(), "seconds": float(np.mean([r["seconds"] for r in mine])),
                      "epochs": float(np.mean([r["epochs"] for r in mine])), "key": key})
    table.sort(key=lambda r: (-r["mean"] if larger else r["mean"]) if math.isfinite(r["mean"]) else math.inf)
    for rank, row in enumerate(table, 1):
        row["rank"] = rank
    return table


def _results_json(rows, table, meta) -> bytes:
    return json.dumps({"version": RESULTS_VERSION, **meta, "rows": rows, "table": table}, indent=1,
                      default=lambda v: v.item() if hasattr(v, "item") else str(v)).encode()


def sweep(X, y, *, task: str = "regression", grid: dict | None = None, search: str = "grid",
          n_iter: int | None = None, folds: int = 5, score: str | None = None, seed=0, n_jobs: int = 1,
          executor=None, results=None, refit: bool = True, progress=None, features=None, target=None,
          **fit_options) -> SweepResult:
    """Grid or random search with k-fold cross-validation; the best setting refitted.

    Parameters
    ----------
    X : array-like, shape (n, d)
    y : array-like, shape (n,) or (n, m)
        Numbers (regression) or labels (classification).
    task : {"regression", "classification"}
    grid : dict, optional
        Lists of values of :data:`SETTINGS`: ``hidden`` (sizes such as
        ``[10]`` or ``"10,5"``), ``activation``, ``algorithm``,
        ``weight_decay``, ``restarts``, ``lr``.
    search : {"grid", "random"}
        Every combination, or ``n_iter`` of them drawn with ``seed``.
    folds : int, default 5
        k of k-fold cross-validation (stratified for classification).
    score : str, optional
        ``r2`` (regression default), ``mse``, ``rmse``, ``mae`` or
        ``accuracy`` (classification default), on the held-out fold.
    seed : int, default 0
        The folds, the random search and every training's seed.
    n_jobs : int, default 1
        Local processes (when no ``executor`` is given).
    executor : dask.distributed.Client or concurrent.futures.Executor, optional
    results : path, optional
        JSON file of finished folds, rewritten atomically after each one; a
        sweep with the same data and options resumes from it.
    refit : bool, default True
        Train the best setting on all rows (85% training, 15% validation).
    progress : callable, optional
        ``progress(done, total, row)`` after each fold.
    **fit_options
        For :func:`bpnn.app.workflow.fit`: ``scaling``, ``epochs``,
        ``max_fail``, ``dtype``, ``engine``...

    Returns
    -------
    SweepResult
    """
    from .io import write_atomic
    from .workflow import fit

    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise BPNNError.of("err_sw_X", shape=X.shape)
    y = np.asarray(y, dtype=object if task == "classification" else float)
    if len(y) != len(X):
        raise BPNNError.of("err_sw_rows", n=len(X), m=len(y))
    score = score or ("accuracy" if task == "classification" else "r2")
    if score not in SCORES or (task == "classification") != (score == "accuracy"):
        allowed = "accuracy" if task == "classification" else "r2, mse, rmse or mae"
        raise BPNNError.of("err_sw_score", task=task, allowed=allowed, value=score)
    larger = SCORES[score]
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs < 1:
        raise BPNNError.of("err_sw_n_jobs", value=n_jobs)
    for name in ("ratios", "divide_method", "indices", "ensemble", "callback", "start"):
        if name in fit_options:
            raise BPNNError.of("err_sw_sets_itself", name=name)
    settings = settings_grid(grid, search=search, n_iter=n_iter, seed=seed, task=task)
    splits = folds_of(y, task, folds, seed)
    fingerprint = _fingerprint(X, y, task, folds, seed, score, fit_options)
    path = None if results is None else Path(results)
    done = _read_results(path, fingerprint) if path is not None else {}
    rows = [dict(done[key], **{}) for key in done]
    meta = {"fingerprint": fingerprint, "task": task, "score": score, "greater_is_better": larger, "folds": folds,
            "seed": seed, "search": search, "settings": len(settings)}
    tasks = []
    for setting in settings:
        key = _canonical(setting)
        for f, (tr, te) in enumerate(splits):
            if (key, f) not in done:
                tasks.append(((key, f, setting), (task, setting, tr, te, fold_seed(seed, f), fit_options)))
    total = len(settings) * len(splits)
    t0 = time.perf_counter()
    for (key, f, setting), out in run_tasks(executor, X, y, tasks, n_jobs):
        value = out["metrics"].get(score, float("nan"))
        row = {"key": key, "setting": label(setting), **{k: setting[k] for k in SETTINGS}, "fold": f,
               "score": float(value), **{f"test_{k}": v for k, v in out["metrics"].items()},
               "epochs": out["epochs"], "seconds": out["seconds"], "trained_with": out["algorithm"],
               "stop_reason": out["stop_reason"]}
        rows.append(row)
        if path is not None:           # after each fold: an interrupted sweep loses at most the folds running
            write_atomic(path, _results_json(rows, _summarise(rows, settings, score, larger), meta), "sweep results")
        if progress is not None:
            progress(len(rows), total, row)
    table = _summarise(rows, settings, score, larger)
    if not table:
        raise BPNNError.of("err_sw_no_fold")
    best = settings[[_canonical(s) for s in settings].index(table[0]["key"])]
    info = {**meta, "seconds": time.perf_counter() - t0, "computed": len(tasks), "resumed": total - len(tasks)}
    model = None
    if refit:
        model = fit(X, y, task=task, ratios=(1 - VALIDATION_SHARE, VALIDATION_SHARE, 0.0), seed=seed,
                    features=features, target=target,
                    info={"sweep": {"setting": label(best), "score": score, "mean": table[0]["mean"],
                                    "std": table[0]["std"], "folds": folds}},
                    **_fit_options(best, fit_options))
    return SweepResult(rows=rows, table=table, best=best, score=score, greater_is_better=larger, model=model,
                       info=info)


# -- outputs ---------------------------------------------------------------------------------------
TABLE_COLUMNS = ("rank", "setting", *SETTINGS, "mean", "std", "folds", "seconds", "epochs")


def table_csv(result: SweepResult) -> bytes:
    """The results table (one row per setting, best first) as CSV."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*TABLE_COLUMNS, "fold_scores"])
    for row in result.table:
        cells = []
        for col in TABLE_COLUMNS:
            value = row[col]
            cells.append(",".join(map(str, value)) if col == "hidden" else "" if value is None else value)
        writer.writerow([*cells, " ".join(f"{s:.6g}" for s in row["fold_scores"])])
    return buffer.getvalue().encode()


def plot_png(result: SweepResult, limit: int = 40, lang: str | None = None) -> bytes:
    """Score against settings: the mean over folds ± one standard deviation, best at the top.

    Labels in ``lang`` (default: the process's), as :mod:`bpnn.app.plots` draws them.
    """
    from .plots import _pyplot, _words

    plt, w = _pyplot(), _words(lang)
    shown = result.table[:limit]
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.28 * len(shown)))
    pos = np.arange(len(shown))[::-1]
    ax.errorbar([r["mean"] for r in shown], pos, xerr=[r["std"] for r in shown], fmt="o", capsize=3)
    for r in shown:
        ax.plot(r["fold_scores"], np.full(len(r["fold_scores"]), pos[r["rank"] - 1]), ".", color="0.6", ms=4)
    ax.set_yticks(pos, [r["setting"] for r in shown], fontsize=8)
    ax.set_xlabel(w("sw_plot_x" if result.greater_is_better else "sw_plot_x_lower", score=result.score,
                    folds=result.info.get("folds")))
    more = len(result.table) > limit
    ax.set_title(w("sw_plot_title_more" if more else "sw_plot_title", limit=limit, n=len(result.table)), fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def write_outputs(result: SweepResult, folder) -> dict:
    """``sweep.csv``, ``sweep.json`` (the table and every fold), ``sweep.png`` and ``best.bpnn`` in
    ``folder``, each written atomically; returns their paths."""
    from .files import check_output
    from .io import save_model, write_atomic

    folder = Path(folder)
    paths = {name: check_output(folder / name, what) for name, what in
             (("sweep.csv", "sweep table"), ("sweep.json", "sweep results"), ("sweep.png", "sweep plot"),
              ("best.bpnn", "model file"))}
    meta = {k: v for k, v in result.info.items()}
    write_atomic(paths["sweep.json"], _results_json(result.rows, result.table, meta), "sweep results")
    write_atomic(paths["sweep.csv"], table_csv(result), "sweep table")
    write_atomic(paths["sweep.png"], plot_png(result), "sweep plot")
    out = {"csv": paths["sweep.csv"], "json": paths["sweep.json"], "plot": paths["sweep.png"]}
    if result.model is not None:
        save_model(result.model, paths["best.bpnn"])
        out["model"] = paths["best.bpnn"]
    return out
