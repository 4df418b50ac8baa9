"""Figure P6: accuracy / R² and wall time on real tables, bpnn's defaults against scikit-learn's.

Every table is split at random into 75% training and 25% test rows (stratified
for classification), once per seed; every contender fits the training rows and
is scored on the test rows (accuracy, or R² of the original target), and its
wall time is measured.  The contenders:

    bpnn train      what ``bpnn train`` does with defaults only: :func:`bpnn.app.workflow.default_settings`
                    for the table, then :func:`bpnn.fit` (its own division of the training rows)
    BP*()           ``BPClassifier()`` / ``BPRegressor()`` at their defaults
    bpnn before     (only with ``--contenders``) ``bpnn train``'s defaults before issue 15
    MLP()           scikit-learn's ``MLPClassifier()`` / ``MLPRegressor()`` at their defaults,
                    after a ``StandardScaler`` (as the scikit-learn user guide advises)
    MLP grid        a small tuned scikit-learn grid: ``StandardScaler`` + MLP (L-BFGS, up to 300
                    iterations; regression targets standardised too), hidden (10,) or (50,) ×
                    alpha 1e-4, 1e-2, 1, chosen by 3-fold cross-validation on the training rows

The tables (all offline): scikit-learn's bundled iris, wine, breast cancer,
digits and diabetes; bpnn's shipped Deterding vowels (the 8 training speakers
only: the 7 test speakers are kept for ``bpnn example vowels``), UCI letters
(2000 rows drawn once), the concrete table of ``examples/concrete``; generated:
``make_classification`` with rare classes, Friedman #1 and #2.

Each cell is the mean ± standard deviation over the seeds, and the mean fit
time.  The verdict columns compare ``bpnn train`` with the others seed by
seed: "worse" only when the mean paired difference is below minus twice its
standard error (beyond noise).  One BLAS thread for every contender.

``--quick`` (CI's smoke run) fits three small tables (iris, rare classes and diabetes at
600 rows at most), 2 seeds, and a grid of two settings: its figures are not the table's.

    python benchmarks/tables.py [--quick] [--seeds 5] [--only iris,wine] [--markdown]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

CONTENDERS = ("bpnn train", "BP*()", "MLP()", "MLP grid")
GRID = {"hidden_layer_sizes": [(10,), (50,)], "alpha": [1e-4, 1e-2, 1.0]}
QUICK_GRID = {"hidden_layer_sizes": [(10,)], "alpha": [1e-4, 1.0]}          # --quick: a smoke run, not a figure


# -- the tables ---------------------------------------------------------------------------------
def _sk(name):
    def load(quick):
        from sklearn import datasets

        data = getattr(datasets, f"load_{name}")()
        X, y = data.data, data.target
        if quick and len(X) > 600:
            keep = np.random.default_rng(0).permutation(len(X))[:600]
            X, y = X[keep], y[keep]
        return X, y
    return load


def _vowels(quick):
    from bpnn.datasets import deterding_vowels

    data = deterding_vowels("train")
    return data.X, data.y


def _letters(quick):
    from bpnn.datasets import letter_recognition

    X, y = letter_recognition("all")
    keep = np.random.default_rng(0).permutation(len(X))[:1000 if quick else 2000]
    return X[keep], np.asarray(y)[keep]


def _concrete(quick):
    import pandas as pd

    path = HERE.parent / "examples" / "concrete" / "concrete.csv"
    df = pd.read_csv(path)
    X, y = df.drop(columns="compressive_strength").to_numpy(float), df["compressive_strength"].to_numpy(float)
    if quick:
        X, y = X[:500], y[:500]
    return X, y


def _rare(quick):
    from sklearn.datasets import make_classification

    return make_classification(n_samples=600 if quick else 1000, n_features=20, n_informative=8, n_redundant=4,
                               n_classes=6, n_clusters_per_class=1, weights=[0.4, 0.25, 0.15, 0.1, 0.07, 0.03],
                               class_sep=1.0, random_state=0)


def _friedman1(quick):
    from sklearn.datasets import make_friedman1

    return make_friedman1(n_samples=400 if quick else 600, n_features=10, noise=1.0, random_state=0)


def _friedman2(quick):
    from sklearn.datasets import make_friedman2

    return make_friedman2(n_samples=300, noise=100.0, random_state=0)


#: name → (task, loader(quick) → (X, y))
TABLES = {
    "iris": ("classification", _sk("iris")),
    "wine": ("classification", _sk("wine")),
    "breast-cancer": ("classification", _sk("breast_cancer")),
    "digits": ("classification", _sk("digits")),
    "vowels-train": ("classification", _vowels),
    "letters-2000": ("classification", _letters),
    "rare-classes": ("classification", _rare),
    "diabetes": ("regression", _sk("diabetes")),
    "concrete": ("regression", _concrete),
    "friedman1": ("regression", _friedman1),
    "friedman2": ("regression", _friedman2),
}
QUICK_TABLES = ("iris", "rare-classes", "diabetes")


# -- the contenders -------------------------------------------------------------------------------
def bpnn_train(X, y, task, seed, **overrides):
    """``bpnn train``'s defaults on (X, y): :func:`bpnn.app.workflow.default_settings`, then :func:`bpnn.fit`."""
    from bpnn.app.workflow import default_settings, fit

    n_out = 1 if task == "regression" else len(np.unique(y))
    settings = default_settings(task, len(X), X.shape[1], n_out)
    settings.update(overrides)
    return fit(X, y, task=task, seed=seed, **settings)


