"""bpnn train / predict / info / export, end to end, and every bad input of issue 4 item 8."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bpnn.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONCRETE = ROOT / "examples" / "concrete" / "concrete.csv"


def run(capsys, *args):
    """Run the CLI in this process; returns (exit status, stdout, stderr)."""
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *args, match):
    code, out, err = run(capsys, *args)
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 2, (out, err)
    assert len(lines) == 1 and "Traceback" not in err, err
    assert match in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    """A small regression table in raw units: y = 3 sin(x1/10) + x2/50, one constant column."""
    folder = tmp_path_factory.mktemp("data")
    rng = np.random.default_rng(0)
    n = 150
    df = pd.DataFrame({"x1": rng.uniform(0, 60, n), "x2": rng.uniform(100, 300, n), "site": 7.0})
    df["y"] = 3 * np.sin(df.x1 / 10) + df.x2 / 50 + rng.normal(0, 0.05, n)
    df.iloc[:120].to_csv(folder / "train.csv", index=False)
    df.iloc[120:].to_csv(folder / "new.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def trained(table, tmp_path_factory):
    """One trained model (train once for the predict/info/export tests)."""
    out = tmp_path_factory.mktemp("model") / "m.bpnn"
    main_args = ["train", table / "train.csv", "--target", "y", "--out", out, "--seed", 3, "--ensemble", 2,
                 "--hidden", "8", "--quiet"]
    try:
        main([str(a) for a in main_args])
    except SystemExit as exc:
        assert exc.code in (0, None)
    return out


def test_train_defaults_summary_and_model(capsys, table, tmp_path):
    out = tmp_path / "model.bpnn"
    code, stdout, err = run(capsys, "train", table / "train.csv", "--target", "y", "--out", out, "--seed", 1)
    assert code == 0, err
    assert "constant input column 'site'" in err and "task: regression" in err
    assert "network 1/10:" in err                                  # one progress line per network (no tty)
    assert "metrics per set" in stdout and "R²" in stdout and out.exists()
    for split in ("train", "test"):                     # the committee rotates its validation rows:
        assert f"│ {split}" in stdout                     # every non-test row is a training row of some network
    assert "│ val" not in stdout


def test_train_is_reproducible_with_a_seed(capsys, table, tmp_path):
    args = ["train", table / "train.csv", "-t", "y", "--seed", 5, "--ensemble", 1, "--quiet"]
    run(capsys, *args, "--out", tmp_path / "a.bpnn")
    run(capsys, *args, "--out", tmp_path / "b.bpnn")
    from bpnn.app.io import load_model

    a, b = load_model(tmp_path / "a.bpnn"), load_model(tmp_path / "b.bpnn")
    np.testing.assert_array_equal(a.network.theta, b.network.theta)


def test_weight_decay_reaches_training(capsys, table, tmp_path):
    from bpnn.app.io import load_model

    args = ["train", table / "train.csv", "-t", "y", "--seed", 5, "--ensemble", 1, "--hidden", 8, "--quiet"]
    run(capsys, *args, "--weight-decay", 0, "--out", tmp_path / "a.bpnn")
    code, _, err = run(capsys, *args, "--weight-decay", 0.05, "--out", tmp_path / "b.bpnn")
    assert code == 0, err
    a, b = load_model(tmp_path / "a.bpnn"), load_model(tmp_path / "b.bpnn")
    assert a.record["weight_decay"] == 0.0 and b.record["weight_decay"] == 0.05
    assert b.info["train_options"] == {"weight_decay": 0.05}
    size = lambda m: sum(np.sum(W ** 2) for W in m.network.W)                  # noqa: E731
    assert size(b) < size(a)
    refused(capsys, *args, "--weight-decay", -1, "--out", tmp_path / "c.bpnn", match="weight_decay must be")
    refused(capsys, *args, "--weight-decay", 0.1, "--algo", "br", "--out", tmp_path / "c.bpnn",
            match="has its own weight penalty")


def test_predict_in_original_units_with_metrics(capsys, trained, table, tmp_path):
    out = tmp_path / "pred.csv"
    code, stdout, err = run(capsys, "predict", trained, table / "new.csv", "-o", out)
    assert code == 0, err
    pred = pd.read_csv(out)
    assert list(pred.columns) == ["x1", "x2", "site", "y", "predicted_y"]
    assert np.corrcoef(pred.y, pred.predicted_y)[0, 1] > 0.9       # raw units in, raw units out
    assert "30 rows with known y: R²" in err
    code, stdout, _ = run(capsys, "predict", trained, table / "new.csv")
    assert code == 0 and stdout.startswith("x1,x2,site,y,predicted_y")


def test_info_and_export(capsys, trained, table, tmp_path):
    code, stdout, _ = run(capsys, "info", trained)
    assert code == 0
    for needle in ("2 networks", "mapstd", "constant input column 'site'", "metrics per set", "initial weights tried per network"):
        assert needle in stdout
    assert re.search(r"^settings:\n  seed +3$", stdout, re.M)      # app.report.settings_rows, one per line
    target = tmp_path / "standalone.py"
    code, stdout, _ = run(capsys, "export", trained, "--to", "python", "-o", target)
    assert code == 0 and target.exists()
    namespace = {}
    exec(target.read_text(), namespace)
    new = pd.read_csv(table / "new.csv")
    from bpnn.app.io import load_model

    X = new[["x1", "x2", "site"]].to_numpy()
    assert np.max(np.abs(namespace["predict"](X) - load_model(trained).predict(X))) <= 1e-12
    refused(capsys, "export", trained, "--to", "excel", match="--to must be one of python, onnx, torch, matlab")


def test_classification_end_to_end_with_report(capsys, tmp_path):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(200, 3))
    kind = np.where(X[:, 0] > 0.3, "high", np.where(X[:, 0] < -0.3, "low", "mid"))
    df = pd.DataFrame(X, columns=["a", "b", "c"]).assign(kind=kind)
    df.to_csv(tmp_path / "k.csv", index=False)
    code, stdout, err = run(capsys, "train", tmp_path / "k.csv", "-t", "kind", "-o", tmp_path / "k.bpnn",
                            "--seed", 0, "--algo", "rprop", "--report", tmp_path / "rep", "--quiet")
    assert code == 0, err
    assert "task: classification" in err and "accuracy per set" in stdout
    assert (tmp_path / "rep" / "report.html").exists()
    code, stdout, err = run(capsys, "predict", tmp_path / "k.bpnn", tmp_path / "k.csv")
    assert code == 0 and "p_high" in stdout.splitlines()[0] and "accuracy" in err


def test_concrete_defaults_beat_half_of_the_variance(capsys, tmp_path):
    """The documented run in small: bpnn train with defaults, then predict held-out rows."""
    df = pd.read_csv(CONCRETE)
    idx = np.random.default_rng(2024).permutation(len(df))
    df.iloc[np.sort(idx[206:])].to_csv(tmp_path / "train.csv", index=False)
    df.iloc[np.sort(idx[:206])].to_csv(tmp_path / "holdout.csv", index=False)
    code, _, err = run(capsys, "train", tmp_path / "train.csv", "-t", "compressive_strength",
                       "-o", tmp_path / "c.bpnn", "--seed", 1, "--quiet")
    assert code == 0, err
    code, _, err = run(capsys, "predict", tmp_path / "c.bpnn", tmp_path / "holdout.csv", "-o", tmp_path / "p.csv")
    r2 = float(err.split("R² ")[1].split(",")[0])
    assert code == 0 and r2 > 0.85                     # 0.91 here; the docs show the full comparison


# -- bad input: exit 2, one line, nothing written ---------------------------------------------------
def write(tmp_path, text, name="d.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_missing_data_file(capsys, tmp_path, trained):
    refused(capsys, "train", tmp_path / "nope.csv", "-t", "y", "-o", tmp_path / "m.bpnn", match="not found")
    refused(capsys, "predict", trained, tmp_path / "nope.csv", match="not found")
    refused(capsys, "predict", tmp_path / "nope.bpnn", tmp_path / "nope.csv", match="model file")
    assert not (tmp_path / "m.bpnn").exists()


def test_target_column_absent_suggests(capsys, table, tmp_path):
    refused(capsys, "train", table / "train.csv", "-t", "Y", "-o", tmp_path / "m.bpnn",
            match="target column 'Y' not found (did you mean 'y'?)")
    refused(capsys, "train", table / "train.csv", "-t", "y", "--features", "x1,x_2", "-o", tmp_path / "m.bpnn",
            match="input column 'x_2' not found (did you mean 'x2'?)")
    assert not (tmp_path / "m.bpnn").exists()


def test_text_in_numeric_column_says_row_and_column(capsys, tmp_path):
    data = write(tmp_path, "a,b,y\n1,2,3\n4,5,6\n7,n/a?,9\n" + "1,2,3\n" * 20)
    refused(capsys, "train", data, "-t", "y", "-o", tmp_path / "m.bpnn",
            match="column 'b', row 3 (line 4 of the file): 'n/a?' is not a number")
    assert not (tmp_path / "m.bpnn").exists()


def test_nan_and_inf_say_where_and_drop_bad_drops_them(capsys, tmp_path):
    rows = "".join(f"{i},{i % 7},{i * 0.5}\n" for i in range(40))
    data = write(tmp_path, "a,b,y\n" + rows + "3,,4\n5,inf,6\n")
    refused(capsys, "train", data, "-t", "y", "-o", tmp_path / "m.bpnn",
            match="column 'b', row 41 (line 42 of the file) has an empty cell (NaN)")
    code, _, err = run(capsys, "train", data, "-t", "y", "-o", tmp_path / "m.bpnn", "--drop-bad", "--quiet",
                       "--seed", 0, "--ensemble", 1)
    assert code == 0 and "dropped 2 row(s)" in err


def test_too_few_rows_for_the_split(capsys, tmp_path):
    data = write(tmp_path, "a,y\n1,2\n2,3\n3,5\n")
    refused(capsys, "train", data, "-t", "y", "-o", tmp_path / "m.bpnn", match="too few rows for the split")
    refused(capsys, "train", data, "-t", "y", "-o", tmp_path / "m.bpnn", "--divide", "0.5,0.6,0",
            match="must sum to 1")


def test_single_class(capsys, tmp_path):
    data = write(tmp_path, "a,kind\n" + "".join(f"{i},cat\n" for i in range(30)))
    refused(capsys, "train", data, "-t", "kind", "-o", tmp_path / "m.bpnn", match="single class ('cat')")


def test_predict_with_missing_or_extra_columns(capsys, trained, tmp_path):
    missing = write(tmp_path, "x1,site\n1,7\n")
    refused(capsys, "predict", trained, missing, match="input column 'x2' not found")
    extra = write(tmp_path, "x1,x2,site,id\n1,150,7,a1\n", "extra.csv")
    refused(capsys, "predict", trained, extra, "-o", tmp_path / "p.csv", match="'id' is not used by the model")
    assert not (tmp_path / "p.csv").exists()
    code, out, _ = run(capsys, "predict", trained, extra, "--keep-extra")
    assert code == 0 and out.splitlines()[0] == "x1,x2,site,id,predicted_y"


def test_labels_unseen_in_training(capsys, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    pd.DataFrame(X, columns=["a", "b"]).assign(kind=np.where(X[:, 0] > 0, "up", "down")).to_csv(
        tmp_path / "k.csv", index=False)
    code, _, err = run(capsys, "train", tmp_path / "k.csv", "-t", "kind", "-o", tmp_path / "k.bpnn", "--quiet",
                       "--algo", "rprop", "--seed", 0, "--ensemble", 1)
    assert code == 0, err
    write(tmp_path, "a,b,kind\n0.1,0.2,up\n0.3,0.1,sideways\n", "new.csv")
    refused(capsys, "predict", tmp_path / "k.bpnn", tmp_path / "new.csv", "-o", tmp_path / "p.csv",
            match="label 'sideways' at row 2 was not seen in training")
    assert not (tmp_path / "p.csv").exists()


def test_bad_options(capsys, table, tmp_path):
    refused(capsys, "train", table / "train.csv", "-t", "y", "-o", tmp_path / "m.bpnn", "--task", "regresion",
            match="--task must be one of")
    refused(capsys, "train", table / "train.csv", "-t", "y", "-o", tmp_path / "no" / "m.bpnn",
            match="folder")
    refused(capsys, "train", table / "train.csv", "-t", "y", "-o", tmp_path / "m.bpnn", "--hidden", "10,x",
            match="hidden layer sizes")
    refused(capsys, "train", table / "train.csv", "-t", "y", "-o", tmp_path / "m.bpnn", "--scaling", "mapsd",
            match="did you mean 'mapstd'")
    assert not (tmp_path / "m.bpnn").exists()


def test_a_damaged_model_is_refused(capsys, trained, table, tmp_path):
    cut = tmp_path / "cut.bpnn"
    cut.write_bytes(trained.read_bytes()[:500])
    refused(capsys, "predict", cut, table / "new.csv", match="truncated or damaged")
    refused(capsys, "info", table / "new.csv", match="not a bpnn model")
