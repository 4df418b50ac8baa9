"""Plots of a training run (matplotlib, imported on demand, drawn off-screen).

Each function draws one figure, saves it as PNG where asked, and returns the
path.  The Agg backend is used so plots work on machines without a screen.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .errors import BPNNError


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp.png")
        fig.savefig(tmp, dpi=120, bbox_inches="tight")
        tmp.replace(path)                  # atomic: a failed save keeps the old file
    except OSError as exc:
        raise BPNNError(f"cannot write plot {path}: {exc.strerror or exc}; choose another folder") from None
    finally:
        _pyplot().close(fig)
    return path


def plot_loss(record, path, title: str = "training loss") -> Path:
    """Loss against epoch on a log scale, the best epoch marked.

    Examples
    --------
    >>> import tempfile, os
    >>> from bpnn.training import TrainingRecord
    >>> rec = TrainingRecord("gd", "mse", loss=[1.0, 0.5, 0.25], time=[0, 1, 2], best_epoch=2)
    >>> p = plot_loss(rec, os.path.join(tempfile.mkdtemp(), "loss.png"))
    >>> p.stat().st_size > 0
    True
    """
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    loss = np.asarray(record.loss, dtype=float)
    ax.semilogy(np.arange(len(loss)), loss, lw=1.5, label=f"train ({record.loss_name})")
    ax.plot([record.best_epoch], [loss[record.best_epoch]], "o", color="C3",
            label=f"best: {loss[record.best_epoch]:.4g} at epoch {record.best_epoch}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"loss ({record.loss_name}, log scale)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    return _save(fig, path)


def plot_fit_1d(net, X, T, path, title: str = "data and network output") -> Path:
    """A one-input, one-output network: the data points and the fitted curve."""
    X, T = np.asarray(X, dtype=float), np.asarray(T, dtype=float)
    if X.shape[1] != 1 or T.shape[1] != 1:
        raise BPNNError("plot_fit_1d needs one input column and one target column")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    span = X.max() - X.min()
    grid = np.linspace(X.min() - 0.05 * span, X.max() + 0.05 * span, 400).reshape(-1, 1)
    ax.plot(X[:, 0], T[:, 0], "o", label="data", color="C0")
    ax.plot(grid[:, 0], net.predict(grid.astype(net.dtype))[:, 0], "-", label="network", color="C1")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return _save(fig, path)
