"""The compiled loop (bpnn[fast], numba) held equal to the reference and to the NumPy loop.

Skipped where numba is not installed.
"""

import numpy as np
import pytest

import bpnn
from bpnn import Network, _numba, article_network, sin_data, train
from bpnn.core.activations import ACTIVATIONS
from bpnn.engines import compiled
from bpnn.optimizers import _compiled as steps

pytestmark = pytest.mark.skipif(not compiled.available(), reason="numba not installed (pip install '.[fast]')")

ACTS = [name for name, f in ACTIVATIONS.items() if f.scalar is not None]      # those with a compiled form


@pytest.fixture
def numpy_only(monkeypatch):
    """Run a block with the compiled code turned off, or on (its steps then used however short the run)."""
    monkeypatch.setattr(steps, "LOAD_SECONDS", 0.0)

    def off():
        monkeypatch.setattr(_numba, "ENABLED", False)

    def on():
        monkeypatch.setattr(_numba, "ENABLED", True)
    return off, on


@pytest.fixture
def spy(monkeypatch):
    """Count the calls of the optimisers' compiled rprop_step and gd_step_and_sum that did the step."""
    calls = {"rprop_step": 0, "gd_step_and_sum": 0, "adam_step": 0}
    for name in calls:
        original = getattr(steps, name)

        def counted(*args, _original=original, _name=name):
            done = _original(*args)
            calls[_name] += bool(done)
            return done
        monkeypatch.setattr(steps, name, counted)
    return calls


def _pair(sizes, hidden, output, loss, dtype="float64", **kwargs):
    rng = np.random.default_rng(1)
    X = rng.uniform(-2, 2, (15, sizes[0]))
    T = np.tanh(X @ rng.normal(size=(sizes[0], sizes[-1])))
    if output == "sigmoid":
        T = (T + 1) / 2
    runs = []
    for engine in ("compiled", "reference"):
        net = Network(sizes, hidden, output, init="glorot", seed=3, dtype=dtype)
        rec = train(net, X, T, loss=loss, engine=engine, **{"lr": 0.05, **kwargs})
        runs.append((net, rec))
    return runs


# every hidden × output activation; the loss and the depth (1–3 hidden layers) vary along
CASES = [(h, o, ("mse", "sse")[(i + j) % 2], 1 + (i + 2 * j) % 3) for i, h in enumerate(ACTS) for j, o in enumerate(ACTS)]


@pytest.mark.parametrize("hidden,output,loss,depth", CASES)
def test_compiled_trajectory_equals_reference(hidden, output, loss, depth):
    sizes = [2] + [5, 3, 4][:depth] + [2]
    (fast, rf), (ref, rr) = _pair(sizes, hidden, output, loss, epochs=100, min_grad=0.0,
                                  **({"lr": 0.002} if loss == "sse" else {}))
    assert rf.engine == "compiled" and rr.engine == "reference"
    rel = np.abs(np.subtract(rf.loss, rr.loss)) / np.maximum(np.abs(rr.loss), 1e-300)
    assert rel.max() <= 1e-10
    assert np.allclose(fast.theta, ref.theta, rtol=1e-10, atol=1e-13)
    assert np.allclose(rf.grad_norm, rr.grad_norm, rtol=1e-8, atol=1e-14)
    assert rf.stop_reason == rr.stop_reason and rf.best_epoch == rr.best_epoch
    assert len(rf.loss) == len(rf.grad_norm) == len(rf.time) == len(rf.lr) == 101


def test_compiled_float32_follows_the_article():
    X, T = sin_data(dtype="float32")
    rec = train(article_network("float32"), X, T, lr=0.01, epochs=5000)
    ref = train(article_network("float32"), X, T, lr=0.01, epochs=5000, engine="reference")
    assert np.allclose(rec.loss, ref.loss, rtol=1e-4)


