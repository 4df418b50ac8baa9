"""A Chinese run of the command line speaks Chinese: --help of every command, demo, train, predict, info,
export, gradcheck, explain, and the errors of bad input — no user-facing line is left in English.

What may stay in Latin letters (:data:`ALLOWED`): names of files, options, algorithms, activations,
losses, engines, stop rules and metrics, units, proper names (NumPy, MATLAB), typer's metavars
(``<int>``, ``DATA``), and anything quoted or written as code (``core.backprop``, ``max_fail``).
:func:`english` finds every other Latin word; the tests below show that it finds the English of an
English run, so that a string left untranslated fails this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bpnn.cli import app, main
from bpnn.messages import CATALOGUE, HELP_ZH, set_language

ROOT = Path(__file__).resolve().parents[1]
CONCRETE = ROOT / "examples" / "concrete" / "concrete.csv"

#: Latin words a Chinese line may hold: names, not sentences
ALLOWED = set("""
    bpnn BP BP1 BP2 BP3 BP4 CSV Excel TOML JSON HTML PNG UTF GBK GB18030 BOM ASCII MATLAB ONNX NumPy PyTorch
    Dask UCI MNIST IDX LeCun Robinson Deterding FANN SCG Adam Levenberg Marquardt Glorot He CI Ctrl C NaN inf
    Python numba openpyxl scipy scikit learn sklearn torch pip install shell python matlab onnx xlsx npz zip export
    data name model plots mnist alpha algo startup
    identity leakyrelu logistic logsig poslin purelin tansig momentum sgd
    lm br scg rprop adam bfgs lbfgs gd gdm gda gdx traingd trainbr trainlm
    tanh sigmoid relu leaky_relu linear softmax mse sse mae rmse r2 accuracy cross_entropy binary_cross_entropy
    mapstd mapminmax none rand block int ind auto regression classification balanced grid random
    nguyen_widrow randn glorot he fd both all compiled wide buffered reference
    fitnet patternnet feedforwardnet transferFcn IW LW b peaks sincos sin cos sqrt exp log randn trace
    min_grad max_fail max_epochs goal mu_max max_time interrupted diverged time
    MSE RMSE MAE R ETA MiB GiB KiB s ms x y z a e f n d k h l p T W E X Y K N L tcp HOST PORT
    text markdown html float32 float64 step cosine exponential gamma plateau warmup every drop epochs
    OPTIONS COMMAND ARGS DATA MODEL FILE MAT TEXT INTEGER FLOAT PATH str path bool float int range
    en zh demo explain gradcheck bench train predict info import playground sweep study example
    activation lr hidden surface letters letters5x7 vowels digits
    g ĝ ε λ μ σ η θ δ
