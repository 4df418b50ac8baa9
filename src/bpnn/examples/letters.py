"""Case study ``letters``: UCI Letter Recognition, the standard 16000/4000 split.

20000 images of the 26 capitals in 20 fonts, randomly distorted, each
summarised by 16 integer features (Frey & Slate, 1991).  The network trains
on the first 16000 rows and is tested on the last 4000, as in Frey & Slate.

Settings: the 16 features standardised (``mapstd``, fitted on the training
rows), a 16-256-256-26 network (tanh, softmax output, cross-entropy,
Nguyen–Widrow initial weights), Adam on minibatches of 128, lr 0.003 with a
cosine learning-rate schedule over 40 epochs, each step's inputs jittered by
σ = 0.15 (``input_noise``), float32.  The architecture, the initialisation,
the batches and the noise were chosen on a validation split of the training
rows (train on rows 1–14000, validate on 14001–16000); the test rows were
not used for any choice (docs/examples.md lists the candidates).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..app.data import MapStd
from ..datasets.letters import LETTERS, letter_recognition
from ..app.metrics import confusion_matrix
from ..validation import positive
from .common import CaseResult, Log, check_count, fit_classifier, percent, plot_curve, say, seconds, words

#: published figures: (message key of the method, message key of the figure or the figure)
REFERENCES = [("ex_letters_frey", "≈ 80%"), ("ex_letters_mlp", "≈ 95–98%"), ("ex_letters_sk_default", "≈ 95%"),
              ("ex_letters_sk_256", "ex_letters_sk_256_figure")]


def run(*, hidden=(256, 256), epochs: int = 40, batch_size: int = 128, lr: float = 3e-3, dtype: str = "float32",
        train_rows: int | None = None, init: str = "nguyen_widrow", seed: int = 0, ensemble: int = 1, every: int = 5,
        epoch_loss: str = "batches", input_noise: float = 0.15, out=None, progress: bool = False, log: Log = None, lang: str | None = None) -> CaseResult:
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
    epoch_loss : {"full", "batches"}, default ``"batches"``
        How each epoch's training loss is measured (:func:`bpnn.train`'s
        ``epoch_loss``): a pass over all training rows, or the mean of the
        epoch's own batch losses (no extra pass).
    input_noise : float, default 0.15
        σ of the Gaussian jitter added to each step's (standardised) inputs
        (:func:`bpnn.train`'s ``input_noise``; docs/algorithms.md, "Input noise");
        0 trains on the rows as they are.

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
    t = words(lang)
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
    positive(input_noise, "input_noise", allow_zero=True)              # (before the header, as every check)
    label = f"{ensemble} × {arch}" if ensemble > 1 else arch          # a committee: K networks, outputs averaged
    say(log, t("ex_letters_say", train=len(X), test=len(X_test), arch=label, batch=batch_size, epochs=epochs,
               dtype=dtype))
    fit = fit_classifier(sizes, scaler.transform(X), labels, scaler.transform(X_test), labels_test,
                         algorithm="adam", epochs=epochs, batch_size=batch_size, lr=lr, dtype=dtype, seed=seed,
                         init=init, schedule=f"cosine:period={epochs}", min_grad=0.0, every=every,
                         epoch_loss=epoch_loss, input_noise=input_noise, progress=progress, log=log, lang=lang, ensemble=ensemble)
    acc, rec = fit["accuracy"], fit["record"]
    took = seconds(fit["seconds"], lang)
    result = CaseResult("letters", t("ex_letters_title"))
    result.settings = [
        (t("ex_data"), t("ex_letters_data", train=len(X), test=len(X_test))),
        (t("ex_network"), t("ex_letters_network", arch=label, init=init, n=fit["net"].n_params, dtype=dtype)),
        (t("ex_algorithm"), t("ex_adam_cosine", lr=lr, batch=batch_size, epochs=epochs, seed=seed)),
    ]
    if input_noise:
        result.settings.append((t("ex_input_noise"), t("ex_input_noise_value", sigma=input_noise)))
    result.results = [(t("ex_test_accuracy"), percent(acc)),
                      (t("ex_test_errors"), t("ex_of", k=int(round((1 - acc) * len(X_test))), n=len(X_test))),
                      (t("ex_final_loss"), f"{rec.final_loss:.4g}"), (t("ex_epochs_time"), f"{rec.epochs}, {took}")]
    result.metrics = {"accuracy": acc, "epochs": rec.epochs, "seconds": fit["seconds"],
                      "curve_epochs": fit["curve"].epochs, "curve_accuracy": fit["curve"].accuracy}
    result.references = [*((t(key), t(v) if v.startswith("ex_") else v) for key, v in REFERENCES),
                         (t("ex_this_run", what=f"bpnn {label}"), t("ex_in_time", value=percent(acc), time=took))]
    result.headline = t("ex_letters_headline", accuracy=percent(acc), n=len(X_test), time=took)
    if out is not None:
        from ..app.plots import _words, plot_confusion

        w = _words(lang)
        out = Path(out)
        batches = epoch_loss == "batches"               # the curve's loss: the epoch's own batches
        result.plots.append((plot_curve(fit["curve"], out / "letters-curve.png",
                                        w("ex_curve_title", title=f"UCI letters, {arch}"), lang=lang,
                                        loss="ex_batch_loss" if batches else "pl_training_loss"),
                             t("ex_curve_caption_batches" if batches else "ex_curve_caption")))
        C = confusion_matrix(labels_test, fit["predicted"], list(range(26)))
        result.plots.append((plot_confusion(C, list(LETTERS), out / "letters-confusion.png",
                                            w("ex_test_set_title", title="UCI letters"), lang=lang),
                             t("ex_letters_confusion_caption", n=len(X_test))))
    result.elapsed = time.perf_counter() - t0
    return result
