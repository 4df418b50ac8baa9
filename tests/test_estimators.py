"""BPRegressor and BPClassifier on scikit-learn's contract."""

import pickle

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from bpnn.errors import BPNNError
from bpnn.app.estimators import BPClassifier, BPRegressor

# Small, fast settings: the checks fit dozens of times on tiny data.
CHECKED = [BPRegressor(hidden_layer_sizes=(5,), epochs=40, random_state=0),
           BPClassifier(hidden_layer_sizes=(5,), epochs=40, random_state=0)]


def expected_failures(estimator):
    """Checks expected to fail, with the reason: one.

    Integer sample weights are not the same as repeated rows *before* the
    division: bpnn divides the rows into training and validation first and
    then repeats them by weight, so a row's copies never sit on both sides of
    early stopping (repeating first would let validation see training rows).
    (Two array-API checks skip themselves unless SCIPY_ARRAY_API is set.)
    """
    return {"check_sample_weight_equivalence_on_dense_data":
            "weights repeat rows after the training/validation division, not before it"}


@parametrize_with_checks(CHECKED, expected_failed_checks=expected_failures)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def wave():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(160, 2)) * [1, 100] + [0, 500]          # raw units, very different scales
    y = np.sin(2 * X[:, 0]) + (X[:, 1] - 500) / 200
    return X, y


def test_regressor_learns_raw_units_and_matches_the_contract(wave):
    X, y = wave
    reg = BPRegressor(random_state=0).fit(X, y)
    assert reg.score(X, y) > 0.95 and reg.predict(X).shape == (160,)
    assert reg.n_features_in_ == 2 and reg.n_iter_ == len(reg.loss_curve_) - 1
    assert reg.network_.sizes == [2, 10, 1]


def test_pipeline_gridsearch_and_cross_val_score_in_two_processes(wave):
    X, y = wave
    pipe = make_pipeline(StandardScaler(), BPRegressor(scaling="none", random_state=0))
    scores = cross_val_score(pipe, X, y, cv=3, n_jobs=2)
    assert scores.min() > 0.8
    grid = GridSearchCV(BPRegressor(random_state=0, epochs=50), {"hidden_layer_sizes": [(1,), (8,)]},
                        cv=3, n_jobs=2)
    grid.fit(X, y)
    assert grid.best_params_["hidden_layer_sizes"] == (8,) and grid.best_score_ > 0.8


def test_classifier_labels_proba_and_feature_names():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(1)
    X = pd.DataFrame(rng.normal(size=(150, 2)), columns=["width", "height"])
    y = np.where(X.width > 0, "wide", "narrow")
    clf = BPClassifier(random_state=0, algorithm="rprop").fit(X, y)
    assert clf.classes_.tolist() == ["narrow", "wide"] and clf.score(X, y) > 0.9
    np.testing.assert_allclose(clf.predict_proba(X).sum(axis=1), 1.0)
    assert clf.feature_names_in_.tolist() == ["width", "height"]
    assert clf.model_.features == ["width", "height"]


def test_warm_start_continues_from_the_fitted_weights(wave):
    X, y = wave
    reg = BPRegressor(random_state=0, epochs=3, validation_fraction=0, warm_start=True).fit(X, y)
    first = reg.model_.record["loss"][-1]
    reg.fit(X, y)
    assert reg.model_.record["loss"][0] == pytest.approx(first)          # starts where it stopped
    cold = BPRegressor(random_state=0, epochs=3, validation_fraction=0).fit(X, y)
    assert cold.model_.record["loss"][0] != pytest.approx(first)


def test_partial_fit_first_order_only(wave):
    X, y = wave
    reg = BPRegressor(random_state=0, algorithm="rprop")
    for _ in range(30):
        reg.partial_fit(X, y)
    assert reg.n_iter_ == 30 and reg.loss_curve_[-1] < reg.loss_curve_[0]
    with pytest.raises(BPNNError, match="first-order"):
        BPRegressor(algorithm="lm").partial_fit(X, y)
    with pytest.raises(BPNNError, match="classes="):
        BPClassifier().partial_fit(X, y > 0)
    clf = BPClassifier(random_state=0).partial_fit(X, y > 0, classes=[False, True])
    assert clf.predict(X).dtype == bool


def test_save_load_and_pickle_a_fitted_estimator(tmp_path, wave):
    from bpnn.app.io import load_model, save_model

    X, y = wave
    reg = BPRegressor(random_state=0, epochs=20).fit(X, y)
    model = load_model(save_model(reg, tmp_path / "reg.bpnn"))
    np.testing.assert_array_equal(model.predict(X).ravel(), reg.predict(X))
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(reg)).predict(X), reg.predict(X))


def test_bad_parameters_are_refused_in_fit(wave):
    X, y = wave
    for params, match in [({"validation_fraction": 1.5}, "validation_fraction"),
                          ({"hidden_layer_sizes": (0,)}, "hidden layer sizes"),
                          ({"scaling": "zscore"}, "unknown scaling"),
                          ({"ensemble": 0}, "ensemble")]:
        with pytest.raises(BPNNError, match=match):
            BPRegressor(**params).fit(X, y)


def test_ctrl_c_keeps_the_networks_trained_so_far(wave):
    from bpnn.app.workflow import fit

    X, y = wave

    def interrupt(k, epoch, record):
        if k == 1 and epoch == 3:
            raise KeyboardInterrupt

    model = fit(X, y, seed=0, ensemble=4, callback=interrupt)
    assert len(model.networks) == 2 and model.records[1]["stop_reason"].startswith("interrupted")
    assert np.isfinite(model.predict(X)).all()


