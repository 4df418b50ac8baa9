"""Plots of a training run (matplotlib, imported on demand, drawn off-screen).

Each function draws one figure, saves it as PNG where asked, and returns the
path.  The Agg backend is used so plots work on machines without a screen.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import BPNNError


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _label(ax, xlabel: str, ylabel: str, heading: str, **legend) -> None:
    """Axis labels, title, a light grid on both scales, and the legend (``legend``: its options)."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(heading)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(**legend)


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
    >>> from bpnn.training.loop import TrainingRecord
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
    _label(ax, "epoch", f"loss ({record.loss_name}, log scale)", title)
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
    _label(ax, "x", "y", title)
    return _save(fig, path)


# -- plots of a training run on a user's data (bpnn train, the report) ------------------
SPLIT_COLORS = {"train": "C0", "val": "C2", "test": "C3", "all": "C7"}
SPLIT_NAMES = {"train": "training", "val": "validation", "test": "test", "all": "all"}


def _field(record, name, default=None):
    """A field of a TrainingRecord or of its dict form (model files keep the dict)."""
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


def plot_performance(record, path, title: str = "performance") -> Path:
    """Loss per epoch for the training, validation and test rows, best epoch marked.

    MATLAB's ``plotperform``: the validation curve's minimum is the epoch
    whose weights early stopping keeps.

    Examples
    --------
    >>> import tempfile, os
    >>> rec = {"loss_name": "mse", "loss": [1.0, 0.5, 0.3, 0.2], "val_loss": [1.1, 0.6, 0.5, 0.55],
    ...        "test_loss": [], "best_epoch": 2}
    >>> plot_performance(rec, os.path.join(tempfile.mkdtemp(), "perf.png")).stat().st_size > 0
    True
    """
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    best = int(_field(record, "best_epoch", 0) or 0)
    loss_name = _field(record, "loss_name", "loss")
    for key, split in (("loss", "train"), ("val_loss", "val"), ("test_loss", "test")):
        values = np.asarray([np.nan if v is None else v for v in (_field(record, key) or [])], dtype=float)
        if values.size:
            ax.semilogy(np.arange(values.size), values, color=SPLIT_COLORS[split], lw=1.5,
                        label=SPLIT_NAMES[split])
    curve = _field(record, "val_loss") or _field(record, "loss") or []
    if 0 <= best < len(curve) and curve[best] is not None:
        ax.axvline(best, color="0.4", ls=":", lw=1)
        ax.plot([best], [curve[best]], "o", mfc="none", ms=10, color="k",
                label=f"best: {curve[best]:.4g} at epoch {best}")
    _label(ax, "epoch", f"{loss_name} (log scale)", title)
    return _save(fig, path)


def plot_train_state(record, path, title: str = "training state") -> Path:
    """Gradient norm, μ (Levenberg–Marquardt) or learning rate, and validation failures per epoch.

    MATLAB's ``plottrainstate``; panels with no data are left out.
    """
    panels = []
    for key, label, log in (("grad_norm", "‖∂E/∂θ‖", True), ("mu", "μ", True), ("lr", "learning rate", True),
                            ("val_fail", "validation checks", False)):
        values = [np.nan if v is None else v for v in (_field(record, key) or [])]
        if values and np.isfinite(np.asarray(values, dtype=float)).any():
            panels.append((label, np.asarray(values, dtype=float), log))
    if not panels:
        loss = np.asarray(_field(record, "loss") or [np.nan], dtype=float)
        panels = [("training loss", loss, True)]
    plt = _pyplot()
    fig, axes = plt.subplots(len(panels), 1, figsize=(6.4, 1.9 * len(panels) + 0.6), sharex=True, squeeze=False)
    for ax, (label, values, log) in zip(axes[:, 0], panels):
        epochs = np.arange(values.size)
        if log and np.nanmin(values) > 0:
            ax.semilogy(epochs, values, lw=1.3)
        else:
            ax.plot(epochs, values, lw=1.3, drawstyle="steps-post" if not log else "default")
        last = values[np.isfinite(values)][-1] if np.isfinite(values).any() else np.nan
        ax.set_ylabel(label)
        ax.set_title(f"{label} = {last:.3g} at epoch {values.size - 1}", fontsize=9)
        ax.grid(True, alpha=0.3)
    axes[-1, 0].set_xlabel("epoch")
    fig.suptitle(title)
    fig.tight_layout()
    return _save(fig, path)


