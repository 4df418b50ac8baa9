import numpy as np

from bpnn import Network, train
from bpnn.app.advisor import advise, advise_record


def codes(found):
    return [a.code for a in found]


def test_clean_scaled_data_gets_no_advice():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (200, 3))
    T = np.sin(X.sum(1, keepdims=True))
    assert advise(X, T, Network([3, 5, 1], seed=0)) == []


def test_each_pitfall_is_named_with_what_to_do():
    rng = np.random.default_rng(1)
    X = np.column_stack([rng.uniform(0, 5000, 30), np.full(30, 3.0), rng.normal(size=30)])
    X = np.column_stack([X, X[:, 2]])                               # a duplicate column
    T = rng.uniform(100, 200, (30, 1))
    found = advise(X, T, Network([4, 20, 1], output="tanh", seed=0), feature_names=["area", "k", "u", "v"],
                   labels=["a"] * 27 + ["b"] * 3)
    assert codes(found) == ["bounded-targets", "unscaled-inputs", "constant-column", "duplicate-column",
                            "few-samples", "rare-class"]
    text = "\n".join(map(str, found))
    for needle in ["use a linear output", "area", "mapminmax", "input k is constant", "v duplicates u",
                   "30 target values for 121 weights", "class 'b' has only 3 samples"]:
        assert needle in text


def test_widening_gap_after_overfitting():
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, (15, 1))
    t = np.sin(3 * x) + 0.3 * rng.normal(size=x.shape)
    xv = rng.uniform(-1, 1, (40, 1))
    tv = np.sin(3 * xv) + 0.3 * rng.normal(size=xv.shape)
    rec = train(Network([1, 10, 1], seed=0), x, t, algorithm="lm", epochs=60, validation=(xv, tv),
                max_fail=1000)
    assert "widening-gap" in codes(advise_record(rec))
    rng = np.random.default_rng(3)                                  # plenty of data: no over-fitting
    x = rng.uniform(-1, 1, (200, 1))
    t = np.sin(3 * x) + 0.1 * rng.normal(size=x.shape)
    xv = rng.uniform(-1, 1, (100, 1))
    tv = np.sin(3 * xv) + 0.1 * rng.normal(size=xv.shape)
    calm = train(Network([1, 4, 1], seed=0), x, t, algorithm="lm", epochs=60, validation=(xv, tv), max_fail=6)
    assert advise_record(calm) == []
