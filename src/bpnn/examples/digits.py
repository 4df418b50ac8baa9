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
from .common import CaseResult, Log, check_count, fit_classifier, percent, plot_curve, say, seconds

#: LeCun, Cortes & Burges, "The MNIST database": test error of 2-layer networks (and the linear baseline)
LECUN_TABLE = [
    ("linear classifier (1-layer NN), LeCun et al. 1998", "12.0%"),
    ("2-layer NN, 300 hidden units, mean square error, LeCun et al. 1998", "4.7%"),
    ("2-layer NN, 800 hidden units, cross-entropy, Simard et al. 2003", "1.6%"),
]


def _plots(result: CaseResult, fit: dict, labels_test, out, stem: str, title: str) -> None:
    from ..app.plots import plot_confusion

    out = Path(out)
    curve = plot_curve(fit["curve"], out / f"{stem}-curve.png", f"{title}: training loss and test error")
    result.plots.append((curve, "training loss and test error per epoch"))
    C = confusion_matrix(labels_test, fit["predicted"], list(range(10)))
    result.plots.append((plot_confusion(C, list(range(10)), out / f"{stem}-confusion.png", f"{title}, test set"),
                         "confusion matrix of the test set"))


def run_digits(*, hidden: int = 32, epochs: int = 300, seed: int = 0, out=None, progress: bool = False,
               log: Log = None) -> CaseResult:
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
    hidden, epochs = check_count(hidden, "hidden"), check_count(epochs, "epochs")
    digits = load_digits()
    X, y = digits.data / 16.0, digits.target
    half = len(X) // 2
    say(log, f"8×8 digits: {half} training images, {len(X) - half} test images; network 64-{hidden}-10, scg")
    fit = fit_classifier([64, hidden, 10], X[:half], y[:half], X[half:], y[half:], algorithm="scg", epochs=epochs,
                         seed=seed, every=max(1, epochs // 10), progress=progress, log=log)
    svc = SVC(gamma=0.001).fit(digits.data[:half], y[:half])
    svc_acc = float(svc.score(digits.data[half:], y[half:]))
    acc, rec = fit["accuracy"], fit["record"]
    result = CaseResult("digits", "scikit-learn's 8×8 handwritten digits: 64 pixels → 10 digits")
    result.settings = [
        ("data", f"sklearn.datasets.load_digits: first {half} images train, last {len(X) - half} test "
                 f"(the split of scikit-learn's gallery example); pixels / 16"),
        ("network", f"64-{hidden}-10, tanh → softmax, cross-entropy ({fit['net'].n_params} weights)"),
        ("algorithm", f"scg (trainscg), full batch, at most {epochs} epochs; seed {seed}"),
    ]
    result.results = [("test accuracy", percent(acc)), ("test error", percent(1 - acc)),
                      ("epochs, training time", f"{rec.epochs}, {seconds(fit['seconds'])}"),
                      ("stopped by", rec.stop_reason.split(":")[0])]
    result.references = [("scikit-learn gallery classifier SVC(gamma=0.001), same split (measured in this run)",
                          percent(svc_acc)),
                         (f"bpnn 64-{hidden}-10 (this run)", percent(acc))]
    result.metrics = {"accuracy": acc, "svc_accuracy": svc_acc, "epochs": rec.epochs, "seconds": fit["seconds"]}
    result.headline = f"test accuracy: {percent(acc)} ({len(X) - half} images; error {percent(1 - acc)})"
    if out is not None:
        _plots(result, fit, y[half:], out, "digits", f"8×8 digits, 64-{hidden}-10")
    result.elapsed = time.perf_counter() - t0
    return result


def run_mnist(data, *, hidden: int = 300, epochs: int = 20, batch_size: int = 128, lr: float = 1e-3,
              activation: str = "relu", dtype: str = "float32", train_rows: int | None = None,
              test_rows: int | None = None, seed: int = 0, every: int = 1, out=None, progress: bool = False,
              log: Log = None) -> CaseResult:
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
    hidden, epochs = check_count(hidden, "hidden"), check_count(epochs, "epochs")
    X, y, X_test, y_test = load_mnist(data)
    if train_rows is not None:
        X, y = X[:check_count(train_rows, "train_rows")], y[:train_rows]
    if test_rows is not None:
        X_test, y_test = X_test[:check_count(test_rows, "test_rows")], y_test[:test_rows]
    X = (X / np.float32(255)).astype(dtype)
    X_test = (X_test / np.float32(255)).astype(dtype)
    say(log, f"MNIST from {data}: {len(X)} training images, {len(X_test)} test images; network 784-{hidden}-10, "
             f"adam, batch {batch_size}, {epochs} epochs, {dtype}")
    fit = fit_classifier([784, hidden, 10], X, y, X_test, y_test, activation=activation, algorithm="adam",
                         epochs=epochs, batch_size=batch_size, lr=lr, dtype=dtype, seed=seed,
                         init="he" if activation == "relu" else "glorot", schedule=f"cosine:period={epochs}",
                         min_grad=0.0, every=every, progress=progress, log=log)
    acc, rec = fit["accuracy"], fit["record"]
    result = CaseResult("mnist", "MNIST handwritten digits: 784 pixels → 10 digits, 60000 train / 10000 test")
    result.settings = [
        ("data", f"{data}: {len(X)} training images, {len(X_test)} test images; pixels / 255"),
        ("network", f"784-{hidden}-10, {activation} → softmax, cross-entropy ({fit['net'].n_params} weights), "
                    f"{dtype}"),
        ("algorithm", f"adam, lr {lr:g} with a cosine schedule to 0, minibatches of {batch_size}, {epochs} epochs; "
                      f"seed {seed}"),
    ]
    result.results = [("test error", percent(1 - acc)), ("test accuracy", percent(acc)),
                      ("epochs, training time", f"{rec.epochs}, {seconds(fit['seconds'])}"),
                      ("final training loss", f"{rec.loss[-1]:.4g}")]
    result.references = [*LECUN_TABLE, (f"bpnn 784-{hidden}-10, cross-entropy (this run)",
                                        f"{percent(1 - acc)} after {rec.epochs} epochs, {seconds(fit['seconds'])}")]
    result.metrics = {"accuracy": acc, "error": 1 - acc, "epochs": rec.epochs, "seconds": fit["seconds"]}
    result.headline = (f"test error: {percent(1 - acc)} (accuracy {percent(acc)}, {len(X_test)} images) after "
                       f"{rec.epochs} epochs in {seconds(fit['seconds'])}")
    if out is not None:
        _plots(result, fit, y_test, out, "mnist", f"MNIST, 784-{hidden}-10")
    result.elapsed = time.perf_counter() - t0
    return result
