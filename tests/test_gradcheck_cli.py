"""bpnn gradcheck: per-layer relative errors, a threshold, a verdict and its exit status."""

from __future__ import annotations

import numpy as np
import pytest

from bpnn.cli import main
from bpnn.cli.gradcheck import parse_sizes
from bpnn.errors import BPNNError
from bpnn.teach.gradcheck import as_float64, check_gradients, random_problem, torch_available
from bpnn.core.network import Network


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_info:
        main(["gradcheck", *args])
    out = capsys.readouterr()
    return exit_info.value.code, out.out, out.err


def test_default_network_passes(capsys):
    code, out, _ = run_cli(capsys)
    lines = out.splitlines()
    assert code == 0 and "Network(2-5-3-1, tanh → linear" in lines[0]
    assert lines[1].startswith("engine ") and "the one bpnn train would use here" in lines[1]
    assert [line.split()[0] for line in lines[3:6]] == ["1", "2", "3"]
    assert all(line.split()[-1] == "ok" for line in lines[3:7])
    assert lines[-1].startswith("PASS: every relative error is at most 1e-06")


@pytest.mark.parametrize("args", [
    ["--sizes", "3-4-4-3", "--activation", "relu,sigmoid", "--loss", "cross_entropy"],
    ["--sizes", "2,6,1", "--activation", "sigmoid", "--loss", "binary_cross_entropy", "--init", "randn"],
    ["--sizes", "1-3-2", "--activation", "leaky_relu", "--loss", "sse", "--samples", "4", "--seed", "7"],
])
def test_other_networks_pass(capsys, args):
    code, out, _ = run_cli(capsys, *args)
    assert code == 0 and "PASS" in out


def test_failing_threshold_exits_with_status_1(capsys):
    code, out, _ = run_cli(capsys, "--threshold", "1e-14")
    assert code == 1 and out.splitlines()[-1].startswith("FAIL: a relative error of")
    assert "FAIL" in out.splitlines()[3]


def test_a_wrong_gradient_fails(monkeypatch):
    """The verdict would catch a broken engine: perturb one layer's gradient and the check fails there."""
    import bpnn.teach.gradcheck as gc

    real = gc.gradient_by

    def broken(engine, net, X, T, loss):
        E, g = real(engine, net, X, T, loss)
        g = g.copy()
        g[-1] *= 1.01                     # the output bias, 1% off
        return E, g

    monkeypatch.setattr(gc, "gradient_by", broken)
    net = Network([2, 4, 1], seed=0)
    X, T = random_problem(net.sizes, "mse", 8, seed=0)
    check = check_gradients(net, X, T)
    assert not check.passed and check.layers[1]["b"] > 1e-3 and check.layers[0]["W"] < 1e-8


@pytest.mark.skipif(not torch_available(), reason="PyTorch is not installed")
def test_against_autograd(capsys):
    code, out, _ = run_cli(capsys, "--reference", "both")
    assert code == 0 and "vs torch autograd" in out and "vs finite differences" in out


@pytest.mark.parametrize("args,match", [
    (["--sizes", "3"], "--sizes must list at least two positive integers"),
    (["--reference", "magic"], "--reference must be fd, torch or both"),
    (["--threshold", "0"], "--threshold must be positive"),
    (["--activation", "tahn"], "did you mean 'tanh'"),
    (["--activation", ","], "--activation needs a name"),
    (["--samples", "0"], "number of samples must be a positive integer"),
    (["--loss", "cross_entropy", "--output", "linear"], "needs a 'softmax' output layer"),
    (["missing-model.bpnn"], "does not exist"),
])
def test_mistakes_are_one_line(capsys, args, match):
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and err.startswith("error: ") and match in err


def test_helpers():
    assert parse_sizes("2, 5, 1") == [2, 5, 1]
    with pytest.raises(BPNNError):
        parse_sizes("2,0,1")
    net32 = Network([1, 3, 1], dtype="float32", seed=0)
    net64 = as_float64(net32)
    assert net64.dtype == np.float64 and np.array_equal(net64.theta, net32.theta.astype(np.float64))
    assert as_float64(net64) is net64
    with pytest.raises(BPNNError, match="unknown gradient reference"):
        check_gradients(net64, *random_problem(net64.sizes), reference="magic")


