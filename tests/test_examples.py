"""The case studies (``bpnn example``) end to end at a reduced size, and their data loaders.

Each run asserts a quality floor that a broken engine, loader or split
would miss; the full-size figures are in docs/examples.md.
"""

from __future__ import annotations

import gzip
import subprocess
import sys

import numpy as np
import pytest

from bpnn.datasets import (deterding_vowels, grid_samples, letter_recognition, letters5x7, load_mnist,
                           midpoint_samples, peaks)
from bpnn.errors import BPNNError
from bpnn.examples import digits, letters, letters5x7 as case5x7, surface, vowels
from conftest import SHARED

MNIST = SHARED / "datasets" / "mnist.npz"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "bpnn", "example", *args], capture_output=True, text=True)


# -- data -------------------------------------------------------------------------------------
def test_bitmaps_are_26_distinct_letters():
    X, letters = letters5x7()
    assert letters == [chr(65 + k) for k in range(26)]
    assert set(np.unique(X)) == {0.0, 1.0}
    distances = (X[:, None, :] != X[None, :, :]).sum(-1) + 99 * np.eye(26, dtype=int)
    assert distances.min() >= 2                              # no two letters share a bitmap
    assert X[letters.index("L")].reshape(7, 5)[:, 0].all()   # L's left column is all ink


def test_letter_recognition_split_and_classes():
    X, y = letter_recognition("train")
    Xt, yt = letter_recognition("test")
    assert X.shape == (16000, 16) and Xt.shape == (4000, 16)
    assert set(y) == set(yt) == {chr(65 + k) for k in range(26)}
    assert X.min() == 0 and X.max() == 15
    Xa, ya = letter_recognition()
    assert np.array_equal(Xa[16000:], Xt) and list(ya[:3]) == ["T", "I", "D"]   # the UCI file's first rows
    with pytest.raises(BPNNError, match="split"):
        letter_recognition("validation")


def test_vowels_are_speaker_independent():
    train, test = deterding_vowels("train"), deterding_vowels("test")
    assert train.X.shape == (528, 10) and test.X.shape == (462, 10)
    assert set(train.speaker) == set(range(8)) and set(test.speaker) == set(range(8, 15))
    assert np.bincount(test.y).tolist() == [42] * 11
    assert deterding_vowels("all").X.shape == (990, 10)


def test_surfaces_grid_and_midpoints():
    X, T = grid_samples("peaks", 5)
    Xm, Tm = midpoint_samples("peaks", 5)
    assert X.shape == (25, 2) and Xm.shape == (16, 2)
    assert not (np.isin(Xm[:, 0], X[:, 0]).any())           # no test point lies on a grid line
    assert np.allclose(T.ravel(), peaks(X[:, 0], X[:, 1]))
    assert abs(peaks(0.2283, -1.6255) - (-6.5511)) < 1e-3   # MATLAB's peaks minimum ≈ −6.5511
    with pytest.raises(BPNNError, match="unknown surface"):
        grid_samples("peak", 5)


def _idx(path, array: np.ndarray) -> None:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(s).to_bytes(4, "big") for s in array.shape)
    with gzip.open(path, "wb") as fh:
        fh.write(header + array.astype(np.uint8).tobytes())


def test_mnist_reads_idx_folder_and_refuses_bad_paths(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (6, 28, 28))
    labels = np.arange(6) % 10
    for stem, data in (("train-images-idx3-ubyte", images), ("train-labels-idx1-ubyte", labels),
                       ("t10k-images-idx3-ubyte", images[:2]), ("t10k-labels-idx1-ubyte", labels[:2])):
        _idx(tmp_path / f"{stem}.gz", data)
    X, y, Xt, yt = load_mnist(tmp_path)
    assert X.shape == (6, 784) and Xt.shape == (2, 784)
    assert np.array_equal(X[3], images[3].ravel()) and y.tolist() == labels.tolist()
    with pytest.raises(BPNNError, match="does not exist"):
        load_mnist(tmp_path / "nowhere.npz")
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(BPNNError, match="t10k-labels-idx1-ubyte"):
        load_mnist(tmp_path)
    np.savez(tmp_path / "bad.npz", x_train=images)
    with pytest.raises(BPNNError, match="lacks"):
        load_mnist(tmp_path / "bad.npz")


