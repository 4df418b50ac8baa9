"""Training on data larger than memory: minibatches streamed from disk.

A :class:`BatchSource` yields (X, T) minibatches; only one batch (plus the
network) is in memory at a time.  Sources:

* :class:`ArraySource` — arrays already in memory (or ``numpy.memmap``);
* :class:`NpySource` — ``.npy`` files read block by block (seek + read), so
  memory stays bounded by the batch size;
* :class:`CsvSource` — a CSV file read in chunks with pandas.

:func:`train_stream` runs a first-order algorithm (gd, gdm, rprop, adam) for
some epochs over a source.  The loss it records for an epoch is the mean of
the batch losses seen during that epoch (the network changes along the
epoch; a full pass to measure it exactly would double the disk reads).
Levenberg–Marquardt and the other full-batch algorithms need all rows at
once and are refused here.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from ..core.backprop import loss_and_grad
from ..errors import BPNNError
from ..core.losses import get_loss
from ..core.network import Network
from .objective import WeightDecay, check_weight_decay
from ..optimizers import FirstOrder, get_optimizer
from .stopping import Goal, MaxEpochs, MaxTime, TrainState, first_reason
from .loop import TrainingRecord, divergence_reason, progress_bar
from ..validation import as_matrix, positive


class BatchSource:
    """Something that yields minibatches ``(X, T)`` for one epoch at a time."""

    n_rows: int = 0

    def batches(self, batch_size: int, rng: np.random.Generator):  # pragma: no cover - interface
        """Yield (X, T) minibatches covering every row once."""
        raise BPNNError("a BatchSource must define batches()")


class ArraySource(BatchSource):
    """Minibatches from arrays (or memmaps), in a shuffled order of contiguous blocks.

    Rows are taken in blocks of ``batch_size`` consecutive rows, the blocks in
    random order: a memmap then reads each block with one sequential read.
    """

    def __init__(self, X, T, name: str = "data") -> None:
        if len(X) != len(T):
            raise BPNNError(f"{name}: X has {len(X)} rows but T has {len(T)}")
        self.X, self.T, self.name, self.n_rows = X, T, name, len(X)

    def batches(self, batch_size: int, rng: np.random.Generator):
        starts = np.arange(0, self.n_rows, batch_size)
        for start in rng.permutation(starts):
            rows = slice(start, start + batch_size)
            yield (as_matrix(self.X[rows], f"{self.name} X (rows {start}…)"),
                   as_matrix(self.T[rows], f"{self.name} T (rows {start}…)"))


class _NpyFile:
    """One 2-D ``.npy`` file read block by block (seek + read): nothing stays mapped."""

    def __init__(self, path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise BPNNError(f"{self.path}: no such file; give the path of a .npy file")
        try:
            with open(self.path, "rb") as f:
                major, _ = np.lib.format.read_magic(f)
                read_header = (np.lib.format.read_array_header_1_0 if major == 1
                               else np.lib.format.read_array_header_2_0)
                shape, fortran, dtype = read_header(f)
                self.offset = f.tell()
        except ValueError as exc:
            raise BPNNError(f"{self.path}: not a .npy array file ({exc})") from None
        if fortran or dtype.hasobject or len(shape) not in (1, 2):
            raise BPNNError(f"{self.path}: need a C-ordered numeric 1-D or 2-D array, got shape {shape}, "
                            f"dtype {dtype}")
        self.shape, self.dtype = (shape[0], shape[1] if len(shape) == 2 else 1), dtype

    def rows(self, start: int, stop: int) -> np.ndarray:
        stop = min(stop, self.shape[0])
        with open(self.path, "rb") as f:
            f.seek(self.offset + start * self.shape[1] * self.dtype.itemsize)
            block = np.fromfile(f, dtype=self.dtype, count=(stop - start) * self.shape[1])
        if block.size != (stop - start) * self.shape[1]:
            raise BPNNError(f"{self.path}: file is truncated (rows {start}…{stop} missing)")
        return block.reshape(stop - start, self.shape[1])


class NpySource(BatchSource):
    """Inputs and targets from two ``.npy`` files, read one block of rows at a time.

    Memory stays bounded by the batch size, whatever the file size.
    """

    def __init__(self, x_path, t_path) -> None:
        self.X, self.T = _NpyFile(x_path), _NpyFile(t_path)
        if self.X.shape[0] != self.T.shape[0]:
            raise BPNNError(f"{x_path} has {self.X.shape[0]} rows but {t_path} has {self.T.shape[0]}")
        self.n_rows = self.X.shape[0]

    def batches(self, batch_size: int, rng: np.random.Generator):
        for start in rng.permutation(np.arange(0, self.n_rows, batch_size)):
            where = f"{self.X.path} (rows {start}…)"
            yield (as_matrix(self.X.rows(start, start + batch_size), f"{where} X"),
                   as_matrix(self.T.rows(start, start + batch_size), f"{where} T"))


class CsvSource(BatchSource):
    """A CSV file read in chunks of ``chunk_rows`` rows (pandas), split into batches.

    Each epoch reads the file once, in order; batches are shuffled within a chunk.
    """

    def __init__(self, path, target: str | list[str], features: list[str] | None = None,
                 chunk_rows: int = 100_000) -> None:
        import pandas as pd

        self.path = Path(path)
        if not self.path.exists():
            raise BPNNError(f"{self.path}: no such file")
        header = list(pd.read_csv(self.path, nrows=0).columns)
        self.targets = [target] if isinstance(target, str) else list(target)
        for col in self.targets:
            if col not in header:
                raise BPNNError(f"{self.path}: no column {col!r}; columns are {', '.join(header)}")
        self.features = features or [c for c in header if c not in self.targets]
        self.chunk_rows = chunk_rows
        self.n_rows = sum(len(chunk) for chunk in pd.read_csv(self.path, usecols=[self.targets[0]],
                                                               chunksize=chunk_rows))

    def batches(self, batch_size: int, rng: np.random.Generator):
        import pandas as pd

        first_row = 0
        for chunk in pd.read_csv(self.path, chunksize=self.chunk_rows, usecols=self.features + self.targets):
            where = f"{self.path} (rows {first_row + 1}…{first_row + len(chunk)})"
            X = as_matrix(chunk[self.features].to_numpy(), f"{where} inputs")
            T = as_matrix(chunk[self.targets].to_numpy(), f"{where} targets")
            for start in rng.permutation(np.arange(0, len(chunk), batch_size)):
                yield X[start:start + batch_size], T[start:start + batch_size]
            first_row += len(chunk)


def train_stream(net: Network, source: BatchSource, *, loss: str = "mse", algorithm="adam",
                 epochs: int = 10, batch_size: int = 256, goal: float = 0.0, max_time: float | None = None,
                 seed=None, progress: bool = False, callback=None, weight_decay: float = 0.0,
                 **options) -> TrainingRecord:
    """Train ``net`` over a :class:`BatchSource` with a first-order algorithm.

    Parameters
    ----------
    net : Network
    source : BatchSource
    loss, algorithm : str
        ``algorithm`` must be first-order: gd, gdm, rprop or adam.
    epochs, batch_size : int
    goal : float
        Stop when an epoch's mean batch loss is at or below it.
    max_time : float, optional
    seed : int, optional
        Order of the batches.
    callback : callable, optional
        ``callback(epoch, record)`` after each epoch.
    weight_decay : float, default 0
        λ ≥ 0 of L2 regularisation, as in :func:`bpnn.train`: each batch's
        step follows ∂E/∂θ + λ·W at the weights (biases are not decayed).
        ``record.loss`` reports the data loss E.

    Returns
    -------
    TrainingRecord
        ``loss[k]`` is the mean batch loss during epoch k (k ≥ 1); ``loss[0]``
        is the loss of the first batch before any update.

    Examples
    --------
    >>> X = np.random.default_rng(0).uniform(-1, 1, (1000, 3))
    >>> rec = train_stream(Network([3, 8, 1], seed=0), ArraySource(X, X.sum(1, keepdims=True)),
    ...                    epochs=5, batch_size=50, lr=0.01, seed=0)
    >>> rec.loss[-1] < rec.loss[0]
    True
    """
    loss_fn = get_loss(loss)
    loss_fn.check_output(net.activations[-1])
    opt = get_optimizer(algorithm, **options)
    if not isinstance(opt, FirstOrder):
        raise BPNNError(f"{opt.name} needs all rows at once; streamed training works with gd, gdm, rprop "
                        f"and adam")
    positive(epochs, "epochs", integer=True)
    positive(batch_size, "batch_size", integer=True)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    lam = check_weight_decay(weight_decay)
    decay = WeightDecay(lam, net.sizes, net.dtype) if lam > 0 else None
    theta = net.theta.reshape(1, -1)
    state = opt.init(theta)
    record = TrainingRecord(algorithm=opt.name, loss_name=loss_fn.name, batch_size=batch_size)
    best, best_loss, reason = net.theta.copy(), math.inf, None
    rules = [MaxEpochs(epochs), Goal(goal)] + ([MaxTime(max_time)] if max_time is not None else [])
    status = TrainState(val_fail=0)                             # what the stop rules see
    t0 = time.perf_counter()
    with progress_bar(epochs, progress, "training (streamed)") as show:
        try:
            for epoch in range(epochs + 1):
                total, count = 0.0, 0
                # a diverging epoch overflows quietly: its non-finite loss stops training below
                with np.errstate(over="ignore", invalid="ignore"):
                    for Xb, Tb in source.batches(batch_size, rng):
                        if Xb.shape[1] != net.sizes[0] or Tb.shape[1] != net.sizes[-1]:
                            raise BPNNError(f"batches have {Xb.shape[1]} inputs / {Tb.shape[1]} targets but the "
                                            f"network is {'-'.join(map(str, net.sizes))}")
                        E, g = loss_and_grad(net, Xb.astype(net.dtype, copy=False), Tb.astype(net.dtype, copy=False),
                                             loss_fn)
                        if epoch == 0:                       # epoch 0: the untrained network, one batch
                            total, count = E, 1
                            break
                        g = g.reshape(1, -1)
                        if decay is not None:                # the batch's mean loss + (λ/2)Σw²
                            g = decay.gradient(g, theta)
                        opt.step(theta, g, state, None)
                        total, count = total + E * len(Xb), count + len(Xb)
                E = total / max(count, 1)
                record.loss.append(E)
                record.time.append(time.perf_counter() - t0)
                if not math.isfinite(E):
                    reason = divergence_reason(epoch, E, record.best_epoch, best_loss, opt)
                    net.theta = best
                    break
                if E < best_loss:
                    best_loss, record.best_epoch = E, epoch
                    np.copyto(best, net.theta)
                show(epoch, E)
                if callback is not None:
                    callback(epoch, record)
                status.epoch, status.loss, status.elapsed = epoch, E, record.time[-1]
                reason = first_reason(rules, status)
                if reason:
                    break
        except KeyboardInterrupt:
            net.theta = best
            reason = f"interrupted: stopped by the user; kept the best weights (epoch {record.best_epoch})"
    record.stop_reason = reason
    record.final_loss = record.loss[-1] if record.loss else math.nan
    return record
