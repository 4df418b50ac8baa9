"""P7: UCI letters, bpnn against scikit-learn's MLPClassifier: test accuracy and the time it took.

The data and split of ``bpnn example letters``: UCI Letter Recognition, the
first 16000 rows train and the last 4000 test (Frey & Slate's split), the 16
features standardised on the training rows (scikit-learn's StandardScaler;
bpnn's mapstd, the same transform).  Every contender does the whole task in
this process, one after another within each repeat: take the rows, scale
them, train, classify the 4000 test rows; the time is that task's wall time.
(The file is parsed once, before the race; every contender then reads the
same cached rows through ``bpnn.datasets.letters.letter_recognition``.)

Contenders:

* ``sklearn (256)`` and ``sklearn (256,256)``: ``MLPClassifier`` with those
  hidden layers at its other defaults (ReLU, adam, lr 0.001, batches of 200,
  at most 200 epochs, stopping when the training loss stalls), float64.
* ``bpnn fast`` and ``bpnn best``: ``bpnn.examples.letters.run`` (what
  ``bpnn example letters`` runs: ``bpnn.train`` with adam on minibatches, a
  cosine schedule, float32, the engine that :mod:`bpnn.engines.select`
  chooses) with the settings in :data:`SETTINGS`; ``best`` is a committee of
  networks trained together as one stack, their outputs averaged.  Both take
  each epoch's training loss from the epoch's own batches
  (``epoch_loss="batches"``, as scikit-learn's ``loss_curve_``), not from an
  extra pass over the training rows, and both jitter each step's
  standardised inputs (``input_noise``: x + σ·ε, ε ~ N(0, 1)), a smoothness
  regulariser that scikit-learn's MLP does not have.

Targets (issue 21): ``bpnn fast`` at least 97.5 % test accuracy in at most a
third of the time ``sklearn (256)`` takes for its ≈ 96.4 %; ``bpnn best`` at
least 98 % in less time than ``sklearn (256,256)`` takes for its ≈ 97.3 %.

    python benchmarks/letters_race.py [--repeats 3] [--quick 0]
"""

from __future__ import annotations

import time
import warnings

import numpy as np

try:
    from common import command_line, fmt_time, interleaved, report
except ImportError:                                      # imported as benchmarks.letters_race
    from .common import command_line, fmt_time, interleaved, report

#: bpnn's settings (``bpnn.examples.letters.run``'s arguments); chosen on a validation split of the
#: training rows (rows 1–14000 train, 14001–16000 validate), never on the test rows (docs/performance.md)
#: (round four: each step's standardised inputs jittered by σ = 0.15, ``input_noise``, the best of σ = 0.1, 0.15, 0.2
#: over seeds 0-3; the committee: four such networks, the best of σ = 0.1, 0.15 and 40 or 60 epochs); each epoch's
#: loss from its own batches (``epoch_loss="batches"``), no extra pass
SETTINGS = {
    "bpnn fast": {"hidden": (256, 256), "epochs": 40, "batch_size": 128, "lr": 3e-3, "input_noise": 0.15,
                  "epoch_loss": "batches"},
    "bpnn best": {"hidden": (256, 256), "epochs": 40, "batch_size": 128, "lr": 3e-3, "input_noise": 0.15,
                  "ensemble": 4, "epoch_loss": "batches"},
}
#: quick runs (CI): a part of the training rows, few epochs, small networks
QUICK = {"train_rows": 2000, "epochs": 3, "hidden": (32,)}
TARGETS = {"bpnn fast": ("sklearn (256)", 0.975, 1 / 3), "bpnn best": ("sklearn (256,256)", 0.98, 1.0)}


def run_sklearn(hidden, seed=0, quick=False):
    """StandardScaler + MLPClassifier(hidden) at its defaults: (seconds, test accuracy)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    from bpnn.datasets.letters import letter_recognition

    t0 = time.perf_counter()
    X, y = letter_recognition("train")
    X_test, y_test = letter_recognition("test")
    if quick:
        X, y, hidden = X[:QUICK["train_rows"]], y[:QUICK["train_rows"]], QUICK["hidden"]
    scaler = StandardScaler().fit(X)
    model = MLPClassifier(hidden_layer_sizes=hidden, random_state=seed, **({"max_iter": QUICK["epochs"]}
                                                                          if quick else {}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)        # (sklearn (256) uses all its 200 epochs)
        model.fit(scaler.transform(X), y)
    accuracy = float(np.mean(model.predict(scaler.transform(X_test)) == y_test))
    return time.perf_counter() - t0, accuracy


def run_bpnn(setting: dict, seed=0, quick=False):
    """``bpnn.examples.letters.run(**setting)``: (seconds, test accuracy)."""
    from bpnn.examples import letters

    options = {**setting, **(QUICK if quick else {})}
    t0 = time.perf_counter()
    result = letters.run(**options, seed=seed, every=options["epochs"])    # test accuracy at the end only
    return time.perf_counter() - t0, result.metrics["accuracy"]


def bench(repeats: int = 3, quick: int = 0, out=print) -> dict:
    """Print the P7 lines; return the timings (for the suite and the tests)."""
    import os

    try:
        import sklearn.neural_network  # noqa: F401     (imported before the race, as bpnn's example is below)
    except ImportError:
        out("P7 skipped: scikit-learn is not installed (pip install scikit-learn)")
        return {}
    contenders = {
        "sklearn (256)": lambda: run_sklearn((256,), quick=quick),
        "bpnn fast": lambda: run_bpnn(SETTINGS["bpnn fast"], quick=quick),
        "sklearn (256,256)": lambda: run_sklearn((256, 256), quick=quick),
        "bpnn best": lambda: run_bpnn(SETTINGS["bpnn best"], quick=quick),
    }
    from bpnn.datasets.letters import letter_recognition
    from bpnn.examples import letters  # noqa: F401

    letter_recognition()                          # parsed once here, so that no contender's time includes it
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    timings = interleaved(contenders, repeats)
    what = (f"{QUICK['train_rows']} training rows, {QUICK['epochs']} epochs, hidden layers {QUICK['hidden']} "
            f"(--quick)" if quick else "16000 training rows")
    out(f"P7 UCI letters, {what}, 4000 test rows; scale + train + classify (the file parsed once, before), "
        f"median of {repeats} (load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end):")
    report(out, "P7", timings, lambda t: f"{fmt_time(t.median):>10}   test accuracy {100 * t.result:.2f}%   "
                                        f"(runs: {', '.join(fmt_time(s) for s in t.seconds)})", width=17)
    for name, (peer, accuracy, share) in TARGETS.items():
        mine, theirs = timings[name], timings[peer]
        if not (mine.seconds and theirs.seconds):
            continue
        fraction = mine.median / theirs.median
        met = mine.result >= accuracy and fraction <= share
        out(f"P7 {name} vs {peer}: {100 * mine.result:.2f}% against {100 * theirs.result:.2f}% in "
            f"{fraction:.2f} of its time ({theirs.median / mine.median:.1f}x faster); target "
            f">= {100 * accuracy:g}% in <= {share:.2f} of its time: {'met' if met else 'not met'}"
            + (" (--quick: sizes too small to mean anything)" if quick else ""))
    return {"timings": timings}


def main(argv=None) -> None:
    command_line(bench, __doc__, argv, repeats=3, quick=0)


if __name__ == "__main__":
    main()
