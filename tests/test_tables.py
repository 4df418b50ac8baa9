"""The tables users really have (issue 15, part 3): decimal commas, text columns,
class weights, output encoding, and the C parser behind read_table."""

import numpy as np
import pandas as pd
import pytest

from bpnn.app.data import (MAX_CATEGORIES, Preprocessing, class_weights, read_table, repeat_counts, table_arrays,
                       table_bytes)
from bpnn.errors import BPNNError
from bpnn.app.estimators import BPClassifier
from bpnn.app.io import load_model, model_bytes
from bpnn.app.workflow import fit
from test_cli_train import refused, run


def write(tmp_path, text, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# -- decimal commas ----------------------------------------------------------------------------
def test_semicolon_file_with_decimal_commas_is_read_as_numbers(tmp_path):
    df = read_table(write(tmp_path, "a;b;y\n7,7396;1;2,5\n8,1;2;3\n-0,5;3;1,5e1\n"))
    assert df["a"].tolist() == [7.7396, 8.1, -0.5] and df["y"].tolist() == [2.5, 3.0, 15.0]
    assert df.attrs["decimal"] == "," and df.attrs["sep"] == ";"
    data = table_arrays(df, "y", task="regression")
    assert data.X.tolist() == [[7.7396, 1.0], [8.1, 2.0], [-0.5, 3.0]]


def test_decimal_can_be_given(tmp_path):
    quoted = write(tmp_path, 'a,y\n"7,5",1\n"8,25",2\n')
    assert read_table(quoted, decimal=",")["a"].tolist() == [7.5, 8.25]
    with pytest.raises(BPNNError, match="decimal mark must be '.' or ','"):
        read_table(quoted, decimal=";")


@pytest.mark.parametrize("decimal", [None, "."])
def test_a_decimal_comma_cell_that_is_not_read_says_so(tmp_path, decimal):
    path = write(tmp_path, 'a,y\n"7,7396",1\n8,2\n' if decimal is None else "a;y\n7,7396;1\n8,1;2\n")
    df = read_table(path, decimal=decimal)
    with pytest.raises(BPNNError, match=r"column 'a', row 1 .*'7,7396' is not a number.*decimal comma.*"
                                        r"--decimal ,"):
        table_arrays(df, "y", task="regression", source="data.csv")


def test_a_decimal_point_in_a_decimal_comma_file_is_refused(tmp_path):
    df = read_table(write(tmp_path, "a;y\n7,5;1\n1.234;2\n"), decimal=",")
    with pytest.raises(BPNNError, match=r"row 2 .*'1.234' is not a number.*decimal point"):
        table_arrays(df, "y", task="regression")


def test_both_decimal_marks_are_an_error_saying_what_to_pass(tmp_path, capsys):
    path = write(tmp_path, "a;b;y\n7,7396;1.5;2\n8,1;2.25;3\n")
    with pytest.raises(BPNNError, match=r"cannot tell the decimal mark: column 'a' has decimal commas \('7,7396'\) "
                                        r"but column 'b' has decimal points \('1.5'\); pass --decimal , or"):
        read_table(path)
    refused(capsys, "train", path, "-t", "y", "-o", tmp_path / "m.bpnn", match="--decimal ,")
    assert not (tmp_path / "m.bpnn").exists()


def test_train_and_predict_a_european_excel_file(tmp_path, capsys):
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 3, 80)
    rows = "".join(f"{a:.4f};{np.sin(a):.4f}\n".replace(".", ",") for a in x)
    data = write(tmp_path, "x;y\n" + rows)
    code, out, err = run(capsys, "train", data, "-t", "y", "-o", tmp_path / "m.bpnn", "--seed", 1, "--quiet",
                         "--ensemble", 1)
    assert code == 0, err
    new = write(tmp_path, "x;y\n1,5;0,9975\n", "new.csv")
    code, out, err = run(capsys, "predict", tmp_path / "m.bpnn", new, "-o", tmp_path / "p.csv")
    assert code == 0, err
    text = (tmp_path / "p.csv").read_text()
    assert text.startswith("x;y;predicted_y\n1,5;0,9975;")            # written as it came: ';' and ','
    assert abs(float(text.splitlines()[1].split(";")[2].replace(",", ".")) - 0.9975) < 0.1


# -- the C parser ----------------------------------------------------------------------------------
def test_csv_goes_through_the_c_parser(tmp_path, monkeypatch):
    engines = []
    original = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: engines.append(k.get("engine")) or original(*a, **k))
    read_table(write(tmp_path, "a\tb\n1\t2\n"))
    assert engines == ["c"]


def test_ragged_lines_still_say_where(tmp_path):
    with pytest.raises(BPNNError, match=r"cannot parse '.*data.csv' as a table: Expected 2 fields in line 3, saw 3;"):
        read_table(write(tmp_path, "a,b\n1,2\n3,4,5\n"))