def test_model_file_from_bpnn_io(tmp_path, capsys):
    """A saved model, and every network of a saved ensemble (skipped where this bpnn has no model files)."""
    model_io = pytest.importorskip("bpnn.app.io")
    fit = pytest.importorskip("bpnn.app.workflow").fit

    X = np.random.default_rng(0).normal(size=(40, 2))
    labels = np.where(X[:, 0] > X[:, 1], "a", "b")
    model = fit(X, labels, task="classification", hidden=(3,), seed=0, ratios=(1, 0, 0))
    path = model_io.save_model(model, tmp_path / "cls.bpnn")
    code, out, _ = run_cli(capsys, str(path))
    assert code == 0 and "loss cross_entropy" in out and "PASS" in out     # softmax output: cross-entropy
    ensemble = fit(X, X[:, 0] - X[:, 1], hidden=(3,), seed=0, epochs=20, ensemble=2, ratios=(1, 0, 0))
    code, out, _ = run_cli(capsys, str(model_io.save_model(ensemble, tmp_path / "ens.bpnn")))
    assert code == 0 and "network 1 of 2" in out and "network 2 of 2" in out and out.count("all θ") == 2


def test_weight_decay_gradient_is_checked(capsys):
    code, out, _ = run_cli(capsys, "--weight-decay", "0.1")
    assert code == 0 and "+ weight decay λ = 0.1" in out.splitlines()[0]
    code, _, err = run_cli(capsys, "--weight-decay", "-1")
    assert code == 2 and "weight_decay must be a non-negative number" in err


def test_a_wrong_weight_decay_gradient_fails_the_check(monkeypatch):
    """The check compares the gradient training uses with an independently written penalty."""
    from bpnn.training.objective import WeightDecay

    net = Network([2, 4, 1], seed=1)
    X, T = random_problem(net.sizes, "mse", 8, seed=1)
    for reference in ["fd"] + (["torch"] if torch_available() else []):
        assert check_gradients(net, X, T, reference=reference, weight_decay=0.5).passed
        original = WeightDecay.gradient
        monkeypatch.setattr(WeightDecay, "gradient", lambda self, g, th: original(self, g, th) + 0.5 * self.mask * th)
        assert not check_gradients(net, X, T, reference=reference, weight_decay=0.5).passed    # λw counted twice
        monkeypatch.setattr(WeightDecay, "gradient", original)
        assert check_gradients(net, X, T, reference=reference, weight_decay=0.0).passed


def test_engine_all_checks_every_engine(capsys):
    """--engine all: each engine's own gradient is checked; one that cannot compute the case says why."""
    code, out, _ = run_cli(capsys, "--sizes", "3,4,2", "--loss", "cross_entropy", "--engine", "all")
    assert code == 0
    for name in ("wide", "buffered", "reference"):
        assert f"engine {name}:" in out
    assert "engine compiled: skipped (" in out and "cross_entropy" in out


def test_engine_gradients_are_checked_not_the_reference_alone(capsys, monkeypatch):
    """A broken buffered engine fails its check, though the readable code is right."""
    from bpnn.engines import buffered

    original = buffered._Pass.loss_and_grad

    def broken(self, with_loss=True):
        E, g = original(self, with_loss)
        g[..., 0] *= 1.5
        return E, g
    monkeypatch.setattr(buffered._Pass, "loss_and_grad", broken)
    code, out, _ = run_cli(capsys, "--engine", "buffered")
    assert code == 1 and "FAIL" in out
    code, out, _ = run_cli(capsys, "--engine", "reference")
    assert code == 0


def test_gradcheck_speaks_chinese(tmp_path):
    """bpnn --lang zh gradcheck: the verdict, the table and the engine line in Chinese, the same numbers."""
    import subprocess
    import sys

    def run(*lang):
        proc = subprocess.run([sys.executable, "-m", "bpnn", *lang, "gradcheck", "--sizes", "2,3,1"],
                              capture_output=True, text=True, cwd=tmp_path)
        return proc.returncode, proc.stdout
    (code_en, en), (code_zh, zh) = run(), run("--lang", "zh")
    assert code_en == code_zh == 0
    assert zh.splitlines()[0].startswith("梯度检验：") and "即 bpnn train 在这里会用的引擎" in zh
    assert "对比有限差分" in zh and zh.splitlines()[-1].startswith("通过：所有相对误差都不超过 1e-06")
    numbers = [line.split()[1:3] for line in en.splitlines()[3:5]]
    assert numbers == [line.split()[1:3] for line in zh.splitlines()[3:5]]
    for english in ("gradient check", "PASS", "verdict", "finite differences"):
        assert english not in zh
