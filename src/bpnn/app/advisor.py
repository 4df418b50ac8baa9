"""The pitfall advisor: the common mistakes in BP training, spotted before (and after) it.

Each check looks at the data, the network or the training record and, when
it finds a known pitfall, returns an :class:`Advice` that says what it saw
and what to do.  ``bpnn train`` prints them as ``warning:`` lines; library
users call :func:`advise` (before training) and :func:`advise_record`
(after).

=====================  ====================================================
code                   pitfall
=====================  ====================================================
bounded-targets        targets outside the range of a bounded output
                       activation (e.g. a sigmoid output for targets in
                       the hundreds): the network cannot reach them
unscaled-inputs        input columns in very different or large ranges:
                       tanh/sigmoid units saturate, gradients vanish
constant-column        an input column with a single value: no information
duplicate-column       two identical input columns: one is redundant
few-samples            fewer than ``2`` target values per weight: the
                       network can memorise the data instead of learning
rare-class             a class with fewer than ``5`` samples
widening-gap           validation loss rising while the training loss falls:
                       over-fitting; use early stopping / fewer units / br
=====================  ====================================================
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.network import Network
from ..messages import text

SAMPLES_PER_WEIGHT = 2.0
RARE_CLASS = 5
LARGE_INPUT = 10.0          # |x| beyond this saturates tanh units with Nguyen–Widrow weights
RANGE_RATIO = 100.0         # column ranges differing by more than this factor


@dataclass(frozen=True)
class Advice:
    """One pitfall found: a short code and a message with what to do."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def _names(names, d: int) -> list[str]:
    return list(names) if names is not None else [f"column {j}" for j in range(d)]


def advise(X, T=None, net: Network | None = None, *, feature_names=None, labels=None,
           scaled: bool = False) -> list[Advice]:
    """Pitfalls visible before training.

    Parameters
    ----------
    X : array-like, shape (n, d)
        Inputs as the network will see them (``scaled=True``) or raw.
    T : array-like, shape (n, m), optional
        Targets as the network will see them.
    net : Network, optional
        For the output activation and the number of weights.
    feature_names : list of str, optional
        Names for the messages.
    labels : array-like, shape (n,), optional
        Class labels (classification), for the rare-class check.
    scaled : bool, default False
        True when X has already been scaled (skips the unscaled-inputs check).

    Returns
    -------
    list of Advice

    Examples
    --------
    >>> import numpy as np
    >>> X = np.column_stack([np.linspace(0, 1000, 50), np.ones(50)])
    >>> for a in advise(X, np.linspace(0, 300, 50), Network([2, 10, 1], output="sigmoid", seed=0)):
    ...     print(a.code)
    bounded-targets
    unscaled-inputs
    constant-column
    few-samples
    """
    X = np.asarray(X, dtype=float)
    X = X.reshape(len(X), -1)
    n, d = X.shape
    names = _names(feature_names, d)
    found: list[Advice] = []

    if T is not None and net is not None:
        T = np.asarray(T, dtype=float).reshape(n, -1)
        lo, hi = net.activations[-1].output_range
        if np.isfinite(lo) and np.isfinite(hi) and (T.min() < lo or T.max() > hi):
            found.append(Advice("bounded-targets", text("adv_bounded_targets", low=T.min(), high=T.max(),
                                                        f=net.activations[-1].name, lo=lo, hi=hi)))

    if not scaled:
        spans = X.max(0) - X.min(0)
        live = spans > 0
        wide = np.abs(X).max(0) > LARGE_INPUT
        ratio = spans[live].max() / spans[live].min() if live.sum() > 1 else 1.0
        if wide.any() or ratio > RANGE_RATIO:
            which = ", ".join(names[j] for j in np.flatnonzero(wide)[:5]) or text("adv_the_columns")
            found.append(Advice("unscaled-inputs", text("adv_unscaled_inputs", which=which, most=np.abs(X).max(),
                                                        ratio=ratio)))

    for j in np.flatnonzero(X.max(0) == X.min(0)):
        found.append(Advice("constant-column", text("adv_constant_column", name=names[j], value=X[0, j])))
    seen: dict[bytes, int] = {}
    for j in range(d):
        key = np.ascontiguousarray(X[:, j]).tobytes()
        if key in seen and X[:, j].max() != X[:, j].min():
            found.append(Advice("duplicate-column", text("adv_duplicate_column", name=names[j],
                                                         other=names[seen[key]])))
        seen.setdefault(key, j)

    if net is not None:
        values = n * (net.sizes[-1] if T is None else np.asarray(T).reshape(n, -1).shape[1])
        if values < SAMPLES_PER_WEIGHT * net.n_params:
            found.append(Advice("few-samples", text("adv_few_samples", values=values, weights=net.n_params,
                                                    per=SAMPLES_PER_WEIGHT)))

    if labels is not None:
        classes, counts = np.unique(np.asarray(labels).astype(str), return_counts=True)
        for c, k in zip(classes.tolist(), counts.tolist()):
            if k < RARE_CLASS:
                found.append(Advice("rare-class", text("adv_rare_class", label=c, k=k, s="s" if k > 1 else "")))
    return found


def advise_record(record, rise: float = 1.1) -> list[Advice]:
    """Pitfalls visible in a training record (after training).

    Flags a widening validation/training gap: after the best validation
    epoch b, the validation loss ended more than ``rise`` times its best while
    the training loss kept falling, so that the gap grew to over twice its
    size at b.

    Examples
    --------
    >>> from bpnn.training.loop import TrainingRecord
    >>> rec = TrainingRecord("lm", "mse", loss=list(np.linspace(1, 0.1, 30)),
    ...                      val_loss=list(np.linspace(1, 0.2, 15)) + list(np.linspace(0.2, 0.5, 15)))
    >>> [a.code for a in advise_record(rec)]
    ['widening-gap']
    """
    val, train_loss = np.asarray(record.val_loss, float), np.asarray(record.loss, float)
    if len(val) < 3 or len(train_loss) != len(val):
        return []
    b = int(np.argmin(val))
    gap_b, gap_end = val[b] - train_loss[b], val[-1] - train_loss[-1]
    if val[-1] > rise * val[b] and train_loss[-1] < train_loss[b] and gap_end > 2 * max(gap_b, 0.0):
        return [Advice("widening-gap", text("adv_widening_gap", b=b, v0=val[b], v1=val[-1], t0=train_loss[b],
                                            t1=train_loss[-1]))]
    return []