@pytest.mark.parametrize("kwargs,prefix", [({"goal": 0.05, "epochs": 100000}, "goal:"),
                                           ({"min_grad": 0.5, "epochs": 100000}, "min_grad:"),
                                           ({"epochs": 777}, "epochs:"),
                                           ({"lr": 5.0, "epochs": 1000}, "diverged:")])
def test_compiled_stops_like_the_numpy_loop(kwargs, prefix, numpy_only):
    off, on = numpy_only
    X, T = sin_data()
    options = {"lr": 0.01, **kwargs}
    results = []
    for switch in (on, off):
        switch()
        net = Network([1, 4, 1], seed=0)
        results.append((net, train(net, X / 5, T, **options)))
    (a, ra), (b, rb) = results
    assert ra.stop_reason.startswith(prefix) and ra.stop_reason == rb.stop_reason
    assert ra.epochs == rb.epochs and ra.best_epoch == rb.best_epoch
    assert ra.final_loss == pytest.approx(rb.final_loss, rel=1e-10)
    assert np.allclose(a.theta, b.theta, rtol=1e-10)
    assert len(ra.loss) == len(ra.grad_norm) == len(ra.time) == len(ra.lr)
    assert all(t2 >= t1 for t1, t2 in zip(ra.time, ra.time[1:]))


def test_compiled_time_limit():
    X, T = sin_data()
    rec = train(Network([1, 4, 1], seed=0), X, T, epochs=10**9, max_time=0.05)
    assert rec.stop_reason == "time: reached the limit of 0.05 s" and 0.05 <= rec.elapsed < 1.0
    assert len(rec.loss) == len(rec.time) == rec.epochs + 1


