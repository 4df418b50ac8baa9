"""One training step of a 1-2-1 tanh/linear network, worked by hand.

Every number below is written out the way a student would compute it on
paper; the test checks that bpnn's engine gets the same ones.

Network (rows are samples, so z = a W + b):
    W⁽¹⁾ = [[0.5, -1.0]]   b⁽¹⁾ = [0.0, 0.5]
    W⁽²⁾ = [[2.0], [1.0]]  b⁽²⁾ = [0.5]
Data: two samples, x = 1 → t = 1, x = -1 → t = 0.   Loss: mse, E = Σ(a − t)² / 2.
"""

import math

import numpy as np
import pytest

from bpnn import Network, loss_and_grad, train


def test_one_step_by_hand():
    net = Network([1, 2, 1], "tanh", "linear")
    net.W[0][...] = [[0.5, -1.0]]
    net.b[0][...] = [0.0, 0.5]
    net.W[1][...] = [[2.0], [1.0]]
    net.b[1][...] = [0.5]
    X = np.array([[1.0], [-1.0]])
    T = np.array([[1.0], [0.0]])

    # forward, sample 1 (x = 1):  z⁽¹⁾ = [0.5, -1.0 + 0.5] = [0.5, -0.5]
    #   a⁽¹⁾ = tanh(z⁽¹⁾) = [0.46211716, -0.46211716]
    #   z⁽²⁾ = 2·0.46211716 + 1·(-0.46211716) + 0.5 = 0.96211716 = a⁽²⁾
    # forward, sample 2 (x = -1): z⁽¹⁾ = [-0.5, 1.0 + 0.5] = [-0.5, 1.5]
    #   a⁽¹⁾ = [-0.46211716, 0.90514825]
    #   z⁽²⁾ = 2·(-0.46211716) + 0.90514825 + 0.5 = 0.48091394 = a⁽²⁾
    t5, t15 = math.tanh(0.5), math.tanh(1.5)
    a1 = np.array([[t5, -t5], [-t5, t15]])
    a2 = np.array([[2 * t5 - t5 + 0.5], [-2 * t5 + t15 + 0.5]])
    assert a2[0, 0] == pytest.approx(0.96211716) and a2[1, 0] == pytest.approx(0.48091394)

    # loss: E = ((0.96211716 − 1)² + (0.48091394 − 0)²) / 2 = (0.00143511 + 0.23127822) / 2 = 0.11635666
    E_hand = ((a2[0, 0] - 1) ** 2 + a2[1, 0] ** 2) / 2
    assert E_hand == pytest.approx(0.11635666, abs=1e-8)

    # BP1: δ⁽²⁾ = ∂E/∂a⁽²⁾ ⊙ 1 = 2(a − t)/n = [(−0.03788284), (0.48091394)]
    d2 = 2 * (a2 - T) / 2
    assert d2[:, 0] == pytest.approx([-0.03788284, 0.48091394], abs=1e-8)
    # BP3: ∂E/∂b⁽²⁾ = −0.03788284 + 0.48091394 = 0.44303110
    # BP4: ∂E/∂W⁽²⁾ = a⁽¹⁾ᵀ δ⁽²⁾ = [0.46211716·(−0.03788284) + (−0.46211716)·0.48091394,
    #                             (−0.46211716)·(−0.03788284) + 0.90514825·0.48091394]
    #                          = [−0.23974489, 0.45280472]
    dW2 = a1.T @ d2
    assert dW2[:, 0] == pytest.approx([-0.23974489, 0.45280472], abs=1e-8)
    # BP2: δ⁽¹⁾ = (δ⁽²⁾ W⁽²⁾ᵀ) ⊙ (1 − a⁽¹⁾²);  1 − tanh²(0.5) = 0.78644773, 1 − tanh²(1.5) = 0.18070664
    #   sample 1: [−0.03788284·2·0.78644773, −0.03788284·1·0.78644773] = [−0.05958575, −0.02979288]
    #   sample 2: [0.48091394·2·0.78644773, 0.48091394·1·0.18070664] = [0.75642735, 0.08690434]
    d1 = (d2 @ np.array([[2.0, 1.0]])) * (1 - a1 ** 2)
    assert d1.ravel() == pytest.approx([-0.05958575, -0.02979288, 0.75642735, 0.08690434], abs=1e-8)
    # BP4: ∂E/∂W⁽¹⁾ = Xᵀ δ⁽¹⁾ = [1·(−0.05958575) + (−1)·0.75642735, 1·(−0.02979288) + (−1)·0.08690434]
    #                        = [−0.81601311, −0.11669722]
    # BP3: ∂E/∂b⁽¹⁾ = [−0.05958575 + 0.75642735, −0.02979288 + 0.08690434] = [0.69684160, 0.05711147]
    grad_hand = np.concatenate([(X.T @ d1).ravel(), d1.sum(0), dW2.ravel(), d2.sum(0)])
    assert grad_hand == pytest.approx([-0.81601311, -0.11669722, 0.69684160, 0.05711147,
                                       -0.23974489, 0.45280472, 0.44303110], abs=1e-8)

    E, grad = loss_and_grad(net, X, T, "mse")
    assert E == pytest.approx(E_hand, rel=1e-14)
    assert grad == pytest.approx(grad_hand, rel=1e-12)

    # update with η = 0.1: θ ← θ − 0.1·∂E/∂θ, e.g. W⁽²⁾₁₁ = 2 − 0.1·(−0.23974489) = 2.02397449
    theta0 = net.theta.copy()
    record = train(net, X, T, algorithm="gd", lr=0.1, epochs=1)
    assert net.theta == pytest.approx(theta0 - 0.1 * grad_hand, rel=1e-12)
    assert net.W[1][0, 0] == pytest.approx(2.02397449, abs=1e-8)
    assert record.loss[0] == pytest.approx(E_hand) and record.loss[1] < record.loss[0]
