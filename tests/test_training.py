import math

import numpy as np
import pytest

from bpnn import BPNNError, Network, sin_data, train
from bpnn.training.stopping import Goal, MaxEpochs, MaxFail, MaxTime, MinGrad, MuMax, TrainState, check, first_reason


def test_record_fields():
    X, T = sin_data()
    rec = train(Network([1, 4, 1], seed=0), X, T, lr=0.01, epochs=50)
    assert rec.epochs == 50 and len(rec.loss) == 51 and len(rec.time) == 51
    assert rec.final_loss == rec.loss[-1]
    assert rec.stop_reason == "epochs: reached the maximum of 50 epochs"
    assert rec.best_epoch == int(np.argmin(rec.loss))
    assert rec.elapsed >= 0 and all(b >= a for a, b in zip(rec.time, rec.time[1:]))
    assert rec.to_dict()["algorithm"] == "gd"


def test_goal_stops_early():
    X, T = sin_data()
    rec = train(Network([1, 8, 1], seed=0), X / 5, T, lr=0.05, epochs=100_000, goal=0.05)
    assert rec.stop_reason.startswith("goal:") and rec.final_loss <= 0.05 and rec.epochs < 100_000
    assert rec.loss[-2] > 0.05                            # it stopped at the first epoch under the goal


@pytest.mark.parametrize("batch_size", [1, 5, 7])
def test_minibatch_and_online_training_learn(batch_size):
    X, T = sin_data()
    net = Network([1, 8, 1], seed=1)
    rec = train(net, X / 5, T, lr=0.02, epochs=300, batch_size=batch_size, seed=0)
    assert rec.batch_size == batch_size
    assert rec.final_loss < 0.3 * rec.loss[0]


def test_minibatch_of_all_rows_is_full_batch():
    X, T = sin_data()
    a, b = Network([1, 4, 1], seed=2), Network([1, 4, 1], seed=2)
    ra = train(a, X, T, lr=0.01, epochs=20, batch_size=20, shuffle=False)
    rb = train(b, X, T, lr=0.01, epochs=20)
    assert ra.batch_size is None and np.allclose(a.theta, b.theta, rtol=1e-12)


def test_same_seed_same_run_bit_for_bit():
    X, T = sin_data()
    runs = []
    for _ in range(2):
        net = Network([1, 6, 1], "tanh", init="glorot", seed=7)
        rec = train(net, X, T, lr=0.01, epochs=40, batch_size=4, seed=11)
        runs.append((net.theta.copy(), rec.loss))
    assert np.array_equal(runs[0][0], runs[1][0]) and runs[0][1] == runs[1][1]
    other = Network([1, 6, 1], "tanh", init="glorot", seed=7)
    train(other, X, T, lr=0.01, epochs=40, batch_size=4, seed=12)
    assert not np.array_equal(other.theta, runs[0][0])


def test_divergence_stops_and_restores_best_weights():
    X, T = sin_data()
    net = Network([1, 4, 1], seed=0)
    start = net.theta.copy()
    rec = train(net, X, T, lr=5.0, epochs=1000)
    assert rec.stop_reason.startswith("diverged:") and "learning rate (5) is probably too high" in rec.stop_reason
    assert np.all(np.isfinite(net.theta))
    assert rec.final_loss == pytest.approx(min(rec.loss), rel=1e-12) and rec.final_loss <= rec.loss[0] * (1 + 1e-12)
    net_check = Network([1, 4, 1], seed=0)
    net_check.theta = net.theta
    assert math.isclose(float(np.mean((net_check.predict(X) - T) ** 2)), rec.final_loss, rel_tol=1e-12)
    assert rec.best_epoch < rec.epochs or np.array_equal(net.theta, start)


def test_interrupt_keeps_best_weights():
    X, T = sin_data()
    net = Network([1, 4, 1], seed=0)

    def stop_at_30(epoch, record):
        if epoch == 30:
            raise KeyboardInterrupt

    rec = train(net, X, T, lr=0.01, epochs=1000, callback=stop_at_30)
    assert rec.stop_reason.startswith("interrupted:") and rec.best_epoch <= 30
    assert rec.final_loss == pytest.approx(float(np.mean((net.predict(X) - T) ** 2)), rel=1e-12)


