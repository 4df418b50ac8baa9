"""Stop rules: each looks at the training state and returns a reason, or None.

The training loop asks every rule after each epoch; the first reason
returned ends training and is stored in the record (``record.stop_reason``).
A reason starts with the rule's name, as MATLAB's ``tr.stop`` does::

    epochs: reached the maximum of 5000 epochs
    goal: loss 9.87e-04 reached the goal 1e-03

Rules are plain objects, not exceptions: stopping is normal control flow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class TrainState:
    """What the stop rules can see; the loop updates it in place every epoch."""

    epoch: int = 0
    loss: float = math.inf
    grad_norm: float = math.inf
    val_fail: int = 0
    elapsed: float = 0.0
    mu: float | None = None


@dataclass(frozen=True)
class MaxEpochs:
    """Stop after ``limit`` epochs (MATLAB ``epochs``)."""

    limit: int

    def __call__(self, s: TrainState) -> str | None:
        if s.epoch >= self.limit:
            return f"epochs: reached the maximum of {self.limit} epochs"
        return None


@dataclass(frozen=True)
class Goal:
    """Stop when the training loss is at or below ``goal`` (MATLAB ``goal``)."""

    goal: float

    def __call__(self, s: TrainState) -> str | None:
        if s.loss <= self.goal:
            return f"goal: loss {s.loss:.3e} reached the goal {self.goal:g}"
        return None


@dataclass(frozen=True)
class MinGrad:
    """Stop when ‖∂E/∂θ‖ falls below ``min_grad`` (MATLAB ``min_grad``)."""

    min_grad: float

    def __call__(self, s: TrainState) -> str | None:
        if s.grad_norm < self.min_grad:
            return f"min_grad: gradient norm {s.grad_norm:.3e} fell below {self.min_grad:g}"
        return None


@dataclass(frozen=True)
class MaxFail:
    """Stop after ``max_fail`` epochs in a row without a better validation loss."""

    max_fail: int

    def __call__(self, s: TrainState) -> str | None:
        if s.val_fail >= self.max_fail:
            return f"max_fail: validation loss did not improve for {self.max_fail} epochs"
        return None


@dataclass(frozen=True)
class MaxTime:
    """Stop after ``seconds`` of wall time (MATLAB ``time``)."""

    seconds: float

    def __call__(self, s: TrainState) -> str | None:
        if s.elapsed >= self.seconds:
            return f"time: reached the limit of {self.seconds:g} s"
        return None


@dataclass(frozen=True)
class MuMax:
    """Stop when Levenberg–Marquardt's μ exceeds ``mu_max``."""

    mu_max: float

    def __call__(self, s: TrainState) -> str | None:
        if s.mu is not None and s.mu > self.mu_max:
            return f"mu_max: mu {s.mu:.3g} exceeded {self.mu_max:g}"
        return None


def first_reason(rules, state: TrainState) -> str | None:
    """The reason of the first rule that fires, or None.

    Examples
    --------
    >>> first_reason([MaxEpochs(10), Goal(1e-3)], TrainState(epoch=3, loss=1e-4))
    'goal: loss 1.000e-04 reached the goal 0.001'
    """
    for rule in rules:
        reason = rule(state)
        if reason is not None:
            return reason
    return None
