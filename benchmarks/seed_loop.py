"""P1: the seed article's training loop — PyTorch as the article writes it vs bpnn vs the rest.

Same task in one process: 1-4-1 tanh network, 20 points of sin(x), 5000
full-batch gradient-descent steps at lr 0.01, from the article's initial
weights.  Each contender runs ``--repeats`` times, interleaved; the script
prints the median time of each and its speed-up over the article's loop.

    python benchmarks/seed_loop.py [--steps 5000] [--repeats 5]

Contenders:
  torch-article   the article's loop as written, without its per-step print
  bpnn            bpnn.train(..., algorithm="gd") on the compiled loop (engine="compiled") when
                  numba is installed (pip install bpnn[fast]), else buffered: P1 times the
                  compiled loop.  (The selector itself takes it for 50 000 epochs or more:
                  5000 save less than a fresh process takes to load it; bpnn-numpy is its
                  choice here.)
  bpnn-numpy      the same with engine="buffered" (NumPy, buffers reused)
  bpnn-reference  the same with engine="reference" (the readable loss_and_grad)
Each line names the engine that ran (record.engine).
  sklearn-sgd     scikit-learn MLPRegressor(solver="sgd"), full batch, the same steps
  c-floor         the same loop in plain C (gcc -O2, compiled at run time): the floor
  c-native        the same C with gcc -O3 -march=native (numba, too, compiles for this CPU)

Absolute times on shared machines are noise; the ratios are the result.
"""

from __future__ import annotations

import ctypes
import shutil
import time
import warnings

import numpy as np

import bpnn

try:
    from common import c_library, command_line, fmt_time, interleaved, ratio, report
except ImportError:                                      # imported as benchmarks.seed_loop
    from .common import c_library, command_line, fmt_time, interleaved, ratio, report


def time_bpnn(steps: int, engine: str = "auto") -> tuple[float, float]:
    X, T = bpnn.sin_data()
    net = bpnn.article_network()
    t0 = time.perf_counter()
    record = bpnn.train(net, X, T, algorithm="gd", lr=0.01, epochs=steps, engine=engine)
    seconds = time.perf_counter() - t0
    _ENGINES[engine] = record.engine
    return seconds, record.loss[steps - 1]


_ENGINES: dict = {}                     # the engine each contender's runs used (record.engine)


def time_torch_article(steps: int) -> tuple[float, float]:
    import torch

    torch.manual_seed(99)

    def forward(w1, b1, w2, b2, x):
        return w2 @ torch.tanh(w1 @ x + b1) + b2

    def loss(y, py):
        return ((y - py) ** 2).mean()

    x = torch.linspace(-5, 5, 20).reshape(1, 20)
    y = torch.sin(x)
    in_num, out_num, hn = x.shape[0], y.shape[0], 4
    w1 = torch.randn([hn, in_num], requires_grad=True)
    b1 = torch.randn([hn, 1], requires_grad=True)
    w2 = torch.randn([out_num, hn], requires_grad=True)
    b2 = torch.randn([out_num, 1], requires_grad=True)
    lr = 0.01
    t0 = time.perf_counter()
    for i in range(steps):
        py = forward(w1, b1, w2, b2, x)
        L = loss(y, py)
        L.backward()
        w1.data = w1.data - w1.grad * lr
        b1.data = b1.data - b1.grad * lr
        w2.data = w2.data - w2.grad * lr
        b2.data = b2.data - b2.grad * lr
        w1.grad.zero_()
        b1.grad.zero_()
        w2.grad.zero_()
        b2.grad.zero_()
    return time.perf_counter() - t0, L.item()


