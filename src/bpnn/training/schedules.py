"""Learning-rate schedules: η at each epoch as a multiple of the base rate η₀.

The article's Q2 — how to choose the learning rate — has two answers: try
values (``bpnn study lr``), and let the rate change during training.  Each
schedule here is a small object called once per epoch with the epoch number
and the current loss (validation loss when there is a validation set); it
returns the factor f so that η = f·η₀.

==================  ==============================================  =============================
name                factor at epoch t                              options
==================  ==============================================  =============================
constant            1                                               —
step                drop^⌊t / every⌋                                every=100, drop=0.5
exponential         gamma^t                                         gamma=0.99
cosine              min + (1 − min)·(1 + cos(π·t/period))/2         period=1000, min_factor=0
plateau             ×factor after ``patience`` epochs without       patience=10, factor=0.5,
                    a relative improvement of ``threshold``         threshold=1e-4, min_factor=1e-4
warmup              (t + 1)/epochs, then the wrapped schedule       epochs=10, then=constant
==================  ==============================================  =============================

Schedules apply to the algorithms with a learning rate (gd, gdm, adam);
``gda``/``gdx`` adapt their own rate and Levenberg–Marquardt has μ instead.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import BPNNError, did_you_mean
from ..validation import positive


class Schedule:
    """Base class: ``schedule(epoch, loss) -> factor`` (a float, or one per network)."""

    name = "constant"

    def __call__(self, epoch: int, loss) -> float:
        return 1.0

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("_"))
        return f"{type(self).__name__}({opts})"


class Constant(Schedule):
    """η = η₀ throughout."""


class Step(Schedule):
    """Multiply by ``drop`` every ``every`` epochs.

    Examples
    --------
    >>> s = Step(every=10, drop=0.5)
    >>> [s(t, None) for t in (0, 9, 10, 25)]
    [1.0, 1.0, 0.5, 0.25]
    """

    name = "step"

    def __init__(self, every: int = 100, drop: float = 0.5) -> None:
        self.every, self.drop = positive(every, "every", integer=True), positive(drop, "drop")

    def __call__(self, epoch: int, loss) -> float:
        return self.drop ** (epoch // self.every)


class Exponential(Schedule):
    """Multiply by ``gamma`` every epoch: f = gammaᵗ."""

    name = "exponential"

    def __init__(self, gamma: float = 0.99) -> None:
        self.gamma = positive(gamma, "gamma")

    def __call__(self, epoch: int, loss) -> float:
        return self.gamma ** epoch


class Cosine(Schedule):
    """Cosine annealing from 1 to ``min_factor`` over ``period`` epochs (then stays there).

    Examples
    --------
    >>> s = Cosine(period=100)
    >>> round(s(0, None), 3), round(s(50, None), 3), round(s(100, None), 3)
    (1.0, 0.5, 0.0)
    """

    name = "cosine"

    def __init__(self, period: int = 1000, min_factor: float = 0.0) -> None:
        self.period = positive(period, "period", integer=True)
        self.min_factor = positive(min_factor, "min_factor", allow_zero=True)

    def __call__(self, epoch: int, loss) -> float:
        t = min(epoch, self.period) / self.period
        return self.min_factor + (1 - self.min_factor) * (1 + math.cos(math.pi * t)) / 2


class Plateau(Schedule):
    """Reduce on plateau: ×``factor`` after ``patience`` epochs without improvement.

    Improvement means a loss below best·(1 − threshold).  Works per network
    when given one loss per network.

    Examples
    --------
    >>> s = Plateau(patience=2, factor=0.5)
    >>> [s(t, 1.0) for t in range(5)]
    [1.0, 1.0, 1.0, 0.5, 0.5]
    """

    name = "plateau"

    def __init__(self, patience: int = 10, factor: float = 0.5, threshold: float = 1e-4,
                 min_factor: float = 1e-4) -> None:
        self.patience = positive(patience, "patience", integer=True)
        self.factor, self.threshold = positive(factor, "factor"), positive(threshold, "threshold", allow_zero=True)
        self.min_factor = positive(min_factor, "min_factor")
        self._best = self._wait = self._scale = None

    def __call__(self, epoch: int, loss):
        loss = np.atleast_1d(np.asarray(loss, dtype=float))
        if self._best is None:
            self._best, self._wait, self._scale = loss.copy(), np.zeros(loss.shape, int), np.ones(loss.shape)
            return float(self._scale[0]) if loss.size == 1 else self._scale.copy()
        improved = loss < self._best * (1 - self.threshold)
        self._best = np.where(improved, loss, self._best)
        self._wait = np.where(improved, 0, self._wait + 1)
        cut = self._wait > self.patience
        self._scale = np.where(cut, np.maximum(self._scale * self.factor, self.min_factor), self._scale)
        self._wait = np.where(cut, 0, self._wait)
        return float(self._scale[0]) if loss.size == 1 else self._scale.copy()


class Warmup(Schedule):
    """Rise linearly over the first ``epochs`` epochs, then follow ``then``.

    Examples
    --------
    >>> s = Warmup(epochs=4, then=Step(every=10, drop=0.1))
    >>> [s(t, None) for t in (0, 3, 4, 14)]
    [0.25, 1.0, 1.0, 0.1]
    """

    name = "warmup"

    def __init__(self, epochs: int = 10, then: Schedule | str | None = None) -> None:
        self.epochs = positive(epochs, "epochs", integer=True)
        self.then = get_schedule(then) if then is not None else Constant()

    def __call__(self, epoch: int, loss):
        if epoch < self.epochs:
            return (epoch + 1) / self.epochs
        return self.then(epoch - self.epochs, loss)


SCHEDULES = {cls.name: cls for cls in (Constant, Step, Exponential, Cosine, Plateau, Warmup)}
_ALIASES = {"none": "constant", "reduce_on_plateau": "plateau", "exp": "exponential", "warm_up": "warmup"}


def get_schedule(spec, **options) -> Schedule:
    """A schedule from a name and options, or ``"name:key=value,..."``, or an instance.

    Examples
    --------
    >>> get_schedule("step:every=50,drop=0.1")
    Step(every=50, drop=0.1)
    >>> get_schedule("cosine", period=200)
    Cosine(period=200, min_factor=0.0)
    """
    if isinstance(spec, Schedule):
        return spec
    if spec is None:
        return Constant()
    if not isinstance(spec, str):
        raise BPNNError(f"schedule must be a name such as 'step' or a Schedule, got {spec!r}")
    name, _, rest = spec.partition(":")
    for item in filter(None, rest.split(",")):
        key, eq, value = item.partition("=")
        if not eq:
            raise BPNNError(f"schedule option {item!r} must look like key=value, e.g. 'step:every=50,drop=0.5'")
        try:
            options[key.strip()] = int(value) if value.strip().lstrip("-").isdigit() else float(value)
        except ValueError:
            raise BPNNError(f"schedule option {key}={value!r} is not a number") from None
    key = name.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in SCHEDULES:
        raise BPNNError(f"unknown schedule {name!r}{did_you_mean(key, SCHEDULES)}; choose one of: "
                        f"{', '.join(SCHEDULES)}")
    try:
        return SCHEDULES[key](**options)
    except TypeError as exc:
        raise BPNNError(f"bad option for schedule {key!r}: {exc}") from None
