"""Gradient descent with an adaptive learning rate (MATLAB ``traingda``), and with
momentum too (MATLAB ``traingdx``).

Each epoch tries the step θ' = θ + v with v = mc·v − (1 − mc)·η·∂E/∂θ
(mc = 0 for ``gda``), then

* E(θ') > max_perf_inc · E(θ): the step is discarded, η ← η·lr_dec (and the
  momentum is cleared);
* E(θ') < E(θ): the step is kept and η ← η·lr_inc;
* otherwise the step is kept and η is unchanged.

Reference: MATLAB Deep Learning Toolbox documentation, ``traingda`` and
``traingdx``; T. P. Vogl et al., Biological Cybernetics 59, 1988.
"""

from __future__ import annotations

import numpy as np

from ..errors import BPNNError
from .base import ObjectiveBased, check_options


class AdaptiveGradientDescent(ObjectiveBased):
    """Gradient descent whose learning rate grows while the loss falls.

    Parameters
    ----------
    lr : float, default 0.01
    lr_inc, lr_dec : float, default 1.05, 0.7
    max_perf_inc : float, default 1.04
    mc : float, default 0.0
        Momentum constant (0.9 in ``gdx``).
    """

    name, matlab, uses_lr = "gda", "traingda", True
    schedulable = False

    def __init__(self, lr: float = 0.01, lr_inc: float = 1.05, lr_dec: float = 0.7,
                 max_perf_inc: float = 1.04, mc: float = 0.0) -> None:
        check_options(lr=lr, lr_inc=lr_inc, lr_dec=lr_dec, max_perf_inc=max_perf_inc)
        if not 0 <= mc < 1:
            raise BPNNError(f"mc (momentum) must be in [0, 1), got {mc!r}")
        self.lr, self.lr_inc, self.lr_dec, self.max_perf_inc, self.mc = lr, lr_inc, lr_dec, max_perf_inc, mc

    def init(self, theta: np.ndarray) -> dict:
        return {"lr": np.full(theta.shape[0], float(self.lr)), "v": np.zeros_like(theta)}

    @property
    def compiled_step(self):
        return "gda" if type(self).step is AdaptiveGradientDescent.step else None

    def step(self, objective, state: dict, loss: np.ndarray, grad: np.ndarray) -> None:
        theta, lr, v = objective.theta, state["lr"], state["v"]
        theta0 = theta.copy()
        v_try = self.mc * v - (1 - self.mc) * lr[:, None] * grad
        np.copyto(theta, theta0 + v_try)
        E_try = objective.loss()
        rejected = ~np.isfinite(E_try) | (E_try > self.max_perf_inc * loss)
        theta[rejected] = theta0[rejected]
        np.copyto(v, np.where(rejected[:, None], 0.0, v_try))
        state["lr"] = np.where(rejected, lr * self.lr_dec, np.where(E_try < loss, lr * self.lr_inc, lr))


class AdaptiveMomentum(AdaptiveGradientDescent):
    """``traingdx``: adaptive learning rate with momentum (mc = 0.9)."""

    name, matlab = "gdx", "traingdx"

    def __init__(self, lr: float = 0.01, lr_inc: float = 1.05, lr_dec: float = 0.7,
                 max_perf_inc: float = 1.04, mc: float = 0.9) -> None:
        super().__init__(lr, lr_inc, lr_dec, max_perf_inc, mc)
