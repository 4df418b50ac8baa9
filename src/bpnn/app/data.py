"""Your data, ready for a BP network: scaling, one-hot labels, division, reading tables.

MATLAB's ``fitnet``/``patternnet`` workflow, step by step, rows as samples:

* **scaling** of inputs *and* targets, undone on the outputs:
  :class:`MapMinMax` (each column to [−1, 1], MATLAB's ``mapminmax``) and
  :class:`MapStd` (zero mean, unit standard deviation, ``mapstd``);
* **constant columns** carry no information and are removed, with a note
  (``removeconstantrows``);
* **one-hot** targets for class labels, strings or integers (:class:`OneHot`);
* **division** into training, validation and test rows (:func:`divide`:
  ``rand``, ``block``, ``int``, ``ind``; default 0.7/0.15/0.15, seeded);
* **reading** CSV and Excel files through pandas with checks whose messages
  say the file, the row and the column (:func:`read_table`, :func:`table_arrays`).

:class:`Preprocessing` bundles what was learned from the training data (which
columns, the scalers, the classes) so that a model file can apply it again to
new rows.

Examples
--------
>>> import numpy as np
>>> X = np.array([[1.0, 10.0], [2.0, 10.0], [3.0, 10.0]])
>>> pre = Preprocessing.fit(X, np.array([0.0, 5.0, 10.0]), features=["a", "b"])
>>> pre.notes
["constant input column 'b' (always 10) removed: it carries no information"]
>>> pre.inputs(X).ravel()          # column a mapped to [-1, 1]
array([-1.,  0.,  1.])
>>> pre.outputs(np.array([[0.5]]))     # network output back in target units
array([[7.5]])
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import BPNNError, did_you_mean
from ..messages import text as _text
from .files import check_input

SCALINGS = ("mapminmax", "mapstd", "none")
DIVIDE_METHODS = ("rand", "block", "int", "ind")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


# -- scalers ------------------------------------------------------------------
class Scaler(ABC):
    """y = (x − offset) · gain + ymin, column by column; ``inverse`` undoes it.

    Subclasses only decide ``offset``, ``gain`` and ``ymin`` in :meth:`fit`.
    A constant column gets gain 1, so its inverse stays exact.
    """

    name = "scaler"

    def __init__(self) -> None:
        self.offset = self.gain = None
        self.ymin = 0.0

    @abstractmethod
    def fit(self, X) -> "Scaler":
        """Learn offset, gain and ymin from the columns of X; return self."""

    def _check_fitted(self) -> None:
        if self.gain is None:
            raise BPNNError(f"this {self.name} scaler is not fitted yet; call fit(X) first")

    def transform(self, X) -> np.ndarray:
        """The scaled columns."""
        self._check_fitted()
        return (np.asarray(X, dtype=float) - self.offset) * self.gain + self.ymin

    def inverse(self, Y) -> np.ndarray:
        """Back to the original units: x = (y − ymin) / gain + offset."""
        self._check_fitted()
        return (np.asarray(Y, dtype=float) - self.ymin) / self.gain + self.offset

    def fit_transform(self, X) -> np.ndarray:
        return self.fit(X).transform(X)

    def state(self) -> tuple[dict, dict]:
        """JSON-ready settings and the arrays (for model files)."""
        self._check_fitted()
        return {"name": self.name, "ymin": self.ymin}, {"offset": self.offset, "gain": self.gain}

    @classmethod
    def from_state(cls, settings: dict, arrays: dict) -> "Scaler":
        scaler = make_scaler(settings["name"])
        scaler.ymin = float(settings["ymin"])
        scaler.offset = np.asarray(arrays["offset"], dtype=float)
        scaler.gain = np.asarray(arrays["gain"], dtype=float)
        return scaler

    def __repr__(self) -> str:
        return f"{type(self).__name__}({'fitted' if self.gain is not None else 'not fitted'})"


class MapMinMax(Scaler):
    """Each column's [min, max] to [ymin, ymax] (MATLAB ``mapminmax``; default [−1, 1]).

    y = (ymax − ymin)(x − xmin)/(xmax − xmin) + ymin

    Examples
    --------
    >>> s = MapMinMax().fit([[0.0], [5.0], [10.0]])
    >>> s.transform([[0.0], [10.0], [7.5]]).ravel()
    array([-1. ,  1. ,  0.5])
    >>> s.inverse([[0.5]])
    array([[7.5]])
    """

    name = "mapminmax"

    def __init__(self, ymin: float = -1.0, ymax: float = 1.0) -> None:
        super().__init__()
        if not ymin < ymax:
            raise BPNNError(f"mapminmax needs ymin < ymax, got [{ymin}, {ymax}]")
        self.ymin, self.ymax = float(ymin), float(ymax)

    def fit(self, X) -> "MapMinMax":
        X = np.asarray(X, dtype=float)
        xmin, xmax = X.min(axis=0), X.max(axis=0)
        span = np.where(xmax > xmin, xmax - xmin, 1.0)
        self.offset, self.gain = xmin, np.where(xmax > xmin, (self.ymax - self.ymin) / span, 1.0)
        return self

    def state(self) -> tuple[dict, dict]:
        settings, arrays = super().state()
        return {**settings, "ymax": self.ymax}, arrays

    @classmethod
    def from_state(cls, settings: dict, arrays: dict) -> "MapMinMax":
        scaler = super().from_state(settings, arrays)
        scaler.ymax = float(settings["ymax"])
        return scaler


class MapStd(Scaler):
    """Each column to mean 0 and standard deviation 1 (MATLAB ``mapstd``).

    y = (x − mean) / std   (std with n − 1, as MATLAB)

    Examples
    --------
    >>> s = MapStd().fit([[1.0], [2.0], [3.0]])
    >>> s.transform([[1.0], [3.0]]).ravel()
    array([-1.,  1.])
    """

    name = "mapstd"

    def fit(self, X) -> "MapStd":
        X = np.asarray(X, dtype=float)
        std = X.std(axis=0, ddof=1) if X.shape[0] > 1 else np.zeros(X.shape[1])
        self.offset, self.gain = X.mean(axis=0), np.where(std > 0, 1.0 / np.where(std > 0, std, 1.0), 1.0)
        return self


def make_scaler(name: str | None) -> Scaler | None:
    """A scaler by name: ``"mapminmax"``, ``"mapstd"``, or ``"none"``/None (no scaling)."""
    key = "none" if name is None else str(name).strip().lower()
    if key == "none":
        return None
    if key == "mapminmax":
        return MapMinMax()
    if key == "mapstd":
        return MapStd()
    raise BPNNError.of("err_unknown_scaling", name=name, hint=did_you_mean(key, SCALINGS), choices=", ".join(SCALINGS))


# -- labels -----------------------------------------------------------------------
def _plain(label):
    """A label as a plain Python value (for JSON and printing)."""
    return label.item() if isinstance(label, np.generic) else label


class OneHot:
    """Class labels (strings or integers) ↔ one-hot rows, classes in sorted order.

    Examples
    --------
    >>> enc = OneHot().fit(["cat", "dog", "cat", "owl"])
    >>> enc.classes
    ['cat', 'dog', 'owl']
    >>> enc.transform(["owl", "cat"])
    array([[0., 0., 1.],
           [1., 0., 0.]])
    >>> enc.labels(np.array([[0.1, 0.7, 0.2]]))
    array(['dog'], dtype=object)
    """

    def __init__(self, classes=None) -> None:
        self.classes = None if classes is None else [_plain(c) for c in classes]

    def fit(self, labels) -> "OneHot":
        values = np.asarray(labels, dtype=object).ravel()
        try:
            classes = sorted(set(_plain(v) for v in values))
        except TypeError:
            raise BPNNError("class labels mix text and numbers; make the label column one type") from None
        self.classes = classes
        return self

    def _index(self) -> dict:
        if self.classes is None:
            raise BPNNError("this one-hot encoder is not fitted yet; call fit(labels) first")
        return {c: k for k, c in enumerate(self.classes)}

    def codes(self, labels, where: str = "labels") -> np.ndarray:
        """The class index of each label; unseen labels are refused."""
        index = self._index()
        values = [_plain(v) for v in np.asarray(labels, dtype=object).ravel()]
        out = np.empty(len(values), dtype=int)
        for i, v in enumerate(values):
            k = index.get(v)
            if k is None:
                shown = ", ".join(repr(c) for c in self.classes[:12]) + (" ..." if len(self.classes) > 12 else "")
                raise BPNNError.of("err_unseen_label", where=where, label=v, row=i + 1, known=shown)
            out[i] = k
        return out

    def transform(self, labels, where: str = "labels") -> np.ndarray:
        """One row per label with a 1 in the label's column."""
        return np.eye(len(self.classes))[self.codes(labels, where)]

    def labels(self, scores) -> np.ndarray:
        """The label of the largest score in each row (network output → class)."""
        self._index()
        return np.asarray(self.classes, dtype=object)[np.argmax(np.asarray(scores), axis=1)]


