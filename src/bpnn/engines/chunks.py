"""Chunks of epochs: how an engine runs several epochs between two visits of the training loop.

The one loop (:func:`bpnn.training.loop.train`) asks an engine either for one
epoch's E and ∂E/∂θ, or, where the engine can, for a *chunk*: up to N epochs
run and reported as a block (their losses and gradient norms, the best weights
among them, and how the chunk ended).  A chunk is handed the stop rules
themselves; each says what limit it sets inside a chunk (``Rule.chunk_limit``).
For a network of a few dozen weights this is what makes an epoch cost a few
microseconds instead of the loop's tens: the per-epoch checks run on plain
floats.

Two engines run chunks: the compiled engine (:class:`bpnn.engines.compiled.GDLoop`,
the epoch in numba) and the buffered engine for one network with a first-order
algorithm (:class:`EpochChunks`, the epoch in NumPy and the algorithm's own
step).  :func:`bpnn.engines.select.select` decides, and says so in its reason.
"""

from __future__ import annotations

import math

import numpy as np

RAN, STOPPED, DIVERGED = 0, 1, 2           # how a chunk ended


def chunk_limits(rules) -> dict:
    """The limits the stop rules set inside a chunk: ``{"epochs": n, "goal": E, "min_grad": g}``
    (rules checked between chunks, like the time limit, set none).

    Examples
    --------
    >>> from bpnn.training.stopping import Goal, MaxEpochs, MaxTime
    >>> chunk_limits([MaxEpochs(50), Goal(1e-3), MaxTime(5)])["epochs"], chunk_limits([Goal(1e-3)])["goal"]
    (50, 0.001)
    """
    limits = {"epochs": np.iinfo(np.int64).max, "goal": -np.inf, "min_grad": -np.inf}
    for rule in rules:
        kind, value = rule.chunk_limit()
        if kind in limits:
            limits[kind] = min(limits[kind], value) if kind == "epochs" else max(limits[kind], value)
    return limits


class EpochChunks:
    """Chunks of full-batch epochs of one network: the buffered engine's E and ∂E/∂θ, then the
    algorithm's own step, with the per-epoch checks on plain floats.

    The same interface as :class:`bpnn.engines.compiled.GDLoop` (``run``, ``losses``, ``gnorms``,
    ``best``, ``best_loss``, ``best_epoch``).  Any first-order algorithm: its ``step`` gets the
    gradient and the loss, as the loop would give them (``opt_state`` is the loop's).

    Examples
    --------
    >>> import bpnn
    >>> from bpnn.optimizers import get_optimizer
    >>> from bpnn.training.stopping import MaxEpochs
    >>> X, T = bpnn.sin_data()
    >>> net, opt = bpnn.article_network(), get_optimizer("gd", lr=0.01)
    >>> chunks = EpochChunks(net, X, T, bpnn.get_loss("mse"), opt, opt.init(net.theta.reshape(1, -1)), 1e8)
    >>> chunks.run(0, 3, [MaxEpochs(5000)]), round(float(chunks.losses[0]), 4)
    ((3, 0), 18.0275)
    """

    def __init__(self, net, X, T, loss, opt, opt_state: dict, explosion: float) -> None:
        from .buffered import FullBatch

        self.kernel = FullBatch(net, X, T, loss).loss_and_grad
        self.theta = net.theta
        self.theta_2d = self.theta.reshape(1, -1)
        self.opt, self.opt_state, self.explosion = opt, opt_state, float(explosion)
        self.best = self.theta.copy()
        self.best_loss = np.array([np.inf])
        self.best_epoch = np.zeros(1, dtype=np.int64)
        self.limit = -1.0                                 # set from the first loss
        self.losses = np.empty(0)
        self.gnorms = np.empty(0)

    def run(self, epoch: int, steps: int, rules, measure_only: bool = False) -> tuple[int, int]:
        """Run epochs ``epoch``… for at most ``steps`` steps (as :meth:`GDLoop.run
        <bpnn.engines.compiled.GDLoop.run>`): returns (epochs measured, RAN | STOPPED | DIVERGED)."""
        limits = chunk_limits(rules)
        max_epochs, goal, min_grad = limits["epochs"], limits["goal"], limits["min_grad"]
        if len(self.losses) < steps:
            self.losses, self.gnorms = np.empty(steps), np.empty(steps)
        theta, step, state = self.theta, self.opt.step, self.opt_state
        for i in range(steps):
            E, grad = self.kernel()
            E = float(E)
            gnorm = math.sqrt(float(np.dot(grad, grad)))
            self.losses[i], self.gnorms[i] = E, gnorm
            if self.limit < 0:
                self.limit = self.explosion * max(E if math.isfinite(E) else 1.0, 1.0)
            if not E <= self.limit:                      # NaN fails <= too
                return i + 1, DIVERGED
            if E < self.best_loss[0]:
                self.best_loss[0], self.best_epoch[0] = E, epoch + i
                np.copyto(self.best, theta)
            if epoch + i >= max_epochs or E <= goal or gnorm < min_grad or measure_only:
                return i + 1, STOPPED
            step(self.theta_2d, grad.reshape(1, -1), state, E)
        return steps, RAN
