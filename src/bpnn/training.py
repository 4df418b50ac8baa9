"""The training loop and its record.

:func:`train` runs an optimiser on a network until a stop rule fires and
returns a :class:`TrainingRecord` (MATLAB's ``tr``): the loss after every
epoch, the wall time, the stop reason and the best epoch.

Convention: ``record.loss[k]`` is the training loss after ``k`` epochs, so
``record.loss[0]`` is the loss of the initial weights and ``record.loss[-1]``
the loss of the weights ``train`` leaves in the network.  For the seed
article's loop (full-batch gradient descent), ``record.loss[k]`` is exactly
the value the article prints at step ``k``.

A run whose loss becomes NaN/inf (or explodes) stops, restores the best
weights seen and says so; Ctrl-C stops cleanly in the same way.
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

import numpy as np

from .backprop import loss_and_grad
from .errors import BPNNError
from .kernels import FullBatch
from .losses import get_loss
from .network import Network
from .optimizers import get_optimizer
from .stopping import Goal, MaxEpochs, MaxTime, TrainState, first_reason
from .validation import as_matrix, check_pair, positive

EXPLOSION = 1e8   # a loss this many times the initial one counts as divergence


@dataclass
class TrainingRecord:
    """What happened during training (MATLAB's ``tr``).

    Attributes
    ----------
    loss : list of float
        ``loss[k]``: training loss after k epochs (``loss[0]``: initial weights).
    time : list of float
        Seconds since the start when ``loss[k]`` was measured.
    stop_reason : str
        Which rule ended training, e.g. ``"epochs: reached the maximum of 5000 epochs"``.
    best_epoch : int
        Epoch with the lowest training loss.
    final_loss : float
        Training loss of the weights the network holds after training:
        ``loss[-1]``, or the best loss when a diverged or interrupted run
        restored the best weights.
    algorithm, loss_name : str
    batch_size : int or None
        None for full-batch training.
    """

    algorithm: str
    loss_name: str
    batch_size: int | None = None
    loss: list = field(default_factory=list)
    time: list = field(default_factory=list)
    stop_reason: str = ""
    best_epoch: int = 0
    final_loss: float = math.nan

    @property
    def epochs(self) -> int:
        """Number of epochs run (updates of the weights, for full-batch training)."""
        return max(len(self.loss) - 1, 0)

    @property
    def elapsed(self) -> float:
        """Wall time of the whole run, in seconds."""
        return self.time[-1] if self.time else 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@contextmanager
def progress_bar(total: int, enabled: bool, description: str = "training"):
    """A rich progress bar with the current loss, or a no-op when disabled.

    Yields a function ``update(epoch, loss)``.
    """
    if not enabled:
        yield lambda epoch, loss: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    every = max(1, total // 200)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("loss {task.fields[loss]}"), TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task(description, total=total, loss="—")

        def update(epoch: int, loss: float) -> None:
            if epoch % every == 0 or epoch == total:
                bar.update(task, completed=epoch, loss=f"{loss:.4g}")

        yield update


def _batches(n: int, batch_size: int, rng: np.random.Generator, shuffle: bool):
    order = rng.permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def _divergence_reason(epoch: int, loss: float, best_epoch: int, best_loss: float, opt) -> str:
    what = "became " + ("NaN" if math.isnan(loss) else "inf") if not math.isfinite(loss) else f"exploded to {loss:.3g}"
    lr = getattr(opt, "lr", None)
    cause = f"the learning rate ({lr:g}) is probably too high" if lr is not None else "the steps are too large"
    return (f"diverged: the loss {what} at epoch {epoch}; {cause}, or the data are not scaled; "
            f"kept the weights of epoch {best_epoch} (loss {best_loss:.4g})")


def train(net: Network, X, T, *, loss: str = "mse", algorithm="gd", epochs: int = 1000,
          goal: float = 0.0, batch_size: int | None = None, shuffle: bool = True, seed=None,
          max_time: float | None = None, progress: bool = False, callback=None,
          engine: str = "fast", **options) -> TrainingRecord:
    """Train ``net`` in place on inputs X and targets T.

    Parameters
    ----------
    net : Network
    X : array-like, shape (n, d)
    T : array-like, shape (n, m) or (n,)
    loss : str, default ``"mse"``
    algorithm : str, default ``"gd"``
        Training algorithm, see :mod:`bpnn.optimizers` (MATLAB names work).
    epochs : int, default 1000
        Maximum number of epochs (full-batch: weight updates).
    goal : float, default 0
        Stop when the training loss is at or below this value.
    batch_size : int, optional
        None (default) for full-batch training; k for minibatches of k rows
        (1 is online training).  Batches are reshuffled each epoch unless
        ``shuffle=False``.
    seed : int or numpy.random.Generator, optional
        Source of the minibatch order.
    max_time : float, optional
        Stop after this many seconds.
    progress : bool, default False
        Show a progress bar with the current loss.
    callback : callable, optional
        ``callback(epoch, loss)`` after each epoch's loss is known.
    engine : {"fast", "reference"}, default ``"fast"``
        Full-batch gradients from :class:`bpnn.kernels.FullBatch` (buffers
        reused, same numbers) or from the readable
        :func:`bpnn.backprop.loss_and_grad`.
    **options
        Passed to the algorithm, e.g. ``lr=0.01``.

    Returns
    -------
    TrainingRecord

    Examples
    --------
    >>> import numpy as np
    >>> X = np.linspace(-1, 1, 30).reshape(-1, 1)
    >>> net = Network([1, 5, 1], seed=0)
    >>> rec = train(net, X, X ** 2, epochs=2000, lr=0.1, goal=1e-3)
    >>> rec.stop_reason.split(":")[0], rec.final_loss <= 1e-3
    ('goal', True)
    """
    X = as_matrix(X, "X", net.dtype, columns=net.sizes[0])
    T = as_matrix(T, "T", net.dtype, columns=net.sizes[-1])
    check_pair(X, T)
    loss_fn = get_loss(loss)
    loss_fn.check_output(net.activations[-1])
    positive(epochs, "epochs", integer=True, allow_zero=True)
    positive(goal, "goal", allow_zero=True)
    n = X.shape[0]
    if batch_size is not None:
        positive(batch_size, "batch_size", integer=True)
        batch_size = min(int(batch_size), n)
    full_batch = batch_size is None or batch_size == n
    if engine not in ("fast", "reference"):
        raise BPNNError(f"engine must be 'fast' or 'reference', got {engine!r}")
    if full_batch and engine == "fast":
        kernel = FullBatch(net, X, T, loss_fn).loss_and_grad
    else:
        def kernel():
            return loss_and_grad(net, X, T, loss_fn)
    opt = get_optimizer(algorithm, **options)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)

    rules = [MaxEpochs(epochs), Goal(goal)] + ([MaxTime(positive(max_time, "max_time"))] if max_time else [])
    record = TrainingRecord(algorithm=opt.name, loss_name=loss_fn.name,
                            batch_size=None if full_batch else batch_size)
    theta = net.theta
    opt_state = opt.init(theta)
    state = TrainState()
    best, best_loss = theta.copy(), math.inf
    reason, restored = None, False
    t0 = time.perf_counter()
    with progress_bar(epochs, progress) as show:
        try:
            while reason is None:
                if full_batch:
                    E, grad = kernel()
                else:
                    E = loss_fn.value(net.forward(X), T)
                state.elapsed = time.perf_counter() - t0
                record.loss.append(E)
                record.time.append(state.elapsed)
                if not math.isfinite(E) or E > EXPLOSION * max(record.loss[0], 1.0):
                    reason = _divergence_reason(state.epoch, E, record.best_epoch, best_loss, opt)
                    theta[...] = best
                    restored = True
                    break
                if E < best_loss:
                    best_loss, record.best_epoch = E, state.epoch
                    np.copyto(best, theta)
                state.loss = E
                if callback is not None:
                    callback(state.epoch, E)
                show(state.epoch, E)
                reason = first_reason(rules, state)
                if reason is not None:
                    break
                if full_batch:
                    opt.step(theta, grad, opt_state)
                else:
                    for rows in _batches(n, batch_size, rng, shuffle):
                        opt.step(theta, loss_and_grad(net, X[rows], T[rows], loss_fn)[1], opt_state)
                state.epoch += 1
        except KeyboardInterrupt:
            theta[...] = best
            restored = True
            reason = (f"interrupted: stopped by the user at epoch {state.epoch}; "
                      f"kept the best weights (epoch {record.best_epoch})")
    record.stop_reason = reason
    record.final_loss = best_loss if restored else record.loss[-1]
    return record