# -- the cases at a reduced size -------------------------------------------------------------
def test_surface_fits_between_the_nodes(tmp_path):
    r = surface.run(["sincos", "peaks"], grid=11, hidden={"peaks": 12}, epochs=60, restarts=2, out=tmp_path)
    sincos, pk = r.metrics["sincos"], r.metrics["peaks"]
    assert sincos["test_mse"] < 1e-3 and sincos["test_r2"] > 0.99
    assert pk["test_r2"] > 0.8                               # peaks has variance ≈ 3.7
    assert sincos["test_mse"] < sincos["interpolation_mse"]["linear"]
    assert r.headline.startswith("test MSE") and len(r.plots) == 2 and all(p.exists() for p, _ in r.plots)


def test_letters5x7_noise_training_helps(tmp_path):
    r = case5x7.run(hidden=25, copies=10, trials=20, levels=(0.0, 0.3, 0.4), epochs=300, out=tmp_path)
    e1, e2 = r.metrics["error_clean_trained"], r.metrics["error_noise_trained"]
    assert e1[0] == 0.0 and e2[0] == 0.0                     # clean letters: all recognised
    assert r.metrics["train_accuracy"] == [1.0, 1.0]
    assert e2[1] < e1[1] / 2 and e2[2] < e1[2] / 2          # trained with noise: far fewer errors at σ = 0.3, 0.4
    assert e2[2] < 0.2
    assert "test accuracy" in r.headline and all(p.exists() for p, _ in r.plots)


def test_letters_learns_from_a_slice():
    r = letters.run(hidden=(32,), epochs=4, train_rows=3000, batch_size=32, lr=0.01, every=2)
    assert r.metrics["accuracy"] > 0.7                       # chance is 1/26
    assert r.metrics["curve_epochs"] == [0, 2, 4]
    assert r.metrics["curve_accuracy"][-1] > r.metrics["curve_accuracy"][0]
    b = letters.run(hidden=(32,), epochs=4, train_rows=3000, batch_size=32, lr=0.01, every=4, epoch_loss="batches")
    assert b.metrics["accuracy"] == r.metrics["accuracy"]    # the same steps; only the loss is measured otherwise
    with pytest.raises(BPNNError, match="epoch_loss must be"):
        letters.run(hidden=(4,), epochs=1, train_rows=100, epoch_loss="rows")


def test_letters_committee_trains_a_stack_and_averages_its_outputs():
    """ensemble=K trains K networks as one stack on the same batches; the accuracy is the committee's
    (the mean of the K outputs), not the mean of the members' accuracies."""
    r = letters.run(hidden=(16,), epochs=2, train_rows=1500, batch_size=64, lr=0.01, every=2, ensemble=3)
    assert r.metrics["accuracy"] > 0.4 and dict(r.settings)["network"].startswith("3 × 16-16-26")
    assert r.references[-1][0].startswith("bpnn 3 × 16-16-26")
    X, _ = letter_recognition("train")
    X[:] = -1                                                # the rows are a copy: the cache is not changed
    assert letter_recognition("train")[0].max() == 15
    with pytest.raises(BPNNError, match="ensemble must be an integer"):
        letters.run(hidden=(4,), epochs=1, train_rows=100, ensemble=0)


def test_vowels_small_ensemble_beats_chance_by_far():
    r = vowels.run(seeds=2, ensemble=3, epochs=20, copies=5)  # the defaults: h = 10, σ = 0, λ = 0.005
    assert len(r.metrics["accuracies"]) == 2 and r.metrics["weight_decay"] == 0.005
    assert r.metrics["mean"] > 0.42                           # chance is 1/11; full size: 52.9%
    assert "±" in r.headline


def test_vowels_speaker_normalisation_is_per_speaker_and_label_free():
    data = deterding_vowels("all")
    Z = vowels.normalise_speakers(data.X, data.speaker)
    for s in np.unique(data.speaker):
        rows = data.speaker == s
        assert np.allclose(Z[rows].mean(axis=0), 0, atol=1e-12)
        assert np.allclose(Z[rows].std(axis=0, ddof=1), 1)
    # one speaker's rows depend on that speaker alone (a test speaker is normalised by its own utterances)
    one = data.speaker == 9
    assert np.array_equal(vowels.normalise_speakers(data.X[one], data.speaker[one]), Z[one])