def plot_regression(sets: dict, path, title: str = "regression") -> Path:
    """Output against target for each set, with the least-squares line and R (MATLAB ``plotregression``).

    Parameters
    ----------
    sets : dict
        ``{"train": (t, y), "val": (t, y), "test": (t, y)}``, targets and outputs
        in the original units; an ``"all"`` panel is added.
    """
    from .metrics import r

    sets = {k: (np.asarray(t, dtype=float).ravel(), np.asarray(y, dtype=float).ravel())
            for k, (t, y) in sets.items() if len(t)}
    if not sets:
        raise BPNNError("plot_regression needs at least one non-empty set of targets and outputs")
    if len(sets) > 1:
        sets["all"] = tuple(np.concatenate([v[i] for v in sets.values()]) for i in (0, 1))
    plt = _pyplot()
    cols = min(len(sets), 2)
    rows = -(-len(sets) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.9 * rows), squeeze=False)
    for ax, (name, (t, y)) in zip(axes.ravel(), sets.items()):
        lo, hi = min(t.min(), y.min()), max(t.max(), y.max())
        ax.plot(t, y, "o", ms=3.5, alpha=0.6, color=SPLIT_COLORS.get(name, "C0"), label="data")
        ax.plot([lo, hi], [lo, hi], ":", color="0.3", lw=1, label="y = t")
        if np.ptp(t) > 0:
            slope, icpt = np.polyfit(t, y, 1)
            ax.plot([lo, hi], [slope * lo + icpt, slope * hi + icpt], "-", color="k", lw=1.2,
                    label=f"fit: y = {slope:.2f} t + {icpt:.3g}")
        ax.set_title(f"{SPLIT_NAMES.get(name, name)}: R = {r(t, y):.4f}")
        ax.set_xlabel("target")
        ax.set_ylabel("output")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8, loc="upper left")
    for ax in axes.ravel()[len(sets):]:
        ax.set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    return _save(fig, path)


def plot_error_histogram(sets: dict, path, bins: int = 20, title: str = "error histogram") -> Path:
    """Histogram of errors t − y, stacked by set, with the zero-error line (MATLAB ``ploterrhist``).

    ``sets`` is ``{"train": (t, y), ...}`` as for :func:`plot_regression`.
    """
    errors = {k: (np.asarray(t, dtype=float) - np.asarray(y, dtype=float).reshape(np.shape(t))).ravel()
              for k, (t, y) in sets.items() if len(t)}
    if not errors:
        raise BPNNError("plot_error_histogram needs at least one non-empty set")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    everything = np.concatenate(list(errors.values()))
    edges = np.histogram_bin_edges(everything, bins=bins)
    ax.hist(list(errors.values()), bins=edges, stacked=True, color=[SPLIT_COLORS.get(k, "C0") for k in errors],
            label=[SPLIT_NAMES.get(k, k) for k in errors], edgecolor="white", linewidth=0.5)
    ax.axvline(0.0, color="C1", lw=1.5, label="zero error")
    _label(ax, "error (target − output)", "rows", title)
    return _save(fig, path)


def plot_confusion(C, classes, path, title: str = "confusion matrix") -> Path:
    """Counts and row percentages of a confusion matrix (rows: true class, columns: predicted).

    Examples
    --------
    >>> import tempfile, os
    >>> p = plot_confusion([[5, 1], [0, 4]], ["no", "yes"], os.path.join(tempfile.mkdtemp(), "c.png"))
    >>> p.suffix
    '.png'
    """
    C = np.asarray(C, dtype=int)
    k = len(classes)
    if C.shape != (k, k):
        raise BPNNError(f"confusion matrix has shape {C.shape} but there are {k} classes")
    plt = _pyplot()
    size = min(3.0 + 0.45 * k, 14.0)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(C.sum(axis=1, keepdims=True) > 0, C / C.sum(axis=1, keepdims=True), 0.0)
    im = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    if k <= 15:
        for i in range(k):
            for j in range(k):
                ax.text(j, i, f"{C[i, j]}\n{100 * share[i, j]:.0f}%", ha="center", va="center", fontsize=8,
                        color="white" if share[i, j] > 0.6 else "black")
    labels = [str(c) for c in classes]
    ax.set_xticks(range(k), labels, rotation=45 if k > 6 else 0)
    ax.set_yticks(range(k), labels)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    acc = np.trace(C) / max(C.sum(), 1)
    ax.set_title(f"{title}: accuracy {100 * acc:.1f}% of {C.sum()}")
    fig.colorbar(im, ax=ax, fraction=0.046, label="share of the true class")
    return _save(fig, path)
