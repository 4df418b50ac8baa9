"""Scale-out: a sweep of 48 trainings serial against 2 workers; LM on 1 000 000 rows × 20 inputs in one
process against 2 Dask workers (time per epoch, peak memory of every process).

The sweep is 12 settings × 4 folds on the concrete table (1030 rows, 400 epochs each: max_fail 400,
so no early stop).  LM trains a 20-10-1 network (p = 221) for 3 epochs on 1 000 000 rows (``--rows``)
three ways, each in a fresh process so that its peak memory (ru_maxrss) is its own:

* one process, one product over all rows (J whole: n × p, about 1.8 GiB at 1 000 000 rows);
* one process, the rows in blocks of 65 536 (``block_rows``: J a chunk at a time), the sums a
  data-parallel run makes;
* 2 Dask workers (LocalCluster, one thread each), blocks of 65 536 rows, sent once.

The last two give the same weights bit for bit (checked and printed).  The load average
(``uptime``) is printed with each figure: the figures are only comparable in a quiet window.

    python benchmarks/scale_out.py [--rows 1000000] [--epochs 3] [--skip-sweep] [--skip-lm]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cluster(workers: int = 2):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return cluster, Client(cluster)


# -- 1. the sweep ------------------------------------------------------------------------------------
def sweep_bench(out=print) -> dict:
    import pandas as pd

    from bpnn.app.sweep import sweep

    df = pd.read_csv(ROOT / "examples" / "concrete" / "concrete.csv")
    X, y = df.drop(columns="compressive_strength").to_numpy(float), df["compressive_strength"].to_numpy(float)
    grid = {"hidden": [[5], [10], [20]], "algorithm": ["lm", "scg"], "weight_decay": [0.0, 1e-3]}
    kw = dict(grid=grid, folds=4, seed=0, epochs=400, max_fail=400, refit=False)
    times, scores, loads = {}, {}, {}
    for name in ("serial", "2 processes", "Dask, 2 workers"):
        cluster = client = None
        if name.startswith("Dask"):
            cluster, client = _cluster(2)
        t0 = time.perf_counter()
        result = sweep(X, y, n_jobs=2 if name == "2 processes" else 1, executor=client, **kw)
        times[name] = time.perf_counter() - t0
        loads[name] = load()
        scores[name] = {(r["key"], r["fold"]): r["score"] for r in result.rows}
        if client is not None:
            client.close()
            cluster.close()
    same = all(s == scores["serial"] for s in scores.values())
    out(f"sweep: {len(scores['serial'])} trainings (12 settings × 4 folds, concrete 1030 rows, 400 epochs), "
        f"the same scores everywhere: {same}")
    for name, t in times.items():
        out(f"  {name:<16} {t:7.1f} s   {times['serial'] / t:4.2f}× serial   (load {loads[name]})")
    return {"times": times, "same": same}


# -- 2. LM on a large table -----------------------------------------------------------------------
def _table(rows: int):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((rows, 20))
    T = np.tanh(X[:, :5].sum(1, keepdims=True)) + 0.1 * rng.standard_normal((rows, 1))
    return X, T


def load() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` prints them."""
    import os

    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def lm_child(mode: str, rows: int, epochs: int) -> dict:
    import bpnn

    X, T = _table(rows)
    net = bpnn.Network([20, 10, 1], seed=0)
    cluster = client = None
    if mode == "dask":
        cluster, client = _cluster(2)
    options = {"executor": client, "block_rows": 65_536} if client is not None else \
        {"block_rows": 65_536} if mode == "blocks" else {}
    t0 = time.perf_counter()
    record = bpnn.train(net, X, T, algorithm="lm", epochs=epochs, min_grad=0.0, **options)
    total = time.perf_counter() - t0
    per_epoch = float(np.median(np.diff(record.time))) if len(record.time) > 1 else total
    out = {"mode": mode, "rows": rows, "epochs": record.epochs, "per_epoch": per_epoch, "total": total,
           "final_loss": record.final_loss, "driver_mib": _peak_mib(), "load": load(),
           "theta": net.theta.tolist()}
    if client is not None:
        out["worker_mib"] = sorted(v / 1024 for v in client.run(
            lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).values())
        client.close()
        cluster.close()
    return out


def lm_bench(rows: int, epochs: int, out=print) -> dict:
    res = {}
    for mode in ("single", "blocks", "dask"):
        proc = subprocess.run([sys.executable, __file__, "--child", mode, "--rows", str(rows), "--epochs", str(epochs)],
                              capture_output=True, text=True, check=True)
        res[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    s, b, d = res["single"], res["blocks"], res["dask"]
    same = b["theta"] == d["theta"]
    gap = float(np.max(np.abs(np.subtract(s["theta"], d["theta"]))))
    out(f"LM on {rows} rows × 20 inputs, 20-10-1 (p = 221), {epochs} epochs; final losses "
        f"{s['final_loss']:.12g} / {b['final_loss']:.12g} / {d['final_loss']:.12g}; workers = blocks in one "
        f"process bit for bit: {same}; max |Δθ| against one product: {gap:.1e}")
    out(f"  one process, one product   {s['per_epoch']:6.2f} s/epoch   peak {s['driver_mib']:7.0f} MiB   "
        f"(load {s['load']})")
    out(f"  one process, blocks        {b['per_epoch']:6.2f} s/epoch   peak {b['driver_mib']:7.0f} MiB   "
        f"({s['per_epoch'] / b['per_epoch']:.2f}× one product; load {b['load']})")
    out(f"  2 Dask workers, blocks     {d['per_epoch']:6.2f} s/epoch   peak driver {d['driver_mib']:.0f} MiB, workers "
        f"{' / '.join(f'{m:.0f}' for m in d['worker_mib'])} MiB   ({s['per_epoch'] / d['per_epoch']:.2f}× one "
        f"product, {b['per_epoch'] / d['per_epoch']:.2f}× blocks; load {d['load']})")
    return res


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--skip-lm", action="store_true")
    parser.add_argument("--child", choices=("single", "blocks", "dask"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(lm_child(args.child, args.rows, args.epochs)))
        return
    print(f"load average at the start: {load()}")
    if not args.skip_sweep:
        sweep_bench()
        print(f"load average after the sweep: {load()}")
    if not args.skip_lm:
        lm_bench(args.rows, args.epochs)


if __name__ == "__main__":
    main()
