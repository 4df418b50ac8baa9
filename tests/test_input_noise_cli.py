"""Input noise where a user trains: ``bpnn train --input-noise``, the estimators' ``input_noise``, the
settings ``bpnn info`` and the report show, and model files whose input noise is nonsense."""

import json

import numpy as np
import pytest

from bpnn.app.io import load_model
from test_cli_train import refused, run
from test_safety import put, rewrite, work  # noqa: F401 (work: a fixture)

TRAIN = ["-t", "y", "--seed", "3", "--epochs", "15", "--ensemble", "1", "--quiet"]
NOISY = ["--algo", "adam", "--batch-size", "16", "--input-noise", "0.1"]


@pytest.fixture(scope="module")
def folder(work):
    """test_safety's folder (data.csv: 40 rows, y = sin(a + b); x.csv: its inputs), and models trained there
    with and without noise."""
    from bpnn.cli import main

    folder = work
    for name, extra in (("noisy", NOISY), ("clean", NOISY[:4])):
        with pytest.raises(SystemExit) as exc:
            main(["train", str(folder / "data.csv"), *TRAIN, *extra, "-o", str(folder / f"{name}.bpnn")])
        assert exc.value.code in (0, None)
    return folder


def test_train_with_input_noise_keeps_sigma_and_the_batches(folder):
    noisy, clean = load_model(folder / "noisy.bpnn"), load_model(folder / "clean.bpnn")
    assert noisy.record["input_noise"] == 0.1 and clean.record["input_noise"] == 0.0
    assert noisy.record["batch_size"] == clean.record["batch_size"] == 16        # --batch-size in memory
    assert noisy.info["train_options"]["input_noise"] == 0.1
    assert "input_noise" not in clean.info["train_options"]
    assert not np.allclose(noisy.network.theta, clean.network.theta)            # the noise reached training


def test_info_shows_the_input_noise_only_when_there_is_some(folder, capsys):
    code, out, err = run(capsys, "info", folder / "noisy.bpnn")
    rows = [line.split() for line in out.splitlines() if "input noise" in line]
    assert code == 0 and rows and rows[0][-1] == "0.1", out
    code, out, err = run(capsys, "info", folder / "clean.bpnn")
    assert code == 0 and "input noise" not in out and "batch size" in out