def time_sklearn(steps: int) -> tuple[float, float]:
    """MLPRegressor(solver="sgd"): full batch, no momentum, no regularisation, `steps` epochs.

    scikit-learn minimises half the mean squared error, so lr 0.02 takes the
    article's steps; it starts from its own initial weights (random_state=0).
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor

    X, T = bpnn.sin_data()
    model = MLPRegressor(hidden_layer_sizes=(4,), activation="tanh", solver="sgd", learning_rate_init=0.02,
                         momentum=0.0, nesterovs_momentum=False, batch_size=len(X), alpha=0.0, max_iter=steps,
                         shuffle=False, tol=0.0, n_iter_no_change=steps + 1, random_state=0)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, T.ravel())
    return time.perf_counter() - t0, 2 * model.loss_curve_[-1]


C_LOOP = r"""
#include <math.h>
/* The article's loop: 1-H-1 tanh network, n points, full-batch gradient descent on the mse. */
double gd_loop(const double *x, const double *y, int n, int H, double *w1, double *b1, double *w2,
               double *b2, double lr, int steps, double *a) {
    double E = 0.0;
    for (int s = 0; s < steps; s++) {
        double g1[64] = {0}, gb1[64] = {0}, gw2[64] = {0}, gb2 = 0.0;
        E = 0.0;
        for (int i = 0; i < n; i++) {
            double out = *b2;
            for (int j = 0; j < H; j++) { a[j] = tanh(w1[j] * x[i] + b1[j]); out += w2[j] * a[j]; }
            double e = out - y[i];
            E += e * e;
            double d = 2.0 * e / n;
            gb2 += d;
            for (int j = 0; j < H; j++) {
                gw2[j] += a[j] * d;
                double dh = d * w2[j] * (1.0 - a[j] * a[j]);
                gb1[j] += dh;
                g1[j] += x[i] * dh;
            }
        }
        E /= n;
        for (int j = 0; j < H; j++) { w1[j] -= lr * g1[j]; b1[j] -= lr * gb1[j]; w2[j] -= lr * gw2[j]; }
        *b2 -= lr * gb2;
    }
    return E;   /* the loss at the last step, before its update */
}
"""

_c_libs: dict = {}                       # the C loop, compiled, by gcc flags


def c_floor_available() -> str | None:
    """None when the C floor can be built here, else why not."""
    return None if shutil.which("gcc") else "no C compiler (gcc) on this machine"


def time_c_floor(steps: int, flags=("-O2",)) -> tuple[float, float]:
    if flags not in _c_libs:
        _c_libs[flags] = c_library(C_LOOP, flags)
        _c_libs[flags].gd_loop.restype = ctypes.c_double
    _c_lib = _c_libs[flags]
    from bpnn.datasets import ARTICLE_WEIGHTS

    X, T = bpnn.sin_data()
    arrays = [np.ascontiguousarray(v, dtype=np.float64).ravel() for v in
              (X, T, ARTICLE_WEIGHTS["w1"], ARTICLE_WEIGHTS["b1"], ARTICLE_WEIGHTS["w2"], ARTICLE_WEIGHTS["b2"],
               np.zeros(4))]
    ptr = [a.ctypes.data_as(ctypes.POINTER(ctypes.c_double)) for a in arrays]
    t0 = time.perf_counter()
    E = _c_lib.gd_loop(ptr[0], ptr[1], ctypes.c_int(20), ctypes.c_int(4), ptr[2], ptr[3], ptr[4], ptr[5],
                       ctypes.c_double(0.01), ctypes.c_int(steps), ptr[6])
    return time.perf_counter() - t0, E


def bench(steps: int = 5000, repeats: int = 5, out=print) -> dict:
    """Print the P1 lines; return the timings."""
    from bpnn.engines import compiled
    fast = "compiled" if compiled.available() else "auto"
    contenders = {"torch-article": lambda: time_torch_article(steps),
                  "bpnn": lambda: time_bpnn(steps, fast),
                  "bpnn-numpy": lambda: time_bpnn(steps, "buffered"),
                  "bpnn-reference": lambda: time_bpnn(steps, "reference"),
                  "sklearn-sgd": lambda: time_sklearn(steps),
                  "c-floor": lambda: time_c_floor(steps),
                  "c-native": lambda: time_c_floor(steps, ("-O3", "-march=native"))}
    if not compiled.available():
        del contenders["bpnn-numpy"]                 # bpnn is the NumPy path already
    why = c_floor_available()
    if why:
        del contenders["c-floor"], contenders["c-native"]
    timings = interleaved(contenders, repeats, warmup=True)
    engine = _ENGINES.get(fast, "?")
    out(f"P1 seed loop: 1-4-1 tanh, 20 points, {steps} full-batch GD steps, median of {repeats}; bpnn = "
        f"engine {engine}, bpnn-numpy = buffered (what the selector picks for {steps} steps), "
        f"bpnn-reference = reference")
    base = timings["torch-article"].median
    report(out, "P1", timings, lambda t: f"{fmt_time(t.median):>10}  {t.median / steps * 1e6:8.2f} us/step  "
                                         f"loss at step {steps - 1}: {t.result:.9g}  "
                                         f"vs torch-article {ratio(base, t.median)}")
    if why:
        out(f"P1   c-floor         skipped: {why}")
    summary = f"P1 bpnn vs torch-article {ratio(base, timings['bpnn'].median)} (target 30x)"
    if "bpnn-numpy" in timings:
        summary += f"   bpnn-numpy {ratio(base, timings['bpnn-numpy'].median)}"
    if "c-floor" in timings and timings["c-floor"].seconds:
        summary += f"   c-floor {ratio(base, timings['c-floor'].median)}"
        summary += (f"   bpnn takes {timings['bpnn'].median / timings['c-floor'].median:.2f}x the C floor's time "
                    f"({timings['bpnn'].median / timings['c-native'].median:.2f}x c-native's; target 1.5x)")
    out(summary)
    return timings


def main(argv=None) -> None:
    command_line(bench, __doc__, argv, steps=5000, repeats=5)


if __name__ == "__main__":
    main()
