import numpy as np
import pytest

from bpnn.core.activations import ACTIVATIONS, get_activation
from bpnn.errors import BPNNError

Z = np.random.default_rng(0).normal(scale=2.0, size=(5, 4))


@pytest.mark.parametrize("name", [n for n, f in ACTIVATIONS.items() if f.elementwise])
def test_derivative_matches_finite_difference(name):
    f = get_activation(name)
    h = 1e-6
    numeric = (f(Z + h) - f(Z - h)) / (2 * h)
    assert np.allclose(f.df(Z, f(Z)), numeric, atol=1e-8)


def test_softmax_backward_is_the_jacobian_product():
    f = get_activation("softmax")
    a = f(Z)
    g = np.random.default_rng(1).normal(size=Z.shape)
    for i in range(Z.shape[0]):
        J = np.diag(a[i]) - np.outer(a[i], a[i])          # ∂a/∂z of one row
        assert np.allclose(f.backward(Z[i:i + 1], a[i:i + 1], g[i:i + 1])[0], J.T @ g[i])
    assert np.allclose(a.sum(axis=1), 1.0)


def test_softmax_is_stable_for_large_inputs():
    a = get_activation("softmax")(np.array([[1000.0, 1000.0, -1000.0]]))
    assert np.all(np.isfinite(a)) and np.allclose(a, [[0.5, 0.5, 0.0]])


@pytest.mark.parametrize("alias,name", [("tansig", "tanh"), ("logsig", "sigmoid"), ("purelin", "linear"),
                                        ("poslin", "relu"), ("TANH", "tanh"), ("leaky-relu", "leaky_relu")])
def test_matlab_aliases(alias, name):
    assert get_activation(alias).name == name


def test_unknown_activation_suggests_a_name():
    with pytest.raises(BPNNError, match=r"unknown activation 'sigmod' \(did you mean 'sigmoid'\?\)"):
        get_activation("sigmod")


def test_output_ranges():
    assert get_activation("tanh").bounded and get_activation("sigmoid").bounded
    assert not get_activation("linear").bounded and not get_activation("relu").bounded


def test_tanh_arith_is_within_3_ulp_of_tanh():
    """tanh's vector form (arithmetic alone, for the compiled stack's SIMD loops) against math.tanh."""
    import math

    from bpnn.core.activations import tanh_arith

    rng = np.random.default_rng(0)
    zs = np.concatenate([rng.normal(size=4000) * 3, rng.uniform(-25, 25, 4000),
                         10 ** rng.uniform(-12, 1.5, 4000) * rng.choice([-1, 1], 4000),
                         [0.0, -0.0, 1e-300, 5e-324, 19.06, 20.0, 21.0, 1e300, -1e300]])
    worst = max(abs(tanh_arith(float(z)) - math.tanh(z)) / max(math.ulp(math.tanh(z)), 5e-324) for z in zs)
    assert worst <= 3
    assert math.isnan(tanh_arith(math.nan)) and tanh_arith(math.inf) == 1.0 and math.copysign(1, tanh_arith(-0.0)) < 0
