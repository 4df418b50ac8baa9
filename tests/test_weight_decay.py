"""Weight decay (L2 regularisation): F = E + (λ/2)·Σw² over the weights, not the biases.

The regularised gradient against finite differences over the gradient matrix,
the least-squares extension against its Jacobian, closed forms (ridge
regression) reached by every algorithm, scikit-learn's ``alpha`` mapped to λ,
stacks against single runs, λ = 0 against no decay, and the refusals.
"""

import numpy as np
import pytest

from bpnn import BPNNError, Network, article_network, sin_data, train
from bpnn.teach.gradcheck import relative_error
from bpnn.core.network import layer_slices
from bpnn.training.objective import NetworkObjective, WeightDecay
from bpnn.optimizers import OPTIMIZERS

from test_gradients import DEPTHS, LOSS_OUTPUT, build

LAM = 0.3


def finite_differences(fn, theta: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar fn() over every entry of theta (changed in place, then restored)."""
    out = np.empty(theta.shape)
    for i in np.ndindex(theta.shape):
        t0 = theta[i]
        theta[i] = t0 + eps
        up = fn()
        theta[i] = t0 - eps
        down = fn()
        theta[i] = t0
        out[i] = (up - down) / (2 * eps)
    return out


def ridge(X, y, lam):
    """argmin (1/n)Σ(Xw + b − y)² + (λ/2)‖w‖², b free: w = (XcᵀXc + (nλ/2) I)⁻¹ Xcᵀ yc."""
    n, d = X.shape
    Xc, yc = X - X.mean(0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + n * lam / 2 * np.eye(d), Xc.T @ yc)
    return w, y.mean() - X.mean(0) @ w


@pytest.fixture(scope="module")
def linear_problem():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 3))
    y = X @ [1.0, -2.0, 0.5] + 0.3 + 0.5 * rng.normal(size=40)
    return X, y


# -- the objective: values and gradients ------------------------------------------------------
@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("loss,output", LOSS_OUTPUT)
@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "relu"])
def test_regularised_gradient_matches_finite_differences(hidden, loss, output, depth):
    net, X, T = build(hidden, output, depth, loss, seed=5)
    obj = NetworkObjective(net, X, T, loss, weight_decay=LAM)
    F, g = obj.loss_and_grad()
    g_fd = finite_differences(lambda: obj.loss()[0], obj.theta)
    assert relative_error(g, g_fd) <= 1e-6
    # the penalty's share of the gradient is λW at the weights and nothing at the biases
    plain = NetworkObjective(net, X, T, loss)
    E, g0 = plain.loss_and_grad()
    for w, b in layer_slices(net.sizes):
        np.testing.assert_allclose(g[0, w] - g0[0, w], LAM * net.theta[w], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(g[0, b], g0[0, b], rtol=1e-12, atol=1e-15)
    assert F[0] == pytest.approx(E[0] + LAM / 2 * sum(np.sum(W ** 2) for W in net.W), rel=1e-12)


@pytest.mark.parametrize("loss", ["mse", "sse"])
def test_extended_residuals_give_the_regularised_loss_gradient_and_jacobian(loss):
    net, X, T = build("tanh", "linear", 2, loss, seed=6)
    obj = NetworkObjective(net, X, T, loss, weight_decay=LAM)
    e, J = obj.residuals_and_jacobian()
    n_weights = sum(W.size for W in net.W)
    assert e.shape == (1, T.size + n_weights) and J.shape == (1, T.size + n_weights, net.n_params)
    s = obj.residual_scale
    F, g = obj.loss_and_grad()
    assert s * np.sum(e ** 2) == pytest.approx(F[0], rel=1e-12)                 # F = s·Σẽ²
    assert relative_error(2 * s * J[0].T @ e[0], g[0]) < 1e-12                   # ∇F = 2s·J̃ᵀẽ
    J_fd = np.stack([finite_differences(lambda r=r: obj.residuals_and_jacobian()[0][0, r], obj.theta)[0]
                     for r in range(e.shape[1])])
    assert relative_error(J[0], J_fd) <= 1e-6


def test_the_penalty_ignores_the_biases():
    decay = WeightDecay(2.0, [2, 3, 1])
    net = Network([2, 3, 1], seed=0)
    before = decay.penalty(net.theta[None])
    for b in net.b:
        b += 5.0
    assert decay.penalty(net.theta[None]) == before
    assert before[0] == pytest.approx(sum(np.sum(W ** 2) for W in net.W))       # λ/2 = 1
    assert decay.mask.sum() == 2 * 3 + 3 * 1


def test_a_network_trained_with_decay_has_smaller_weights_but_free_biases():
    """Strong decay on data with a large offset: the weights shrink towards 0, the output bias does not."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    T = 10.0 + 0.1 * X[:, :1]
    free, decayed = Network([2, 4, 1], seed=0), Network([2, 4, 1], seed=0)
    train(free, X, T, algorithm="lbfgs", epochs=300)
    train(decayed, X, T, algorithm="lbfgs", epochs=300, weight_decay=1.0)
    assert sum(np.sum(W ** 2) for W in decayed.W) < 0.01 * sum(np.sum(W ** 2) for W in free.W)
    assert decayed.b[-1][0] == pytest.approx(10.0, abs=0.05)                     # the offset is a bias: not shrunk


# -- every algorithm reaches the closed form ---------------------------------------------------
RIDGE_OPTIONS = {"gd": {"lr": 0.1}, "gdm": {"lr": 0.1}, "adam": {"lr": 0.05}, "gda": {}, "gdx": {}}


@pytest.mark.parametrize("name", [n for n in OPTIMIZERS if n != "br"])
def test_each_algorithm_finds_the_ridge_solution(name, linear_problem):
    X, y = linear_problem
    w, b = ridge(X, y, LAM)
    net = Network([3, 1], output="linear", seed=0)
    rec = train(net, X, y, algorithm=name, epochs=3000, min_grad=1e-12, weight_decay=LAM,
                **RIDGE_OPTIONS.get(name, {}))
    # rprop's steps stop at deltamin; gdx's MATLAB rule cycles near this minimum (with λ = 0 too)
    tol = {"rprop": 1e-5, "gdx": 0.03}.get(name, 1e-7)
    np.testing.assert_allclose(net.W[0].ravel(), w, atol=tol)
    assert net.b[0][0] == pytest.approx(b, abs=tol)
    assert np.abs(ridge(X, y, 0.0)[0] - w).max() > 3 * tol                      # λ = 0 would be told apart
    # the record reports the data loss E, not F
    assert rec.final_loss == pytest.approx(np.mean((net.predict(X).ravel() - y) ** 2), rel=1e-9)
    assert rec.weight_decay == LAM


def test_minibatches_each_carry_the_whole_penalty(linear_problem):
    """Each batch minimises its mean loss + (λ/2)Σw², so the fixed point is the full-batch ridge solution."""
    X, y = linear_problem
    w, _ = ridge(X, y, LAM)
    w_quarter, _ = ridge(X, y, LAM / 4)
    net = Network([3, 1], output="linear", seed=0)
    train(net, X, y, algorithm="adam", lr=0.02, batch_size=10, epochs=400, schedule="cosine:period=400",
          weight_decay=LAM, seed=0)
    assert np.abs(net.W[0].ravel() - w).max() < 0.01 < np.abs(w_quarter - w).max()


def test_softmax_classifier_matches_logistic_regression():
    """Multinomial logistic regression with C: mean CE + ‖W‖²/(2Cn), so λ = 1/(C·n)."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    X = rng.normal(size=(90, 2))
    labels = np.argmax(X @ [[1.0, -1.0, 0.0], [0.5, 0.5, -1.0]] + rng.normal(size=(90, 3)), axis=1)
    lam = 0.05
    net = Network([2, 3], output="softmax", seed=0)
    train(net, X, np.eye(3)[labels], loss="cross_entropy", algorithm="bfgs", epochs=500, min_grad=1e-10,
          weight_decay=lam)
    lr = LogisticRegression(C=1 / (lam * len(X)), tol=1e-10, max_iter=10000).fit(X, labels)
    np.testing.assert_allclose(net.predict(X), lr.predict_proba(X), atol=1e-6)


def test_sklearn_mlp_alpha_is_lambda_times_n_over_two_for_squared_loss(linear_problem):
    """scikit-learn's MLP minimises ½·mean squared error + alpha/(2n)·‖W‖²: λ = 2·alpha/n for our mse."""
    from sklearn.neural_network import MLPRegressor

    X, y = linear_problem
    alpha = 4.0
    mlp = MLPRegressor(hidden_layer_sizes=(), alpha=alpha, solver="lbfgs", tol=1e-12, max_iter=5000).fit(X, y)
    net = Network([3, 1], output="linear", seed=0)
    train(net, X, y, algorithm="lbfgs", epochs=500, min_grad=1e-12, weight_decay=2 * alpha / len(X))
    np.testing.assert_allclose(net.W[0].ravel(), mlp.coefs_[0].ravel(), atol=1e-5)


# -- stacks, λ = 0, the record ---------------------------------------------------------------------
@pytest.mark.parametrize("name,options", [("gd", {"lr": 0.05}), ("rprop", {}), ("lm", {}), ("scg", {}),
                                          ("lbfgs", {}), ("adam", {"lr": 0.01, "batch_size": 7})])
def test_a_stack_with_decay_equals_the_networks_trained_one_by_one(name, options):
    x = np.linspace(-1, 1, 20).reshape(-1, 1)
    t = np.sin(3 * x)
    singles = [Network([1, 5, 1], seed=s) for s in range(3)]
    stack = Network.stacked(singles)
    train(stack, x, t, algorithm=name, epochs=40, min_grad=0, weight_decay=0.01, seed=0, **options)
    for k, net in enumerate(singles):
        train(net, x, t, algorithm=name, epochs=40, min_grad=0, weight_decay=0.01, seed=0, **options)
        # a stack's losses may differ from a lone network's in the last bit (np.sum vs np.vdot), which
        # SCG's accept test can amplify to ~1e-8 in 40 epochs; a wrong penalty would be far off
        assert np.allclose(stack.theta[k], net.theta, rtol=1e-6, atol=1e-8), k


@pytest.mark.parametrize("name,options", [("gd", {"lr": 0.05}), ("gd", {"lr": 0.05, "batch_size": 5}),
                                          ("lm", {}), ("scg", {}), ("rprop", {"restarts": 3})])
def test_zero_decay_is_no_decay_bit_for_bit(name, options):
    x = np.linspace(-1, 1, 20).reshape(-1, 1)
    runs = []
    for extra in ({}, {"weight_decay": 0.0}, {"weight_decay": 0}, {"weight_decay": 1e-3}):
        net = Network([1, 5, 1], seed=0)
        rec = train(net, x, np.sin(3 * x), algorithm=name, epochs=30, seed=0, **options, **extra)
        runs.append((net.theta.copy(), rec.loss))
    for theta, losses in runs[1:3]:
        assert np.array_equal(theta, runs[0][0]) and losses == runs[0][1]
    assert not np.array_equal(runs[3][0], runs[0][0])                            # and λ > 0 does reach the steps


def test_record_loss_is_the_data_loss_and_goal_tests_it():
    x = np.linspace(-1, 1, 20).reshape(-1, 1)
    t = np.sin(3 * x)
    net = Network([1, 5, 1], seed=0)
    rec = train(net, x, t, algorithm="lm", epochs=50, weight_decay=0.05)
    obj = NetworkObjective(net, x, t, weight_decay=0.05)
    assert rec.loss[-1] == pytest.approx(obj.data_loss()[0], rel=1e-12)
    assert rec.loss[-1] < obj.loss()[0]                                         # F = E + penalty is larger
    assert rec.to_dict()["weight_decay"] == 0.05


# -- refusals ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf"), "0.1", True, None, [0.1]])
def test_bad_weight_decay_is_refused(bad):
    x = np.linspace(-1, 1, 10).reshape(-1, 1)
    with pytest.raises(BPNNError, match="weight_decay must be a non-negative number"):
        train(Network([1, 3, 1], seed=0), x, x, weight_decay=bad)


def test_bayesian_regularisation_refuses_weight_decay_and_says_why():
    x = np.linspace(-1, 1, 10).reshape(-1, 1)
    with pytest.raises(BPNNError, match="br .*has its own weight penalty"):
        train(Network([1, 3, 1], seed=0), x, x, algorithm="trainbr", weight_decay=0.01)
    train(Network([1, 3, 1], seed=0), x, x, algorithm="br", epochs=2, weight_decay=0)     # 0 is no decay: fine


# -- estimators and the command line ----------------------------------------------------------------
def test_estimator_weight_decay_shrinks_the_weights():
    from bpnn.app.estimators import BPClassifier, BPRegressor

    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3))
    y = np.sin(X[:, 0]) + X[:, 1]
    free = BPRegressor(hidden_layer_sizes=(8,), algorithm="lbfgs", epochs=200, validation_fraction=0,
                       weight_decay=0, random_state=0).fit(X, y)
    decayed = BPRegressor(hidden_layer_sizes=(8,), algorithm="lbfgs", epochs=200, validation_fraction=0,
                          weight_decay=0.1, random_state=0).fit(X, y)
    size = lambda est: sum(np.sum(W ** 2) for W in est.network_.W)              # noqa: E731
    assert size(decayed) < 0.5 * size(free)
    assert decayed.model_.records[0]["weight_decay"] == 0.1
    assert BPClassifier().get_params()["weight_decay"] == "auto"                  # resolved in fit
    assert free.model_.records[0]["weight_decay"] == 0 and free.settings_["weight_decay"] == 0
    with pytest.raises(BPNNError, match="weight_decay"):
        BPRegressor(weight_decay=-1, epochs=2).fit(X, y)
    with pytest.raises(BPNNError, match="given twice"):
        BPRegressor(weight_decay=0.1, options={"weight_decay": 0.2}, epochs=2).fit(X, y)


def test_a_diverging_run_names_what_chose_the_weights_it_kept():
    """With decay the best weights are chosen by E + (λ/2)Σw²; the stop reason says so (not "loss")."""
    X, T = sin_data()
    rec = train(article_network(), X, T, algorithm="gd", lr=5.0, epochs=200, weight_decay=0.01)
    assert rec.stop_reason.startswith("diverged:") and "(loss + weight penalty " in rec.stop_reason
    rec = train(article_network(), X, T, algorithm="gd", lr=5.0, epochs=200)
    assert "(loss " in rec.stop_reason and "penalty" not in rec.stop_reason
