"""Bad input: one exception family, a message that says what, where and what to do."""

import subprocess
import sys

import numpy as np
import pytest

from bpnn import BPNNError, Network, train

X = np.linspace(-1, 1, 10).reshape(-1, 1)
T = X ** 2


@pytest.fixture
def net():
    return Network([1, 3, 1], seed=0)


def test_bpnn_error_is_a_value_error():
    assert issubclass(BPNNError, ValueError)


@pytest.mark.parametrize("X_bad,match", [
    (np.ones((10, 2)), "X has 2 columns but the network expects 1; pass data with 1 column"),
    (np.ones((10, 1, 1)), r"X must be a 2-D array \(rows = samples\), got shape \(10, 1, 1\)"),
    (np.empty((0, 1)), r"X is empty \(shape \(0, 1\)\)"),
    ([["a"], ["b"]], "X must be numeric"),
])
def test_bad_inputs(net, X_bad, match):
    with pytest.raises(BPNNError, match=match):
        train(net, X_bad, T[: len(X_bad)] if len(X_bad) else T[:0])


def test_rows_must_match(net):
    with pytest.raises(BPNNError, match="X has 10 rows but T has 9"):
        train(net, X, T[:9])


@pytest.mark.parametrize("value,kind", [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "inf")])
def test_nan_and_inf_are_located(net, value, kind):
    X_bad = X.copy()
    X_bad[6, 0] = value
    with pytest.raises(BPNNError, match=f"X contains {kind} at row 6, column 0 .*remove or impute"):
        train(net, X_bad, T)
    T_bad = T.copy()
    T_bad[3, 0] = value
    with pytest.raises(BPNNError, match=f"T contains {kind} at row 3, column 0"):
        train(net, X, T_bad)


def test_targets_with_wrong_width(net):
    with pytest.raises(BPNNError, match="T has 2 columns but the network expects 1"):
        train(net, X, np.hstack([T, T]))


def test_predict_checks_its_input(net):
    with pytest.raises(BPNNError, match="X has 3 columns but the network expects 1"):
        net.predict(np.ones((2, 3)))
    with pytest.raises(BPNNError, match="NaN at row 1, column 0"):
        net.predict([[0.0], [np.nan]])


@pytest.mark.parametrize("args,match", [
    (["demo", "--activation", "tahn"], "error: unknown activation 'tahn' (did you mean 'tanh'?)"),
    (["demo", "--lr", "abc"], "error: Invalid value for '--lr'"),
    (["demo", "--steps", "-3"], "error: Invalid value for '--steps'"),
    (["demo", "cosine"], "error: unknown demo 'cosine'; available: sin"),
    (["demo", "--dtype", "float16"], "error: dtype must be float64 or float32"),
    (["demo", "--bogus"], "error: No such option: --bogus"),
    (["frobnicate"], "error: No such command 'frobnicate'"),
])
def test_cli_errors_are_one_line_with_status_2(args, match):
    proc = subprocess.run([sys.executable, "-m", "bpnn", *args, "--no-plots"] if args[0] == "demo" and
                          "--bogus" not in args else [sys.executable, "-m", "bpnn", *args],
                          capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(match), proc.stderr
    assert "Traceback" not in proc.stderr
