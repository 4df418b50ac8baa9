"""The fast paths held equal to the readable reference.

* :class:`bpnn.engines.buffered.MiniBatch` gives the reference gradient of any rows, for
  every activation × loss × depth, single networks and stacks, float64 and float32;
* minibatch training with the fast engine follows the reference engine step for step;
* the article's run on the fast path has the reference's loss trajectory (1e-10);
* minibatch gradient descent's step made inside the products (``MiniBatch.descend``)
  is the reference gradient's step, and training with it follows the plain loop;
* the BLAS thread policy is a context that can be overridden.
"""

import numpy as np
import pytest

from bpnn import Network, article_network, get_loss, loss_and_grad, sin_data, train
from bpnn.core.activations import ACTIVATIONS
from bpnn.teach.gradcheck import relative_error
from bpnn.engines import buffered as kernels
from bpnn.engines.buffered import FullBatch, MiniBatch, _product, _WidePass, blas_threads, product_flops
from bpnn.engines.select import Case, select
from bpnn.optimizers import get_optimizer


def _wide(net):
    """Whether the selector computes this stack in the wide layout (minibatches: not the compiled stack)."""
    return select(Case(net, get_loss("mse"), get_optimizer("rprop"), n_rows=20, batch_size=5)).engine == "wide"


def descends(net):
    """Whether the selector makes minibatch gd's step inside the products for this network."""
    return select(Case(net, get_loss("mse"), get_optimizer("gd"), n_rows=1000, batch_size=10)).fused_step
from bpnn.core.losses import get_loss

from conftest import make_problem

LOSS_OUTPUT = [("mse", "linear"), ("mse", "tanh"), ("mse", "sigmoid"), ("mse", "relu"), ("mse", "softmax"),
               ("sse", "leaky_relu"), ("cross_entropy", "softmax"), ("binary_cross_entropy", "sigmoid")]


def build(hidden, output, depth, loss, seed=0, dtype="float64", stack=None, n=11):
    sizes = [3] + [5, 4, 3][:depth] + [3]
    net = Network(sizes, hidden, output, init="glorot", seed=seed, dtype=dtype, stack=stack)
    X, T = make_problem(3, 3, loss, n=n, seed=seed)
    return net, X.astype(dtype), T.astype(dtype)


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("loss,output", LOSS_OUTPUT)
@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
def test_minibatch_kernel_equals_reference(hidden, loss, output, depth):
    net, X, T = build(hidden, output, depth, loss)
    kernel = MiniBatch(net, X, T, loss)
    rng = np.random.default_rng(0)
    for rows in (rng.permutation(11)[:4], rng.permutation(11)[:3], rng.permutation(11)[:4], np.arange(11)):
        E_ref, g_ref = loss_and_grad(net, X[rows], T[rows], loss)
        E, g = kernel.loss_and_grad(rows)
        assert E == pytest.approx(E_ref, rel=1e-13)
        assert relative_error(g, g_ref) < 1e-13
        net.theta *= 0.9                                  # it follows θ as it changes


