"""Every algorithm on a convex quadratic and on Rosenbrock's function, through the
same objective protocol the networks use (rows of theta are independent problems)."""

import numpy as np
import pytest

from bpnn.errors import BPNNError
from bpnn.training.objective import FunctionObjective
from bpnn.optimizers import ALIASES, OPTIMIZERS, get_optimizer, resolve
from bpnn.optimizers.base import minimize

rng = np.random.default_rng(0)
M = rng.normal(size=(5, 5))
A = M @ M.T + np.eye(5)                      # symmetric positive definite
b = rng.normal(size=5)
X_STAR = np.linalg.solve(A, b)
L = np.linalg.cholesky(A)
C = np.linalg.solve(L, b)


def quadratic(K=2, seed=1):
    """f(x) = ‖Lᵀx − c‖², minimum 0 at x* = A⁻¹b; as least squares e = Lᵀx − c, J = Lᵀ."""
    start = np.random.default_rng(seed).normal(size=(K, 5))
    return FunctionObjective(
        start,
        lambda t: np.sum((t @ L - C) ** 2, 1),
        lambda t: 2 * (t @ L - C) @ L.T,
        lambda t: (t @ L - C, np.broadcast_to(L.T, (t.shape[0], 5, 5)).copy()),
    )


def rosenbrock(K=1):
    """f(x, y) = (1 − x)² + 100 (y − x²)², from (−1.2, 1); as least squares e = (10(y − x²), 1 − x)."""
    def res(t):
        J = np.zeros((t.shape[0], 2, 2))
        J[:, 0, 0], J[:, 0, 1], J[:, 1, 0] = -20 * t[:, 0], 10.0, -1.0
        return np.stack([10 * (t[:, 1] - t[:, 0] ** 2), 1 - t[:, 0]], 1), J

    return FunctionObjective(
        np.tile([-1.2, 1.0], (K, 1)),
        lambda t: (1 - t[:, 0]) ** 2 + 100 * (t[:, 1] - t[:, 0] ** 2) ** 2,
        lambda t: np.stack([-2 * (1 - t[:, 0]) - 400 * t[:, 0] * (t[:, 1] - t[:, 0] ** 2),
                            200 * (t[:, 1] - t[:, 0] ** 2)], 1),
        res,
    )


# (options, epochs) per algorithm: first-order methods need a stable step and many epochs
QUAD = {"gd": ({"lr": 0.02}, 3000), "gdm": ({"lr": 0.05}, 3000), "gda": ({}, 3000), "gdx": ({}, 3000),
        "rprop": ({}, 3000), "adam": ({"lr": 0.05}, 3000), "scg": ({}, 50), "bfgs": ({}, 50),
        "lbfgs": ({}, 50), "lm": ({}, 20)}
ROSEN = {"gd": ({"lr": 0.001}, 30000), "gdm": ({"lr": 0.005}, 10000), "gda": ({"lr": 0.001}, 20000),
         "gdx": ({"lr": 0.001}, 5000), "rprop": ({}, 30000), "adam": ({"lr": 0.02}, 6000),
         "scg": ({}, 200), "bfgs": ({}, 100), "lbfgs": ({}, 100), "lm": ({}, 100)}


@pytest.mark.parametrize("name", list(QUAD))
def test_convex_quadratic(name):
    options, epochs = QUAD[name]
    obj = quadratic()
    history = minimize(obj, get_optimizer(name, **options), epochs=epochs, tol=1e-14)
    assert history[-1].max() < 1e-10
    assert np.abs(obj.theta - X_STAR).max() < 1e-4
    if name in ("scg", "bfgs", "lbfgs", "lm"):
        assert len(history) - 1 <= 30              # second-order methods: a handful of epochs


@pytest.mark.parametrize("name", list(ROSEN))
def test_rosenbrock(name):
    options, epochs = ROSEN[name]
    obj = rosenbrock()
    history = minimize(obj, get_optimizer(name, **options), epochs=epochs, tol=1e-10)
    assert history[-1, 0] < 1e-6, history[-1, 0]
    assert np.abs(obj.theta[0] - 1.0).max() < 2e-3


