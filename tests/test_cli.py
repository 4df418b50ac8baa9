import subprocess
import sys

import pytest


def run(*args):
    return subprocess.run([sys.executable, "-m", "bpnn", *args], capture_output=True, text=True)


def test_help_and_version():
    proc = run("--help")
    assert proc.returncode == 0 and "demo" in proc.stdout
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("bpnn ")


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("bpnn")
    if exe is None:
        pytest.skip("the bpnn console script is not on PATH (package not installed)")
    assert subprocess.run([exe, "--version"], capture_output=True).returncode == 0


@pytest.mark.parametrize("args,needle", [
    (["--hidden", "8", "--steps", "200"], "Network(1-8-1, tanh → linear, 25 parameters, float64)"),
    (["--activation", "sigmoid", "--steps", "200"], "Network(1-4-1, sigmoid → linear"),
    (["--seed", "5", "--steps", "200"], "randn from bpnn's generator, seed 5"),
    (["--dtype", "float32", "--steps", "200"], "float32"),
])
def test_demo_variations(args, needle):
    proc = run("demo", *args, "--no-plots", "--print-every", "100")
    assert proc.returncode == 0, proc.stderr
    assert needle in proc.stdout
    assert proc.stdout.strip().splitlines()[-1].startswith("final loss: ")


def test_demo_print_every_one_prints_every_step():
    proc = run("demo", "--steps", "30", "--print-every", "1", "--no-plots")
    assert sum(line.startswith("step") for line in proc.stdout.splitlines()) == 30


def test_demo_divergence_is_reported():
    proc = run("demo", "--lr", "4", "--steps", "500", "--no-plots")
    assert proc.returncode == 0
    assert "stopped: diverged:" in proc.stdout and "final loss: 18.0275" in proc.stdout


def test_demo_seed_is_deterministic():
    a = run("demo", "--seed", "3", "--steps", "100", "--no-plots")
    b = run("demo", "--seed", "3", "--steps", "100", "--no-plots")
    assert a.stdout == b.stdout


def test_demo_speaks_chinese_with_the_same_numbers(tmp_path):
    """bpnn --lang zh demo: the article's run, its lines in Chinese (textbook terms), the numbers unchanged."""
    proc = subprocess.run([sys.executable, "-m", "bpnn", "--lang", "zh", "demo", "--no-plots", "--print-every", "2500",
                           "-v"], capture_output=True, text=True, cwd=tmp_path)
    out = proc.stdout
    assert proc.returncode == 0, proc.stderr
    assert "初始权值：原文的权值" in out and "批量梯度下降，学习率 0.01" in out
    assert "第 4999 步  损失 0.00827608348" in out and "最终损失：0.00827431678" in out
    assert "计算引擎：" in out
    for english in ("initial weights", "final loss", "step 4999", "engine:"):
        assert english not in out
