"""The benchmark suite behind ``bpnn bench``: figures P1–P7, side by side, in one process.

    P1  the seed article's loop: bpnn vs the article's PyTorch code, scikit-learn, a C floor
    P2  time to quality: the best MSE within wall-time budgets (sin and a 2-D surface)
    P3  one MNIST epoch, 784-256-10, float32: bpnn vs PyTorch CPU vs scikit-learn; GFLOP/s
    P4  multi-start: K = 1, 10, 100, 1000 restarts trained as one stack
    P5  FANN, the C library, on UCI letters: epochs per second
    P6  real tables: test accuracy / R² and fit time of bpnn's defaults against scikit-learn's MLP
        at its defaults and a small tuned grid (benchmarks/tables.py; mean ± sd over seeds)
    P7  UCI letters, time to accuracy: bpnn against scikit-learn's MLPClassifier (256) and (256, 256)
        (benchmarks/letters_race.py; issue 21 named it P6, a name the real tables had already taken)
    startup  whole ``bpnn`` processes: import bpnn, bpnn --help, bpnn predict on 10 rows (targets)

Every figure prints lines that start with its name.  ``--quick`` shrinks every
figure (fewer steps, a part of the data, one repeat) to run in under a minute:
CI's smoke run.  Optional peers (PyTorch, scikit-learn, numba, FANN, gcc) that
are missing are reported and skipped.

    python benchmarks/suite.py [--quick] [--only P1,P3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import common  # noqa: E402

FIGURES = ("P1", "P2", "P3", "P4", "P5", "P6", "P7", "startup")


def p1(quick: bool, repeats, out) -> None:
    import seed_loop

    seed_loop.bench(steps=1000 if quick else 5000, repeats=repeats or (1 if quick else 5), out=out)


def p2(quick: bool, repeats, out) -> None:
    import time_to_quality as ttq

    budgets = (0.05,) if quick else (0.1, 1.0)
    data = ttq.tasks()
    out(f"P2 time to quality: best training MSE within {', '.join(f'{b:g} s' for b in budgets)} "
        f"(sin: 1-4-1; surface z = sin(x)cos(y), 20x20 grid: 2-10-1)")
    best = {}
    for name, run in ttq.CONTENDERS.items():
        cells = []
        for task, (X, T, hidden) in data.items():
            for budget in budgets:
                try:
                    mse = run(X, T, hidden, budget, 0)
                    cells.append(f"{task} {budget:g}s {mse:9.3e}")
                    key = (task, budget)
                    if mse < best.get(key, (float("inf"),))[0]:
                        best[key] = (mse, name)
                except ImportError as exc:
                    cells.append(f"{task} {budget:g}s skipped ({exc.name} not installed)")
        out(f"P2   {name:<14} " + "   ".join(cells))
    out("P2 best: " + "   ".join(f"{task} {budget:g}s: {name} ({mse:.3g})"
                                 for (task, budget), (mse, name) in best.items()))


def p3(quick: bool, repeats, out, mnist=None) -> None:
    import mnist_epoch

    kwargs = {"mnist": Path(mnist)} if mnist else {}
    mnist_epoch.bench(repeats=repeats or (1 if quick else 3), rows=3000 if quick else 60000, out=out, **kwargs)


def p4(quick: bool, repeats, out) -> None:
    import multistart

    multistart.bench(repeats=repeats or (1 if quick else 3), scale=0.1 if quick else 1.0, kmax=100 if quick else 1000,
                     out=out)


def p5(quick: bool, repeats, out) -> None:
    import fann_letters

    fann_letters.bench(epochs=2 if quick else 20, repeats=repeats or (1 if quick else 3), out=out)


def p6(quick: bool, repeats, out) -> None:
    import tables

    tables.bench(quick=quick, seeds=repeats, out=out)


def p7(quick: bool, repeats, out) -> None:
    import letters_race

    letters_race.bench(repeats=repeats or (1 if quick else 3), quick=int(quick), out=out)


def startup(quick: bool, repeats, out) -> None:
    import startup as figure

    return figure.bench(repeats=repeats or (3 if quick else 7), out=out)


def run(quick: bool = False, only=FIGURES, repeats: int | None = None, mnist=None, out=print) -> dict:
    """Run the chosen figures and print their lines; returns {figure: what it returned} (startup: its rows)."""
    results = {}
    out(f"bpnn bench{' --quick' if quick else ''}: {common.machine()}")
    out(f"peers: {common.versions()}")
    t0 = time.perf_counter()
    for name in only:
        start = time.perf_counter()
        if name == "P3":
            p3(quick, repeats, out, mnist)
        else:
            results[name] = {"P1": p1, "P2": p2, "P4": p4, "P5": p5, "P6": p6, "P7": p7, "startup": startup}[name](
                quick, repeats, out)
        out(f"   ({name} took {time.perf_counter() - start:.1f} s)")
    out(f"bench done in {time.perf_counter() - t0:.1f} s")
    return results


def parse_only(text: str) -> tuple:
    """``"P1,p3"`` → ("P1", "P3"); a name that is not a figure is passed through as given (the
    callers refuse it: ``main`` here with argparse, ``bpnn bench`` in the chosen language)."""
    canonical = {f.upper(): f for f in FIGURES}
    return tuple(dict.fromkeys(canonical.get(p.strip().upper(), p.strip()) for p in text.split(",")
                               if p.strip())) or FIGURES


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--repeats", type=int)
    args = parser.parse_args(argv)
    only = parse_only(args.only)
    unknown = [name for name in only if name not in FIGURES]
    if unknown:
        parser.error(f"unknown figure {unknown[0]!r}; choose from {', '.join(FIGURES)}, e.g. --only P1,P3")
    run(args.quick, only, args.repeats)


if __name__ == "__main__":
    main()