# -- preprocessing as a whole -----------------------------------------------------------
@dataclass
class Preprocessing:
    """What the network needs done to raw rows, learned from the training rows.

    Attributes
    ----------
    features : list of str
        Input column names, in the order the data gives them.
    keep : ndarray of bool, shape (d,)
        Which inputs reach the network (constant columns are dropped).
    x_scaler : Scaler or None
        Scaling of the kept inputs.
    task : {"regression", "classification"}
    target : list of str
        Target column name(s).
    y_scaler : Scaler or None
        Regression: scaling of the targets, undone by :meth:`outputs`.
    encoder : OneHot or None
        Classification: the classes.
    notes : list of str
        What was done that a user should know (removed columns).
    categories : dict
        Text input columns, one-hot encoded: column name → its categories.
        Their inputs in ``features`` are named ``column=value``
        (:func:`one_hot_names`); :attr:`columns` gives the table's columns.
    """

    features: list
    keep: np.ndarray
    x_scaler: Scaler | None
    task: str
    target: list
    y_scaler: Scaler | None = None
    encoder: OneHot | None = None
    notes: list = field(default_factory=list)
    categories: dict = field(default_factory=dict)

    @classmethod
    def fit(cls, X, y, *, features=None, target=None, task: str = "regression",
            scaling: str | None = "mapminmax", target_scaling: str | None = None,
            classes=None, categories: dict | None = None) -> "Preprocessing":
        """Learn columns, scalers and classes from training rows.

        Parameters
        ----------
        X : array-like, shape (n, d)
        y : array-like, shape (n,) or (n, m)
            Numbers (regression) or labels (classification).
        features, target : list of str, optional
            Column names (default ``x1..xd`` and ``y``).
        task : {"regression", "classification"}
        scaling : {"mapminmax", "mapstd", "none"}
            Input scaling.
        target_scaling : str, optional
            Regression target scaling; default: the same as ``scaling``.
        classes : sequence, optional
            Classification: all class labels (default: those in ``y``), so that a
            class seen only in validation or test rows still has an output.
        categories : dict, optional
            Text columns one-hot encoded in X (:func:`table_arrays` finds them):
            column → categories; their inputs are named ``column=value`` in
            ``features``.
        """
        X = np.asarray(X, dtype=float)
        d = X.shape[1]
        features = [f"x{j + 1}" for j in range(d)] if features is None else [str(f) for f in features]
        notes = []
        keep = np.ones(d, dtype=bool)
        if X.shape[0] > 1:
            keep = X.max(axis=0) > X.min(axis=0)
            for j in np.flatnonzero(~keep):
                # kept in the model file in English, like the engine's reason; shown by messages.stored_note
                notes.append(f"constant input column {features[j]!r} (always {X[0, j]:g}) removed: "
                             f"it carries no information")
            if not keep.any():
                raise BPNNError.of("err_all_constant", d=d, rows=X.shape[0])
        x_scaler = make_scaler(scaling)
        if x_scaler is not None:
            x_scaler.fit(X[:, keep])
        if task == "classification":
            encoder = OneHot().fit(y if classes is None else classes)
            target = ["y"] if target is None else list(target) if not isinstance(target, str) else [target]
            return cls(features, keep, x_scaler, task, target, encoder=encoder, notes=notes,
                       categories=dict(categories or {}))
        if task != "regression":
            raise BPNNError(f"task must be 'regression' or 'classification', got {task!r}")
        Y = np.asarray(y, dtype=float)
        Y = Y.reshape(-1, 1) if Y.ndim == 1 else Y
        if target is None:
            target = ["y"] if Y.shape[1] == 1 else [f"y{k + 1}" for k in range(Y.shape[1])]
        y_scaler = make_scaler(scaling if target_scaling is None else target_scaling)
        if y_scaler is not None:
            y_scaler.fit(Y)
        target = [target] if isinstance(target, str) else list(target)
        return cls(features, keep, x_scaler, task, target, y_scaler=y_scaler, notes=notes,
                   categories=dict(categories or {}))

    # -- applying it ------------------------------------------------------------
    @property
    def columns(self) -> list:
        """The table columns the inputs come from (a text column once, not its one-hot inputs)."""
        columns, rest = [], list(self.features)
        while rest:
            name = rest[0]
            column = next((c for c, values in self.categories.items()
                           if rest[:len(values)] == one_hot_names(c, values)), None)
            columns.append(name if column is None else column)
            rest = rest[1 if column is None else len(self.categories[column]):]
        return columns

    @property
    def n_inputs(self) -> int:
        """Columns that reach the network."""
        return int(self.keep.sum())

    @property
    def n_outputs(self) -> int:
        return len(self.encoder.classes) if self.encoder is not None else len(self.target)

    @property
    def classes(self) -> list | None:
        return self.encoder.classes if self.encoder is not None else None

    def inputs(self, X) -> np.ndarray:
        """Raw input rows (n×d) → network inputs (constant columns dropped, scaled)."""
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != len(self.features):
            got = X.shape[1] if X.ndim == 2 else X.shape
            raise BPNNError.of("err_input_columns", n=len(self.features), names=", ".join(self.features), got=got)
        X = X[:, self.keep]
        return self.x_scaler.transform(X) if self.x_scaler is not None else X

    def targets(self, y, where: str = "targets") -> np.ndarray:
        """Raw targets → what the network is trained to output (scaled values or one-hot rows)."""
        if self.encoder is not None:
            return self.encoder.transform(y, where)
        Y = np.asarray(y, dtype=float)
        Y = Y.reshape(-1, 1) if Y.ndim == 1 else Y
        return self.y_scaler.transform(Y) if self.y_scaler is not None else Y

    def outputs(self, A) -> np.ndarray:
        """Network outputs → targets in the original units (regression; n×m)."""
        A = np.asarray(A, dtype=float)
        return self.y_scaler.inverse(A) if self.y_scaler is not None else A

    # -- model files -------------------------------------------------------------------
    def state(self) -> tuple[dict, dict]:
        """JSON-ready settings and named arrays, for :mod:`bpnn.app.io`."""
        settings = {"features": list(self.features), "task": self.task, "target": list(self.target),
                    "notes": list(self.notes), "x_scaler": None, "y_scaler": None,
                    "classes": None if self.encoder is None else list(self.encoder.classes)}
        if self.categories:        # only then: files without text columns stay as they were
            settings["categories"] = {str(c): [str(v) for v in values] for c, values in self.categories.items()}
        arrays = {"keep": self.keep.astype(np.bool_)}
        for key, scaler in (("x_scaler", self.x_scaler), ("y_scaler", self.y_scaler)):
            if scaler is not None:
                settings[key], scaler_arrays = scaler.state()
                arrays.update({f"{key}.{k}": v for k, v in scaler_arrays.items()})
        return settings, arrays

    @classmethod
    def from_state(cls, settings: dict, arrays: dict) -> "Preprocessing":
        scalers = {}
        for key in ("x_scaler", "y_scaler"):
            if settings.get(key) is None:
                scalers[key] = None
            else:
                scalers[key] = Scaler.from_state(settings[key], {k: arrays[f"{key}.{k}"] for k in ("offset", "gain")})
        classes = settings.get("classes")
        categories = {str(c): [str(v) for v in values] for c, values in (settings.get("categories") or {}).items()}
        pre = cls(list(settings["features"]), np.asarray(arrays["keep"], dtype=bool), scalers["x_scaler"],
                  settings["task"], list(settings["target"]), y_scaler=scalers["y_scaler"],
                  encoder=None if classes is None else OneHot(classes), notes=list(settings.get("notes", [])),
                  categories=categories)
        missing = [c for c in categories if c not in pre.columns]
        if missing:
            raise ValueError(f"text column(s) {missing} and their categories do not match the inputs "
                             f"{pre.features}")
        return pre


