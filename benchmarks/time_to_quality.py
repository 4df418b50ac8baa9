"""Time to quality: the best MSE each method reaches within fixed wall-time budgets.

Two tasks, the same network size for every contender:

* ``sin``: the seed article's data (20 points of sin(x) on [−5, 5]), 1-4-1 tanh;
* ``surface``: z = sin(x)·cos(y) on a 20×20 grid over [−2, 2]², 2-10-1 tanh.

Contenders: bpnn gd / adam / rprop / scg / lm / lm with 10 restarts, scikit-learn
``MLPRegressor`` (lbfgs, adam; alpha=0) and PyTorch (Adam, LBFGS), all float64.
bpnn stops itself at the budget (``max_time``); scikit-learn cannot, so it is run
with doubling ``max_iter`` and the best MSE among runs that finished inside the
budget counts; PyTorch loops until the budget is spent.

    python benchmarks/time_to_quality.py [--budgets 0.1 1] [--seed 0]

Absolute times on shared machines are noise; compare the rows of one run.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

import bpnn


def tasks() -> dict:
    X, T = bpnn.sin_data()
    g = np.linspace(-2, 2, 20)
    gx, gy = np.meshgrid(g, g)
    XY = np.column_stack([gx.ravel(), gy.ravel()])
    Z = (np.sin(XY[:, 0]) * np.cos(XY[:, 1])).reshape(-1, 1)
    return {"sin": (X, T, 4), "surface": (XY, Z, 10)}


def run_bpnn(X, T, hidden, budget, seed, algorithm, restarts=1, **options) -> float:
    net = bpnn.Network([X.shape[1], hidden, 1], "tanh", "linear", seed=seed)
    bpnn.train(net, X, T, algorithm=algorithm, epochs=10**9, max_time=budget, min_grad=0.0,
               restarts=restarts, seed=seed, **options)
    return float(np.mean((net.predict(X) - T) ** 2))


def run_sklearn(X, T, hidden, budget, seed, solver) -> float:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor

    best, iters, warm = np.inf, 1, True
    while True:
        model = MLPRegressor(hidden_layer_sizes=(hidden,), activation="tanh", solver=solver, alpha=0.0, max_iter=iters,
                             tol=0.0, n_iter_no_change=10**9, random_state=seed, max_fun=10**9,
                             **({"learning_rate_init": 0.01, "batch_size": len(X)} if solver == "adam" else {}))
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X, T.ravel())
        if warm:                                # the first fit of a process pays for imports: not timed
            warm = False
            continue
        if time.perf_counter() - t0 > budget:
            return best
        best = min(best, float(np.mean((model.predict(X) - T.ravel()) ** 2)))
        if model.n_iter_ < iters:               # it stopped by itself (converged): more iterations change nothing
            return best
        iters *= 2


def run_torch(X, T, hidden, budget, seed, method) -> float:
    import torch

    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], hidden), torch.nn.Tanh(),
                                torch.nn.Linear(hidden, 1)).double()
    x, t = torch.tensor(X), torch.tensor(T)
    if method == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
    else:
        opt = torch.optim.LBFGS(model.parameters(), line_search_fn="strong_wolfe", max_iter=20)

    def closure():
        opt.zero_grad()
        loss = ((model(x) - t) ** 2).mean()
        loss.backward()
        return loss

    best, t0 = np.inf, time.perf_counter()
    while time.perf_counter() - t0 < budget:
        opt.step(closure)
        with torch.no_grad():
            best = min(best, float(((model(x) - t) ** 2).mean()))
    return best


CONTENDERS = {
    "bpnn gd": lambda X, T, h, b, s: run_bpnn(X, T, h, b, s, "gd", lr=0.01),
    "bpnn adam": lambda X, T, h, b, s: run_bpnn(X, T, h, b, s, "adam", lr=0.01),
    "bpnn rprop": lambda X, T, h, b, s: run_bpnn(X, T, h, b, s, "rprop"),
    "bpnn scg": lambda X, T, h, b, s: run_bpnn(X, T, h, b, s, "scg"),
    "bpnn lm": lambda X, T, h, b, s: run_bpnn(X, T, h, b, s, "lm"),
    "bpnn lm x10": lambda X, T, h, b, s: run_bpnn(X, T, h, b, s, "lm", restarts=10),
    "sklearn lbfgs": lambda X, T, h, b, s: run_sklearn(X, T, h, b, s, "lbfgs"),
    "sklearn adam": lambda X, T, h, b, s: run_sklearn(X, T, h, b, s, "adam"),
    "torch adam": lambda X, T, h, b, s: run_torch(X, T, h, b, s, "adam"),
    "torch lbfgs": lambda X, T, h, b, s: run_torch(X, T, h, b, s, "lbfgs"),
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    columns = [(task, budget) for task in tasks() for budget in args.budgets]
    print("P2 time to quality: best training MSE reached within each wall-time budget")
    print(f"{'method':<14}" + "".join(f"{f'{task} {budget:g}s':>16}" for task, budget in columns))
    data = tasks()
    for name, run in CONTENDERS.items():
        cells = []
        for task, budget in columns:
            X, T, hidden = data[task]
            try:
                cells.append(f"{run(X, T, hidden, budget, args.seed):>16.3e}")
            except ImportError as exc:
                cells.append(f"{'n/a (' + exc.name + ')':>16}")
        print(f"{name:<14}" + "".join(cells))


if __name__ == "__main__":
    main()