# -- the defaults: bpnn train's rule, resolved in fit ------------------------------------------------
AUTO = ("hidden_layer_sizes", "scaling", "ensemble", "rotate", "weight_decay", "max_fail")


@pytest.mark.parametrize("Estimator", [BPRegressor, BPClassifier])
def test_defaults_are_auto_and_resolved_by_default_settings_in_fit(Estimator):
    """Every "auto" is resolved in fit by default_settings for the rows the estimator trains on
    (85%: no test rows), the parameters stay "auto", and clone keeps them."""
    from sklearn.base import clone

    from bpnn.app.workflow import default_settings

    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 4))
    y = X[:, 0] - X[:, 1] ** 2 if Estimator is BPRegressor else np.where(X[:, 0] + X[:, 1] > 0, "a", "b")
    est = Estimator(random_state=0)
    assert all(est.get_params()[p] == "auto" for p in AUTO)
    est.fit(X, y)
    assert all(est.get_params()[p] == "auto" for p in AUTO) and all(clone(est).get_params()[p] == "auto"
                                                                     for p in AUTO)
    task = "regression" if Estimator is BPRegressor else "classification"
    rule = default_settings(task, 300, 4, 1 if task == "regression" else 2, ratios=(0.85, 0.15, 0.0))
    assert rule["hidden"] == [20] and rule["ensemble"] == 10 and rule["weight_decay"] == 0.001
    s = est.settings_
    assert {k: s[k] for k in ("hidden", "scaling", "ensemble", "weight_decay", "max_fail")} == \
        {k: rule[k] for k in ("hidden", "scaling", "ensemble", "weight_decay", "max_fail")}
    assert s["rotate"] is True and s["ratios"] == (0.85, 0.15, 0.0)
    model = est.model_
    assert len(model.networks) == 10 and model.network.sizes[1:-1] == [20]
    assert model.preprocessing.x_scaler.name == "mapstd" and model.info["divide"]["rotated"]
    assert model.info["max_fail"] == (6 if task == "regression" else 20)
    assert all(r["weight_decay"] == 0.001 for r in model.records)


def test_small_tables_get_the_stronger_weight_decay_and_wide_tables_wider_networks():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(60, 10))
    small = BPRegressor(random_state=0, epochs=5).fit(X, X[:, 0])         # 51 rows < 2 per weight of 10 units
    assert small.settings_["hidden"] == [10] and small.settings_["weight_decay"] == 0.01
    X = rng.normal(size=(1500, 8))
    y = np.digitize(X[:, 0] + X[:, 1], [-1.5, -0.5, 0.5, 1.5])            # 5 classes: 1275 × 5 values
    wide = BPClassifier(random_state=0, epochs=2).fit(X, y)
    assert wide.settings_["hidden"] == [80] and wide.network_.sizes == [8, 80, 5]


def test_explicit_values_override_the_defaults(wave):
    X, y = wave
    reg = BPRegressor(hidden_layer_sizes=(7,), scaling="mapminmax", ensemble=3, rotate=False, weight_decay=0,
                      max_fail=4, random_state=0).fit(X, y)
    assert reg.network_.sizes == [2, 7, 1] and len(reg.model_.networks) == 3
    assert not reg.model_.info["divide"]["rotated"] and reg.model_.info["max_fail"] == 4
    assert reg.model_.preprocessing.x_scaler.name == "mapminmax"
    assert all(r["weight_decay"] == 0 for r in reg.model_.records)
    assert BPRegressor(ensemble=1, random_state=0).fit(X, y).settings_["rotate"] is False   # one network
    br = BPRegressor(algorithm="br", ensemble=1, epochs=5, random_state=0).fit(X, y)
    assert br.settings_["weight_decay"] == 0                               # br regularises itself
    opt = BPRegressor(options={"weight_decay": 0.05}, ensemble=1, epochs=3, random_state=0).fit(X, y)
    assert opt.model_.records[0]["weight_decay"] == 0.05                   # options' value, not "auto"'s
    with pytest.raises(BPNNError, match="rotate"):
        BPRegressor(rotate="yes").fit(X, y)


def test_partial_fit_resolves_auto_from_its_first_batch(wave):
    X, y = wave
    reg = BPRegressor(random_state=0, algorithm="adam").partial_fit(X[:40], y[:40])   # 40 values < 2 × 41 weights
    assert len(reg.model_.networks) == 1 and reg.settings_["hidden"] == [10]
    assert reg.model_.preprocessing.x_scaler.name == "mapstd" and reg.settings_["weight_decay"] == 0.01
    reg.partial_fit(X[40:], y[40:])
    assert reg.n_iter_ == 2 and reg.settings_["weight_decay"] == 0.01


def test_the_defaults_beat_matlabs_on_vowels():
    """The reason for the change (docs/workflow.md, P6): on Deterding's vowels (11 classes, 528 rows)
    MATLAB's defaults reach about 0.74 on held-out rows, scikit-learn's MLPClassifier() 0.88."""
    from sklearn.model_selection import train_test_split

    from bpnn.datasets import deterding_vowels

    data = deterding_vowels("train")
    X_tr, X_te, y_tr, y_te = train_test_split(data.X, data.y, test_size=0.25, random_state=0, stratify=data.y)
    auto = BPClassifier(random_state=0).fit(X_tr, y_tr)
    matlab = BPClassifier(hidden_layer_sizes=(10,), scaling="mapminmax", ensemble=1, weight_decay=0, max_fail=6,
                          random_state=0).fit(X_tr, y_tr)
    assert auto.settings_["hidden"] == [80] and auto.settings_["ensemble"] == 10
    assert auto.score(X_te, y_te) > 0.88 > matlab.score(X_te, y_te)