def bpnn_before(X, y, task, seed):
    """``bpnn train``'s defaults before issue 15 (for the before/after column; not in the default run):
    20 hidden units for regression, 10 for classification, no weight decay, a committee of 10 only while
    rows × outputs × weights ≤ 10⁶, one division (not stratified, not rotated), max_fail 6."""
    from bpnn.app.workflow import fit, n_weights

    m = 1 if task == "regression" else len(np.unique(y))
    h = 20 if task == "regression" else 10
    ensemble = 10 if round(0.7 * len(X)) * m * n_weights([X.shape[1], h, m]) <= 1_000_000 else 1
    return fit(X, y, task=task, seed=seed, hidden=h, scaling="mapstd", ensemble=ensemble, stratify=False,
               max_fail=6)


def estimator(task, seed):
    from bpnn import BPClassifier, BPRegressor

    return (BPClassifier if task == "classification" else BPRegressor)(random_state=seed)


def mlp_default(task, seed):
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    mlp = MLPClassifier if task == "classification" else MLPRegressor
    return make_pipeline(StandardScaler(), mlp(random_state=seed))


def mlp_grid(task, seed, quick=False):
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    mlp = (MLPClassifier if task == "classification" else MLPRegressor)(solver="lbfgs", max_iter=300,
                                                                           random_state=seed)
    grid = {f"mlp__{k}": v for k, v in (QUICK_GRID if quick else GRID).items()}
    cv = (StratifiedKFold if task == "classification" else KFold)(3, shuffle=True, random_state=seed)
    search = GridSearchCV(Pipeline([("scale", StandardScaler()), ("mlp", mlp)]), grid, cv=cv, n_jobs=1)
    if task == "regression":
        return TransformedTargetRegressor(search, transformer=StandardScaler())
    return search


def score(task, y_true, y_pred) -> float:
    if task == "classification":
        return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))
    from sklearn.metrics import r2_score

    return float(r2_score(y_true, np.asarray(y_pred).reshape(len(y_true), -1)[:, 0]))


def run_one(name, X_tr, y_tr, X_te, y_te, task, seed, variant=None, quick=False):
    """(score, seconds) of one contender on one split."""
    from threadpoolctl import threadpool_limits

    t0 = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):          # again: libraries loaded by the last fit
        model = _fit(name, X_tr, y_tr, task, seed, variant, quick)
    seconds = time.perf_counter() - t0
    return score(task, y_te, model.predict(X_te)), seconds


def _fit(name, X_tr, y_tr, task, seed, variant, quick):
    if name == "bpnn train":
        model = bpnn_train(X_tr, y_tr, task, seed, **(variant or {}))
    elif name == "bpnn before":
        model = bpnn_before(X_tr, y_tr, task, seed)
    else:
        make = {"BP*()": estimator, "MLP()": mlp_default, "MLP grid": lambda t, s: mlp_grid(t, s, quick)}[name]
        model = make(task, seed).fit(X_tr, y_tr)
    return model


