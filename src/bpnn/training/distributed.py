"""Data-parallel full-batch training: the rows on Dask workers, θ and the algorithm here.

``bpnn.train(net, X, T, algorithm=..., executor=client)`` builds a
:class:`DistributedObjective` instead of a :class:`~bpnn.training.objective.NetworkObjective`.
The optimiser cannot tell them apart: both give E, ∂E/∂θ and the Gauss–Newton
sums at the current θ.  The rows are split into one block per worker, sent
there once and kept there; each evaluation sends θ (p numbers per network) to
every block and gets back that block's part:

* E and ∂E/∂θ (gradient descent, Rprop, Adam, SCG, BFGS): every bpnn loss is a
  mean over rows (or, for sse, a sum), so with nᵢ rows in block i

      E = Σᵢ (nᵢ/n)·Eᵢ,          ∂E/∂θ = Σᵢ (nᵢ/n)·∂Eᵢ/∂θ

  (weights 1 for a sum), each block's Eᵢ and ∂Eᵢ/∂θ computed by bpnn's own
  engine on the worker (:func:`bpnn.engines.select.gradient_by`);
* JᵀJ and Jᵀe (Levenberg–Marquardt, Bayesian regularisation): J's rows are
  the rows' residuals, so JᵀJ = Σᵢ JᵢᵀJᵢ, Jᵀe = Σᵢ Jᵢᵀeᵢ and Σe² = Σᵢ Σeᵢ²,
  each block's from :func:`bpnn.core.backprop.residuals_and_jacobian` in
  chunks of rows (so a worker holds at most a chunk's Jacobian, never n·m × p).

Nothing about back-propagation is written here: the workers call the engines.
What this module adds is where the rows are and the sums over blocks.

A worker that dies mid-epoch loses its block: the evaluation is retried
(``retries`` times) after the lost blocks are sent again from this process,
and the result is the same, because each block's part is a function of θ and
the block alone, and the parts are added in block order whatever worker
computed them.  When the retries run out, :class:`WorkersLost` is raised;
:func:`bpnn.train` stops there, keeps the best weights so far and says so in
``record.stop_reason`` — never a silently partial sum.
"""

from __future__ import annotations

import numpy as np

from ..core.backprop import residuals_and_jacobian
from ..core.losses import get_loss
from ..core.network import Network, forward_pass, split_theta
from ..errors import BPNNError
from .objective import NetworkObjective, WeightDecay, check_weight_decay, gauss_newton

JACOBIAN_CHUNK = 2_000_000       # entries of J a worker forms at a time (16 MB in float64)
RESTART_WAIT = 30                # seconds a retry waits for a worker to (re)start


class WorkersLost(BPNNError):
    """The workers could not compute an evaluation, also after the retries."""


class _NoWorkers(BPNNError):
    """The cluster has no worker (now)."""


# -- what runs on a worker: bpnn's engines on the block it holds ------------------------------------------
def _block_rows(block) -> int:
    return len(block[0])


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


# -- the driver's side -----------------------------------------------------------------------------
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
                    f"blocks of rows on workers; train it without executor=")


