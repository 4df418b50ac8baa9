"""Limited-memory BFGS: BFGS from the last m pairs (s, y), in O(m·p) memory.

The direction d = −H∇E is computed by the two-loop recursion, with the
initial scaling γ = sᵀy / yᵀy of the newest pair, and searched by Armijo
backtracking.  Pairs with yᵀs ≤ 0 are stored with ρ = 0 and so ignored.

Reference: J. Nocedal and S. J. Wright, Numerical Optimization, 2nd ed.,
Springer 2006, Algorithm 7.4; D. C. Liu and J. Nocedal, Math. Prog. 45, 1989.
"""

from __future__ import annotations

import numpy as np

from ..validation import positive
from .base import ObjectiveBased, backtracking


class LBFGS(ObjectiveBased):
    """L-BFGS with ``memory`` pairs.

    Parameters
    ----------
    memory : int, default 10
    """

    name, matlab = "lbfgs", ""
    defaults = {"epochs": 1000, "min_grad": 1e-6, "max_fail": 6}

    def __init__(self, memory: int = 10) -> None:
        self.memory = positive(memory, "memory", integer=True)

    def init(self, theta: np.ndarray) -> dict:
        return {"pairs": [], "theta": None, "g": None}

    def step(self, objective, state: dict, loss: np.ndarray, grad: np.ndarray) -> None:
        pairs = state["pairs"]
        if state["theta"] is not None:
            s, y = objective.theta - state["theta"], grad - state["g"]
            sy = np.sum(s * y, 1)
            rho = np.where(sy > 1e-10 * np.linalg.norm(s, axis=1) * np.linalg.norm(y, axis=1),
                           1.0 / np.where(sy == 0, 1.0, sy), 0.0)
            pairs.append((s, y, rho))
            del pairs[:-self.memory]
        q = grad.copy()                                        # two-loop recursion
        coeffs = []
        for s, y, rho in reversed(pairs):
            a = rho * np.sum(s * q, 1)
            q -= a[:, None] * y
            coeffs.append(a)
        if pairs:
            s, y, rho = pairs[-1]
            gamma = np.where(rho > 0, np.sum(s * y, 1) / np.maximum(np.sum(y * y, 1), 1e-300), 1.0)
            q *= gamma[:, None]
        for (s, y, rho), a in zip(pairs, reversed(coeffs)):
            b = rho * np.sum(y * q, 1)
            q += (a - b)[:, None] * s
        d = -q
        slope = np.sum(grad * d, 1)
        uphill = slope >= 0
        d[uphill] = -grad[uphill]
        slope[uphill] = -np.sum(grad[uphill] ** 2, 1)
        state["theta"], state["g"] = objective.theta.copy(), grad.copy()
        backtracking(objective, d, loss, slope)
