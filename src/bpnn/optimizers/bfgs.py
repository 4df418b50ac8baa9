"""BFGS quasi-Newton (MATLAB ``trainbfg``), with a backtracking line search.

The inverse Hessian estimate H is updated from s = θₖ₊₁ − θₖ and
y = ∇E(θₖ₊₁) − ∇E(θₖ):

    H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ,   ρ = 1/(yᵀs)

and the direction is d = −H∇E, searched by Armijo backtracking (MATLAB's
default line search is also backtracking, ``srchbac``).  The update is
skipped when yᵀs is not positive; H is reset to I when d is not a descent
direction.  Memory O(p²): for small networks.

Reference: J. Nocedal and S. J. Wright, Numerical Optimization, 2nd ed.,
Springer 2006, §6.1.
"""

from __future__ import annotations

import numpy as np

from .base import ObjectiveBased, backtracking


class BFGS(ObjectiveBased):
    """BFGS with the inverse Hessian kept per problem (K × p × p)."""

    name, matlab = "bfgs", "trainbfg"
    defaults = {"epochs": 1000, "min_grad": 1e-6, "max_fail": 6}

    def init(self, theta: np.ndarray) -> dict:
        K, p = theta.shape
        return {"H": np.broadcast_to(np.eye(p), (K, p, p)).copy(), "s": None, "g": None}

    def step(self, objective, state: dict, loss: np.ndarray, grad: np.ndarray) -> None:
        H = state["H"]
        if state["s"] is not None:
            s, y = state["s"], grad - state["g"]
            sy = np.sum(s * y, 1)
            ok = sy > 1e-10 * np.linalg.norm(s, axis=1) * np.linalg.norm(y, axis=1)
            rho = np.where(ok, 1.0 / np.where(ok, sy, 1.0), 0.0)
            Hy = np.einsum("kij,kj->ki", H, y)
            yHy = np.sum(y * Hy, 1)
            # H + (1 + ρ yᵀHy) ρ s sᵀ − ρ (H y sᵀ + s yᵀ H), the product form expanded
            H += ((1 + rho * yHy) * rho)[:, None, None] * s[:, :, None] * s[:, None, :]
            H -= rho[:, None, None] * (Hy[:, :, None] * s[:, None, :] + s[:, :, None] * Hy[:, None, :])
        d = -np.einsum("kij,kj->ki", H, grad)
        slope = np.sum(grad * d, 1)
        uphill = slope >= 0
        if uphill.any():                                    # not a descent direction: restart
            H[uphill] = np.eye(H.shape[1])
            d[uphill] = -grad[uphill]
            slope[uphill] = -np.sum(grad[uphill] ** 2, 1)
        theta0 = objective.theta.copy()
        alpha, _ = backtracking(objective, d, loss, slope)
        state["s"], state["g"] = objective.theta - theta0, grad.copy()
