"""Plots of a training run (matplotlib, imported on demand, drawn off-screen).

Each function draws one figure, saves it as PNG where asked, and returns the
path.  The Agg backend is used so plots work on machines without a screen.

Labels come from the message catalogue (:mod:`bpnn.messages`) in the chosen
language (``lang``, default the process's: ``--lang``, ``BPNN_LANG``, the
locale).  Chinese labels need a font with Chinese glyphs: :func:`cjk_font`
looks for one (Debian: ``apt-get install fonts-noto-cjk``); without one the
plots keep English labels and :func:`font_note` gives the one-line note that
says so.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from ..errors import BPNNError
from ..messages import CATALOGUE, language, text

#: font families with Chinese glyphs, most wanted first (Noto/Source Han, WenQuanYi, Windows, macOS, Android)
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans CJK KR", "Noto Sans SC",
                "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
                "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "Droid Sans Fallback",
                "AR PL UMing CN", "AR PL UKai CN")
#: characters a font must have to be used for the Chinese labels
CJK_PROBE = "训练集验证集测试集误差轮次均方学习曲线"


#: parts of font file names (lower case, without - and _) that say "Chinese glyphs here"
CJK_FILE_HINTS = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "wenquanyi", "msyh", "simhei", "simsun",
                  "pingfang", "hiragino", "droidsansfallback", "uming", "ukai")


def _covers(path) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        face = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):          # an unreadable font file: not this one
        return False
    return all(face.get_char_index(ord(c)) for c in CJK_PROBE)


@functools.lru_cache(maxsize=None)
def _installed_cjk_font() -> str | None:
    from matplotlib import font_manager

    manager = font_manager.fontManager
    files = {}
    for entry in manager.ttflist:
        files.setdefault(entry.name, entry.fname)
    for family in CJK_FAMILIES:
        if family in files and _covers(files[family]):
            return family
    # installed after matplotlib cached its font list (e.g. apt-get install fonts-noto-cjk later): look on disk
    def rank(path: str) -> int:
        name = Path(path).name.lower().replace("-", "").replace("_", "")
        return next((k for k, hint in enumerate(CJK_FILE_HINTS) if hint in name), len(CJK_FILE_HINTS))

    def regular(path: str) -> bool:               # a Bold file first would leave normal text without its weight
        return not any(w in Path(path).name.lower() for w in ("bold", "black", "light", "thin", "medium", "semi"))

    found = sorted((p for p in font_manager.findSystemFonts() if rank(p) < len(CJK_FILE_HINTS)),
                   key=lambda p: (rank(p), not regular(p)))
    for path in found:
        if _covers(path):
            manager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None


def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or None when there is none.

    Searched once per process among :data:`CJK_FAMILIES` in matplotlib's font list; a
    family counts only if it has every glyph of :data:`CJK_PROBE`.
    """
    return _installed_cjk_font()


def plot_language(lang: str | None = None) -> str:
    """The language of plot labels: ``lang`` (default: the process's), but ``"en"`` for
    ``"zh"`` when :func:`cjk_font` finds no Chinese font.

    >>> plot_language("en")
    'en'
    """
    lang = lang or language()
    return "en" if lang == "zh" and cjk_font() is None else lang


def font_note(lang: str | None = None) -> str | None:
    """The note (in ``lang``) that Chinese plots keep English labels for want of a Chinese font,
    or None when the plots are in the language asked for; the commands print it as one
    ``note:`` line (提示：…).

    >>> font_note("en") is None
    True
    """
    lang = lang or language()
    return text("plot_font_missing", lang) if plot_language(lang) != lang else None


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    family = cjk_font()
    families = list(matplotlib.rcParams["font.family"])
    if family and family not in families:      # a fallback for Chinese glyphs; Latin text keeps its font
        matplotlib.rcParams["font.family"] = [*families, family]
    return plt


def _words(lang: str | None):
    """``w(key, **values)``: the catalogue's text in the plots' language (:func:`plot_language`)."""
    lang = plot_language(lang)
    return lambda key, **values: text(key, lang, **values)


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


def plot_loss(record, path, title: str | None = None, *, lang: str | None = None) -> Path:
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
    w = _words(lang)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    loss = np.asarray(record.loss, dtype=float)
    name = loss_label(record.loss_name, plot_language(lang))
    ax.semilogy(np.arange(len(loss)), loss, lw=1.5, label=w("pl_train_loss", loss=name))
    ax.plot([record.best_epoch], [loss[record.best_epoch]], "o", color="C3",
            label=w("pl_best", value=loss[record.best_epoch], epoch=record.best_epoch))
    _label(ax, w("epoch_axis"), w("pl_log", what=name), title or w("pl_training_loss"))
    return _save(fig, path)


