"""Training algorithms on networks: the sin task, LM against MINPACK, Bayesian
regularisation, early stopping, multi-start, schedules, classification."""

import numpy as np
import pytest

from bpnn import BPNNError, Network, article_network, sin_data, train
from bpnn.core.backprop import residuals_and_jacobian
from bpnn.optimizers import OPTIMIZERS

X, T = sin_data()
XS = X / 5                                   # inputs in [−1, 1], as MATLAB's mapminmax leaves them

SIN_OPTIONS = {"gd": {"lr": 0.1}, "gdm": {"lr": 0.3}, "adam": {"lr": 0.02}}


@pytest.mark.parametrize("name", list(OPTIMIZERS))
@pytest.mark.parametrize("seed", [0, 1])
def test_each_algorithm_reaches_the_goal_on_sin(name, seed):
    net = Network([1, 8, 1], seed=seed)
    rec = train(net, XS, T, algorithm=name, epochs=20000, goal=1e-3, **SIN_OPTIONS.get(name, {}))
    assert rec.stop_reason.startswith("goal:"), rec.stop_reason
    assert rec.final_loss <= 1e-3
    assert np.mean((net.predict(XS) - T) ** 2) == pytest.approx(rec.final_loss, rel=1e-9)


def test_lm_reaches_the_minpack_minimum_from_the_article_weights():
    """scipy's least_squares(method="lm") is MINPACK's trust-region Levenberg–Marquardt.

    From the article's weights it finds MSE 6.37e-4.  bpnn's LM (MATLAB's rule,
    μI damping) finds the same minimum when started with μ = 0.1; with MATLAB's
    μ = 0.001 its first step is so long that it lands in another basin (MSE ≈ 2e-3).
    """
    from scipy.optimize import least_squares

    probe = article_network()

    def residuals(theta):
        probe.theta = theta
        return (probe.forward(X) - T).ravel()

    def jacobian(theta):
        probe.theta = theta
        return residuals_and_jacobian(probe, X, T)[1]

    ref = least_squares(residuals, article_network().theta, jac=jacobian, method="lm",
                        xtol=1e-15, ftol=1e-15, gtol=1e-15)
    mse_ref = np.mean(ref.fun ** 2)
    net = article_network()
    rec = train(net, X, T, algorithm="trainlm", mu=0.1, min_grad=1e-10)
    assert rec.final_loss == pytest.approx(mse_ref, rel=1e-6)
    # the same function (the hidden units may come out in another order)
    assert np.allclose(net.predict(X).ravel() - T.ravel(), ref.fun, atol=1e-6)


def test_lm_with_restarts_reaches_the_best_1_4_1_fit():
    net = article_network()
    rec = train(net, X, T, algorithm="lm", restarts=20, seed=0, init="randn")
    assert rec.final_loss <= 1e-7                       # the best 1-4-1 fit is ≈ 3.4e-8
    assert len(rec.restarts) == 20
    spread = rec.spread()
    assert spread["best"] == pytest.approx(rec.final_loss) and spread["best"] <= spread["median"] <= spread["worst"]
    assert np.mean((net.predict(X) - T) ** 2) == pytest.approx(rec.final_loss, rel=1e-9)


def test_bayesian_regularisation_gamma_falls_with_noise():
    rng = np.random.default_rng(0)
    x = np.linspace(-1, 1, 60).reshape(-1, 1)
    gammas = {}
    for noise in (0.01, 0.3):
        values = []
        for seed in range(3):
            t = np.sin(3 * x) + noise * rng.normal(size=x.shape)
            net = Network([1, 10, 1], seed=seed)
            rec = train(net, x, t, algorithm="trainbr", epochs=300)
            assert 0 < rec.gamma[-1] < net.n_params
            values.append(rec.gamma[-1])
        gammas[noise] = np.mean(values)
    assert gammas[0.3] < gammas[0.01] - 2          # noisier targets: fewer effective parameters


