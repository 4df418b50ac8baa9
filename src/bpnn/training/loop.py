"""The one training loop: :func:`train`, for every engine, algorithm and data size.

:func:`train` runs a training algorithm on a network until a stop rule fires
and returns a :class:`~bpnn.training.record.TrainingRecord` (MATLAB's ``tr``).
Which engine computes E and ∂E/∂θ is decided once, by
:func:`bpnn.engines.select.select`, and kept in ``record.engine`` and
``record.engine_reason``; everything else — the stop rules, divergence,
the best weights, validation, callbacks, progress, Ctrl-C and the record —
is written here once.  An engine plugs in behind it in one of two ways: it
computes E and ∂E/∂θ for one epoch at a time (reference, buffered, wide), or
it runs a *chunk* of epochs and reports them as a block (compiled), having
been handed the stop rules themselves.

Conventions
-----------
* ``record.loss[k]`` is the training loss after ``k`` epochs, so
  ``record.loss[0]`` is the loss of the initial weights.  For the seed
  article's loop (full-batch gradient descent) ``record.loss[k]`` is exactly
  the value the article prints at step ``k``.
* With a validation set the network ends at the weights of the epoch with the
  lowest validation loss (``record.best_epoch``), as MATLAB does; without
  one it ends at the last weights.
* A run whose loss becomes NaN/inf or explodes stops, restores the best
  weights seen and says so; Ctrl-C stops cleanly in the same way.
* ``restarts=K`` trains K differently initialised networks *together*, as one
  stack (θ of shape K × p, one batched computation per epoch), each exactly
  as it would train alone, and keeps the best.
* With ``weight_decay=λ`` the algorithm minimises F = E + (λ/2)·Σ w² (the
  weights, not the biases); ``record.loss`` still reports E, the loss on the
  data, so that runs with and without decay compare on the same scale.
* With ``input_noise=σ`` each step sees its batch's inputs jittered afresh,
  x + σ·ε with ε ~ N(0, I), a smoothness regulariser; ``record.loss`` with
  ``epoch_loss="full"`` and the final loss are of the rows as they are.
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager, nullcontext

import numpy as np

from ..core.backprop import loss_and_grad
from ..core.losses import get_loss
from ..core.network import Network
from ..engines.buffered import MiniBatch, add_input_noise, blas_threads
from ..engines.chunks import DIVERGED, STOPPED, EpochChunks
from ..engines.compiled import GDLoop, StackLoop
from ..engines.select import Case, select
from ..errors import BPNNError
from ..optimizers import FirstOrder, get_optimizer
from ..validation import as_matrix, check_pair, positive
from .objective import NetworkObjective, check_jacobian_fits, check_weight_decay
from .record import LiveRecord, TrainingRecord, _fill_record
from .schedules import get_schedule
from .distributed import BlockedObjective, DistributedObjective, RowBlocks, WorkersLost, is_dask_array
from .stopping import Goal, MaxEpochs, MaxFail, MaxTime, MinGrad, MuMax, TrainState, check
from .streaming import BatchSource, _SourceObjective, _Stream

EXPLOSION = 1e8   # a loss this many times the initial one (or 1) counts as divergence


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


def _spawned(rng: np.random.Generator) -> np.random.Generator:
    """A generator independent of ``rng`` whose draws leave ``rng``'s own draws (the batches' order,
    fresh initial weights) as they would be without it: ``rng.spawn``."""
    try:
        return rng.spawn(1)[0]
    except (AttributeError, TypeError):   # NumPy < 1.25 (no spawn), or a generator made without a SeedSequence:
        # seeded from one draw of rng instead (then the batches' order differs from the run without noise)
        return np.random.default_rng(rng.integers(2 ** 63))


def divergence_reason(epoch: int, loss: float, best_epoch: int, best_loss: float, opt,
                      best_what: str = "loss") -> str:
    """The stop reason of a diverged run: where, the likely cause, and which weights were kept
    (``best_what`` names the quantity that chose them: "loss", "validation loss", ...)."""
    what = ("became " + ("NaN" if math.isnan(loss) else "inf")) if not math.isfinite(loss) else f"exploded to {loss:.3g}"
    lr = getattr(opt, "lr", None)
    cause = f"the learning rate ({lr:g}) is probably too high" if lr is not None else "the steps are too large"
    return (f"diverged: the loss {what} at epoch {epoch}; {cause}, or the data are not scaled; "
            f"kept the weights of epoch {best_epoch} ({best_what} {best_loss:.4g})")


def _data(net: Network, pair, name: str):
    if pair is None:
        return None
    try:
        X, T = pair
    except (TypeError, ValueError):
        raise BPNNError(f"{name} must be a pair (X, T) of inputs and targets") from None
    X = as_matrix(X, f"{name} X", net.dtype, columns=net.sizes[0])
    T = as_matrix(T, f"{name} T", net.dtype, columns=net.sizes[-1])
    check_pair(X, T)
    return X, T


def _per_network(value, K: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=float).reshape(-1), (K,)).copy()


def train(net: Network, X, T, *, loss: str = "mse", algorithm="gd", epochs: int | None = None,
          goal: float = 0.0, min_grad: float | None = None, max_fail: int | None = None,
          max_time: float | None = None, batch_size: int | None = None, shuffle: bool = True, seed=None,
          validation=None, test=None, schedule=None, restarts: int = 1, init: str | None = None,
          progress: bool = False, callback=None, engine: str = "auto", weight_decay: float = 0.0,
          executor=None, block_rows: int | None = None, epoch_loss: str | None = None,
          input_noise: float = 0.0, **options) -> TrainingRecord:
    """Train ``net`` in place on inputs X and targets T.

    Parameters
    ----------
    net : Network
        A single network, or a stack (``Network(..., stack=K)``), whose K
        networks are all trained and kept.
    X : array-like, shape (n, d)
        Or, with ``executor``, a Dask array (its row chunks are the blocks,
        computed on the workers), or with or without it a
        :class:`~bpnn.training.distributed.RowBlocks` (T None) whose blocks
        are loaded where they are used.
    T : array-like, shape (n, m) or (n,)
    loss : str, default ``"mse"``
    algorithm : str, default ``"gd"``
        See :mod:`bpnn.optimizers`; MATLAB names (``"trainlm"``) work.
    epochs : int, optional
        Maximum epochs; default: the algorithm's MATLAB default (1000).
    goal : float, default 0
        Stop when the training loss is at or below this value.
    min_grad : float, optional
        Stop when ‖∂E/∂θ‖ falls below this; default: the algorithm's
        (MATLAB: 1e-5 for gradient descent, 1e-6 for scg/bfgs, 1e-7 for lm/br).
    max_fail : int, optional
        With ``validation``: stop after this many epochs in a row without a
        better validation loss (default 6; None disables for ``br``).
    max_time : float, optional
        Stop after this many seconds.
    batch_size : int, optional
        None (default) for full-batch training; k for minibatches of k rows
        (1: online training), reshuffled each epoch unless ``shuffle=False``.
        First-order algorithms only.
    seed : int or numpy.random.Generator, optional
        Source of the minibatch order and of the restart networks.
    validation, test : (X, T) pairs, optional
        Validation data drive early stopping and the choice of weights; test
        data are only measured.
    schedule : str or Schedule, optional
        Learning-rate schedule (see :mod:`bpnn.training.schedules`), e.g. ``"step"``,
        ``"cosine:period=500"``.
    restarts : int, default 1
        Train this many networks together — ``net``'s own weights and
        ``restarts − 1`` fresh draws — and leave the best in ``net``.
    init : str, optional
        Initialiser for the restart draws (default: the network's own, else
        Nguyen–Widrow).
    progress : bool, default False
        Show a progress bar with the current loss.
    callback : callable, optional
        ``callback(epoch, record)`` after each epoch, with the record so far
        (``record.loss[-1]``, ``record.val_loss[-1]``, ``record.mu[-1]``...).
    engine : {"auto", "compiled", "wide", "buffered", "reference"}, default ``"auto"``
        Which engine computes E and ∂E/∂θ: ``"auto"`` lets
        :func:`bpnn.engines.select.select` choose (its reason goes into
        ``record.engine_reason``); a name forces that engine, and one that
        cannot run this case is a clear error saying why.  ``"fast"`` is
        an old name for ``"auto"``.  Every engine computes the same BP1–BP4
        (the tests hold them equal); see docs/engine.md.
    weight_decay : float, default 0
        λ ≥ 0 of L2 regularisation: the algorithm minimises
        F(θ) = E(θ) + (λ/2)·Σ w² over the weights W⁽ˡ⁾, not the biases, so
        ∂F/∂W⁽ˡ⁾ = ∂E/∂W⁽ˡ⁾ + λW⁽ˡ⁾ (BP4 gains λW; BP3 is unchanged).  Works
        with every algorithm but ``br``, which has its own, re-estimated
        penalty; ``lm`` gets it as extra residuals √(λ/2s)·w.  With
        minibatches each batch's mean loss gets the whole penalty.
        ``record.loss`` reports E; ``goal`` is tested on E; ``min_grad``
        on ‖∂F/∂θ‖.  scikit-learn's ``alpha`` on n rows is λ = alpha/n for
        cross-entropy and λ = 2·alpha/n for mse (its squared loss has a ½);
        with its minibatch solvers (adam, sgd), n is the batch size.  See
        docs/algorithms.md, "Weight decay".
    executor : dask.distributed.Client, optional
        Data-parallel full-batch training (this spreads the *rows* of one
        training; ``fit(executor=)`` spreads the *networks* of a committee):
        the rows are cut into blocks that go to the client's workers once
        (or are computed or loaded there); every epoch the workers return
        their blocks' parts of E and ∂E/∂θ (or of JᵀJ and Jᵀe for lm and
        br), added here in block order, where θ and the algorithm stay
        (:mod:`bpnn.training.distributed`).  The result equals
        ``train(..., block_rows=record.data_parallel["block_rows"])`` in
        one process bit for bit.  A worker lost mid-epoch is retried; if
        that fails, training stops, keeps the best weights and says so in
        ``record.stop_reason``.
    epoch_loss : {"full", "batches"}, optional
        How minibatch training measures ``record.loss[k]`` (k ≥ 1), the loss
        the stop rules (``goal``, divergence) and, without validation data,
        the choice of the best weights read.  ``"full"`` (the default for
        arrays): an extra forward pass over all n rows after each epoch, E
        at the epoch's end weights, exactly.  ``"batches"`` (scikit-learn's
        ``loss_curve_``, Keras's ``loss``): the mean of the epoch's own batch
        losses, weighted by their rows, each taken in the forward pass its
        step makes anyway, at the weights before that step — no extra pass,
        but a figure of the weights *along* the epoch, which lags the end
        weights' loss while the loss falls.  ``record.loss[0]`` (the initial
        weights) and ``record.final_loss`` are full passes either way.
        Streamed training (a :class:`~bpnn.training.streaming.BatchSource`)
        can only take ``"batches"``; with full batches both are the same.
        See docs/engine.md, "The epoch's loss".
    block_rows : int, optional
        Full batch: E, ∂E/∂θ, JᵀJ and Jᵀe as sums over blocks of this many
        consecutive rows, added in order — the sums a data-parallel run
        makes, in this process.  With ``executor`` the default is 65 536
        rows, or fewer so that each worker has a block; without it, one
        product over all rows (``block_rows`` unset).
    input_noise : float, default 0
        σ ≥ 0: every step's batch inputs are jittered afresh, x + σ·ε with
        ε ~ N(0, I) in the units of X (standardised inputs: σ is in standard
        deviations), drawn from a generator of its own spawned from ``seed``
        (so the batches are the same as without noise).  For small σ this
        minimises E plus about σ²/2 · Σ‖∂y/∂x‖², a penalty on outputs that
        change fast with the inputs (Bishop, 1995).  Needs a first-order
        algorithm (gd, gdm, rprop, adam) on arrays in memory; without
        ``batch_size`` each epoch is one batch of all rows, jittered.  The
        loss passes (``epoch_loss="full"``, ``record.final_loss``,
        validation) measure the rows as they are; ``epoch_loss="batches"``
        reports the jittered batches' losses.  See docs/algorithms.md,
        "Input noise".
    **options
        Passed to the algorithm, e.g. ``lr=0.01`` or ``mu=0.001``.

    Returns
    -------
    TrainingRecord
        For the network left in ``net`` (the best one when restarting).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.linspace(-1, 1, 30).reshape(-1, 1)
    >>> net = Network([1, 5, 1], seed=0)
    >>> rec = train(net, X, X ** 2, algorithm="trainlm", goal=1e-8)
    >>> rec.stop_reason.split(":")[0], rec.final_loss <= 1e-8, rec.epochs < 100
    ('goal', True, True)
    >>> big, small = Network([1, 5, 1], seed=0), Network([1, 5, 1], seed=0)
    >>> _ = train(big, X, X ** 2, algorithm="lbfgs", epochs=200)
    >>> _ = train(small, X, X ** 2, algorithm="lbfgs", epochs=200, weight_decay=0.01)
    >>> bool(np.sum(small.W[0] ** 2) < np.sum(big.W[0] ** 2))    # the penalty keeps the weights small
    True
    """
    stream = X if isinstance(X, BatchSource) else None              # minibatches read from a source
    blocked = executor is not None or block_rows is not None        # full-batch sums over blocks of rows
    remote = isinstance(X, RowBlocks) or is_dask_array(X)           # rows that this process does not hold
    if remote:
        if is_dask_array(X) and executor is None:
            raise BPNNError("X is a Dask array: give executor=client (its chunks are the blocks, on the workers), "
                            "or X.compute() for one process")
        columns = (X.n_inputs, X.n_outputs) if isinstance(X, RowBlocks) else (X.shape[1], None)
        if columns[0] != net.sizes[0] or columns[1] not in (None, net.sizes[-1]):
            raise BPNNError(f"the rows have {columns[0]} inputs / {columns[1]} targets but the network is "
                            f"{'-'.join(map(str, net.sizes))}")
        blocked = True
    elif stream is None:
        X = as_matrix(X, "X", net.dtype, columns=net.sizes[0])
        T = as_matrix(T, "T", net.dtype, columns=net.sizes[-1])
        check_pair(X, T)
    val, tst = _data(net, validation, "validation"), _data(net, test, "test")
    loss_fn = get_loss(loss)
    loss_fn.check_output(net.activations[-1])
    opt = get_optimizer(algorithm, **options)
    epochs = opt.defaults["epochs"] if epochs is None else epochs
    min_grad = opt.defaults["min_grad"] if min_grad is None else min_grad
    if max_fail is None:
        max_fail = opt.defaults["max_fail"]
    positive(epochs, "epochs", integer=True, allow_zero=True)
    positive(goal, "goal", allow_zero=True)
    positive(min_grad, "min_grad", allow_zero=True)
    if max_fail is not None:
        positive(max_fail, "max_fail", integer=True)
    positive(restarts, "restarts", integer=True)
    weight_decay = check_weight_decay(weight_decay)
    if weight_decay > 0 and opt.own_penalty:
        raise BPNNError(f"{opt.name} (Bayesian regularisation) has its own weight penalty α·Σθ², re-estimated "
                        f"every epoch; it takes no weight_decay. Leave weight_decay unset for {opt.name}, or "
                        f"use lm, scg, rprop or adam with weight_decay")
    n = stream.n_rows if stream is not None else X.n_rows if isinstance(X, RowBlocks) else int(X.shape[0])
    if stream is not None and (batch_size is None or not isinstance(opt, FirstOrder)):
        raise BPNNError(f"streamed training takes minibatches (batch_size) and a first-order algorithm "
                        f"(gd, gdm, rprop, adam); {opt.name} needs all rows at once")
    if batch_size is not None:
        positive(batch_size, "batch_size", integer=True)
        batch_size = min(int(batch_size), n)
        if batch_size < n and not isinstance(opt, FirstOrder):
            raise BPNNError(f"{opt.name} trains on the full batch; minibatches work with gd, gdm, rprop "
                            f"and adam (leave batch_size unset for {opt.name})")
    positive(input_noise, "input_noise", allow_zero=True)
    noise = float(input_noise)
    if noise > 0:                                                   # a jittered batch for every step
        why_not = ("err_noise_algorithm" if not isinstance(opt, FirstOrder) else "err_noise_streamed"
                   if stream is not None else "err_noise_blocks" if blocked else None)
        if why_not:
            raise BPNNError.of(why_not, noise=noise, algorithm=opt.name)
        with np.errstate(over="ignore"):                            # (the overflow is the answer)
            overflows = not np.isfinite(net.dtype.type(noise) * 8)  # ε beyond ±8 is never drawn in practice
        if overflows:
            raise BPNNError.of("err_noise_too_large", noise=noise, dtype=net.dtype.name)
        batch_size = n if batch_size is None else batch_size
    full_batch = stream is None and noise == 0 and (batch_size is None or batch_size == n)
    if epoch_loss is None:
        epoch_loss = "full" if stream is None else "batches"
    if epoch_loss not in ("full", "batches"):
        raise BPNNError(f'epoch_loss must be "full" (a pass over all rows after each epoch) or "batches" '
                        f"(the mean of the epoch's batch losses), not {epoch_loss!r}")
    if stream is not None and epoch_loss == "full":
        raise BPNNError('streamed training measures the epoch\'s loss from its batches (a full pass would read '
                        'the source again): leave epoch_loss unset, or give epoch_loss="batches"')
    batch_loss = epoch_loss == "batches" and not full_batch and stream is None   # (streams keep their own)
    if blocked and not full_batch:
        raise BPNNError("training on blocks of rows (executor=, block_rows=) is full-batch: leave batch_size "
                        "unset and give X, T as arrays")
    if block_rows is not None:
        positive(block_rows, "block_rows", integer=True)
    sched = None if schedule is None else get_schedule(schedule)
    if sched is not None and not (opt.uses_lr and opt.schedulable):
        raise BPNNError(f"a learning-rate schedule does not apply to {opt.name}: it has no fixed "
                        f"learning rate; use gd, gdm or adam with a schedule")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    noise_rng = _spawned(rng) if noise > 0 else None                # ε of input_noise: a stream of its own

    # the networks that train: net itself, or a stack of net + fresh draws
    if restarts > 1:
        if net.n_stack is not None:
            raise BPNNError("restarts applies to a single network; this one is already a stack")
        from ..core.init import INITIALIZERS
        method = init or (net.init if net.init in INITIALIZERS else "nguyen_widrow")
        stack = Network(net.sizes, net.activations[:-1], net.activations[-1],
                        init=method, seed=rng, dtype=net.dtype, stack=restarts)
        stack.theta[0] = net.theta
        trainee = stack
    else:
        trainee = net
    rules = [MaxEpochs(epochs), Goal(goal), MinGrad(min_grad)]
    if val is not None and max_fail is not None:
        rules.append(MaxFail(max_fail))
    if max_time is not None:
        rules.append(MaxTime(positive(max_time, "max_time")))
    if opt.mu_max is not None:
        rules.append(MuMax(opt.mu_max))

    # the engine: chosen once, here, with its reason (bpnn.engines.select)
    choice = select(Case(trainee, loss_fn, opt, n, None if full_batch else batch_size, callback is not None,
                         val is not None, tst is not None, sched is not None, weight_decay, epochs, rules,
                         streamed=stream is not None, distributed=blocked, batch_loss=batch_loss,
                         input_noise=noise), engine)
    record = TrainingRecord(algorithm=opt.name, loss_name=loss_fn.name,
                            batch_size=None if full_batch else batch_size, weight_decay=weight_decay,
                            input_noise=noise,
                            engine=choice.engine, engine_reason=choice.describe())
    per_epoch_engine = "buffered" if choice.engine == "compiled" else choice.engine   # (for the final loss)
    if executor is not None:                                        # the rows on workers, θ here
        objective = DistributedObjective(trainee, X, T, loss_fn, executor, weight_decay, per_epoch_engine,
                                         block_rows)
    elif blocked:                                                   # the same sums, in this process
        objective = BlockedObjective(trainee, X, T, loss_fn, weight_decay, per_epoch_engine, block_rows)
    elif stream is None:
        objective = NetworkObjective(trainee, X, T, loss_fn, per_epoch_engine, weight_decay)
    else:
        objective = _SourceObjective(trainee, weight_decay)
    if blocked:
        record.engine_reason += f"; {objective.describe()}"
        record.data_parallel = objective.facts()
    decay = objective.decay                                         # None without weight decay
    theta = objective.theta                                         # (K, p) view of trainee.theta
    K = theta.shape[0]
    if opt.needs_jacobian and not blocked:                          # refuse before any work (blocks: in chunks)
        check_jacobian_fits(K, T.size, trainee.n_params, theta.itemsize, opt.name)

    opt_state = opt.init(theta)
    opt_state["compiled"] = choice.compiled_steps                   # the optimiser's compiled step, if chosen
    g_sum = None if full_batch else np.zeros_like(theta)
    in_products = choice.fused_step                                 # minibatch gd inside the products
    # minibatches: buffers per batch size (also for the epoch's loss, in chunks), or the reference
    if stream is not None:                                          # each batch's rows as read from the source
        kernel = (MiniBatch(trainee, None, None, loss_fn, wide=choice.engine == "wide")
                  if choice.engine != "reference" else None)
        batches = _Stream(trainee, stream, loss_fn, kernel, batch_size, rng)
    elif not full_batch and choice.engine != "reference":
        batches = MiniBatch(trainee, X, T, loss_fn, gemm=in_products, wide=choice.engine == "wide")
    else:
        batches = None
    if noise > 0 and batches is not None:
        batches.jitter(noise, noise_rng)

    def inputs(rows):                                               # the reference engine's batch inputs
        return X[rows] if noise == 0 else add_input_noise(X[rows], noise, noise_rng)
    stacked = choice.engine == "compiled" and trainee.n_stack is not None     # each network on its own
    chunks = (StackLoop(trainee, X, T, loss_fn, opt, opt_state, EXPLOSION) if stacked       # blocks of epochs
              else _StackOfOne(GDLoop(trainee, X, T, loss_fn, opt.lr, EXPLOSION)) if choice.engine == "compiled"
              else _StackOfOne(EpochChunks(trainee, X, T, loss_fn, opt, opt_state, EXPLOSION)) if choice.chunked
              else None)
    threads = blas_threads(trainee, batch_size or n)                # one BLAS thread or all: measured

    def training_loss():                                            # E, on the data alone
        return np.reshape(batches.loss(), -1) if batches is not None else objective.data_loss()
    state = TrainState(val_fail=np.zeros(K, int))
    history = {name: [] for name in ("loss", "val_loss", "test_loss", "grad_norm", "lr", "mu", "gamma",
                                     "val_fail", "time")}
    active = np.ones(K, dtype=bool)
    reasons, stop_epoch = [""] * K, np.zeros(K, int)
    restore_best = np.zeros(K, dtype=bool)                          # diverged / interrupted
    best_theta, best_crit = theta.copy(), np.full(K, np.inf)
    best_epoch = np.zeros(K, int)
    limit = None                                                    # divergence threshold per network
    live = LiveRecord(record, history, best_epoch) if callback is not None else None
    all_active = True
    t0 = time.perf_counter()

    def held_out(pair):                                             # the loss over a validation / test pair
        if pair is None:
            return None
        if in_products:     # through the steps' BLAS (NumPy's in between would spin its threads against it)
            kernel = MiniBatch(trainee, *pair, loss_fn, gemm=True)
            return lambda: np.reshape(kernel.loss(), -1)
        return lambda: np.reshape(loss_fn.value(trainee.forward(pair[0]), pair[1]), -1)
    val_loss, test_loss = held_out(val), held_out(tst)

    def evaluate(held_out_loss):
        return None if held_out_loss is None else held_out_loss()

    stop_loss = np.full(K, np.nan)        # training loss at the epoch each network stopped (θ held since)
    best_what = ("validation loss" if val is not None else "loss" if decay is None
                 else "loss + weight penalty")   # what best_crit holds

    def take_best_of_chunks() -> None:                              # a chunked engine keeps its own best
        best_theta[...], best_crit[...], best_epoch[...] = chunks.best, chunks.best_loss, chunks.best_epoch

    def stop(k: int, reason: str, restore: bool = False) -> None:
        nonlocal all_active
        reasons[k], active[k], stop_epoch[k] = reason, False, state.epoch
        restore_best[k], all_active = restore, False
        if not restore:
            stop_loss[k] = E[k]

    chunk_steps, measure_only = 8, False                            # (compiled chunks: epochs per chunk)
    held = {"loss": np.full(K, np.nan), "grad_norm": np.full(K, np.nan)}   # chunks: a stopped network's last values
    with progress_bar(epochs, progress, "training" if stream is None else "training (streamed)") as show, \
            (threads if full_batch else nullcontext()):
        try:
            while True:
                epoch = state.epoch
                if chunks is not None:                              # chunked engines: a block of epochs at once
                    t_start = time.perf_counter() - t0
                    done, how = chunks.run(epoch, chunk_steps, rules, active, measure_only)
                    state.elapsed = time.perf_counter() - t0
                    E, gnorm, m = _chunk_history(chunks, done, held, history, opt_state, t_start, state.elapsed)
                    take_best_of_chunks()
                    state.loss, state.grad_norm = E, gnorm
                    for k in np.flatnonzero(how == DIVERGED):
                        state.epoch = epoch + int(done[k]) - 1
                        stop(k, divergence_reason(state.epoch, float(E[k]), int(best_epoch[k]), float(best_crit[k]),
                                                  opt), restore=True)
                    for k in np.flatnonzero(how == STOPPED):
                        state.epoch = epoch + int(done[k]) - 1
                        reason = check(rules, state, np.arange(K) == k).get(k) or _between_chunks(rules, state)
                        stop(k, reason)
                    state.epoch = epoch + m - 1
                    show(state.epoch, E[0].item())
                    if not active.any():
                        break
                    state.epoch += 1                                # (θ has taken that epoch's step)
                    measure_only = any(rule.chunk_limit()[0] == "between_chunks" and rule.fired(state)
                                       for rule in rules)           # e.g. time: measure the next epoch and stop
                    if state.elapsed - t_start < 2e-3:              # chunks of about a millisecond or more
                        chunk_steps = min(2 * chunk_steps, 1 << 16)
                    continue
                if full_batch:                                      # F = E + (λ/2)Σw², F is E without decay
                    threads.tick()
                    E, F, grad = objective.losses_and_grad()
                    gnorm = np.sqrt(np.einsum("kp,kp->k", grad, grad))
                else:                                               # minibatches
                    if batch_loss and epoch:                        # the last epoch's batches, weighted by rows
                        E = batch_sum / n if loss_fn.mean_over_rows else batch_sum.copy()
                    else:                                           # chunked forward passes, buffers reused
                        E = training_loss()
                    F = E if decay is None else E + decay.penalty(theta)
                    gnorm = state.grad_norm if epoch else np.full(K, np.nan)
                if limit is None:
                    limit = EXPLOSION * np.maximum(np.where(np.isfinite(E), E, 1.0), 1.0)
                Ev, Et = evaluate(val_loss), evaluate(test_loss)
                criterion = Ev if Ev is not None else F             # what "best" and schedules follow
                if sched is not None:                               # the rate for this epoch's step
                    factor = sched(epoch, criterion)
                    opt_state["lr"] = opt.lr * (np.reshape(factor, (-1, 1)) if np.ndim(factor) else factor)
                state.elapsed = time.perf_counter() - t0
                state.loss, state.grad_norm, state.mu = E, gnorm, opt_state.get("mu")
                history["loss"].append(E)
                history["grad_norm"].append(gnorm)
                history["time"].append(state.elapsed)
                if Ev is not None:
                    history["val_loss"].append(Ev)
                if Et is not None:
                    history["test_loss"].append(Et)
                for key in ("lr", "mu", "gamma"):
                    if key in opt_state:
                        value = opt_state[key]
                        history[key].append(value.copy() if isinstance(value, np.ndarray) else value)

                # divergence: stop those networks, keep their best weights
                if not (E <= limit).all():                          # NaN fails <= too
                    for k in np.flatnonzero(active & ~(E <= limit)):
                        stop(k, divergence_reason(epoch, float(E[k]), int(best_epoch[k]), float(best_crit[k]), opt,
                                                  best_what),
                             restore=True)

                # best weights so far: by validation loss, else training loss
                improved = criterion < best_crit
                if improved.any():
                    improved &= active
                    np.copyto(best_theta, theta, where=improved[:, None])
                    np.copyto(best_crit, criterion, where=improved)
                    np.copyto(best_epoch, epoch, where=improved)
                if Ev is not None:
                    state.val_fail = np.where(improved, 0, state.val_fail + 1)
                    history["val_fail"].append(state.val_fail.copy())

                if callback is not None:
                    callback(epoch, live)
                show(epoch, E[0].item())
                for k, reason in check(rules, state, active).items():
                    stop(k, reason)
                if not all_active and not active.any():
                    break

                # one epoch of the algorithm (stopped networks are held still)
                frozen = None if all_active else theta[~active].copy()
                if not full_batch:
                    lr = opt_state.get("lr")
                    fused = in_products and np.ndim(lr) == 0 and lr > 0     # (Σg is read off θ's change)
                    if fused:                                       # θ at the epoch's start
                        np.copyto(g_sum, theta)
                    else:
                        g_sum.fill(0.0)
                    if batch_loss:
                        batch_sum = np.zeros(K)
                    with threads:
                        for rows in (_batches(n, batch_size, rng, shuffle) if stream is None
                                     else batches.read(batch_size, rng)):          # (rows: a batch read)
                            threads.tick()
                            if fused:
                                batches.descend(rows, lr)
                                continue
                            if batch_loss:                          # the batch's loss from its own forward pass
                                E_batch, g = (batches.loss_and_grad(rows) if batches is not None
                                              else loss_and_grad(trainee, inputs(rows), T[rows], loss_fn))
                                batch_sum += np.reshape(E_batch, -1) * (len(rows) if loss_fn.mean_over_rows else 1)
                            else:
                                g = (batches.gradient(rows) if batches is not None
                                     else loss_and_grad(trainee, inputs(rows), T[rows], loss_fn)[1])
                            g = g.reshape(K, -1)
                            if decay is not None:                   # the batch's mean loss + (λ/2)Σw²
                                g = decay.gradient(g, theta)
                            opt.step_and_sum(theta, g, opt_state, None, g_sum)   # and g_sum += g
                    n_batches = -(-n // batch_size)
                    if not fused:                                   # the norm of the epoch's mean gradient
                        state.grad_norm = np.linalg.norm(g_sum / n_batches, axis=1)
                    elif not _sum_of_steps(g_sum, theta, lr, n_batches, state):
                        in_products = False                         # from now on the gradients are summed
                elif isinstance(opt, FirstOrder):
                    opt.step(theta, grad, opt_state, F)
                else:
                    opt.step(objective, opt_state, F, grad)
                if frozen is not None:
                    theta[~active] = frozen
                state.epoch += 1
        except WorkersLost as lost:                                 # retried already: stop, keep the best
            for k in np.flatnonzero(active):
                stop(k, f"{lost}; stopped at epoch {state.epoch}, kept the best weights (epoch {best_epoch[k]})",
                     restore=True)
        except KeyboardInterrupt:
            if chunks is not None:                                  # the best weights of the chunks so far
                take_best_of_chunks()
                keys = [key for key in ("loss", "grad_norm", "time", "lr") if history[key] or key != "lr"]
                measured = min(len(history[key]) for key in keys)
                for key in keys:
                    del history[key][measured:]
                state.epoch = measured
            for k in np.flatnonzero(active):
                stop(k, f"interrupted: stopped by the user at epoch {state.epoch}; "
                        f"kept the best weights (epoch {best_epoch[k]})", restore=True)
                stop_epoch[k] = min(state.epoch, len(history["loss"]) - 1)

    # the weights each network ends with
    keep_best = restore_best | (val is not None)
    np.copyto(theta, best_theta, where=keep_best[:, None])
    # the final loss, measured already (saves a pass over the data): where θ is still that of the stop
    # epoch, and where the best weights were restored by the training loss they were chosen on
    final = np.full(K, np.nan) if val is not None or batch_loss else np.where(
        restore_best, best_crit if decay is None else np.nan, stop_loss)
    if not np.isfinite(final).all():
        final = training_loss()
    final_val = evaluate(val_loss)
    minimised = final if decay is None else final + decay.penalty(theta)

    chosen = int(np.nanargmin(np.where(np.isfinite(final_val), final_val, np.inf)) if val is not None
                 else np.nanargmin(np.where(np.isfinite(minimised), minimised, np.inf)))
    _fill_record(record, history, chosen, int(stop_epoch[chosen]))
    record.stop_reason = reasons[chosen]
    record.best_epoch = int(best_epoch[chosen])
    record.final_loss = float(final[chosen])
    if K > 1:
        record.chosen_restart = chosen
        record.restarts = [
            {"restart": k, "final_loss": float(final[k]), "epochs": int(stop_epoch[k]),
             "best_epoch": int(best_epoch[k]), "stop_reason": reasons[k],
             **({"best_val_loss": float(final_val[k])} if val is not None else {})}
            for k in range(K)
        ]
    if trainee is not net:
        net.theta = theta[chosen]
    return record


class _StackOfOne:
    """A one-network chunked engine (:class:`~bpnn.engines.compiled.GDLoop`,
    :class:`~bpnn.engines.chunks.EpochChunks`) seen as a stack of one, as
    :class:`~bpnn.engines.compiled.StackLoop` is run: so the loop has one branch for chunks."""

    def __init__(self, engine) -> None:
        self.engine = engine

    def run(self, epoch: int, steps: int, rules, active, measure_only: bool = False):
        done, how = self.engine.run(epoch, steps, rules, measure_only)
        return np.array([done]), np.array([how])

    losses = property(lambda self: self.engine.losses[None])
    gnorms = property(lambda self: self.engine.gnorms[None])
    best = property(lambda self: self.engine.best)
    best_loss = property(lambda self: self.engine.best_loss)
    best_epoch = property(lambda self: self.engine.best_epoch)


def _chunk_history(chunks, done: np.ndarray, held: dict, history: dict, opt_state: dict, t_start: float,
                   t_end: float) -> tuple[np.ndarray, np.ndarray, int]:
    """A compiled stack's chunk into the per-epoch history: one row of K values per epoch, a network that
    stopped (in this chunk or before) held at its last value, as the per-epoch loop holds it still.
    Returns each network's last E and ‖∇E‖, and the chunk's epochs."""
    m = int(done.max())
    inside = np.arange(m) < done[:, None]                           # (K, m): measured in this chunk
    rows = np.arange(len(done))
    for key, values in (("loss", chunks.losses), ("grad_norm", chunks.gnorms)):
        held[key] = np.where(done > 0, values[rows, np.maximum(done - 1, 0)], held[key])
        history[key] += (values[0, :m].tolist() if isinstance(chunks, _StackOfOne)      # (floats: no array an epoch)
                         else list(np.where(inside, values[:, :m], held[key][:, None]).T))
    history["time"] += (t_start + (t_end - t_start) * np.arange(1, m + 1) / m).tolist()
    if "lr" in opt_state:
        lr = opt_state["lr"]
        history["lr"] += ([float(np.reshape(lr, -1)[0])] * m if isinstance(chunks, _StackOfOne) or np.ndim(lr) == 0
                          else list(np.where(inside, chunks.rates[:, :m], np.asarray(lr)[:, None]).T))
    return held["loss"].copy(), held["grad_norm"].copy(), m


def _between_chunks(rules, state: TrainState) -> str:
    """The reason of the between-chunks rule (time) that ended a compiled run's last, measure-only chunk."""
    for rule in rules:
        if rule.chunk_limit()[0] == "between_chunks":
            return rule.reason(state, 0)
    return "stopped"


def _sum_of_steps(total: np.ndarray, theta: np.ndarray, lr: float, steps: int, state: TrainState) -> bool:
    """An epoch of gd steps made inside the products: its gradient sum Σg read off the weights,
    ``total ← (θ_start − θ_end)/lr`` (``total`` holds θ_start), and its mean's norm into
    ``state.grad_norm`` — where that is a measurement.

    Each step rounds θ to its dtype: a weight's step can lose up to half its ulp, every step
    alike (a step below half an ulp is lost whole), so the mean gradient read off the weights
    is off by at most ‖ulp(θ)‖/(2·lr).  Where its norm is not 100 times that (a small rate,
    float32 weights, a vanishing gradient), the figure is not trusted: the norm is NaN (not
    measured, so no ``min_grad`` stop is decided on it) and False is returned, for the loop to
    sum its gradients from then on.
    """
    total -= theta
    total /= lr
    norm = np.linalg.norm(total / steps, axis=1)
    worst = np.linalg.norm(np.spacing(theta).astype(float), axis=1) / (2 * lr)      # ulp in θ's dtype
    measured = bool((norm >= 100 * worst).all())
    state.grad_norm = norm if measured else np.full(len(norm), np.nan)
    return measured


