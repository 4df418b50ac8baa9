"""Property-based tests (hypothesis): random architectures, activations, losses,
dtypes and batch splits."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpnn import Network, loss_and_grad
from bpnn.core.activations import ACTIVATIONS
from bpnn.app.data import MapMinMax, MapStd
from bpnn.teach.gradcheck import numerical_grad, relative_error
from bpnn.engines.buffered import FullBatch

PAIRS = [("mse", "linear"), ("mse", "tanh"), ("mse", "sigmoid"), ("sse", "linear"), ("mse", "softmax"),
         ("cross_entropy", "softmax"), ("binary_cross_entropy", "sigmoid")]
SMOOTH = ["tanh", "sigmoid", "linear", "softmax"]          # no kinks: finite differences are exact enough

common = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw, hidden_choices=tuple(ACTIVATIONS)):
    depth = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 4))] + [draw(st.integers(1, 6)) for _ in range(depth)] + [draw(st.integers(1, 4))]
    hidden = [draw(st.sampled_from(hidden_choices)) for _ in range(depth)]
    loss, output = draw(st.sampled_from(PAIRS))
    if output == "softmax" and sizes[-1] == 1:
        sizes[-1] = 2
    n = draw(st.integers(1, 12))
    seed = draw(st.integers(0, 2 ** 31 - 1))
    rng = np.random.default_rng(seed)
    net = Network(sizes, hidden, output, init="glorot", seed=seed)
    X = rng.normal(size=(n, sizes[0]))
    if loss == "cross_entropy":
        T = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    elif loss == "binary_cross_entropy":
        T = rng.integers(0, 2, (n, sizes[-1])).astype(float)
    else:
        T = rng.normal(size=(n, sizes[-1]))
    return net, X, T, loss


@common
@given(problems(hidden_choices=tuple(SMOOTH)))
def test_gradient_matches_finite_differences(problem):
    net, X, T, loss = problem
    _, g = loss_and_grad(net, X, T, loss)
    assert relative_error(g, numerical_grad(net, X, T, loss)) < 1e-6


@common
@given(problems())
def test_fast_kernel_equals_reference(problem):
    net, X, T, loss = problem
    E, g = loss_and_grad(net, X, T, loss)
    E2, g2 = FullBatch(net, X, T, loss).loss_and_grad()
    assert E2 == pytest.approx(E, rel=1e-12, abs=1e-300) and relative_error(g2, g) < 1e-12


@common
@given(problems())
def test_float32_follows_float64(problem):
    net, X, T, loss = problem
    net32 = Network(net.sizes, [f.name for f in net.activations[:-1]], net.activations[-1].name,
                    dtype="float32")
    net32.theta = net.theta
    E, g = loss_and_grad(net, X, T, loss)
    E32, g32 = loss_and_grad(net32, X.astype(np.float32), T.astype(np.float32), loss)
    assert g32.dtype == np.float32
    assert E32 == pytest.approx(E, rel=1e-4, abs=1e-5)
    assert np.allclose(g32, g, rtol=1e-3, atol=1e-4 * max(1.0, np.abs(g).max()))


@common
@given(problems(), st.integers(1, 11))
def test_predictions_do_not_depend_on_the_batch_split(problem, cut):
    net, X, T, loss = problem
    cut = min(cut, len(X))
    whole = net.predict(X)
    parts = np.vstack([net.predict(X[:cut]), net.predict(X[cut:])]) if cut < len(X) else net.predict(X)
    assert np.allclose(whole, parts, rtol=1e-13, atol=1e-15)


@common
@given(problems(), st.integers(1, 11))
def test_sse_gradient_adds_over_batches(problem, cut):
    """E = Σ over samples, so ∂E/∂θ of the whole is the sum over any split (BP3/BP4 sum rows)."""
    net, X, T, _ = problem
    if net.activations[-1].name == "softmax" or len(X) < 2:
        return
    cut = 1 + cut % (len(X) - 1)
    _, whole = loss_and_grad(net, X, T, "sse")
    _, a = loss_and_grad(net, X[:cut], T[:cut], "sse")
    _, b = loss_and_grad(net, X[cut:], T[cut:], "sse")
    assert np.allclose(whole, a + b, rtol=1e-10, atol=1e-12)


@common
@given(st.integers(1, 30), st.integers(1, 5), st.integers(0, 2 ** 31 - 1), st.sampled_from([MapMinMax, MapStd]),
       st.floats(1e-3, 1e6))
def test_scaler_inverse_undoes_forward(n, d, seed, Scaler, scale):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * scale + rng.normal(size=d) * scale
    X[:, 0] = 7.0                                                   # a constant column too
    s = Scaler().fit(X)
    assert np.allclose(s.inverse(s.transform(X)), X, rtol=1e-10, atol=1e-9 * scale)
