"""Metrics against scikit-learn's and SciPy's implementations."""

import numpy as np
import pytest
from scipy.stats import pearsonr
from sklearn import metrics as skm

from bpnn.app import metrics
from bpnn.errors import BPNNError


def test_regression_metrics_match_sklearn_and_scipy():
    rng = np.random.default_rng(0)
    t = rng.normal(size=40)
    y = t + rng.normal(scale=0.3, size=40)
    m = metrics.regression_metrics(t, y)
    assert m["n"] == 40
    assert m["mse"] == pytest.approx(skm.mean_squared_error(t, y), rel=1e-12)
    assert m["rmse"] == pytest.approx(np.sqrt(skm.mean_squared_error(t, y)), rel=1e-12)
    assert m["mae"] == pytest.approx(skm.mean_absolute_error(t, y), rel=1e-12)
    assert m["r2"] == pytest.approx(skm.r2_score(t, y), rel=1e-12)
    assert m["r"] == pytest.approx(pearsonr(t, y)[0], rel=1e-12)


def test_multi_output_r2_averages_columns_and_constant_targets():
    rng = np.random.default_rng(1)
    t, y = rng.normal(size=(20, 3)), rng.normal(size=(20, 3))
    assert metrics.r2(t, y) == pytest.approx(skm.r2_score(t, y))
    assert metrics.r2([1.0, 1.0], [1.0, 1.0]) == 1.0
    assert np.isnan(metrics.r([1.0, 1.0], [0.0, 2.0]))


def test_classification_metrics_match_sklearn():
    rng = np.random.default_rng(2)
    classes = ["a", "b", "c"]
    t = rng.choice(classes, 60)
    p = np.where(rng.random(60) < 0.7, t, rng.choice(classes, 60))
    m = metrics.classification_metrics(t, p, classes)
    assert m["accuracy"] == pytest.approx(skm.accuracy_score(t, p))
    np.testing.assert_array_equal(m["confusion"], skm.confusion_matrix(t, p, labels=classes))
    prec, rec, f1, sup = skm.precision_recall_fscore_support(t, p, labels=classes, zero_division=0)
    np.testing.assert_allclose(m["precision"], prec)
    np.testing.assert_allclose(m["recall"], rec)
    np.testing.assert_allclose(m["f1"], f1)
    assert m["support"] == sup.tolist()


def test_mismatched_shapes_are_refused():
    with pytest.raises(BPNNError, match="shape"):
        metrics.mse([1.0, 2.0], [1.0])
    with pytest.raises(BPNNError, match="not one of the classes"):
        metrics.confusion_matrix(["a"], ["z"], classes=["a", "b"])
