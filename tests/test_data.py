"""Scaling, one-hot labels, division and reading tables (bpnn.app.data)."""

import numpy as np
import pandas as pd
import pytest

from bpnn.app.data import (MapMinMax, MapStd, OneHot, Preprocessing, divide, infer_task, make_scaler,
                       parse_ratios, read_table, table_arrays)
from bpnn.errors import BPNNError


@pytest.mark.parametrize("scaler", [MapMinMax(), MapStd()])
def test_scalers_invert_exactly(scaler):
    rng = np.random.default_rng(0)
    X = rng.normal(50, 20, size=(30, 4))
    Y = scaler.fit_transform(X)
    np.testing.assert_allclose(scaler.inverse(Y), X, rtol=1e-13)


def test_mapminmax_maps_to_minus_one_one_and_handles_constant_columns():
    X = np.array([[1.0, 7.0], [3.0, 7.0], [2.0, 7.0]])
    s = MapMinMax().fit(X)
    Y = s.transform(X)
    assert Y[:, 0].min() == -1 and Y[:, 0].max() == 1
    np.testing.assert_array_equal(s.inverse(Y), X)        # constant column inverts exactly


def test_mapstd_zero_mean_unit_std():
    X = np.random.default_rng(1).uniform(0, 100, size=(50, 3))
    Y = MapStd().fit_transform(X)
    np.testing.assert_allclose(Y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Y.std(axis=0, ddof=1), 1, rtol=1e-12)


def test_unknown_scaling_suggests():
    with pytest.raises(BPNNError, match="did you mean 'mapstd'"):
        make_scaler("mapsdt")
    assert make_scaler("none") is None


def test_one_hot_strings_and_ints_and_unseen_labels():
    enc = OneHot().fit([3, 1, 2, 3])
    assert enc.classes == [1, 2, 3]
    np.testing.assert_array_equal(enc.transform([2]), [[0, 1, 0]])
    assert list(enc.labels(np.eye(3))) == [1, 2, 3]
    enc = OneHot().fit(np.array(["b", "a"]))
    with pytest.raises(BPNNError, match="label 'c' at row 2 was not seen in training"):
        enc.transform(["a", "c"])


def test_preprocessing_removes_constant_columns_and_round_trips_state():
    X = np.column_stack([np.arange(10.0), np.full(10, 3.0), np.arange(10.0) ** 2])
    y = np.arange(10.0) * 5
    pre = Preprocessing.fit(X, y, features=["a", "b", "c"], target="t", scaling="mapstd")
    assert pre.n_inputs == 2 and "'b'" in pre.notes[0]
    settings, arrays = pre.state()
    again = Preprocessing.from_state(settings, arrays)
    np.testing.assert_array_equal(again.inputs(X), pre.inputs(X))
    np.testing.assert_allclose(again.outputs(pre.targets(y)), y.reshape(-1, 1))
    with pytest.raises(BPNNError, match="all 1 input column"):
        Preprocessing.fit(np.ones((4, 1)), np.arange(4.0))


def test_divide_methods_sizes_and_seeds():
    d = divide(100)
    assert d.sizes() == (70, 15, 15)
    assert sorted(np.concatenate([d.train, d.val, d.test]).tolist()) == list(range(100))
    assert (divide(100, seed=1).val == divide(100, seed=1).val).all()
    assert not (divide(100, seed=1).val == divide(100, seed=2).val).all()
    b = divide(20, (0.5, 0.25, 0.25), "divideblock")
    assert b.train.tolist() == list(range(10)) and b.test.tolist() == list(range(15, 20))
    i = divide(8, (0.5, 0.25, 0.25), "int")
    assert (i.train.tolist(), i.val.tolist(), i.test.tolist()) == ([0, 3, 4, 7], [1, 5], [2, 6])
    ind = divide(5, method="ind", indices=([0, 1, 2], [3], [4]))
    assert ind.sizes() == (3, 1, 1)
    with pytest.raises(BPNNError, match="more than one set"):
        divide(5, method="ind", indices=([0, 1, 2], [2], [4]))


def test_too_few_rows_for_the_split():
    with pytest.raises(BPNNError, match="too few rows for the split: 3 row"):
        divide(3)
    assert divide(3, (1, 0, 0)).sizes() == (3, 0, 0)


