"""Start-up: how long a whole ``bpnn`` process takes, from exec to exit (``bpnn bench --only startup``).

Each case runs as a fresh process (``python -X ... -c`` or ``python -m bpnn``), interleaved with the
others over the repeats, and its median wall time is printed beside its target and beside a bare
``python -c pass`` (what no Python program can beat on this machine):

    startup import bpnn              0.05 s  (target ≤ 0.3 s)  ok   python itself 0.02 s
    startup bpnn --help              0.31 s  (target ≤ 0.5 s)  ok
    startup bpnn predict (10 rows)   0.62 s  (target ≤ 0.8 s)  ok

The targets are issue 17's.  ``-X importtime`` (``python -X importtime -m bpnn --help``) says
where the time of one case goes.  Absolute times on a shared machine are noise: compare the cases
with one another, and with ``python itself``, in one run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

#: name, argv after the interpreter, target in seconds (None: shown without a target)
CASES = (
    ("python itself", ["-c", "pass"], None),
    ("import bpnn", ["-c", "import bpnn"], 0.3),
    ("bpnn --version", ["-m", "bpnn", "--version"], None),
    ("bpnn --help", ["-m", "bpnn", "--help"], 0.5),
    ("bpnn train --help", ["-m", "bpnn", "train", "--help"], None),
    ("bpnn predict (10 rows)", ["-m", "bpnn", "predict", "{model}", "{rows}"], 0.8),
    ("import bpnn; bpnn.train", ["-c", "import bpnn; bpnn.train"], None),
)


def _files(folder: Path) -> dict:
    """A tiny model (2 inputs, trained for 5 epochs) and 10 rows to predict with it."""
    import numpy as np

    import bpnn

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    model = bpnn.fit(X, X[:, 0] - X[:, 1], features=["x1", "x2"], target="y", hidden=[4], epochs=5,
                     ensemble=1, seed=0)
    bpnn.save_model(model, folder / "model.bpnn")
    (folder / "rows.csv").write_text("x1,x2\n" + "".join(f"{a:.3f},{b:.3f}\n" for a, b in X[:10]))
    return {"model": str(folder / "model.bpnn"), "rows": str(folder / "rows.csv")}


def _run_once(argv: list) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0", "BPNN_LANG": "en"}
    t = time.perf_counter()
    done = subprocess.run([sys.executable, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace').strip()[-300:]}")
    return seconds


def measure(repeats: int = 5) -> list[dict]:
    """Median seconds of each case over ``repeats`` interleaved runs (after one warm-up run each)."""
    with tempfile.TemporaryDirectory() as tmp:
        names = _files(Path(tmp))
        cases = {name: [arg.format(**names) for arg in argv] for name, argv, _ in CASES}
        timings = common.interleaved({name: (lambda argv=argv: (_run_once(argv), None))
                                      for name, argv in cases.items()}, repeats, warmup=True)
    return [{"case": name, "seconds": timings[name].median, "target": target,
             "ok": None if target is None else timings[name].median <= target}
            for name, _, target in CASES]


def bench(repeats: int = 5, out=print) -> list[dict]:
    """Print one line per case; returns the rows (for ``bpnn bench --json``)."""
    rows = measure(repeats)
    base = rows[0]["seconds"]
    out(f"startup: whole processes, median of {repeats} (python {sys.version.split()[0]})")
    for row in rows:
        target = "" if row["target"] is None else \
            f"(target ≤ {row['target']:g} s)  {'ok' if row['ok'] else 'OVER'}"
        out(f"startup {row['case']:<24} {row['seconds']:6.2f} s  {target:<24}"
            + (f"  {row['seconds'] / base:4.1f}x python itself" if row is not rows[0] else ""))
    return rows


if __name__ == "__main__":
    bench()
