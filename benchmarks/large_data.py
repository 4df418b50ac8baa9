"""Training on 1,000,000 rows × 20 features in bounded memory (issue: robustness, scale).

Writes a generated data set to ``.npy`` files (and optionally a CSV) block by block,
then trains a 20-32-1 network with Adam on minibatches streamed from disk
(:func:`bpnn.training.streaming.train_stream`), and reports the peak resident memory (RSS)
next to the size of the data.  It also shows what Levenberg–Marquardt would need
for the same data (refused, with the estimate).

    python benchmarks/large_data.py [--rows 1000000] [--epochs 2] [--csv]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

import bpnn
from bpnn.errors import BPNNError
from bpnn.training.objective import check_jacobian_fits
from bpnn.training.streaming import CsvSource, NpySource, train_stream


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_data(folder: Path, rows: int, features: int, seed: int = 0, block: int = 100_000) -> tuple[Path, Path]:
    """A smooth target of 20 inputs plus noise, written in blocks (never whole in memory)."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=features) / np.sqrt(features)
    x_path, t_path = folder / "X.npy", folder / "T.npy"
    with open(x_path, "wb") as fx, open(t_path, "wb") as ft:
        for f, cols in ((fx, features), (ft, 1)):
            np.lib.format.write_array_header_1_0(f, {"descr": "<f4", "fortran_order": False, "shape": (rows, cols)})
        for start in range(0, rows, block):
            xb = rng.uniform(-1, 1, (min(block, rows - start), features))
            tb = np.tanh(xb @ w) + 0.5 * np.sin(2 * xb[:, 0]) + 0.01 * rng.normal(size=len(xb))
            fx.write(xb.astype("<f4").tobytes())
            ft.write(tb.astype("<f4").tobytes())
    return x_path, t_path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--csv", action="store_true", help="also train from a chunked CSV")
    args = parser.parse_args(argv)
    start_rss = peak_rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        x_path, t_path = write_data(folder, args.rows, args.features)
        data_mb = (x_path.stat().st_size + t_path.stat().st_size) / 2 ** 20
        after_write = peak_rss_mb()
        print(f"data: {args.rows} rows × {args.features} features, float32 .npy, {data_mb:.0f} MiB on disk")
        net = bpnn.Network([args.features, 32, 1], "tanh", "linear", seed=0)
        t0 = time.perf_counter()
        rec = train_stream(net, NpySource(x_path, t_path), algorithm="adam", lr=0.003, epochs=args.epochs,
                           batch_size=args.batch_size, seed=0, progress=True)
        seconds = time.perf_counter() - t0
        print(f"npy stream: {args.epochs} epochs of Adam in {seconds:.1f} s, mean batch MSE per epoch "
              + ", ".join(f"{v:.4g}" for v in rec.loss[1:]))
        print(f"peak RSS: {start_rss:.0f} MiB at start, {after_write:.0f} MiB after writing, "
              f"{peak_rss_mb():.0f} MiB after training (data {data_mb:.0f} MiB)")
        if args.csv:
            import pandas as pd

            csv = folder / "data.csv"
            first = True
            for start in range(0, args.rows, 100_000):
                block = NpySource(x_path, t_path)
                xb, tb = block.X.rows(start, start + 100_000), block.T.rows(start, start + 100_000)
                frame = pd.DataFrame(xb, columns=[f"x{j}" for j in range(args.features)])
                frame["y"] = tb[:, 0]
                frame.to_csv(csv, mode="w" if first else "a", header=first, index=False)
                first = False
            t0 = time.perf_counter()
            rec = train_stream(bpnn.Network([args.features, 32, 1], seed=0), CsvSource(csv, "y", chunk_rows=50_000),
                               algorithm="adam", lr=0.003, epochs=1, batch_size=args.batch_size, seed=0)
            print(f"csv stream: 1 epoch in {time.perf_counter() - t0:.1f} s, mean batch MSE {rec.loss[-1]:.4g}; "
                  f"peak RSS {peak_rss_mb():.0f} MiB")
        try:
            check_jacobian_fits(1, args.rows, net.n_params)
            print("lm on all rows: the Jacobian would fit")
        except BPNNError as exc:
            print(f"lm on all rows: refused — {exc}")


if __name__ == "__main__":
    main()