def test_compiled_ctrl_c_keeps_the_best_weights(monkeypatch):
    X, T = sin_data()
    run, calls = compiled.GDLoop.run, []

    def interrupted(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return run(self, *args, **kwargs)

    monkeypatch.setattr(compiled.GDLoop, "run", interrupted)
    net = Network([1, 4, 1], seed=0)
    rec = train(net, X, T, lr=0.01, epochs=10**6)
    assert rec.stop_reason.startswith(f"interrupted: stopped by the user at epoch {rec.epochs + 1}")
    assert len(rec.loss) == len(rec.time) == len(rec.grad_norm) == rec.epochs + 1
    assert rec.final_loss == pytest.approx(float(np.mean((net.predict(X) - T) ** 2)), rel=1e-12)
    assert rec.final_loss == min(rec.loss)


def test_callback_or_other_algorithms_take_the_numpy_loop(monkeypatch):
    monkeypatch.setattr(compiled.GDLoop, "run", lambda *a, **k: pytest.fail("compiled loop used"))
    X, T = sin_data()
    seen = []
    train(Network([1, 4, 1], seed=0), X, T, epochs=5, callback=lambda e, r: seen.append(e))
    train(Network([1, 4, 1], seed=0), X, T, epochs=5, algorithm="gdm")
    train(Network([1, 4, 1], "tanh", "softmax", seed=0), X, np.ones_like(T), epochs=5, loss="cross_entropy")
    assert seen == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_fused_gd_step_and_sum_is_bit_equal_to_numpy(dtype):
    rng = np.random.default_rng(0)
    theta, grad, total = (rng.normal(size=(3, 1001)).astype(dtype) for _ in range(3))
    ref_theta, ref_total = theta.copy(), total.copy()
    ref_total += grad
    ref_theta -= 0.1 * grad
    assert steps.gd_step_and_sum(theta, grad, total, 0.1)
    assert np.array_equal(theta, ref_theta) and np.array_equal(total, ref_total)


def test_fused_gd_step_declines_what_it_cannot_do():
    theta, total = np.ones((2, 4)), np.zeros((2, 4))
    assert not steps.gd_step_and_sum(theta, np.ones((2, 4)), total, np.array([[0.1], [0.2]]))  # per network
    assert not steps.gd_step_and_sum(theta, np.ones((2, 4), np.float32), total, 0.1)           # mixed dtypes
    assert not steps.gd_step_and_sum(theta, np.ones((4, 2)).T, total, 0.1)                    # strided
    assert not steps.gd_step_and_sum(theta, np.ones((2, 4)), np.zeros((1, 4)), 0.1)           # a short sum
    theta32 = np.ones((2, 4), np.float32)                  # NumPy would compute η·g in float64 here
    assert not steps.gd_step_and_sum(theta32, theta32.copy(), np.zeros_like(theta32), np.float64(0.1))
    assert steps.gd_step_and_sum(theta32, theta32.copy(), np.zeros_like(theta32), np.float32(0.1))
    assert (theta == 1).all() and (total == 0).all()                                             # untouched


def test_compiled_rprop_declines_state_of_another_shape():
    from bpnn.optimizers.rprop import Rprop

    opt = Rprop()
    state = opt.init(np.zeros((1, 4)))
    assert not steps.rprop_step(opt, np.zeros((3, 4)), np.ones((3, 4)), state, np.zeros(3, bool))


def test_subclasses_with_their_own_step_are_not_bypassed(numpy_only):
    """The compiled passes stand in for GradientDescent.step and Rprop._step only, not a subclass's."""
    from bpnn.optimizers.gd import GradientDescent
    from bpnn.optimizers.rprop import Rprop

    calls = []

    class ClippedGD(GradientDescent):
        def step(self, theta, grad, state, loss):
            calls.append("gd")
            super().step(theta, np.clip(grad, -0.01, 0.01), state, loss)

    class TracedRprop(Rprop):
        def _step(self, theta, grad, state, worse):
            calls.append("rprop")
            super()._step(theta, grad, state, worse)

    X, T = sin_data()
    train(article_network(), X, T, algorithm=ClippedGD(lr=0.1), batch_size=5, epochs=2)
    train(article_network(), X, T, algorithm=TracedRprop(), epochs=2, restarts=2)
    assert calls.count("gd") == 8 and calls.count("rprop") == 2


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_minibatch_gd_with_the_fused_step_equals_numpy(numpy_only, spy, dtype):
    """Minibatch gd trains bit-identically with and without the compiled step (also the grad norms)."""
    off, on = numpy_only
    rng = np.random.default_rng(2)
    X, T = rng.normal(size=(100, 3)), rng.normal(size=(100, 2))
    records = []
    for switch in (on, off):
        switch()
        net = Network([3, 6, 2], seed=4, dtype=dtype, stack=2)
        rec = train(net, X, T, algorithm="gd", lr=0.05, batch_size=16, epochs=5, seed=1, min_grad=0.0)
        records.append((net.theta.copy(), np.asarray(rec.grad_norm[1:])))
        if switch is on:
            assert spy["gd_step_and_sum"] == 5 * 7                    # 7 batches an epoch, compiled
    assert np.array_equal(records[0][0], records[1][0])
    assert np.array_equal(records[0][1], records[1][1])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_compiled_rprop_step_is_bit_equal_to_numpy(numpy_only, spy, dtype):
    """iRprop+ compiled and in NumPy, through sign flips, undone steps (E went up), zeros and Δ's bounds."""
    from bpnn.optimizers.rprop import Rprop

    opt = Rprop(delta0=0.07, deltamax=0.1, deltamin=0.01)
    rng = np.random.default_rng(3)
    theta0 = rng.normal(size=(3, 40)).astype(dtype)
    grads = rng.normal(size=(12, 3, 40)).astype(dtype)
    grads[:, :, :5] = 0.0                                              # zeros: a step of −sign(0)·Δ = 0
    grads[::3, :, 5:7] = -0.0                                          # signed zeros: NumPy's sign gives +0
    grads[4, 1, 8], grads[7, 2, 9], grads[9, 0, 10] = np.nan, np.inf, -np.inf
    losses = rng.uniform(size=(12, 3))                                 # E up and down at random
    steps_taken = [*zip(grads, losses), (grads[0], None)]             # and minibatch use: no loss
    (t1, s1), (t2, s2) = _compiled_and_numpy(numpy_only, opt, theta0, steps_taken)
    assert spy["rprop_step"] == 13                                     # the first run, compiled
    assert t1.tobytes() == t2.tobytes()                                # bit for bit: NaN, ±0 and all
    for key in ("delta", "g_prev", "step_prev", "E_prev"):
        assert s1[key].tobytes() == s2[key].tobytes(), key
    assert s1["delta"].min() == np.float32(0.01) if dtype == "float32" else s1["delta"].min() == 0.01


def _compiled_and_numpy(numpy_only, opt, theta0, steps_taken):
    """θ and the optimiser's state after the same steps (gradient, loss) taken with its compiled step
    and with its NumPy step."""
    off, on = numpy_only
    runs = []
    for switch in (on, off):
        switch()
        theta = theta0.copy()
        state = opt.init(theta)
        state["compiled"] = True                                       # as the training loop sets it
        with np.errstate(all="ignore"):                                # inf · 0, NaN
            for g, E in steps_taken:
                opt.step(theta, g, state, E)
        runs.append((theta, state))
    return runs


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("lr", [0.003, np.float32(0.003)])
def test_compiled_adam_step_is_bit_equal_to_numpy(numpy_only, spy, dtype, lr):
    """Adam compiled and in NumPy, through zeros, signed zeros, NaN, ±inf, tiny and huge gradients."""
    from bpnn.optimizers.adam import Adam

    opt = Adam(lr=lr, beta1=0.8, beta2=0.99, eps=1e-7)
    rng = np.random.default_rng(5)
    theta0 = rng.normal(size=(2, 50)).astype(dtype)
    grads = (rng.normal(size=(15, 2, 50)) * np.logspace(-30, 20, 50)).astype(dtype)
    grads[:, :, :4] = 0.0
    grads[::2, :, 4:6] = -0.0
    grads[3, 1, 7], grads[6, 0, 8], grads[9, 1, 9] = np.nan, np.inf, -np.inf
    (t1, s1), (t2, s2) = _compiled_and_numpy(numpy_only, opt, theta0, [(g, None) for g in grads])
    expected = 15 if dtype == "float32" or not isinstance(lr, np.float32) else 0   # (another type of η: NumPy)
    assert spy["adam_step"] == expected
    assert t1.tobytes() == t2.tobytes()                                # bit for bit: NaN, ±0 and all
    assert s1["m"].tobytes() == s2["m"].tobytes() and s1["v"].tobytes() == s2["v"].tobytes()
    assert s1["t"] == s2["t"] == 15


def test_compiled_adam_leaves_constants_that_numpy_would_widen_to_numpy(numpy_only, spy):
    """β₁, β₂ or ε as NumPy float64 scalars with float32 θ: NumPy computes those products in float64,
    so the compiled step (constants in θ's type) declines, and the step is NumPy's."""
    from bpnn.optimizers.adam import Adam

    theta = np.ones((1, 6), np.float32)
    for options in ({"beta1": np.float64(0.8)}, {"beta2": np.float64(0.99)}, {"eps": np.float64(1e-7)}):
        opt = Adam(lr=0.01, **options)
        state = opt.init(theta)
        assert not steps.adam_step(opt, theta, np.full((1, 6), 0.3, np.float32), {**state, "t": 1})
    assert spy["adam_step"] == 0 and (theta == 1).all()


def test_minibatch_adam_trains_the_same_compiled_or_not(numpy_only, spy):
    """A cosine schedule (a rate that changes every epoch) and a stack of three: the same bits."""
    off, on = numpy_only
    rng = np.random.default_rng(2)
    X, T = rng.normal(size=(90, 3)).astype(np.float32), rng.normal(size=(90, 2)).astype(np.float32)
    results = []
    for switch in (on, off):
        switch()
        net = Network([3, 8, 2], seed=4, dtype="float32", stack=3)
        rec = train(net, X, T, algorithm="adam", lr=0.01, batch_size=16, epochs=6, seed=1, min_grad=0.0,
                    schedule="cosine:period=6", engine="buffered")
        results.append((net.theta.copy(), rec.loss))
        if switch is on:
            assert spy["adam_step"] == 6 * 6                             # 6 batches an epoch, compiled
            assert "compiled optimiser step" in rec.engine_reason
    assert np.array_equal(results[0][0], results[1][0]) and results[0][1] == results[1][1]


def test_rprop_training_is_the_same_compiled_or_not(numpy_only, spy):
    off, on = numpy_only
    X, T = sin_data()
    results = []
    for switch in (on, off):
        switch()
        net = article_network()
        rec = train(net, X, T, algorithm="rprop", epochs=200, min_grad=0.0, restarts=20, seed=1, engine="wide")
        results.append((net.theta.copy(), rec.loss))
        if switch is on:
            assert spy["rprop_step"] == 200
    assert np.array_equal(results[0][0], results[1][0]) and results[0][1] == results[1][1]


def test_compiled_steps_are_used_only_where_they_pay_for_loading(monkeypatch, spy):
    """Loading numba and a step costs about a second once per process: a short run keeps NumPy."""
    monkeypatch.setattr(steps, "_warm", set())
    assert not steps.pays_off("rprop", 1000, 13) and not steps.pays_off("gdm", 10 ** 9, 10 ** 6)
    assert not steps.pays_off("adam", 5000, 76_826) and steps.pays_off("adam", 5000, 4 * 76_826)
    assert steps.pays_off("rprop", 10 ** 6, 13) and steps.pays_off("gd", 469 * 20, 203_530)
    X, T = sin_data()
    train(article_network(), X, T, algorithm="rprop", epochs=300, min_grad=0.0)
    train(article_network(), X, T, algorithm="gd", epochs=3, batch_size=5)
    assert spy == {"rprop_step": 0, "gd_step_and_sum": 0, "adam_step": 0}
    train(article_network(), X, T, algorithm="rprop", epochs=200_000, goal=1e-3)    # stops early; worth it
    assert spy["rprop_step"] > 0 and steps.pays_off("rprop", 10, 13)                # loaded: now always


# -- the compiled stack of networks (restarts): each network's epoch and step compiled ------------------

STACK_ALGORITHMS = [("gd", {"lr": 0.05}), ("gdm", {"lr": 0.05}), ("gdm", {"lr": 0.05, "nesterov": True}),
                    ("gdx", {}), ("rprop", {}), ("adam", {"lr": 0.02})]


@pytest.mark.parametrize("algorithm,options", STACK_ALGORITHMS, ids=lambda v: str(v))
@pytest.mark.parametrize("stop", [{"epochs": 150}, {"goal": 0.02, "epochs": 3000}, {"min_grad": 0.05, "epochs": 3000},
                                  {"epochs": 100, "lr": 50.0}], ids=["epochs", "goal", "min_grad", "diverge"])
def test_compiled_stack_trains_like_the_reference(algorithm, options, stop):
    """Restarts trained by the compiled stack and by the reference engine's per-epoch loop: each network
    stops at the same epoch for the same reason (goal and min_grad at different epochs per network,
    divergence keeps its best weights), with the same losses, gradient norms, rates and weights."""
    if "lr" in stop and algorithm in ("gdx", "rprop", "adam"):
        pytest.skip("its steps do not grow with the rate: it does not diverge")
    X, T = sin_data()
    runs = []
    for engine in ("compiled", "reference"):
        net = Network([1, 4, 1], seed=0)
        rec = train(net, X / 5, T, algorithm=algorithm, restarts=6, seed=2, engine=engine, **{**options, **stop})
        runs.append((net.theta.copy(), rec))
    (a, ra), (b, rb) = runs
    assert ra.engine == "compiled"
    strip = [{k: v for k, v in r.items() if k != "final_loss"} for r in ra.restarts]
    assert strip == [{k: v for k, v in r.items() if k != "final_loss"} for r in rb.restarts]
    if "goal" in stop or "min_grad" in stop:
        assert len({r["epochs"] for r in ra.restarts}) > 2                 # the networks stop one by one
    chaotic = "lr" in stop                             # a rate this high amplifies last-bit differences
    assert np.allclose([r["final_loss"] for r in ra.restarts], [r["final_loss"] for r in rb.restarts],
                       rtol=1e-6 if chaotic else 1e-9)
    assert ra.chosen_restart == rb.chosen_restart and ra.stop_reason == rb.stop_reason
    for key in ("loss", "grad_norm", "lr"):
        x, y = np.asarray(getattr(ra, key), float), np.asarray(getattr(rb, key), float)
        assert x.shape == y.shape and np.allclose(x, y, rtol=1e-6 if chaotic else 1e-9, equal_nan=True), key
    assert np.allclose(a, b, rtol=1e-6 if chaotic else 1e-9, atol=1e-12)


def test_compiled_stack_float32_and_two_hidden_layers():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (30, 2))
    T = np.column_stack([np.sin(X.sum(1)), X[:, 0] * X[:, 1]])
    for dtype, rtol in (("float64", 1e-9), ("float32", 2e-3)):
        runs = []
        for engine in ("compiled", "reference"):
            net = Network([2, 5, 3, 2], ["tanh", "sigmoid"], "linear", seed=1, dtype=dtype)
            rec = train(net, X, T, algorithm="adam", lr=0.01, epochs=200, restarts=5, seed=4, engine=engine)
            runs.append((net.theta.copy(), np.asarray(rec.loss)))
        assert np.allclose(runs[0][1], runs[1][1], rtol=rtol) and np.allclose(runs[0][0], runs[1][0], rtol=rtol,
                                                                             atol=1e-5)