""".split())


def english(line: str) -> list[str]:
    """The Latin words of ``line`` that are not names: what is left in English.

    >>> english("错误：找不到数据文件 'd.csv'；请检查路径")
    []
    >>> english("error: model file 'm.bpnn' not found")
    ['error', 'file', 'not', 'found']
    """
    line = re.sub(r"\x1b\[[0-9;]*m", "", line)
    line = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", " ", line)               # quoted: values, names, files
    line = re.sub(r"[A-Z]\w+\([^)]*=[^)]*\)", " ", line)                  # reprs with values: Adam(lr=...)
    line = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", line)            # options
    line = re.sub(r"\S*[/\\]\S*|\S+\.(?:csv|bpnn|xlsx|png|html|json|npz|md|py|m|mat|onnx|pt2|toml)\b", " ", line)
    line = re.sub(r"<[^>]*>|\{\w+\}|\[\w+\]", " ", line)                  # metavars: <int>, {data}, [name]
    line = re.sub(r"\S*_\S*|\S*\w\.\w\S*|\.\w+|\S+=\S*", " ", line)      # code: max_fail, core.backprop, .m, a=b
    line = re.sub(r"\b[a-z]+(?:-[a-z]+)+\b|\btrain[a-z]+\b", " ", line)        # codes (few-samples), MATLAB names
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", line)             # (one letter: a variable)
            if w not in ALLOWED and not re.fullmatch(r"[A-Za-z]\d+", w)]     # P6, x1: names too


def _left_in_english(text: str, names=()) -> list[str]:
    """The lines of ``text`` with English in them (``names``: the data's column names, which may stay)."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return [line for line in text.splitlines() if english(line)]


@pytest.fixture
def zh(monkeypatch):
    """Run in Chinese (as BPNN_LANG=zh would), and go back to English after."""
    monkeypatch.setenv("BPNN_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "1000")                # help lines unwrapped: each is checked whole
    set_language("zh")
    yield
    set_language("en")


def run(capsys, *argv) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def _command_paths() -> list[list[str]]:
    from typer.main import get_command

    paths, todo = [], [([], get_command(app))]
    while todo:
        path, command = todo.pop()
        paths.append(path)
        todo += [([*path, name], sub) for name, sub in (getattr(command, "commands", None) or {}).items()]
    return sorted(paths)


def test_the_checker_finds_english():
    assert english("错误：--ensemble 的值无效：应不小于 1（见 'bpnn train --help'）") == []
    assert english("计算引擎：buffered：一个网络，13 个权值，全批量，lm，mse") == []
    assert english("Hidden layer sizes, e.g. 10 or 10,5") == ["Hidden", "layer", "sizes", "or"]
    assert english("提示：199 target values for 101 weights") == ["target", "values", "for", "weights"]


def test_every_help_text_has_its_chinese():
    """Every command and option has a Chinese help (a new option without one fails here)."""
    from typer.main import get_command

    from bpnn.cli.localize import _walk, help_for

    missing = []
    for path, command in _walk(get_command(app)):
        if f"command {path}".strip() not in HELP_ZH:
            missing.append(f"command {path}")
        for param in command.params:
            if param.help and help_for(param.help, "zh") == param.help:
                missing.append(f"{path} {param.name}: {param.help}")
    assert not missing, missing


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "bpnn")
def test_help_is_chinese(capsys, zh, path):
    code, out, err = run(capsys, *path, "--help")
    assert code == 0 and "用法：" in out and "Usage" not in out
    assert not _left_in_english(out), _left_in_english(out)


def test_help_in_english_is_still_english(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    code, out, _ = run(capsys, "train", "--help")
    assert code == 0 and "Usage:" in out and "The column to predict." in out
    assert _left_in_english(out)                     # the checker would catch an English help in a zh run


def test_demo_is_chinese(capsys, zh, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "demo", "--print-every", "2500", "-v", "--no-plots")
    assert code == 0 and "计算引擎" in out
    assert not _left_in_english(out + err), _left_in_english(out + err)


@pytest.fixture(scope="module")
def small_table(tmp_path_factory) -> Path:
    if not CONCRETE.exists():
        pytest.skip(f"{CONCRETE} not found")
    path = tmp_path_factory.mktemp("zh") / "concrete.csv"
    path.write_text("".join(CONCRETE.read_text().splitlines(keepends=True)[:121]))
    return path


def test_train_predict_info_are_chinese(capsys, zh, small_table, tmp_path):
    model = tmp_path / "m.bpnn"
    code, out, err = run(capsys, "train", small_table, "-t", "compressive_strength", "-o", model, "--seed", "1",
                         "--ensemble", "2", "--epochs", "30", "-v")
    assert code == 0 and "计算引擎：" in out and "提示：" in err
    assert not _left_in_english(out + err), _left_in_english(out + err)

    code, out, err = run(capsys, "predict", model, small_table, "-o", tmp_path / "p.csv")
    assert code == 0 and "预测结果：" in out
    assert not _left_in_english(out + err), _left_in_english(out + err)

    code, out, err = run(capsys, "info", model)
    lines = (out + err).splitlines()
    assert code == 0 and any(line.startswith("计算引擎：") for line in lines)
    assert not _left_in_english(out + err), _left_in_english(out + err)

    code, out, err = run(capsys, "export", model, "--to", "python")
    columns = small_table.read_text().splitlines()[0].split(",")
    assert code == 0 and out.startswith("已写入 ")
    assert not _left_in_english(out + err, columns), _left_in_english(out + err, columns)


@pytest.mark.parametrize("argv", [["--lr", "5"], ["--algo", "lm", "--steps", "50"], ["--algo", "adam", "--restarts", "3"]],
                         ids=["diverged", "lm", "restarts"])
def test_demo_stop_reasons_are_chinese(capsys, zh, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "demo", "--print-every", "0", "--no-plots", "-v", *argv)
    assert code == 0 and not _left_in_english(out + err), _left_in_english(out + err)


def test_one_network_says_why_it_stopped_in_chinese(capsys, zh, small_table, tmp_path):
    code, out, err = run(capsys, "train", small_table, "-t", "compressive_strength", "-o", tmp_path / "m.bpnn",
                         "--seed", "2", "--ensemble", "1")
    assert code == 0 and "停止原因：max_fail：" in out
    assert not _left_in_english(out + err), _left_in_english(out + err)


def test_an_english_run_is_caught(capsys, small_table, tmp_path):
    code, out, err = run(capsys, "train", small_table, "-t", "compressive_strength", "-o", tmp_path / "m.bpnn",
                         "--seed", "1", "--ensemble", "1", "--epochs", "5", "-v")
    assert code == 0 and _left_in_english(out + err)


def test_gradcheck_and_explain_are_chinese(capsys, zh):
    code, out, err = run(capsys, "gradcheck", "--engine", "all")
    assert code == 0 and "通过" in out
    assert not _left_in_english(out + err), _left_in_english(out + err)
    code, out, err = run(capsys, "explain")
    assert code == 0 and "反向传播" in out
    assert not _left_in_english(out + err), _left_in_english(out + err)


BAD = {
    "missing file": ["train", "{tmp}/nope.csv", "-t", "y", "-o", "{tmp}/m.bpnn"],
    "text cell": ["train", "{tmp}/cell.csv", "-t", "y", "-o", "{tmp}/m.bpnn"],
    "empty cell": ["train", "{tmp}/empty.csv", "-t", "y", "-o", "{tmp}/m.bpnn"],
    "no such target": ["train", "{tmp}/good.csv", "-t", "Y", "-o", "{tmp}/m.bpnn"],
    "no such input": ["train", "{tmp}/good.csv", "-t", "y", "--features", "x1,x9", "-o", "{tmp}/m.bpnn"],
    "header only": ["train", "{tmp}/header.csv", "-t", "y", "-o", "{tmp}/m.bpnn"],
    "output is input": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/good.csv"],
    "output folder missing": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/no/m.bpnn"],
    "ratios": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--divide", "70,15,15"],
    "algorithm": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--algo", "lmm"],
    "activation": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--activation", "tahn"],
    "engine": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--engine", "wide"],
    "range": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--ensemble", "0"],
    "not a number": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--epochs", "many"],
    "unknown option": ["train", "{tmp}/good.csv", "--speed", "9"],
    "input noise value": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--input-noise", "-1"],
    "input noise, default algorithm": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--input-noise", "0.1"],
    "input noise, streamed": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--input-noise", "0.1",
                              "--stream"],
    "input noise, blocks": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--input-noise", "0.1",
                            "--algo", "adam", "--workers", "2"],
    "batch size, lm": ["train", "{tmp}/good.csv", "-t", "y", "-o", "{tmp}/m.bpnn", "--batch-size", "8", "--algo", "lm"],
    "missing argument": ["train"],
    "missing option": ["train", "{tmp}/good.csv", "-t", "y"],
    "unknown command": ["trian"],
    "model missing": ["info", "{tmp}/none.bpnn"],
    "not a model": ["info", "{tmp}/good.csv"],
    "extra column": ["predict", "{tmp}/m0.bpnn", "{tmp}/extra.csv"],
    "sizes": ["gradcheck", "--sizes", "2,-5,1"],
    "bench figure": ["bench", "--only", "P9"],
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> Path:
    import bpnn

    tmp = tmp_path_factory.mktemp("bad")
    rows = "".join(f"{i},{i % 3},{2 * i + 1}\n" for i in range(30))
    (tmp / "good.csv").write_text("x1,x2,y\n" + rows)
    (tmp / "cell.csv").write_text("x1,x2,y\n" + rows + "7,seven,15\n")
    (tmp / "empty.csv").write_text("x1,x2,y\n" + rows + "7,,15\n")
    (tmp / "header.csv").write_text("x1,x2,y\n")
    (tmp / "extra.csv").write_text("x1,x2,note\n1,2,a\n")
    (tmp / "notes.csv").write_text("x1,x2,y\n" + "".join(f"{i},1,{2 * i + 1}\n" for i in range(30)) + "3,1,\n")
    model = bpnn.fit([[i, i % 3] for i in range(30)], [2 * i + 1 for i in range(30)], features=["x1", "x2"],
                     target="y", hidden=[2], epochs=2, ensemble=1, seed=0)
    bpnn.save_model(model, tmp / "m0.bpnn")
    return tmp


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_chinese_error_line(capsys, zh, bad_files, case):
    code, out, err = run(capsys, *(a.format(tmp=bad_files) for a in BAD[case]))
    errors = [line for line in err.splitlines() if line.startswith("错误：")]
    assert code == 2 and len(errors) == 1 and err.splitlines()[-1] == errors[0] and "Traceback" not in err, err
    assert not _left_in_english(err), (_left_in_english(err), err)          # (notes before it too)


def test_notes_are_chinese(capsys, zh, bad_files, tmp_path):
    """A constant input column (a note the model keeps in English) and a dropped row, noted in Chinese."""
    code, out, err = run(capsys, "train", bad_files / "notes.csv", "-t", "y", "-o", tmp_path / "m.bpnn", "--seed", "1",
                         "--ensemble", "1", "--epochs", "5", "--drop-bad")
    assert code == 0 and "常数" in err and "舍去了 1 行" in err
    assert not _left_in_english(out + err), _left_in_english(out + err)


@pytest.mark.parametrize("case", ["text cell", "ratios", "not a model"])
def test_the_same_errors_stay_english_in_english(capsys, bad_files, case):
    code, out, err = run(capsys, *(a.format(tmp=bad_files) for a in BAD[case]))
    assert code == 2 and err.startswith("error: ") and english(err)


def test_catalogue_languages_have_the_same_keys():
    assert set(CATALOGUE["en"]) == set(CATALOGUE["zh"])


def test_data_parallel_note_and_errors_are_chinese(capsys, zh, small_table, tmp_path):
    code, out, err = run(capsys, "train", small_table, "-t", "compressive_strength", "-o", tmp_path / "b.bpnn",
                         "--seed", "1", "--ensemble", "1", "--epochs", "5", "--algo", "lm", "--block-rows", "40", "-v")
    assert code == 0 and "数据并行：" in err and "按顺序求和" in out + err
    assert not _left_in_english(out + err), _left_in_english(out + err)
    code, out, err = run(capsys, "train", small_table, "-t", "compressive_strength", "-o", tmp_path / "c.bpnn",
                         "--scheduler", "tcp://127.0.0.1:9", "--workers", "2")
    assert code == 2 and err.count("\n") == 1 and err.startswith("错误：")
    assert not _left_in_english(out + err), _left_in_english(out + err)


# -- what was left in English: damaged model files, bpnn sweep, info's settings, --lang fr, gradcheck's header

def _edited_model(tmp: Path, name: str, edit) -> Path:
    """A copy of ``m0.bpnn`` whose JSON ``edit(meta)`` changed (written as bpnn writes it: checked before the checksum)."""
    import json
    import zipfile

    import numpy as np

    from bpnn.app.io import META, TEXT_META

    with np.load(tmp / "m0.bpnn", allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files if k not in (META, TEXT_META)}
        meta = json.loads(npz[META].tobytes().decode("utf-8"))
    edit(meta)
    blob = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    path = tmp / name
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **{META: blob}, **arrays)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(TEXT_META, blob.tobytes())
    return path


