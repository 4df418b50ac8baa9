"""Adam: adaptive moment estimation.

    m ← β₁m + (1 − β₁)g        v ← β₂v + (1 − β₂)g²
    θ ← θ − η · m̂ / (√v̂ + ε),   m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)

Reference: D. P. Kingma and J. Ba, "Adam: a method for stochastic
optimization", ICLR 2015.
"""

from __future__ import annotations

import numpy as np

from . import _compiled as compiled
from .base import FirstOrder, check_options


class Adam(FirstOrder):
    """Adam with bias correction.

    Parameters
    ----------
    lr : float, default 0.001
    beta1, beta2 : float, default 0.9, 0.999
    eps : float, default 1e-8

    Examples
    --------
    >>> theta = np.array([[1.0, 1.0]])
    >>> opt = Adam(lr=0.1)
    >>> opt.step(theta, np.array([[3.0, -0.01]]), opt.init(theta), None)
    >>> np.round(theta, 6)        # the first step is ±lr whatever the gradient's size
    array([[0.9, 1.1]])
    """

    name, matlab, uses_lr = "adam", "", True

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        check_options(lr=lr, eps=eps)
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps

    def init(self, theta: np.ndarray) -> dict:
        return {"lr": self.lr, "m": np.zeros_like(theta), "v": np.zeros_like(theta), "t": 0,
                "scratch": (np.empty_like(theta), np.empty_like(theta))}

    @property
    def compiled_step(self):
        return "adam" if type(self).step is Adam.step else None

    def step(self, theta: np.ndarray, grad: np.ndarray, state: dict, loss) -> None:
        """One Adam step in place, into two scratch arrays made once (no weight-sized temporaries).

        Each line is the operation the formulas above name, in their order
        and in the same types, so the step gives the same bits as the
        expression ``θ −= η·m̂ / (√v̂ + ε)`` written with temporaries (a test
        holds them equal).
        """
        state["t"] += 1
        # one compiled pass where the training loop found it worth loading (state["compiled"])
        if state.get("compiled") and compiled.adam_step(self, theta, grad, state):
            return
        b1, b2 = self.beta1, self.beta2
        m, v, t = state["m"], state["v"], state["t"]
        s, r = state["scratch"]
        m *= b1
        m += np.multiply(grad, 1 - b1, out=s)                   # m ← β₁m + (1 − β₁)g
        v *= b2
        np.multiply(grad, 1 - b2, out=r)
        v += np.multiply(r, grad, out=r)                        # v ← β₂v + (1 − β₂)g²
        m_hat = np.divide(m, 1 - b1 ** t, out=s)
        root = np.sqrt(np.divide(v, 1 - b2 ** t, out=r), out=r)   # √v̂
        root += self.eps
        lr = state["lr"]
        if np.ndim(lr) == 0 and np.result_type(lr, theta) == theta.dtype:
            m_hat *= lr
            theta -= np.divide(m_hat, root, out=m_hat)          # θ ← θ − η·m̂ / (√v̂ + ε)
        else:                                                   # a rate per network, or one that widens θ's type
            theta -= lr * m_hat / root
