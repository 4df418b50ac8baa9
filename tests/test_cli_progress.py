"""Training progress (issue 17 item 2): Keras-like on a terminal, plain lines in a pipe, through bpnn.train's callback."""

import types

import numpy as np
import pandas as pd
import pytest

from bpnn.cli.progress import Progress
from test_cli_train import run


@pytest.fixture(scope="module")
def csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "d.csv"
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "y": np.sin(X[:, 0]) + X[:, 1] ** 2}).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("algo, damped", [("lm", True), ("scg", False)])
def test_plain_lines_in_a_pipe(capsys, monkeypatch, csv, tmp_path, algo, damped):
    """Not a terminal: plain lines (every BPNN_PROGRESS_SECONDS) with epoch k/N, ETA, losses and rows/s;
    μ only for lm/br (SCG's internal scale is not a damping and is not shown as μ)."""
    monkeypatch.setenv("BPNN_PROGRESS_SECONDS", "0")
    code, out, err = run(capsys, "train", csv, "-t", "y", "-o", tmp_path / "m.bpnn", "--seed", 0, "--ensemble", 1,
                         "--algo", algo, "--epochs", 30, "--lang", "en")
    assert code == 0, err
    lines = [line for line in err.splitlines() if line.startswith("training  epoch ")]
    assert len(lines) >= 5, err
    assert "epoch 3/30" in err and "ETA at most" in lines[3] and "rows/s" in lines[3] and "train " in lines[3]
    assert "val " in lines[3] and "checks " in lines[3]
    assert ("μ " in err) is damped and " mu " not in err
    assert "network 1/1:" in err


def test_quiet_prints_no_progress(capsys, monkeypatch, csv, tmp_path):
    monkeypatch.setenv("BPNN_PROGRESS_SECONDS", "0")
    code, out, err = run(capsys, "train", csv, "-t", "y", "-o", tmp_path / "m.bpnn", "--seed", 0, "--ensemble", 1,
                         "--epochs", 5, "--quiet")
    assert code == 0 and "epoch" not in err


def test_live_line_has_a_bar_and_the_totals():
    """On a terminal the line is a head, a bar of epochs and the fields (rendered by rich)."""
    from rich.console import Console

    record = types.SimpleNamespace(loss=[0.5, 0.1], val_loss=[0.6, 0.2], val_fail=[0, 1], mu=[1.0, 0.5], lr=[],
                                   algorithm="scg")
    progress = Progress(3, epochs=1000, rows=2100)
    console = Console(width=160, record=True, force_terminal=False)
    console.print(progress.renderable(1, 40, record))
    shown = console.export_text()
    assert "network 2/3  epoch 40/1000" in shown and "━" in shown and "ETA" in shown and "rows/s" in shown
    assert "μ" not in shown                                   # scg: no damping to show


def test_progress_in_chinese():
    record = types.SimpleNamespace(loss=[0.5], val_loss=[], val_fail=[], mu=[0.1], lr=[], algorithm="lm")
    import bpnn.messages as messages

    previous = messages.language()
    try:
        messages.set_language("zh")
        line = Progress(1, epochs=10, rows=100).line(0, 0, record)
    finally:
        messages.set_language(previous)
    assert line.startswith("训练  轮次 0/10") and "阻尼系数 μ" in line and "行/秒" in line
