"""The defaults of bpnn train (issue 15): stratified division, the size/decay rule, the rotated committee."""

import numpy as np
import pytest

from bpnn.app.data import divide
from bpnn.app.workflow import (HIDDEN_SIZES, choose_hidden, choose_weight_decay, default_settings, fit,
                           n_weights)


def test_stratified_division_keeps_every_class_in_proportion():
    labels = np.array(["a"] * 70 + ["b"] * 24 + ["rare"] * 6)
    plain, strat = divide(100, seed=4), divide(100, seed=4, stratify=labels)
    assert strat.sizes() == plain.sizes() == (70, 15, 15)
    for part, share in zip((strat.train, strat.val, strat.test), (0.7, 0.15, 0.15)):
        counts = {c: int(np.sum(labels[part] == c)) for c in ("a", "b", "rare")}
        for c, total in (("a", 70), ("b", 24), ("rare", 6)):
            assert abs(counts[c] - share * total) <= 1, (counts, share)
    assert np.array_equal(np.sort(np.concatenate([strat.train, strat.val, strat.test])), np.arange(100))
    again = divide(100, seed=4, stratify=labels)
    assert all(np.array_equal(getattr(strat, k), getattr(again, k)) for k in ("train", "val", "test"))
    assert not np.array_equal(strat.train, divide(100, seed=5, stratify=labels).train)


def test_fit_stratifies_classification_only():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = np.where(X[:, 0] > 1.2, "rare", "common")
    model = fit(X, y, task="classification", hidden=3, seed=0, epochs=5)
    assert model.info["divide"]["stratified"] is True
    assert set(y[model.division.train]) == {"rare", "common"}
    assert fit(X, X[:, 0], hidden=3, seed=0, epochs=5).info["divide"]["stratified"] is False


def test_rotated_committee_uses_the_non_test_rows_and_keeps_the_test_rows():
    rng = np.random.default_rng(1)
    X = rng.uniform(-1, 1, size=(80, 2))
    y = np.sin(2 * X[:, 0]) + X[:, 1]
    fixed = fit(X, y, hidden=4, ensemble=3, seed=2, epochs=30)
    rotated = fit(X, y, hidden=4, ensemble=3, seed=2, epochs=30, rotate=True)
    assert np.array_equal(rotated.division.test, fixed.division.test)
    assert set(rotated.metrics) == {"train", "test"} and len(rotated.division.val) == 0
    assert np.array_equal(rotated.division.train, np.sort(np.concatenate([fixed.division.train, fixed.division.val])))
    assert rotated.info["divide"]["rotated"] and not fixed.info["divide"]["rotated"]
    # the first network keeps the first division; the others train on divisions of their own
    # (the preprocessing differs, so compare what the networks learnt by their validation records)
    assert fixed.records[1]["val_loss"][0] != rotated.records[1]["val_loss"][0]
    assert rotated.measure(X, y)["r2"] > 0.8


def test_the_rule_widens_with_the_rows_and_regularises_small_tables():
    assert choose_hidden(50, 10, 1) == HIDDEN_SIZES[0]                        # too few rows for any: the smallest
    sizes = [choose_hidden(n, 16, 26) for n in (20, 200, 400, 2000)]
    assert sizes == sorted(sizes) and sizes[-1] == HIDDEN_SIZES[-1]
    for n, d, m in ((541, 8, 1), (1575, 16, 26), (300, 20, 6)):
        h = choose_hidden(n, d, m)
        assert h == HIDDEN_SIZES[0] or n * m >= 2 * n_weights([d, h, m])      # enough values per weight
        bigger = [g for g in HIDDEN_SIZES if g > h]
        assert not bigger or n * m < 2 * n_weights([d, bigger[0], m])        # and the next size would not have
    assert choose_weight_decay(100, 1, 121) == 0.01 and choose_weight_decay(1000, 1, 121) == 0.001
    small = default_settings("regression", 200, 10, 1)
    assert small["hidden"] == [10] and small["weight_decay"] == 0.01 and small["ensemble"] == 10
    big = default_settings("classification", 20000, 16, 26)
    assert big["hidden"] == [80] and big["ensemble"] == 1 and big["rotate"] is False
    assert default_settings("classification", 300, 4, 3)["max_fail"] == 20
    assert default_settings("regression", 300, 4, 1, hidden="5,3")["hidden"] == [5, 3]


@pytest.mark.parametrize("task", ["regression", "classification"])
def test_bpnn_train_uses_the_rule(task, tmp_path, capsys):
    import pandas as pd

    from bpnn.cli import main
    from bpnn.app.io import load_model

    rng = np.random.default_rng(3)
    df = pd.DataFrame(rng.normal(size=(90, 6)), columns=[f"x{j}" for j in range(6)])
    df["y"] = df.x0 + df.x1 ** 2 if task == "regression" else np.where(df.x0 + df.x1 > 0, "up", "down")
    df.to_csv(tmp_path / "t.csv", index=False)
    try:
        main(["train", str(tmp_path / "t.csv"), "-t", "y", "-o", str(tmp_path / "m.bpnn"), "--seed", "1", "-q"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    err = capsys.readouterr().err
    model = load_model(tmp_path / "m.bpnn")
    expected = default_settings(task, 90, 6, 1 if task == "regression" else 2)
    assert model.info["hidden"] == expected["hidden"] and len(model.networks) == expected["ensemble"]
    assert model.records[0]["weight_decay"] == expected["weight_decay"] == 0.01      # 63 rows: a small table
    assert model.info["max_fail"] == expected["max_fail"] and model.info["divide"]["rotated"]
    assert "training regularises with weight decay λ = 0.01" in err and "warning: few-samples" not in err