@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
@pytest.mark.parametrize("dtype,tol", [("float64", 1e-13), ("float32", 1e-5)])
@pytest.mark.parametrize("loss,output", [("mse", "linear"), ("cross_entropy", "softmax")])
def test_minibatch_kernel_on_a_stack(loss, output, dtype, tol, hidden):
    """A stack keeps a contiguous copy of each hidden a (f' is computed from it): every activation."""
    net, X, T = build(hidden, output, 2, loss, dtype=dtype, stack=3)
    rows = np.array([5, 1, 9, 2])
    E_ref, g_ref = loss_and_grad(net, X[rows], T[rows], loss)
    E, g = MiniBatch(net, X, T, loss).loss_and_grad(rows)
    assert g.shape == net.theta.shape and g.dtype == np.dtype(dtype)
    assert np.allclose(E, E_ref, rtol=tol) and relative_error(g, g_ref) < tol
    E_full, g_full = FullBatch(net, X, T, loss).loss_and_grad()
    assert relative_error(g_full, loss_and_grad(net, X, T, loss)[1]) < tol


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("loss,output", LOSS_OUTPUT)
@pytest.mark.parametrize("hidden", [name for name in ACTIVATIONS if name != "softmax"])
@pytest.mark.parametrize("dtype,tol", [("float64", 1e-13), ("float32", 1e-5)])
def test_wide_stack_pass_equals_reference(hidden, loss, output, depth, dtype, tol):
    """The networks-last layout of a stack (:class:`_WidePass`): every activation × loss × depth."""
    net, X, T = build(hidden, output, depth, loss, dtype=dtype, stack=4)
    rows = np.array([5, 1, 9, 2, 7])
    wide = _WidePass(net, len(rows), get_loss(loss), np.zeros(net.theta.shape, dtype=net.dtype))
    wide.x[...], wide.T[...] = X[rows], T[rows]
    for _ in range(2):
        E_ref, g_ref = loss_and_grad(net, X[rows], T[rows], loss)
        E, g = wide.loss_and_grad()
        assert g.shape == net.theta.shape and g.dtype == np.dtype(dtype)
        assert np.allclose(E, E_ref, rtol=tol) and relative_error(g, g_ref) < tol
        assert relative_error(wide.loss_and_grad(with_loss=False)[1], g_ref) < tol
        net.theta *= 0.9                                  # it follows θ as it changes


@pytest.mark.parametrize("sizes,hidden,output,loss", [([3, 2], "tanh", "softmax", "cross_entropy"),
                                                       ([3, 1], "tanh", "sigmoid", "binary_cross_entropy"),
                                                       ([3, 4, 1], "relu", "linear", "mse"),
                                                       ([2, 3, 2, 1], "leaky_relu", "tanh", "sse")])
def test_wide_pass_shapes_and_batch_sizes(sizes, hidden, output, loss):
    """No hidden layer, one output, deeper; a MiniBatch with two batch sizes (and a slice)."""
    net = Network(sizes, hidden, output, init="glorot", seed=1, stack=16)
    X, T = make_problem(sizes[0], sizes[-1], loss, n=13, seed=2)
    assert _wide(net)
    kernel = MiniBatch(net, X, T, loss, wide=True)
    for rows in (np.array([3, 0, 7, 12, 5]), np.array([1, 2, 9]), slice(4, 9), np.array([6, 11, 8, 10, 4])):
        E_ref, g_ref = loss_and_grad(net, X[rows], T[rows], loss)
        E, g = kernel.loss_and_grad(rows)
        assert np.allclose(E, E_ref, rtol=1e-13) and relative_error(g, g_ref) < 1e-13
        assert relative_error(kernel.gradient(rows), g_ref) < 1e-13


@pytest.mark.parametrize("batch_size", [None, 6])
def test_training_a_wide_stack_follows_the_reference_engine(batch_size):
    X, T = sin_data()
    runs = []
    for engine in ("fast", "reference"):
        net = Network([1, 4, 1], seed=3, stack=20)
        rec = train(net, X, T, algorithm="rprop" if batch_size is None else "adam", epochs=40, min_grad=0,
                    batch_size=batch_size, seed=4, engine=engine, **({} if batch_size is None else {"lr": 0.01}))
        runs.append((net.theta.copy(), np.asarray(rec.loss)))
    assert np.allclose(runs[0][0], runs[1][0], rtol=1e-9, atol=1e-12)
    assert np.allclose(runs[0][1], runs[1][1], rtol=1e-9)


def test_wide_layout_is_chosen_for_many_tiny_networks():
    assert _wide(Network([1, 4, 1], stack=100)) and _wide(Network([13, 10, 1], stack=16))
    assert not _wide(Network([1, 4, 1], stack=8))                      # few networks: K small products win
    assert not _wide(Network([10, 40, 11], stack=100))                 # a large second layer
    assert not _wide(Network([1, 4, 1], stack=None))
    assert not _wide(Network([2, 3, 3, 1], ["softmax", "tanh"], stack=100))
    X, T = sin_data()
    net = Network([1, 4, 1], seed=2, stack=100)
    E_ref, g_ref = loss_and_grad(net, X, T)
    for kernel in (FullBatch(net, X, T, wide=True).loss_and_grad,
                   lambda: MiniBatch(net, X, T, wide=True).loss_and_grad(np.arange(20))):
        E, g = kernel()
        assert np.allclose(E, E_ref, rtol=1e-13) and relative_error(g, g_ref) < 1e-13


