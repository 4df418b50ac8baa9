"""Data-parallel full-batch training: the rows in fixed blocks, on Dask workers or here; θ and the algorithm here.

``bpnn.train(net, X, T, algorithm=..., executor=client)`` builds a
:class:`DistributedObjective` instead of a :class:`~bpnn.training.objective.NetworkObjective`.
The optimiser cannot tell them apart: both give E, ∂E/∂θ and the Gauss–Newton
sums at the current θ.  (Naming: ``train(executor=)`` spreads one training's
*rows*; ``fit(executor=)`` and ``fit(n_jobs=)`` spread a committee's
*networks*, and ``fit(data_parallel=)`` passes a client on to
``train(executor=)``.)

The rows are cut into fixed **blocks** of consecutive rows (``block_rows``
each, the last shorter), every block sits on one worker and stays there, and
every evaluation sends θ (p numbers per network) to each block and gets back
that block's part:

* E and ∂E/∂θ (gradient descent, Rprop, Adam, SCG, BFGS): every bpnn loss is a
  mean over rows (or, for sse, a sum), so with nᵢ rows in block i

      E = Σᵢ (nᵢ/n)·Eᵢ,          ∂E/∂θ = Σᵢ (nᵢ/n)·∂Eᵢ/∂θ

  (weights 1 for a sum), each block's Eᵢ and ∂Eᵢ/∂θ computed by bpnn's own
  engine (:func:`bpnn.engines.select.gradient_by`);
* JᵀJ and Jᵀe (Levenberg–Marquardt, Bayesian regularisation): J's rows are
  the rows' residuals, so JᵀJ = Σᵢ JᵢᵀJᵢ, Jᵀe = Σᵢ Jᵢᵀeᵢ and Σe² = Σᵢ Σeᵢ²,
  each block's from :func:`bpnn.core.backprop.residuals_and_jacobian` in
  chunks of rows (so a worker holds at most a chunk's Jacobian, never n·m × p).

**Equality.** The parts are added here, in block order, whatever worker
computed them.  :class:`BlockedObjective` is the same sum computed in this
process (``train(..., block_rows=B)`` without an executor): both run the same
functions on the same blocks and add them in the same order, so a run on
workers equals the single-process run on the same blocks bit for bit, on any
number of workers.  Against the plain single-process objective (one product
over all rows) the only difference is where the sums round: a block's
product is a different grouping of the same additions as the product over
all rows.  Exact (compensated) addition of the block parts would not remove
it — each part is already rounded inside its block's product — so the
blocked sum is the reference, and ``record.data_parallel["block_rows"]``
says how to reproduce it.

**Where the blocks come from**, never shipped again after the first time:

* arrays on this process: each block is sent once (``client.scatter``);
* a Dask array: its row chunks are the blocks, computed on the workers where
  the array lives (nothing passes through this process);
* :class:`RowBlocks`: a loader per block (a picklable function of no
  arguments, e.g. a CSV file's byte range: :mod:`bpnn.app.streamed`), run on
  the worker that keeps the block.

A worker that dies mid-epoch loses its blocks: the evaluation is retried
(``retries`` times) after the blocks are made again (sent, recomputed or
reloaded), and the result is the same, because each block's part is a
function of θ and the block alone.  When the retries run out,
:class:`WorkersLost` is raised; :func:`bpnn.train` stops there, keeps the
best weights so far and says so in ``record.stop_reason`` — never a
silently partial sum.
"""

from __future__ import annotations

import math

import numpy as np

from ..core.backprop import residuals_and_jacobian
from ..core.losses import get_loss
from ..core.network import Network, forward_pass, split_theta
from ..errors import BPNNError
from ..validation import positive
from .objective import NetworkObjective, WeightDecay, check_weight_decay, gauss_newton

BLOCK_ROWS = 65_536              # rows per block by default (fewer when that would leave a worker idle)
JACOBIAN_CHUNK = 2_000_000       # entries of J a block's sum forms at a time (16 MB in float64)
RESTART_WAIT = 30                # seconds a retry waits for a worker to (re)start
NO_WORKER_WAIT = 10              # seconds a cluster with no worker (yet) is given before that is an error