def test_early_stopping_restores_exactly_the_best_epoch():
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (40, 1))
    t = np.sin(3 * x) + 0.2 * rng.normal(size=x.shape)
    xv = rng.uniform(-1, 1, (20, 1))
    tv = np.sin(3 * xv) + 0.2 * rng.normal(size=xv.shape)
    net = Network([1, 20, 1], seed=0)
    start = net.theta.copy()
    rec = train(net, x, t, algorithm="lm", validation=(xv, tv), max_fail=6, epochs=500)
    assert rec.stop_reason.startswith("max_fail:")
    assert rec.best_epoch == int(np.argmin(rec.val_loss)) and rec.epochs == rec.best_epoch + 6
    assert rec.val_fail[-1] == 6 and rec.val_fail[rec.best_epoch] == 0
    again = Network([1, 20, 1], seed=0)
    assert np.array_equal(again.theta, start)
    train(again, x, t, algorithm="lm", epochs=rec.best_epoch)       # the same run, stopped there
    assert np.array_equal(again.theta, net.theta)
    assert rec.final_loss == pytest.approx(rec.loss[rec.best_epoch], rel=1e-12)


def test_record_has_matlab_fields():
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, (30, 1))
    pairs = [(v, np.sin(3 * v)) for v in (rng.uniform(-1, 1, (10, 1)), rng.uniform(-1, 1, (10, 1)))]
    rec = train(Network([1, 5, 1], seed=0), x, np.sin(3 * x), algorithm="lm", epochs=20,
                validation=pairs[0], test=pairs[1])
    n = rec.epochs + 1
    assert len(rec.loss) == len(rec.val_loss) == len(rec.test_loss) == len(rec.grad_norm) == len(rec.mu) == n
    assert len(rec.val_fail) == len(rec.time) == n
    assert rec.mu[0] == 0.001 and all(m > 0 for m in rec.mu)
    d = rec.to_dict()
    assert set(d) >= {"loss", "val_loss", "test_loss", "grad_norm", "mu", "val_fail", "best_epoch", "stop_reason"}


@pytest.mark.parametrize("name,options", [("gd", {"lr": 0.05}), ("rprop", {}), ("lm", {}), ("scg", {}),
                                          ("adam", {"lr": 0.01}), ("br", {})])
def test_a_restart_batch_equals_the_networks_trained_one_by_one(name, options):
    singles = [Network([1, 5, 1], seed=s) for s in range(4)]
    stack = Network.stacked(singles)
    train(stack, XS, T, algorithm=name, epochs=60, goal=1e-4, min_grad=0, **options)
    for k, net in enumerate(singles):
        train(net, XS, T, algorithm=name, epochs=60, goal=1e-4, min_grad=0, **options)
        assert np.allclose(stack.theta[k], net.theta, rtol=1e-8, atol=1e-10), k


def test_restarts_one_equals_a_plain_run_and_more_never_hurt():
    a, b = Network([1, 4, 1], seed=3), Network([1, 4, 1], seed=3)
    ra = train(a, XS, T, algorithm="lm", epochs=50)
    rb = train(b, XS, T, algorithm="lm", epochs=50, restarts=1)
    assert np.array_equal(a.theta, b.theta) and ra.loss == rb.loss
    c = Network([1, 4, 1], seed=3)
    rc = train(c, XS, T, algorithm="lm", epochs=50, restarts=5, seed=0)
    assert rc.final_loss <= ra.final_loss and rc.restarts[0]["final_loss"] == pytest.approx(ra.final_loss)


def test_plain_fast_loop_equals_the_general_loop():
    a, b = article_network(), article_network()
    ra = train(a, X, T, algorithm="gdm", lr=0.01, epochs=400)
    rb = train(b, X, T, algorithm="gdm", lr=0.01, epochs=400, engine="reference")
    assert np.allclose(ra.loss, rb.loss, rtol=1e-11) and np.allclose(a.theta, b.theta, rtol=1e-11)
    assert ra.stop_reason == rb.stop_reason and ra.best_epoch == rb.best_epoch


