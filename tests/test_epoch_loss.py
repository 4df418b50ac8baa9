"""train(..., epoch_loss="batches"): the epoch's loss from its own minibatches, the same on every engine."""

import numpy as np
import pytest

from bpnn import BPNNError, Network, train
from bpnn.core.backprop import loss_and_grad
from bpnn.core.losses import get_loss
from bpnn.engines.select import ENGINES
from bpnn.training.streaming import ArraySource


def _problem(n=37, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    labels = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int) + (X[:, 2] > 0.5)
    return X, np.eye(3)[labels]


def _train(engine, stack, epoch_loss, algorithm="adam", loss="cross_entropy", batch_size=8, **kw):
    X, T = _problem()
    net = Network([3, 6, 3], "tanh", "softmax", seed=1, stack=stack)
    rec = train(net, X, T, loss=loss, algorithm=algorithm, epochs=6, batch_size=batch_size, seed=4, min_grad=0.0,
                engine=engine, epoch_loss=epoch_loss, **kw)
    return net, rec


@pytest.mark.parametrize("stack", [None, 16])
@pytest.mark.parametrize("algorithm, options", [("adam", {"lr": 0.01}), ("gd", {"lr": 0.1})])
def test_batch_losses_are_the_same_on_every_engine(stack, algorithm, options):
    runs = {}
    for engine in ENGINES:
        try:
            net, rec = _train(engine, stack, "batches", algorithm, **options)
        except BPNNError as exc:
            assert f"engine '{engine}' cannot train this" in str(exc)
            continue
        runs[engine] = (net.theta.copy(), np.asarray(rec.loss), rec.final_loss)
    assert "buffered" in runs and len(runs) >= 2
    ref_theta, ref_loss, ref_final = runs["reference"]
    for engine, (theta, losses, final) in runs.items():
        assert np.allclose(theta, ref_theta, rtol=1e-10, atol=1e-13), engine
        assert np.allclose(losses, ref_loss, rtol=1e-10, atol=0), engine
        assert np.isclose(final, ref_final, rtol=1e-10), engine


def test_batch_loss_is_the_row_weighted_mean_of_the_steps_batch_losses():
    """Replayed by hand with the reference engine's loss_and_grad and plain gd: loss[k] is Σ E_b·n_b / n over
    epoch k's batches, each at the weights before its step; the weights are those of the full-pass run."""
    X, T = _problem()
    n, b, lr = len(X), 8, 0.1
    loss = get_loss("cross_entropy")
    net, rec = _train("buffered", None, "batches", "gd", lr=lr, batch_size=b)
    full_net, full_rec = _train("buffered", None, "full", "gd", lr=lr, batch_size=b)
    assert np.array_equal(net.theta, full_net.theta)                 # the same steps; only the measurement differs
    mine = Network([3, 6, 3], "tanh", "softmax", seed=1)
    rng = np.random.default_rng(4)
    expected = [loss_and_grad(mine, X, T, loss)[0]]
    for _ in range(6):
        total = 0.0
        order = rng.permutation(n)
        for start in range(0, n, b):
            rows = order[start:start + b]
            E, g = loss_and_grad(mine, X[rows], T[rows], loss)
            total += E * len(rows)
            mine.theta -= lr * g
        expected.append(total / n)
    assert np.allclose(rec.loss, expected, rtol=1e-10)
    assert np.allclose(net.theta, mine.theta, rtol=1e-10, atol=1e-13)
    assert rec.loss[0] == full_rec.loss[0]                           # the initial weights: a full pass either way
    assert rec.loss[1:] != full_rec.loss[1:]
    assert np.isclose(rec.final_loss, full_rec.final_loss, rtol=1e-12)   # the end: a full pass either way
    assert rec.final_loss == pytest.approx(loss_and_grad(net, X, T, loss)[0], rel=1e-12)


def test_sum_losses_add_their_batches():
    X, T = _problem()
    net, rec = _train("buffered", None, "batches", "gd", loss="sse", lr=0.01)
    ref, ref_rec = _train("reference", None, "batches", "gd", loss="sse", lr=0.01)
    assert np.allclose(rec.loss, ref_rec.loss, rtol=1e-10)
    assert rec.loss[1] > 0.5 * rec.loss[0]                           # a sum over all rows, not a batch's mean


def test_full_batch_takes_either_and_the_default_is_the_full_pass():
    a, rec_a = _train("buffered", None, "batches", batch_size=None)
    b, rec_b = _train("buffered", None, None, batch_size=None)
    assert rec_a.loss == rec_b.loss
    c, rec_c = _train("buffered", None, None)
    d, rec_d = _train("buffered", None, "full")
    assert rec_c.loss == rec_d.loss


def test_goal_reads_the_batch_loss():
    _, full = _train("buffered", None, "full", lr=0.01)
    goal = full.loss[3] * 1.0001
    _, rec = _train("buffered", None, "batches", lr=0.01, goal=goal)
    assert rec.stop_reason.startswith("goal") and rec.loss[rec.epochs] <= goal


def test_bad_values_and_streams():
    X, T = _problem()
    with pytest.raises(BPNNError, match="epoch_loss must be"):
        _train("buffered", None, "rows")
    net = Network([3, 6, 3], "tanh", "softmax", seed=1)
    with pytest.raises(BPNNError, match="streamed training measures"):
        train(net, ArraySource(X, T), None, loss="cross_entropy", algorithm="adam", epochs=2, batch_size=8,
              epoch_loss="full")
    rec = train(net, ArraySource(X, T), None, loss="cross_entropy", algorithm="adam", epochs=2, batch_size=8,
                epoch_loss="batches")
    assert rec.epochs == 2


def test_batch_losses_drive_best_weights_gradient_norms_and_decay():
    """Without validation data the best epoch follows the batch losses; every epoch after the first
    has a gradient norm (min_grad can stop it); weight decay adds its penalty to what "best" follows."""
    net, rec = _train("reference", None, "batches", lr=0.05)
    assert rec.best_epoch == int(np.argmin(rec.loss)) and rec.best_epoch > 0
    assert np.isfinite(rec.grad_norm[1:]).all()
    X, T = _problem()
    net = Network([3, 6, 3], "tanh", "softmax", seed=1)
    rec = train(net, X, T, loss="cross_entropy", algorithm="adam", lr=0.05, epochs=50, batch_size=8, seed=4,
                min_grad=1e6, epoch_loss="batches")
    assert rec.stop_reason.startswith("min_grad") and rec.epochs == 1
    net = Network([3, 6, 3], "tanh", "softmax", seed=1)
    rec = train(net, X, T, loss="cross_entropy", algorithm="adam", lr=0.05, epochs=6, batch_size=8, seed=4,
                min_grad=0.0, epoch_loss="batches", weight_decay=0.1)
    assert rec.best_epoch > 0
