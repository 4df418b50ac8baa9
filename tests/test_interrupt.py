"""SIGINT / SIGTERM during `bpnn train`: a valid model (best weights so far) or the
previous file untouched — never a half-written file. Signals a real subprocess."""

import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from bpnn.app.io import load_model


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("interrupt")
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (400, 5))
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(5)])
    frame["y"] = np.sin(X @ np.arange(1, 6)) + 0.1 * rng.normal(size=400)
    frame.to_csv(folder / "data.csv", index=False)
    return folder / "data.csv"


def _interruptible():
    """In the child: SIGINT back to its default, as in a terminal.  A shell that runs the tests in
    the background (``cmd &``, as CI runners may) ignores SIGINT, the child inherits that, and
    Python then leaves it ignored — the signal would never reach ``bpnn train``."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(table, out, *extra):
    return subprocess.Popen([sys.executable, "-m", "bpnn", "train", str(table), "--target", "y", "--out", str(out),
                             "--seed", "0", "--quiet", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_interruptible)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("delay", [0.2, 4.0])
def test_signal_leaves_a_valid_model_or_the_previous_file(table, tmp_path, sig, delay):
    out = tmp_path / "model.bpnn"
    first = start(table, out, "--algo", "lm", "--epochs", "3", "--ensemble", "1")
    assert first.wait(120) == 0, first.stderr.read()
    previous = out.read_bytes()

    proc = start(table, out, "--algo", "gd", "--epochs", "10000000", "--ensemble", "1", "--max-fail", "1000000")
    time.sleep(delay)
    proc.send_signal(sig)
    try:
        stdout, stderr = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("bpnn train did not stop after the signal")
    now = out.read_bytes()
    if now == previous:
        assert proc.returncode != 0                 # stopped before training: nothing written
    else:
        assert proc.returncode == 130, stderr       # saved, and the caller can tell it was stopped early
        assert "interrupted: saved" in stderr and "best weights" in stderr
        model = load_model(out)                     # a complete, valid file
        assert np.all(np.isfinite(model.network.theta))
    if delay > 1:                                   # once started (not while Python imports NumPy)
        assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.bpnn"]     # no temp files left
