"""bpnn train (defaults) against scikit-learn's MLPRegressor on the concrete table.

Held-out rows: a fixed 20% (206 of 1030 rows, numpy seed 2024) never seen in
training, and optionally 5-fold cross-validation (every row held out once).
bpnn runs through its command line exactly as a user would:

    bpnn train train.csv --target compressive_strength --out model.bpnn
    bpnn predict model.bpnn holdout.csv -o predictions.csv

scikit-learn runs MLPRegressor() with StandardScaler at defaults, and, with
--tuned, a grid search (hidden sizes, L2 penalty, activation, solver lbfgs,
targets standardised too).  Run from the repository root:

    python examples/concrete/compare.py [--tuned] [--cv]

Timings are wall-clock seconds on this machine, for comparison within one run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
TARGET = "compressive_strength"


def r2(t, y) -> float:
    t, y = np.asarray(t, float), np.asarray(y, float)
    return 1 - np.sum((t - y) ** 2) / np.sum((t - t.mean()) ** 2)


def bpnn_cli(train: pd.DataFrame, test: pd.DataFrame, folder: Path, seed: int | None) -> tuple[np.ndarray, float]:
    """Train with `bpnn train` (defaults) and predict the held-out rows with `bpnn predict`."""
    train.to_csv(folder / "train.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(folder / "holdout.csv", index=False)
    bpnn = [sys.executable, "-m", "bpnn"]
    seed_args = [] if seed is None else ["--seed", str(seed)]
    t0 = time.perf_counter()
    subprocess.run([*bpnn, "train", folder / "train.csv", "--target", TARGET, "--out", folder / "model.bpnn",
                    "--quiet", *seed_args], check=True, capture_output=True)
    seconds = time.perf_counter() - t0
    subprocess.run([*bpnn, "predict", folder / "model.bpnn", folder / "holdout.csv", "-o", folder / "pred.csv"],
                   check=True, capture_output=True)
    return pd.read_csv(folder / "pred.csv")[f"predicted_{TARGET}"].to_numpy(), seconds


def sklearn_model(kind: str, seed: int):
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.model_selection import GridSearchCV
    from sklearn.neural_network import MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "default":
        return make_pipeline(StandardScaler(), MLPRegressor(random_state=seed))
    mlp = TransformedTargetRegressor(MLPRegressor(solver="lbfgs", max_iter=5000, random_state=seed),
                                     transformer=StandardScaler())
    grid = {"transformedtargetregressor__regressor__hidden_layer_sizes": [(10,), (20,), (50,)],
            "transformedtargetregressor__regressor__alpha": [1e-4, 1e-2, 1.0],
            "transformedtargetregressor__regressor__activation": ["tanh", "relu"]}
    return GridSearchCV(make_pipeline(StandardScaler(), mlp), grid, cv=3, n_jobs=2)


def sklearn_fit(kind: str, train: pd.DataFrame, test: pd.DataFrame, seed: int) -> tuple[np.ndarray, float]:
    X, y = train.drop(columns=[TARGET]).to_numpy(), train[TARGET].to_numpy()
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                # MLPRegressor() warns that 200 iterations are too few
        model = sklearn_model(kind, seed).fit(X, y)
    return model.predict(test.drop(columns=[TARGET]).to_numpy()), time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tuned", action="store_true", help="also a grid-searched MLPRegressor (minutes)")
    parser.add_argument("--cv", action="store_true", help="also 5-fold cross-validation (out-of-fold R²)")
    parser.add_argument("--seed", type=int, default=1, help="seed for bpnn train and the MLPs")
    args = parser.parse_args()
    df = pd.read_csv(HERE / "concrete.csv")
    kinds = ["default", "tuned"] if args.tuned else ["default"]
    splits = [("held-out 20%", np.sort(np.random.default_rng(2024).permutation(len(df))[:206]))]
    if args.cv:
        from sklearn.model_selection import KFold

        splits += [(f"fold {k + 1}/5", te) for k, (_, te) in
                   enumerate(KFold(5, shuffle=True, random_state=0).split(df))]
    oof = {name: np.empty(len(df)) for name in ["bpnn", *kinds]}
    print(f"{'rows held out':<16}{'bpnn train (defaults)':>26}" + "".join(f"{'MLPRegressor ' + k:>26}" for k in kinds))
    for label, test_idx in splits:
        train, test = df.drop(index=test_idx), df.iloc[test_idx]
        with tempfile.TemporaryDirectory() as tmp:
            results = {"bpnn": bpnn_cli(train, test, Path(tmp), args.seed)}
        for kind in kinds:
            results[kind] = sklearn_fit(kind, train, test, args.seed)
        cells = "".join(f"{'R² %.4f  (%.1f s)' % (r2(test[TARGET], pred), secs):>26}" for pred, secs in results.values())
        print(f"{label + f' ({len(test_idx)})':<16}{cells}", flush=True)
        if label.startswith("fold"):
            for name, (pred, _) in results.items():
                oof[name][test_idx] = pred
    if args.cv:
        print(f"{'5-fold, all rows':<16}" + "".join(f"{'R² %.4f' % r2(df[TARGET], oof[n]):>26}" for n in oof))


if __name__ == "__main__":
    main()
