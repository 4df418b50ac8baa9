"""Case study ``letters5x7``: recognising 5×7 bitmap letters, clean and noisy.

The textbook BP classifier (MATLAB's character-recognition example,
``prprob``/``appcr1``): each capital letter is a 5×7 bitmap, 35 inputs of 0
or 1; a 35-h-26 network answers with the letter whose output is largest.

The network follows MATLAB's example: tanh hidden units, linear outputs,
mean squared error against one-hot targets.  Both networks are trained with
SCG (MATLAB trains them with ``trainlm``; for network 2's 780 rows × 26
outputs LM's Jacobian would have 20280 rows of 1576 weights, and SCG
reaches the same training error in seconds).

* Network 1 is trained on the 26 clean letters only.
* Network 2 is trained on noisy copies: each letter plus Gaussian noise of
  standard deviation 0.2 on every pixel, clipped to [0, 1] (as MATLAB does).

Both are then shown fresh noisy copies at noise levels 0, 0.05, …, 1 and
their recognition error is plotted against the noise level.  The lesson: a
network trained only on perfect examples is brittle; training on noise is
the cheapest regulariser there is.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..datasets.letters import letters5x7
from ..core.network import Network
from ..training.loop import train
from .common import CaseResult, Log, check_count, class_accuracy, percent, say, seconds, stop_if_interrupted, words

LEVELS = tuple(round(0.05 * k, 2) for k in range(21))       # MATLAB's noiseLevels = 0:.05:1
HEADLINE_LEVEL = 0.3                                          # the test noise level the headline names


def noisy(X: np.ndarray, sigma: float, copies: int, rng: np.random.Generator) -> np.ndarray:
    """``copies`` noisy versions of every row: X + N(0, σ²) per pixel, clipped to [0, 1].

    Rows come copy by copy: rows ``k·n … (k+1)·n − 1`` are copy k of all n letters.

    Examples
    --------
    >>> X = np.eye(2)
    >>> Y = noisy(X, 0.1, 3, np.random.default_rng(0))
    >>> Y.shape, float(Y.min()) >= 0, float(Y.max()) <= 1
    ((6, 2), True, True)
    """
    rep = np.tile(X, (copies, 1))
    return np.clip(rep + sigma * rng.standard_normal(rep.shape), 0.0, 1.0)


def error_curve(net: Network, X: np.ndarray, levels, trials: int, rng: np.random.Generator) -> np.ndarray:
    """Recognition error (fraction wrong) at each noise level, ``trials`` noisy copies of each letter."""
    labels = np.tile(np.arange(len(X)), trials)
    return np.array([1.0 - class_accuracy(net.forward(noisy(X, s, trials, rng)), labels) for s in levels])


def plot_bitmaps(X: np.ndarray, letters, noisy_X: np.ndarray, sigma: float, path, lang: str | None = None) -> Path:
    """The 26 bitmaps (top) and one noisy copy of each (bottom)."""
    from ..app.plots import _pyplot, _save, _words

    plt = _pyplot()
    fig, axes = plt.subplots(4, 13, figsize=(10, 5.2))
    for k in range(26):
        for row, data in ((k // 13, X), (2 + k // 13, noisy_X)):
            ax = axes[row, k % 13]
            ax.imshow(data[k].reshape(7, 5), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            if row < 2:
                ax.set_title(letters[k], fontsize=9)
    fig.suptitle(_words(lang)("ex_l57_bitmaps_title", sigma=sigma))
    return _save(fig, path)


def plot_error_curve(levels, err1, err2, train_noise: float, path, title: str, lang: str | None = None) -> Path:
    """Recognition error against noise level for the two networks."""
    from ..app.plots import _label, _pyplot, _save, _words

    w = _words(lang)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.plot(levels, 100 * np.asarray(err1), "o-", ms=3, label=w("ex_l57_net1_label"))
    ax.plot(levels, 100 * np.asarray(err2), "s-", ms=3, label=w("ex_l57_net2_label", sigma=train_noise))
    ax.axvline(train_noise, color="gray", lw=0.8, ls=":")
    _label(ax, w("ex_l57_noise_axis"), w("ex_l57_error_axis"), title)
    return _save(fig, path)


def run(*, hidden: int = 25, copies: int = 30, train_noise: float = 0.2, trials: int = 100, levels=LEVELS,
        epochs: int = 1000, seed: int = 0, out=None, progress: bool = False, log: Log = None,
        lang: str | None = None) -> CaseResult:
    """The ``letters5x7`` case study: two 35-h-26 networks, trained without and with noise.

    Parameters
    ----------
    hidden : int, default 25
        Hidden units (MATLAB's example: 25).
    copies : int, default 30
        Noisy copies of each letter in network 2's training set (MATLAB: 30).
    train_noise : float, default 0.2
        Noise level of those copies (MATLAB: 0.2).
    trials : int, default 100
        Fresh noisy copies of each letter at each test noise level.
    levels : sequence of float
        Test noise levels (default 0, 0.05, …, 1).
    epochs : int, default 1000
        At most this many SCG epochs for each network.

    Returns
    -------
    CaseResult
        ``metrics``: ``levels``, ``error_clean_trained``, ``error_noise_trained``
        (fractions), ``train_accuracy`` of each network on the clean letters.

    Examples
    --------
    >>> r = run(hidden=25, copies=10, trials=10, levels=(0.0, 0.3), epochs=300)
    >>> r.metrics["train_accuracy"], r.metrics["error_noise_trained"][0]
    ([1.0, 1.0], 0.0)
    """
    t0 = time.perf_counter()
    t = words(lang)
    hidden, copies, trials = check_count(hidden, "hidden"), check_count(copies, "copies"), check_count(trials, "trials")
    levels = [float(s) for s in levels]
    rng = np.random.default_rng(seed)
    X, letters = letters5x7()
    T = np.eye(26)
    labels = np.arange(26)
    Xn = noisy(X, train_noise, copies, rng)
    Tn = np.tile(T, (copies, 1))
    common = dict(loss="mse", algorithm="scg", epochs=epochs, progress=progress)

    say(log, t("ex_l57_say1", hidden=hidden))
    net1 = Network([35, hidden, 26], "tanh", "linear", seed=rng)
    rec1 = train(net1, X, T, **common)
    stop_if_interrupted(rec1)
    say(log, t("ex_l57_done", k=1, epochs=rec1.epochs, time=seconds(rec1.elapsed, lang),
               rule=rec1.stop_reason.split(":")[0]))
    say(log, t("ex_l57_say2", hidden=hidden, copies=copies, sigma=train_noise))
    net2 = Network([35, hidden, 26], "tanh", "linear", seed=rng)
    rec2 = train(net2, Xn, Tn, **common)
    stop_if_interrupted(rec2)
    say(log, t("ex_l57_done", k=2, epochs=rec2.epochs, time=seconds(rec2.elapsed, lang),
               rule=rec2.stop_reason.split(":")[0]))

    say(log, t("ex_l57_testing", trials=trials, levels=len(levels)))
    err1 = error_curve(net1, X, levels, trials, rng)
    err2 = error_curve(net2, X, levels, trials, rng)
    result = CaseResult("letters5x7", t("ex_l57_title"))
    result.settings = [
        (t("ex_network"), t("ex_l57_network", hidden=hidden, n=net1.n_params)),
        (t("ex_algorithm"), t("ex_l57_algorithm", epochs=epochs, seed=seed)),
        (t("ex_l57_net1_on"), t("ex_l57_clean")),
        (t("ex_l57_net2_on"), t("ex_l57_noisy", copies=copies, sigma=train_noise, rows=copies * 26)),
        (t("ex_l57_test"), t("ex_l57_test_value", trials=trials, rows=trials * 26)),
    ]
    result.metrics = {"levels": levels, "error_clean_trained": err1.tolist(), "error_noise_trained": err2.tolist(),
                      "train_accuracy": [class_accuracy(net.forward(X), labels) for net in (net1, net2)],
                      "epochs": [rec1.epochs, rec2.epochs], "seconds": [rec1.elapsed, rec2.elapsed]}
    result.results = [(t("ex_l57_epochs_time"),
                       f"{rec1.epochs}, {seconds(rec1.elapsed, lang)} / {rec2.epochs}, {seconds(rec2.elapsed, lang)}")]
    for s in levels:
        if round(s * 20) % 2 == 0 and s <= 0.6 or s == levels[-1]:       # every 0.1 up to 0.6, and the last
            k = levels.index(s)
            result.results.append((t("ex_l57_error_at", sigma=s),
                                   f"{percent(err1[k], 1)} / {percent(err2[k], 1)}"))
    k = min(range(len(levels)), key=lambda i: abs(levels[i] - HEADLINE_LEVEL))
    result.headline = t("ex_l57_headline", sigma=levels[k], clean=percent(1 - err1[k], 1),
                        noisy=percent(1 - err2[k], 1))
    result.references = [
        (t("ex_l57_matlab"), t("ex_l57_matlab_figure")),
        (t("ex_l57_mine"), f"{percent(float(np.mean(err1)), 1)} / {percent(float(np.mean(err2)), 1)}"),
    ]
    if out is not None:
        from ..app.plots import _words

        out = Path(out)
        result.plots.append((plot_error_curve(levels, err1, err2, train_noise, out / "letters5x7-noise.png",
                                              _words(lang)("ex_l57_curve_title", hidden=hidden), lang),
                             t("ex_l57_curve_caption")))
        result.plots.append((plot_bitmaps(X, letters, noisy(X, train_noise, 1, rng), train_noise,
                                          out / "letters5x7-bitmaps.png", lang),
                             t("ex_l57_bitmaps_caption", sigma=train_noise)))
    result.elapsed = time.perf_counter() - t0
    return result