# -- weights ---------------------------------------------------------------------------
MAX_REPEAT_GROWTH = 20          # weighted training may repeat rows up to 20 × the rows there are


def class_weights(y, class_weight) -> np.ndarray:
    """Per-row weights from class weights: ``"balanced"`` or ``{label: weight}``.

    ``"balanced"`` gives class c the weight n / (k · n_c) (scikit-learn's rule:
    every class then weighs as much in total); a dict gives its labels their
    weights and other classes 1.

    Examples
    --------
    >>> class_weights(["a", "a", "a", "b"], "balanced")
    array([0.66666667, 0.66666667, 0.66666667, 2.        ])
    >>> class_weights(["a", "b"], {"b": 3})
    array([1., 3.])
    """
    labels = [_plain(v) for v in np.asarray(y, dtype=object).ravel()]
    counts: dict = {}
    for v in labels:
        counts[v] = counts.get(v, 0) + 1
    if isinstance(class_weight, str):
        if class_weight.strip().lower() != "balanced":
            raise BPNNError(f"class_weight must be 'balanced', a dict {{label: weight}} or None, got "
                            f"{class_weight!r}")
        per_class = {c: len(labels) / (len(counts) * k) for c, k in counts.items()}
    elif isinstance(class_weight, dict):
        per_class = {_plain(c): w for c, w in class_weight.items()}
        unknown = [c for c in per_class if c not in counts]
        if unknown:
            raise BPNNError(f"class_weight names class(es) {unknown} that are not in y (classes: "
                            f"{sorted(counts, key=str)}); give weights for the labels y has")
    else:
        raise BPNNError(f"class_weight must be 'balanced', a dict {{label: weight}} or None, got {class_weight!r}")
    return np.array([float(per_class.get(v, 1.0)) for v in labels])