class WorkersLost(BPNNError):
    """The workers could not compute an evaluation, also after the retries."""


class _NoWorkers(BPNNError):
    """The cluster has no worker (now)."""


class RowBlocks:
    """Rows that are loaded block by block where they are used.

    Parameters
    ----------
    loaders : list of callable
        ``loaders[i]()`` returns block i as (Xᵢ (nᵢ × d), Tᵢ (nᵢ × m)),
        ready for the network (scaled).  Each must be picklable (it runs on
        a worker) and give the same rows every time it is called.
    rows : list of int
        nᵢ, the number of rows of each block.
    n_inputs, n_outputs : int
        d and m.
    name : str
        Where the rows come from, for messages and the record.
    """

    def __init__(self, loaders, rows, n_inputs: int, n_outputs: int, name: str = "row blocks") -> None:
        if len(loaders) != len(rows) or not loaders:
            raise BPNNError(f"{name}: need one row count per loader, and at least one block")
        self.loaders, self.rows, self.name = list(loaders), [int(r) for r in rows], name
        self.n_inputs, self.n_outputs = int(n_inputs), int(n_outputs)
        self.n_rows = sum(self.rows)


def is_dask_array(X) -> bool:
    """Whether X is a ``dask.array.Array`` (its chunks are then the blocks)."""
    return type(X).__module__.startswith("dask.array") and hasattr(X, "to_delayed")


def block_bounds(n: int, block_rows: int) -> list[tuple[int, int]]:
    """(first, stop) of each block of ``block_rows`` consecutive rows; the last block takes the rest.

    >>> block_bounds(10, 4)
    [(0, 4), (4, 8), (8, 10)]
    """
    block_rows = int(positive(block_rows, "block_rows", integer=True))
    return [(a, min(a + block_rows, n)) for a in range(0, n, block_rows)]


def default_block_rows(n: int, n_workers: int) -> int:
    """Rows per block: :data:`BLOCK_ROWS`, or fewer so that every worker gets at least one block."""
    return max(1, min(BLOCK_ROWS, math.ceil(n / max(1, n_workers))))


# -- what runs where a block is: bpnn's engines on the block ---------------------------------------------
def _as_block(X, T, dtype, name: str = "block"):
    """A block as it is kept: C-ordered arrays of the network's dtype, finite, X 2-D and T 2-D."""
    X, T = np.array(X, dtype=dtype, order="C"), np.array(T, dtype=dtype, order="C")
    T = T.reshape(len(T), -1) if T.ndim != 2 else T
    if X.ndim != 2 or len(X) != len(T):
        raise BPNNError(f"{name}: X has shape {X.shape} and T {T.shape}; need n × d and n × m")
    if not (np.isfinite(X).all() and np.isfinite(T).all()):
        raise BPNNError(f"{name}: holds NaN or inf; clean the data before training")
    return X, T


def _on_block(function, net, block, *args):
    """``function(net, block, *args)`` with one BLAS thread: the BLAS's threads split some products
    differently by their number (and so round them differently), and a block's part must depend on θ
    and the block alone, not on where it was computed.  (A worker with several threads runs several
    blocks at once instead.)"""
    global _BLAS
    if _BLAS is None:                                      # (found once per process: NumPy's BLAS is loaded)
        from threadpoolctl import ThreadpoolController

        _BLAS = ThreadpoolController()
    with _BLAS.limit(limits=1, user_api="blas"):
        return function(net, block, *args)


_BLAS = None


def _load_block(loader, dtype, name: str):
    return _as_block(*loader(), dtype, name)


def _block_loss(net: Network, block, loss, thetas=None) -> np.ndarray:
    """E of the block at θ (the network's) or at each row of ``thetas``, shape (K,) or (M,)."""
    X, T = block
    a = net.forward(X) if thetas is None else forward_pass(*split_theta(thetas, net.sizes), net.activations, X)
    return np.reshape(loss.value(a, T), -1)


