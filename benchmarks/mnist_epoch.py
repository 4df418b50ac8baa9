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
    python benchmarks/mnist_epoch.py --breakdown 1    # where one epoch's time goes (the table below)

``--breakdown 1`` prints where the time of ``bpnn.train``'s epoch goes: each
matrix product of the epoch timed inside the epoch and alone at its exact
shapes and layout (the same operands, as many calls as the epoch makes, on
one BLAS thread and on all), the gathering of each batch's rows, the
element-wise work (f, f', softmax, BP1) and the rest (bias additions, the
loss value, Python), against the whole epoch.  The sum of the products alone
is the epoch's floor at this BLAS: the ceiling of "% of the matmul peak".
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


# -- where the time goes ---------------------------------------------------------

def breakdown(X, T, repeats: int = 3, out=print) -> dict:
    """Time the parts of ``bpnn.train``'s epoch (the P3 unit of work) and each product alone.

    The epoch runs through ``bpnn.train`` itself with timers around the
    engine's calls (:func:`bpnn.engines.buffered._product` for every matrix
    product, ``MiniBatch._load`` for the gathering of rows, the activation
    and loss objects' in-place methods); nothing is reimplemented here.  The
    timers cost about 1 µs per call (≈ 6 ms in an epoch of 469 steps).
    Returns the figures of the median epoch (by its whole time).
    """
    import contextlib
    from unittest import mock

    from threadpoolctl import threadpool_limits

    from bpnn.core.activations import get_activation
    from bpnn.core.losses import get_loss
    from bpnn.engines import buffered

    buffered._gemm(np.float32)                       # scipy's BLAS loaded before threads are limited below
    clock = time.perf_counter
    runs = []
    for _ in range(repeats + 1):                     # the first epoch warms up (and is dropped)
        parts, calls, phase = {}, {}, ["steps"]

        def timed(key, fn):
            def wrapper(*args, **kwargs):
                t = clock()
                try:
                    return fn(*args, **kwargs)
                finally:
                    k = (phase[0], key(*args, **kwargs) if callable(key) else key)
                    parts[k] = parts.get(k, 0.0) + clock() - t
                    calls.setdefault(k, [0, args, kwargs])[0] += 1
            return wrapper

        def product_key(A, B, out=None, alpha=1.0, beta=0.0):   # (m×k)(k×n), exact shapes
            return ("product", A.shape, B.shape, bool(beta))

        def in_loss_pass(fn):
            def wrapper(self, *args, **kwargs):
                phase[0] = "loss passes"
                try:
                    return fn(self, *args, **kwargs)
                finally:
                    phase[0] = "steps"
            return wrapper

        tanh, softmax, ce = get_activation("tanh"), get_activation("softmax"), get_loss("cross_entropy")
        patches = [mock.patch.object(buffered, "_product", timed(product_key, buffered._product)),
                   mock.patch.object(buffered.MiniBatch, "_load", timed("gather the batch's rows",
                                                                          buffered.MiniBatch._load)),
                   mock.patch.object(buffered.MiniBatch, "loss", in_loss_pass(buffered.MiniBatch.loss))]
        for obj, name, what in ((tanh, "forward_into", "tanh"), (tanh, "backward_into", "BP2's ⊙ (1 − a²)"),
                                (softmax, "forward_into", "softmax"), (ce, "bp1_into", "BP1 (a − T)/n")):
            patches.append(mock.patch.object(type(obj), name, timed(what, getattr(type(obj), name))))
        with contextlib.ExitStack() as stack:
            for patch in patches:
                stack.enter_context(patch)
            t0 = clock()
            rec = run_bpnn(X, T)[1]
            whole = clock() - t0
        runs.append((whole, parts, calls, rec))
    whole, parts, calls, final = sorted(runs[1:], key=lambda r: r[0])[len(runs[1:]) // 2]

    # each product alone: the same operands, as many calls as in the epoch, one thread and all
    alone = {}
    for k, (count, args, kwargs) in calls.items():
        if k[1][0] != "product":
            continue
        A, B, target = args[0], args[1], args[2] if len(args) > 2 else kwargs.pop("out")
        scratch = target.copy()                               # (a step's product writes into θ: not here)
        best = np.inf
        for threads in (1, None):
            with threadpool_limits(threads, user_api="blas"):
                buffered._product(A, B, scratch, **kwargs)
                times = []
                for _ in range(3):
                    t = clock()
                    for _ in range(count):
                        buffered._product(A, B, scratch, **kwargs)
                    times.append(clock() - t)
                best = min(best, float(np.median(times)))
        alone[k] = best

    def label(key):       # a product's shapes with its batch dimension as n (batches of 128 and the last)
        if key[0] != "product":
            return key
        _, (m, k), (_, n), into = key
        return f"product ({m}xn)(nx{n}) into θ" if into else f"product (nx{k})({k}x{n})"

    table = {}                                                 # (phase, label) -> [calls, in epoch, alone]
    for (ph, key), seconds in parts.items():
        row = table.setdefault((ph, label(key)), [0, 0.0, None])
        row[0] += calls[(ph, key)][0]
        row[1] += seconds
        if (ph, key) in alone:
            row[2] = (row[2] or 0.0) + alone[(ph, key)]
    out(f"P3 breakdown of one bpnn.train epoch: {len(X)} images, batches of n = {BATCH} (the last "
        f"{len(X) % BATCH or BATCH}), the median of {repeats} epochs: {fmt_time(whole)}, final loss {final:.4f}; "
        f"'alone': each product by itself, same operands and number of calls, on one BLAS thread or all "
        f"(the faster)")
    out(f"P3   {'part':<48} {'calls':>6} {'in epoch':>10} {'alone':>10}   share of the epoch")
    for ph in ("steps", "loss passes"):
        for (p, name), (n, seconds, alone_s) in sorted(table.items(), key=lambda kv: -kv[1][1]):
            if p == ph:
                extra = f"{fmt_time(alone_s):>10}" if alone_s is not None else " " * 10
                out(f"P3   {ph + ': ' + name:<48} {n:>6} {fmt_time(seconds):>10} {extra}   {seconds / whole:6.1%}")
    measured = sum(parts.values())
    out(f"P3   {'the rest (bias, loss values, the loop, Python)':<48} {'':>6} {fmt_time(whole - measured):>10} "
        f"{'':>10}   {(whole - measured) / whole:6.1%}")
    products_in = sum(v for k, v in parts.items() if k[1][0] == "product")
    products_alone = sum(alone.values())
    gflop = flops(len(X)) / 1e9
    out(f"P3   products: {fmt_time(products_in)} in the epoch, {fmt_time(products_alone)} alone = "
        f"{products_alone / whole:.0%} of the epoch ({gflop / products_alone:.1f} GFLOP/s alone; the epoch "
        f"{gflop / whole:.1f} GFLOP/s); everything else {fmt_time(whole - products_in)}")
    rows = {f"{ph}: {name}": tuple(v) for (ph, name), v in table.items()}
    return {"whole": whole, "parts": rows, "products_in_epoch": products_in, "products_alone": products_alone,
            "final_loss": final}


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


def bench(repeats: int = 3, rows: int = 60000, mnist: Path = DEFAULT_MNIST, out=print, breakdown: int = 0) -> dict:
    """Print the P3 lines; return the figures (for the suite and the tests).  ``breakdown``:
    print where the epoch's time goes instead (:func:`breakdown`)."""
    mnist = Path(mnist)
    if not mnist.exists():
        out(f"P3 skipped: MNIST not found at {mnist} (pass --mnist PATH)")
        return {}
    X, T, labels = load_mnist(mnist, rows)
    if breakdown:
        return globals()["breakdown"](X, T, repeats, out)
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
    command_line(bench, __doc__, argv, repeats=3, rows=60000, mnist=str(DEFAULT_MNIST), breakdown=0)


if __name__ == "__main__":
    main()
