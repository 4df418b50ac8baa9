"""A model from a CSV file larger than memory: ``bpnn train --stream``.

The file is read in chunks of rows (pandas' C parser), never whole, three times:

1. a statistics pass: per input column its count, sum, sum of squares, minimum
   and maximum (the scalers' settings: mapstd or mapminmax), the target's too,
   or its classes;
2. training: the one loop (:func:`bpnn.train`) over minibatches of each chunk,
   scaled as they are read (:class:`PreparedSource`);
3. a measuring pass: the model's metrics over every row, in original units.

Memory stays a small multiple of one chunk, whatever the file's size.  What
this mode leaves out, compared with ``bpnn train`` on a table in memory: text
input columns, the validation/test division (every row trains; the metrics
are the training rows'), ensembles and the second-order algorithms (they need
all rows at once).

Examples
--------
>>> import tempfile, pathlib
>>> rng = np.random.default_rng(0)
>>> X = rng.uniform(-1, 1, (2000, 3))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "big.csv"
>>> _ = path.write_text("a,b,c,y\\n" + "\\n".join(",".join(f"{v:.6f}" for v in (*x, x.sum())) for x in X))
>>> model = fit_stream(path, "y", epochs=5, batch_size=64, chunk_rows=500, seed=0, lr=0.01)
>>> model.info["stream"]["rows"], model.metrics["train"]["r2"] > 0.9
(2000, True)
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from ..core.network import Network
from ..errors import BPNNError
from ..training.loop import train
from ..training.streaming import BatchSource
from .data import MapMinMax, MapStd, OneHot, Preprocessing, _label, make_scaler, sniff_csv
from .files import check_input
from .workflow import Model, _hidden_sizes

#: rows per chunk read from the file
CHUNK_ROWS = 100_000
#: files at least this large are proposed --stream by ``bpnn train`` (reading one whole takes about 5x its size)
PROPOSE_BYTES = 256 * 1024 ** 2
#: at most this many classes (a target with more distinct values is a regression target, or a mistake)
MAX_CLASSES = 1000


class _Reader:
    """The file's chunks of rows, as numbers: its separator and encoding found from its first bytes."""

    def __init__(self, path, target: str, features=None, decimal: str | None = None,
                 chunk_rows: int = CHUNK_ROWS) -> None:
        import pandas as pd

        self.path = check_input(path, "data file")
        try:
            self.encoding, self.sep = next(sniff_csv(self.path), (None, None))
        except pd.errors.EmptyDataError:
            raise BPNNError(f"data file '{self.path}' is empty; it needs a header line and rows") from None
        if self.encoding is None:
            raise BPNNError(f"cannot decode '{self.path}': it is neither UTF-8 nor GB18030 text")
        self.decimal, self.chunk_rows = decimal or ".", chunk_rows
        header = [str(c).strip() for c in pd.read_csv(self.path, nrows=0, sep=self.sep, encoding=self.encoding).columns]
        if len(set(header)) < len(header):
            dup = sorted({c for c in header if header.count(c) > 1})
            raise BPNNError(f"data file '{self.path}' has duplicate column names {dup}; give each column its own name")
        if target not in header:
            raise BPNNError(f"'{self.path}' has no column {target!r}; columns are {', '.join(header)}")
        self.target = target
        self.features = [c for c in header if c != target] if features is None else list(features)
        for col in self.features:
            if col not in header:
                raise BPNNError(f"'{self.path}' has no column {col!r}; columns are {', '.join(header)}")
        if not self.features:
            raise BPNNError(f"'{self.path}' has no input columns besides the target {target!r}")

    def byte_ranges(self, blocks: int) -> list[tuple[int, int]]:
        """About ``blocks`` ranges of bytes of the data rows, each starting and ending at a line's end,
        so that each can be parsed alone (:meth:`chunks` with ``byte_range``).  Assumes no quoted cell
        holds a line break."""
        with open(self.path, "rb") as f:
            f.readline()                                    # the header
            start, size = f.tell(), self.path.stat().st_size
            cuts = [start]
            for k in range(1, max(1, int(blocks))):
                f.seek(max(cuts[-1], start + (size - start) * k // blocks))
                f.readline()                                # to the end of the line it lands in
                if f.tell() < size and f.tell() > cuts[-1]:
                    cuts.append(f.tell())
        cuts.append(size)
        return [(a, b) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]

    def chunks(self, labels: bool = False, byte_range: tuple[int, int] | None = None):
        """Yield (first row number, X (float), y) per chunk; y as numbers unless ``labels``.

        ``byte_range``: only the rows in those bytes of the file (:meth:`byte_ranges`); line numbers
        in messages then count from the range's first line (the message says so)."""
        if byte_range is None:
            yield from self._chunks(labels, None)
            return
        try:
            yield from self._chunks(labels, byte_range)
        except BPNNError as exc:
            raise BPNNError.of("err_range_lines", error=exc, byte=byte_range[0]) from None

    def _chunks(self, labels: bool, byte_range):
        import io

        import pandas as pd

        source, first = self.path, 2                        # the file's line of the first data row
        if byte_range is not None:                          # the header, then the range's lines
            with open(self.path, "rb") as f:
                header = f.readline()
                f.seek(byte_range[0])
                source = io.BytesIO(header + f.read(byte_range[1] - byte_range[0]))
        try:
            reader = pd.read_csv(source, sep=self.sep, encoding=self.encoding, decimal=self.decimal,
                                 chunksize=self.chunk_rows, skipinitialspace=True, engine="c",
                                 usecols=lambda c: str(c).strip() in (*self.features, self.target))
            for chunk in reader:
                chunk.columns = [str(c).strip() for c in chunk.columns]
                X = self._numbers(chunk, self.features, first)
                y = chunk[self.target].to_numpy() if labels else self._numbers(chunk, [self.target], first)[:, 0]
                yield first, X, y
                first += len(chunk)
        except pd.errors.ParserError as exc:
            raise BPNNError(f"cannot parse '{self.path}' near line {first}: {str(exc).strip()}") from None
        except OSError as exc:
            raise BPNNError(f"cannot read '{self.path}': {exc.strerror or exc}") from None

    def _numbers(self, chunk, columns, first: int) -> np.ndarray:
        import pandas as pd

        out = np.empty((len(chunk), len(columns)))
        for j, col in enumerate(columns):
            values = pd.to_numeric(chunk[col], errors="coerce").to_numpy(dtype=float)
            bad = ~np.isfinite(values)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise BPNNError(f"'{self.path}', line {first + i}, column {col!r}: {chunk[col].iloc[i]!r} is not a "
                                f"finite number ({int(bad.sum())} such cells in rows {first}–{first + len(chunk) - 1}); "
                                f"--stream needs numeric columns: fix the cells or choose --features")
            out[:, j] = values
        return out


class PreparedSource(BatchSource):
    """Minibatches of a file's rows, scaled for the network as they are read (chunk by chunk).

    Batches are shuffled within each chunk; chunks come in the file's order.
    """

    def __init__(self, reader: _Reader, pre: Preprocessing, n_rows: int) -> None:
        self.reader, self.pre, self.n_rows = reader, pre, n_rows

    def batches(self, batch_size: int, rng: np.random.Generator):
        labels = self.pre.task == "classification"
        for first, X, y in self.reader.chunks(labels=labels):
            Xs = self.pre.inputs(X)
            where = f"{self.reader.path} (rows {first}–{first + len(X) - 1})"
            Ts = self.pre.targets(_plain_labels(y) if labels else y, where)
            for start in rng.permutation(np.arange(0, len(X), batch_size)):
                yield Xs[start:start + batch_size], Ts[start:start + batch_size]


def _plain_labels(y) -> np.ndarray:
    """Class labels as read (3.0 → 3 for integer numbers, stripped text)."""
    numeric = y.dtype.kind in "iuf"
    return np.array([_label(v, numeric) for v in y], dtype=object)


def _partial_statistics(reader: _Reader, task: str, byte_range=None) -> dict:
    """One pass over the file (or a range of its bytes): per-column count, sum, sum of squares, min and
    max; the target's, or its classes."""
    n, total, squares = 0, 0.0, 0.0
    low, high = np.inf, -np.inf
    y_stats = [0.0, 0.0, np.inf, -np.inf]                          # sum, sum of squares, min, max
    levels: dict = {}
    numeric_target = True
    for _, X, y in reader.chunks(labels=True, byte_range=byte_range):
        n += len(X)
        total, squares = total + X.sum(axis=0), squares + (X * X).sum(axis=0)
        low, high = np.minimum(low, X.min(axis=0)), np.maximum(high, X.max(axis=0))
        yn = _as_numbers(y)
        if yn is None:
            numeric_target = False
        elif numeric_target:
            y_stats = [y_stats[0] + yn.sum(), y_stats[1] + (yn * yn).sum(), min(y_stats[2], yn.min()),
                       max(y_stats[3], yn.max())]
        if task != "regression" and len(levels) <= MAX_CLASSES:
            for v in _plain_labels(y if yn is None else yn):
                levels[v] = levels.get(v, 0) + 1
    return {"n": n, "x": (total, squares, low, high), "y": y_stats, "levels": levels, "numeric": numeric_target}


def _statistics(reader: _Reader, task: str, partials=None):
    """The file's statistics: from one pass here, or combined from ``partials`` of consecutive byte ranges
    (:func:`_partial_statistics`, computed wherever the ranges were read) in their order."""
    partials = [_partial_statistics(reader, task)] if partials is None else list(partials)
    first = partials[0]
    n, (total, squares, low, high), y_stats = first["n"], first["x"], list(first["y"])
    levels, numeric_target = dict(first["levels"]), first["numeric"]
    for part in partials[1:]:
        n += part["n"]
        total, squares = total + part["x"][0], squares + part["x"][1]
        low, high = np.minimum(low, part["x"][2]), np.maximum(high, part["x"][3])
        numeric_target = numeric_target and part["numeric"]
        y_stats = [y_stats[0] + part["y"][0], y_stats[1] + part["y"][1], min(y_stats[2], part["y"][2]),
                   max(y_stats[3], part["y"][3])]
        for v, count in part["levels"].items():
            levels[v] = levels.get(v, 0) + count
    if n < 2:
        raise BPNNError(f"'{reader.path}' has {n} data row(s); training needs at least 2")
    if task == "auto":                        # as infer_task: text labels, or few integer values
        few = len(levels) <= min(20, max(2, n // 5)) and all(isinstance(v, int) for v in levels)
        task = "classification" if not numeric_target or few else "regression"
    if task == "classification" and len(levels) > MAX_CLASSES:
        raise BPNNError(f"the target {reader.target!r} has more than {MAX_CLASSES} distinct values; for "
                        f"classification give a column of class labels, or use --task regression")
    if task == "regression" and not numeric_target:
        raise BPNNError(f"the target {reader.target!r} holds text; use --task classification")
    return n, (total, squares, low, high), y_stats, levels, task


def _as_numbers(y):
    """y as floats, or None when some value is not a number."""
    import pandas as pd

    values = pd.to_numeric(pd.Series(y), errors="coerce").to_numpy(dtype=float)
    return values if np.isfinite(values).all() else None


def _scaler(name: str | None, n: int, total, squares, low, high):
    """A fitted mapstd / mapminmax scaler from streamed sums (std with n − 1, as :class:`MapStd`)."""
    scaler = make_scaler(name)
    if scaler is None:
        return None
    total, squares, low, high = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (total, squares, low, high))
    if isinstance(scaler, MapStd):
        mean = total / n
        var = np.maximum(squares - n * mean * mean, 0.0) / (n - 1)
        std = np.sqrt(var)
        scaler.offset, scaler.gain = mean, np.where(std > 0, 1.0 / np.where(std > 0, std, 1.0), 1.0)
    elif isinstance(scaler, MapMinMax):
        span = high - low
        scaler.offset = low
        scaler.gain = np.where(span > 0, (scaler.ymax - scaler.ymin) / np.where(span > 0, span, 1.0), 1.0)
    else:                                                            # pragma: no cover - a scaler added later
        raise BPNNError(f"--stream supports mapstd and mapminmax scaling, not {name!r}")
    return scaler


def fit_stream(path, target: str, features=None, *, task: str = "auto", hidden=(20,), activation: str = "tanh",
               algorithm: str = "adam", epochs: int = 10, batch_size: int = 256, scaling: str = "mapstd",
               seed=None, decimal: str | None = None, chunk_rows: int = CHUNK_ROWS, callback=None,
               weight_decay: float = 0.0, **options) -> Model:
    """Train a model on a CSV file read in chunks: statistics, training, metrics (see the module's notes).

    Returns a :class:`~bpnn.app.workflow.Model` like :func:`bpnn.fit`'s, saved
    and used the same way; ``model.info["stream"]`` says how it was made.
    """
    reader = _Reader(path, target, features, decimal, chunk_rows)
    n, pre, output, loss, task = _prepare(reader, *_statistics(reader, task), scaling)
    sizes = [pre.n_inputs, *_hidden_sizes(hidden), pre.n_outputs]
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    net = Network(sizes, activation, output, seed=rng)
    source = PreparedSource(reader, pre, n)
    report = None if callback is None else (lambda epoch, record: callback(0, epoch, record))
    record = train(net, source, None, loss=loss, algorithm=algorithm, epochs=epochs, batch_size=batch_size,
                   seed=rng, callback=report, weight_decay=weight_decay, min_grad=0.0, **options)
    model = Model([net], pre, records=[record.to_dict()], metrics={},
                  info={"stream": {"file": str(reader.path), "rows": n, "chunk_rows": chunk_rows,
                                   "batch_size": batch_size}, "algorithm": record.algorithm, "seed": None,
                        "scaling": scaling, "task": task, "restarts": 1})
    model.metrics = {"train": _measure(model, reader)}
    return model


def _prepare(reader: _Reader, n, x_stats, y_stats, levels, task, scaling):
    """The preprocessing fitted on the file's statistics: (n, Preprocessing, output activation, loss, task)."""
    target = reader.target
    total, squares, low, high = x_stats
    keep = high > low
    notes = [f"constant input column {reader.features[j]!r} (always {low[j]:g}) removed: it carries no information"
             for j in np.flatnonzero(~keep)]
    if not keep.any():
        raise BPNNError(f"all {len(keep)} input column(s) of '{reader.path}' are constant; there is nothing to learn")
    x_scaler = _scaler(scaling, n, total[keep], squares[keep], low[keep], high[keep])
    if task == "classification":
        pre = Preprocessing(reader.features, keep, x_scaler, task, [target], encoder=OneHot().fit(list(levels)),
                            notes=notes)
        output, loss = "softmax", "cross_entropy"
    else:
        pre = Preprocessing(reader.features, keep, x_scaler, task, [target],
                            y_scaler=_scaler(scaling, n, *y_stats[:2], y_stats[2], y_stats[3]), notes=notes)
        output, loss = "linear", "mse"
    return n, pre, output, loss, task


def _measure_sums(model: Model, reader: _Reader, byte_range=None) -> list:
    """The sums the metrics are made of, over the file (or a range of its bytes), one chunk at a time:
    [rows, right] for classification, else [n, Σe², Σ|e|, Σt, Σt², Σy, Σy², Σty]."""
    if model.task == "classification":
        right, count = 0, 0
        for _, X, y in reader.chunks(labels=True, byte_range=byte_range):
            labels = _plain_labels(y)
            right += int(np.sum(model.predict(X).astype(object) == labels))
            count += len(labels)
        return [count, right]
    n, s_e2, s_ae, s_t, s_t2, s_y, s_y2, s_ty = 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    for _, X, t in reader.chunks(byte_range=byte_range):
        y = model.predict(X)[:, 0]
        e = y - t
        n += len(t)
        s_e2, s_ae = s_e2 + float(e @ e), s_ae + float(np.abs(e).sum())
        s_t, s_t2, s_y, s_y2, s_ty = (s_t + t.sum(), s_t2 + float(t @ t), s_y + y.sum(), s_y2 + float(y @ y),
                                      s_ty + float(t @ y))
    return [n, s_e2, s_ae, s_t, s_t2, s_y, s_y2, s_ty]


def _measure(model: Model, reader: _Reader, partials=None) -> dict:
    """The model's metrics over every row of the file: from one pass here, or from the sums of consecutive
    byte ranges (:func:`_measure_sums`), added in their order."""
    partials = [_measure_sums(model, reader)] if partials is None else list(partials)
    sums = list(partials[0])
    for part in partials[1:]:
        sums = [a + b for a, b in zip(sums, part)]
    if model.task == "classification":
        count, right = sums
        return {"n": count, "accuracy": right / count}
    n, s_e2, s_ae, s_t, s_t2, s_y, s_y2, s_ty = sums
    mse = s_e2 / n
    var_t, var_y = s_t2 - s_t * s_t / n, s_y2 - s_y * s_y / n
    cov = s_ty - s_t * s_y / n
    r = cov / math.sqrt(var_t * var_y) if var_t > 0 and var_y > 0 else float("nan")
    return {"n": n, "mse": float(mse), "rmse": math.sqrt(mse), "mae": float(s_ae / n), "r": float(r),
            "r2": float(1.0 - s_e2 / var_t) if var_t > 0 else float("nan")}


#: bytes of the file per block of rows in :func:`fit_blocks` (about 150 000 rows of 20 numbers)
BLOCK_BYTES = 32 * 1024 ** 2


class _CsvBlock:
    """A block of a CSV file's rows, read and scaled where it is called (a loader of
    :class:`bpnn.training.distributed.RowBlocks`): picklable, the same rows every time."""

    def __init__(self, reader: _Reader, byte_range, pre: Preprocessing) -> None:
        self.reader, self.byte_range, self.pre = reader, tuple(byte_range), pre

    def __call__(self):
        labels = self.pre.task == "classification"
        parts = [(X, y) for _, X, y in self.reader.chunks(labels=labels, byte_range=self.byte_range)]
        X = np.concatenate([X for X, _ in parts])
        y = np.concatenate([y for _, y in parts])
        where = f"{self.reader.path} (bytes {self.byte_range[0]}–{self.byte_range[1]})"
        return self.pre.inputs(X), self.pre.targets(_plain_labels(y) if labels else y, where)


def _each_range(executor, function, *args_per_range):
    """``function(*args)`` for each range's arguments, on the client's workers (gathered in order) or here."""
    if executor is None:
        return [function(*args) for args in zip(*args_per_range)]
    return executor.gather(executor.map(function, *args_per_range, pure=False))


def fit_blocks(path, target: str, features=None, *, executor=None, blocks: int | None = None, task: str = "auto",
               hidden=(20,), activation: str = "tanh", algorithm: str = "scg", epochs: int | None = None,
               scaling: str = "mapstd", seed=None, decimal: str | None = None, chunk_rows: int = CHUNK_ROWS,
               callback=None, weight_decay: float = 0.0, **options) -> Model:
    """Full-batch training on a CSV file whose rows are read in blocks where they are used.

    The file is cut into ``blocks`` ranges of bytes at line ends.  With
    ``executor`` (a ``dask.distributed.Client``) each worker reads its ranges
    itself — nothing of the rows passes through this process — in three
    passes, as ``--stream`` does: the statistics of each range (count, sums,
    sums of squares, minimum, maximum, classes), combined here in range order
    into the scalers; the scaled block, loaded once and kept on the worker
    for training (:class:`bpnn.training.distributed.RowBlocks`, any full-batch
    algorithm, lm and br included); and the metrics' sums.  Without
    ``executor`` the same blocks are read and summed in this process, and
    the model is the same, bit for bit.

    Parameters
    ----------
    path, target, features
        The CSV file, the target column, the input columns (default: all others).
    executor : dask.distributed.Client, optional
    blocks : int, optional
        Number of blocks (default: one per :data:`BLOCK_BYTES` of the file,
        and with ``executor`` at least one per worker).  A model is
        reproduced by the same number (``model.info["blocks"]["blocks"]``).
    task, hidden, activation, algorithm, epochs, scaling, seed, decimal, callback, weight_decay
        As :func:`fit_stream` (``algorithm`` a full-batch one, default scg).
    **options
        For :func:`bpnn.train`.

    Returns
    -------
    Model
        ``model.info["blocks"]`` (the file, rows, blocks and rows per block)
        and ``model.info["data_parallel"]`` say how it was trained; every row
        trains (no validation or test division), and the metrics are over all rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> X = np.random.default_rng(0).uniform(-1, 1, (300, 2))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rows.csv"
    >>> _ = path.write_text("a,b,y\\n" + "\\n".join(f"{a:.6f},{b:.6f},{a * b:.6f}" for a, b in X))
    >>> model = fit_blocks(path, "y", blocks=3, hidden=5, algorithm="lm", epochs=30, seed=0)
    >>> model.info["blocks"]["blocks"], model.info["blocks"]["rows"], model.metrics["train"]["r2"] > 0.9
    (3, 300, True)
    """
    from ..training.distributed import RowBlocks

    reader = _Reader(path, target, features, decimal, chunk_rows)
    if blocks is None:
        workers = 1 if executor is None else max(1, len(executor.scheduler_info()["workers"]))
        blocks = max(workers, math.ceil(reader.path.stat().st_size / BLOCK_BYTES))
    ranges = reader.byte_ranges(int(blocks))
    partials = _each_range(executor, _partial_statistics, [reader] * len(ranges), [task] * len(ranges), ranges)
    rows = [part["n"] for part in partials]
    if min(rows) < 1:
        raise BPNNError.of("err_empty_byte_block", path=reader.path)
    n, pre, output, loss, task = _prepare(reader, *_statistics(reader, task, partials), scaling)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    net = Network([pre.n_inputs, *_hidden_sizes(hidden), pre.n_outputs], activation, output, seed=rng)
    source = RowBlocks([_CsvBlock(reader, r, pre) for r in ranges], rows, pre.n_inputs, pre.n_outputs,
                       name=str(reader.path))
    report = None if callback is None else (lambda epoch, record: callback(0, epoch, record))
    record = train(net, source, None, loss=loss, algorithm=algorithm, epochs=epochs, seed=rng, callback=report,
                   weight_decay=weight_decay, executor=executor, **options)
    model = Model([net], pre, records=[record.to_dict()], metrics={},
                  info={"blocks": {"file": str(reader.path), "rows": n, "blocks": len(ranges), "block_rows": rows},
                        "data_parallel": record.data_parallel, "algorithm": record.algorithm, "seed": None,
                        "scaling": scaling, "task": task, "restarts": 1})
    sums = _each_range(executor, _measure_sums, [model] * len(ranges), [reader] * len(ranges), ranges)
    model.metrics = {"train": _measure(model, reader, sums)}
    return model