def plot_fit_1d(net, X, T, path, title: str | None = None, *, lang: str | None = None) -> Path:
    """A one-input, one-output network: the data points and the fitted curve."""
    X, T = np.asarray(X, dtype=float), np.asarray(T, dtype=float)
    if X.shape[1] != 1 or T.shape[1] != 1:
        raise BPNNError("plot_fit_1d needs one input column and one target column")
    w = _words(lang)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    span = X.max() - X.min()
    grid = np.linspace(X.min() - 0.05 * span, X.max() + 0.05 * span, 400).reshape(-1, 1)
    ax.plot(X[:, 0], T[:, 0], "o", label=w("pl_data"), color="C0")
    ax.plot(grid[:, 0], net.predict(grid.astype(net.dtype))[:, 0], "-", label=w("pl_network"), color="C1")
    _label(ax, "x", "y", title or w("pl_fit_title"))
    return _save(fig, path)


def loss_label(loss_name: str, lang: str | None = None) -> str:
    """A loss's name for a label: ``mse`` → 均方误差 (mse) in Chinese; ``mse`` in English.

    >>> loss_label("mse", "en"), loss_label("cross_entropy", "zh")
    ('mse', '交叉熵 (cross_entropy)')
    """
    word = text(f"pl_loss_{loss_name}", lang) if f"pl_loss_{loss_name}" in CATALOGUE["en"] else ""
    return f"{word} ({loss_name})" if word else str(loss_name)


# -- plots of a training run on a user's data (bpnn train, the report) ------------------
SPLIT_COLORS = {"train": "C0", "val": "C2", "test": "C3", "all": "C7"}


def split_name(split: str, lang: str | None = None) -> str:
    """A set's name in a legend: training, validation, test, all (训练集, 验证集, ...)."""
    key = f"pl_split_{split}"
    return text(key, lang) if key in CATALOGUE["en"] else str(split)


def _field(record, name, default=None):
    """A field of a TrainingRecord or of its dict form (model files keep the dict)."""
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


def plot_performance(record, path, title: str | None = None, *, scaled: bool = False,
                     lang: str | None = None) -> Path:
    """Loss per epoch for the training, validation and test rows, best epoch marked.

    MATLAB's ``plotperform``: the validation curve's minimum is the epoch
    whose weights early stopping keeps.  ``scaled``: the losses are of the
    scaled targets the network trains on (the y axis says so).

    Examples
    --------
    >>> import tempfile, os
    >>> rec = {"loss_name": "mse", "loss": [1.0, 0.5, 0.3, 0.2], "val_loss": [1.1, 0.6, 0.5, 0.55],
    ...        "test_loss": [], "best_epoch": 2}
    >>> plot_performance(rec, os.path.join(tempfile.mkdtemp(), "perf.png")).stat().st_size > 0
    True
    """
    w = _words(lang)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    best = int(_field(record, "best_epoch", 0) or 0)
    name = loss_label(_field(record, "loss_name", "loss"), plot_language(lang))
    for key, split in (("loss", "train"), ("val_loss", "val"), ("test_loss", "test")):
        values = np.asarray([np.nan if v is None else v for v in (_field(record, key) or [])], dtype=float)
        if values.size:
            ax.semilogy(np.arange(values.size), values, color=SPLIT_COLORS[split], lw=1.5,
                        label=split_name(split, plot_language(lang)))
    curve = _field(record, "val_loss") or _field(record, "loss") or []
    if 0 <= best < len(curve) and curve[best] is not None:
        ax.axvline(best, color="0.4", ls=":", lw=1)
        ax.plot([best], [curve[best]], "o", mfc="none", ms=10, color="k", label=w("pl_best", value=curve[best],
                                                                                   epoch=best))
    _label(ax, w("epoch_axis"), w("pl_log", what=w("pl_of_scaled", loss=name) if scaled else name),
           title or w("pl_performance"))
    return _save(fig, path)


