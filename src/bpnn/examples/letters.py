"""Case study ``letters``: UCI Letter Recognition, the standard 16000/4000 split.

20000 images of the 26 capitals in 20 fonts, randomly distorted, each
summarised by 16 integer features (Frey & Slate, 1991).  The network trains
on the first 16000 rows and is tested on the last 4000, as in Frey & Slate.

Settings: the 16 features standardised (``mapstd``, fitted on the training
rows), a 16-256-256-26 network (tanh, softmax output, cross-entropy,
Nguyen–Widrow initial weights), Adam on minibatches of 32 with a cosine
learning-rate schedule over 60 epochs, float32.  The architecture and the
initialisation were chosen on a validation split of the training rows
(train on rows 1–14000, validate on 14001–16000); the test rows were not
used for any choice (docs/examples.md lists the candidates).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..app.data import MapStd
from ..datasets.letters import LETTERS, letter_recognition
from ..app.metrics import confusion_matrix
from .common import CaseResult, Log, check_count, fit_classifier, percent, plot_curve, say, seconds

REFERENCES = [
    ("Frey & Slate (1991), best Holland-style adaptive classifier", "≈ 80%"),
    ("multilayer perceptrons in later literature", "≈ 95–98%"),
    ("scikit-learn MLPClassifier, defaults (100 relu units, adam)", "≈ 95%"),
    ("scikit-learn MLPClassifier, 256 hidden units", "≈ 96.4% in ≈ 22 s (this machine)"),
]


def run(*, hidden=(256, 256), epochs: int = 60, batch_size: int = 32, lr: float = 1e-3, dtype: str = "float32",
        train_rows: int | None = None, init: str = "nguyen_widrow", seed: int = 0, ensemble: int = 1, every: int = 5,
        out=None, progress: bool = False, log: Log = None) -> CaseResult:
    """The ``letters`` case study.

    Parameters
    ----------
    hidden : sequence of int, default (256, 256)
        Units of each hidden layer.
    epochs, batch_size, lr
        Adam's epochs, minibatch size and initial learning rate (cosine
        schedule down to 0 over ``epochs``).
    train_rows : int, optional
        Train on only the first ``train_rows`` of the 16000 training rows
        (for quick runs and the tests); the test rows are always the last 4000.
    init : str, default ``"nguyen_widrow"``
        Initial weights (see :mod:`bpnn.core.init`).
    ensemble : int, default 1
        Train this many networks together as one stack (the same minibatches,
        different initial weights) and classify by the mean of their outputs.
    every : int, default 5
        Report test accuracy every this many epochs.

    Returns
    -------
    CaseResult
        ``metrics``: ``accuracy`` (test), ``epochs``, ``seconds`` (training),
        ``curve_epochs``, ``curve_accuracy``.

    Examples
    --------
    >>> r = run(hidden=(32,), epochs=3, train_rows=2000, batch_size=64, lr=0.01, every=3)
    >>> r.metrics["accuracy"] > 0.6
    True
    """
    t0 = time.perf_counter()
    hidden = [check_count(h, "hidden") for h in np.atleast_1d(hidden).tolist()]
    epochs = check_count(epochs, "epochs")
    X, y = letter_recognition("train")
    X_test, y_test = letter_recognition("test")
    if train_rows is not None:
        n = check_count(train_rows, "train_rows")
        X, y = X[:n], y[:n]
    code = {c: k for k, c in enumerate(LETTERS)}
    labels, labels_test = np.array([code[c] for c in y]), np.array([code[c] for c in y_test])
    scaler = MapStd().fit(X)
    sizes = [16, *hidden, 26]
    arch = "-".join(map(str, sizes))
    ensemble = check_count(ensemble, "ensemble")
    committee = f"a committee of {ensemble} networks {arch}" if ensemble > 1 else f"network {arch}"
    say(log, f"UCI letters: {len(X)} training rows, {len(X_test)} test rows; {committee}, adam, "
             f"batch {batch_size}, {epochs} epochs, {dtype}")
    fit = fit_classifier(sizes, scaler.transform(X), labels, scaler.transform(X_test), labels_test,
                         algorithm="adam", epochs=epochs, batch_size=batch_size, lr=lr, dtype=dtype, seed=seed,
                         init=init, schedule=f"cosine:period={epochs}", min_grad=0.0, every=every,
                         progress=progress, log=log, ensemble=ensemble)
    acc, rec = fit["accuracy"], fit["record"]
    result = CaseResult("letters", "UCI Letter Recognition: 16 features → 26 letters, first 16000 rows train, "
                                   "last 4000 test")
    result.settings = [
        ("data", f"{len(X)} training rows, {len(X_test)} test rows (Frey & Slate's split); mapstd on the inputs"),
        ("network", f"{arch}, tanh → softmax, cross-entropy, {init} init ({fit['net'].n_params} weights), {dtype}"
                    + (f"; {ensemble} of them trained together, outputs averaged" if ensemble > 1 else "")),
        ("algorithm", f"adam, lr {lr:g} with a cosine schedule to 0, minibatches of {batch_size}, "
                      f"{epochs} epochs; seed {seed}"),
    ]
    result.results = [("test accuracy", percent(acc)), ("test errors", f"{int(round((1 - acc) * len(X_test)))} "
                                                                        f"of {len(X_test)}"),
                      ("final training loss", f"{rec.loss[-1]:.4g}"),
                      ("epochs, training time", f"{rec.epochs}, {seconds(fit['seconds'])}")]
    result.metrics = {"accuracy": acc, "epochs": rec.epochs, "seconds": fit["seconds"],
                      "curve_epochs": fit["curve"].epochs, "curve_accuracy": fit["curve"].accuracy}
    who = f"bpnn {ensemble} × {arch}" if ensemble > 1 else f"bpnn {arch}"
    result.references = [*REFERENCES, (f"{who} (this run)", f"{percent(acc)} in {seconds(fit['seconds'])}")]
    result.headline = (f"test accuracy: {percent(acc)} on the last {len(X_test)} rows, "
                       f"trained in {seconds(fit['seconds'])}")
    if out is not None:
        from ..app.plots import plot_confusion

        out = Path(out)
        result.plots.append((plot_curve(fit["curve"], out / "letters-curve.png",
                                        f"UCI letters, {arch}: training loss and test error"),
                             "training loss and test error per epoch"))
        C = confusion_matrix(labels_test, fit["predicted"], list(range(26)))
        result.plots.append((plot_confusion(C, list(LETTERS), out / "letters-confusion.png", "UCI letters, test rows"),
                             "confusion matrix of the 4000 test rows"))
    result.elapsed = time.perf_counter() - t0
    return result
