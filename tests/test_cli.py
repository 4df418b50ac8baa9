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
