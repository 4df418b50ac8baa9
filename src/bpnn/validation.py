"""Input checks shared by the engine, the training loop and the CLI.

Each check raises :class:`~bpnn.errors.BPNNError` with what was wrong, where
(the argument, and the row and column of the first bad value) and what to do.
"""

from __future__ import annotations

import numpy as np

from .errors import BPNNError
from .messages import text


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
        raise BPNNError.of("err_not_numeric", name=name, why=exc) from None
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise BPNNError.of("err_not_2d", name=name, shape=arr.shape)
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise BPNNError.of("err_empty_array", name=name, shape=arr.shape)
    if not _all_finite(arr):
        bad = ~np.isfinite(arr)
        r, c = np.argwhere(bad)[0]
        kind = "NaN" if np.isnan(arr[r, c]) else "inf"
        count = int(bad.sum())
        raise BPNNError.of("err_array_nonfinite", name=name, kind=kind, row=r, column=c, count=count,
                           s="s" if count > 1 else "")
    if columns is not None and arr.shape[1] != columns:
        raise BPNNError.of("err_array_columns", name=name, got=arr.shape[1], s1="s" if arr.shape[1] != 1 else "",
                           columns=columns, s2="s" if columns != 1 else "")
    return arr


def _all_finite(arr: np.ndarray, block_bytes: int = 4 * 1024 ** 2) -> bool:
    """Whether every value is finite, checked in blocks of rows (a cache-sized temporary, not a data-sized one)."""
    rows = max(1, block_bytes // max(1, arr.shape[1] * arr.itemsize))
    return all(np.isfinite(arr[start:start + rows]).all() for start in range(0, arr.shape[0], rows))


def check_pair(X: np.ndarray, T: np.ndarray) -> None:
    """Refuse inputs and targets with different numbers of rows."""
    if X.shape[0] != T.shape[0]:
        raise BPNNError.of("err_rows_differ", x=X.shape[0], t=T.shape[0])


def positive(value, name: str, *, integer: bool = False, allow_zero: bool = False):
    """Check a numeric option is positive (or non-negative) and return it."""
    ok_type = isinstance(value, (int, np.integer)) if integer else isinstance(value, (int, float, np.number))
    finite = ok_type and (isinstance(value, (int, np.integer)) or np.isfinite(value))    # 10**30 is an int too
    if isinstance(value, bool) or not finite or value < 0 or (value == 0 and not allow_zero):
        key = ("err_nonnegative_" if allow_zero else "err_positive_") + ("integer" if integer else "number")
        raise BPNNError.of(key, name=name, value=value)
    return value


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation, or ``None`` if unknown: Linux ``MemAvailable``,
    and no more than what an address-space limit (``ulimit -v``) leaves this process."""
    import os

    free = None
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    free = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        try:
            free = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):
            pass                                         # not known here: free stays None (no check)
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        if limit != resource.RLIM_INFINITY:
            with open("/proc/self/statm") as fh:
                used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            free = max(0, limit - used) if free is None else min(free, max(0, limit - used))
    except (ImportError, OSError, ValueError, IndexError):
        pass                                             # no address-space limit to read: free as above
    return free


def check_second_order(algorithm: str, n_rows: int, n_outputs: int, n_params: int, networks: int = 1) -> None:
    """Refuse lm/br when the Jacobian *and* the p × p matrices of its step exceed the Jacobian limit
    (``bpnn.training.objective.JACOBIAN_LIMIT_BYTES``): a wide network on few rows has a small J but a huge JᵀJ."""
    if algorithm.lower().removeprefix("train") not in ("lm", "br"):
        return
    from .training.objective import JACOBIAN_LIMIT_BYTES

    need = 8 * networks * (n_rows * n_outputs * (n_params + 1) + 3 * n_params * n_params)
    if need > JACOBIAN_LIMIT_BYTES:
        raise BPNNError.of("err_jacobian_too_big", algorithm=algorithm, rows=n_rows * n_outputs, p=n_params,
                           times=text("err_times_networks", k=networks) if networks > 1 else "", need=_gib(need),
                           limit=JACOBIAN_LIMIT_BYTES / 2 ** 30)


def _gib(n: float) -> str:
    return f"{n / 2 ** 30:.1f} GiB" if n >= 2 ** 28 else f"{n / 2 ** 20:.0f} MiB"


def training_bytes(algorithm: str, n_rows: int, n_outputs: int, sizes, *, ensemble: int = 1,
                   itemsize: int = 8) -> tuple[int, str]:
    """An estimate of the memory training takes, and what dominates it.

    Counts the kept networks, about ten weight-sized vectors per network (θ, the gradient,
    the optimizer's state), four activation-sized matrices per layer (z, a, δ and a buffer),
    and, for lm/br, the n·m × p Jacobian with three p × p matrices (JᵀJ, its damped copy and
    the factor); for bfgs one p × p inverse Hessian and a copy.

    Examples
    --------
    >>> need, what = training_bytes("lm", 42, 1, [3, 2500, 1])
    >>> round(need / 2 ** 30, 1), what
    (3.5, 'a 12501×12501 matrix (JᵀJ) of lm')
    """
    sizes = [int(s) for s in sizes]
    p = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    need = itemsize * (p * (ensemble + 10) + 4 * n_rows * sum(sizes[1:]))
    what = f"a network of {p} weights ({'-'.join(map(str, sizes))}) on {n_rows} rows"
    algo = algorithm.lower().removeprefix("train")
    if algo in ("lm", "br"):
        need += itemsize * (n_rows * n_outputs * p + 3 * p * p)
        what = f"a {p}×{p} matrix (JᵀJ) of {algo}" if p >= n_rows * n_outputs else \
            f"a {n_rows * n_outputs}×{p} Jacobian of {algo}"
    elif algo in ("bfg", "bfgs"):
        need += itemsize * 2 * p * p
        what = f"a {p}×{p} inverse Hessian of bfgs"
    return need, what


def check_memory(need: int, what: str, hint: str = "use a smaller network or less data") -> None:
    """Refuse, before allocating, work that needs more memory than is available.

    Examples
    --------
    >>> try:
    ...     check_memory(10 ** 18, "a 10⁹×10⁹ matrix")
    ... except BPNNError as exc:
    ...     print(str(exc).split(" of memory")[0])
    a 10⁹×10⁹ matrix needs about 931322574.6 GiB
    """
    free = available_memory()
    if free is not None and need > free:
        raise BPNNError.of("err_memory", what=what, need=_gib(need), free=_gib(free), hint=hint)


def check_label_types(y, name: str = "y") -> None:
    """Refuse class labels that mix text with numbers (``["a", 1]``), which NumPy would silently
    turn into the strings ``"a"`` and ``"1"``.

    Examples
    --------
    >>> check_label_types(["cat", "dog"]); check_label_types([0, 1, 2.0])
    >>> check_label_types(["cat", 1])
    Traceback (most recent call last):
    ...
    bpnn.errors.BPNNError: y mixes label types (str: 'cat'; int: 1); make every label the same type, e.g. all strings
    """
    if isinstance(y, np.ndarray) and y.dtype != object:
        return
    try:
        values = list(np.ravel(np.asarray(y, dtype=object)))
    except (TypeError, ValueError):
        return
    kinds: dict[str, object] = {}
    for v in values:
        kind = "str" if isinstance(v, (str, np.str_, bytes)) else \
            "bool" if isinstance(v, (bool, np.bool_)) else \
            "number" if isinstance(v, (int, float, np.number)) else type(v).__name__
        kinds.setdefault(kind, v)
    if len(kinds) > 1:
        shown = "; ".join(f"{type(v).__name__}: {v!r}" for v in kinds.values())
        raise BPNNError.of("err_label_types", name=name, shown=shown)