def repeat_counts(weights, n: int) -> np.ndarray:
    """How many times each row is trained on, for per-row weights: round(w / smallest w > 0).

    The training engines minimise a mean over rows, so a weight is applied by
    repeating its row: weights in ratio 1 : 3 train the second row three times
    (exactly what a loss weighted 1 : 3 does); other ratios are rounded to whole
    numbers, with every row of weight > 0 trained at least once (so ratios under
    1.5 make no difference).  Weight 0 leaves the row out.  Should that give
    more than :data:`MAX_REPEAT_GROWTH` × n rows, the unit grows from the
    smallest weight until it does not (the largest ratios are then compressed).

    Examples
    --------
    >>> repeat_counts([0.5, 1.5, 0.0, 0.8], 4).tolist()
    [1, 3, 0, 2]
    >>> int(repeat_counts([1e-4, 1000, 1000], 3).sum()) <= MAX_REPEAT_GROWTH * 3
    True
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or len(w) != n:
        raise BPNNError(f"sample_weight must hold one number per row: {n} row(s), got shape {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise BPNNError("sample_weight must be finite numbers ≥ 0 (weight 0 leaves a row out)")
    if not np.any(w > 0):
        raise BPNNError("sample_weight is zero for every row: at least one row needs a weight above zero")

    def counts(unit: float) -> np.ndarray:
        return np.where(w > 0, np.maximum(1, np.round(w / unit)), 0).astype(np.int64)

    low, high = w[w > 0].min(), w.max()          # counts(high) trains each row at most twice: within the limit
    if counts(low).sum() <= MAX_REPEAT_GROWTH * n:
        return counts(low)
    for _ in range(100):                         # bisection on a log scale for the smallest unit that fits
        mid = math.sqrt(low * high)
        low, high = (mid, high) if counts(mid).sum() > MAX_REPEAT_GROWTH * n else (low, mid)
    return counts(high)


# -- division -------------------------------------------------------------------------
@dataclass
class Division:
    """Row indices of the training, validation and test sets."""

    train: np.ndarray
    val: np.ndarray
    test: np.ndarray
    method: str = "rand"

    def sizes(self) -> tuple[int, int, int]:
        return len(self.train), len(self.val), len(self.test)

    def items(self):
        """``(name, indices)`` for the non-empty sets: train, val, test."""
        return [(k, v) for k, v in (("train", self.train), ("val", self.val), ("test", self.test)) if len(v)]


def parse_ratios(text) -> tuple[float, float, float]:
    """``"0.7,0.15,0.15"`` (or a sequence) → three ratios that sum to 1.

    Examples
    --------
    >>> parse_ratios("0.8, 0.1, 0.1")
    (0.8, 0.1, 0.1)
    >>> parse_ratios("70,15,15")
    Traceback (most recent call last):
    ...
    bpnn.errors.BPNNError: division ratios must sum to 1, got 70,15,15 (sum 100); e.g. 0.7,0.15,0.15
    """
    raw = text if not isinstance(text, str) else text.split(",")
    shown = text if isinstance(text, str) else ",".join(map(str, text))
    try:
        ratios = tuple(float(r) for r in raw)
    except (TypeError, ValueError):
        raise BPNNError.of("err_ratios_numbers", shown=shown) from None
    if len(ratios) != 3 or not all(math.isfinite(r) and r >= 0 for r in ratios):
        raise BPNNError.of("err_ratios_three", shown=shown)
    if abs(sum(ratios) - 1.0) > 1e-6:
        raise BPNNError.of("err_ratios_sum", shown=shown, total=sum(ratios))
    if ratios[0] == 0:
        raise BPNNError.of("err_ratios_train")
    return ratios


def _counts(n: int, ratios) -> tuple[int, int, int]:
    n_val, n_test = round(ratios[1] * n), round(ratios[2] * n)
    return n - n_val - n_test, n_val, n_test


def divide(n: int, ratios=(0.7, 0.15, 0.15), method: str = "rand", seed=None, *,
           indices=None, stratify=None) -> Division:
    """Divide n rows into training, validation and test sets (MATLAB ``divide*``).

    Parameters
    ----------
    n : int
        Number of rows.
    ratios : three floats or str, default (0.7, 0.15, 0.15)
        Train, validation, test fractions, summing to 1.
    method : {"rand", "block", "int", "ind"}
        ``rand``: a random permutation (seeded); ``block``: contiguous blocks in
        row order; ``int``: interleaved (row i goes to the set furthest behind
        its share); ``ind``: the rows given in ``indices``.
    seed : int or numpy.random.Generator, optional
        For ``rand``; the same seed gives the same division.
    indices : (train, val, test) index sequences
        For ``ind``.
    stratify : array-like, shape (n,), optional
        Class labels, for ``rand``: each class is divided in the ratios (to
        within a row), so that a rare class is not left out of the training
        set by chance.  The rows are shuffled, grouped by class, and dealt
        out as ``int`` deals them; the set sizes are those without it.

    Raises
    ------
    BPNNError
        When a set with a non-zero ratio would get no rows, or indices are bad.

    Examples
    --------
    >>> divide(10, method="block").sizes()
    (6, 2, 2)
    >>> divide(6, (0.5, 0.25, 0.25), method="int").val
    array([1, 4])
    >>> d1, d2 = divide(20, seed=3), divide(20, seed=3)
    >>> bool((d1.train == d2.train).all())
    True
    >>> labels = np.array([0] * 16 + [1] * 4)
    >>> d = divide(20, seed=0, stratify=labels)
    >>> [np.bincount(labels[part], minlength=2).tolist() for part in (d.train, d.val, d.test)]
    [[11, 3], [3, 0], [2, 1]]
    """
    method = str(method).strip().lower().removeprefix("divide")
    if method not in DIVIDE_METHODS:
        raise BPNNError.of("err_divide_method", method=method, hint=did_you_mean(method, DIVIDE_METHODS),
                           choices=", ".join(DIVIDE_METHODS))
    if method == "ind":
        return _divide_ind(n, indices)
    ratios = parse_ratios(ratios)
    counts = _counts(n, ratios)
    for name, r, c in zip(("train", "val", "test"), ratios, counts):
        if r > 0 and c < 1 or (name == "train" and c < 2):
            raise BPNNError.of("err_too_few_rows", n=n, a=ratios[0], b=ratios[1], c=ratios[2], left=c,
                               name=_text(f"err_for_{name}"))
    n_train, n_val, _ = counts
    if method == "rand":
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        order = rng.permutation(n)
        if stratify is not None:
            labels = np.unique(np.asarray(stratify).astype(str), return_inverse=True)[1].ravel()
            if len(labels) != n:
                raise BPNNError(f"stratify has {len(labels)} labels for {n} rows; give one label per row")
            order = order[np.argsort(labels[order], kind="stable")]          # shuffled within each class
            which = _interleave(n, counts)
            return Division(*(np.sort(order[which == k]) for k in range(3)), method="rand")
        parts = order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
        return Division(*(np.sort(p) for p in parts), method="rand")
    if method == "block":
        order = np.arange(n)
        return Division(order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:], "block")
    which = _interleave(n, counts)
    return Division(*(np.flatnonzero(which == k) for k in range(3)), method="int")


def _interleave(n: int, counts) -> np.ndarray:
    """The set (0, 1, 2) of each of n rows: each row goes to the set whose count lags its share the most."""
    share = np.asarray(counts, dtype=float) / n
    taken = np.zeros(3)
    which = np.empty(n, dtype=int)
    for i in range(n):
        k = int(np.argmax(share * (i + 1) - taken))
        which[i], taken[k] = k, taken[k] + 1
    return which


def _divide_ind(n: int, indices) -> Division:
    if indices is None or len(indices) != 3:
        raise BPNNError("divide 'ind' needs indices=(train, val, test), three lists of row numbers")
    parts = []
    for name, idx in zip(("train", "val", "test"), indices):
        idx = np.asarray(idx if idx is not None else [], dtype=float).ravel()
        if idx.size and (np.any(idx != np.round(idx)) or idx.min() < 0 or idx.max() >= n):
            raise BPNNError(f"divide 'ind': {name} indices must be whole numbers in 0..{n - 1}")
        parts.append(idx.astype(int))
    allidx = np.concatenate(parts)
    if len(np.unique(allidx)) != len(allidx):
        raise BPNNError("divide 'ind': a row is listed in more than one set (or twice); list each row once")
    if len(parts[0]) < 2:
        raise BPNNError("divide 'ind': the training set needs at least 2 rows")
    return Division(*parts, method="ind")


# -- reading tables -----------------------------------------------------------------------
DECIMALS = (".", ",")
SEPARATORS = (",", ";", "\t", "|")
SNIFF_BYTES = 1 << 16            # the start of a CSV file that decides its separator and decimal mark
COMMA_NUMBER = r"[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?"      # 7,7396  -0,5  1,5e3
POINT_NUMBER = r"[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?"    # 7.7396


def read_table(path, *, sheet=None, decimal=None):
    """Read a CSV (any common delimiter, UTF-8 or GB18030) or Excel file into a DataFrame.

    CSV files go through pandas' C parser.  The separator (``,`` ``;`` tab
    ``|``) is found from the first lines; the decimal mark too: a file
    separated by ``;`` (or tabs) whose number cells have decimal commas
    (``7,7396``, as European and Chinese Excel write them) is read with
    ``decimal=","``.  What was found is kept in ``df.attrs``: ``"sep"``,
    ``"decimal"`` and ``"encoding"`` (``utf-8``, ``utf-8-sig`` with a
    byte-order mark, or ``gb18030``), so that output can be written alike.

    Excel needs the ``xlsx`` extra (``pip install ".[xlsx]"`` from a clone, or ``pip install openpyxl``).

    Parameters
    ----------
    path : str or Path
    sheet : str or int, optional
        Excel sheet (default: the first).
    decimal : {".", ","}, optional
        The decimal mark of a CSV file; default: found from the file.

    Raises
    ------
    BPNNError
        Missing or empty file, unreadable content, missing Excel support, a
        decimal mark that cannot be told (both ``7,5`` and ``7.5`` cells).
    """
    import pandas as pd

    path = Path(path)
    if decimal is not None and decimal not in DECIMALS:
        raise BPNNError.of("err_decimal_mark", decimal=decimal)
    if not path.exists():
        raise BPNNError.of("err_not_found", what=_text("noun data file"), path=path, cwd=Path.cwd())
    if path.is_dir():
        raise BPNNError.of("err_data_folder", path=path)
    check_input(path, "data file", nul_check=path.suffix.lower() not in EXCEL_SUFFIXES)   # no FIFO, device, NULs
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            try:
                if path.suffix.lower() in (".xlsx", ".xlsm"):
                    import openpyxl  # noqa: F401  (the xlsx extra)
                df = pd.read_excel(path, sheet_name=0 if sheet is None else sheet)
            except ImportError as exc:
                raise BPNNError.of("err_excel_package", path=path, why=exc) from None
            except (ValueError, KeyError) as exc:
                raise BPNNError.of("err_excel_read", path=path, why=exc) from None
        else:
            df = _read_csv(path, decimal)
    except pd.errors.EmptyDataError:
        raise BPNNError.of("err_data_empty", path=path) from None
    except pd.errors.ParserError as exc:
        detail = str(exc).strip().removeprefix("Error tokenizing data. C error: ")
        raise BPNNError.of("err_csv_parse", path=path, detail=detail) from None
    except OSError as exc:
        raise BPNNError.of("err_read_failed", path=path, why=exc.strerror or exc) from None
    if df.shape[0] == 0:
        raise BPNNError.of("err_data_no_rows", path=path)
    df.columns = [str(c).strip() for c in df.columns]
    dup = _duplicate_names(path, df, sheet)
    if dup:
        raise BPNNError.of("err_duplicate_columns", path=path, names=dup)
    return df


def _duplicate_names(path: Path, df, sheet=None) -> list:
    """Column names that occur more than once in the file's header, after stripping spaces.

    pandas renames a repeated ``a`` to ``a.1``, so the header line is read again as a plain row.
    """
    import pandas as pd

    names = list(df.columns)
    if any(str(c).rsplit(".", 1)[-1].isdigit() for c in names):       # maybe renamed by pandas
        try:
            if path.suffix.lower() in EXCEL_SUFFIXES:
                raw = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, header=None, nrows=1)
            else:
                try:
                    raw = pd.read_csv(path, sep=None, engine="python", header=None, encoding="utf-8-sig",
                                      dtype=str, skipinitialspace=True, nrows=1)
                except UnicodeDecodeError:
                    raw = pd.read_csv(path, sep=None, engine="python", header=None, encoding="gb18030",
                                      dtype=str, skipinitialspace=True, nrows=1)
            if raw.shape[1] == len(names):
                names = [str(c).strip() for c in raw.iloc[0]]
        except Exception:  # noqa: BLE001  the table was read already; without the raw header, check what pandas gave
            pass
    return [c for c in dict.fromkeys(names) if names.count(c) > 1]


def sniff_csv(path: Path):
    """The encodings a CSV file may be in (UTF-8 first, then GB18030), each with the separator its
    first lines use: yields ``(encoding, sep)``; the caller reads with the first that decodes.
    An empty file raises pandas' EmptyDataError."""
    import pandas as pd

    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise pd.errors.EmptyDataError("no columns")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            yield encoding, _sniff_separator(_decode_head(head, encoding))
        except UnicodeDecodeError:
            continue


