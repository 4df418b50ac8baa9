"""Data-parallel training and sweeps on a dask.distributed.LocalCluster (2 worker processes).

The rows on workers give the single-process result on the same blocks of rows bit for bit, for
every full-batch algorithm (and the plain one-product result to rounding); a worker killed in the
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

ALGORITHMS = ["gd", "gdm", "gda", "gdx", "rprop", "adam", "scg", "bfgs", "lbfgs", "lm", "br"]


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
    """E, ∂E/∂θ, JᵀJ, Jᵀe and Σe², with and without weight decay, for a stack: the same blocks in this
    process bit for bit, one product over all rows to 1e-12."""
    from bpnn.training.distributed import BlockedObjective, DistributedObjective
    from bpnn.training.objective import NetworkObjective

    X, T = _data()
    net = bpnn.Network([3, 5, 1], seed=0, stack=2)
    for decay in (0.0, 0.01):
        plain = NetworkObjective(net, X, T, "mse", weight_decay=decay)
        here = BlockedObjective(net, X, T, "mse", weight_decay=decay, block_rows=70)
        there = DistributedObjective(net, X, T, "mse", client, weight_decay=decay, block_rows=70)
        assert there.rows.tolist() == [70, 70, 70, 30] and there.n_workers == 2
        trials = net.theta.reshape(2, -1) * 0.9
        for a, b, c in zip((*plain.losses_and_grad(), *plain.normal_equations(), plain.loss_at(trials)),
                           (*here.losses_and_grad(), *here.normal_equations(), here.loss_at(trials)),
                           (*there.losses_and_grad(), *there.normal_equations(), there.loss_at(trials))):
            np.testing.assert_array_equal(c, b)
            np.testing.assert_allclose(c, a, rtol=1e-12, atol=1e-14)


def _pair(algorithm, client, epochs=12, **options):
    """The same training on 2 workers and in this process on the workers' blocks (the default: 2 of 120 rows)."""
    X, T = _data()
    alone, spread = bpnn.Network([3, 5, 1], seed=0), bpnn.Network([3, 5, 1], seed=0)
    r1 = bpnn.train(alone, X, T, algorithm=algorithm, epochs=epochs, seed=1, block_rows=120, **options)
    r2 = bpnn.train(spread, X, T, algorithm=algorithm, epochs=epochs, seed=1, executor=client, **options)
    return alone, spread, r1, r2


def _same_record(r1, r2):
    one, two = r1.to_dict(), r2.to_dict()
    assert two["data_parallel"]["workers"] == 2 and two["data_parallel"]["block_rows"] == 120
    assert one["data_parallel"]["workers"] == 0 and one["data_parallel"]["block_rows"] == 120
    for key in one:
        if key not in ("time", "engine_reason", "data_parallel"):
            assert one[key] == two[key], key


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_rows_on_workers_train_as_one_process(client, algorithm):
    """The same record and weights, bit for bit, as this process summing the same blocks in the same order;
    and the plain one-product run to rounding (its sums group the additions differently; lm/br's damped
    solve and scg's step estimate magnify that, so its weights are held to 1e-8)."""
    alone, spread, r1, r2 = _pair(algorithm, client)
    np.testing.assert_array_equal(spread.theta, alone.theta)
    _same_record(r1, r2)
    assert "rows on 2 workers" in r2.engine_reason and "rows in 2 blocks" in r1.engine_reason
    plain = bpnn.Network([3, 5, 1], seed=0)
    r0 = bpnn.train(plain, *_data(), algorithm=algorithm, epochs=12, seed=1)
    assert r0.data_parallel == {} and r0.stop_reason == r2.stop_reason
    assert _close(plain.theta, spread.theta, 1e-8) and _close(r0.loss, r2.loss)


def test_weight_decay_restarts_and_validation_on_workers(client):
    X, T = _data()
    a, b, r1, r2 = _pair("lm", client, weight_decay=0.01)
    np.testing.assert_array_equal(a.theta, b.theta)
    _same_record(r1, r2)
    a, b, r1, r2 = _pair("scg", client, restarts=3, weight_decay=0.01, validation=(X[:40], T[:40]))
    np.testing.assert_array_equal(a.theta, b.theta)
    _same_record(r1, r2)


def test_a_dask_array_is_trained_where_its_chunks_are(client):
    """X and T as Dask arrays: their row chunks (T rechunked to X's) are the blocks."""
    da = pytest.importorskip("dask.array")
    X, T = _data()
    alone, spread = bpnn.Network([3, 5, 1], seed=0), bpnn.Network([3, 5, 1], seed=0)
    r1 = bpnn.train(alone, X, T, algorithm="lm", epochs=8, block_rows=70)
    r2 = bpnn.train(spread, da.from_array(X, chunks=(70, 2)), da.from_array(T[:, 0], chunks=50), algorithm="lm",
                    epochs=8, executor=client)
    np.testing.assert_array_equal(spread.theta, alone.theta)
    assert r1.loss == r2.loss and r2.data_parallel["blocks"] == 4
    with pytest.raises(BPNNError, match="Dask array"):
        bpnn.train(spread, da.from_array(X), T, algorithm="lm", epochs=1)


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


