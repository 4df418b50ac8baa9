"""P5: bpnn vs FANN, the C library, on UCI letters (16-64-26), epochs per second.

Same network and data for both: the first 16000 rows of UCI Letter Recognition
(``../shared/datasets/letter-recognition.csv.gz``), features / 15, one-hot
targets; 16 inputs, 64 tanh hidden units, 26 logistic outputs, mean squared
error, float32, full-batch training with Rprop and with batch gradient descent
(lr 0.7).  FANN is used through a small C harness that this script writes and
compiles (gcc, ``-lfloatfann``) at run time; where FANN (Debian's
``libfann-dev``) or gcc is missing, it says so and skips.  FANN's epochs are
timed inside C; bpnn's as a whole ``bpnn.train`` call (setup included).

FANN's settings: FANN_SIGMOID_SYMMETRIC hidden units at steepness 1 (= tanh),
FANN_SIGMOID outputs at steepness 0.5 (= the logistic function), the linear
error function (plain MSE), FANN_TRAIN_RPROP (iRprop−; bpnn's rprop is iRprop+)
and FANN_TRAIN_BATCH.

    python benchmarks/fann_letters.py [--epochs 50] [--repeats 3]
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np

import bpnn

try:
    from common import c_library, command_line, fmt_time, interleaved, ratio, report
except ImportError:                                      # imported as benchmarks.fann_letters
    from .common import c_library, command_line, fmt_time, interleaved, ratio, report

LETTERS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "letter-recognition.csv.gz"
SIZES = [16, 64, 26]
LR = 0.7

HARNESS = r"""
#include <stdlib.h>
#include <time.h>
#include <floatfann.h>

/* Train a 16-64-26 FANN network for `epochs` epochs on n rows; return the seconds the epochs took. */
double train_fann(int rprop, int epochs, int n, const float *X, const float *T, float lr, unsigned seed,
                  float *mse) {
    struct fann *ann = fann_create_standard(3, 16, 64, 26);
    fann_set_activation_function_hidden(ann, FANN_SIGMOID_SYMMETRIC);
    fann_set_activation_steepness_hidden(ann, 1.0f);
    fann_set_activation_function_output(ann, FANN_SIGMOID);
    fann_set_activation_steepness_output(ann, 0.5f);
    fann_set_train_error_function(ann, FANN_ERRORFUNC_LINEAR);
    fann_set_training_algorithm(ann, rprop ? FANN_TRAIN_RPROP : FANN_TRAIN_BATCH);
    fann_set_learning_rate(ann, lr);
    srand(seed);
    fann_randomize_weights(ann, -0.1f, 0.1f);
    struct fann_train_data *data = fann_create_train(n, 16, 26);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < 16; j++) data->input[i][j] = X[i * 16 + j];
        for (int k = 0; k < 26; k++) data->output[i][k] = T[i * 26 + k];
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int e = 0; e < epochs; e++) *mse = fann_train_epoch(ann, data);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fann_destroy_train(data);
    fann_destroy(ann);
    return (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
}
"""

_lib = None


def fann_missing() -> str | None:
    """None when the FANN harness can be built here, else why not."""
    if not shutil.which("gcc"):
        return "no C compiler (gcc)"
    if not (Path("/usr/include/floatfann.h").exists() or Path("/usr/local/include/floatfann.h").exists()):
        return "FANN is not installed (Debian/Ubuntu: apt-get install libfann-dev)"
    return None


def _harness():
    global _lib
    if _lib is None:
        try:
            _lib = c_library(HARNESS, libraries=("-lfloatfann", "-lm"), prefix="bpnn-fann-")
        except subprocess.CalledProcessError as exc:
            raise ImportError(f"could not build the FANN harness: {exc.stderr.strip()[:200]}") from None
        _lib.train_fann.restype = ctypes.c_double
        _lib.train_fann.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                                    ctypes.c_float, ctypes.c_uint, ctypes.POINTER(ctypes.c_float)]
    return _lib


def load_letters(path: Path = LETTERS, rows: int = 16000):
    """X (rows × 16, in [0, 1]) and one-hot T (rows × 26), float32: the first rows (Frey & Slate's training part)."""
    import pandas as pd

    frame = pd.read_csv(path, nrows=rows)
    X = frame.iloc[:, 1:].to_numpy(np.float32) / np.float32(15)
    labels = frame.iloc[:, 0].map(lambda c: ord(c) - ord("A")).to_numpy()
    return np.ascontiguousarray(X), np.eye(26, dtype=np.float32)[labels]


def run_fann(X, T, rprop: bool, epochs: int):
    lib = _harness()
    mse = ctypes.c_float()
    seconds = lib.train_fann(int(rprop), epochs, len(X), X.ctypes.data, T.ctypes.data, LR, 1, ctypes.byref(mse))
    return seconds, float(mse.value)


def run_bpnn(X, T, rprop: bool, epochs: int):
    net = bpnn.Network(SIZES, "tanh", "sigmoid", init="glorot", seed=1, dtype="float32")
    options = {} if rprop else {"lr": LR}
    t0 = time.perf_counter()
    rec = bpnn.train(net, X, T, algorithm="rprop" if rprop else "gd", epochs=epochs, min_grad=0.0, **options)
    return time.perf_counter() - t0, rec.loss[-1]


def bench(epochs: int = 50, repeats: int = 3, rows: int = 16000, out=print) -> dict:
    """Print the P5 lines; return the timings."""
    why = fann_missing()
    if why is None and not LETTERS.exists():
        why = f"letters data not found at {LETTERS}"
    if why:
        out(f"P5 skipped: {why}")
        return {}
    X, T = load_letters(LETTERS, rows)
    contenders = {}
    for algo, rprop in (("rprop", True), ("batch-gd", False)):
        contenders[f"fann {algo}"] = lambda rprop=rprop: run_fann(X, T, rprop, epochs)
        contenders[f"bpnn {algo}"] = lambda rprop=rprop: run_bpnn(X, T, rprop, epochs)
    timings = interleaved(contenders, repeats, warmup=True)
    out(f"P5 FANN 2.2 vs bpnn: UCI letters {len(X)} rows, 16-64-26 tanh/logistic, mse, float32, full batch, "
        f"{epochs} epochs, median of {repeats}:")
    report(out, "P5", timings, lambda t: f"{fmt_time(t.median):>10}  {epochs / t.median:8.1f} epochs/s   "
                                         f"final mse {t.result:.4f}")
    parts = []
    for algo in ("rprop", "batch-gd"):
        f, b = timings[f"fann {algo}"], timings[f"bpnn {algo}"]
        if f.seconds and b.seconds:
            parts.append(f"{algo} {ratio(f.median, b.median)}")
    out("P5 bpnn epochs/s vs FANN: " + "   ".join(parts) + "  (target 1.0x)")
    return timings


def main(argv=None) -> None:
    command_line(bench, __doc__, argv, epochs=50, repeats=3)


if __name__ == "__main__":
    main()