def split(X, y, task, seed):
    from sklearn.model_selection import train_test_split

    return train_test_split(X, y, test_size=0.25, random_state=seed,
                            stratify=y if task == "classification" else None)


def one_blas_thread():
    """One BLAS thread for every contender, also for the BLAS libraries that only load with them.

    threadpoolctl limits the libraries loaded when it is entered: scikit-learn's L-BFGS
    (scipy) loaded later would run with every core, and on a busy machine many times slower.
    So every contender's modules are imported first.
    """
    import scipy.optimize  # noqa: F401
    import sklearn.model_selection  # noqa: F401
    import sklearn.neural_network  # noqa: F401
    from threadpoolctl import threadpool_limits

    import bpnn.training  # noqa: F401
    import bpnn.app.workflow  # noqa: F401

    return threadpool_limits(limits=1, user_api="blas")


def measure(tables, seeds, contenders=CONTENDERS, quick=False, variant=None, out=print) -> dict:
    """``{table: {contender: (scores, seconds)}}`` over seeds 0…seeds−1, printing one line per table."""
    results = {}
    with one_blas_thread(), warnings.catch_warnings():
        warnings.simplefilter("ignore")                      # MLP's convergence warnings
        for table in tables:
            task, load = TABLES[table]
            X, y = load(quick)
            cells = {c: ([], []) for c in contenders}
            for seed in range(seeds):
                X_tr, X_te, y_tr, y_te = split(X, y, task, seed)
                for c in contenders:
                    s, t = run_one(c, X_tr, y_tr, X_te, y_te, task, seed, variant, quick)
                    cells[c][0].append(s)
                    cells[c][1].append(t)
            results[table] = cells
            out(f"P6   {table:<14} " + "   ".join(f"{c} {_cell(*cells[c])}" for c in contenders))
    return results


def _cell(scores, seconds) -> str:
    return f"{np.mean(scores):.3f} ± {np.std(scores, ddof=1) if len(scores) > 1 else 0:.3f} ({np.mean(seconds):.2f} s)"


def verdict(a, b) -> str:
    """``a`` against ``b``, paired over seeds: "better"/"worse" beyond twice the standard error, else "tie"."""
    d = np.asarray(a) - np.asarray(b)
    se = np.std(d, ddof=1) / math.sqrt(len(d)) if len(d) > 1 else 0.0
    if d.mean() > 2 * se:
        return "better"
    if d.mean() < -2 * se:
        return "worse"
    return "tie"


def summary(results, out=print) -> dict:
    """The targets of issue 15: ≥ MLP() on every table beyond noise, ≥ the grid on half, less time;
    for ``bpnn train`` (its rows are returned), then for ``BP*()`` (lines "P6 BP*() target ...")."""
    if results and "BP*()" in next(iter(results.values())):
        _targets(results, "BP*()", lambda line: out(line.replace("P6 target", "P6 BP*() target")))
    return _targets(results, "bpnn train", out)


def _targets(results, who, out) -> dict:
    if not results or who not in next(iter(results.values())):
        return {}
    rows = {}
    for table, cells in results.items():
        b = cells[who]
        row = {}
        for peer in ("MLP()", "MLP grid"):
            if peer in cells:
                row[peer] = (verdict(b[0], cells[peer][0]), float(np.mean(b[0]) - np.mean(cells[peer][0])),
                             float(np.mean(cells[peer][1]) / np.mean(b[1])))
        rows[table] = row
    n = len(rows)
    if all("MLP()" in r for r in rows.values()):
        worse = [t for t, r in rows.items() if r["MLP()"][0] == "worse"]
        out(f"P6 target 1, >= MLP() beyond noise on every table: {n - len(worse)} of {n}"
            + (f" (worse: {', '.join(worse)})" if worse else ""))
    if all("MLP grid" in r for r in rows.values()):
        at_least = [t for t, r in rows.items() if r["MLP grid"][1] >= 0]
        not_worse = [t for t, r in rows.items() if r["MLP grid"][0] != "worse"]
        out(f"P6 target 2, >= the grid on half: mean at least the grid's on {len(at_least)} of {n}, "
            f"not worse beyond noise on {len(not_worse)} of {n}")
        slower = [t for t, r in rows.items() if r["MLP grid"][2] < 1]
        out(f"P6 target 3, less time than the grid: on {n - len(slower)} of {n} tables"
            + (f" (slower: {', '.join(slower)})" if slower else "")
            + f"; time ratios grid/{'bpnn' if who == 'bpnn train' else who} " + ", ".join(f"{t} {r['MLP grid'][2]:.1f}x" for t, r in rows.items()))
    return rows


