import numpy as np
import pytest

from bpnn.errors import BPNNError
from bpnn.core.losses import LOSSES, get_loss
from bpnn.core.activations import get_activation

rng = np.random.default_rng(0)


@pytest.mark.parametrize("name", list(LOSSES))
def test_grad_matches_finite_difference(name):
    loss = get_loss(name)
    a = rng.uniform(0.05, 0.95, size=(4, 3))
    if name == "cross_entropy":
        a = a / a.sum(axis=1, keepdims=True)
        T = np.eye(3)[[0, 2, 1, 1]]
    else:
        T = rng.uniform(0, 1, size=a.shape).round()
    g = loss.grad(a, T)
    h = 1e-7
    for idx in np.ndindex(a.shape):
        up, down = a.copy(), a.copy()
        up[idx] += h
        down[idx] -= h
        assert g[idx] == pytest.approx((loss.value(up, T) - loss.value(down, T)) / (2 * h), rel=1e-5, abs=1e-8)


def test_mse_and_sse_follow_matlab():
    a, T = np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2))
    assert get_loss("mse").value(a, T) == pytest.approx(30 / 4)       # mean, no ½
    assert get_loss("sse").value(a, T) == pytest.approx(30)           # sum, no ½


def test_canonical_output_delta_equals_chain_rule():
    z = rng.normal(size=(5, 3))
    f = get_activation("softmax")
    a = f(z)
    T = np.eye(3)[[0, 1, 2, 0, 1]]
    ce = get_loss("cross_entropy")
    assert np.allclose(ce.output_delta(z, a, T, f), f.backward(z, a, ce.grad(a, T)))


def test_cross_entropy_refuses_a_linear_output():
    with pytest.raises(BPNNError, match="needs a 'softmax' output layer"):
        get_loss("ce").check_output(get_activation("linear"))


def test_unknown_loss():
    with pytest.raises(BPNNError, match="unknown loss 'msee' \\(did you mean 'mse'\\?\\)"):
        get_loss("msee")