def _block_gradient(net: Network, block, loss, engine: str):
    """E (K,) and ∂E/∂θ (K, p) of the block, from the named engine."""
    from ..engines.select import gradient_by

    E, g = gradient_by(engine, net, *block, loss)
    return np.reshape(E, -1), np.reshape(g, (-1, net.n_params))


def _block_gauss_newton(net: Network, block, chunk_rows: int):
    """JᵀJ (K, p, p), Jᵀe (K, p) and Σe² (K,) of the block, its Jacobian formed a chunk of rows at a time."""
    X, T = block
    K, p = int(np.prod(net.theta.shape[:-1], dtype=int)), net.n_params
    JtJ, Jte, sse = np.zeros((K, p, p), net.dtype), np.zeros((K, p), net.dtype), np.zeros(K, net.dtype)
    for start in range(0, len(X), chunk_rows):
        e, J = residuals_and_jacobian(net, X[start:start + chunk_rows], T[start:start + chunk_rows])
        e, J = e.reshape(K, -1), J.reshape(K, -1, p)
        parts = gauss_newton(e, J)
        JtJ += parts[0]
        Jte += parts[1]
        sse += parts[2]
    return JtJ, Jte, sse


def _block_outputs(net: Network, block) -> np.ndarray:
    return net.forward(block[0])


# -- the sums over blocks (the driver's side) --------------------------------------------------------------
def _mean_weighting(loss) -> bool:
    """Whether the loss is a mean over rows (True) or a sum (False): the same rows twice give the same E."""
    a = np.full((1, 2), 0.25)
    T = np.array([[1.0, 0.0]])
    one, two = float(np.sum(loss.value(a, T))), float(np.sum(loss.value(np.vstack([a, a]), np.vstack([T, T]))))
    if np.isclose(two, one, rtol=1e-12):
        return True
    if np.isclose(two, 2 * one, rtol=1e-12):
        return False
    raise BPNNError(f"loss {loss.name!r} is neither a mean nor a sum over rows, so it cannot be summed over "
                    f"blocks of rows; train it without executor= or block_rows=")


