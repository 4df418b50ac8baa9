"""Resilient propagation, iRprop+ (MATLAB ``trainrp`` is Rprop; this is the improved variant).

Each weight has its own step Δᵢ; only the *sign* of ∂E/∂θᵢ is used:

* same sign as last epoch:  Δᵢ ← min(Δᵢ·η⁺, Δmax),  θᵢ ← θᵢ − sign(gᵢ)·Δᵢ
* sign changed:             Δᵢ ← max(Δᵢ·η⁻, Δmin);  if E went up, undo the last
                            step of θᵢ; set gᵢ ← 0 (no step now)
* otherwise (a zero):       θᵢ ← θᵢ − sign(gᵢ)·Δᵢ

Reference: C. Igel and M. Hüsken, "Improving the Rprop learning algorithm",
NC 2000; M. Riedmiller and H. Braun, ICNN 1993.
"""

from __future__ import annotations

import numpy as np

from . import _compiled as compiled
from ..errors import BPNNError
from .base import FirstOrder, check_options


class Rprop(FirstOrder):
    """iRprop+ with MATLAB's ``trainrp`` step parameters.

    Parameters
    ----------
    delta0 : float, default 0.07
        Initial step Δ.
    delt_inc, delt_dec : float, default 1.2, 0.5
        η⁺ and η⁻.
    deltamax : float, default 50.0
    deltamin : float, default 1e-6

    Examples
    --------
    >>> theta = np.array([[0.0]])
    >>> opt = Rprop(delta0=0.1)
    >>> state = opt.init(theta)
    >>> for _ in range(3):
    ...     opt.step(theta, np.array([[2.0]]), state, np.array([1.0]))
    >>> theta       # −0.1, then −0.12, then −0.144
    array([[-0.364]])
    """

    name, matlab = "rprop", "trainrp"

    def __init__(self, delta0: float = 0.07, delt_inc: float = 1.2, delt_dec: float = 0.5,
                 deltamax: float = 50.0, deltamin: float = 1e-6) -> None:
        check_options(delta0=delta0, delt_inc=delt_inc, delt_dec=delt_dec, deltamax=deltamax, deltamin=deltamin)
        if not deltamin <= delta0 <= deltamax:
            raise BPNNError(f"rprop's delta0 ({delta0:g}) must lie between deltamin ({deltamin:g}) "
                            f"and deltamax ({deltamax:g})")
        self.delta0, self.delt_inc, self.delt_dec = delta0, delt_inc, delt_dec
        self.deltamax, self.deltamin = deltamax, deltamin

    def init(self, theta: np.ndarray) -> dict:
        return {"delta": np.full_like(theta, self.delta0), "g_prev": np.zeros_like(theta),
                "step_prev": np.zeros_like(theta), "E_prev": np.full(theta.shape[0], np.inf),
                "work": np.empty_like(theta)}

    @property
    def compiled_step(self):
        return "rprop" if type(self)._step is Rprop._step else None

    def step(self, theta: np.ndarray, grad: np.ndarray, state: dict, loss) -> None:
        loss = None if loss is None else np.reshape(np.asarray(loss, dtype=float), -1)
        worse = loss > state["E_prev"] if loss is not None else np.zeros(theta.shape[0], dtype=bool)
        # one compiled pass where the training loop found it worth loading (state["compiled"]; a
        # subclass with a _step of its own gets its own)
        if (not state.get("compiled") or type(self)._step is not Rprop._step
                or not compiled.rprop_step(self, theta, grad, state, worse)):
            self._step(theta, grad, state, worse[:, None])
        if loss is not None:
            state["E_prev"] = loss.copy()

    def _step(self, theta: np.ndarray, grad: np.ndarray, state: dict, worse: np.ndarray) -> None:
        """The step in NumPy (the reference for :func:`bpnn.optimizers._compiled.rprop_step`)."""
        delta, g_prev, step_prev = state["delta"], state["g_prev"], state["step_prev"]
        same = np.multiply(grad, g_prev, out=state["work"])
        flipped = same < 0
        # Δ ← Δ·η⁺ where the sign held, Δ·η⁻ where it flipped, then kept within [Δmin, Δmax]
        delta *= np.where(same > 0, self.delt_inc, np.where(flipped, self.delt_dec, 1.0))
        np.clip(delta, self.deltamin, self.deltamax, out=delta)
        step = np.where(flipped, np.where(worse, -step_prev, 0.0), -np.sign(grad) * delta)
        theta += step
        np.copyto(g_prev, grad)
        g_prev[flipped] = 0.0
        np.copyto(step_prev, step)
        step_prev[flipped] = 0.0
