"""The gradient matrix: every activation × loss × depth against finite differences.

Also the residual Jacobian (for Levenberg–Marquardt), the fast full-batch
kernel against the readable reference, and PyTorch autograd parity (skipped
without torch).
"""

import numpy as np
import pytest

from bpnn import Network, loss_and_grad, residuals_and_jacobian
from bpnn.core.activations import ACTIVATIONS
from bpnn.teach.gradcheck import check_gradients, check_jacobian, relative_error, torch_available, torch_grad
from bpnn.engines.buffered import FullBatch
from bpnn.core.losses import get_loss

from conftest import make_problem

HIDDEN = list(ACTIVATIONS)                       # all six, softmax included as a hidden layer
LOSS_OUTPUT = [("mse", "linear"), ("mse", "tanh"), ("mse", "sigmoid"), ("mse", "relu"),
               ("mse", "leaky_relu"), ("mse", "softmax"), ("sse", "linear"), ("sse", "sigmoid"),
               ("cross_entropy", "softmax"), ("binary_cross_entropy", "sigmoid")]
DEPTHS = [1, 2, 3]


def build(hidden, output, depth, loss, seed=0, dtype="float64"):
    sizes = [3] + [5, 4, 3][:depth] + [3]
    net = Network(sizes, hidden, output, init="randn", seed=seed, dtype=dtype)
    net.theta *= 0.7                                      # keep units out of saturation
    X, T = make_problem(3, 3, loss, seed=seed)
    return net, X, T


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("loss,output", LOSS_OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_gradient_matches_finite_differences(hidden, loss, output, depth):
    net, X, T = build(hidden, output, depth, loss)
    result = check_gradients(net, X, T, loss)
    assert result.overall <= 1e-6, result.layers
    assert all(layer["W"] <= 1e-6 and layer["b"] <= 1e-6 for layer in result.layers)


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("output", ["linear", "tanh", "sigmoid", "softmax", "relu"])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_jacobian_matches_finite_differences(hidden, output, depth):
    net, X, T = build(hidden, output, depth, "mse", seed=1)
    assert check_jacobian(net, X, T) <= 1e-6


@pytest.mark.parametrize("loss", ["mse", "sse"])
def test_gradient_is_two_s_jacobian_transpose_residuals(loss):
    """For E = s·Σe², ∂E/∂θ = 2s·Jᵀe: the Jacobian and BP agree with each other too."""
    net, X, T = build("tanh", "linear", 2, loss, seed=2)
    e, J = residuals_and_jacobian(net, X, T)
    _, g = loss_and_grad(net, X, T, loss)
    s = get_loss(loss).residual_scale(e.size)
    assert relative_error(2 * s * J.T @ e, g) < 1e-12


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("loss,output", LOSS_OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_fast_kernel_equals_reference(hidden, loss, output, depth):
    net, X, T = build(hidden, output, depth, loss, seed=3)
    E_ref, g_ref = loss_and_grad(net, X, T, loss)
    kernel = FullBatch(net, X, T, loss)
    for _ in range(2):                                    # buffers reused: same answer twice
        E, g = kernel.loss_and_grad()
        assert E == pytest.approx(E_ref, rel=1e-13)
        assert relative_error(g, g_ref) < 1e-13
    net.theta *= 0.5                                      # it follows θ as it changes
    assert relative_error(kernel.loss_and_grad()[1], loss_and_grad(net, X, T, loss)[1]) < 1e-13


def test_float32_gradient_is_close_to_float64():
    net64, X, T = build("tanh", "linear", 2, "mse", seed=4)
    net32 = Network(net64.sizes, "tanh", "linear", dtype="float32")
    net32.theta = net64.theta
    _, g64 = loss_and_grad(net64, X, T)
    _, g32 = loss_and_grad(net32, X.astype(np.float32), T.astype(np.float32))
    assert g32.dtype == np.float32
    assert relative_error(g32.astype(float), g64) < 1e-5


needs_torch = pytest.mark.skipif(not torch_available(), reason="PyTorch not installed (pip install torch)")


@needs_torch
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("loss,output", LOSS_OUTPUT)
def test_parity_with_torch_autograd(seed, loss, output):
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, 4))
    hidden = [str(h) for h in rng.choice(HIDDEN, size=depth)]
    sizes = [int(rng.integers(1, 6))] + [int(s) for s in rng.integers(2, 7, size=depth)] + [int(rng.integers(2, 5))]
    net = Network(sizes, hidden, output, init="glorot", seed=seed)
    X, T = make_problem(sizes[0], sizes[-1], loss, n=int(rng.integers(1, 12)), seed=seed)
    E, g = loss_and_grad(net, X, T, loss)
    E_t, g_t = torch_grad(net, X, T, loss)
    assert E == pytest.approx(E_t, rel=1e-12)
    assert relative_error(g, g_t) < 1e-12
