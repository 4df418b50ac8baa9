"""Training algorithms, one per module.

First-order algorithms share one small protocol::

    state = opt.init(theta)          # whatever the algorithm remembers
    opt.step(theta, grad, state)     # update theta in place from ∂E/∂θ

Use :func:`get_optimizer` to build one by name; MATLAB names are aliases.
"""

from __future__ import annotations

from ..errors import BPNNError, did_you_mean
from .gd import GradientDescent

OPTIMIZERS = {"gd": GradientDescent}
ALIASES = {"traingd": "gd", "sgd": "gd"}


def get_optimizer(name, **options):
    """Build an optimiser by name (``"gd"`` or MATLAB's ``"traingd"``) with its options.

    Examples
    --------
    >>> get_optimizer("traingd", lr=0.1)
    GradientDescent(lr=0.1)
    """
    if not isinstance(name, str):
        return name
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in OPTIMIZERS:
        raise BPNNError(
            f"unknown training algorithm {name!r}{did_you_mean(key, [*OPTIMIZERS, *ALIASES])}; "
            f"choose one of: {', '.join(sorted([*OPTIMIZERS, *ALIASES]))}"
        )
    return OPTIMIZERS[key](**options)
