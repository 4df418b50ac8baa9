"""Levenberg–Marquardt (MATLAB ``trainlm``): Gauss–Newton with an adaptive damping μ.

With residuals e = vec(a⁽ᴸ⁾ − T) and their Jacobian J = ∂e/∂θ (n·m × p):

    Δθ = −(JᵀJ + μI)⁻¹ Jᵀe          (solved, never inverted)

A step that lowers the loss is kept and μ ← μ·mu_dec (towards Gauss–Newton);
a step that does not is discarded and μ ← μ·mu_inc (towards a short
gradient step), repeatedly, until one succeeds or μ exceeds mu_max (then
training stops with reason ``mu_max``).  Memory O(n·m·p + p²): the fastest
choice for small and medium networks with a least-squares loss.

Reference: K. Levenberg, 1944; D. W. Marquardt, 1963; M. T. Hagan and
M. B. Menhaj, "Training feedforward networks with the Marquardt algorithm",
IEEE Trans. Neural Networks 5(6), 1994.
"""

from __future__ import annotations

import numpy as np

from .base import ObjectiveBased, check_options

MU_MIN = 1e-20


def solve_damped(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve the stacked systems A x = b (… × p × p, and … × p, whose leading axes broadcast
    against A's) by LU (``numpy.linalg.solve``).

    A singular system (possible only when μ has fallen to ~0) gives NaN,
    which the caller treats as a failed step.
    """
    try:
        return np.linalg.solve(A, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        p = A.shape[-1]
        shape = np.broadcast_shapes(A.shape[:-2], b.shape[:-1]) + (p,)
        A, b = np.broadcast_to(A, shape + (p,)).reshape(-1, p, p), np.broadcast_to(b, shape).reshape(-1, p)
        out = np.full(b.shape, np.nan)
        for k in range(A.shape[0]):
            try:
                out[k] = np.linalg.solve(A[k], b[k])
            except np.linalg.LinAlgError:
                continue                                 # this system stays NaN: a failed step
        return out.reshape(shape)


class LevenbergMarquardt(ObjectiveBased):
    """Levenberg–Marquardt with MATLAB's defaults.

    Parameters
    ----------
    mu : float, default 0.001
        Initial damping.
    mu_dec, mu_inc : float, default 0.1, 10
    mu_max : float, default 1e10
    """

    name, matlab = "lm", "trainlm"
    needs_jacobian = True
    defaults = {"epochs": 1000, "min_grad": 1e-7, "max_fail": 6}

    def __init__(self, mu: float = 0.001, mu_dec: float = 0.1, mu_inc: float = 10.0, mu_max: float = 1e10) -> None:
        check_options(mu=mu, mu_dec=mu_dec, mu_inc=mu_inc, mu_max=mu_max)
        self.mu, self.mu_dec, self.mu_inc, self.mu_max = mu, mu_dec, mu_inc, mu_max

    def init(self, theta: np.ndarray) -> dict:
        return {"mu": np.full(theta.shape[0], float(self.mu))}

    def step(self, objective, state: dict, loss: np.ndarray, grad: np.ndarray) -> None:
        theta, mu = objective.theta, state["mu"]
        JtJ, Jte, _, _ = objective.normal_equations()           # Gauss–Newton matrix JᵀJ (K × p × p), Jᵀe (K × p)
        theta0, p = theta.copy(), theta.shape[1]
        # Each network tries μ, then μ·mu_inc, μ·mu_inc², … until the loss falls (or μ passes
        # mu_max).  A stack does this in rounds: round r tries the next 2^(r−1) values of μ of
        # every network still searching at once, and each network keeps the smallest μ that
        # worked — the one that trying them one by one would reach, in a few evaluations
        # however slow the slowest network of the stack.
        searching, width = mu <= self.mu_max, 1                 # a stopped network stays put
        while searching.any():
            idx = np.flatnonzero(searching)
            mus = [mu[idx]]
            while len(mus) < width and (mus[-1] * self.mu_inc <= self.mu_max).any():
                mus.append(mus[-1] * self.mu_inc)
            mus = np.stack(mus, axis=1)                          # (networks, candidates)
            width *= 2
            A = np.empty(mus.shape + JtJ.shape[1:])              # JᵀJ + μI per network and candidate μ:
            A[...] = JtJ[idx, None]
            A.reshape(*mus.shape, -1)[..., ::p + 1] += mus[..., None]        # μ onto the diagonal
            steps = -solve_damped(A, Jte[idx, None, :])          # Δθ = −(JᵀJ + μI)⁻¹Jᵀe, (networks, μ, p)
            trials = theta0[idx, None, :] + steps
            E_try = objective.loss_at(trials.reshape(-1, trials.shape[-1])).reshape(mus.shape)
            ok = (np.isfinite(E_try) & (E_try < loss[idx, None]) & np.all(np.isfinite(steps), axis=2)
                  & (mus <= self.mu_max))
            first = np.argmax(ok, axis=1)                        # the smallest μ that worked
            rows = np.arange(idx.size)
            won = ok[rows, first]
            theta[idx[won]] = trials[rows[won], first[won]]
            mu[idx[won]] = np.maximum(mus[rows[won], first[won]] * self.mu_dec, MU_MIN)
            last = np.sum(mus <= self.mu_max, axis=1) - 1          # the largest μ each network may try
            mu[idx[~won]] = mus[rows[~won], last[~won]] * self.mu_inc   # every candidate failed
            searching[idx] = ~won & (mu[idx] <= self.mu_max)
