import numpy as np
import pandas as pd
import pytest

from bpnn import BPNNError, Network, train
from bpnn.training.streaming import ArraySource, CsvSource, NpySource, train_stream

rng = np.random.default_rng(0)
X = rng.uniform(-1, 1, (3000, 4))
T = (np.tanh(X @ np.array([1.0, -0.5, 0.3, 0.8])) + 0.2 * X[:, :1].ravel() ** 2).reshape(-1, 1)


def test_npy_source_reads_blocks_and_training_learns(tmp_path):
    np.save(tmp_path / "X.npy", X.astype(np.float32))
    np.save(tmp_path / "T.npy", T)
    source = NpySource(tmp_path / "X.npy", tmp_path / "T.npy")
    assert source.n_rows == 3000
    assert np.allclose(source.X.rows(100, 110), X[100:110].astype(np.float32))
    rec = train_stream(Network([4, 8, 1], seed=0), source, algorithm="adam", lr=0.01, epochs=8,
                       batch_size=64, seed=0)
    assert rec.stop_reason.startswith("epochs") and rec.loss[-1] < 0.1 * rec.loss[0]


def test_every_row_is_seen_once_per_epoch():
    seen = []
    source = ArraySource(np.arange(10.0).reshape(-1, 1), np.zeros((10, 1)))
    for xb, _ in source.batches(3, np.random.default_rng(0)):
        seen.extend(xb.ravel().tolist())
    assert sorted(seen) == list(range(10))


def test_csv_source_in_chunks(tmp_path):
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    frame["y"] = T[:, 0]
    frame.to_csv(tmp_path / "data.csv", index=False)
    source = CsvSource(tmp_path / "data.csv", "y", chunk_rows=700)
    assert source.n_rows == 3000 and source.features == ["a", "b", "c", "d"]
    rec = train_stream(Network([4, 8, 1], seed=0), source, lr=0.01, epochs=5, batch_size=50, seed=1)
    assert rec.loss[-1] < 0.2 * rec.loss[0]


def test_csv_text_cell_is_located(tmp_path):
    frame = pd.DataFrame(X[:50], columns=["a", "b", "c", "d"])
    frame["y"] = T[:50, 0]
    frame = frame.astype(object)
    frame.loc[30, "b"] = "oops"
    frame.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(BPNNError, match=r"bad.csv \(rows 1…50\) inputs must be numeric"):
        train_stream(Network([4, 3, 1], seed=0), CsvSource(tmp_path / "bad.csv", "y"), epochs=1)


def test_refusals(tmp_path):
    with pytest.raises(BPNNError, match="lm needs all rows at once"):
        train_stream(Network([4, 3, 1], seed=0), ArraySource(X, T), algorithm="lm")
    with pytest.raises(BPNNError, match="no column 'target'"):
        pd.DataFrame(X, columns=list("abcd")).to_csv(tmp_path / "d.csv", index=False)
        CsvSource(tmp_path / "d.csv", "target")
    np.save(tmp_path / "X.npy", X)
    with open(tmp_path / "X.npy", "r+b") as f:                     # cut the file short
        f.truncate(1000)
    np.save(tmp_path / "T.npy", T)
    source = NpySource(tmp_path / "X.npy", tmp_path / "T.npy")
    with pytest.raises(BPNNError, match="file is truncated"):
        train_stream(Network([4, 3, 1], seed=0), source, epochs=1)
    with pytest.raises(BPNNError, match="no such file"):
        NpySource(tmp_path / "missing.npy", tmp_path / "T.npy")


def test_divergence_keeps_the_best_weights():
    net = Network([4, 8, 1], seed=0)
    rec = train_stream(net, ArraySource(X * 1000, T * 1000), algorithm="gd", lr=10.0, epochs=5, batch_size=100)
    assert rec.stop_reason.startswith("diverged:") and np.all(np.isfinite(net.theta))


def test_weight_decay_takes_the_step_that_train_takes():
    """One epoch of one batch (all rows): streamed and in-memory training take the same decayed step."""
    streamed, in_memory = Network([4, 8, 1], seed=3), Network([4, 8, 1], seed=3)
    train_stream(streamed, ArraySource(X, T), algorithm="gd", lr=0.1, epochs=1, batch_size=len(X),
                 weight_decay=0.3, seed=0)
    train(in_memory, X, T, algorithm="gd", lr=0.1, epochs=1, batch_size=len(X), weight_decay=0.3, seed=0)
    assert np.allclose(streamed.theta, in_memory.theta, rtol=1e-12, atol=1e-14)
    plain = Network([4, 8, 1], seed=3)
    train_stream(plain, ArraySource(X, T), algorithm="gd", lr=0.1, epochs=1, batch_size=len(X), seed=0)
    assert not np.allclose(plain.theta, streamed.theta)     # the decay did something
    with pytest.raises(BPNNError, match="weight_decay must be a non-negative number"):
        train_stream(Network([4, 8, 1]), ArraySource(X, T), weight_decay=-1.0)
