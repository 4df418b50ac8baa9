import numpy as np
import pytest

from bpnn import Network
from bpnn.errors import BPNNError
from bpnn.core.network import layer_slices


def test_weights_are_views_into_theta():
    net = Network([3, 5, 4, 2], ["tanh", "relu"], "softmax", seed=0)
    assert net.n_params == 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2
    for W, b in zip(net.W, net.b):
        assert np.shares_memory(W, net.theta) and np.shares_memory(b, net.theta)
    net.theta = np.arange(net.n_params, dtype=float)          # assignment copies into θ
    assert net.W[0][0, 0] == 0 and net.b[0][0] == 15 and net.W[1][0, 0] == 20
    net.W[2][...] = -1.0                                         # writing a view writes θ
    ws, _ = layer_slices(net.sizes)[2]
    assert np.all(net.theta[ws] == -1.0)


def test_forward_is_the_notation():
    net = Network([2, 3, 1], "tanh", "linear", seed=1)
    X = np.array([[0.5, -1.0], [2.0, 0.0]])
    expected = np.tanh(X @ net.W[0] + net.b[0]) @ net.W[1] + net.b[1]
    assert np.allclose(net.predict(X), expected)


@pytest.mark.parametrize("init", ["randn", "glorot", "he", "nguyen_widrow"])
def test_same_seed_same_weights(init):
    a = Network([4, 6, 3], init=init, seed=42)
    b = Network([4, 6, 3], init=init, seed=42)
    c = Network([4, 6, 3], init=init, seed=43)
    assert np.array_equal(a.theta, b.theta)
    assert not np.array_equal(a.theta, c.theta)


def test_nguyen_widrow_row_norms_and_bias_spread():
    net = Network([2, 10, 1], "tanh", init="nguyen_widrow", seed=0)
    beta = 0.7 * 10 ** (1 / 2)
    assert np.allclose(np.linalg.norm(net.W[0], axis=0), beta)     # each hidden unit's weights
    assert np.allclose(np.sort(np.abs(net.b[0])), np.sort(np.abs(beta * np.linspace(-1, 1, 10))))


def test_glorot_and_he_scales():
    wide = Network([400, 400, 1], init="glorot", seed=0)
    assert np.abs(wide.W[0]).max() <= np.sqrt(6 / 800) and np.all(wide.b[0] == 0)
    he = Network([400, 400, 1], "relu", init="he", seed=0)
    assert np.std(he.W[0]) == pytest.approx(np.sqrt(2 / 400), rel=0.02)


def test_float32_network():
    net = Network([1, 4, 1], seed=0, dtype="float32")
    assert net.theta.dtype == np.float32
    assert net.predict([[0.3]]).dtype == np.float32
    ref = Network([1, 4, 1], seed=0)
    assert np.allclose(net.theta, ref.theta, rtol=1e-6)     # same draw, rounded


def test_copy_is_independent():
    net = Network([1, 3, 1], seed=0)
    twin = net.copy()
    twin.theta[:] = 0
    assert not np.all(net.theta == 0)
    assert np.shares_memory(twin.W[0], twin.theta) and not np.shares_memory(twin.W[0], net.theta)


@pytest.mark.parametrize("sizes", [[3], [], [2, 0, 1], [2, 1.5, 1], "12"])
def test_bad_sizes(sizes):
    with pytest.raises(BPNNError, match="sizes must list at least two positive integers"):
        Network(sizes)


def test_activation_count_must_match_hidden_layers():
    with pytest.raises(BPNNError, match="2 hidden activations for 1 hidden layer"):
        Network([2, 3, 1], ["tanh", "relu"])


def test_unknown_init_and_dtype():
    with pytest.raises(BPNNError, match="unknown initialiser 'glorrot'"):
        Network([2, 3, 1], init="glorrot")
    with pytest.raises(BPNNError, match="float64 or float32"):
        Network([2, 3, 1], dtype="int32")


def test_repr():
    assert repr(Network([2, 8, 3], "relu", "softmax", seed=0)) == \
        "Network(2-8-3, relu → softmax, 51 parameters, float64)"


def test_networks_pickle_with_their_views():
    import pickle

    for net in (Network([2, 5, 3], ["relu"], "softmax", seed=1, dtype="float32"), Network([1, 3, 1], seed=2, stack=4)):
        again = pickle.loads(pickle.dumps(net))
        assert repr(again) == repr(net) and np.array_equal(again.theta, net.theta)
        assert np.shares_memory(again.W[0], again.theta)
        X = np.random.default_rng(0).normal(size=(4, net.sizes[0])).astype(net.dtype)
        assert np.array_equal(again.predict(X), net.predict(X))


@pytest.mark.parametrize("init", ["nguyen_widrow", "glorot", "randn", "he"])
@pytest.mark.parametrize("sizes,hidden", [([1, 4, 1], "tanh"), ([3, 5, 4, 2], ["sigmoid", "relu"]), ([2, 1, 3], "tanh")])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_a_stack_draws_the_networks_one_by_one_would(init, sizes, hidden, dtype):
    """Glorot and Nguyen–Widrow fill a stack in one draw: it must hold exactly the networks that
    drawing them one after another from the same generator gives."""
    stack = Network(sizes, hidden, "linear", init=init, seed=np.random.default_rng(7), dtype=dtype, stack=6)
    rng = np.random.default_rng(7)
    singles = [Network(sizes, hidden, "linear", init=init, seed=rng, dtype=dtype) for _ in range(6)]
    assert np.array_equal(stack.theta, np.stack([net.theta for net in singles]))
    assert stack.init == init
