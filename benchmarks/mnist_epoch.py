"""P3: one epoch of minibatch training on MNIST, bpnn vs PyTorch CPU vs scikit-learn.

784-256-10 network (tanh hidden layer, softmax output, cross-entropy), float32,
minibatches of 128 rows reshuffled each epoch, plain SGD at lr 0.1, over the
60000 training images of ``../shared/datasets/mnist.npz`` (pixels / 255).

Every contender does the same work, the unit of ``bpnn.train(..., epochs=1)``:
the loss over all training images, one epoch of minibatch steps, the loss again
(the training record's epoch-0 and epoch-1 losses).  A second line times the
minibatch steps alone (bpnn's kernel loop vs the PyTorch loop).  bpnn's speed is
also given in GFLOP/s (the matrix-product flops of the work done) as a fraction
of this machine's float32 matrix-multiply peak measured by NumPy in the same
process.

    python benchmarks/mnist_epoch.py [--repeats 3] [--rows 60000] [--mnist PATH]
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np

import bpnn

try:
    from common import command_line, fmt_time, interleaved, ratio, report
except ImportError:                                      # imported as benchmarks.mnist_epoch
    from .common import command_line, fmt_time, interleaved, ratio, report

SIZES = [784, 256, 10]
BATCH, LR = 128, 0.1
DEFAULT_MNIST = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "mnist.npz"


def load_mnist(path: Path, rows: int):
    """X (rows × 784, float32 in [0, 1]), one-hot T (float32) and the labels (int64)."""
    with np.load(path) as data:
        x, y = data["x_train"][:rows], data["y_train"][:rows]
    X = np.ascontiguousarray(x.reshape(len(x), -1), dtype=np.float32) / np.float32(255)
    labels = y.astype(np.int64)
    T = np.eye(10, dtype=np.float32)[labels]
    return X, T, labels


def flops(n: int, batch: int = BATCH) -> float:
    """Matrix-product flops of one epoch of training over n rows plus two loss evaluations."""
    (d, h, m) = SIZES
    forward = 2 * ((d + 1) * h + (h + 1) * m)            # per row, bias folded in
    backward = forward + 2 * m * h                       # ãᵀδ per layer + δWᵀ for the hidden layer
    return n * (forward + backward) + 2 * n * forward


def matmul_peak(repeats: int = 5, sizes=(512, 1024, 2048)) -> float:
    """NumPy's float32 matrix-multiply peak: the best size's median GFLOP/s, with BLAS's
    own threads and with one thread (whichever is faster on this machine now)."""
    from threadpoolctl import threadpool_limits

    best = 0.0
    for threads in (None, 1):
        with threadpool_limits(threads, user_api="blas"):
            for size in sizes:
                A = np.random.default_rng(0).random((size, size), dtype=np.float32)
                C = np.empty_like(A)
                np.dot(A, A, out=C)
                rates = []
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    np.dot(A, A, out=C)
                    rates.append(2 * size ** 3 / (time.perf_counter() - t0) / 1e9)
                best = max(best, float(np.median(rates)))
    return best


# -- contenders -------------------------------------------------------------------

def run_bpnn(X, T, seed=0):
    net = bpnn.Network(SIZES, "tanh", "softmax", init="glorot", seed=seed, dtype="float32")
    t0 = time.perf_counter()
    rec = bpnn.train(net, X, T, loss="cross_entropy", algorithm="gd", lr=LR, epochs=1, batch_size=BATCH, seed=seed)
    return time.perf_counter() - t0, rec.loss[-1]


def run_bpnn_steps(X, T, seed=0):
    """The minibatch steps alone, as train() runs them: each gd step made inside the gradient's
    products (MiniBatch.descend), and the epoch's gradient sum from the weights' change."""
    from bpnn.engines.buffered import MiniBatch, blas_threads

    net = bpnn.Network(SIZES, "tanh", "softmax", init="glorot", seed=seed, dtype="float32")
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    kernel = MiniBatch(net, X, T, "cross_entropy", gemm=True)
    order = rng.permutation(len(X))
    start_theta = net.theta.copy()
    with blas_threads(net, BATCH) as threads:                     # one thread or all, as train() measures
        for start in range(0, len(X), BATCH):
            threads.tick()
            kernel.descend(order[start:start + BATCH], LR)
    g_sum = (start_theta - net.theta) / LR                     # as train() has it, for the gradient norm
    elapsed = time.perf_counter() - t0
    assert np.isfinite(g_sum).all()
    last = order[(len(X) - 1) // BATCH * BATCH:]                             # the epoch's last batch
    return elapsed, float(kernel.loss_and_grad(last)[0])       # its loss after the last update (untimed)


def _torch_model(seed):
    import torch

    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(SIZES[0], SIZES[1]), torch.nn.Tanh(),
                               torch.nn.Linear(SIZES[1], SIZES[2]))


def run_torch(X, labels, seed=0, evaluate=True, threads=None):
    import torch

    default = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        return _torch_epoch(X, labels, seed, evaluate)
    finally:
        torch.set_num_threads(default)


def _torch_epoch(X, labels, seed, evaluate):
    import torch
    import torch.nn.functional as F

    model = _torch_model(seed)
    x, y = torch.from_numpy(X), torch.from_numpy(labels)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    t0 = time.perf_counter()
    if evaluate:
        with torch.no_grad():
            F.cross_entropy(model(x), y).item()
    order = torch.randperm(len(x))
    for start in range(0, len(x), BATCH):
        idx = order[start:start + BATCH]
        loss = F.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    if evaluate:
        with torch.no_grad():
            final = F.cross_entropy(model(x), y).item()
    else:
        final = loss.item()
    return time.perf_counter() - t0, final


def run_sklearn(X, labels, seed=0):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import log_loss
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(hidden_layer_sizes=(SIZES[1],), activation="tanh", solver="sgd", learning_rate_init=LR,
                          momentum=0.0, nesterovs_momentum=False, batch_size=BATCH, alpha=0.0, max_iter=1,
                          shuffle=True, random_state=seed)
    classes = np.arange(10)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)                 # batch_size clipped to the one row
        model.partial_fit(X[:1], labels[:1], classes=classes)       # builds the layers (one row)
        log_loss(labels, model.predict_proba(X), labels=classes)
        model.fit(X, labels)
        final = log_loss(labels, model.predict_proba(X), labels=classes)
    return time.perf_counter() - t0, final


def bench(repeats: int = 3, rows: int = 60000, mnist: Path = DEFAULT_MNIST, out=print) -> dict:
    """Print the P3 lines; return the figures (for the suite and the tests)."""
    mnist = Path(mnist)
    if not mnist.exists():
        out(f"P3 skipped: MNIST not found at {mnist} (pass --mnist PATH)")
        return {}
    X, T, labels = load_mnist(mnist, rows)
    contenders = {
        "bpnn": lambda: run_bpnn(X, T),
        "torch": lambda: run_torch(X, labels),
        "sklearn": lambda: run_sklearn(X, labels),
        "bpnn-steps": lambda: run_bpnn_steps(X, T),
        "torch-steps": lambda: run_torch(X, labels, evaluate=False),
        "torch-1thread": lambda: run_torch(X, labels, threads=1),
    }
    small = {"repeats": 2, "sizes": (256, 512)} if rows < 10000 else {}   # quick runs: a rougher peak
    peak = matmul_peak(**small)
    timings = interleaved(contenders, repeats, warmup=True)
    peak = max(peak, matmul_peak(**small))
    gflops = flops(len(X)) / timings["bpnn"].median / 1e9
    what = f"{len(X)} images" + ("" if len(X) == 60000 else " (a part of the epoch)")
    out(f"P3 MNIST 784-256-10 tanh/softmax, float32, batch {BATCH}, one epoch over {what} + loss before/after, "
        f"median of {repeats}:")
    report(out, "P3", timings, lambda t: f"{fmt_time(t.median):>10}   final loss {t.result:.4f}", width=13)
    tb, tt, ts = (timings[k].median for k in ("bpnn", "torch", "sklearn"))
    out(f"P3 bpnn vs torch {ratio(tt, tb)}   vs sklearn {ratio(ts, tb)}   "
        f"vs torch on 1 thread {ratio(timings['torch-1thread'].median, tb)}   "
        f"steps alone: vs torch {ratio(timings['torch-steps'].median, timings['bpnn-steps'].median)}   "
        f"bpnn {gflops:.1f} GFLOP/s = {gflops / peak:.0%} of the matmul peak {peak:.1f} GFLOP/s "
        f"(targets 1.2x, 60%)")
    return {"timings": timings, "gflops": gflops, "peak": peak}


def main(argv=None) -> None:
    command_line(bench, __doc__, argv, repeats=3, rows=60000, mnist=str(DEFAULT_MNIST))


if __name__ == "__main__":
    main()