# -- text columns ---------------------------------------------------------------------------------------
def colour_table(n=90, seed=0):
    rng = np.random.default_rng(seed)
    colour = rng.choice(["red", "green", "blue"], n)
    x = rng.normal(size=n)
    y = x + np.select([colour == "red", colour == "green"], [2.0, -2.0], 0.0)
    return pd.DataFrame({"x": x, "colour": colour, "y": y})


def test_text_columns_are_one_hot_with_their_categories():
    df = colour_table()
    df.loc[0, "colour"] = " red "                                   # spaces do not make a new category
    data = table_arrays(df, "y", task="regression")
    assert data.features == ["x", "colour=blue", "colour=green", "colour=red"]
    assert data.categories == {"colour": ["blue", "green", "red"]}
    assert data.X[0, 1:].tolist() == [0, 0, 1] and (data.X[:, 1:].sum(axis=1) == 1).all()
    assert any("'colour' is text: one-hot encoded as 3 input(s)" in n for n in data.notes)


def test_a_numeric_column_with_a_typo_stays_numeric():
    df = pd.DataFrame({"x": ["1", "2", "3", "oops"], "y": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(BPNNError, match="'oops' is not a number"):
        table_arrays(df, "y", task="regression")


def test_a_column_with_too_many_categories_is_refused():
    df = pd.DataFrame({"id": [f"id{i}" for i in range(MAX_CATEGORIES + 1)], "y": np.arange(MAX_CATEGORIES + 1.0)})
    with pytest.raises(BPNNError, match=rf"column 'id' is text with {MAX_CATEGORIES + 1} distinct values .*at most "
                                        rf"{MAX_CATEGORIES} categories.*--features"):
        table_arrays(df, "y", task="regression", source="data.csv")


def test_categories_travel_in_the_model_file_as_json():
    df = colour_table()
    data = table_arrays(df, "y", task="regression")
    model = fit(data.X, data.y, features=data.features, categories=data.categories, hidden=(4,), seed=0,
                epochs=30)
    again = load_model(model_bytes(model))
    pre = again.preprocessing
    assert pre.categories == {"colour": ["blue", "green", "red"]} and pre.columns == ["x", "colour"]
    assert any("text column 'colour'" in line for line in again.summary())
    settings, _ = pre.state()
    assert settings["categories"] == {"colour": ["blue", "green", "red"]}
    with pytest.raises(ValueError, match="do not match the inputs"):
        Preprocessing.from_state({**settings, "categories": {"shade": ["dark"]}}, {
            "keep": pre.keep, **{f"{k}.{a}": getattr(getattr(pre, k), a) for k in ("x_scaler", "y_scaler")
                                 for a in ("offset", "gain")}})


def test_predict_applies_the_categories_and_refuses_unseen_ones(tmp_path, capsys):
    colour_table(120).to_csv(tmp_path / "train.csv", index=False)
    code, _, err = run(capsys, "train", tmp_path / "train.csv", "-t", "y", "-o", tmp_path / "m.bpnn", "--seed", 0,
                       "--quiet", "--ensemble", 1)
    assert code == 0 and "one-hot" in err, err
    new = write(tmp_path, "x,colour\n0,red\n0,green\n0,purple\n", "new.csv")
    refused(capsys, "predict", tmp_path / "m.bpnn", new, "-o", tmp_path / "p.csv",
            match="column 'colour', row 3 (line 4 of the file): 'purple' is a category the model was not trained on")
    assert not (tmp_path / "p.csv").exists()
    code, out, err = run(capsys, "predict", tmp_path / "m.bpnn", new, "--drop-bad")
    assert code == 0 and "dropped 1 row(s) with a category not seen in training" in err
    predictions = pd.read_csv(__import__("io").StringIO(out))["predicted_y"].tolist()
    assert len(predictions) == 2 and predictions[0] > 1 > -1 > predictions[1]      # red ≈ +2, green ≈ -2


# -- class and sample weights --------------------------------------------------------------------------
def test_class_and_sample_weight_rules():
    assert class_weights(["a"] * 6 + ["b"] * 2, "balanced").tolist() == [2 / 3] * 6 + [2.0] * 2
    assert repeat_counts([1, 2, 0, 2.6], 4).tolist() == [1, 2, 0, 3]
    with pytest.raises(BPNNError, match="zero for every row"):
        repeat_counts([0, 0], 2)
    with pytest.raises(BPNNError, match="not in y"):
        class_weights(["a", "b"], {"c": 2})


def imbalanced(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = np.where(X[:, 0] + 0.8 * rng.normal(size=n) > 1.6, "rare", "common")
    return X, y


def test_balanced_class_weight_finds_more_of_the_rare_class():
    X, y = imbalanced()
    settings = dict(task="classification", hidden=(4,), seed=0, ratios=(0.8, 0.2, 0))
    plain = fit(X, y, **settings)
    weighted = fit(X, y, class_weight="balanced", **settings)
    rare = y == "rare"
    assert 0.03 < rare.mean() < 0.15
    recall = [np.mean(m.predict(X[rare]) == "rare") for m in (plain, weighted)]
    assert recall[1] > recall[0] + 0.2, recall
    assert weighted.info["weights"]["rows_trained"] > len(weighted.division.train)


def test_integer_sample_weights_equal_repeated_rows_without_validation():
    X, y = imbalanced(120)
    w = np.where(y == "rare", 3, 1)
    order = np.repeat(np.arange(len(y)), w)
    # mapminmax: its range is the same with rows repeated; mapstd's mean and sd are learnt from the rows
    # as given (unweighted), so they differ; the "auto" rules count weighted rows as their repeats
    options = dict(hidden_layer_sizes=(3,), scaling="mapminmax", validation_fraction=0, random_state=0, epochs=50)
    weighted = BPClassifier(**options).fit(X, y, sample_weight=w)
    repeated = BPClassifier(**options).fit(X[order], y[order])
    assert weighted.settings_ == repeated.settings_
    np.testing.assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X), atol=1e-10)
    ones = BPClassifier(**options).fit(X, y, sample_weight=np.ones(len(y)))
    assert not np.allclose(ones.predict_proba(X), weighted.predict_proba(X))
    with pytest.raises(BPNNError, match="partial_fit does not apply class_weight"):
        BPClassifier(class_weight="balanced").partial_fit(X, y, classes=["common", "rare"])


def test_class_weight_cli(tmp_path, capsys):
    X, y = imbalanced(200)
    pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "kind": y}).to_csv(tmp_path / "d.csv", index=False)
    code, _, err = run(capsys, "train", tmp_path / "d.csv", "-t", "kind", "-o", tmp_path / "m.bpnn",
                       "--class-weight", "balanced", "--seed", 0, "--quiet", "--ensemble", 1, "--hidden", 3)
    assert code == 0 and "class weights (balanced)" in err, err
    assert load_model(tmp_path / "m.bpnn").info["weights"]["class_weight"] == "balanced"
    refused(capsys, "train", tmp_path / "d.csv", "-t", "kind", "-o", tmp_path / "n.bpnn", "--class-weight", "equal",
            match="--class-weight takes 'balanced'")
    refused(capsys, "train", tmp_path / "d.csv", "-t", "a", "-o", tmp_path / "n.bpnn", "--class-weight", "balanced",
            match="--class-weight is for classification")
    assert not (tmp_path / "n.bpnn").exists()


