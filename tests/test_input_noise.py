"""train(..., input_noise=σ): each step's batch inputs jittered afresh, the same on every engine."""

import numpy as np
import pytest

from bpnn import BPNNError, Network, train
from bpnn.core.backprop import loss_and_grad
from bpnn.core.losses import get_loss
from bpnn.engines.buffered import MiniBatch, add_input_noise
from bpnn.engines.select import ENGINES
from bpnn.messages import engine_reason
from bpnn.training.loop import _spawned
from bpnn.training.streaming import ArraySource


def _problem(n=37, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    labels = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int) + (X[:, 2] > 0.5)
    return X, np.eye(3)[labels]


def _train(engine="auto", stack=None, noise=0.2, algorithm="adam", batch_size=8, dtype="float64", **kw):
    X, T = _problem()
    net = Network([3, 6, 3], "tanh", "softmax", seed=1, stack=stack, dtype=dtype)
    rec = train(net, X, T, loss="cross_entropy", algorithm=algorithm, epochs=6, batch_size=batch_size, seed=4,
                min_grad=0.0, engine=engine, input_noise=noise, **kw)
    return net, rec


@pytest.mark.parametrize("stack", [None, 16])
@pytest.mark.parametrize("algorithm, options", [("adam", {"lr": 0.01}), ("gd", {"lr": 0.1}), ("rprop", {}),
                                                ("gdm", {"lr": 0.05})])
@pytest.mark.parametrize("epoch_loss", ["full", "batches"])
def test_every_engine_draws_the_same_noise_and_takes_the_same_steps(stack, algorithm, options, epoch_loss):
    runs = {}
    for engine in ENGINES:
        try:
            net, rec = _train(engine, stack, 0.2, algorithm, epoch_loss=epoch_loss, **options)
        except BPNNError as exc:
            assert f"engine '{engine}' cannot train this" in str(exc)
            continue
        runs[engine] = (net.theta.copy(), np.asarray(rec.loss))
    assert {"reference", "buffered"} <= set(runs) and "compiled" not in runs
    ref_theta, ref_loss = runs["reference"]
    for engine, (theta, losses) in runs.items():
        assert np.allclose(theta, ref_theta, rtol=1e-10, atol=1e-13), engine
        assert np.allclose(losses, ref_loss, rtol=1e-10, atol=0), engine


def test_a_step_is_the_exact_gradient_at_the_jittered_inputs():
    """The noisy gradient is BP1–BP4 at x + σε: the same ε, drawn from the same generator, by hand."""
    X, T = _problem()
    net = Network([3, 6, 3], "tanh", "softmax", seed=1)
    loss = get_loss("cross_entropy")
    rows = np.array([5, 0, 31, 7])
    kernel = MiniBatch(net, X, T, loss)
    kernel.jitter(0.3, np.random.default_rng(9))
    E, g = kernel.loss_and_grad(rows)
    x = add_input_noise(X[rows], 0.3, np.random.default_rng(9))
    E_ref, g_ref = loss_and_grad(net, x, T[rows], loss)
    assert np.isclose(E, E_ref, rtol=1e-12) and np.allclose(g, g_ref, rtol=1e-12, atol=1e-15)
    E_clean, _ = loss_and_grad(net, X[rows], T[rows], loss)
    assert not np.isclose(E, E_clean, rtol=1e-6)                     # the noise is there
    assert np.isclose(kernel.loss(), loss.value(net.forward(X), T), rtol=1e-12)   # loss passes: clean rows


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_jitter_has_the_asked_spread_in_the_inputs_type(dtype):
    x = np.zeros((4000, 5), dtype=dtype)
    add_input_noise(x, 0.25, np.random.default_rng(0))
    assert x.dtype == dtype
    assert abs(x.std() - 0.25) < 0.01 and abs(x.mean()) < 0.01
    assert abs(np.corrcoef(x[:, 0], x[:, 1])[0, 1]) < 0.05          # independent columns


def test_noise_changes_the_run_reproducibly_and_leaves_the_batches_order_alone():
    clean, _ = _train(noise=0.0)
    a, rec = _train(noise=0.2)
    b, _ = _train(noise=0.2)
    assert np.array_equal(a.theta, b.theta)                          # the same seed, the same noise
    assert not np.allclose(a.theta, clean.theta)
    assert rec.input_noise == 0.2
    tiny, _ = _train(noise=1e-12)                                    # the same batches: only ε differs
    assert np.allclose(tiny.theta, clean.theta, rtol=0, atol=1e-9)
    rng, plain = np.random.default_rng(3), np.random.default_rng(3)
    _spawned(rng)
    assert np.array_equal(rng.permutation(50), plain.permutation(50))


def test_the_final_loss_is_of_the_rows_as_they_are():
    X, T = _problem()
    net, rec = _train(noise=0.5)
    assert np.isclose(rec.final_loss, get_loss("cross_entropy").value(net.forward(X), T), rtol=1e-12)
    assert np.isclose(rec.loss[-1], rec.final_loss, rtol=1e-12)     # epoch_loss="full": clean passes


def test_full_batch_first_order_training_jitters_one_batch_of_all_rows():
    net, rec = _train(noise=0.1, algorithm="gd", batch_size=None, lr=0.1)
    assert rec.batch_size == 37 and rec.engine == "buffered"
    assert "inputs jittered by σ = 0.1" in rec.engine_reason
    assert not rec.engine_reason.startswith("compiled")
    from bpnn.engines import compiled
    if compiled.available():
        assert "not compiled: it runs the rows as they are, and input noise jitters each step's batch" \
            in rec.engine_reason


def test_the_reason_reads_in_chinese():
    _, rec = _train(noise=0.1, algorithm="gd", batch_size=None, lr=0.1)
    zh = engine_reason(rec.engine_reason, "zh")
    assert "输入加噪声 σ = 0.1" in zh and "jitter" not in zh and "noise" not in zh


@pytest.mark.parametrize("options, words", [
    ({"algorithm": "lm", "batch_size": None}, "needs a first-order algorithm"),
    ({"algorithm": "scg", "batch_size": None}, "needs a first-order algorithm"),
    ({"algorithm": "gdx", "batch_size": None}, "needs a first-order algorithm"),
    ({"block_rows": 10, "batch_size": None}, "training on blocks of rows"),
    ({"noise": -0.1}, "input_noise must be a non-negative number"),
    ({"noise": float("inf")}, "input_noise must be a non-negative number"),
    ({"noise": "0.1"}, "input_noise must be a non-negative number"),
    ({"noise": 1e300, "dtype": "float32"}, "overflows float32"),
])
def test_where_noise_cannot_go_is_a_clear_error(options, words):
    options = {"noise": 0.1, "batch_size": 8, **options}
    with pytest.raises(BPNNError, match=words):
        _train(**options)


def test_streamed_rows_take_no_noise():
    X, T = _problem()
    net = Network([3, 6, 3], "tanh", "softmax", seed=1)
    with pytest.raises(BPNNError, match="streamed from a source"):
        train(net, ArraySource(X, T), None, loss="cross_entropy", algorithm="adam", epochs=2, batch_size=8,
              input_noise=0.1)
