"""The training record (MATLAB's ``tr``) and the live view of it that a callback sees."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np


@dataclass
class TrainingRecord:
    """What happened during training (MATLAB's ``tr``).

    Per-epoch lists have one entry per epoch 0…``epochs`` (empty when not
    applicable, e.g. ``val_loss`` without a validation set).

    Attributes
    ----------
    loss, val_loss, test_loss : list of float
        Training / validation / test loss after k epochs: the loss on the
        data, E, without the weight-decay penalty.
    grad_norm : list of float
        ‖∂F/∂θ‖ at epoch k, the gradient the algorithm follows (F = E, or
        E + (λ/2)·Σw² with weight decay; minibatch training: norm of the
        epoch's mean batch gradient, NaN at epoch 0).
    lr, mu : list of float
        Learning rate (first-order algorithms) or Levenberg–Marquardt's μ.
    gamma : list of float
        Effective number of parameters (Bayesian regularisation).
    val_fail : list of int
        Epochs in a row without a better validation loss.
    time : list of float
        Seconds since the start when epoch k was measured.
    stop_reason : str
        Which rule ended training, e.g. ``"epochs: reached the maximum of 5000 epochs"``.
    best_epoch : int
        Epoch of the lowest validation loss (training loss without validation).
    final_loss : float
        Training loss of the weights the network holds after training.
    restarts : list of dict
        One summary per restart (initial network) when ``restarts > 1``.
    weight_decay : float
        λ of the run (0: none).
    input_noise : float
        σ of the inputs' jitter at each step (0: none; ``train(..., input_noise=)``).
    engine, engine_reason : str
        The engine that computed E and ∂E/∂θ (``"compiled"``, ``"buffered"``,
        ``"wide"``, ``"reference"``) and the selector's one-line reason
        (:func:`bpnn.engines.select.select`).
    data_parallel : dict
        Empty for one product over all rows; for full-batch sums over blocks
        of rows (``train(..., executor=client)`` or ``block_rows=``):
        ``blocks``, ``block_rows`` (or ``rows``, each block's, when they
        differ), ``workers`` (0: this process) and ``scheduler``.
    """

    algorithm: str
    loss_name: str
    batch_size: int | None = None
    loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    grad_norm: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    mu: list = field(default_factory=list)
    gamma: list = field(default_factory=list)
    val_fail: list = field(default_factory=list)
    time: list = field(default_factory=list)
    stop_reason: str = ""
    best_epoch: int = 0
    final_loss: float = math.nan
    restarts: list = field(default_factory=list)
    chosen_restart: int = 0
    weight_decay: float = 0.0
    input_noise: float = 0.0
    engine: str = ""
    engine_reason: str = ""
    data_parallel: dict = field(default_factory=dict)

    @property
    def epochs(self) -> int:
        """Number of epochs run."""
        return max(len(self.loss) - 1, 0)

    @property
    def elapsed(self) -> float:
        """Wall time of the whole run, in seconds."""
        return self.time[-1] if self.time else 0.0

    def spread(self) -> dict:
        """Best / median / worst final loss over the restarts (validation loss if used)."""
        if not self.restarts:
            return {}
        key = "best_val_loss" if self.val_loss else "final_loss"
        values = np.array([r[key] for r in self.restarts], dtype=float)
        return {"criterion": key, "best": float(np.nanmin(values)), "median": float(np.nanmedian(values)),
                "worst": float(np.nanmax(values))}

    def to_dict(self) -> dict:
        return asdict(self)


def _column(rows: list, k: int) -> list:
    """Network k's values from per-epoch entries that are floats or arrays of shape (K,) / (K, 1)."""
    if rows and type(rows[0]) is float and type(rows[-1]) is float:    # one network's floats (compiled chunks)
        return list(rows)
    try:
        values = np.asarray(rows, dtype=float)
    except ValueError:                                   # floats mixed with per-network arrays
        values = np.array([np.reshape(v, -1)[k if np.size(v) > 1 else 0] for v in rows], dtype=float)
    if values.ndim > 1:
        values = values.reshape(len(rows), -1)
        values = values[:, k if values.shape[1] > 1 else 0]
    return values.tolist()


def _fill_record(record: TrainingRecord, history: dict, k: int, last: int) -> None:
    """Copy network k's per-epoch history (epochs 0…last) into the record."""
    for key, rows in history.items():
        if rows:
            values = _column(rows[: last + 1], k)
            setattr(record, key, [int(v) for v in values] if key == "val_fail" else values)


class _Column:
    """A read-only list view of one network's values in the per-epoch history."""

    def __init__(self, rows: list, k: int | None, cast=float) -> None:
        self._rows, self._k, self._cast = rows, k, cast

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        row = self._rows[i]
        if self._k is None or np.size(row) == 1:
            return self._cast(np.reshape(row, -1)[0]) if np.ndim(row) else self._cast(row)
        return self._cast(np.reshape(row, -1)[self._k].item())


class LiveRecord:
    """The training record so far, as a callback sees it (no copying per epoch).

    Has the per-epoch attributes of :class:`TrainingRecord` (``loss``,
    ``val_loss``, ``mu``, ``val_fail``, ...) as read-only lists, plus
    ``best_epoch``, ``algorithm``, ``loss_name``, and ``engine`` and ``engine_reason`` (which engine
    computes the epochs, and why).
    """

    def __init__(self, record: TrainingRecord, history: dict, best_epoch: np.ndarray, k: int = 0) -> None:
        self.algorithm, self.loss_name, self.batch_size = record.algorithm, record.loss_name, record.batch_size
        self.engine, self.engine_reason = record.engine, record.engine_reason
        self._best_epoch, self._k = best_epoch, k
        for key, rows in history.items():
            setattr(self, key, _Column(rows, None if key == "time" else k, int if key == "val_fail" else float))

    @property
    def best_epoch(self) -> int:
        """The best epoch so far (validation loss, else training loss)."""
        return int(self._best_epoch[self._k])

    @property
    def epochs(self) -> int:
        return max(len(self.loss) - 1, 0)
