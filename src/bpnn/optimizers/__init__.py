"""Training algorithms, one per module, with MATLAB's names as aliases.

=========  ==========  ==================================================
name       MATLAB      module
=========  ==========  ==================================================
gd         traingd     :mod:`~bpnn.optimizers.gd`
gdm        traingdm    :mod:`~bpnn.optimizers.gdm`
gda        traingda    :mod:`~bpnn.optimizers.gda`
gdx        traingdx    :mod:`~bpnn.optimizers.gda`
rprop      trainrp     :mod:`~bpnn.optimizers.rprop`
adam       —           :mod:`~bpnn.optimizers.adam`
scg        trainscg    :mod:`~bpnn.optimizers.scg`
bfgs       trainbfg    :mod:`~bpnn.optimizers.bfgs`
lbfgs      —           :mod:`~bpnn.optimizers.lbfgs`
lm         trainlm     :mod:`~bpnn.optimizers.lm`
br         trainbr     :mod:`~bpnn.optimizers.br`
=========  ==========  ==================================================

See :mod:`bpnn.optimizers.base` for the two protocols they follow.
"""

from __future__ import annotations

from ..errors import BPNNError, did_you_mean
from .adam import Adam
from .base import FirstOrder, ObjectiveBased, Optimizer
from .bfgs import BFGS
from .br import BayesianRegularization
from .gd import GradientDescent
from .gda import AdaptiveGradientDescent, AdaptiveMomentum
from .gdm import Momentum
from .lbfgs import LBFGS
from .lm import LevenbergMarquardt
from .rprop import Rprop
from .scg import ScaledConjugateGradient

OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (GradientDescent, Momentum, AdaptiveGradientDescent, AdaptiveMomentum, Rprop,
                              Adam, ScaledConjugateGradient, BFGS, LBFGS, LevenbergMarquardt,
                              BayesianRegularization)
}
ALIASES = {cls.matlab: name for name, cls in OPTIMIZERS.items() if cls.matlab}
ALIASES.update({"sgd": "gd", "momentum": "gdm", "trainbfgs": "bfgs", "levenberg_marquardt": "lm"})


def resolve(name: str) -> str:
    """The canonical algorithm name for a name or MATLAB alias."""
    if not isinstance(name, str):
        raise BPNNError(f"algorithm must be a name such as 'lm' or 'trainlm', got {name!r}")
    key = name.strip().lower().replace("-", "_")
    key = ALIASES.get(key, key)
    if key not in OPTIMIZERS:
        raise BPNNError.of("err_unknown_algorithm", name=name, hint=did_you_mean(key, [*OPTIMIZERS, *ALIASES]),
                           choices=", ".join(OPTIMIZERS), matlab=", ".join(sorted(ALIASES)))
    return key


def get_optimizer(name, **options) -> Optimizer:
    """Build an algorithm by name (``"lm"`` or MATLAB's ``"trainlm"``) with its options.

    Examples
    --------
    >>> get_optimizer("traingd", lr=0.1)
    GradientDescent(lr=0.1)
    >>> get_optimizer("trainlm")
    LevenbergMarquardt(mu=0.001, mu_dec=0.1, mu_inc=10, mu_max=1e+10)
    """
    if isinstance(name, Optimizer):
        return name
    cls = OPTIMIZERS[resolve(name)]
    try:
        return cls(**options)
    except TypeError:
        import inspect

        known = [p for p in inspect.signature(cls).parameters]
        unknown = sorted(set(options) - set(known))
        raise BPNNError(
            f"{cls.name} does not take option(s) {', '.join(unknown)}; its options are: "
            f"{', '.join(known) or 'none'}"
        ) from None


__all__ = ["OPTIMIZERS", "ALIASES", "FirstOrder", "ObjectiveBased", "Optimizer", "get_optimizer", "resolve"]
