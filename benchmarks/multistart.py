"""P4: multi-start — K = 1, 10, 100, 1000 restarts of the article's sin network, as one batched stack.

``bpnn.train(net, X, T, algorithm=A, restarts=K)`` trains K networks (the
given one and K − 1 fresh Nguyen–Widrow draws) together and keeps the best.
For gd (the article's lr 0.01), gdm, gdx, rprop, adam and lm, each for a fixed
number of epochs (``min_grad=0``: no network stops early), the script prints
the time of K restarts relative to one, and the time per restart.  K = 1 takes
the single-network path: for gd the compiled loop when numba is installed
(forced: the selector itself takes it for 50 000 epochs or more, so that gd's
K = 1 is its fastest single run, as the issue measured it), NumPy chunks of
epochs for the other first-order algorithms; K > 1 the engine the selector
picks for a stack (compiled for the first-order algorithms, each network's epoch
and step in numba; wide NumPy for lm).  lm stops at K = 100 (its Jacobians).

    python benchmarks/multistart.py [--repeats 3] [--scale 1.0] [--kmax 1000]
"""

from __future__ import annotations

import time

import bpnn

try:
    from common import command_line, fmt_time, interleaved, ratio
except ImportError:                                      # imported as benchmarks.multistart
    from .common import command_line, fmt_time, interleaved, ratio

ALGORITHMS = {"gd": {"lr": 0.01, "epochs": 1000}, "gdm": {"lr": 0.01, "epochs": 1000}, "gdx": {"epochs": 1000},
              "rprop": {"epochs": 300}, "adam": {"lr": 0.01, "epochs": 1000}, "lm": {"epochs": 100}}
MAX_K = {"lm": 100}                                      # its K Jacobians: 1000 would measure memory


def run(algorithm: str, K: int, options: dict, engine: str = "auto"):
    X, T = bpnn.sin_data()
    net = bpnn.article_network()
    t0 = time.perf_counter()
    rec = bpnn.train(net, X, T, algorithm=algorithm, restarts=K, seed=0, min_grad=0.0, engine=engine, **options)
    return time.perf_counter() - t0, rec.final_loss


def bench(repeats: int = 3, kmax: int = 1000, algorithms=ALGORITHMS, scale: float = 1.0, out=print, ks=None) -> dict:
    """Print the P4 lines; return the timings.  ``scale`` shrinks the epochs (for --quick); ``kmax``: the
    largest K (of 1, 10, 100, 1000), or ``ks`` the Ks themselves."""
    results = {}
    ks = tuple(ks or (K for K in (1, 10, 100, 1000) if K <= kmax))
    from bpnn.engines import compiled
    if compiled.available():          # the stack's kernels: compiled once (cached on disk), not timed here
        X, T = bpnn.sin_data()
        bpnn.train(bpnn.article_network(), X, T, restarts=2, epochs=1, engine="compiled")
    out(f"P4 multi-start: 1-4-1 sin network, restarts K = {', '.join(map(str, ks))} trained as one stack, "
        f"median of {repeats}:")
    for algorithm, options in algorithms.items():
        options = {**options, "epochs": max(1, int(options["epochs"] * scale))}
        single = "compiled" if algorithm == "gd" and compiled.available() else "auto"     # (the docstring)
        contenders = {K: (lambda K=K: run(algorithm, K, options, single if K == 1 else "auto"))
                      for K in ks if K <= MAX_K.get(algorithm, K)}
        timings = interleaved(contenders, repeats, warmup=True)
        base = timings[ks[0]].median
        cells = [f"K={K}: {fmt_time(t.median)} ({ratio(t.median, base)} of K={ks[0]}, "
                 f"{fmt_time(t.median / K)} per restart, best mse {t.result:.3g})" for K, t in timings.items()]
        out(f"P4   {algorithm:<5} {options['epochs']} epochs   " + "   ".join(cells))
        results[algorithm] = timings
    K = min(100, ks[-1])
    summary = "   ".join(f"{a} {ratio(t[K].median, t[ks[0]].median)}" for a, t in results.items())
    out(f"P4 time of K={K} relative to K={ks[0]}: {summary}  (target at most 5x)")
    if "gd" in results and ks[0] == 1 and K > 1 and compiled.available():
        floor = activation_floor(K, max(1, int(ALGORITHMS["gd"]["epochs"] * scale)), repeats)
        single = results["gd"][1].median
        out(f"P4 gd floor: the stack's tanh pass alone, K={K} networks × 80 values × the epochs, takes "
            f"{fmt_time(floor)} = {floor / single:.1f}x gd's K=1 run (5x would leave {fmt_time(5 * single)} for "
            f"the whole of K={K}'s epochs)")
    return results


def activation_floor(K: int, epochs: int, repeats: int = 3) -> float:
    """Seconds the compiled stack's own tanh pass (``vact_rows`` of its generated module, the code a
    stacked epoch runs) takes for K networks' 20 × 4 hidden values, ``epochs`` times: a floor under
    any stacked gd epoch of the 1-4-1 network, whatever else it does (median of ``repeats``)."""
    import numpy as np
    from bpnn.engines import compiled

    net = bpnn.article_network()
    forms = compiled._stack_forms(net.activations)
    module = compiled.stack_kernels(net.activations)
    code = forms.index(net.activations[0].vector or net.activations[0].scalar)
    per_call = 10                                                    # epochs' values per call (640 KB at K = 100)
    z = np.random.default_rng(0).normal(size=(20 * 4 * per_call, K))
    module.vact_rows(code, z.copy(), 0, len(z))                      # loaded before the timing
    seconds = []
    for _ in range(repeats):
        buf = z.copy()
        t0 = time.perf_counter()
        for _ in range(-(-epochs // per_call)):
            module.vact_rows(code, buf, 0, len(buf))
        seconds.append(time.perf_counter() - t0)
    return sorted(seconds)[len(seconds) // 2]


def main(argv=None) -> None:
    command_line(bench, __doc__, argv, repeats=3, scale=1.0, kmax=1000)


if __name__ == "__main__":
    main()
