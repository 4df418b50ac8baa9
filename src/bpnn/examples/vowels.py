"""Case study ``vowels``: speech-feature classification, the Deterding vowels.

Eleven steady-state vowels of British English, 10 log-area-ratio features per
utterance; train on 8 speakers (528 utterances), test on 7 *other* speakers
(462).  Speaker-independent recognition from 48 examples per class is hard:
in Robinson's benchmark table no method passes 56% (nearest neighbour).

The recipe here, each part a classic of BP practice:

1. **Input scaling**: ``mapstd`` fitted on the training speakers.
2. **A small network**: 10-10-11, tanh → softmax, cross-entropy.
3. **Weight decay** (L2 regularisation): each minibatch minimises its mean
   cross-entropy + (λ/2)·Σw², λ = ``weight_decay`` = 0.005.
4. **Input noise** (jitter; Sietsma & Dow 1991, Bishop 1995): the training
   set is ``copies`` copies of the 528 utterances with Gaussian noise of
   standard deviation ``noise`` (standardised units) on every feature — 0
   in the shipped setting, where the copies just repeat the rows.
5. **An ensemble**: ``ensemble`` networks from different starts trained
   together as one stack (:class:`bpnn.Network` ``stack=K``), their softmax
   outputs averaged.

h, σ and λ are the winner of :func:`select_settings`, a protocol fixed
before it was run that cross-validates over the *training* speakers only
(docs/examples.md has its table, and every setting ever measured on the test
speakers).  The result is reported as mean ± standard deviation of the
ensemble's test accuracy over ``seeds`` independent seeds.

``speaker_norm=True`` (``bpnn example vowels --speaker-norm``) first
standardises every speaker's features by that speaker's own utterances
(:func:`normalise_speakers`; no labels, but the test speakers' unlabelled
features), a neighbouring question to Robinson's; the same protocol picked
h = 40, σ = 0.3, λ = 0.001 for it (:data:`WINNERS`), and the run measures a
nearest-neighbour baseline on the same features.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..app.data import MapStd
from ..datasets.vowels import VOWEL_WORDS, deterding_vowels
from ..app.metrics import confusion_matrix
from ..core.network import Network
from ..training.loop import train
from .common import CaseResult, Log, check_count, class_accuracy, percent, say, seconds, stop_if_interrupted, words

#: Robinson (1989), as quoted with the data: test accuracy on the 462 test utterances
ROBINSON = [                  # (message key of the method, its test accuracy)
    ("ex_vw_slp", 0.33),
    ("ex_vw_mlp88", 0.51),
    ("ex_vw_rbf", 0.53),
    ("ex_vw_gauss", 0.55),
    ("ex_vw_nn", 0.56),
]


def normalise_speakers(X, speaker) -> np.ndarray:
    """Each speaker's features to mean 0 and standard deviation 1 over that speaker's own utterances.

    Speaker normalisation (the idea of cepstral mean and variance
    normalisation in speech recognition): z = (x − mean_s) / std_s, with
    mean_s and std_s taken over every utterance of speaker s.  It uses no
    labels, but it does use *all* of a speaker's utterances — for a test
    speaker, the unlabelled 66 utterances it is tested on.  Results with it
    answer a different question from Robinson's table (a recogniser that has
    heard a speaker's vowels, not which is which), and are reported apart.

    Parameters
    ----------
    X : ndarray, shape (n, d)
    speaker : ndarray of int, shape (n,)

    Returns
    -------
    ndarray, shape (n, d)

    Examples
    --------
    >>> X = np.array([[1.0], [3.0], [10.0], [30.0]])
    >>> normalise_speakers(X, np.array([0, 0, 1, 1])).ravel().round(3)
    array([-0.707,  0.707, -0.707,  0.707])
    """
    X, speaker = np.asarray(X, dtype=float), np.asarray(speaker)
    Z = np.empty_like(X)
    for s in np.unique(speaker):
        rows = speaker == s
        Z[rows] = MapStd().fit(X[rows]).transform(X[rows])
    return Z


def nearest_neighbour(X_train, y_train, X_test) -> np.ndarray:
    """1-nearest-neighbour classes (Euclidean distance), Robinson's best entry, as a baseline.

    Examples
    --------
    >>> nearest_neighbour(np.array([[0.0], [1.0]]), np.array([3, 7]), np.array([[0.2], [0.9]]))
    array([3, 7])
    """
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    d2 = (X_test ** 2).sum(1)[:, None] - 2 * X_test @ X_train.T + (X_train ** 2).sum(1)[None, :]
    return np.asarray(y_train)[np.argmin(d2, axis=1)]


def train_ensemble(X, y, *, hidden: int = 20, noise: float = 0.6, copies: int = 10, ensemble: int = 10,
                   epochs: int = 30, batch_size: int = 64, lr: float = 0.003, weight_decay: float = 0.0,
                   seed: int = 0, progress: bool = False):
    """Train ``ensemble`` noise-trained networks on (X, y); return a function giving averaged class scores.

    Parameters
    ----------
    X : ndarray, shape (n, d)
        Raw features (scaled here with ``mapstd`` fitted on X).
    y : ndarray of int, shape (n,)
        Classes 0…m−1.
    hidden, noise, copies, ensemble, epochs, batch_size, lr
        Hidden units; input-noise σ and the number of noisy copies of the
        rows; networks averaged; Adam's epochs, minibatch size and rate.
    weight_decay : float, default 0
        λ of :func:`bpnn.train`: each minibatch minimises its mean
        cross-entropy + (λ/2)·Σw².

    Returns
    -------
    scores : callable
        ``scores(X_new)`` → (n_new, m): the mean of the networks' softmax outputs.
    members : callable
        ``members(X_new)`` → (ensemble, n_new, m): each network's outputs.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(120, 2)); y = (X[:, 0] > 0).astype(int)
    >>> scores, _ = train_ensemble(X, y, hidden=4, ensemble=3, epochs=30, copies=2)
    >>> float(np.mean(scores(X).argmax(1) == y)) > 0.9
    True
    """
    rng = np.random.default_rng(seed)
    m = int(np.max(y)) + 1
    scaler = MapStd().fit(X)
    Z = scaler.transform(X)
    Zn = np.tile(Z, (copies, 1))
    Zn += noise * rng.standard_normal(Zn.shape)
    Tn = np.tile(np.eye(m)[y], (copies, 1))
    net = Network([X.shape[1], hidden, m], "tanh", "softmax", seed=rng, stack=ensemble)
    record = train(net, Zn, Tn, loss="cross_entropy", algorithm="adam", lr=lr, batch_size=batch_size,
                   epochs=epochs, min_grad=0.0, seed=rng, progress=progress, weight_decay=weight_decay)
    stop_if_interrupted(record)

    def members(X_new):
        return net.forward(scaler.transform(X_new))

    return (lambda X_new: members(X_new).mean(axis=0)), members


def speaker_cv(hidden: int = 20, noise: float = 0.6, *, folds=None, ensemble: int = 5, seed: int = 0,
               speaker_norm: bool = False, **options) -> dict:
    """Cross-validate one setting over the *training* speakers only (the test speakers are never touched).

    Parameters
    ----------
    hidden, noise : as in :func:`train_ensemble`.
    folds : list of tuples of speaker ids, optional
        Speakers held out together in each fold; default: each of the 8
        training speakers alone (leave one speaker out).
    ensemble : int, default 5
    speaker_norm : bool, default False
        Normalise each speaker's features by :func:`normalise_speakers`
        first (the held-out speaker by its own, unlabelled, utterances).
    **options
        Passed to :func:`train_ensemble` (``weight_decay``, ``epochs``, ``copies``, ...).

    Returns
    -------
    dict
        ``folds``, ``accuracy`` (one per fold), ``mean``, and ``correct``:
        the held-out utterances classified right, over all folds.

    Examples
    --------
    >>> cv = speaker_cv(hidden=5, noise=0.3, folds=[(0, 4)], ensemble=2, epochs=3, copies=2)
    >>> cv["folds"], 0 < cv["mean"] < 1
    ([(0, 4)], True)
    """
    data = deterding_vowels("train")
    X = normalise_speakers(data.X, data.speaker) if speaker_norm else data.X
    folds = [(s,) for s in range(8)] if folds is None else [tuple(f) for f in folds]
    accuracy, correct = [], 0
    for fold in folds:
        held = np.isin(data.speaker, fold)
        scores, _ = train_ensemble(X[~held], data.y[~held], hidden=hidden, noise=noise, ensemble=ensemble,
                                   seed=seed, **options)
        right = np.argmax(scores(X[held]), axis=1) == data.y[held]
        accuracy.append(float(np.mean(right)))
        correct += int(right.sum())
    return {"folds": folds, "accuracy": accuracy, "mean": float(np.mean(accuracy)), "correct": correct}


#: The selection grid, fixed before it was run (docs/examples.md, "the protocol"): λ = 0 and
#: four values spanning scikit-learn's alpha ≈ 0.1 … 10 on the 528 training rows (λ = alpha/n)
GRID = {"hidden": (10, 20, 40), "noise": (0.0, 0.3, 0.6), "weight_decay": (0.0, 2e-4, 1e-3, 5e-3, 2e-2)}


def select_settings(grid: dict | None = None, *, ensemble: int = 5, seed: int = 0, log: Log = None,
                    **options) -> dict:
    """The pre-registered protocol: :func:`speaker_cv` (leave one training speaker out) over ``grid``.

    Every setting is scored by the held-out utterances its ensembles
    classify right over the 8 folds (the mean validation accuracy × 528);
    the most wins, and ties go to the simpler setting: less noise, then
    smaller λ, then fewer hidden units.  The test speakers are never used.

    Parameters
    ----------
    grid : dict, optional
        ``{"hidden": (...), "noise": (...), "weight_decay": (...)}``; default :data:`GRID`.
    ensemble, seed
        As in :func:`speaker_cv` (the same seed for every setting).
    **options
        Passed to :func:`speaker_cv` (``folds``, ``speaker_norm``, ``epochs``, ``copies``...).

    Returns
    -------
    dict
        ``rows``: one dict per setting (``hidden``, ``noise``, ``weight_decay``,
        ``accuracy`` per fold, ``mean``, ``correct``); ``winner``: the chosen row;
        ``seconds``.

    Examples
    --------
    >>> grid = {"hidden": (4,), "noise": (0.0, 0.3), "weight_decay": (0.0,)}
    >>> sel = select_settings(grid, ensemble=1, folds=[(0,)], epochs=1, copies=1)
    >>> len(sel["rows"]), sel["winner"] in sel["rows"]
    (2, True)
    """
    grid = GRID if grid is None else grid
    t0 = time.perf_counter()
    rows = []
    for h in grid["hidden"]:
        for sigma in grid["noise"]:
            for lam in grid["weight_decay"]:
                cv = speaker_cv(h, sigma, ensemble=ensemble, seed=seed, weight_decay=lam, **options)
                rows.append({"hidden": h, "noise": sigma, "weight_decay": lam, **cv})
                say(log, f"h = {h}, σ = {sigma:g}, λ = {lam:g}: mean validation accuracy {percent(cv['mean'], 1)} "
                         f"({cv['correct']} right)")
    winner = min(rows, key=lambda r: (-r["correct"], r["noise"], r["weight_decay"], r["hidden"]))
    return {"rows": rows, "winner": winner, "seconds": time.perf_counter() - t0}


def plot_comparison(accuracies, path, title: str, label: str = "bpnn", baselines=(), lang: str | None = None) -> Path:
    """Robinson's table as bars, then ``baselines`` ((name, accuracy) measured in this run, darker),
    then bpnn's mean ± std and each seed's accuracy."""
    from ..app.plots import _pyplot, _save, _words

    w = _words(lang)
    plt = _pyplot()
    baselines = list(baselines)
    names = ([w(key) for key, _ in ROBINSON] + [name for name, _ in baselines]
             + [f"{label}\n{w('ex_vw_mean_std_seeds')}"])
    values = [100 * v for _, v in ROBINSON + baselines] + [100 * float(np.mean(accuracies))]
    fig, ax = plt.subplots(figsize=(7.5, 4.2 + 0.4 * len(baselines)))
    colors = ["0.7"] * len(ROBINSON) + ["0.45"] * len(baselines) + ["C0"]
    mine = len(names) - 1
    ax.barh(range(len(names)), values, color=colors)
    ax.errorbar(values[-1], mine, xerr=100 * float(np.std(accuracies)), color="k", capsize=4, label="± std")
    ax.plot(100 * np.asarray(accuracies), np.full(len(accuracies), mine + 0.25), "k.", ms=4, label=w("ex_vw_one_seed"))
    for i, v in enumerate(values):
        right = max(v, 100 * float(np.max(accuracies))) if i == mine else v
        ax.text(right + 1.0, i, f"{v:.1f}%", va="center", fontsize=8)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_xlabel(w("ex_vw_accuracy_axis"))
    ax.set_xlim(0, 80)
    ax.axvline(56, color="C3", lw=0.8, ls=":")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    return _save(fig, path)


#: The winners of :func:`select_settings` (docs/examples.md): on raw features (the default, the
#: question of Robinson's table) and with speakers normalised (``speaker_norm=True``)
WINNERS = {False: {"hidden": 10, "noise": 0.0, "weight_decay": 0.005},
           True: {"hidden": 40, "noise": 0.3, "weight_decay": 0.001}}


def run(*, seeds: int = 10, hidden: int | None = None, noise: float | None = None,
        weight_decay: float | None = None, copies: int = 10, ensemble: int = 10, epochs: int = 30,
        batch_size: int = 64, lr: float = 0.003, speaker_norm: bool = False, out=None, progress: bool = False,
        log: Log = None, lang: str | None = None) -> CaseResult:
    """The ``vowels`` case study: mean ± std test accuracy of ensembles over seeds 0…seeds−1.

    ``hidden``, ``noise`` and ``weight_decay`` left at None take the winner
    of :func:`select_settings` (:data:`WINNERS`: h = 10, σ = 0, λ = 0.005);
    the other settings as in :func:`train_ensemble`.  With ``speaker_norm``
    every speaker's features, train and test, are first normalised by that
    speaker's own utterances (:func:`normalise_speakers`) — a different
    question from Robinson's table — and the defaults are that protocol's
    winner (h = 40, σ = 0.3, λ = 0.001); the nearest-neighbour baseline is
    then measured on the same features too.

    Returns
    -------
    CaseResult
        ``metrics``: ``accuracies`` (one per seed), ``mean``, ``std``,
        ``member_mean`` (mean accuracy of the single networks), ``seconds``,
        ``nearest_neighbour`` (1-NN test accuracy on the same features; the
        table also gives it on the raw features).

    Examples
    --------
    >>> r = run(seeds=1, ensemble=2, epochs=10, copies=5)
    >>> len(r.metrics["accuracies"]), r.metrics["mean"] > 1 / 11       # one seed; far above chance
    (1, True)
    """
    t0 = time.perf_counter()
    t = words(lang)
    seeds, ensemble = check_count(seeds, "seeds"), check_count(ensemble, "ensemble")
    chosen = WINNERS[bool(speaker_norm)]
    hidden = chosen["hidden"] if hidden is None else hidden
    noise = chosen["noise"] if noise is None else noise
    weight_decay = chosen["weight_decay"] if weight_decay is None else weight_decay
    train_set, test_set = deterding_vowels("train"), deterding_vowels("test")
    X_train, X_test = train_set.X, test_set.X
    if speaker_norm:
        X_train = normalise_speakers(X_train, train_set.speaker)
        X_test = normalise_speakers(X_test, test_set.speaker)
    arch = f"10-{hidden}-11"
    features = t("ex_vw_normalised") if speaker_norm else t("ex_vw_raw")
    say(log, t("ex_vw_say", train=len(train_set.y), test=len(test_set.y), features=features, seeds=seeds,
               ensemble=ensemble, arch=arch))
    nn = {name: float(np.mean(nearest_neighbour(A, train_set.y, B) == test_set.y))
          for name, (A, B) in {t("ex_vw_raw"): (train_set.X, test_set.X), features: (X_train, X_test)}.items()}
    accuracies, member_acc, first_pred = [], [], None
    for s in range(seeds):
        ts = time.perf_counter()
        scores, members = train_ensemble(X_train, train_set.y, hidden=hidden, noise=noise, copies=copies,
                                         ensemble=ensemble, epochs=epochs, batch_size=batch_size, lr=lr,
                                         weight_decay=weight_decay, seed=s, progress=progress)
        acc = class_accuracy(scores(X_test), test_set.y)
        single = [class_accuracy(P, test_set.y) for P in members(X_test)]
        accuracies.append(acc)
        member_acc += single
        if first_pred is None:
            first_pred = scores(X_test).argmax(axis=1)
        say(log, t("ex_vw_seed", seed=s, accuracy=percent(acc, 1), low=percent(min(single), 1),
                   high=percent(max(single), 1), time=seconds(time.perf_counter() - ts, lang)))
    acc = np.asarray(accuracies)
    mean, std = float(acc.mean()), float(acc.std())
    elapsed = time.perf_counter() - t0
    result = CaseResult("vowels", t("ex_vw_title"))
    result.settings = [
        (t("ex_data"), t("ex_vw_data", normalised=t("ex_vw_data_normalised") if speaker_norm else "")),
        (t("ex_network"), t("ex_vw_network", arch=arch, ensemble=ensemble)),
        (t("ex_vw_regularisation"), t("ex_vw_regularisation_value", lam=weight_decay, sigma=noise, copies=copies)),
        (t("ex_algorithm"), t("ex_vw_algorithm", lr=lr, batch=batch_size, epochs=epochs, rows=copies * 528,
                              last=seeds - 1)),
    ]
    result.results = [(t("ex_vw_accuracy_mean"), f"{percent(mean, 1)} ± {percent(std, 1)}"),
                      (t("ex_vw_range"), f"{percent(float(acc.min()), 1)} – {percent(float(acc.max()), 1)}"),
                      (t("ex_vw_members"), percent(float(np.mean(member_acc)), 1)),
                      (t("ex_vw_time"), t("ex_vw_time_value", time=seconds(elapsed, lang), seeds=seeds,
                                          ensemble=ensemble))]
    result.references = [(t("ex_vw_robinson", method=t(key)), percent(v, 0)) for key, v in ROBINSON]
    result.references += [(t("ex_this_run", what=t("ex_vw_1nn", features=name)), percent(v, 1))
                          for name, v in nn.items()]
    result.references.append((t("ex_this_run", what=t("ex_vw_bpnn", arch=arch, features=features)),
                              f"{percent(mean, 1)} ± {percent(std, 1)}"))
    result.metrics = {"accuracies": acc.tolist(), "mean": mean, "std": std,
                      "member_mean": float(np.mean(member_acc)), "seconds": elapsed, "weight_decay": weight_decay,
                      "nearest_neighbour": nn[features], "speaker_norm": bool(speaker_norm)}
    result.headline = t("ex_vw_headline", mean=percent(mean, 1), std=percent(std, 1), seeds=seeds,
                        normalised=t("ex_vw_headline_normalised") if speaker_norm else "")
    if out is not None:
        from ..app.plots import _words, plot_confusion

        w = _words(lang)
        out = Path(out)
        plot_features = w("ex_vw_normalised") if speaker_norm else w("ex_vw_raw")
        result.plots.append((plot_comparison(acc, out / "vowels-comparison.png",
                                             w("ex_vw_plot_title", normalised=w("ex_vw_plot_normalised")
                                               if speaker_norm else ""),
                                             w("ex_vw_plot_label", arch=arch, ensemble=ensemble),
                                             [(w("ex_this_run", what=w("ex_vw_1nn", features="\n" + plot_features)),
                                               nn[features])] if speaker_norm else (), lang=lang),
                             t("ex_vw_comparison_caption")))
        C = confusion_matrix(test_set.y, first_pred, list(range(11)))
        result.plots.append((plot_confusion(C, list(VOWEL_WORDS), out / "vowels-confusion.png",
                                            w("ex_vw_confusion_title"), lang=lang), t("ex_vw_confusion_caption")))
    result.elapsed = time.perf_counter() - t0
    return result


def run_defaults(*, seeds: int = 10, speaker_cv_folds: bool = False, log: Log = None) -> dict:
    """``bpnn train``'s defaults on the vowels, strict protocol: nothing chosen with the test speakers.

    The settings are :func:`bpnn.app.workflow.default_settings` for a table of the 528 training
    utterances (10 inputs, 11 classes) — a rule chosen on other tables and on the training
    speakers only (``benchmarks/tables.py``) — and :func:`bpnn.fit` divides those utterances
    itself (stratified, the committee's validation rows rotated).  Each seed 0…seeds−1 fits
    once and is scored on the 462 utterances of the 7 test speakers.

    With ``speaker_cv_folds`` the same defaults are also cross-validated over the training
    speakers (leave one speaker out), the evidence the test speakers do not enter.

    Returns
    -------
    dict
        ``settings``, ``accuracies`` (one per seed), ``mean``, ``std``, ``seconds`` and,
        with ``speaker_cv_folds``, ``cv`` (accuracy per held-out speaker, seed 0) and ``cv_mean``.

    Examples
    --------
    >>> r = run_defaults(seeds=1)
    >>> r["settings"]["hidden"], 0.3 < r["mean"] < 0.8
    ([80], True)
    """
    from ..app.workflow import default_settings, fit

    t0 = time.perf_counter()
    train_set, test_set = deterding_vowels("train"), deterding_vowels("test")
    settings = default_settings("classification", len(train_set.y), 10, 11)
    accuracies = []
    for s in range(check_count(seeds, "seeds")):
        model = fit(train_set.X, train_set.y, task="classification", seed=s, **settings)
        accuracies.append(float(np.mean(model.predict(test_set.X) == test_set.y)))
        say(log, f"seed {s}: bpnn train defaults, test accuracy {percent(accuracies[-1], 1)}")
    result = {"settings": settings, "accuracies": accuracies, "mean": float(np.mean(accuracies)),
              "std": float(np.std(accuracies))}
    if speaker_cv_folds:
        cv = []
        for speaker in range(8):
            held = train_set.speaker == speaker
            inner = default_settings("classification", int((~held).sum()), 10, 11)
            model = fit(train_set.X[~held], train_set.y[~held], task="classification", seed=0, **inner)
            cv.append(float(np.mean(model.predict(train_set.X[held]) == train_set.y[held])))
            say(log, f"held-out training speaker {speaker}: {percent(cv[-1], 1)}")
        result.update(cv=cv, cv_mean=float(np.mean(cv)))
    result["seconds"] = time.perf_counter() - t0
    return result