def test_vowels_nearest_neighbour_reproduces_robinson():
    """Robinson's best entry, 1-NN at 56%, on this package's copy of the data (462 test utterances)."""
    train, test = deterding_vowels("train"), deterding_vowels("test")
    acc = np.mean(vowels.nearest_neighbour(train.X, train.y, test.X) == test.y)
    assert abs(acc - 0.56) < 0.01                             # 260 of 462: 56.3%


def test_vowels_speaker_norm_takes_its_own_winner():
    r = vowels.run(seeds=1, ensemble=3, epochs=10, copies=5, speaker_norm=True)
    assert r.metrics["speaker_norm"] and r.metrics["weight_decay"] == vowels.WINNERS[True]["weight_decay"]
    assert "10-40-11" in r.settings[1][1]
    assert abs(r.metrics["nearest_neighbour"] - 0.535) < 0.01  # 1-NN on the normalised features (raw: 56.3%)
    assert r.metrics["mean"] > 0.5                            # full size: 63.3%; chance is 1/11
    assert "speaker-normalised" in r.headline
    assert any("1-nearest neighbour, raw features" in name for name, _ in r.references)


def test_vowels_weight_decay_reaches_the_networks():
    """λ = 1 pulls every weight to ~0: near-uniform outputs, where λ = 0 gives confident ones."""
    data = deterding_vowels("train")
    confidence = {}
    for lam in (0.0, 1.0):
        scores, _ = vowels.train_ensemble(data.X, data.y, hidden=10, noise=0.0, copies=10, ensemble=2, epochs=10,
                                          weight_decay=lam)
        confidence[lam] = float(scores(data.X).max(axis=1).mean())
    assert confidence[1.0] < 0.15 < 0.5 < confidence[0.0]     # uniform over 11 classes: 0.09


def test_vowels_selection_protocol_at_a_reduced_size():
    grid = {"hidden": (8,), "noise": (0.0, 0.3), "weight_decay": (0.0, 0.005)}
    sel = vowels.select_settings(grid, ensemble=2, folds=[(0, 1), (2, 3)], epochs=10, copies=5)
    assert len(sel["rows"]) == 4
    best = max(r["correct"] for r in sel["rows"])
    assert sel["winner"]["correct"] == best
    ties = [r for r in sel["rows"] if r["correct"] == best]
    assert sel["winner"]["noise"] == min(r["noise"] for r in ties)           # ties: less noise first
    assert all(0.35 < r["mean"] < 1 for r in sel["rows"])                    # held-out speakers, far above 1/11


def test_digits_8x8():
    r = digits.run_digits(hidden=16, epochs=80)
    assert r.metrics["accuracy"] > 0.88 and r.metrics["svc_accuracy"] > 0.9


@pytest.mark.skipif(not MNIST.exists(), reason=f"{MNIST} not found (MNIST stays outside the package)")
def test_mnist_slice(tmp_path):
    r = digits.run_mnist(MNIST, hidden=64, epochs=2, train_rows=4000, test_rows=1000, batch_size=64,
                         lr=0.003, out=tmp_path)
    assert r.metrics["accuracy"] > 0.85
    assert r.headline.startswith("test error") and all(p.exists() for p, _ in r.plots)


# -- the command line --------------------------------------------------------------------------
def test_cli_example_prints_table_and_headline(tmp_path):
    proc = cli("surface", "--function", "sincos", "--grid", "7", "--epochs", "20", "--restarts", "1",
               "--no-plots", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "results" in proc.stdout and "test MSE (between the grid nodes): sincos" in proc.stdout
    assert not (tmp_path / "surface-sincos.png").exists()                    # --no-plots


@pytest.mark.parametrize("args,needle", [
    (["surface", "--function", "sombrero", "--no-plots"], "unknown surface 'sombrero'"),
    (["mnist", "--data", "/nonexistent/mnist.npz", "--no-plots"], "no MNIST data at"),
    (["vowels", "--seeds", "0", "--no-plots"], "seeds must be an integer of at least 1"),
    (["vowels", "--weight-decay", "-1", "--seeds", "1", "--ensemble", "1", "--no-plots"],
     "weight_decay must be a non-negative number"),
])
def test_cli_example_mistakes_are_one_line(args, needle):
    proc = cli(*args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0]
