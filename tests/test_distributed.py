"""Data-parallel training and sweeps on a dask.distributed.LocalCluster (2 worker processes).

The rows on workers give the single-process result (float64, 1e-10); a worker killed in the
middle of an epoch is retried to the same result, or, when the retries run out, training stops
with the best weights and says so; an unreachable scheduler is one error line, exit status 2.
"""

import os

import numpy as np
import pytest

import bpnn
from bpnn.core.losses import SquaredError
from bpnn.errors import BPNNError

distributed = pytest.importorskip("distributed")

ALGORITHMS = ["gd", "gdm", "rprop", "adam", "scg", "bfgs", "lbfgs", "lm", "br"]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    try:
        cluster.close()
    except KeyError:        # distributed's own race: a worker killed by a test, removed twice at shutdown
        pass


def _data(n=240):
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (n, 3))
    return X, np.sin(X @ np.array([[1.0], [2.0], [-1.0]]))


def _close(a, b, tol=1e-10):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.max(np.abs(a - b)) <= tol * max(1.0, np.max(np.abs(a)))


def test_each_evaluation_equals_one_process(client):
    """E, ∂E/∂θ, JᵀJ, Jᵀe and Σe², with and without weight decay, for a stack: to 1e-12."""
    from bpnn.training.distributed import DistributedObjective
    from bpnn.training.objective import NetworkObjective

    X, T = _data()
    net = bpnn.Network([3, 5, 1], seed=0, stack=2)
    for decay in (0.0, 0.01):
        here = NetworkObjective(net, X, T, "mse", weight_decay=decay)
        there = DistributedObjective(net, X, T, "mse", client, weight_decay=decay)
        for a, b in zip((*here.losses_and_grad(), *here.normal_equations()),
                        (*there.losses_and_grad(), *there.normal_equations())):
            np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-14)
        trials = net.theta.reshape(2, -1) * 0.9
        np.testing.assert_allclose(there.loss_at(trials), here.loss_at(trials), rtol=1e-12)


def _pair(algorithm, client, epochs=12, **options):
    X, T = _data()
    alone, spread = bpnn.Network([3, 5, 1], seed=0), bpnn.Network([3, 5, 1], seed=0)
    r1 = bpnn.train(alone, X, T, algorithm=algorithm, epochs=epochs, seed=1, **options)
    r2 = bpnn.train(spread, X, T, algorithm=algorithm, epochs=epochs, seed=1, executor=client, **options)
    return alone, spread, r1, r2


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_rows_on_workers_train_as_one_process(client, algorithm):
    """The same record and weights.  The sums over blocks round differently from one sum, and
    lm/br's damped solve magnifies that by the condition of JᵀJ + μI, so weights are held to 1e-8."""
    alone, spread, r1, r2 = _pair(algorithm, client)
    assert _close(alone.theta, spread.theta, 1e-8), np.max(np.abs(alone.theta - spread.theta))
    assert len(r1.loss) == len(r2.loss) and _close(r1.loss, r2.loss)
    assert r1.stop_reason == r2.stop_reason
    assert "rows on 2 workers" in r2.engine_reason and "rows on" not in r1.engine_reason


def test_weight_decay_restarts_and_validation_on_workers(client):
    X, T = _data()
    a, b, r1, r2 = _pair("lm", client, weight_decay=0.01)
    assert _close(a.theta, b.theta, 1e-8) and _close(r1.loss, r2.loss)
    a, b, r1, r2 = _pair("scg", client, restarts=3, weight_decay=0.01, validation=(X[:40], T[:40]))
    assert _close(a.theta, b.theta, 1e-8) and _close(r1.val_loss, r2.val_loss)
    assert r1.chosen_restart == r2.chosen_restart


def test_workers_take_full_batches_only(client):
    X, T = _data()
    with pytest.raises(BPNNError, match="full-batch"):
        bpnn.train(bpnn.Network([3, 5, 1], seed=0), X, T, algorithm="adam", batch_size=16, executor=client)