def _read_csv(path: Path, decimal: str | None):
    """A CSV file through pandas' C parser: encoding, separator and decimal mark found first."""
    import pandas as pd

    for encoding, sep in sniff_csv(path):
        try:
            options = dict(sep=sep, encoding=encoding, skipinitialspace=True, engine="c")
            df = pd.read_csv(path, decimal=decimal or ".", **options)
            if decimal is None and _decimal_commas(df, path, sep):
                df = pd.read_csv(path, decimal=",", **options)
                decimal = ","
        except UnicodeDecodeError:
            continue
        df.attrs["decimal"], df.attrs["sep"] = decimal or ".", sep
        with open(path, "rb") as fh:
            bom = fh.read(3) == b"\xef\xbb\xbf"
        df.attrs["encoding"] = ("utf-8-sig" if bom else "utf-8") if encoding == "utf-8-sig" else encoding
        return df
    raise BPNNError.of("err_decode", path=path)


def table_bytes(text: str, source_encoding: str | None = None, encoding: str | None = None,
                where: str = "output") -> bytes:
    r"""CSV text as bytes for a file that Excel opens correctly.

    ``encoding`` if given; else the input's (``source_encoding``, as
    :func:`read_table` found it): GB18030 stays GB18030 (a GBK file's text has
    the same bytes), UTF-8 with a byte-order mark keeps it; otherwise UTF-8,
    with a byte-order mark when the text is not plain ASCII (Excel reads a
    CSV without one in the system's code page, which garbles Chinese headers).

    Examples
    --------
    >>> table_bytes("温度\n1\n", "gb18030") == "温度\n1\n".encode("gb18030")
    True
    >>> table_bytes("x\n1\n"), table_bytes("温度\n", "utf-8")[:3]
    (b'x\n1\n', b'\xef\xbb\xbf')
    """
    import codecs

    if encoding is None:
        encoding = source_encoding if source_encoding in ("gb18030", "utf-8-sig") else (
            "utf-8" if text.isascii() else "utf-8-sig")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise BPNNError.of("err_encoding", encoding=encoding) from None
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise BPNNError.of("err_encode", where=where, encoding=encoding, chars=text[exc.start:exc.end]) from None


