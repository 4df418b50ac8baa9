"""``bpnn bench``: the benchmark suite (figures P1–P7) from the source checkout's benchmarks/."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import typer

from ..errors import BPNNError
from .app import app


def benchmarks_folder() -> Path:
    """Where benchmarks/suite.py is: $BPNN_BENCHMARKS, ./benchmarks, or the checkout bpnn runs from."""
    candidates = [Path(os.environ["BPNN_BENCHMARKS"])] if os.environ.get("BPNN_BENCHMARKS") else []
    candidates += [Path.cwd() / "benchmarks", Path(__file__).resolve().parents[3] / "benchmarks"]
    for folder in candidates:
        if (folder / "suite.py").is_file():
            return folder
    raise BPNNError.of("err_bench_folder", places=", ".join(str(c) for c in candidates))


@app.command()
def bench(
    quick: bool = typer.Option(False, "--quick", help="Small sizes and one repeat: under a minute (CI's smoke run)."),
    only: str = typer.Option("", "--only", help="Comma-separated figures to run, e.g. P1,P3 (default: all)."),
    repeats: int | None = typer.Option(None, help="Repeats per contender (default: 5 for P1, 3 for the "
                                                  "others, 1 with --quick; P6: seeds, 5, or 2 with --quick)."),
    mnist: Path | None = typer.Option(None, help="MNIST .npz for P3 (default: ../shared/datasets/mnist.npz)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON document instead of the lines: each "
                                  "figure's lines, and the start-up rows (schema: docs/workflow.md#json-output)."),
) -> None:
    """Time bpnn against PyTorch, scikit-learn and FANN, side by side (figures P1–P5), score its
    defaults against scikit-learn's on real tables (P6), and race scikit-learn to accuracy on UCI letters (P7).

    Each figure prints lines starting with its name; medians over interleaved
    repeats and ratios N.Nx.  Missing optional peers are reported and skipped.
    """
    if repeats is not None and repeats < 1:
        raise BPNNError.of("err_repeats", value=repeats)
    folder = benchmarks_folder()
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    suite = importlib.import_module("suite")
    figures = suite.parse_only(only)
    unknown = [name for name in figures if name not in suite.FIGURES]
    if unknown:
        raise BPNNError.of("err_bench_figure", name=unknown[0], choices=", ".join(suite.FIGURES))
    if not json_out:
        suite.run(quick=quick, only=figures, repeats=repeats, mnist=mnist, out=lambda line: print(line, flush=True))
        return
    from .jsonout import emit

    lines = []
    results = suite.run(quick=quick, only=figures, repeats=repeats, mnist=mnist, out=lines.append)
    emit("bench", {"quick": quick, "lines": lines,
                   "figures": {name: [line for line in lines if line.startswith(name)] for name in figures},
                   "startup": (results or {}).get("startup")})