def _killer(marker, every_time=False):
    """A squared error whose worker dies (os._exit) while computing it once ``marker`` exists:
    the first worker to see the file removes it and dies (or, ``every_time``, every worker dies)."""
    class Killer(SquaredError):
        def value(self, a, T):
            if every_time and os.path.exists(marker):
                os._exit(1)
            try:
                os.remove(marker)
            except FileNotFoundError:
                return super().value(a, T)
            os._exit(1)
    return Killer("mse", "Σe²/(n·m)")


@pytest.mark.parametrize("algorithm", ["scg", "lm"])
def test_a_worker_killed_mid_epoch_is_retried(client, tmp_path, algorithm):
    X, T = _data()
    marker = str(tmp_path / "kill")

    def arm(epoch, record):                   # from epoch 4 on, the next block evaluated kills its worker
        if epoch == 4:
            open(marker, "w").close()
    calm, killed = bpnn.Network([3, 5, 1], seed=0), bpnn.Network([3, 5, 1], seed=0)
    client.wait_for_workers(2, timeout=30)
    r1 = bpnn.train(calm, X, T, algorithm=algorithm, epochs=10, loss=_killer(marker), executor=client)
    r2 = bpnn.train(killed, X, T, algorithm=algorithm, epochs=10, loss=_killer(marker), executor=client,
                    callback=arm)
    assert not os.path.exists(marker)         # a worker did die
    # the same blocks, summed in the same order: the retried run is the calm one, bit for bit
    np.testing.assert_array_equal(killed.theta, calm.theta)
    assert r1.loss == r2.loss and r2.stop_reason.startswith("epochs")
    client.wait_for_workers(2, timeout=30)


def test_lost_workers_stop_with_the_best_weights(client, tmp_path):
    X, T = _data()
    marker = str(tmp_path / "kill")

    def arm(epoch, record):
        if epoch == 3:
            open(marker, "w").close()
    net = bpnn.Network([3, 5, 1], seed=0)
    try:
        record = bpnn.train(net, X, T, algorithm="scg", epochs=10, loss=_killer(marker, every_time=True),
                            executor=client, callback=arm)
    finally:
        os.remove(marker)
        client.wait_for_workers(2, timeout=30)
    assert record.stop_reason.startswith("workers lost") and "kept the best weights" in record.stop_reason
    assert record.final_loss == min(record.loss)
    assert np.isclose(bpnn.get_loss("mse").value(net.forward(X), T), record.final_loss, rtol=1e-12)


def test_sweep_on_dask_equals_local(client):
    from bpnn.app.sweep import sweep

    X, T = _data(90)
    grid = {"hidden": [[2], [4]], "algorithm": ["lm"]}
    here = sweep(X, T[:, 0], grid=grid, folds=3, epochs=15, refit=False)
    there = sweep(X, T[:, 0], grid=grid, folds=3, epochs=15, refit=False, executor=client)
    assert {(r["key"], r["fold"]): r["score"] for r in here.rows} == \
        {(r["key"], r["fold"]): r["score"] for r in there.rows}


def test_ensemble_on_dask_equals_one_by_one(client):
    X, T = _data(80)
    serial = bpnn.fit(X, T, hidden=3, ensemble=2, seed=4, epochs=10)
    spread = bpnn.fit(X, T, hidden=3, ensemble=2, seed=4, epochs=10, executor=client)
    for a, b in zip(serial.networks, spread.networks):
        np.testing.assert_array_equal(a.theta, b.theta)


def test_an_unreachable_scheduler_is_one_error_line(tmp_path, capsys):
    import pandas as pd

    from bpnn.cli import main

    X, T = _data(30)
    data = tmp_path / "t.csv"
    pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "y": T[:, 0]}).to_csv(data, index=False)
    with pytest.raises(SystemExit) as stop:
        main(["sweep", str(data), "--target", "y", "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9"])
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("note:")]
    assert stop.value.code == 2 and len(err) == 1 and err[0].startswith("error: cannot reach the Dask scheduler")
