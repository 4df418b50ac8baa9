"""bpnn train --stream: a model from a CSV file read in chunks (statistics, training, metrics)."""

import numpy as np
import pytest

from bpnn import BPNNError
from bpnn.app import streamed
from bpnn.app.io import load_model
from bpnn.cli import main


def _write(path, n=3000, classes=False, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 3))
    y = np.sin(2 * X[:, 0]) + X[:, 1] * X[:, 2]
    target = np.where(y > 0.2, "hi", np.where(y < -0.2, "lo", "mid")) if classes else [f"{v:.6f}" for v in y]
    lines = ["a,b,c,t"] + [",".join([*(f"{v:.6f}" for v in x), str(t)]) for x, t in zip(X, target)]
    path.write_text("\n".join(lines) + "\n")
    return X, y


def _run(*args):
    with pytest.raises(SystemExit) as exit_info:
        main(list(map(str, args)))
    return exit_info.value.code


def test_regression_from_chunks_matches_the_scaler_of_all_rows(tmp_path, capsys):
    X, y = _write(tmp_path / "d.csv")
    code = _run("train", tmp_path / "d.csv", "--target", "t", "--out", tmp_path / "m.bpnn", "--stream",
                "--seed", "1", "--epochs", "8", "--batch-size", "32", "--quiet")
    assert code == 0
    model = load_model(tmp_path / "m.bpnn")
    scaler = model.preprocessing.x_scaler                   # mapstd from streamed sums = from all rows at once
    assert np.allclose(scaler.offset, X.mean(axis=0), atol=1e-6)
    assert np.allclose(1 / scaler.gain, X.std(axis=0, ddof=1), rtol=1e-6)
    assert model.metrics["train"]["n"] == 3000 and model.metrics["train"]["r2"] > 0.8
    measured = model.measure(X, y)                          # the streamed metrics equal the in-memory ones
    assert measured["r2"] == pytest.approx(model.metrics["train"]["r2"], abs=1e-5)
    assert model.records[0]["engine"] in ("buffered", "reference")


def test_classification_from_chunks(tmp_path):
    _write(tmp_path / "c.csv", classes=True)
    code = _run("train", tmp_path / "c.csv", "--target", "t", "--out", tmp_path / "c.bpnn", "--stream",
                "--seed", "2", "--epochs", "6", "--batch-size", "32", "--quiet")
    model = load_model(tmp_path / "c.bpnn")
    assert code == 0 and model.task == "classification" and sorted(model.classes) == ["hi", "lo", "mid"]
    assert model.metrics["train"]["accuracy"] > 0.7


def test_reading_stays_in_chunks(tmp_path, monkeypatch):
    """Every read is a chunk of at most chunk_rows rows: memory does not grow with the file."""
    _write(tmp_path / "d.csv", n=2500)
    seen = []
    chunks = streamed._Reader.chunks

    def spy(self, labels=False, **options):
        for first, X, y in chunks(self, labels, **options):
            seen.append(len(X))
            yield first, X, y
    monkeypatch.setattr(streamed._Reader, "chunks", spy)
    model = streamed.fit_stream(tmp_path / "d.csv", "t", epochs=2, batch_size=50, chunk_rows=400, seed=0, lr=0.01)
    # statistics, epoch 0 (its first batch: one chunk), 2 epochs, metrics
    assert max(seen) <= 400 and sum(seen) == 2500 + 400 + 2 * 2500 + 2500
    assert model.info["stream"]["rows"] == 2500


def test_bad_cells_are_one_line_with_line_and_column(tmp_path, capsys):
    _write(tmp_path / "d.csv", n=50)
    lines = (tmp_path / "d.csv").read_text().splitlines()
    lines[31] = lines[31].replace(lines[31].split(",")[1], "oops", 1)
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n")
    code = _run("train", tmp_path / "d.csv", "--target", "t", "--out", tmp_path / "m.bpnn", "--stream", "-q",
                "--seed", "0")
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "line 32" in err[0] and "'b'" in err[0] and "oops" in err[0]
    assert not (tmp_path / "m.bpnn").exists()


def test_stream_options_are_checked(tmp_path, capsys):
    _write(tmp_path / "d.csv", n=20)
    assert _run("train", tmp_path / "d.csv", "--target", "t", "--out", tmp_path / "m.bpnn", "--batch-size", "8") == 2
    assert "--batch-size goes with --stream" in capsys.readouterr().err
    assert _run("train", tmp_path / "d.csv", "--target", "t", "--out", tmp_path / "m.bpnn", "--stream",
                "--algo", "lm") == 2
    assert "needs all rows at once" in capsys.readouterr().err
    with pytest.raises(BPNNError, match="no column 'nope'"):
        streamed.fit_stream(tmp_path / "d.csv", "nope")


def test_a_large_network_streamed_with_gd_steps_on_each_batch(tmp_path):
    """gd on a network of 16k+ weights: in memory its step is fused into the products; a stream has no
    rows to fuse over, so the selector leaves the step to the optimiser (it crashed before)."""
    from bpnn import Network, train
    from bpnn.training.streaming import ArraySource

    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(300, 64)), rng.normal(size=(300, 2))
    net = Network([64, 256, 2], seed=0)                       # 17 154 weights
    rec = train(net, ArraySource(X, T), None, algorithm="gd", lr=0.01, batch_size=100, epochs=2, seed=0)
    assert rec.engine == "buffered" and "fused" not in rec.engine_reason and len(rec.loss) == 3
