"""Input checks shared by the engine, the training loop and the CLI.

Each check raises :class:`~bpnn.errors.BPNNError` with what was wrong, where
(the argument, and the row and column of the first bad value) and what to do.
"""

from __future__ import annotations

import numpy as np

from .errors import BPNNError


def as_matrix(data, name: str, dtype=np.float64, columns: int | None = None) -> np.ndarray:
    """Return ``data`` as a finite 2-D float array (rows = samples).

    A 1-D array becomes one column.  Refuses empty data, more than two
    dimensions, non-numeric values, NaN and ±inf, and a wrong column count.

    Examples
    --------
    >>> as_matrix([1, 2, 3], "y").shape
    (3, 1)
    >>> as_matrix([[1.0, float("nan")]], "X")
    Traceback (most recent call last):
    ...
    bpnn.errors.BPNNError: X contains NaN at row 0, column 1 (1 NaN/inf value in all); remove or impute those rows before training
    """
    try:
        arr = np.asarray(data, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise BPNNError(f"{name} must be numeric ({exc}); convert text columns or labels first") from None
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise BPNNError(f"{name} must be a 2-D array (rows = samples), got shape {arr.shape}; reshape it")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise BPNNError(f"{name} is empty (shape {arr.shape}); pass at least one row and one column")
    if not _all_finite(arr):
        bad = ~np.isfinite(arr)
        r, c = np.argwhere(bad)[0]
        kind = "NaN" if np.isnan(arr[r, c]) else "inf"
        count = int(bad.sum())
        raise BPNNError(
            f"{name} contains {kind} at row {r}, column {c} ({count} NaN/inf "
            f"value{'s' if count > 1 else ''} in all); remove or impute those rows before training"
        )
    if columns is not None and arr.shape[1] != columns:
        raise BPNNError(
            f"{name} has {arr.shape[1]} column{'s' if arr.shape[1] != 1 else ''} but the network "
            f"expects {columns}; pass data with {columns} column{'s' if columns != 1 else ''}"
        )
    return arr


def _all_finite(arr: np.ndarray, block_bytes: int = 4 * 1024 ** 2) -> bool:
    """Whether every value is finite, checked in blocks of rows (a cache-sized temporary, not a data-sized one)."""
    rows = max(1, block_bytes // max(1, arr.shape[1] * arr.itemsize))
    return all(np.isfinite(arr[start:start + rows]).all() for start in range(0, arr.shape[0], rows))


def check_pair(X: np.ndarray, T: np.ndarray) -> None:
    """Refuse inputs and targets with different numbers of rows."""
    if X.shape[0] != T.shape[0]:
        raise BPNNError(
            f"X has {X.shape[0]} rows but T has {T.shape[0]}; inputs and targets need one row per sample"
        )


def positive(value, name: str, *, integer: bool = False, allow_zero: bool = False):
    """Check a numeric option is positive (or non-negative) and return it."""
    ok_type = isinstance(value, (int, np.integer)) if integer else isinstance(value, (int, float, np.number))
    if isinstance(value, bool) or not ok_type or not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        need = "a non-negative" if allow_zero else "a positive"
        raise BPNNError(f"{name} must be {need} {'integer' if integer else 'number'}, got {value!r}")
    return value