DAMAGED = {
    "newer schema": lambda meta: meta.update(schema=99),
    "bad sizes": lambda meta: meta["network"].update(sizes=[2]),
    "bad task": lambda meta: meta["preprocessing"].update(task="forecast"),
    "bad record": lambda meta: meta["records"][0].update(loss="many"),
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_a_damaged_model_file_is_one_chinese_error_line(capsys, zh, bad_files, case, monkeypatch):
    path = _edited_model(bad_files, case.replace(" ", "_") + ".bpnn", DAMAGED[case])
    code, out, err = run(capsys, "info", path)
    assert code == 2 and err.startswith("错误：") and len(err.splitlines()) == 1, err
    assert "不是可用的 bpnn 模型文件：" in err and not _left_in_english(err), (_left_in_english(err), err)
    monkeypatch.setenv("BPNN_LANG", "en")                    # the same file in English: the checker sees it
    code, out, err = run(capsys, "info", path)
    assert code == 2 and _left_in_english(err.removeprefix("error: ").split(": ", 1)[1]), err


def test_sweep_is_chinese(capsys, zh, small_table, tmp_path, monkeypatch):
    """Progress, the results table, the best setting, the files written, and the plot's labels."""
    from matplotlib.axes import Axes

    from bpnn.app.plots import plot_language

    labels = []
    for name in ("set_xlabel", "set_title"):
        drawn = getattr(Axes, name)
        monkeypatch.setattr(Axes, name, lambda self, label, *a, _drawn=drawn, **k: (labels.append(label),
                                                                                     _drawn(self, label, *a, **k))[1])
    code, out, err = run(capsys, "sweep", small_table, "-t", "compressive_strength", "-o", tmp_path / "sw",
                         "--hidden", "2;3", "--algo", "lm", "--folds", "2", "--epochs", "5")
    assert code == 0 and "第 1 折" in err and "名次" in out and "最佳：" in out and "最佳模型：" in out
    assert not _left_in_english(out + err), _left_in_english(out + err)
    assert len(labels) == 2
    if plot_language("zh") == "zh":                          # (without a Chinese font the plots keep English)
        assert not [label for label in labels if english(label)], labels
    code, out, err = run(capsys, "sweep", small_table, "-t", "compressive_strength", "-o", tmp_path / "sw",
                         "--hidden", "2;3", "--algo", "lm", "--folds", "2", "--epochs", "5", "-q")
    assert code == 0 and "读入 4 折的结果" in err and not _left_in_english(out + err), _left_in_english(out + err)
    code, out, err = run(capsys, "sweep", small_table, "-t", "compressive_strength", "-o", tmp_path / "sw2",
                         "--folds", "500")
    assert code == 2 and err.splitlines()[-1].startswith("错误：折数") and not _left_in_english(err), err


def test_info_settings_are_read_not_python(capsys, zh, small_table, tmp_path):
    """info's settings as the report words them: no 'rand (…)', no restarts count, no Python values."""
    model = tmp_path / "m.bpnn"
    assert run(capsys, "train", small_table, "-t", "compressive_strength", "-o", model, "--seed", "1",
               "--ensemble", "2", "--epochs", "5", "-q")[0] == 0
    code, out, err = run(capsys, "info", model)
    lines = out.splitlines()
    block = lines[lines.index("设置："):]
    block = block[1:next(i for i, line in enumerate(block[1:], 1) if not line.startswith("  "))]
    assert code == 0 and any(line.split()[0] == "数据划分" and "随机划分" in line for line in block), block
    assert not [line for line in block if re.search(r"\brand\b|None|\[|restarts", line)], block


def test_an_unknown_language_is_said_in_both(capsys, zh):
    for argv in (["--lang", "fr", "info", "m.bpnn"], ["explain", "--lang", "fr"]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and len(err.splitlines()) == 1 and err.startswith("错误："), err
        assert "--lang must be en or zh, got 'fr'" in err and "--lang 只能是 en 或 zh，不能是 'fr'" in err


def test_gradcheck_header_describes_the_network(capsys, zh):
    code, out, err = run(capsys, "gradcheck", "--sizes", "2,5,3,1")
    head = out.splitlines()[0]
    assert code == 0 and head.startswith("梯度检验：网络 2-5-3-1（tanh → linear，37 个参数，float64）"), head
    assert not english(head), english(head)
    assert english("梯度检验：Network(2-5-3-1, tanh → linear, 37 parameters, float64)") == ["Network", "parameters"]


@pytest.mark.parametrize("case", ["truncated", "no IW", "layers not a chain"])
def test_a_mat_file_bpnn_cannot_read_is_one_chinese_error_line(capsys, zh, tmp_path, case):
    import numpy as np
    from scipy.io import savemat

    path = tmp_path / "net.mat"
    if case == "truncated":
        path.write_bytes(b"MATLAB 5.0 MAT-file")
    else:
        variables = {"x": np.ones((2, 2))} if case == "no IW" else \
            {"IW": np.array([[np.ones((3, 2))]], dtype=object), "LW": np.array([[np.zeros((0, 0))]], dtype=object),
             "b": np.array([[np.ones((3, 1))]], dtype=object), "transferFcn": np.array([["radbas"]], dtype=object)}
        savemat(path, variables)
    code, out, err = run(capsys, "import-matlab", path, "-o", tmp_path / "m.bpnn")
    assert code == 2 and err.startswith("错误：") and len(err.splitlines()) == 1, err
    assert "不是 bpnn 能读取的 MATLAB 浅层网络" in err and not _left_in_english(err), (_left_in_english(err), err)