def _csv(tmp_path, n=30):
    import pandas as pd

    X, T = _data(n)
    data = tmp_path / "t.csv"
    pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "c": X[:, 2], "y": T[:, 0]}).to_csv(data, index=False)
    return data


@pytest.mark.parametrize("command", ["sweep", "train"])
def test_an_unreachable_scheduler_is_one_error_line(tmp_path, capsys, command):
    from bpnn.cli import main

    data = _csv(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main([command, str(data), "--target", "y", "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9"])
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("note:")]
    assert stop.value.code == 2 and len(err) == 1 and err[0].startswith("error: cannot reach the Dask scheduler")


def test_cli_train_on_a_scheduler_says_so_and_equals_block_rows(client, tmp_path, capsys):
    from bpnn.app.io import load_model
    from bpnn.cli import main

    data = _csv(tmp_path, 200)
    common = [str(data), "--target", "y", "--algo", "lm", "--seed", "3", "--ensemble", "1", "--epochs", "10", "-q"]
    for args in (["--out", str(tmp_path / "w.bpnn"), "--scheduler", client.scheduler.address],
                 ["--out", str(tmp_path / "h.bpnn"), "--block-rows", "70"]):
        with pytest.raises(SystemExit) as done:
            main(["train", *common, *args])
        assert done.value.code == 0
    assert "note: data-parallel: 2 block(s) of 70 rows on 2 Dask worker(s)" in capsys.readouterr().err
    there, here = load_model(tmp_path / "w.bpnn"), load_model(tmp_path / "h.bpnn")
    assert there.info["data_parallel"]["workers"] == 2 and here.info["data_parallel"]["workers"] == 0
    np.testing.assert_array_equal(there.network.theta, here.network.theta)
    assert "rows on 2 workers" in there.record["engine_reason"]


def test_workers_read_their_blocks_of_a_csv(client, tmp_path, monkeypatch):
    """fit_blocks on workers: the statistics, the training blocks and the metrics' sums are read on the
    workers (this process cannot read a row: its reader is disabled), and the model equals the one
    trained on the same blocks in this process, bit for bit."""
    from bpnn.app import streamed

    data = _csv(tmp_path, 300)
    options = dict(blocks=3, hidden=4, algorithm="lm", epochs=15, seed=2)
    here = streamed.fit_blocks(data, "y", **options)
    with monkeypatch.context() as patch:
        def no_rows_here(*args, **kwargs):
            raise AssertionError("the driver read rows of the file")
        patch.setattr(streamed._Reader, "_chunks", no_rows_here)
        there = streamed.fit_blocks(data, "y", executor=client, **options)
    np.testing.assert_array_equal(there.network.theta, here.network.theta)
    assert there.metrics == here.metrics and there.info["blocks"] == here.info["blocks"]
    assert sum(there.info["blocks"]["block_rows"]) == 300 and there.info["data_parallel"]["workers"] == 2
    assert there.preprocessing.x_scaler.offset.tolist() == here.preprocessing.x_scaler.offset.tolist()


def test_cli_stream_on_workers_trains_full_batch_from_the_file(client, tmp_path, capsys):
    from bpnn.app.io import load_model
    from bpnn.cli import main

    data = _csv(tmp_path, 200)
    with pytest.raises(SystemExit) as done:
        main(["train", str(data), "--target", "y", "--out", str(tmp_path / "s.bpnn"), "--stream", "--algo", "lm",
              "--epochs", "5", "--seed", "1", "-q", "--scheduler", client.scheduler.address])
    assert done.value.code == 0 and "note: data-parallel" in capsys.readouterr().err
    model = load_model(tmp_path / "s.bpnn")
    assert model.info["blocks"]["rows"] == 200 and model.record["algorithm"] == "lm"


def test_a_cluster_whose_workers_are_restarting_is_waited_for(client, monkeypatch):
    """scheduler_info() may show no worker while the nanny restarts one: the objective waits for it."""
    from bpnn.training import distributed

    real, calls = client.scheduler_info, []

    def first_empty(*args, **kwargs):
        calls.append(1)
        info = real(*args, **kwargs)
        return {**info, "workers": {}} if len(calls) == 1 else info
    monkeypatch.setattr(client, "scheduler_info", first_empty)
    X, T = _data()
    record = bpnn.train(bpnn.Network([3, 5, 1], seed=0), X, T, algorithm="scg", epochs=2, executor=client)
    assert len(calls) >= 2 and record.data_parallel["workers"] >= 1
    monkeypatch.setattr(client, "scheduler_info", lambda *a, **k: {**real(*a, **k), "workers": {}})
    monkeypatch.setattr(distributed, "NO_WORKER_WAIT", 0.1)
    with pytest.raises(bpnn.BPNNError, match="no workers"):
        bpnn.train(bpnn.Network([3, 5, 1], seed=0), X, T, algorithm="scg", epochs=2, executor=client)