def markdown(results, sizes) -> str:
    """The table of docs/workflow.md."""
    head = ("| table | rows × inputs (classes) | `bpnn train` | `BPClassifier()`/`BPRegressor()` | "
            "`MLP()` + scaler | tuned MLP grid | bpnn vs MLP() / grid | BP*() vs MLP() / grid |")
    lines = [head, "|" + "---|" * 8]
    for table, cells in results.items():
        task = TABLES[table][0]

        def fmt(c):
            if c not in cells:
                return "—"
            s, t = cells[c]
            return f"{np.mean(s):.3f} ± {np.std(s, ddof=1):.3f} ({np.mean(t):.1f} s)"

        v = [" / ".join(verdict(cells[who][0], cells[p][0]) if who in cells and p in cells else "—"
                        for p in ("MLP()", "MLP grid")) for who in ("bpnn train", "BP*()")]
        lines.append(f"| {table} ({'acc.' if task == 'classification' else 'R²'}) | {sizes[table]} | "
                     + " | ".join(fmt(c) for c in CONTENDERS) + f" | {v[0]} | {v[1]} |")
    return "\n".join(lines)


def bench(quick: bool = False, seeds: int | None = None, only=None, contenders=CONTENDERS, variant=None,
          out=print, as_markdown: bool = False) -> dict:
    """Run figure P6 and print its lines (and, with ``as_markdown``, the docs table)."""
    tables = only or (QUICK_TABLES if quick else tuple(TABLES))
    seeds = seeds or (2 if quick else 5)
    out(f"P6 real tables: test accuracy / R² (mean ± sd over {seeds} seeds of a 75/25 split) and fit time; "
        f"contenders {', '.join(contenders)}" + (f"; bpnn variant {variant}" if variant else ""))
    t0 = time.perf_counter()
    results = measure(tables, seeds, contenders, quick, variant, out)
    summary(results, out)
    if as_markdown:
        sizes = {}
        for t in tables:
            task, load = TABLES[t]
            X, y = load(quick)
            sizes[t] = f"{X.shape[0]} × {X.shape[1]}" + (f" ({len(np.unique(y))})" if task == "classification" else "")
        out(markdown(results, sizes))
    out(f"P6 took {time.perf_counter() - t0:.0f} s")
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="three small tables, 2 seeds, a two-setting grid: "
                                                             "CI's smoke run")
    parser.add_argument("--seeds", type=int)
    parser.add_argument("--only", default="", help="comma-separated tables")
    parser.add_argument("--contenders", default=",".join(CONTENDERS))
    parser.add_argument("--variant", default="", help="bpnn train overrides as Python dict, e.g. \"{'ensemble': 1}\"")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--save", help="write the scores and times to this JSON file")
    parser.add_argument("--load", help="take the contenders not run from this JSON file (exploration only: "
                                       "the figures of the docs come from one run)")
    args = parser.parse_args(argv)
    only = tuple(t.strip() for t in args.only.split(",") if t.strip()) or None
    bad = [t for t in only or () if t not in TABLES]
    if bad:
        parser.error(f"unknown table {bad[0]!r}; choose from {', '.join(TABLES)}")
    import ast

    variant = ast.literal_eval(args.variant) if args.variant else None
    results = bench(args.quick, args.seeds, only, tuple(c.strip() for c in args.contenders.split(",")), variant,
                    as_markdown=args.markdown and not args.load)
    if args.load:
        import json

        for table, cells in json.loads(Path(args.load).read_text()).items():
            if table in results:
                results[table] = {**{c: tuple(v) for c, v in cells.items()}, **results[table]}
        summary(results)
    if args.save:
        import json

        Path(args.save).write_text(json.dumps(results))


if __name__ == "__main__":
    main()
