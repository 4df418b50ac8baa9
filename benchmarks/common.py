"""What every benchmark shares: interleaved timing, medians, ratios, machine facts.

Contenders run in one process, one after another within each repeat
(interleaved), so that drift in the machine's load hits them alike; each
figure is the median over the repeats, and comparisons are ratios ``N.Nx``.
"""

from __future__ import annotations

import platform
import statistics
import time
from dataclasses import dataclass, field


@dataclass
class Timing:
    """Seconds of every repeat of one contender, and what its last run returned."""

    seconds: list = field(default_factory=list)
    result: object = None
    skipped: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


def c_library(source: str, flags=("-O2",), libraries=("-lm",), prefix: str = "bpnn-bench-"):
    """``source`` compiled by gcc into a shared library and loaded (ctypes.CDLL), its temporary folder
    removed again: a loaded library stays mapped without its file.  Raises CalledProcessError with
    gcc's message where it does not compile."""
    import ctypes
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix=prefix, ignore_cleanup_errors=True) as folder:
        folder = Path(folder)
        (folder / "code.c").write_text(source)
        subprocess.run(["gcc", *flags, "-shared", "-fPIC", "-o", str(folder / "code.so"), str(folder / "code.c"),
                        *libraries], check=True, capture_output=True, text=True)
        return ctypes.CDLL(str(folder / "code.so"))


def interleaved(contenders: dict, repeats: int, warmup: bool = False) -> dict:
    """Run every contender ``repeats`` times, interleaved; each returns (seconds, result).

    A contender that raises ImportError is marked skipped with the missing
    module's name (optional peers: PyTorch, scikit-learn, numba, FANN).
    """
    timings = {name: Timing() for name in contenders}
    for r in range(repeats + int(warmup)):
        for name, run in contenders.items():
            t = timings[name]
            if t.skipped:
                continue
            try:
                seconds, result = run()
            except ImportError as exc:
                t.skipped = f"skipped: {exc}"
                continue
            if warmup and r == 0:
                continue
            t.seconds.append(seconds)
            t.result = result
    return timings


def timed(fn, *args, **kwargs):
    """(seconds, fn(*args, **kwargs))."""
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def ratio(slow: float, fast: float) -> str:
    """``slow / fast`` as ``N.Nx`` (how many times faster ``fast`` is)."""
    if not (slow > 0 and fast > 0):
        return "n/a"
    x = slow / fast
    return f"{x:.1f}x" if x >= 0.95 else f"{x:.2f}x"


def fmt_time(seconds: float) -> str:
    if seconds != seconds:
        return "n/a"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} us"


def machine() -> str:
    """One line about this machine: CPU, cores, Python, NumPy and its BLAS."""
    import os

    import numpy as np

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    blas = "unknown BLAS"
    try:
        info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{info.get('name', '?')} {info.get('version', '')}".strip()
    except Exception:                       # noqa: BLE001  (older numpy: no dict mode)
        pass
    return (f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"NumPy {np.__version__} ({blas})")


def versions() -> str:
    """The peers' versions, where installed."""
    out = []
    for mod in ("torch", "sklearn", "numba"):
        try:
            m = __import__(mod)
            out.append(f"{'scikit-learn' if mod == 'sklearn' else mod} {m.__version__}")
        except ImportError:
            out.append(f"{mod} not installed")
    return ", ".join(out)


def report(out, figure: str, timings: dict, describe, width: int = 15) -> None:
    """One line per contender: ``P3   name   <describe(t)>``, or why it was skipped."""
    for name, t in timings.items():
        out(f"{figure}   {name:<{width}} {t.skipped if t.skipped else describe(t)}")


def command_line(bench, doc: str, argv=None, **defaults) -> None:
    """Run ``bench(**options)`` with ``--name value`` options for each default (ints and floats)."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    for name, value in defaults.items():
        parser.add_argument(f"--{name}", type=type(value), default=value)
    bench(**vars(parser.parse_args(argv)))