def plot_train_state(record, path, title: str | None = None, *, lang: str | None = None) -> Path:
    """Gradient norm, μ (Levenberg–Marquardt) or learning rate, and validation failures per epoch.

    MATLAB's ``plottrainstate``; panels with no data are left out.  SCG keeps its
    own scale parameter λ in the record's ``mu`` and is labelled so.
    """
    w = _words(lang)
    damped = _field(record, "algorithm") in ("lm", "br")
    mu = w("pl_mu") if damped else w("pl_scg_scale") if _field(record, "algorithm") == "scg" else "μ"
    panels = []
    for key, label, log in (("grad_norm", w("pl_grad"), True), ("mu", mu, True), ("lr", w("pl_lr"), True),
                            ("val_fail", w("pl_checks"), False)):
        values = [np.nan if v is None else v for v in (_field(record, key) or [])]
        if values and np.isfinite(np.asarray(values, dtype=float)).any():
            panels.append((label, np.asarray(values, dtype=float), log))
    if not panels:
        loss = np.asarray(_field(record, "loss") or [np.nan], dtype=float)
        panels = [(w("pl_training_loss"), loss, True)]
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
        ax.set_title(w("pl_state_value", label=label, value=last, epoch=values.size - 1), fontsize=9)
        ax.grid(True, alpha=0.3)
    axes[-1, 0].set_xlabel(w("epoch_axis"))
    fig.suptitle(title or w("pl_train_state"))
    fig.tight_layout()
    return _save(fig, path)


def plot_regression(sets: dict, path, title: str | None = None, *, lang: str | None = None) -> Path:
    """Output against target for each set, with the least-squares line and R (MATLAB ``plotregression``).

    Parameters
    ----------
    sets : dict
        ``{"train": (t, y), "val": (t, y), "test": (t, y)}``, targets and outputs
        in the original units; an ``"all"`` panel is added.
    """
    from .metrics import r

    w = _words(lang)
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
        ax.plot(t, y, "o", ms=3.5, alpha=0.6, color=SPLIT_COLORS.get(name, "C0"), label=w("pl_data"))
        ax.plot([lo, hi], [lo, hi], ":", color="0.3", lw=1, label="y = t")
        if np.ptp(t) > 0:
            slope, icpt = np.polyfit(t, y, 1)
            ax.plot([lo, hi], [slope * lo + icpt, slope * hi + icpt], "-", color="k", lw=1.2,
                    label=w("pl_fit_line", slope=slope, icpt=icpt))
        ax.set_title(f"{split_name(name, plot_language(lang))}: R = {r(t, y):.4f}")
        ax.set_xlabel(w("pl_target"))
        ax.set_ylabel(w("pl_output"))
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8, loc="upper left")
    for ax in axes.ravel()[len(sets):]:
        ax.set_visible(False)
    fig.suptitle(title or w("pl_regression"))
    fig.tight_layout()
    return _save(fig, path)


def plot_error_histogram(sets: dict, path, bins: int = 20, title: str | None = None, *,
                         lang: str | None = None) -> Path:
    """Histogram of errors t − y, stacked by set, with the zero-error line (MATLAB ``ploterrhist``).

    ``sets`` is ``{"train": (t, y), ...}`` as for :func:`plot_regression`.
    """
    w = _words(lang)
    errors = {k: (np.asarray(t, dtype=float) - np.asarray(y, dtype=float).reshape(np.shape(t))).ravel()
              for k, (t, y) in sets.items() if len(t)}
    if not errors:
        raise BPNNError("plot_error_histogram needs at least one non-empty set")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    everything = np.concatenate(list(errors.values()))
    edges = np.histogram_bin_edges(everything, bins=bins)
    ax.hist(list(errors.values()), bins=edges, stacked=True, color=[SPLIT_COLORS.get(k, "C0") for k in errors],
            label=[split_name(k, plot_language(lang)) for k in errors], edgecolor="white", linewidth=0.5)
    ax.axvline(0.0, color="C1", lw=1.5, label=w("pl_zero_error"))
    _label(ax, w("pl_error_axis"), w("pl_count"), title or w("pl_error_hist"))
    return _save(fig, path)


def plot_confusion(C, classes, path, title: str | None = None, *, lang: str | None = None) -> Path:
    """Counts and row percentages of a confusion matrix (rows: true class, columns: predicted).

    Examples
    --------
    >>> import tempfile, os
    >>> p = plot_confusion([[5, 1], [0, 4]], ["no", "yes"], os.path.join(tempfile.mkdtemp(), "c.png"))
    >>> p.suffix
    '.png'
    """
    w = _words(lang)
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
    ax.set_xlabel(w("pl_predicted"))
    ax.set_ylabel(w("pl_true"))
    acc = np.trace(C) / max(C.sum(), 1)
    ax.set_title(w("pl_confusion_title", title=title or w("pl_confusion"), accuracy=100 * acc, n=C.sum()))
    fig.colorbar(im, ax=ax, fraction=0.046, label=w("pl_share"))
    return _save(fig, path)
