"""What every training algorithm shares: the two protocols and a line search.

Every algorithm works on ``theta`` of shape (K, p): K problems side by side
(K = 1 for one network; K restarts for multi-start), each with its own
state, so that a stack of K networks is trained exactly as K separate runs
would train them.

* :class:`FirstOrder` — ``step(theta, grad, state, loss)``: the update uses
  the gradient (and, for Rprop, the loss) at the current point only.  These
  work with minibatches.
* :class:`ObjectiveBased` — ``step(objective, state, loss, grad)``: the
  algorithm evaluates the objective at trial points (line searches, trust
  regions, Levenberg–Marquardt).  Full-batch only.

``state`` is a dict; ``state["lr"]`` and ``state["mu"]`` (shape (K,) or a
float), when present, go into the training record each epoch.
"""

from __future__ import annotations

import numpy as np

from ..validation import positive


class Optimizer:
    """Base of all algorithms: a name, MATLAB alias and training defaults."""

    name = "base"
    matlab = ""
    family = "first-order"
    uses_lr = False
    #: capabilities, declared here and set by the algorithms that have them (never looked up with getattr):
    #: it needs the residual Jacobian (lm, br); it has its own weight penalty and takes no weight decay
    #: (br); a learning-rate schedule applies to it; the largest μ before it stops (lm, br)
    needs_jacobian = False
    own_penalty = False
    schedulable = True
    mu_max = None
    #: the name of its compiled step in :mod:`bpnn.optimizers._compiled` ("gd", "rprop", "adam" also in
    #: the NumPy loop; "gdm", "gda" in the compiled stacked loop only), or None
    compiled_step = None
    #: MATLAB's defaults for the training loop (epochs, min_grad, max_fail)
    defaults = {"epochs": 1000, "min_grad": 1e-5, "max_fail": 6}

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v!r}" for k, v in self.options().items())
        return f"{type(self).__name__}({opts})"

    def options(self) -> dict:
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}


class FirstOrder(Optimizer):
    """An update from the gradient at the current point: ``step(theta, grad, state, loss)``."""

    minibatch = True

    def init(self, theta: np.ndarray) -> dict:
        return {}

    def steps_in_products(self) -> bool:
        """Whether the minibatch loop may make this algorithm's step inside the gradient's matrix
        products (:meth:`bpnn.engines.buffered.MiniBatch.descend`): only plain gradient descent can."""
        return False

    def step_and_sum(self, theta: np.ndarray, grad: np.ndarray, state: dict, loss, total: np.ndarray) -> None:
        """:meth:`step`, and ``total += grad``: the minibatch loop sums its epoch's gradients
        (for the epoch's gradient norm).  Gradient descent does both in one compiled pass where
        the engine selector chose compiled steps (``state["compiled"]``, :mod:`bpnn.optimizers._compiled`)."""
        total += grad
        self.step(theta, grad, state, loss)


class ObjectiveBased(Optimizer):
    """An update that evaluates the objective at trial points."""

    family = "objective"
    minibatch = False

    def init(self, theta: np.ndarray) -> dict:
        return {}


def check_options(**options) -> None:
    """Validate positive numeric options by name (``lr=0.01, mc=0.9``)."""
    for name, value in options.items():
        positive(value, name)


def backtracking(objective, d: np.ndarray, E: np.ndarray, slope: np.ndarray, alpha0: float = 1.0,
                 c: float = 1e-4, shrink: float = 0.5, max_tries: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Armijo backtracking along d for every row: the largest α = α₀·shrinkʲ with
    E(θ + αd) ≤ E(θ) + c·α·(∇E·d).

    Leaves ``objective.theta`` at θ + αd (θ where no α was found, α = 0) and
    returns (α, E at the new point), both of shape (K,).
    """
    theta = objective.theta
    theta0 = theta.copy()
    K = theta.shape[0]
    alpha = np.full(K, alpha0)
    done = np.zeros(K, dtype=bool)
    E_new = E.copy()
    for _ in range(max_tries):
        np.copyto(theta, theta0 + alpha[:, None] * d)
        E_try = objective.loss()
        ok = ~done & np.isfinite(E_try) & (E_try <= E + c * alpha * slope)
        E_new = np.where(ok, E_try, E_new)
        done |= ok
        if done.all():
            break
        alpha = np.where(done, alpha, alpha * shrink)
    alpha = np.where(done, alpha, 0.0)
    np.copyto(theta, theta0 + alpha[:, None] * d)
    return alpha, np.where(done, E_new, E)


def minimize(objective, opt: Optimizer, epochs: int = 1000, tol: float = 0.0) -> np.ndarray:
    """Run an algorithm on any objective (see :mod:`bpnn.training.objective`) for ``epochs`` epochs.

    The same loop as training, without networks: useful to see an algorithm
    at work on a test function.  Stops early once every problem's loss is at
    or below ``tol``.  Returns the loss after each epoch, shape (epochs + 1, K).

    Examples
    --------
    >>> from bpnn.training.objective import FunctionObjective
    >>> from bpnn.optimizers import get_optimizer
    >>> obj = FunctionObjective(np.array([[3.0]]), lambda t: (t ** 2).sum(1), lambda t: 2 * t)
    >>> float(minimize(obj, get_optimizer("gd", lr=0.25), epochs=3)[-1, 0])   # 3 → 1.5 → 0.75 → 0.375
    0.140625
    """
    state = opt.init(objective.theta)
    history = []
    for _ in range(epochs + 1):
        E, g = objective.loss_and_grad()
        history.append(E)
        if len(history) > epochs or np.all(E <= tol):
            break
        if isinstance(opt, FirstOrder):
            opt.step(objective.theta, g, state, E)
        else:
            opt.step(objective, state, E, g)
    return np.array(history)