def _decode_head(head: bytes, encoding: str) -> str:
    """The complete lines of the file's first bytes as text (a cut character at the end is dropped)."""
    if len(head) == SNIFF_BYTES and b"\n" in head:
        head = head[:head.rindex(b"\n")]
    return head.decode(encoding)


def _sniff_separator(sample: str) -> str:
    """The separator that splits every line of the sample into the same number (> 1) of fields.

    When several do (or none), the one giving the most fields wins, ``,`` first among equals;
    a single column is read with ``,``.
    """
    import csv
    import io

    lines = [line for line in sample.splitlines() if line.strip()][:50]
    best, best_width = ",", 1
    for sep in SEPARATORS:
        try:
            widths = {len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=sep)}
        except csv.Error:
            continue
        if len(widths) == 1 and (width := widths.pop()) > best_width:
            best, best_width = sep, width
    return best


def _decimal_commas(df, path, sep: str) -> bool:
    """Whether a file read with decimal points has decimal commas instead (``7,7396``).

    True when some text column holds only numbers with decimal commas and no
    column holds numbers with decimal points; both kinds: refused, as neither
    reading is safe.
    """
    import pandas as pd

    if sep == ",":
        return False
    comma = point = None
    for name in df.columns:
        col = df[name]
        if pd.api.types.is_float_dtype(col):
            values = col.to_numpy()
            values = values[np.isfinite(values)]
            if point is None and np.any(values != np.round(values)):
                point = (name, f"{values[values != np.round(values)][0]:g}")
            continue
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            continue
        cells = col.dropna().astype(str).str.strip()
        cells = cells[cells != ""]
        commas = cells.str.fullmatch(COMMA_NUMBER)
        if comma is None and commas.any() and (commas | cells.str.fullmatch(r"[+-]?\d+")).all():
            comma = (name, cells[commas].iloc[0])
        if point is None and len(cells) and cells.str.fullmatch(POINT_NUMBER).any():
            point = (name, cells[cells.str.fullmatch(POINT_NUMBER)].iloc[0])
    if comma and point:
        raise BPNNError.of("err_decimal_mixed", path=path, comma=comma[0], comma_cell=comma[1], point=point[0],
                           point_cell=point[1])
    return comma is not None


