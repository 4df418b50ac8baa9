"""Case studies ``digits`` and ``mnist``: handwritten digits.

* ``digits``: scikit-learn's bundled 8×8 digits (1797 images, 16 grey
  levels), split as scikit-learn's gallery example does — the first half
  trains, the second half tests.  A 64-32-10 network with SCG, full batch.
  The gallery's classifier, ``SVC(gamma=0.001)``, is run on the same split
  as the yardstick.
* ``mnist``: MNIST's 60000/10000 split, read from a file you have
  (:func:`bpnn.datasets.load_mnist`; bpnn never downloads it).  A 784-300-10
  network — the size of the 2-layer networks in LeCun's table — with ReLU
  hidden units (He init), softmax and cross-entropy, Adam on minibatches of
  128 with a cosine schedule, float32.  Pixels are scaled to [0, 1].  (tanh
  with Glorot init, otherwise the same, reached 1.97% in the same 20 epochs;
  ReLU 1.72%: docs/examples.md.)
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..datasets.mnist import load_mnist
from ..app.metrics import confusion_matrix
from .common import CaseResult, Log, check_count, fit_classifier, percent, plot_curve, say, seconds, words

#: LeCun, Cortes & Burges, "The MNIST database": test error of 2-layer networks (and the linear baseline)
LECUN_TABLE = [("ex_lecun_linear", "12.0%"), ("ex_lecun_300", "4.7%"), ("ex_lecun_800", "1.6%")]


def _plots(result: CaseResult, fit: dict, labels_test, out, stem: str, title: str, lang: str | None) -> None:
    from ..app.plots import _words, plot_confusion

    t, w = words(lang), _words(lang)
    out = Path(out)
    curve = plot_curve(fit["curve"], out / f"{stem}-curve.png", w("ex_curve_title", title=title), lang=lang)
    result.plots.append((curve, t("ex_curve_caption")))
    C = confusion_matrix(labels_test, fit["predicted"], list(range(10)))
    result.plots.append((plot_confusion(C, list(range(10)), out / f"{stem}-confusion.png",
                                        w("ex_test_set_title", title=title), lang=lang), t("ex_confusion_caption")))


def run_digits(*, hidden: int = 32, epochs: int = 300, seed: int = 0, out=None, progress: bool = False,
               log: Log = None, lang: str | None = None) -> CaseResult:
    """The ``digits`` case study: scikit-learn's 8×8 digits, first half train, second half test.

    Returns
    -------
    CaseResult
        ``metrics``: ``accuracy`` (test), ``svc_accuracy`` (scikit-learn's
        gallery SVC on the same split), ``epochs``, ``seconds``.

    Examples
    --------
    >>> r = run_digits(hidden=16, epochs=60)
    >>> r.metrics["accuracy"] > 0.85
    True
    """
    from sklearn.datasets import load_digits
    from sklearn.svm import SVC

    t0 = time.perf_counter()
    t = words(lang)
    hidden, epochs = check_count(hidden, "hidden"), check_count(epochs, "epochs")
    digits = load_digits()
    X, y = digits.data / 16.0, digits.target
    half = len(X) // 2
    say(log, t("ex_digits_say", train=half, test=len(X) - half, hidden=hidden))
    fit = fit_classifier([64, hidden, 10], X[:half], y[:half], X[half:], y[half:], algorithm="scg", epochs=epochs,
                         seed=seed, every=max(1, epochs // 10), progress=progress, log=log, lang=lang)
    svc = SVC(gamma=0.001).fit(digits.data[:half], y[:half])
    svc_acc = float(svc.score(digits.data[half:], y[half:]))
    acc, rec = fit["accuracy"], fit["record"]
    result = CaseResult("digits", t("ex_digits_title"))
    result.settings = [
        (t("ex_data"), t("ex_digits_data", train=half, test=len(X) - half)),
        (t("ex_network"), t("ex_digits_network", hidden=hidden, n=fit["net"].n_params)),
        (t("ex_algorithm"), t("ex_digits_algorithm", epochs=epochs, seed=seed)),
    ]
    result.results = [(t("ex_test_accuracy"), percent(acc)), (t("ex_test_error"), percent(1 - acc)),
                      (t("ex_epochs_time"), f"{rec.epochs}, {seconds(fit['seconds'], lang)}"),
                      (t("ex_stopped_by"), rec.stop_reason.split(":")[0])]
    result.references = [(t("ex_digits_svc"), percent(svc_acc)),
                         (t("ex_this_run", what=f"bpnn 64-{hidden}-10"), percent(acc))]
    result.metrics = {"accuracy": acc, "svc_accuracy": svc_acc, "epochs": rec.epochs, "seconds": fit["seconds"]}
    result.headline = t("ex_digits_headline", accuracy=percent(acc), n=len(X) - half, error=percent(1 - acc))
    if out is not None:
        _plots(result, fit, y[half:], out, "digits", t("ex_digits_plot", hidden=hidden), lang)
    result.elapsed = time.perf_counter() - t0
    return result


def run_mnist(data, *, hidden: int = 300, epochs: int = 20, batch_size: int = 128, lr: float = 1e-3,
              activation: str = "relu", dtype: str = "float32", train_rows: int | None = None,
              test_rows: int | None = None, seed: int = 0, every: int = 1, out=None, progress: bool = False,
              log: Log = None, lang: str | None = None) -> CaseResult:
    """The ``mnist`` case study: a 784-300-10 network on MNIST.

    Parameters
    ----------
    data : str or Path
        ``mnist.npz`` or a folder with the four IDX files.
    hidden, epochs, batch_size, lr, activation, dtype
        Network and Adam settings (cosine schedule to 0 over ``epochs``).
    train_rows, test_rows : int, optional
        Use only the first rows of each set (quick runs, tests).

    Returns
    -------
    CaseResult
        ``metrics``: ``accuracy``, ``error`` (test), ``epochs``, ``seconds``.
    """
    t0 = time.perf_counter()
    t = words(lang)
    hidden, epochs = check_count(hidden, "hidden"), check_count(epochs, "epochs")
    X, y, X_test, y_test = load_mnist(data)
    if train_rows is not None:
        X, y = X[:check_count(train_rows, "train_rows")], y[:train_rows]
    if test_rows is not None:
        X_test, y_test = X_test[:check_count(test_rows, "test_rows")], y_test[:test_rows]
    X = (X / np.float32(255)).astype(dtype)
    X_test = (X_test / np.float32(255)).astype(dtype)
    say(log, t("ex_mnist_say", data=data, train=len(X), test=len(X_test), hidden=hidden, batch=batch_size,
               epochs=epochs, dtype=dtype))
    fit = fit_classifier([784, hidden, 10], X, y, X_test, y_test, activation=activation, algorithm="adam",
                         epochs=epochs, batch_size=batch_size, lr=lr, dtype=dtype, seed=seed,
                         init="he" if activation == "relu" else "glorot", schedule=f"cosine:period={epochs}",
                         min_grad=0.0, every=every, progress=progress, log=log, lang=lang)
    acc, rec = fit["accuracy"], fit["record"]
    took = seconds(fit["seconds"], lang)
    result = CaseResult("mnist", t("ex_mnist_title"))
    result.settings = [
        (t("ex_data"), t("ex_mnist_data", data=data, train=len(X), test=len(X_test))),
        (t("ex_network"), t("ex_mnist_network", hidden=hidden, activation=activation, n=fit["net"].n_params,
                            dtype=dtype)),
        (t("ex_algorithm"), t("ex_adam_cosine", lr=lr, batch=batch_size, epochs=epochs, seed=seed)),
    ]
    result.results = [(t("ex_test_error"), percent(1 - acc)), (t("ex_test_accuracy"), percent(acc)),
                      (t("ex_epochs_time"), f"{rec.epochs}, {took}"), (t("ex_final_loss"), f"{rec.loss[-1]:.4g}")]
    result.references = [*((t(key), v) for key, v in LECUN_TABLE),
                         (t("ex_this_run", what=t("ex_mnist_bpnn", hidden=hidden)),
                          t("ex_mnist_figure", error=percent(1 - acc), epochs=rec.epochs, time=took))]
    result.metrics = {"accuracy": acc, "error": 1 - acc, "epochs": rec.epochs, "seconds": fit["seconds"]}
    result.headline = t("ex_mnist_headline", error=percent(1 - acc), accuracy=percent(acc), n=len(X_test),
                        epochs=rec.epochs, time=took)
    if out is not None:
        _plots(result, fit, y_test, out, "mnist", f"MNIST, 784-{hidden}-10", lang)
    result.elapsed = time.perf_counter() - t0
    return result
