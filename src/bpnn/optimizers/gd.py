"""Gradient descent (MATLAB ``traingd``): θ ← θ − η ∂E/∂θ.

Full-batch when the loop passes the gradient over all samples (the seed
article's training), minibatch or online (batch of one) when it passes the
gradient of a batch.  The learning rate η is ``lr``; a schedule may change
it every epoch.

Reference: D. E. Rumelhart, G. E. Hinton and R. J. Williams, "Learning
representations by back-propagating errors", Nature 323, 1986.
"""

from __future__ import annotations

import numpy as np

from . import _compiled as compiled
from .base import FirstOrder, check_options


class GradientDescent(FirstOrder):
    """Plain gradient descent.

    Parameters
    ----------
    lr : float, default 0.01
        Learning rate η (MATLAB's default; the article's value).

    Examples
    --------
    >>> theta = np.array([[1.0, -2.0]])
    >>> opt = GradientDescent(lr=0.5)
    >>> opt.step(theta, np.array([[2.0, -2.0]]), opt.init(theta), None)
    >>> theta
    array([[ 0., -1.]])
    """

    name, matlab, uses_lr = "gd", "traingd", True

    def __init__(self, lr: float = 0.01) -> None:
        check_options(lr=lr)
        self.lr = lr

    def init(self, theta: np.ndarray) -> dict:
        return {"lr": self.lr}

    def step(self, theta: np.ndarray, grad: np.ndarray, state: dict, loss) -> None:
        theta -= state["lr"] * grad                     # θ ← θ − η ∂E/∂θ

    def steps_in_products(self) -> bool:
        return type(self).step is GradientDescent.step          # not a subclass with a step of its own

    @property
    def compiled_step(self):
        return "gd" if type(self).step is GradientDescent.step else None

    def step_and_sum(self, theta: np.ndarray, grad: np.ndarray, state: dict, loss, total: np.ndarray) -> None:
        # one compiled pass (compiled.gd_step_and_sum) where the training loop found it worth
        # loading (state["compiled"]); a subclass with a step of its own gets its own step
        if (not state.get("compiled") or type(self).step is not GradientDescent.step
                or not compiled.gd_step_and_sum(theta, grad, total, state["lr"])):
            super().step_and_sum(theta, grad, state, loss, total)
