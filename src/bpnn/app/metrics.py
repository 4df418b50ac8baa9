"""How good is the fit: regression and classification metrics.

Regression, for targets t and outputs y (each n×m, all entries pooled):

=====  ==========================================  ============================
name   formula                                     reads as
=====  ==========================================  ============================
mse    Σ (y − t)² / N                              mean squared error
rmse   √mse                                        in the target's units
mae    Σ |y − t| / N                               mean absolute error
r      cov(t, y) / (σ_t σ_y)                       MATLAB ``regression``'s R
r2     1 − Σ (y − t)² / Σ (t − t̄)²                 coefficient of determination
=====  ==========================================  ============================

(For several target columns ``r2`` averages the per-column R², as
scikit-learn's ``r2_score`` does; ``r`` pools all entries, as MATLAB's
``plotregression`` does.)

Classification, for true labels and predicted labels: accuracy, the
confusion matrix C (C[i, j]: rows of class i predicted as class j) and per
class precision C[k,k]/Σ_i C[i,k], recall C[k,k]/Σ_j C[k,j] and F1, their
harmonic mean.

Examples
--------
>>> import numpy as np
>>> t, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.1, 1.9, 3.2, 3.8])
>>> round(mse(t, y), 4), round(r2(t, y), 4)
(0.025, 0.98)
>>> accuracy(["a", "b", "b"], ["a", "b", "a"])
0.6666666666666666
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import BPNNError


def _pair(t, y) -> tuple[np.ndarray, np.ndarray]:
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    t = t.reshape(-1, 1) if t.ndim == 1 else t
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    if t.shape != y.shape:
        raise BPNNError(f"targets have shape {t.shape} but outputs {y.shape}; they must match")
    if t.size == 0:
        raise BPNNError("no rows to measure; pass at least one target and output")
    return t, y


def mse(t, y) -> float:
    """Mean squared error Σ (y − t)² / N."""
    t, y = _pair(t, y)
    return float(np.mean((y - t) ** 2))


def rmse(t, y) -> float:
    """Root mean squared error, in the target's units."""
    return math.sqrt(mse(t, y))


def mae(t, y) -> float:
    """Mean absolute error Σ |y − t| / N."""
    t, y = _pair(t, y)
    return float(np.mean(np.abs(y - t)))


def r(t, y) -> float:
    """Pearson's R between all targets and outputs (NaN when either is constant).

    Examples
    --------
    >>> r([1, 2, 3], [2, 4, 6.5])
    0.9979487157886733
    """
    t, y = _pair(t, y)
    t, y = t.ravel() - t.mean(), y.ravel() - y.mean()
    denom = math.sqrt(float(t @ t) * float(y @ y))
    return float(t @ y) / denom if denom > 0 else math.nan


def r2(t, y) -> float:
    """Coefficient of determination 1 − SSE/SST, averaged over target columns.

    A column whose targets are constant scores 1 if predicted exactly, else 0
    (scikit-learn's convention).
    """
    t, y = _pair(t, y)
    sse = np.sum((y - t) ** 2, axis=0)
    sst = np.sum((t - t.mean(axis=0)) ** 2, axis=0)
    scores = np.where(sst > 0, 1.0 - sse / np.where(sst > 0, sst, 1.0), np.where(sse == 0, 1.0, 0.0))
    return float(scores.mean())


def regression_metrics(t, y) -> dict:
    """``{"n", "mse", "rmse", "mae", "r", "r2"}`` for one set of rows."""
    t, y = _pair(t, y)
    return {"n": int(t.shape[0]), "mse": mse(t, y), "rmse": rmse(t, y), "mae": mae(t, y),
            "r": r(t, y), "r2": r2(t, y)}


# -- classification ---------------------------------------------------------------
def accuracy(labels, predicted) -> float:
    """Fraction of rows whose predicted label is the true one."""
    labels, predicted = np.asarray(labels, dtype=object).ravel(), np.asarray(predicted, dtype=object).ravel()
    if labels.shape != predicted.shape or labels.size == 0:
        raise BPNNError(f"got {labels.size} labels and {predicted.size} predictions; they must match (and be >0)")
    return float(np.mean(labels == predicted))


def confusion_matrix(labels, predicted, classes=None) -> np.ndarray:
    """C[i, j] = rows of class i predicted as class j (classes in the given or sorted order).

    Examples
    --------
    >>> confusion_matrix(["a", "b", "b"], ["a", "b", "a"])
    array([[1, 0],
           [1, 1]])
    """
    labels, predicted = np.asarray(labels, dtype=object).ravel(), np.asarray(predicted, dtype=object).ravel()
    if classes is None:
        classes = sorted(set(labels.tolist()) | set(predicted.tolist()))
    index = {c: k for k, c in enumerate(classes)}
    C = np.zeros((len(classes), len(classes)), dtype=int)
    for t, p in zip(labels.tolist(), predicted.tolist()):
        if t not in index or p not in index:
            raise BPNNError(f"label {t if t not in index else p!r} is not one of the classes {list(classes)}")
        C[index[t], index[p]] += 1
    return C


def per_class(C: np.ndarray) -> dict:
    """Precision, recall, F1 and support of each class from a confusion matrix.

    A class never predicted has precision 0 (no true positives); one with no
    rows has recall 0.
    """
    C = np.asarray(C, dtype=float)
    tp = np.diag(C)
    predicted, actual = C.sum(axis=0), C.sum(axis=1)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, actual, out=np.zeros_like(tp), where=actual > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(tp),
                   where=precision + recall > 0)
    return {"precision": precision, "recall": recall, "f1": f1, "support": actual.astype(int)}


def classification_metrics(labels, predicted, classes) -> dict:
    """``{"n", "accuracy", "confusion", "precision", "recall", "f1", "support"}`` (lists, JSON-ready)."""
    C = confusion_matrix(labels, predicted, classes)
    scores = per_class(C)
    return {"n": int(C.sum()), "accuracy": float(np.trace(C) / max(C.sum(), 1)), "confusion": C.tolist(),
            **{k: v.tolist() for k, v in scores.items()}}
