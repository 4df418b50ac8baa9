"""Stop rules: each looks at the training state and gives a reason, or nothing.

After each epoch the training loop asks every rule; the first one that fires
ends training (for that network, when a stack of networks trains together)
and its reason goes into the record (``record.stop_reason``).  A reason
starts with the rule's name, as MATLAB's ``tr.stop`` does::

    epochs: reached the maximum of 5000 epochs
    goal: loss 9.870e-04 reached the goal 0.001
    min_grad: gradient norm 8.1e-08 fell below 1e-07
    max_fail: validation loss did not improve for 6 epochs
    time: reached the limit of 10 s
    mu_max: mu 1e+11 exceeded 1e+10

Rules are plain objects, not exceptions: stopping is normal control flow.
The state holds one value per network (arrays of shape (K,)), so one rule
decides for a whole stack at once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np


@dataclass
class TrainState:
    """What the stop rules can see; the loop updates it in place every epoch.

    ``loss``, ``grad_norm``, ``val_fail`` and ``mu`` hold one value per network
    (arrays of shape (K,)), or plain floats when one network trains alone.
    """

    epoch: int = 0
    loss: np.ndarray = field(default_factory=lambda: np.array([np.inf]))
    grad_norm: np.ndarray = field(default_factory=lambda: np.array([np.inf]))
    val_fail: np.ndarray = field(default_factory=lambda: np.array([0]))
    elapsed: float = 0.0
    mu: np.ndarray | None = None


class Rule(ABC):
    """A stop rule: ``fired(state)`` → bool per network; ``reason(state, k)`` → text."""

    @abstractmethod
    def fired(self, s: TrainState) -> np.ndarray | bool:
        """True for each network this rule stops now (one bool when it is the same for all)."""

    @abstractmethod
    def reason(self, s: TrainState, k: int) -> str:
        """Why network k stops, starting with the rule's name."""

    def chunk_limit(self) -> tuple[str, float] | None:
        """The limit this rule sets inside a compiled chunk of epochs — ``("epochs", n)``,
        ``("goal", E)``, ``("min_grad", g)`` — or ``("between_chunks", ...)`` for a rule the loop
        checks between chunks; None (the default, e.g. for a rule of your own) when it cannot be
        applied inside a chunk, and then the compiled engine declines the run."""
        return None


@dataclass(frozen=True)
class MaxEpochs(Rule):
    """Stop after ``limit`` epochs (MATLAB ``epochs``)."""

    limit: int

    def fired(self, s):
        return s.epoch >= self.limit

    def reason(self, s, k):
        return f"epochs: reached the maximum of {self.limit} epochs"

    def chunk_limit(self):
        return ("epochs", self.limit)


@dataclass(frozen=True)
class Goal(Rule):
    """Stop when the training loss is at or below ``goal`` (MATLAB ``goal``)."""

    goal: float

    def fired(self, s):
        return s.loss <= self.goal

    def reason(self, s, k):
        return f"goal: loss {_at(s.loss, k):.3e} reached the goal {self.goal:g}"

    def chunk_limit(self):
        return ("goal", self.goal)


@dataclass(frozen=True)
class MinGrad(Rule):
    """Stop when ‖∂E/∂θ‖ falls below ``min_grad`` (MATLAB ``min_grad``)."""

    min_grad: float

    def fired(self, s):
        return s.grad_norm < self.min_grad

    def reason(self, s, k):
        return f"min_grad: gradient norm {_at(s.grad_norm, k):.3e} fell below {self.min_grad:g}"

    def chunk_limit(self):
        return ("min_grad", self.min_grad)


@dataclass(frozen=True)
class MaxFail(Rule):
    """Stop after ``max_fail`` epochs in a row without a better validation loss."""

    max_fail: int

    def fired(self, s):
        return s.val_fail >= self.max_fail

    def reason(self, s, k):
        return f"max_fail: validation loss did not improve for {self.max_fail} epochs"


@dataclass(frozen=True)
class MaxTime(Rule):
    """Stop after ``seconds`` of wall time (MATLAB ``time``)."""

    seconds: float

    def fired(self, s):
        return s.elapsed >= self.seconds

    def reason(self, s, k):
        return f"time: reached the limit of {self.seconds:g} s"

    def chunk_limit(self):
        return ("between_chunks", self.seconds)


@dataclass(frozen=True)
class MuMax(Rule):
    """Stop when Levenberg–Marquardt's μ exceeds ``mu_max``."""

    mu_max: float

    def fired(self, s):
        return s.mu is not None and s.mu > self.mu_max

    def reason(self, s, k):
        return f"mu_max: mu {_at(s.mu, k):.3g} exceeded {self.mu_max:g}"


def _at(values, k: int) -> float:
    """Network k's value from a per-network array, or the value itself for one network."""
    return values[k] if isinstance(values, np.ndarray) else values


def check(rules, state: TrainState, active: np.ndarray) -> dict[int, str]:
    """Reasons for the active networks that must stop now: ``{k: reason}``.

    Examples
    --------
    >>> s = TrainState(epoch=3, loss=np.array([1e-4, 0.5]), grad_norm=np.array([1.0, 1.0]))
    >>> check([MaxEpochs(10), Goal(1e-3)], s, np.array([True, True]))
    {0: 'goal: loss 1.000e-04 reached the goal 0.001'}
    """
    stopped: dict[int, str] = {}
    for rule in rules:
        fired = rule.fired(state)            # a bool for all networks, or one per network
        if fired is True or (fired is not False and fired.any()):
            for k in np.flatnonzero(fired & active):
                stopped.setdefault(int(k), rule.reason(state, int(k)))
    return stopped


def first_reason(rules, state: TrainState) -> str | None:
    """The reason of the first rule that fires for network 0, or None.

    Examples
    --------
    >>> first_reason([MaxEpochs(10), Goal(1e-3)], TrainState(epoch=10, loss=np.array([1e-4])))
    'epochs: reached the maximum of 10 epochs'
    """
    for rule in rules:
        fired = rule.fired(state)
        if fired if not isinstance(fired, np.ndarray) else fired.flat[0]:
            return rule.reason(state, 0)
    return None
