"""Shared fixtures: paths to ../shared and random test problems."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

os.environ["BPNN_LANG"] = "en"      # tests read English output unless they choose zh (a Chinese locale must not change it)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE_LOSSES = SHARED / "reference" / "seed-sin-losses.csv"


@pytest.fixture(autouse=True)
def _language_back_to_english():
    """A test that runs a command with --lang zh leaves the process in Chinese (the language is chosen once
    per process, as a command would); the next test starts in English again, since errors and messages
    are now built in the process's language."""
    yield
    from bpnn.messages import set_language

    set_language(None)


@pytest.fixture(scope="session")
def reference_losses() -> np.ndarray:
    """The article's PyTorch loss at every step (5000 values)."""
    if not REFERENCE_LOSSES.exists():
        pytest.skip(f"reference file {REFERENCE_LOSSES} not found (it lives in ../shared beside the repo)")
    data = np.loadtxt(REFERENCE_LOSSES, delimiter=",", skiprows=1)
    return data[:, 1]


def make_problem(n_in: int, n_out: int, loss: str, n: int = 7, seed: int = 0):
    """Random inputs and targets suited to ``loss`` (one-hot rows for cross-entropy)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_in))
    if loss == "cross_entropy":
        T = np.eye(n_out)[rng.integers(0, n_out, n)]
    elif loss == "binary_cross_entropy":
        T = rng.integers(0, 2, (n, n_out)).astype(float)
    else:
        T = rng.normal(size=(n, n_out))
    return X, T
