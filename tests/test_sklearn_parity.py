"""scikit-learn parity of BPRegressor/BPClassifier: MLP's fitted attributes, verbose, warm_start and
partial_fit that keep counting and keep the optimiser's state (issue 16, part 4)."""

import numpy as np
import pytest

from bpnn import BPClassifier, BPRegressor


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(90, 3))
    return X, np.sin(X[:, 0]) + 0.5 * X[:, 1]


def test_mlp_attributes(data):
    X, y = data
    reg = BPRegressor(hidden_layer_sizes=(5, 4), random_state=0, epochs=30, ensemble=1).fit(X, y)
    assert [W.shape for W in reg.coefs_] == [(3, 5), (5, 4), (4, 1)]
    assert [b.shape for b in reg.intercepts_] == [(5,), (4,), (1,)]
    assert reg.n_layers_ == 4 and reg.n_outputs_ == 1 and reg.out_activation_ == "linear"
    assert reg.best_loss_ == min(reg.loss_curve_)
    assert len(reg.validation_scores_) == len(reg.loss_curve_)
    assert -1 <= reg.best_validation_score_ <= 1
    assert reg.coefs_[0] is not reg.network_.W[0] and np.array_equal(reg.coefs_[0], reg.network_.W[0])
    clf = BPClassifier(random_state=0, epochs=20, validation_fraction=0).fit(X, np.where(y > 0, "up", "down"))
    assert clf.out_activation_ == "softmax" and clf.n_outputs_ == 2
    assert clf.validation_scores_ is None and clf.best_validation_score_ is None


def test_mlp_attributes_of_a_committee(data):
    """At the defaults ("auto") a committee of 10 rotated networks: coefs_, intercepts_, n_iter_,
    loss_curve_ and validation_scores_ are the first network's; best_validation_score_ is None
    (the networks have different validation rows); predict averages all ten."""
    X, y = data
    reg = BPRegressor(hidden_layer_sizes=(5, 4), random_state=0, epochs=30).fit(X, y)
    first = reg.model_.networks[0]
    assert len(reg.model_.networks) == 10 and reg.settings_["rotate"] is True
    assert all(np.array_equal(W, V) for W, V in zip(reg.coefs_, first.W))
    assert all(np.array_equal(b, c) for b, c in zip(reg.intercepts_, first.b))
    assert not np.array_equal(reg.coefs_[0], reg.model_.networks[1].W[0])
    assert reg.loss_curve_ == reg.model_.records[0]["loss"] and reg.n_iter_ == len(reg.loss_curve_) - 1
    assert len(reg.validation_scores_) == len(reg.loss_curve_) and reg.best_validation_score_ is None
    one = reg.model_.preprocessing.outputs(first.forward(reg.model_.preprocessing.inputs(X)))
    assert not np.allclose(one.ravel(), reg.predict(X))                  # the committee, not the first network


def test_warm_start_keeps_counting(data):
    X, y = data
    reg = BPRegressor(hidden_layer_sizes=(4,), algorithm="adam", epochs=7, validation_fraction=0, random_state=0,
                      warm_start=True)
    reg.fit(X, y)
    first, curve = reg.n_iter_, list(reg.loss_curve_)
    assert first == 7 and len(curve) == 8                       # the loss before epoch 1, then one per epoch
    reg.fit(X, y)
    assert reg.n_iter_ == 14 and len(reg.loss_curve_) == 15 and reg.loss_curve_[:8] == curve


def test_partial_fit_keeps_adam_state(data):
    """The second call continues Adam (moments and step count kept): its result differs from a
    second call that starts Adam afresh from the same weights, which is what partial_fit did before."""
    from bpnn.core.backprop import loss_and_grad
    from bpnn.optimizers import get_optimizer

    X, y = data
    reg = BPRegressor(hidden_layer_sizes=(4,), algorithm="adam", options={"lr": 0.05}, random_state=0)
    reg.partial_fit(X, y)
    net0 = reg.network_.copy()
    reg.partial_fit(X, y)
    Xs = reg.model_.preprocessing.inputs(X)
    T = reg.model_.preprocessing.targets(y)
    start = BPRegressor(hidden_layer_sizes=(4,), algorithm="adam", options={"lr": 0.05}, random_state=0)
    start.partial_fit(X, y)                                       # same seed: same start and first step
    assert np.array_equal(start.network_.theta, net0.theta)
    opt = get_optimizer("adam", lr=0.05)
    fresh = net0.copy()
    state = opt.init(fresh.theta)
    _, g = loss_and_grad(fresh, Xs, T, "mse")
    opt.step(fresh.theta, g, state, None)                         # a second step with a fresh state
    assert not np.allclose(fresh.theta, reg.network_.theta)
    assert reg.n_iter_ == 2 and len(reg.loss_curve_) == 2


def test_verbose_prints_each_epoch(data, capsys):
    X, y = data
    BPRegressor(hidden_layer_sizes=(3,), epochs=3, validation_fraction=0, random_state=0, verbose=True).fit(X, y)
    out = capsys.readouterr().out
    assert "Iteration 3, loss = " in out