def _line(i: int) -> str:
    """Where data row i (0-based) is in a file with one header line."""
    return _text("row_line", row=i + 1, line=i + 2)


def numeric_column(series, column: str, source: str, decimal: str = ".") -> np.ndarray:
    """A column as floats; text anywhere is refused with its row and column.

    With ``decimal=","`` (a file read with decimal commas), cells with a decimal
    point are refused too: ``1.234`` may be a thousands separator there.
    """
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=float)
    cells = series.astype(str).str.strip()
    if decimal == ",":       # pandas leaves a whole column as text when one cell is not a number
        values = pd.to_numeric(cells.str.replace(",", ".", regex=False).where(
            cells.str.fullmatch(COMMA_NUMBER), cells.where(~cells.str.fullmatch(POINT_NUMBER), "")), errors="coerce")
    else:
        values = pd.to_numeric(series, errors="coerce")
    text = values.isna() & series.notna() & (cells != "")
    if text.any():
        i = int(np.flatnonzero(text.to_numpy())[0])
        raise BPNNError.of("err_not_a_number", source=source, column=column, where=_line(i), cell=series.iloc[i],
                           count=int(text.sum()), hint=_decimal_hint(series.iloc[i]))
    return values.to_numpy(dtype=float)


def _decimal_hint(cell) -> str:
    """Why a number-like cell is not a number: its decimal mark is not the file's."""
    import re

    text = str(cell).strip()
    if re.fullmatch(COMMA_NUMBER, text):
        return _text("hint_decimal_comma")
    if re.fullmatch(POINT_NUMBER, text):
        return _text("hint_decimal_point")
    return ""


@dataclass
class TableData:
    """Arrays taken from a table, with what was done to get them."""

    X: np.ndarray
    y: np.ndarray | None
    features: list
    target: str | None
    task: str | None
    rows: np.ndarray              # which table rows (0-based) were kept
    notes: list = field(default_factory=list)
    categories: dict = field(default_factory=dict)    # text column -> its categories (one-hot inputs)


def _check_columns(wanted, columns, source: str, what: str) -> None:
    missing = [c for c in wanted if c not in columns]
    if missing:
        folded = {c.casefold(): c for c in columns}
        first = missing[0]
        hint = (_text("did_you_mean", name=folded[first.casefold()]) if first.casefold() in folded
                else did_you_mean(first, columns))
        raise BPNNError.of(f"err_{what}_columns_missing", source=source, s="s" if len(missing) > 1 else "",
                           names=", ".join(map(repr, missing)), hint=hint, columns=", ".join(columns))


def _bad_rows(M: np.ndarray, names, source: str, drop: bool, notes: list) -> np.ndarray:
    """Rows without NaN/inf; refuse them (saying where) unless ``drop``."""
    bad = ~np.isfinite(M)
    rows = bad.any(axis=1)
    if not rows.any():
        return np.ones(len(M), dtype=bool)
    i, j = np.argwhere(bad)[0]
    kind = _text("cell_nan" if np.isnan(M[i, j]) else "cell_inf")
    if not drop:
        raise BPNNError.of("err_bad_cells", source=source, column=names[j], where=_line(i), kind=kind,
                           count=int(rows.sum()))
    notes.append(_text("note_dropped_bad", count=int(rows.sum()), where=_line(i), column=names[j]))
    return ~rows


MAX_CATEGORIES = 100           # distinct values a text input column may have (one network input each)


def one_hot_names(column: str, categories) -> list[str]:
    """The network inputs of a one-hot encoded text column: ``column=value`` each."""
    return [f"{column}={value}" for value in categories]


def _text_cells(series):
    """The non-empty cells of a column as stripped text (index kept)."""
    cells = series[series.notna()].astype(str).str.strip()
    return cells[cells != ""]


def is_text_column(series) -> bool:
    """A text (categorical) column: more than half of its non-empty cells are not numbers.

    Cells that are numbers with a decimal comma count as numbers (the file's
    decimal mark is then what is wrong, and the message says so); a column
    of numbers with a few typos stays numeric, so the typos are reported.
    """
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return False
    cells = _text_cells(series)
    numbers = pd.to_numeric(cells, errors="coerce").notna() | cells.str.fullmatch(COMMA_NUMBER)
    return len(cells) > 0 and int((~numbers).sum()) * 2 > len(cells)


def text_categories(series, column: str, source: str) -> list[str]:
    """The sorted distinct values of a text input column, refused above :data:`MAX_CATEGORIES`."""
    values = sorted(set(_text_cells(series).tolist()))
    if len(values) > MAX_CATEGORIES:
        shown = ", ".join(repr(v) for v in values[:3])
        raise BPNNError.of("err_too_many_categories", source=source, column=column, count=len(values),
                           shown=shown, most=MAX_CATEGORIES)
    return values


def one_hot_column(series, column: str, categories, source: str, drop: bool, notes: list):
    """A text column as one-hot inputs (n × k), and the rows whose value is not a known category.

    Empty cells give NaN rows (refused or dropped like empty numbers).  A value
    not among ``categories`` (not seen in training) is refused, saying where,
    unless ``drop``: then its row is left out with a note.
    """
    cells = series.astype(str).str.strip().to_numpy(dtype=object)
    empty = (series.isna() | (cells == "")).to_numpy() if len(cells) else np.zeros(0, bool)
    index = {value: k for k, value in enumerate(categories)}
    codes = np.array([index.get(v, -1) for v in cells], dtype=int)
    unseen = (codes < 0) & ~empty
    block = np.zeros((len(cells), len(categories)))
    block[np.flatnonzero(codes >= 0), codes[codes >= 0]] = 1.0
    block[empty] = np.nan
    if unseen.any():
        i = int(np.flatnonzero(unseen)[0])
        known = ", ".join(repr(c) for c in list(categories)[:12]) + (" ..." if len(categories) > 12 else "")
        if not drop:
            raise BPNNError.of("err_unseen_category", source=source, column=column, where=_line(i), cell=cells[i],
                               count=int(unseen.sum()), known=known)
        notes.append(_text("note_dropped_unseen", count=int(unseen.sum()), column=column, where=_line(i),
                           cell=cells[i]))
    return block, unseen