@pytest.mark.parametrize("text", ["0.7,0.2", "a,b,c", "0.5,0.5,0.5", "0,0.5,0.5", "-0.1,0.6,0.5"])
def test_bad_ratios(text):
    with pytest.raises(BPNNError):
        parse_ratios(text)


def test_infer_task():
    assert infer_task(np.linspace(0, 1, 50), True) == "regression"
    assert infer_task(np.arange(100.0), True) == "regression"          # many integer values: a count
    assert infer_task(np.tile([1.0, 2.0, 3.0], 20), True) == "classification"


# -- reading tables -------------------------------------------------------------------
def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_csv_semicolon_and_gb18030(tmp_path):
    df = read_table(write(tmp_path, "a;b\n1;2\n3;4\n"))
    assert list(df.columns) == ["a", "b"] and df.shape == (2, 2)
    path = tmp_path / "zh.csv"
    path.write_bytes("温度,产量\n1,2\n3,4\n".encode("gb18030"))
    assert list(read_table(path).columns) == ["温度", "产量"]


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(BPNNError, match="data file '.*nope.csv' not found"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(BPNNError, match="is empty"):
        read_table(write(tmp_path, ""))
    with pytest.raises(BPNNError, match="no data rows"):
        read_table(write(tmp_path, "a,b\n"))


def test_excel_round_trip_or_clear_error(tmp_path):
    path = tmp_path / "data.xlsx"
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        path.write_bytes(b"PK")
        with pytest.raises(BPNNError, match="bpnn\\[xlsx\\]"):
            read_table(path)
        return
    pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 4.0]}).to_excel(path, index=False)
    assert read_table(path)["y"].tolist() == [3.0, 4.0]


def test_target_absent_suggests_close_names(tmp_path):
    df = read_table(write(tmp_path, "temperature,pressure,yield\n1,2,3\n"))
    with pytest.raises(BPNNError, match=r"target column 'yeild' not found \(did you mean 'yield'\?\)"):
        table_arrays(df, "yeild", source="data.csv")
    with pytest.raises(BPNNError, match=r"input column 'presure' not found \(did you mean 'pressure'"):
        table_arrays(df, "yield", ["temperature", "presure"])


def test_text_in_numeric_column_names_row_and_column(tmp_path):
    df = read_table(write(tmp_path, "x,z,y\n1,2,3\n4,five,6\n7,8,9\n"))
    with pytest.raises(BPNNError, match=r"data.csv: column 'z', row 2 \(line 3 of the file\): 'five' is not a number"):
        table_arrays(df, "y", source="data.csv")


def test_nan_and_inf_say_where_and_can_be_dropped(tmp_path):
    df = read_table(write(tmp_path, "x,z,y\n1,2,3\n4,,6\n7,inf,9\n10,11,12\n"))
    with pytest.raises(BPNNError, match=r"column 'z', row 2 \(line 3 of the file\) has an empty cell.*--drop-bad"):
        table_arrays(df, "y", source="data.csv")
    data = table_arrays(df, "y", drop_bad=True, task="regression")
    assert data.rows.tolist() == [0, 3] and "dropped 2 row(s)" in data.notes[0]


def test_classification_labels_and_single_class(tmp_path):
    df = read_table(write(tmp_path, "x,kind\n1, red\n2,blue\n3,red\n"))
    data = table_arrays(df, "kind")
    assert data.task == "classification" and sorted(set(data.y)) == ["blue", "red"]
    df = read_table(write(tmp_path, "x,kind\n1,red\n2,red\n"))
    with pytest.raises(BPNNError, match="single class \\('red'\\)"):
        table_arrays(df, "kind")
    df = read_table(write(tmp_path, "x,kind\n1,2\n2,1\n3,2\n"))
    data = table_arrays(df, "kind", task="classification")
    assert data.y.tolist() == [2, 1, 2] and isinstance(data.y[0], int)


def test_target_as_input_is_refused():
    df = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    with pytest.raises(BPNNError, match="both the target and an input"):
        table_arrays(df, "b", ["a", "b"])


def test_excel_without_openpyxl_says_how_to_install(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)          # import openpyxl → ImportError
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(BPNNError, match=r'pip install "\.\[xlsx\]" \(from a clone of bpnn\) or pip install openpyxl'):
        read_table(path)
