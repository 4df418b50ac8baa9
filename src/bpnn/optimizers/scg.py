"""Scaled conjugate gradient (Møller 1993; MATLAB ``trainscg``).

Conjugate directions p without a line search: the curvature along p is
estimated from two gradients, s = (∇E(θ + σₖp) − ∇E(θ))/σₖ with σₖ = σ/‖p‖,
and a Levenberg–Marquardt-like scale λ keeps δ = pᵀs + λ‖p‖² positive:

    μ = pᵀr,  α = μ/δ,  Δ = 2δ (E(θ) − E(θ + αp)) / μ²     (r = −∇E)
    Δ ≥ 0:    θ ← θ + αp;  new direction p ← r' + β p,  β = (‖r'‖² − r'ᵀr)/μ
              (p ← r' every p-th success);  Δ ≥ 0.75: λ ← λ/4
    Δ < 0.25: λ ← λ + δ(1 − Δ)/‖p‖²

Memory O(p), two gradient evaluations per epoch: the choice for large
networks and for classification.

Reference: M. F. Møller, "A scaled conjugate gradient algorithm for fast
supervised learning", Neural Networks 6, 1993.
"""

from __future__ import annotations

import numpy as np

from .base import ObjectiveBased, check_options

TINY = 1e-300


class ScaledConjugateGradient(ObjectiveBased):
    """Møller's SCG with MATLAB's defaults.

    Parameters
    ----------
    sigma : float, default 5e-5
        Step for the curvature estimate.
    lambda_ : float, default 5e-7
        Initial scale λ.
    """

    name, matlab = "scg", "trainscg"
    defaults = {"epochs": 1000, "min_grad": 1e-6, "max_fail": 6}

    def __init__(self, sigma: float = 5e-5, lambda_: float = 5e-7) -> None:
        check_options(sigma=sigma, lambda_=lambda_)
        self.sigma, self.lambda_ = sigma, lambda_

    def init(self, theta: np.ndarray) -> dict:
        K = theta.shape[0]
        return {"p": None, "r": None, "success": np.ones(K, bool), "moved": np.zeros(K, bool),
                "lam": np.full(K, self.lambda_), "lam_bar": np.zeros(K), "delta": np.zeros(K),
                "mu": np.ones(K), "count": np.zeros(K, int)}

    def step(self, objective, state: dict, loss: np.ndarray, grad: np.ndarray) -> None:
        theta, s = objective.theta, state
        r_new = -grad
        if s["p"] is None:                                  # first epoch: steepest descent
            s["p"], s["r"] = r_new.copy(), r_new.copy()
        elif s["moved"].any():                              # θ moved last epoch: new direction
            m = s["moved"]
            s["count"][m] += 1
            beta = (np.sum(r_new * r_new, 1) - np.sum(r_new * s["r"], 1)) / np.where(s["mu"] == 0, TINY, s["mu"])
            restart = (s["count"] % theta.shape[1] == 0)[:, None]
            p_new = np.where(restart, r_new, r_new + beta[:, None] * s["p"])
            s["p"][m], s["r"][m] = p_new[m], r_new[m]
        p, r, lam, lam_bar = s["p"], s["r"], s["lam"], s["lam_bar"]
        p2 = np.maximum(np.sum(p * p, 1), TINY)
        theta0 = theta.copy()

        # second-order information along p (only where the last step succeeded)
        sigma_k = self.sigma / np.sqrt(p2)
        np.copyto(theta, theta0 + sigma_k[:, None] * p)
        _, g_plus = objective.loss_and_grad()
        curvature = np.sum(p * (g_plus - grad), 1) / sigma_k
        delta = np.where(s["success"], curvature, s["delta"])

        delta = delta + (lam - lam_bar) * p2                # scale: δ + (λ − λ̄)‖p‖²
        negative = delta <= 0                               # make the Hessian estimate positive
        lam_bar = np.where(negative, 2 * (lam - delta / p2), lam_bar)
        delta = np.where(negative, -delta + lam * p2, delta)
        lam = np.where(negative, lam_bar, lam)

        mu = np.sum(p * r, 1)                               # step size α = μ/δ
        alpha = mu / delta
        np.copyto(theta, theta0 + alpha[:, None] * p)
        E_try = objective.loss()
        with np.errstate(divide="ignore", invalid="ignore"):
            Delta = 2 * delta * (loss - E_try) / (mu * mu)  # comparison parameter
        Delta = np.where(np.isfinite(Delta) & (mu != 0), Delta, -1.0)
        accept = Delta >= 0
        theta[~accept] = theta0[~accept]

        lam_bar = np.where(accept, 0.0, lam)
        lam = np.where(accept & (Delta >= 0.75), lam / 4, lam)
        lam = np.where(Delta < 0.25, lam + delta * (1 - Delta) / p2, lam)
        s.update(success=accept, moved=accept, lam=np.minimum(lam, 1e100), lam_bar=lam_bar,
                 delta=delta, mu=mu)
