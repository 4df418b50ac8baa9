"""Bayesian regularisation (MATLAB ``trainbr``): Levenberg–Marquardt on a
regularised objective whose weights α, β are re-estimated by MacKay's rules.

    F(θ) = β·E_D + α·E_W,      E_D = Σe²,  E_W = Σθ²

Each epoch takes a Levenberg–Marquardt step on F,

    Δθ = −(β JᵀJ + (α + μ) I)⁻¹ (β Jᵀe + α θ),

and after a successful step re-estimates, with λᵢ the eigenvalues of JᵀJ,

    γ = Σ βλᵢ / (βλᵢ + α)      (the effective number of parameters, 0 < γ < p)
    α = γ / (2 E_W),           β = (N − γ) / (2 E_D)

starting from α = 0, β = 1 as MATLAB does (so the first γ is the rank of
JᵀJ; N − γ is kept ≥ 1 so that β stays positive when there are about as
many weights as residuals).  γ measures how many weights the
data really determine: noisier targets → smaller γ → a smoother network.
Validation stopping is off by default (MATLAB's max_fail = 0 for trainbr).

Reference: D. J. C. MacKay, "Bayesian interpolation", Neural Computation 4,
1992; F. D. Foresee and M. T. Hagan, "Gauss–Newton approximation to Bayesian
learning", ICNN 1997.
"""

from __future__ import annotations

import numpy as np

from .base import ObjectiveBased, check_options
from .lm import MU_MIN, solve_damped


class BayesianRegularization(ObjectiveBased):
    """Levenberg–Marquardt with Bayesian (MacKay) regularisation.

    Parameters
    ----------
    mu : float, default 0.005
    mu_dec, mu_inc : float, default 0.1, 10
    mu_max : float, default 1e10
    """

    name, matlab = "br", "trainbr"
    needs_jacobian = True
    own_penalty = True          # α·Σθ² is part of the method: train() refuses weight_decay
    defaults = {"epochs": 1000, "min_grad": 1e-7, "max_fail": None}

    def __init__(self, mu: float = 0.005, mu_dec: float = 0.1, mu_inc: float = 10.0, mu_max: float = 1e10,
                 settle: float = 0.05) -> None:
        check_options(mu=mu, mu_dec=mu_dec, mu_inc=mu_inc, mu_max=mu_max, settle=settle)
        self.mu, self.mu_dec, self.mu_inc, self.mu_max, self.settle = mu, mu_dec, mu_inc, mu_max, settle

    def init(self, theta: np.ndarray) -> dict:
        K, p = theta.shape
        return {"mu": np.full(K, float(self.mu)), "alpha": np.zeros(K), "beta": np.ones(K),
                "gamma": np.full(K, float(p))}

    def step(self, objective, state: dict, loss: np.ndarray, grad: np.ndarray) -> None:
        theta, mu, alpha, beta = objective.theta, state["mu"], state["alpha"], state["beta"]
        K, p = theta.shape
        JtJ, Jte, E_D, N = objective.normal_equations()         # JᵀJ, Jᵀe, Σe² and the number of residuals
        s = objective.residual_scale                            # E = s·E_D
        F = beta * E_D + alpha * np.sum(theta * theta, 1)
        theta0 = theta.copy()
        eye = np.eye(p)
        searching = mu <= self.mu_max                             # a stopped network stays put
        moved = np.zeros(K, dtype=bool)
        while searching.any():
            idx = np.flatnonzero(searching)
            A = beta[idx, None, None] * JtJ[idx] + (alpha[idx] + mu[idx])[:, None, None] * eye
            rhs = beta[idx, None] * Jte[idx] + alpha[idx, None] * theta0[idx]
            theta[idx] = theta0[idx] - solve_damped(A, rhs)
            E_D = objective.loss(idx) / s                       # only the networks still searching
            F_try = beta[idx] * E_D + alpha[idx] * np.sum(theta[idx] ** 2, 1)
            better = np.zeros(K, dtype=bool)
            better[idx] = np.isfinite(F_try) & (F_try < F[idx])
            mu[better] = np.maximum(mu[better] * self.mu_dec, MU_MIN)
            moved |= better
            failed = searching & ~better
            theta[failed] = theta0[failed]
            mu[failed] *= self.mu_inc
            searching = failed & (mu <= self.mu_max)
        # MacKay's re-estimation assumes θ sits near a minimum of F: do it once a
        # step changes F by less than the relative ``settle`` (or nothing moved)
        settled = moved & (F - beta * objective.loss() / s - alpha * np.sum(theta * theta, 1) <= self.settle * F)
        moved = settled
        if moved.any():
            lam = np.clip(np.linalg.eigvalsh(JtJ[moved]), 0.0, None)
            b, a = beta[moved, None], alpha[moved, None]
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(a > 0, b * lam / (b * lam + a), lam > 1e-12 * lam.max(1, keepdims=True))
            gamma = np.sum(share, 1)                            # α = 0 (first step): the rank of JᵀJ
            E_W = np.sum(theta[moved] ** 2, 1)
            E_D = objective.loss()[moved] / s
            state["gamma"][moved] = gamma
            alpha[moved] = np.where(E_W > 0, gamma / (2 * np.maximum(E_W, 1e-300)), 1.0)
            beta[moved] = np.maximum(N - gamma, 1.0) / (2 * np.maximum(E_D, 1e-300))
