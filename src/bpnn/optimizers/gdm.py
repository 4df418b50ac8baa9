"""Gradient descent with momentum (MATLAB ``traingdm``).

    v ← mc·v − (1 − mc)·η·∂E/∂θ        θ ← θ + v

(MATLAB's form: the (1 − mc) keeps the step size comparable to plain gradient
descent.)  With ``nesterov=True`` the gradient is taken at the look-ahead
point, written in the usual equivalent form θ ← θ + mc·v_new − (1 − mc)·η·∂E/∂θ.

Reference: B. T. Polyak, 1964; Y. Nesterov, 1983; I. Sutskever et al., ICML 2013.
"""

from __future__ import annotations

import numpy as np

from .base import FirstOrder, check_options


class Momentum(FirstOrder):
    """Gradient descent with (optionally Nesterov) momentum.

    Parameters
    ----------
    lr : float, default 0.01
    mc : float, default 0.9
        Momentum constant, in [0, 1).
    nesterov : bool, default False

    Examples
    --------
    >>> theta = np.array([[1.0]])
    >>> opt = Momentum(lr=0.1, mc=0.5)
    >>> state = opt.init(theta)
    >>> opt.step(theta, np.array([[1.0]]), state, None); theta   # v = −0.05
    array([[0.95]])
    >>> opt.step(theta, np.array([[1.0]]), state, None); theta   # v = 0.5·(−0.05) − 0.05
    array([[0.875]])
    """

    name, matlab, uses_lr = "gdm", "traingdm", True

    def __init__(self, lr: float = 0.01, mc: float = 0.9, nesterov: bool = False) -> None:
        check_options(lr=lr)
        if not 0 <= mc < 1:
            from ..errors import BPNNError
            raise BPNNError(f"mc (momentum) must be in [0, 1), got {mc!r}")
        self.lr, self.mc, self.nesterov = lr, mc, bool(nesterov)

    def init(self, theta: np.ndarray) -> dict:
        return {"lr": self.lr, "v": np.zeros_like(theta)}

    @property
    def compiled_step(self):
        return "gdm" if type(self).step is Momentum.step else None

    def step(self, theta: np.ndarray, grad: np.ndarray, state: dict, loss) -> None:
        v, mc = state["v"], self.mc
        descent = (1 - mc) * state["lr"] * grad
        v *= mc
        v -= descent                                    # v ← mc·v − (1 − mc)·η·∂E/∂θ
        if self.nesterov:
            theta += mc * v - descent
        else:
            theta += v
