"""--json on train / info / predict / bench, train --config FILE.toml, model.json, --lang zh (issue 17 items 1, 3)."""

import json
import sys
import zipfile

import pytest

from test_cli_train import run, table, trained  # noqa: F401  (fixtures)


def test_train_json_is_one_document_on_stdout(capsys, table, tmp_path):  # noqa: F811
    code, out, err = run(capsys, "train", table / "train.csv", "-t", "y", "-o", tmp_path / "m.bpnn", "--seed", 1,
                         "--ensemble", 2, "--hidden", 5, "--json")
    assert code == 0, err
    doc = json.loads(out)                                   # nothing else on stdout
    assert doc["bpnn_json"] == 1 and doc["command"] == "train" and doc["task"] == "regression"
    assert doc["networks"] == 2 and doc["sizes"] == [2, 5, 1] and len(doc["training"]) == 2
    assert {"train", "test"} <= set(doc["metrics"]) and doc["metrics"]["test"]["r2"] > 0.5
    assert doc["interrupted"] is False and doc["model"].endswith("m.bpnn")


def test_info_and_predict_json(capsys, trained, table):  # noqa: F811
    code, out, err = run(capsys, "info", trained, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["command"] == "info" and {"x1", "x2"} <= set(doc["features"])
    assert doc["settings"]["seed"] == 3 and doc["training"][0]["stop_reason"]
    code, out, err = run(capsys, "predict", trained, table / "new.csv", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["rows"] == 30 and len(doc["predictions"]["predicted_y"]) == 30
    assert doc["known"]["r2"] > 0.5 and doc["output"] is None


def test_model_metadata_is_a_text_member(trained):  # noqa: F811
    """unzip -p model.bpnn model.json | jq . works: plain UTF-8 JSON, no bpnn needed."""
    with zipfile.ZipFile(trained) as zf:
        meta = json.loads(zf.read("model.json").decode("utf-8"))
    assert meta["format"] and {"x1", "x2"} <= set(meta["preprocessing"]["features"])


@pytest.mark.skipif(sys.version_info < (3, 11) and not pytest.importorskip("tomli"), reason="TOML reader")
def test_train_config_file(capsys, table, tmp_path):  # noqa: F811
    config = tmp_path / "run.toml"
    config.write_text(f'data = "{table / "train.csv"}"\ntarget = "y"\nout = "{tmp_path / "c.bpnn"}"\n'
                      'hidden = [4, 3]\nensemble = 1\nseed = 2\nmax-fail = 9\n')
    code, out, err = run(capsys, "train", "--config", config, "--json", "--quiet", "--seed", 5)
    doc = json.loads(out)
    assert code == 0 and doc["sizes"] == [2, 4, 3, 1] and doc["settings"]["seed"] == 5     # the command line wins
    assert doc["settings"]["max_fail"] == 9
    config.write_text('target = "y"\nhiden = 3\n')
    code, out, err = run(capsys, "train", "--config", config)
    assert code == 2 and err.count("\n") == 1 and "unknown key 'hiden'" in err and "'hidden'" in err


def test_chinese_tables_and_lines(capsys, trained, table, monkeypatch):  # noqa: F811
    """A zh run: the translated lines hold no English words but names (files, options, algorithms, units)."""
    import re

    code, out, err = run(capsys, "info", trained, "--lang", "zh")
    assert code == 0
    chinese = [line for line in out.splitlines() if line.startswith(("数据", "设置")) or "数据集" in line
               or "误差指标" in line or line.startswith("│")]
    assert len(chinese) >= 5, out
    allowed = {"rand", "mapstd", "mapminmax", "MSE", "RMSE", "MAE", "R", "bpnn", "csv", "train"}
    for line in chinese:
        words = set(re.findall(r"[A-Za-z]{2,}", line.replace(str(table), "").replace("train.csv", ""))) - allowed
        assert not words, (line, words)
    monkeypatch.setenv("BPNN_LANG", "zh")
    code, out, err = run(capsys, "info", trained / "missing")
    assert code == 2 and err.startswith("错误：") and err.count("\n") == 1


def test_bench_json(capsys, monkeypatch):
    from pathlib import Path

    from bpnn.cli import bench as bench_cli

    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    sys.path.insert(0, str(root / "benchmarks"))
    import startup
    import suite

    monkeypatch.setattr(startup, "measure", lambda repeats: [{"case": "python itself", "seconds": 0.01,
                                                               "target": None, "ok": None}])
    assert bench_cli.benchmarks_folder()
    code, out, err = run(capsys, "bench", "--only", "startup", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["command"] == "bench" and doc["startup"][0]["case"] == "python itself"
    assert doc["figures"]["startup"] and "suite" in sys.modules and suite.FIGURES[-1] == "startup"