def test_float32_training_stays_float32():
    X, T = sin_data()
    net = Network([1, 4, 1], seed=0, dtype="float32")
    train(net, X, T, lr=0.01, epochs=10)
    assert net.theta.dtype == np.float32


def test_stop_rules_return_reasons():
    s = TrainState(epoch=10, loss=np.array([0.5, 2.0]), grad_norm=np.array([1e-9, 1.0]),
                   val_fail=np.array([6, 0]), elapsed=3.0, mu=np.array([1e11, 1.0]))
    both = np.array([True, True])
    assert check([MaxEpochs(10)], s, both) == {0: "epochs: reached the maximum of 10 epochs",
                                               1: "epochs: reached the maximum of 10 epochs"}
    assert check([MaxEpochs(11)], s, both) == {}
    assert check([Goal(0.5)], s, both) == {0: "goal: loss 5.000e-01 reached the goal 0.5"}
    assert check([MinGrad(1e-7)], s, both)[0].startswith("min_grad:")
    assert check([MaxFail(6)], s, both) == {0: "max_fail: validation loss did not improve for 6 epochs"}
    assert check([MaxTime(2.0)], s, np.array([False, True])) == {1: "time: reached the limit of 2 s"}
    assert check([MuMax(1e10)], s, both)[0].startswith("mu_max: mu 1e+11")
    assert check([MaxEpochs(100), MaxFail(6), Goal(3.0)], s, both)[0].startswith("max_fail")
    single = TrainState(epoch=3, loss=1e-4, grad_norm=1.0, val_fail=0)          # plain floats
    assert first_reason([MaxEpochs(10), Goal(1e-3)], single).startswith("goal:")


def test_max_time_stops():
    X, T = sin_data()
    rec = train(Network([1, 4, 1], seed=0), X, T, epochs=10**9, max_time=0.05)
    assert rec.stop_reason.startswith("time:")


def test_progress_bar_runs(capsys):
    X, T = sin_data()
    rec = train(Network([1, 4, 1], seed=0), X, T, epochs=20, progress=True)
    assert rec.epochs == 20


@pytest.mark.parametrize("kwargs,match", [
    ({"epochs": -1}, "epochs must be a non-negative integer"),
    ({"epochs": 2.5}, "epochs must be a non-negative integer"),
    ({"lr": 0}, "lr must be a positive number"),
    ({"lr": float("nan")}, "lr must be a positive number"),
    ({"batch_size": 0}, "batch_size must be a positive integer"),
    ({"goal": -1.0}, "goal must be a non-negative number"),
    ({"algorithm": "traingdz"}, "unknown training algorithm 'traingdz' \\(did you mean 'traingd'\\?\\)"),
    ({"loss": "cross_entropy"}, "needs a 'softmax' output layer"),
    ({"engine": "turbo"}, "unknown engine .turbo.; choose one of: auto, compiled"),
])
def test_bad_options(kwargs, match):
    X, T = sin_data()
    with pytest.raises(BPNNError, match=match):
        train(Network([1, 4, 1], seed=0), X, T, **kwargs)


def test_callback_sees_the_live_record():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (30, 1))
    xv = rng.uniform(-1, 1, (10, 1))
    seen = []

    def watch(epoch, record):
        seen.append((epoch, record.best_epoch, record.val_fail[-1], record.val_loss[-1], len(record.loss)))

    rec = train(Network([1, 5, 1], seed=0), x, np.sin(3 * x), algorithm="lm", epochs=15,
                validation=(xv, np.sin(3 * xv)), callback=watch)
    assert [s[0] for s in seen] == list(range(rec.epochs + 1))
    assert all(isinstance(s[2], int) and s[4] == s[0] + 1 for s in seen)
    assert seen[-1][1] == rec.best_epoch and seen[-1][3] == rec.val_loss[-1]