@pytest.mark.parametrize("schedule,check", [
    ("step:every=10,drop=0.5", lambda lr: lr[9] == 0.1 and lr[10] == 0.05 and lr[25] == 0.025),
    ("exponential:gamma=0.9", lambda lr: lr[2] == pytest.approx(0.1 * 0.81)),
    ("cosine:period=40", lambda lr: lr[0] == 0.1 and lr[20] == pytest.approx(0.05) and lr[40] == 0),
    ("warmup:epochs=5", lambda lr: lr[0] == pytest.approx(0.02) and lr[4] == pytest.approx(0.1)),
])
def test_schedules_drive_the_learning_rate(schedule, check):
    rec = train(Network([1, 4, 1], seed=0), XS, T, algorithm="gd", lr=0.1, epochs=50, schedule=schedule,
                min_grad=0)
    assert len(rec.lr) == 51 and check(rec.lr)


def test_plateau_schedule_cuts_the_rate_when_progress_stops():
    rec = train(Network([1, 4, 1], seed=0), XS, T, algorithm="gd", lr=0.5, epochs=300,
                schedule="plateau:patience=5,factor=0.5", min_grad=0)
    assert min(rec.lr) == 0.25 and rec.lr[0] == 0.5 and rec.stop_reason.startswith("epochs")


def test_schedule_refused_for_algorithms_without_a_fixed_rate():
    with pytest.raises(BPNNError, match="schedule does not apply to lm"):
        train(Network([1, 4, 1], seed=0), XS, T, algorithm="lm", schedule="step")


def _blobs(seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[1.0, 1.0], [-1.0, 1.0], [0.0, -1.0]])
    labels = rng.integers(0, 3, 90)
    return centres[labels] + 0.35 * rng.normal(size=(90, 2)), np.eye(3)[labels]


@pytest.mark.parametrize("name,options", [("gd", {"lr": 0.5}), ("gdm", {"lr": 0.5}), ("gda", {}), ("gdx", {}),
                                          ("rprop", {}), ("adam", {"lr": 0.05}), ("scg", {}), ("bfgs", {}),
                                          ("lbfgs", {})])
def test_cross_entropy_classification(name, options):
    Xc, Tc = _blobs()
    net = Network([2, 6, 3], "tanh", "softmax", seed=0)
    rec = train(net, Xc, Tc, loss="cross_entropy", algorithm=name, epochs=500, **options)
    accuracy = np.mean(net.predict(Xc).argmax(1) == Tc.argmax(1))
    assert accuracy >= 0.95 and rec.final_loss < rec.loss[0]


@pytest.mark.parametrize("name", ["lm", "br"])
def test_least_squares_algorithms_refuse_cross_entropy(name):
    Xc, Tc = _blobs()
    with pytest.raises(BPNNError, match="needs a least-squares loss .* use scg, bfgs, lbfgs, rprop or adam"):
        train(Network([2, 6, 3], "tanh", "softmax", seed=0), Xc, Tc, loss="cross_entropy", algorithm=name)


def test_minibatch_is_for_first_order_algorithms():
    with pytest.raises(BPNNError, match="lm trains on the full batch"):
        train(Network([1, 4, 1], seed=0), XS, T, algorithm="lm", batch_size=5)
    rec = train(Network([1, 8, 1], seed=0), XS, T, algorithm="adam", lr=0.01, batch_size=5, epochs=200, seed=0)
    assert rec.final_loss < 0.1 * rec.loss[0] and rec.batch_size == 5


def test_lm_refuses_a_jacobian_that_does_not_fit(monkeypatch):
    import bpnn.training.objective as objective

    monkeypatch.setattr(objective, "JACOBIAN_LIMIT_BYTES", 1000)
    with pytest.raises(BPNNError, match=r"lm needs a Jacobian of 20 residuals × 13 weights ≈ .* use 'scg'"):
        train(article_network(), X, T, algorithm="lm")
    with pytest.raises(BPNNError, match=r"br needs a Jacobian of 20 residuals × 13 weights × 3 networks"):
        train(article_network(), X, T, algorithm="br", restarts=3)