class BlockedObjective(NetworkObjective):
    """E, ∂E/∂θ and the Gauss–Newton sums as sums over fixed blocks of rows, added in block order.

    This process computes every block (``train(..., block_rows=B)`` without
    an executor); :class:`DistributedObjective` computes the same blocks on
    Dask workers, with the same functions, and adds them in the same order,
    so the two agree bit for bit.  ``loss``, ``loss_and_grad`` and the weight
    decay are inherited from :class:`~bpnn.training.objective.NetworkObjective`.

    Parameters
    ----------
    net : Network
        Single or stacked; θ stays here (``theta`` is its (K, p) view).
    X, T : ndarray, or X a :class:`RowBlocks` (T None)
        The rows: arrays cut into blocks of ``block_rows`` rows, or the
        blocks a :class:`RowBlocks` loads.
    loss : str or Loss
    weight_decay : float, default 0
        F = E + (λ/2)·Σw² (:class:`~bpnn.training.objective.WeightDecay`), added once, on the sum.
    engine : {"buffered", "wide", "reference"}
        The engine of each block's E and ∂E/∂θ.
    block_rows : int, default :data:`BLOCK_ROWS`

    Examples
    --------
    >>> X = np.linspace(-1, 1, 50).reshape(-1, 1)
    >>> net = Network([1, 3, 1], seed=0)
    >>> blocked, plain = BlockedObjective(net, X, X ** 2, block_rows=16), NetworkObjective(net, X, X ** 2)
    >>> [b - a for a, b in blocked.bounds]
    [16, 16, 16, 2]
    >>> bool(np.allclose(blocked.loss_and_grad()[1], plain.loss_and_grad()[1], rtol=1e-13, atol=0))
    True
    """

    def __init__(self, net: Network, X, T, loss="mse", weight_decay: float = 0.0, engine: str = "buffered",
                 block_rows: int | None = None) -> None:
        # (NetworkObjective.__init__ is not called: it would build the engine's buffers for all rows here)
        self._setup(net, loss, weight_decay, engine)
        if isinstance(X, RowBlocks):
            self._source, rows = X, X.rows
            self.n_residuals = X.n_rows * X.n_outputs
        else:
            self._source = (X, T)
            n = len(X)
            rows = [b - a for a, b in block_bounds(n, BLOCK_ROWS if block_rows is None else block_rows)]
            self.n_residuals = T.size
        self._set_rows(rows)
        self.blocks = [self._make_local(i) for i in range(len(rows))]

    def _setup(self, net, loss, weight_decay, engine) -> None:
        self.net, self.loss_fn, self.engine = net, get_loss(loss), engine
        self.theta = net.theta.reshape(-1, net.n_params)
        self.single = net.n_stack is None
        lam = check_weight_decay(weight_decay)
        self.decay = WeightDecay(lam, net.sizes, net.dtype) if lam > 0 else None

    def _set_rows(self, rows) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) < 1 or (rows < 1).any():
            raise BPNNError(f"every block needs at least one row; got blocks of {rows.tolist()} rows")
        self.rows = rows
        stops = np.cumsum(rows)
        self.bounds = [(int(b - r), int(b)) for r, b in zip(rows, stops)]
        n = int(stops[-1])
        self.weights = (rows / n) if _mean_weighting(self.loss_fn) else np.ones(len(rows))
        m = self.n_residuals // n
        self.chunk_rows = max(1, JACOBIAN_CHUNK // max(1, m * self.net.n_params))

    def _make_local(self, i: int):
        """Block i, here: a copy of its rows (aligned as a worker's), or what its loader gives."""
        name = f"block {i} (rows {self.bounds[i][0]}…{self.bounds[i][1] - 1})"
        if isinstance(self._source, RowBlocks):
            block = _load_block(self._source.loaders[i], self.net.dtype, f"{self._source.name}, {name}")
            if len(block[0]) != self.rows[i]:
                raise BPNNError(f"{self._source.name}, {name}: loaded {len(block[0])} rows, expected {self.rows[i]}")
            return block
        a, b = self.bounds[i]
        return _as_block(self._source[0][a:b], self._source[1][a:b], self.net.dtype, name)

    def describe(self) -> str:
        return (f"rows in {len(self.rows)} block{'s' if len(self.rows) > 1 else ''} of {self._sizes()} rows, "
                f"summed in order")

    def _sizes(self) -> str:
        sizes = self.rows.tolist()
        if len(set(sizes[:-1])) <= 1:
            return f"{sizes[0]}" + (f" (the last {sizes[-1]})" if sizes[-1] != sizes[0] else "")
        return f"{min(sizes)}–{max(sizes)}"

    def facts(self) -> dict:
        """What the record keeps: how the rows were cut and where they were (``record.data_parallel``)."""
        rows = self.rows.tolist()
        return {"blocks": len(rows), "block_rows": rows[0] if len(set(rows[:-1])) <= 1 else None,
                "rows": rows if len(set(rows[:-1])) > 1 else None, "workers": 0, "scheduler": None}

    def _each_block(self, function, *args) -> list:
        """``function(net at θ, block, *args)`` for every block, in block order, each with one BLAS thread."""
        return [_on_block(function, self.net, block, *args) for block in self.blocks]

    # -- the objective: the parts added in block order ------------------------------------------------
    def _sum(self, parts) -> np.ndarray:
        total = self.weights[0] * parts[0]
        for w, part in zip(self.weights[1:], parts[1:]):
            total = total + w * part
        return total

    def data_loss(self) -> np.ndarray:
        return self._sum(self._each_block(_block_loss, self.loss_fn))

    def loss_at(self, thetas: np.ndarray) -> np.ndarray:
        thetas = np.asarray(thetas)
        E = self._sum(self._each_block(_block_loss, self.loss_fn, thetas))
        return E if self.decay is None else E + self.decay.penalty(thetas)

    def losses_and_grad(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        parts = self._each_block(_block_gradient, self.loss_fn, self.engine)
        E, g = self._sum([E for E, _ in parts]), self._sum([g for _, g in parts])
        if self.decay is None:
            return E, E, g
        return E, E + self.decay.penalty(self.theta), self.decay.gradient(g, self.theta)

    def normal_equations(self):
        """JᵀJ (K, p, p), Jᵀe (K, p), Σe² (K,) and the number of residuals, summed over the blocks;
        with weight decay, those of the residuals extended by √(λ/2s)·w (:class:`WeightDecay`)."""
        if not self.is_least_squares:
            raise BPNNError(f"this algorithm needs a least-squares loss (mse or sse), not {self.loss_fn.name!r}; "
                            f"use scg, bfgs, lbfgs, rprop or adam for {self.loss_fn.name}")
        parts = self._each_block(_block_gauss_newton, self.chunk_rows)
        JtJ, Jte, sse = (parts[0][i].copy() for i in range(3))
        for part in parts[1:]:                                   # in block order
            JtJ += part[0]
            Jte += part[1]
            sse += part[2]
        N = self.n_residuals
        if self.decay is not None:
            c2 = self.decay.weight_decay / (2.0 * self.residual_scale)
            w = self.decay.weights
            JtJ[:, w, w] += c2
            Jte = Jte + c2 * (self.decay.mask * self.theta)
            sse = sse + c2 * np.sum(self.theta[:, w] ** 2, axis=1)
            N += w.size
        return JtJ, Jte, sse, N

    def residuals_and_jacobian(self):
        raise BPNNError("with the rows in blocks, e and J are summed block by block: the algorithm reads JᵀJ and "
                        "Jᵀe (normal_equations)")

    def outputs(self) -> np.ndarray:
        return np.concatenate(self._each_block(_block_outputs), axis=-2)


class DistributedObjective(BlockedObjective):
    """:class:`BlockedObjective` with the blocks on Dask workers: the same sums, bit for bit.

    Parameters
    ----------
    net : Network
    X, T : ndarray, Dask arrays, or X a :class:`RowBlocks` (T None)
        Arrays here: cut into blocks of ``block_rows`` rows, each sent once.
        Dask arrays: their row chunks are the blocks (``block_rows`` does not
        apply), computed where the arrays live.  RowBlocks: each block loaded
        on its worker.
    loss : str or Loss
    client : dask.distributed.Client
    weight_decay : float, default 0
        Added here, on the driver.
    engine : {"buffered", "wide", "reference"}
    block_rows : int, optional
        Default :func:`default_block_rows` (at most :data:`BLOCK_ROWS`, at
        least one block per worker).
    retries : int, default 2
        Evaluations retried after a worker is lost, before :class:`WorkersLost`.
    """

    def __init__(self, net: Network, X, T, loss, client, weight_decay: float = 0.0, engine: str = "buffered",
                 block_rows: int | None = None, retries: int = 2) -> None:
        self._setup(net, loss, weight_decay, engine)
        self.client, self.retries = client, retries
        workers = self._workers()
        if isinstance(X, RowBlocks):
            self._source, rows = X, X.rows
            self.n_residuals = X.n_rows * X.n_outputs
        elif is_dask_array(X):
            self._source, rows = self._dask_blocks(X, T)
        else:
            self._source = (X, T)
            B = default_block_rows(len(X), len(workers)) if block_rows is None else block_rows
            rows = [b - a for a, b in block_bounds(len(X), B)]
            self.n_residuals = T.size
        self._set_rows(rows)
        self.blocks = [None] * len(rows)
        self._make(range(len(rows)))
        self.n_workers = len(workers)

    def _dask_blocks(self, X, T):
        """The Dask arrays' row chunks as blocks (T rechunked to X's rows), left where they are computed."""
        import dask
        import dask.array as da

        if X.ndim != 2:
            raise BPNNError(f"X is a Dask array of shape {X.shape}; need rows × inputs")
        T = T if is_dask_array(T) else da.from_array(np.asarray(T), chunks=-1)
        T = T.reshape(len(T), -1) if T.ndim == 1 else T
        if T.shape[0] != X.shape[0]:
            raise BPNNError(f"X has {X.shape[0]} rows but T has {T.shape[0]}")
        X = X.rechunk({1: -1})
        T = T.rechunk({0: X.chunks[0], 1: -1})
        pairs = [dask.delayed(_as_block)(x, t, self.net.dtype, f"Dask array chunk {i}")
                 for i, (x, t) in enumerate(zip(X.to_delayed().ravel(), T.to_delayed().ravel()))]
        self.n_residuals = int(X.shape[0]) * int(T.shape[1])
        return pairs, list(X.chunks[0])

    # -- where the rows are ------------------------------------------------------------------------
    def _workers(self) -> list:
        """The workers' addresses; with none there, wait up to :data:`NO_WORKER_WAIT` s for one (a worker
        the nanny is restarting, one still starting) before saying so."""
        for wait in (True, False):
            try:
                workers = sorted(self.client.scheduler_info()["workers"])
            except Exception as exc:                           # a closed client, a scheduler gone
                raise BPNNError.of("err_cluster_silent", why=exc) from None
            if workers:
                return workers
            if wait:
                try:
                    self.client.wait_for_workers(1, timeout=NO_WORKER_WAIT)
                except Exception:                              # (a timeout: said below)
                    break
        raise _NoWorkers("the Dask cluster has no workers; start some ('dask worker ADDRESS') and try again")

    def _make(self, which) -> None:
        """Put the blocks ``which`` on the workers, consecutive blocks on the same worker: sent from here
        (arrays), computed there (Dask arrays) or loaded there (RowBlocks)."""
        workers = self._workers()
        which = list(which)
        if isinstance(self._source, list):                      # Dask: computed where the chunks are
            for i, future in zip(which, self.client.compute([self._source[i] for i in which])):
                self.blocks[i] = future
            return
        for i in which:
            worker = [workers[i * len(workers) // len(self.rows)]]
            if isinstance(self._source, RowBlocks):
                self.blocks[i] = self.client.submit(_load_block, self._source.loaders[i], self.net.dtype,
                                                    f"{self._source.name}, block {i}", workers=worker, pure=False)
            else:
                self.blocks[i] = self.client.scatter(self._make_local(i), workers=worker, hash=False)

    def describe(self) -> str:
        return (f"rows on {self.n_workers} worker{'s' if self.n_workers != 1 else ''} ({len(self.rows)} blocks of "
                f"{self._sizes()} rows; the parts of E and ∂E/∂θ, or of JᵀJ and Jᵀe, summed here in block "
                f"order)")

    def facts(self) -> dict:
        address = getattr(getattr(self.client, "scheduler", None), "address", None)
        return {**super().facts(), "workers": self.n_workers, "scheduler": address}

    def _each_block(self, function, *args) -> list:
        """``function(net at θ, block, *args)`` for every block, in block order; retried after a lost worker."""
        failure = None
        for attempt in range(self.retries + 1):
            futures = []
            try:
                if attempt:                                      # every block made again, once a worker is up
                    self.client.wait_for_workers(1, timeout=RESTART_WAIT)
                    self._make(range(len(self.blocks)))
                net = self.net                                   # pickled now: θ as it is at this call
                futures = [self.client.submit(_on_block, function, net, block, *args, pure=False)
                           for block in self.blocks]
                return self.client.gather(futures)
            except _NoWorkers as exc:
                failure = exc
            except BPNNError:
                raise                                            # the user's mistake, not a lost worker
            except Exception as exc:                             # a worker gone, a block lost, a connection cut
                failure = exc
            finally:
                for future in futures:
                    future.release()
        what = str(failure).splitlines()[0] if str(failure) else type(failure).__name__
        raise WorkersLost(f"workers lost: an evaluation failed {self.retries + 1} time(s) "
                          f"({type(failure).__name__}: {what})")