def test_help_says_sigma_is_in_scaled_units(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    code, out, err = run(capsys, "train", "--help")
    line = next(line for line in out.splitlines() if "--input-noise" in line)
    assert code == 0 and "scaled inputs" in line and "first-order --algo" in line


@pytest.mark.parametrize("extra,match", [
    (["--input-noise", "-0.1", "--algo", "adam"], "--input-noise must be a non-negative number"),
    (["--input-noise", "nan", "--algo", "adam"], "--input-noise must be a non-negative number"),
    (["--input-noise", "inf", "--algo", "adam"], "--input-noise must be a non-negative number"),
    (["--input-noise", "lots"], "Invalid value for '--input-noise'"),
    (["--input-noise", "0.1"], "--algo auto trains on all rows as they are, at once: add --algo adam"),
    (["--input-noise", "0.1", "--algo", "lm"], "add --algo adam"),
    (["--input-noise", "0.1", "--algo", "gdx"], "add --algo adam"),
    (["--input-noise", "0.1", "--stream"], "these rows are streamed"),
    (["--input-noise", "0.1", "--algo", "adam", "--block-rows", "40"], "training on blocks of rows"),
    (["--input-noise", "0.1", "--algo", "adam", "--workers", "2"], "training on blocks of rows"),
    (["--input-noise", "0.1", "--algo", "adam", "--scheduler", "tcp://127.0.0.1:9"], "training on blocks of rows"),
    (["--batch-size", "8"], "--batch-size goes with --stream, or with a first-order --algo"),
    (["--batch-size", "8", "--algo", "adam", "--block-rows", "40"], "--batch-size goes with --stream"),
])
def test_bad_values_and_combinations_are_one_error_line(folder, capsys, extra, match):
    refused(capsys, "train", folder / "data.csv", *TRAIN, "-o", folder / "bad.bpnn", *extra, match=match)
    assert not (folder / "bad.bpnn").exists()


# -- the estimators ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["BPRegressor", "BPClassifier"])
def test_estimators_take_input_noise_and_clone_it(kind):
    import bpnn
    from sklearn.base import clone

    est = getattr(bpnn, kind)(input_noise=0.2, algorithm="adam")
    assert est.get_params()["input_noise"] == 0.2 and clone(est).input_noise == 0.2
    assert getattr(bpnn, kind)().get_params()["input_noise"] == 0.0
    assert clone(est.set_params(input_noise=0.05)).get_params()["input_noise"] == 0.05


def test_estimator_noise_reaches_training_and_partial_fit():
    from bpnn import BPRegressor
    from bpnn.errors import BPNNError

    rng = np.random.default_rng(1)
    X = rng.uniform(-1, 1, (100, 2))
    y = np.sin(X.sum(axis=1))
    common = dict(algorithm="adam", batch_size=16, ensemble=1, epochs=10, random_state=0)
    noisy, clean = BPRegressor(input_noise=0.2, **common).fit(X, y), BPRegressor(**common).fit(X, y)
    assert noisy.model_.record["input_noise"] == 0.2 and clean.model_.record["input_noise"] == 0.0
    assert noisy.model_.info["train_options"]["input_noise"] == 0.2
    assert not np.allclose(noisy.network_.theta, clean.network_.theta)
    once = [BPRegressor(input_noise=s, algorithm="adam", batch_size=16, random_state=0).partial_fit(X, y)
            for s in (0.2, 0.2, 0.0)]
    assert np.array_equal(once[0].network_.theta, once[1].network_.theta)      # reproducible
    assert not np.allclose(once[0].network_.theta, once[2].network_.theta)      # jittered
    with pytest.raises(BPNNError, match="first-order algorithm"):
        BPRegressor(input_noise=0.1, algorithm="lm", ensemble=1).fit(X, y)
    with pytest.raises(BPNNError, match="input_noise is given twice"):
        BPRegressor(input_noise=0.1, options={"input_noise": 0.1}, **common).fit(X, y)
    with pytest.raises(BPNNError, match="input_noise must be a non-negative number"):
        BPRegressor(input_noise=-1.0, **common).partial_fit(X, y)


# -- nonsense in a model file -------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["lots", [1, "a", None], -1, "[/]<b>x</b>", 1e308, {"a": {"b": []}}, True])
def test_a_model_file_with_nonsense_input_noise_still_loads(folder, tmp_path, capsys, value):
    path = rewrite(folder / "noisy.bpnn", tmp_path / "odd.bpnn", put(["info", "train_options", "input_noise"], value))
    for edit in (put(["records", 0, "input_noise"], value),):                  # the record's σ too
        rewrite(path, path, edit)
    code, out, err = run(capsys, "info", path)
    assert code == 0 and "Traceback" not in err and "input noise" in out, err
    code, out, err = run(capsys, "info", "--json", path)
    assert code == 0 and json.loads(out)["model"] == str(path), err
    code, out, err = run(capsys, "predict", path, folder / "x.csv")
    assert code == 0 and "Traceback" not in err and out.startswith("a,b,predicted_y"), err


def test_the_report_table_escapes_a_crafted_input_noise():
    from bpnn.app.report import _table, settings_rows

    rows = settings_rows({"train_options": {"input_noise": "<script>x</script>"}}, "en")
    assert rows == [("input noise σ (scaled inputs)", "<script>x</script>")]
    assert "<script>" not in _table(["setting", "value"], rows)
    assert settings_rows({"train_options": {"input_noise": 0.1}}, "zh") == [("输入噪声 σ（缩放后的输入）", "0.1")]
