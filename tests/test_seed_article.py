"""The seed article's run, reproduced step for step (DESIGN.md, 'The origin')."""

import re
import subprocess
import sys

import numpy as np
import pytest

from bpnn import article_network, sin_data, train
from bpnn.datasets import ARTICLE_WEIGHTS


def test_article_data_and_weights():
    X, T = sin_data()
    assert np.array_equal(X[:, 0], np.linspace(-5, 5, 20)) and np.array_equal(T, np.sin(X))
    net = article_network()
    assert net.W[0].ravel() == pytest.approx(ARTICLE_WEIGHTS["w1"])
    assert net.W[1].ravel() == pytest.approx(ARTICLE_WEIGHTS["w2"])


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_full_loss_trajectory_matches_pytorch(reference_losses, dtype):
    X, T = sin_data(dtype=dtype)
    record = train(article_network(dtype), X, T, algorithm="gd", lr=0.01, epochs=5000)
    ours = np.asarray(record.loss[:5000])
    assert len(record.loss) == 5001 and record.stop_reason.startswith("epochs")
    rel = np.abs(ours - reference_losses) / reference_losses
    assert rel.max() <= 1e-4, f"worst step {rel.argmax()}: {ours[rel.argmax()]} vs {reference_losses[rel.argmax()]}"
    assert reference_losses[0] == pytest.approx(18.0275173) and reference_losses[-1] == pytest.approx(0.00827612914)


def test_reference_engine_gives_the_same_trajectory():
    X, T = sin_data()
    fast = train(article_network(), X, T, lr=0.01, epochs=300)
    slow = train(article_network(), X, T, lr=0.01, epochs=300, engine="reference")
    assert np.allclose(fast.loss, slow.loss, rtol=1e-12, atol=0)


def test_demo_prints_the_article_losses(tmp_path, reference_losses):
    proc = subprocess.run([sys.executable, "-m", "bpnn", "demo", "--print-every", "1000", "--out", str(tmp_path)],
                          capture_output=True, text=True, check=True)
    steps = {int(s): float(v) for s, v in re.findall(r"^step\s+(\d+)\s+loss (\S+)$", proc.stdout, re.M)}
    assert sorted(steps) == [0, 1000, 2000, 3000, 4000, 4999]
    for step, value in steps.items():
        assert value == pytest.approx(reference_losses[step], rel=1e-4)
    final = float(re.search(r"^final loss: (\S+)$", proc.stdout, re.M).group(1))
    assert final == pytest.approx(0.008274, rel=1e-3)    # after the 5000th update
    assert (tmp_path / "sin-loss.png").stat().st_size > 10_000
    assert (tmp_path / "sin-fit.png").stat().st_size > 10_000
    assert str(tmp_path / "sin-loss.png") in proc.stdout