@pytest.mark.parametrize("stack", [None, 2])
@pytest.mark.parametrize("loss,output", [("mse", "linear"), ("sse", "tanh"), ("cross_entropy", "softmax"),
                                         ("binary_cross_entropy", "sigmoid")])
def test_chunked_loss_equals_the_forward_pass(loss, output, stack):
    net, X, T = build("tanh", output, 2, loss, stack=stack, n=23)
    kernel = MiniBatch(net, X, T, loss)
    from bpnn.core.losses import get_loss
    expected = get_loss(loss).value(net.forward(X), T)
    for chunk in (5, 23, 100):
        assert np.allclose(kernel.loss(chunk=chunk), expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("loss,output", LOSS_OUTPUT)
@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
@pytest.mark.parametrize("dtype,tol", [("float64", 1e-13), ("float32", 1e-5)])
def test_descend_is_the_reference_gradient_step(hidden, loss, output, depth, dtype, tol):
    """The step made inside the products (gemm's C ← C − lr·ãᵀδ) is θ − lr·∂E/∂θ of the reference."""
    net, X, T = build(hidden, output, depth, loss, dtype=dtype)
    kernel = MiniBatch(net, X, T, loss, gemm=True)
    rng = np.random.default_rng(0)
    for rows in (rng.permutation(11)[:4], rng.permutation(11)[:3], np.arange(11)):
        g = loss_and_grad(net, X[rows].astype(float), T[rows].astype(float), loss)[1]
        expected = net.theta.astype(float) - 0.1 * g
        kernel.descend(rows, 0.1)
        assert net.theta.dtype == np.dtype(dtype)
        assert np.abs(net.theta - expected).max() <= tol * max(1.0, np.abs(expected).max())
        E_ref = get_loss(loss).value(net.forward(X), T)        # its products (gemm) give the same loss
        assert kernel.loss() == pytest.approx(E_ref, rel=tol)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_product_with_alpha_and_beta_for_every_layout(dtype):
    """_product is np.dot with gemm's α and β, for C-contiguous operands, transposed views, strided ones,
    and an output that is not C-contiguous (written back)."""
    rng = np.random.default_rng(1)
    A, B = rng.normal(size=(5, 4)).astype(dtype), rng.normal(size=(4, 3)).astype(dtype)
    for a in (A, np.asfortranarray(A), np.asarray(rng.normal(size=(4, 5)).astype(dtype).T), A.repeat(2, 1)[:, ::2]):
        for b in (B, np.asfortranarray(B), B.repeat(2, 0)[::2]):
            for out in (np.ones((5, 3), dtype), np.asfortranarray(np.ones((5, 3), dtype))):
                expected = -0.5 * a.astype(float) @ b.astype(float) + 2.0 * out
                got = _product(a, b, out, alpha=-0.5, beta=2.0)
                assert got is out and np.allclose(out, expected, rtol=1e-5 if dtype == "float32" else 1e-13)
    with pytest.raises(ValueError, match="gemm=True"):
        MiniBatch(Network([2, 3, 1]), np.ones((4, 2)), np.ones((4, 1))).descend(np.arange(2), 0.1)


def test_descends_only_for_one_large_network():
    assert descends(Network([784, 256, 10], dtype="float32"))
    assert not descends(Network([1, 4, 1]))
    assert not descends(Network([784, 256, 10], stack=2))


@pytest.mark.parametrize("loss,output,dtype,tol,schedule", [("cross_entropy", "softmax", "float64", 1e-10, None),
                                                            ("mse", "linear", "float64", 1e-10, None),
                                                            ("mse", "linear", "float64", 1e-10, "exponential"),
                                                            ("cross_entropy", "softmax", "float32", 1e-4, None)])
def test_minibatch_gd_stepping_inside_the_products_follows_the_plain_loop(monkeypatch, loss, output, dtype, tol,
                                                                           schedule):
    """train(): gd's minibatch steps made by MiniBatch.descend (spied) give the losses, weights and gradient
    norms (Σg from the weights' change) of the loop that stores each gradient and steps on it; with a
    learning-rate schedule, each epoch's rate."""
    X, T = make_problem(6, 3, loss, n=50, seed=3)
    X, T = X.astype(dtype), T.astype(dtype)
    calls = []
    descend = MiniBatch.descend
    monkeypatch.setattr(MiniBatch, "descend", lambda self, rows, lr: (calls.append(lr), descend(self, rows, lr)))
    monkeypatch.setattr(kernels, "DESCEND_WEIGHTS", 0)                  # this small network too
    runs = []
    for fused in (True, False):
        if not fused:
            from bpnn.optimizers.gd import GradientDescent
            monkeypatch.setattr(GradientDescent, "steps_in_products", lambda self: False)
        net = Network([6, 8, 3], "tanh", output, seed=1, dtype=dtype)
        rec = train(net, X, T, loss=loss, algorithm="gd", lr=0.1, epochs=4, batch_size=16, seed=5,
                    schedule=schedule)
        runs.append((net.theta.copy(), rec, len(calls)))
    (a, ra, n_fused), (b, rb, n_after) = runs
    assert n_fused == 4 * 4 and n_after == n_fused                     # 4 epochs of 4 batches, all fused
    assert np.allclose(ra.loss, rb.loss, rtol=tol, atol=0) and np.allclose(a, b, rtol=tol, atol=tol)
    assert np.allclose(ra.grad_norm[1:], rb.grad_norm[1:], rtol=1e-4 if dtype == "float32" else 1e-8)
    assert np.allclose(ra.lr, rb.lr) and (schedule is None or ra.lr[1] < ra.lr[0])
    assert sorted(set(calls)) == sorted(set(ra.lr[:-1]))               # each epoch's rate went into its gemms
    assert ra.stop_reason == rb.stop_reason


def test_minibatch_gd_on_a_large_network_steps_inside_the_products(monkeypatch):
    """The default rule: a network of 16k+ weights takes MiniBatch.descend, and follows the reference engine,
    validation and test losses included (computed through the same BLAS as the steps)."""
    calls = []
    descend = MiniBatch.descend
    monkeypatch.setattr(MiniBatch, "descend", lambda self, rows, lr: (calls.append(lr), descend(self, rows, lr)))
    rng = np.random.default_rng(0)
    X, labels = rng.normal(size=(300, 64)), rng.integers(0, 10, 300)
    T = np.eye(10)[labels]
    runs = []
    for engine in ("fast", "reference"):
        net = Network([64, 256, 10], "tanh", "softmax", seed=0)
        rec = train(net, X[:250], T[:250], loss="cross_entropy", lr=0.05, epochs=2, batch_size=50, seed=1,
                    engine=engine, validation=(X[250:280], T[250:280]), test=(X[280:], T[280:]))
        runs.append((net.theta.copy(), rec))
    assert len(calls) == 2 * 5
    (a, ra), (b, rb) = runs
    assert np.allclose(ra.loss, rb.loss, rtol=1e-10) and np.allclose(a, b, rtol=1e-9, atol=1e-12)
    assert len(ra.val_loss) == len(ra.test_loss) == 3
    assert np.allclose(ra.val_loss, rb.val_loss, rtol=1e-10) and np.allclose(ra.test_loss, rb.test_loss, rtol=1e-10)
    assert np.allclose(ra.grad_norm[1:], rb.grad_norm[1:], rtol=1e-8)


def test_steps_inside_the_products_do_not_decide_min_grad_on_rounding(monkeypatch):
    """float32 weights and a small rate: the steps lose much of themselves to rounding, so Σg read off the
    weights is not trusted; that epoch's norm is NaN (no min_grad stop on it) and the loop sums its
    gradients from then on, with the norms of the plain loop."""
    calls = []
    descend = MiniBatch.descend
    monkeypatch.setattr(MiniBatch, "descend", lambda self, rows, lr: (calls.append(lr), descend(self, rows, lr)))
    rng = np.random.default_rng(0)
    X = rng.normal(size=(640, 64)).astype(np.float32)
    T = Network([64, 256, 10], "tanh", "linear", seed=1, dtype="float32").forward(X)
    runs = []
    for fused in (True, False):
        if not fused:
            from bpnn.optimizers.gd import GradientDescent
            monkeypatch.setattr(GradientDescent, "steps_in_products", lambda self: False)
        net = Network([64, 256, 10], "tanh", "linear", seed=1, dtype="float32")
        net.theta += np.float32(1.5e-6)                                 # near the teacher: tiny gradients
        runs.append(train(net, X, T, lr=1e-4, epochs=4, batch_size=32, seed=0, min_grad=1e-5))
    fused_run, plain = runs
    assert len(calls) == 20                                             # one epoch of fused steps, then plain
    assert np.isnan(fused_run.grad_norm[1]) and plain.grad_norm[1] > 1e-5
    assert np.allclose(fused_run.grad_norm[2:], plain.grad_norm[2:], rtol=1e-3)
    assert fused_run.stop_reason == plain.stop_reason and fused_run.stop_reason.startswith("epochs")


@pytest.mark.parametrize("algorithm,options", [("gd", {"lr": 0.05}), ("gdm", {"lr": 0.05}), ("adam", {"lr": 0.01}),
                                               ("rprop", {})])
@pytest.mark.parametrize("restarts", [1, 3])
def test_minibatch_training_fast_equals_reference(algorithm, options, restarts):
    X, T = sin_data()
    runs = []
    for engine in ("fast", "reference"):
        net = Network([1, 6, 1], seed=4)
        rec = train(net, X / 5, T, algorithm=algorithm, epochs=30, batch_size=6, seed=2, restarts=restarts,
                    engine=engine, **options)
        runs.append((net.theta.copy(), rec))
    (a, ra), (b, rb) = runs
    assert np.allclose(ra.loss, rb.loss, rtol=1e-10, atol=0) and np.allclose(a, b, rtol=1e-10, atol=1e-14)
    assert np.allclose(ra.grad_norm[1:], rb.grad_norm[1:], rtol=1e-10)
    assert ra.stop_reason == rb.stop_reason and ra.best_epoch == rb.best_epoch


def test_article_run_fast_path_equals_reference():
    """The seed article's 5000 steps: the fast path's losses are the reference's within 1e-10."""
    X, T = sin_data()
    fast = train(article_network(), X, T, lr=0.01, epochs=5000)
    ref = train(article_network(), X, T, lr=0.01, epochs=5000, engine="reference")
    rel = np.abs(np.subtract(fast.loss, ref.loss)) / np.asarray(ref.loss)
    assert rel.max() <= 1e-10 and fast.stop_reason == ref.stop_reason and len(fast.loss) == 5001


def test_blas_threads_policy(monkeypatch):
    net = Network([784, 256, 10])
    assert product_flops(net, 128) == 2 * 128 * 785 * 256
    with blas_threads(net, 128):                          # a context, whatever it decides
        assert np.dot(np.ones((3, 3)), np.ones((3, 3)))[0, 0] == 3
    monkeypatch.setenv("BPNN_BLAS_THREADS", "0")          # 0: leave BLAS alone
    with blas_threads(net, 128):
        pass
    monkeypatch.setenv("BPNN_BLAS_THREADS", "not a number")
    with blas_threads(net, 128):
        pass


@pytest.mark.parametrize("kwargs", [{"batch_size": 5, "lr": 0.05}, {"algorithm": "lm", "restarts": 4, "goal": 1e-3},
                                    {"algorithm": "rprop", "restarts": 3, "batch_size": 7}])
def test_final_loss_is_the_loss_of_the_weights_left(kwargs):
    """The general loop reuses the stop epoch's measured loss as the final loss: it must be the true one."""
    X, T = sin_data()
    net = Network([1, 6, 1], seed=0)
    rec = train(net, X / 5, T, epochs=25, seed=0, **kwargs)
    assert rec.final_loss == rec.loss[-1]
    assert rec.final_loss == pytest.approx(float(np.mean((net.predict(X / 5) - T) ** 2)), rel=1e-12)
    for run in rec.restarts:
        assert np.isfinite(run["final_loss"])


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_stack_with_one_output_unit(hidden):
    """One output unit: BP2's product δ Wᵀ is an outer product (a stack of (n×1)(1×h) products)."""
    net = Network([2, 5, 4, 1], hidden, init="glorot", seed=5, stack=4)
    X, T = make_problem(2, 1, "mse", n=9, seed=5)
    E_ref, g_ref = loss_and_grad(net, X, T)
    E, g = FullBatch(net, X, T).loss_and_grad()
    assert np.array_equal(E, E_ref) or np.allclose(E, E_ref, rtol=1e-14)
    assert relative_error(g, g_ref) < 1e-13


class _FakeBlas:
    """Stands in for a threadpoolctl library controller."""

    def __init__(self, threads):
        self.threads, self.calls = threads, []

    def get_num_threads(self):
        return self.threads

    def set_num_threads(self, n):
        self.threads = n
        self.calls.append(n)


def _run_tuner(monkeypatch, seconds_per_step, steps, **options):
    """Drive a ThreadTuner with a fake clock: a step on t threads takes seconds_per_step[t]."""
    import time

    from bpnn.engines import buffered as kernels
    lib, now = _FakeBlas(2), [0.0]
    monkeypatch.setattr(kernels, "_blas_libraries", lambda: [lib])
    monkeypatch.setattr(time, "perf_counter", lambda: now[0])
    tuner, used = kernels.ThreadTuner((1, 2), **options), []
    with tuner:
        for _ in range(steps):
            tuner.tick()
            used.append(tuner.threads)
            now[0] += seconds_per_step[tuner.threads]
    return tuner, used, lib


def test_thread_tuner_keeps_the_faster_choice_and_restores_blas(monkeypatch):
    tuner, used, lib = _run_tuner(monkeypatch, {1: 2.0, 2: 1.0}, 100, probe=4, every=1000)
    assert used[:8] == [1] * 4 + [2] * 4 and set(used[8:]) == {2}
    _, used, lib = _run_tuner(monkeypatch, {1: 1.0, 2: 1.5}, 100, probe=4, every=1000)
    assert set(used[8:]) == {1} and lib.threads == 2           # BLAS's own setting is back on exit


def test_thread_tuner_drops_a_far_slower_choice_after_one_step_and_probes_again(monkeypatch):
    tuner, used, _ = _run_tuner(monkeypatch, {1: 1.0, 2: 8.0}, 60, probe=4, every=20)
    assert used[:6] == [1, 1, 1, 1, 2, 1]                       # two threads: one step, then dropped
    probes = [i for i in range(1, len(used)) if used[i] == 2]
    assert len(probes) == 3                                     # probed again, and again
    assert probes[2] - probes[1] > probes[1] - probes[0]        # the same winner: less often each time
    assert tuner._interval >= 40


def test_blas_threads_fixed_by_the_environment(monkeypatch):
    monkeypatch.setenv("BPNN_BLAS_THREADS", "1")
    assert blas_threads(Network([784, 256, 10]), 128).choices == (1,)
    monkeypatch.setenv("BPNN_BLAS_THREADS", "0")
    assert blas_threads(Network([784, 256, 10]), 128).choices == ()
    monkeypatch.delenv("BPNN_BLAS_THREADS")
    assert blas_threads(Network([1, 4, 1]), 20).choices == ()   # tiny products: nothing to choose


def test_thread_tuner_hiccup_in_the_first_choice_does_not_skip_the_second(monkeypatch):
    """A slow step while probing one thread must not end the probe before two threads are tried."""
    import time

    from bpnn.engines import buffered as kernels
    lib, now = _FakeBlas(2), [0.0]
    monkeypatch.setattr(kernels, "_blas_libraries", lambda: [lib])
    monkeypatch.setattr(time, "perf_counter", lambda: now[0])
    tuner, used = kernels.ThreadTuner((1, 2), probe=4, every=1000), []
    with tuner:
        for step in range(20):
            tuner.tick()
            used.append(tuner.threads)
            now[0] += (10.0 if step == 2 else 2.0) if tuner.threads == 1 else 1.0
    assert used[4:8] == [2, 2, 2, 2] and set(used[9:]) == {2}
