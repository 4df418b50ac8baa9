"""Training on data larger than memory: minibatches streamed from disk.

A :class:`BatchSource` yields (X, T) minibatches; only one batch (plus the
network) is in memory at a time.  Sources:

* :class:`ArraySource` — arrays already in memory (or ``numpy.memmap``);
* :class:`NpySource` — ``.npy`` files read block by block (seek + read), so
  memory stays bounded by the batch size;
* :class:`CsvSource` — a CSV file read in chunks with pandas.

:func:`train_stream` runs a first-order algorithm (gd, gdm, rprop, adam) for
some epochs over a source, through the one training loop (:func:`bpnn.train`
takes a source in place of X and T).  The loss it records for an epoch is the mean of
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
from ..core.network import Network
from ..errors import BPNNError
from ..validation import as_matrix, positive
from .objective import WeightDecay, check_weight_decay


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
    from .loop import train

    positive(epochs, "epochs", integer=True)
    positive(batch_size, "batch_size", integer=True)
    if not isinstance(source, BatchSource):
        raise BPNNError(f"train_stream reads a BatchSource (ArraySource, NpySource, CsvSource), got {source!r}")
    return train(net, source, None, loss=loss, algorithm=algorithm, epochs=epochs, batch_size=batch_size,
                 goal=goal, max_time=max_time, seed=seed, progress=progress, callback=callback,
                 weight_decay=weight_decay, min_grad=0.0, **options)


class _Stream:
    """The one loop's minibatches when they are read from a :class:`BatchSource`.

    :meth:`read` yields each batch as it comes (its shape checked);
    :meth:`gradient` gives ∂E/∂θ of a batch through the chosen engine (the
    buffered one's :meth:`~bpnn.engines.buffered.MiniBatch.loss_and_grad_of`,
    or the reference :func:`~bpnn.core.backprop.loss_and_grad`) and keeps
    the batch's loss for :meth:`loss`: the mean of an epoch's batch losses
    (the network changes along the epoch; measuring it exactly would take
    another pass over the source), or before any epoch the first batch's.
    """

    def __init__(self, net: Network, source: BatchSource, loss_fn, kernel, batch_size: int,
                 rng: np.random.Generator) -> None:
        self.net, self.source, self.loss_fn, self.kernel = net, source, loss_fn, kernel
        self.batch_size, self.rng = batch_size, rng
        self.total, self.count = 0.0, 0

    def read(self, batch_size: int, rng: np.random.Generator):
        for Xb, Tb in self.source.batches(batch_size, rng):
            if Xb.ndim != 2 or Tb.ndim != 2 or Xb.shape[1] != self.net.sizes[0] or Tb.shape[1] != self.net.sizes[-1]:
                raise BPNNError(f"batches have {Xb.shape[-1]} inputs / {Tb.shape[-1]} targets but the network is "
                                f"{'-'.join(map(str, self.net.sizes))}")
            yield Xb.astype(self.net.dtype, copy=False), Tb.astype(self.net.dtype, copy=False)

    def _loss_and_grad(self, batch):
        Xb, Tb = batch
        if self.kernel is not None:
            return self.kernel.loss_and_grad_of(Xb, Tb)
        return loss_and_grad(self.net, Xb, Tb, self.loss_fn)

    def gradient(self, batch) -> np.ndarray:
        # a diverging epoch overflows quietly: its non-finite loss stops training in the loop
        with np.errstate(over="ignore", invalid="ignore"):
            E, g = self._loss_and_grad(batch)
        self.total = self.total + np.reshape(E, -1) * len(batch[0])        # one value per network of a stack
        self.count += len(batch[0])
        return g

    def loss(self) -> np.ndarray:
        """The mean batch loss of the epoch just run, one per network (then reset), or the first batch's
        before any."""
        if self.count == 0:
            with np.errstate(over="ignore", invalid="ignore"):
                for batch in self.read(self.batch_size, self.rng):
                    return np.reshape(self._loss_and_grad(batch)[0], -1).copy()
            raise BPNNError("the source yielded no rows")
        E = self.total / self.count
        self.total, self.count = 0.0, 0
        return E


class _SourceObjective:
    """What the loop needs of an objective when the rows come from a source: θ as (K, p) and the decay."""

    def __init__(self, net: Network, weight_decay: float) -> None:
        self.theta = net.theta.reshape(-1, net.n_params)
        lam = check_weight_decay(weight_decay)
        self.decay = WeightDecay(lam, net.sizes, net.dtype) if lam > 0 else None