def test_bayesian_regularisation_on_linear_least_squares_is_ridge_like():
    """BR minimises β‖e‖² + α‖θ‖²: on a linear problem with 60 noisy residuals and 3
    unknowns it shrinks the least-squares answer a little and finds γ ≈ 3."""
    g = np.random.default_rng(5)
    D = g.normal(size=(60, 3))
    y = D @ np.array([1.0, -2.0, 0.5]) + 0.3 * g.normal(size=60)
    obj = FunctionObjective(np.zeros((1, 3)), lambda t: np.sum((t @ D.T - y) ** 2, 1),
                            lambda t: 2 * (t @ D.T - y) @ D,
                            lambda t: (t @ D.T - y, np.broadcast_to(D, (t.shape[0], 60, 3)).copy()))
    opt = get_optimizer("br")
    state = opt.init(obj.theta)
    for _ in range(50):
        E, grad = obj.loss_and_grad()
        opt.step(obj, state, E, grad)
    ls = np.linalg.lstsq(D, y, rcond=None)[0]
    assert 0.95 * np.linalg.norm(ls) < np.linalg.norm(obj.theta) < np.linalg.norm(ls)
    assert 2.9 < state["gamma"][0] < 3.0


def test_rows_are_independent_problems():
    """A stack of starts gives each row exactly what it gets alone."""
    together = quadratic(K=3, seed=4)
    minimize(together, get_optimizer("bfgs"), epochs=8)
    for k in range(3):
        alone = quadratic(K=3, seed=4)
        alone.theta = alone.theta[k:k + 1].copy()
        minimize(alone, get_optimizer("bfgs"), epochs=8)
        assert np.allclose(alone.theta[0], together.theta[k], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("matlab,name", [("traingd", "gd"), ("traingdm", "gdm"), ("traingda", "gda"),
                                         ("traingdx", "gdx"), ("trainrp", "rprop"), ("trainscg", "scg"),
                                         ("trainbfg", "bfgs"), ("trainlm", "lm"), ("trainbr", "br")])
def test_matlab_aliases(matlab, name):
    assert resolve(matlab) == name and ALIASES[matlab] == name


def test_matlab_defaults_of_trainlm():
    lm = get_optimizer("trainlm")
    assert (lm.mu, lm.mu_dec, lm.mu_inc, lm.mu_max) == (0.001, 0.1, 10.0, 1e10)
    assert OPTIMIZERS["lm"].defaults == {"epochs": 1000, "min_grad": 1e-7, "max_fail": 6}


def test_unknown_algorithm_and_option():
    with pytest.raises(BPNNError, match="unknown training algorithm 'trainml' \\(did you mean 'trainlm'\\?\\)"):
        get_optimizer("trainml")
    with pytest.raises(BPNNError, match="lm does not take option\\(s\\) lr; its options are: mu, mu_dec"):
        get_optimizer("lm", lr=0.1)
    with pytest.raises(BPNNError, match="mu must be a positive number"):
        get_optimizer("lm", mu=-1)


def test_solve_damped_broadcasts_and_leaves_singular_systems_nan():
    """b's leading axes broadcast against A's, on the fast path and on the per-system fallback that a
    singular system takes (it alone gives NaN: a failed step)."""
    from bpnn.optimizers.lm import solve_damped

    A = np.stack([2 * np.eye(3), np.diag([1.0, 1.0, 0.0])])             # the second is singular
    b = np.arange(6.0).reshape(2, 1, 3)                                 # (2, 1, 3) against A[:, None]: (2, 1, 3, 3)
    x = solve_damped(A[:, None], b)
    assert x.shape == (2, 1, 3) and np.allclose(x[0], b[0] / 2) and np.isnan(x[1]).all()
    x = solve_damped(A[:1], np.ones((4, 1, 3)))                         # one regular A against 4 right-hand sides
    assert x.shape == (4, 1, 3) and np.allclose(x, 0.5)
    x = solve_damped(A[1], np.ones((2, 3)))                             # singular, b with more axes than A
    assert x.shape == (2, 3) and np.isnan(x).all()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("lr", [0.01, np.float64(0.01), np.array([[0.01], [0.03]])])
def test_adam_in_place_gives_the_bits_of_its_formula(dtype, lr):
    """Adam's step runs in place into scratch arrays; it must give the same bits as its formulas written
    with temporaries, whatever the rate's type (a Python float keeps float32 float32; a NumPy float64
    or a rate per network widens the last line, as the formula does)."""
    opt = get_optimizer("adam", lr=0.01)
    theta = np.random.default_rng(2).normal(size=(2, 40)).astype(dtype)
    expected, state = theta.copy(), opt.init(theta)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    state["lr"] = lr
    for t in range(1, 31):
        g = np.random.default_rng(t).normal(size=theta.shape).astype(dtype)
        m *= 0.9
        m += (1 - 0.9) * g
        v *= 0.999
        v += (1 - 0.999) * g * g
        expected -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        opt.step(theta, g, state, None)
        assert theta.tobytes() == expected.tobytes(), t