def test_compiled_stack_time_limit_and_ctrl_c(monkeypatch):
    X, T = sin_data()
    rec = train(Network([1, 4, 1], seed=0), X, T, algorithm="rprop", epochs=10 ** 8, min_grad=0.0, max_time=0.2,
                restarts=5, engine="compiled")
    assert all(r["stop_reason"].startswith("time:") for r in rec.restarts) and len(rec.loss) == rec.epochs + 1
    run, calls = compiled.StackLoop.run, []

    def interrupted(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return run(self, *args, **kwargs)
    monkeypatch.setattr(compiled.StackLoop, "run", interrupted)
    net = Network([1, 4, 1], seed=0)
    rec = train(net, X, T, algorithm="gd", lr=0.01, epochs=10 ** 6, restarts=3, engine="compiled")
    assert all(r["stop_reason"].startswith("interrupted") for r in rec.restarts)
    assert rec.final_loss == pytest.approx(min(rec.loss)) and rec.loss[rec.best_epoch] == rec.final_loss


def test_a_short_run_keeps_numpy_whatever_is_loaded(monkeypatch, tmp_path):
    """One network's module is taken for runs of MIN_EPOCHS epochs or more, whose saving pays for
    loading it in a fresh process; the choice does not depend on what this process or the disk holds
    (one call, one seed: one engine, the same bits)."""
    from bpnn.engines.select import Case, select
    from bpnn.messages import engine_reason
    from bpnn.optimizers import get_optimizer
    from bpnn.training.stopping import MaxEpochs

    mse, gd = bpnn.get_loss("mse"), get_optimizer("gd")
    net = Network([1, 7, 3, 1], seed=0)

    def choose(epochs):
        return select(Case(net, mse, gd, 20, steps=epochs, rules=[MaxEpochs(epochs)]))
    for state in ("fresh", "loaded"):
        if state == "fresh":
            monkeypatch.setattr(compiled, "_modules", {})
            monkeypatch.setenv("BPNN_CACHE_DIR", str(tmp_path))
        else:
            X, T = sin_data()
            train(net, X, T, algorithm="gd", lr=0.01, epochs=3, engine="compiled")   # compiled and run here
        short = choose(5000)
        assert short.engine == "buffered", state
        assert ("not compiled: 5000 epochs would save about 0.075 s, less than a fresh process takes to load its "
                "compiled module (about 0.7 s; 50000 epochs or more take it)") in short.reason
        assert choose(compiled.MIN_EPOCHS - 1).engine == "buffered"
        assert choose(compiled.MIN_EPOCHS).engine == "compiled"
    zh = engine_reason(short.reason, "zh")
    assert "载入" in zh and "epochs" not in zh and "fresh" not in zh


def test_an_installed_numba_that_does_not_import_leaves_numpy(monkeypatch):
    """numba found but failing to import (built for another NumPy): the selector says so and trains
    with NumPy, and the optimisers' compiled steps stay off."""
    import builtins

    from bpnn.optimizers import _compiled as steps_module

    real_import = builtins.__import__

    def broken(name, *args, **kwargs):
        if name == "numba" or name.startswith("numba."):
            raise ImportError("Numba needs NumPy 2.0 or less")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(_numba, "_installed", True)
    monkeypatch.setattr(_numba, "_failure", None)
    monkeypatch.setattr(builtins, "__import__", broken)
    monkeypatch.delitem(__import__("sys").modules, "numba", raising=False)
    monkeypatch.setattr(steps_module, "_warm", set())
    X, T = sin_data()
    net = article_network()
    rec = train(net, X, T, algorithm="gd", lr=0.01, epochs=compiled.MIN_EPOCHS, goal=0.05)
    assert rec.engine == "buffered"
    assert "numba is installed but does not import (ImportError: Numba needs NumPy 2.0 or less)" in rec.engine_reason
    assert not _numba.available() and not steps_module.pays_off("rprop", 10 ** 9, 10 ** 6)
    with pytest.raises(bpnn.BPNNError, match="does not import"):
        train(article_network(), X, T, algorithm="gd", epochs=2, engine="compiled")


def test_the_selector_takes_the_compiled_stack_only_for_first_order_steps(monkeypatch):
    from bpnn.engines.select import Case, select
    from bpnn.optimizers import get_optimizer

    net = Network([1, 4, 1], ["sigmoid"], "sigmoid", seed=0, stack=100)
    mse = bpnn.get_loss("mse")
    monkeypatch.setattr(compiled, "_modules", {})
    monkeypatch.setenv("BPNN_CACHE_DIR", str(__import__("tempfile").mkdtemp()))   # nothing compiled yet
    short = select(Case(net, mse, get_optimizer("rprop"), 20, steps=1000))
    assert short.engine == "wide" and "not compiled: its stack kernels for these activations are not compiled" \
        in short.reason                                  # 100 × 1000 network-epochs do not pay the compile
    long = select(Case(net, mse, get_optimizer("rprop"), 20, steps=10 ** 5))
    assert long.engine == "compiled" and "each network's whole epoch and step run compiled" in long.reason
    for name in ("gd", "gdm", "gdx", "gda", "rprop", "adam"):
        assert select(Case(net, mse, get_optimizer(name), 20, steps=10 ** 5)).engine == "compiled", name
    for name in ("lm", "scg", "bfgs"):
        choice = select(Case(net, mse, get_optimizer(name), 20, steps=10 ** 5))
        assert choice.engine == "wide" and "not compiled: a stack's compiled epochs end with the step of" in choice.reason
    one = select(Case(Network([1, 4, 1], seed=0), mse, get_optimizer("rprop"), 20))
    assert one.engine == "buffered" and "not compiled: one network's compiled epoch ends with gradient descent" in one.reason