@pytest.mark.parametrize("name", ["scg", "bfgs", "lbfgs", "gda", "gdx", "lm", "br", "rprop"])
def test_fast_engine_follows_the_reference_engine(name):
    """The kernel's reused gradient buffer must not leak into an algorithm's state (SCG once read
    its curvature from two gradients that were the same array)."""
    Xc, Tc = _blobs(1)
    loss = "mse" if name in ("lm", "br") else "cross_entropy"
    a = Network([2, 6, 3], "tanh", "softmax", seed=2)
    b = a.copy()
    ra = train(a, Xc, Tc, loss=loss, algorithm=name, epochs=40)
    rb = train(b, Xc, Tc, loss=loss, algorithm=name, epochs=40, engine="reference")
    assert np.allclose(ra.loss, rb.loss, rtol=1e-7, atol=1e-12) and np.allclose(a.theta, b.theta, rtol=1e-6,
                                                                                  atol=1e-9)


def test_scg_classifies_blobs_well():
    Xc, Tc = _blobs(3)
    net = Network([2, 6, 3], "tanh", "softmax", seed=0)
    rec = train(net, Xc, Tc, loss="cross_entropy", algorithm="scg", epochs=100)
    assert np.mean(net.predict(Xc).argmax(1) == Tc.argmax(1)) >= 0.95 and rec.final_loss < 0.2


def _lm_one_mu_at_a_time(objective, state, loss, opt):
    """Levenberg–Marquardt as written in the textbooks: try μ, μ·mu_inc, … one at a time (LU solves)."""
    theta, mu = objective.theta, state["mu"]
    e, J = objective.residuals_and_jacobian()
    JtJ, Jte = J.swapaxes(1, 2) @ J, np.einsum("kni,kn->ki", J, e)
    theta0, eye = theta.copy(), np.eye(theta.shape[1])
    for k in range(theta.shape[0]):
        while mu[k] <= opt.mu_max:
            step = -np.linalg.solve(JtJ[k] + mu[k] * eye, Jte[k])
            theta[k] = theta0[k] + step
            if objective.loss_at(theta[k:k + 1])[0] < loss[k]:
                mu[k] = max(mu[k] * opt.mu_dec, 1e-20)
                break
            theta[k] = theta0[k]
            mu[k] *= opt.mu_inc


def test_lm_trying_all_larger_mu_at_once_equals_trying_them_one_by_one():
    """LM's second round evaluates every larger μ of the networks that failed at once; the μ and
    weights it keeps must be those of the one-at-a-time search, for every network of a stack."""
    from bpnn.training.objective import NetworkObjective

    rng = np.random.default_rng(4)
    x = rng.uniform(-1, 1, (25, 2))
    t = np.sin(3 * x[:, :1]) * np.cos(2 * x[:, 1:])
    opt = OPTIMIZERS["lm"](mu=1e-4, mu_inc=4.0)
    nets = [Network([2, 6, 1], seed=0, stack=8) for _ in range(2)]
    objectives = [NetworkObjective(net, x, t) for net in nets]
    states = [opt.init(o.theta) for o in objectives]
    retried = 0
    for epoch in range(40):
        losses = [o.loss() for o in objectives]
        mu_before = states[0]["mu"].copy()
        opt.step(objectives[0], states[0], losses[0], None)
        _lm_one_mu_at_a_time(objectives[1], states[1], losses[1], opt)
        retried += int(np.sum(states[0]["mu"] > mu_before))
        assert np.array_equal(states[0]["mu"], states[1]["mu"]), epoch
        assert np.allclose(nets[0].theta, nets[1].theta, rtol=1e-7, atol=1e-9), epoch
    assert retried >= 5                                   # the second round did run