def _label(value, numeric: bool):
    """A class label as a plain value: 3.0 → 3 for numbers, stripped text for strings."""
    if numeric:
        return int(value) if float(value).is_integer() else float(value)
    return value.strip() if isinstance(value, str) else _plain(value)


def infer_task(y, numeric: bool) -> str:
    """``classification`` for text labels or few integer values, else ``regression``.

    Examples
    --------
    >>> infer_task(np.array([0.5, 1.25, 3.0]), True)
    'regression'
    >>> infer_task(np.array(["a", "b", "a"], dtype=object), False)
    'classification'
    >>> infer_task(np.repeat([0.0, 1.0, 2.0], 10), True)
    'classification'
    """
    if not numeric:
        return "classification"
    y = np.asarray(y, dtype=float)
    y = y[np.isfinite(y)]
    levels = np.unique(y)
    if np.all(y == np.round(y)) and len(levels) <= min(20, max(2, len(y) // 5)):
        return "classification"
    return "regression"


def table_arrays(df, target: str | None, features=None, *, task: str = "auto", source: str = "data",
                 drop_bad: bool = False, categories: dict | None = None) -> TableData:
    """Inputs and target from a table, with checks that say file, row and column.

    Parameters
    ----------
    df : pandas.DataFrame
    target : str or None
        Target column (None: inputs only, as for prediction).
    features : list of str, optional
        Input columns; default all columns except the target.
    task : {"auto", "regression", "classification"}
    source : str
        The file name, for messages.
    drop_bad : bool
        Leave out rows with empty/NaN/inf cells (with a note) instead of refusing them.
    categories : dict, optional
        Text input columns and their categories, as a trained model has them
        (``Preprocessing.categories``): these columns are one-hot encoded with
        exactly these categories, and the others are numbers.  Default (None):
        text columns (:func:`is_text_column`) are found and their categories
        learned, at most :data:`MAX_CATEGORIES` each.  ``data.features`` then
        names the one-hot inputs ``column=value``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1, 2, 3, 4], "y": [0.5, 1.5, 2.5, 3.75]})
    >>> data = table_arrays(df, "y")
    >>> data.X.shape, data.task, data.features
    ((4, 1), 'regression', ['x'])
    >>> table_arrays(df, "Y")
    Traceback (most recent call last):
    ...
    bpnn.errors.BPNNError: data: target column 'Y' not found (did you mean 'y'?); the columns are: x, y
    """
    import pandas as pd

    columns = list(df.columns)
    if task not in ("auto", "regression", "classification"):
        raise BPNNError.of("err_task", task=task)
    if target is not None:
        _check_columns([target], columns, source, "target")
    if features is None:
        features = [c for c in columns if c != target]
    else:
        features = [str(f).strip() for f in features]
        _check_columns(features, columns, source, "input")
        if target in features:
            raise BPNNError.of("err_target_is_input", target=target)
    if not features:
        raise BPNNError.of("err_no_inputs", source=source, target=target)
    notes: list = []
    X, names, owners, found, unseen = _input_blocks(df, features, source, drop_bad, notes, categories)
    keep = _bad_rows(X, owners, source, drop_bad, notes) & ~unseen
    y = None
    if target is not None:
        col = df[target]
        numeric = pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
        if task == "auto":
            task = infer_task(col.to_numpy(), numeric)
            kind = _text("holds_text") if not numeric else (
                _text("holds_integers", count=col.nunique()) if task == "classification" else _text("holds_numbers"))
            other = "regression" if task == "classification" else "classification"
            notes.append(_text("note_task", task=task, target=target, kind=kind, other=other))
        if task == "regression":
            y = numeric_column(col, target, source, df.attrs.get("decimal", "."))
            keep &= _bad_rows(y.reshape(-1, 1), [target], source, drop_bad, notes)
        else:
            missing = col.isna().to_numpy()
            if missing.any():
                i = int(np.flatnonzero(missing)[0])
                if not drop_bad:
                    raise BPNNError.of("err_no_label", source=source, target=target, where=_line(i))
                notes.append(_text("note_dropped_unlabelled", count=int(missing.sum()), where=_line(i)))
                keep &= ~missing
            y = np.asarray([None if m else _label(v, numeric) for v, m in zip(col.to_numpy(), missing)],
                           dtype=object)
            classes = set(y[keep].tolist())
            if len(classes) < 2:
                only = next(iter(classes)) if classes else None
                raise BPNNError.of("err_single_class", source=source, target=target, only=only)
        y = y[keep]
    rows = np.flatnonzero(keep)
    if len(rows) == 0:
        raise BPNNError.of("err_no_rows_left", source=source)
    return TableData(X[keep], y, names, target, None if target is None else task, rows, notes, found)


def _input_blocks(df, features, source: str, drop_bad: bool, notes: list, categories: dict | None):
    """The input matrix of a table: numbers as they are, text columns one-hot.

    Returns the matrix, the name of each of its columns, the table column each
    comes from, the categories of the text columns, and the rows with unseen
    categories.
    """
    decimal = df.attrs.get("decimal", ".")
    blocks, names, owners, found = [], [], [], {}
    unseen = np.zeros(len(df), dtype=bool)
    for c in features:
        col = df[c]
        known = categories.get(c) if categories is not None else (
            text_categories(col, c, source) if is_text_column(col) else None)
        if known is None:
            blocks.append(numeric_column(col, c, source, decimal).reshape(-1, 1))
            names.append(c)
            owners.append(c)
            continue
        block, missing = one_hot_column(col, c, known, source, drop_bad, notes)
        if categories is None:
            notes.append(f"column {c!r} is text: one-hot encoded as {len(known)} input(s) "
                         f"({', '.join(map(str, known[:8]))}{' ...' if len(known) > 8 else ''})")
        blocks.append(block)
        names += one_hot_names(c, known)
        owners += [c] * len(known)
        found[c] = list(known)
        unseen |= missing
    return np.hstack(blocks), names, owners, found, unseen
