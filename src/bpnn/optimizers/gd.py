"""Gradient descent (MATLAB ``traingd``): θ ← θ − η ∂E/∂θ.

Full-batch when the loop passes the gradient over all samples (the seed
article's training), minibatch or online (batch of one) when it passes the
gradient of a batch.  The learning rate η is ``lr``.

Reference: D. E. Rumelhart, G. E. Hinton and R. J. Williams, "Learning
representations by back-propagating errors", Nature 323, 1986.
"""

from __future__ import annotations

import numpy as np

from ..validation import positive


class GradientDescent:
    """Plain gradient descent with a fixed learning rate.

    Parameters
    ----------
    lr : float, default 0.01
        Learning rate η (MATLAB's ``lr``; the article uses 0.01).

    Examples
    --------
    >>> theta = np.array([1.0, -2.0])
    >>> opt = GradientDescent(lr=0.5)
    >>> opt.step(theta, np.array([2.0, -2.0]), opt.init(theta))
    >>> theta
    array([ 0., -1.])
    """

    name = "gd"

    def __init__(self, lr: float = 0.01) -> None:
        self.lr = positive(lr, "lr")

    def init(self, theta: np.ndarray) -> dict:
        return {}

    def step(self, theta: np.ndarray, grad: np.ndarray, state: dict) -> None:
        theta -= self.lr * grad                      # θ ← θ − η ∂E/∂θ

    def __repr__(self) -> str:
        return f"GradientDescent(lr={self.lr:g})"
