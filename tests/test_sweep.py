"""bpnn sweep / bpnn.app.sweep.sweep: settings, folds, local processes, resuming, outputs, the CLI."""

import json

import numpy as np
import pandas as pd
import pytest

import bpnn
from bpnn.app.sweep import folds_of, settings_grid, sweep, write_outputs
from bpnn.cli import main
from bpnn.errors import BPNNError


def _data(n=90, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    return X, np.sin(3 * X[:, 0]) + X[:, 1]


def _scores(result):
    return {(r["key"], r["fold"]): r["score"] for r in result.rows}


def test_settings_grid_drops_what_does_not_apply():
    settings = settings_grid({"hidden": ["4", "4,2"], "algorithm": ["lm", "adam", "br"], "lr": [0.01, 0.1],
                              "weight_decay": [0, 0.01]})
    # lm: no lr (one per hidden × decay); adam: 2 rates; br: no lr and no weight decay
    assert len(settings) == 2 * (2 + 4 + 1)
    assert all(s["lr"] is None for s in settings if s["algorithm"] in ("lm", "br"))
    assert not any(s["algorithm"] == "br" and s["weight_decay"] for s in settings)
    drawn = settings_grid({"hidden": [2, 4, 6, 8]}, search="random", n_iter=2, seed=1)
    assert len(drawn) == 2 and drawn == settings_grid({"hidden": [2, 4, 6, 8]}, search="random", n_iter=2, seed=1)
    with pytest.raises(BPNNError, match="varies"):
        settings_grid({"momentum": [0.9]})
    with pytest.raises(BPNNError, match="unknown|algorithm"):
        settings_grid({"algorithm": ["nope"]})


def test_stratified_folds_keep_the_class_shares():
    y = np.array(["a"] * 30 + ["b"] * 6, dtype=object)
    for _, held_out in folds_of(y, "classification", 3, seed=0):
        assert (y[held_out] == "b").sum() == 2
    with pytest.raises(BPNNError, match="smallest class"):
        folds_of(y, "classification", 7, seed=0)


def test_sweep_ranks_settings_and_refits_the_best():
    X, y = _data()
    result = sweep(X, y, grid={"hidden": [[1], [8]], "algorithm": ["lm"]}, folds=3, seed=0, epochs=40)
    assert len(result.rows) == 6 and [r["rank"] for r in result.table] == [1, 2]
    assert result.table[0]["mean"] >= result.table[1]["mean"]
    assert result.best["hidden"] == [8]                          # one hidden unit cannot fit sin(3x) + y
    assert result.model.network.sizes == [2, 8, 1] and result.model.info["sweep"]["folds"] == 3


def test_processes_and_order_do_not_change_the_scores():
    X, y = _data()
    grid = {"hidden": [[3], [5]], "algorithm": ["scg"]}
    one = sweep(X, y, grid=grid, folds=3, seed=2, epochs=30, refit=False)
    two = sweep(X, y, grid=grid, folds=3, seed=2, epochs=30, refit=False, n_jobs=2)
    assert _scores(one) == _scores(two)


def test_an_interrupted_sweep_resumes_without_recomputing(tmp_path):
    X, y = _data()
    grid, path = {"hidden": [[2], [4]], "algorithm": ["lm"]}, tmp_path / "sweep.json"
    seen = []

    def stop_after_three(done, total, row):
        seen.append(row)
        if done == 3:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        sweep(X, y, grid=grid, folds=3, seed=0, epochs=20, results=path, refit=False, progress=stop_after_three)
    saved = json.loads(path.read_text())
    assert len(saved["rows"]) == 3                                # written after each fold
    resumed = sweep(X, y, grid=grid, folds=3, seed=0, epochs=20, results=path, refit=False)
    assert resumed.info["computed"] == 3 and resumed.info["resumed"] == 3
    whole = sweep(X, y, grid=grid, folds=3, seed=0, epochs=20, refit=False)
    assert _scores(resumed) == _scores(whole)
    with pytest.raises(BPNNError, match="other data or other options"):
        sweep(X, y, grid=grid, folds=3, seed=1, epochs=20, results=path, refit=False)


def test_sweep_refuses_what_it_sets_itself():
    X, y = _data(30)
    with pytest.raises(BPNNError, match="sets ratios itself"):
        sweep(X, y, ratios=(1, 0, 0))
    with pytest.raises(BPNNError, match="score for regression"):
        sweep(X, y, score="accuracy")


def test_outputs_are_written(tmp_path):
    X, y = _data(60)
    result = sweep(X, y, grid={"hidden": [[2], [3]], "algorithm": ["lm"]}, folds=2, epochs=10)
    paths = write_outputs(result, tmp_path)
    table = pd.read_csv(paths["csv"])
    assert list(table["rank"]) == [1, 2] and table["setting"][0] == result.table[0]["setting"]
    assert paths["plot"].read_bytes()[:4] == b"\x89PNG"
    assert bpnn.load_model(paths["model"]).network.sizes == result.model.network.sizes


def test_ensemble_on_processes_equals_one_by_one():
    X, y = _data(80)
    serial = bpnn.fit(X, y, hidden=4, ensemble=3, seed=5, epochs=30)
    parallel = bpnn.fit(X, y, hidden=4, ensemble=3, seed=5, epochs=30, n_jobs=2)
    for a, b in zip(serial.networks, parallel.networks):
        np.testing.assert_array_equal(a.theta, b.theta)
    assert serial.records == parallel.records or [r["loss"] for r in serial.records] == \
        [r["loss"] for r in parallel.records]


def test_cli_sweep(tmp_path, capsys):
    X, y = _data(60)
    data = tmp_path / "t.csv"
    pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "y": y}).to_csv(data, index=False)
    out = tmp_path / "out"
    args = ["sweep", str(data), "--target", "y", "--out", str(out), "--hidden", "2;3", "--algo", "lm",
            "--folds", "2", "--epochs", "10", "-q"]
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 0
    assert {p.name for p in out.iterdir()} >= {"sweep.csv", "sweep.json", "sweep.png", "best.bpnn"}
    assert "best:" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:                       # everything read back: nothing trains
        main(args)
    assert stop.value.code == 0 and "resumed: 4 fold(s)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["sweep", str(data), "--target", "y", "--out", str(out), "--hidden", "x"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1
