"""The article's studies: each runs in a second at test size, and would catch a broken engine."""

from __future__ import annotations

import csv

import numpy as np
import pytest

import bpnn
from bpnn.teach import studies
from bpnn.cli import main


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def best_line_mse() -> float:
    """A linear hidden layer makes the whole network a straight line; least squares gives the best one."""
    X, T = bpnn.sin_data()
    coef = np.polyfit(X[:, 0], T[:, 0], 1)
    return float(np.mean((np.polyval(coef, X[:, 0]) - T[:, 0]) ** 2))


@pytest.fixture(scope="module")
def activation():
    return studies.activation_study(seeds=3, epochs=1000)


def test_activation_tanh_beats_a_straight_line(activation):
    line = best_line_mse()
    tanh, linear = activation.summary_for("activation", "tanh"), activation.summary_for("activation", "linear")
    assert tanh["median_final"] < 0.5 * line
    converged = [r["final_loss"] for r in activation.rows if r["activation"] == "linear" and r["stop"] != "diverged"]
    assert converged and all(line <= f < line + 1e-3 for f in converged)   # gd finds the best line, no better
    assert linear["median_final"] >= line
    assert len(activation.rows) == 12 and set(activation.curves) == {"tanh", "sigmoid", "relu", "linear"}
    assert activation.curves["tanh"].shape == (3, 1001)


def test_activation_writes_table_and_plot(activation, tmp_path):
    paths = studies.write_study(activation, tmp_path)
    assert [p.name for p in paths] == ["activation.csv", "activation-summary.csv", "activation.png"]
    rows = read_csv(tmp_path / "activation.csv")
    assert len(rows) == 12 and float(rows[0]["final_loss"]) == activation.rows[0]["final_loss"]
    assert (tmp_path / "activation.png").stat().st_size > 10_000


def test_lr_sweep_names_too_small_good_and_divergent(tmp_path):
    result = studies.lr_study([1e-3, 0.05, 5.0], epochs=500)
    assert [r["verdict"] for r in result.rows] == ["too small", "good", "diverged"]
    diverged = result.rows[2]
    assert diverged["stop_reason"].startswith("diverged:") and diverged["epochs"] < 20
    assert diverged["final_loss"] == pytest.approx(18.0275, rel=1e-4)   # the best weights: the article's start
    assert result.rows[1]["final_loss"] < 0.05 < result.rows[0]["final_loss"]
    paths = studies.write_study(result, tmp_path)
    assert [p.name for p in paths] == ["lr.csv", "lr.png"]
    assert [r["verdict"] for r in read_csv(paths[0])] == ["too small", "good", "diverged"]


def test_a_decaying_schedule_calms_an_oscillating_rate():
    result = studies.lr_study([0.3], epochs=1000, schedules=[None, "step:every=250,drop=0.5"])
    plain, stepped = result.rows
    assert (plain["schedule"], plain["verdict"]) == ("none", "oscillating")
    assert (stepped["schedule"], stepped["verdict"]) == ("step:every=250,drop=0.5", "good")
    assert stepped["final_loss"] < plain["final_loss"]


def test_lr_verdicts():
    steady = list(np.geomspace(1.0, 1e-3, 40))
    bounce = [1.0, 0.5] + [0.1, 0.2] * 20
    assert studies.lr_verdict("epochs: done", steady, best_final=1e-3) == "good"
    assert studies.lr_verdict("epochs: done", steady, best_final=1e-5) == "too small"
    assert studies.lr_verdict("epochs: done", bounce, best_final=1e-3) == "oscillating"
    assert studies.lr_verdict("diverged: the loss became NaN", steady, best_final=1e-3) == "diverged"
    assert studies.lr_verdict("min_grad: gradient norm fell", steady, best_final=1e-5) == "stuck"


@pytest.fixture(scope="module")
def epochs():
    return studies.epochs_study(seeds=[0, 1], epochs=2000)