# -- output encoding ---------------------------------------------------------------------------------------
def test_output_bytes_follow_the_input():
    assert table_bytes("温度\n1\n", "gb18030") == "温度\n1\n".encode("gb18030")
    assert table_bytes("温度\n1\n", "utf-8") == "温度\n1\n".encode("utf-8-sig")
    assert table_bytes("t\n1\n", "utf-8") == b"t\n1\n"
    with pytest.raises(BPNNError, match="cannot write output in ascii.*--encoding utf-8-sig"):
        table_bytes("温度\n", "utf-8", "ascii")


def test_a_gbk_file_in_gives_readable_chinese_headers_out(tmp_path, capsys):
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 3, 60)
    rows = "".join(f"{a:.3f},{2 * a:.3f}\n" for a in x)
    write(tmp_path, "温度,产量\n" + rows, "train.csv", "gbk")
    code, _, err = run(capsys, "train", tmp_path / "train.csv", "-t", "产量", "-o", tmp_path / "m.bpnn", "--seed", 0,
                       "--quiet", "--ensemble", 1)
    assert code == 0, err
    new = write(tmp_path, "温度\n1.0\n", "new.csv", "gbk")
    code, _, err = run(capsys, "predict", tmp_path / "m.bpnn", new, "-o", tmp_path / "p.csv")
    assert code == 0, err
    assert (tmp_path / "p.csv").read_bytes().decode("gbk").startswith("温度,predicted_产量\n1.0,")
    new_utf8 = write(tmp_path, "温度\n1.0\n", "new8.csv")
    code, _, err = run(capsys, "predict", tmp_path / "m.bpnn", new_utf8, "-o", tmp_path / "p8.csv")
    assert (tmp_path / "p8.csv").read_bytes().startswith("\ufeff温度,".encode())
    refused(capsys, "predict", tmp_path / "m.bpnn", new_utf8, "-o", tmp_path / "p8.csv", "--encoding", "nope",
            match="unknown text encoding 'nope'")
    assert (tmp_path / "p8.csv").read_bytes().startswith("\ufeff温度,".encode())      # the old file is left alone