class DistributedObjective(NetworkObjective):
    """E, ∂E/∂θ and the Gauss–Newton sums of a network whose rows sit on Dask workers.

    A :class:`bpnn.training.objective.NetworkObjective` whose evaluations
    (``data_loss``, ``loss_at``, ``losses_and_grad``, ``normal_equations``)
    are sums over the workers' blocks; ``loss``, ``loss_and_grad`` and the
    weight decay are inherited, so the loop and every full-batch algorithm
    use it unchanged.

    Parameters
    ----------
    net : Network
        Single or stacked; θ stays here (``theta`` is its (K, p) view).
    X, T : ndarray
        Inputs and targets, sent to the workers once, one block of rows each.
    loss : str or Loss
    client : dask.distributed.Client
    weight_decay : float, default 0
        Added here, on the driver: F = E + (λ/2)·Σw² (:class:`WeightDecay`).
    engine : {"buffered", "wide", "reference"}
        The engine each worker computes its block's E and ∂E/∂θ with.
    blocks : int, optional
        Number of row blocks (default: one per worker).
    retries : int, default 2
        Evaluations retried after a worker is lost, before :class:`WorkersLost`.
    """

    def __init__(self, net: Network, X: np.ndarray, T: np.ndarray, loss, client, weight_decay: float = 0.0,
                 engine: str = "buffered", blocks: int | None = None, retries: int = 2) -> None:
        # (NetworkObjective.__init__ is not called: it would build the engine's buffers for all rows here)
        self.net, self.loss_fn, self.client, self.engine, self.retries = net, get_loss(loss), client, engine, retries
        self.theta = net.theta.reshape(-1, net.n_params)
        self.single = net.n_stack is None
        self.n_residuals = T.size
        lam = check_weight_decay(weight_decay)
        self.decay = WeightDecay(lam, net.sizes, net.dtype) if lam > 0 else None
        workers = self._workers()
        n_blocks = len(workers) if blocks is None else int(blocks)
        if n_blocks < 1 or n_blocks > len(X):
            raise BPNNError(f"cannot split {len(X)} rows into {n_blocks} blocks of rows")
        self.bounds = [(int(r[0]), int(r[-1]) + 1) for r in np.array_split(np.arange(len(X)), n_blocks)]
        self.rows = np.array([b - a for a, b in self.bounds])
        self.weights = (self.rows / len(X)) if _mean_weighting(self.loss_fn) else np.ones(n_blocks)
        self._X, self._T = X, T                              # kept here: a lost block is sent again
        m, p = T.shape[1], net.n_params
        self.chunk_rows = max(1, JACOBIAN_CHUNK // max(1, m * p))
        self.blocks = [None] * n_blocks
        self._send(range(n_blocks))
        self.n_workers = len(workers)

    # -- where the rows are ------------------------------------------------------------------------
    def _workers(self) -> list:
        try:
            workers = sorted(self.client.scheduler_info()["workers"])
        except Exception as exc:                               # a closed client, a scheduler gone
            raise BPNNError(f"the Dask cluster does not answer: {exc}") from None
        if not workers:
            raise _NoWorkers("the Dask cluster has no workers; start some ('dask worker ADDRESS') and try again")
        return workers

    def _send(self, which) -> None:
        """Scatter the blocks ``which`` to the workers (round robin), once."""
        workers = self._workers()
        for i in which:
            a, b = self.bounds[i]
            block = (np.ascontiguousarray(self._X[a:b]), np.ascontiguousarray(self._T[a:b]))
            self.blocks[i] = self.client.scatter(block, workers=[workers[i % len(workers)]], hash=False)

    def describe(self) -> str:
        sizes = sorted(set(self.rows.tolist()))
        return (f"rows on {self.n_workers} worker{'s' if self.n_workers != 1 else ''} ({len(self.blocks)} blocks "
                f"of {'/'.join(map(str, sizes))} rows; the parts of E and ∂E/∂θ, or of JᵀJ and Jᵀe, summed here)")

    def _each_block(self, function, *args):
        """``function(net at θ, block, *args)`` for every block, in block order; retried after a lost worker."""
        failure = None
        for attempt in range(self.retries + 1):
            futures = []
            try:
                if attempt:                                      # a fresh copy of every block, once a worker is up
                    self.client.wait_for_workers(1, timeout=RESTART_WAIT)
                    self._send(range(len(self.blocks)))
                net = self.net                                   # pickled now: θ as it is at this call
                futures = [self.client.submit(function, net, block, *args, pure=False) for block in self.blocks]
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

    # -- the objective -------------------------------------------------------------------------------
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
            JtJ = JtJ.copy()
            JtJ[:, w, w] += c2
            Jte = Jte + c2 * (self.decay.mask * self.theta)
            sse = sse + c2 * np.sum(self.theta[:, w] ** 2, axis=1)
            N += w.size
        return JtJ, Jte, sse, N

    def residuals_and_jacobian(self):
        raise BPNNError("with the rows on workers, e and J stay there: the algorithm reads JᵀJ and Jᵀe "
                        "(normal_equations)")

    def outputs(self) -> np.ndarray:
        return self.net.forward(self._X)