def test_epochs_shows_under_and_overfitting(epochs):
    for row in epochs.rows:
        train, val = epochs.curves[row["seed"]]
        best = row["best_epoch"]
        assert len(train) == len(val) == row["epochs"] + 1
        assert train[-1] < 0.1 * train[0]                       # training works
        assert 0 < best < row["epochs"]                         # underfitting before, overfitting after
        assert val[best] < val[0] and val[best] < row["val_at_end"]
        assert row["train_at_end"] < row["train_at_best"]       # the training error keeps falling
        assert best <= row["max_fail_stop"] and val[row["max_fail_stop"]] == row["val_at_stop"]
        assert row["val_at_best"] > row["noise_floor"] * 0.5    # nobody predicts the noise


def test_max_fail_stop():
    assert studies.max_fail_stop([3, 2, 1, 2, 3, 4], max_fail=2) == 4
    assert studies.max_fail_stop([3, 2, 1], max_fail=2) == 2      # never fires: the last epoch


def test_hidden_units_trade_training_for_test_error(tmp_path):
    result = studies.hidden_study([1, 4, 32], seeds=2, epochs=2000)
    s = {r["hidden"]: r for r in result.summary}
    assert s[1]["median_train"] > s[4]["median_train"] > s[32]["median_train"]
    assert s[4]["median_test"] < s[1]["median_test"] and s[4]["median_test"] < s[32]["median_test"]
    assert len(result.rows) == 6
    names = [p.name for p in studies.write_study(result, tmp_path)]
    assert names == ["hidden.csv", "hidden-summary.csv", "hidden.png"]


def test_studies_are_reproducible():
    a = studies.hidden_study([2], seeds=1, epochs=200)
    b = studies.hidden_study([2], seeds=1, epochs=200)
    assert a.rows == b.rows


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_info:
        main(["study", *args])
    out = capsys.readouterr()
    return exit_info.value.code, out.out, out.err


@pytest.mark.parametrize("args,files", [
    (["activation", "--seeds", "2", "--epochs", "300", "--activations", "tanh,linear"],
     ["activation.csv", "activation-summary.csv", "activation.png"]),
    (["lr", "--lrs", "0.001,0.05,5", "--epochs", "200"], ["lr.csv", "lr.png"]),
    (["epochs", "--seeds", "1", "--epochs", "300"], ["epochs.csv", "epochs.png"]),
    (["hidden", "--hidden", "1,3", "--seeds", "1", "--epochs", "300"],
     ["hidden.csv", "hidden-summary.csv", "hidden.png"]),
])
def test_cli_writes_table_and_plot(capsys, tmp_path, args, files):
    code, out, err = run_cli(capsys, *args, "--out", str(tmp_path))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)
    assert out.splitlines()[-1].startswith("wrote ")


def test_cli_lr_names_the_verdicts(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "lr", "--lrs", "0.001,0.05,5", "--epochs", "100", "--schedule", "none",
                           "--schedule", "step:every=50,drop=0.5", "--out", str(tmp_path))
    assert code == 0 and "schedule none: good 0.05; too small 0.001; diverged 5" in out
    assert "schedule step:every=50,drop=0.5: " in out
    assert len(read_csv(tmp_path / "lr.csv")) == 6


@pytest.mark.parametrize("args,match", [
    (["lr", "--lrs", "0.1,fast"], "--lrs must be a comma-separated list of float values"),
    (["lr", "--lrs", "-1"], "--lrs must all be positive"),
    (["lr", "--lrs", "0.1", "--epochs", "5", "--schedule", "stepp"], "unknown schedule 'stepp'"),
    (["hidden", "--hidden", "0,2"], "--hidden sizes must be positive"),
    (["activation", "--seeds", "0"], "--seeds must be at least 1"),
    (["activation", "--activations", "tahn", "--seeds", "1", "--epochs", "10"], "did you mean 'tanh'"),
])
def test_cli_mistakes_are_one_line(capsys, tmp_path, args, match):
    code, _, err = run_cli(capsys, *args, "--out", str(tmp_path))
    assert code == 2 and err.startswith("error: ") and match in err
