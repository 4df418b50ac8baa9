"""The practical workflow in one call: table → scaled, divided data → trained model.

:func:`fit` does what MATLAB's ``fitnet``/``patternnet`` + ``train`` do for a
user who brings a table of numbers:

1. divide the rows into training, validation and test sets (seeded);
2. learn the preprocessing from the training rows (constant columns out,
   mapminmax scaling of inputs and targets, one-hot classes);
3. build the network (default one hidden layer of 10 tanh units; linear
   output for regression, softmax + cross-entropy for classification);
4. train with validation early stopping (the weights of the best validation
   epoch are kept), with an algorithm suited to the problem's size
   (:func:`choose_algorithm`);
5. measure every set in the original units.

The result is a :class:`Model`: the :class:`~bpnn.core.network.Network`, the
:class:`~bpnn.app.data.Preprocessing`, the training record, the metrics and what
was done, ready for :func:`bpnn.app.io.save_model`, ``bpnn predict`` and the report.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> X = rng.uniform(0, 10, size=(200, 2))
>>> y = 3 * np.sin(X[:, 0]) + X[:, 1]
>>> model = fit(X, y, hidden=(8,), seed=1)
>>> model.metrics["test"]["r2"] > 0.95
True
>>> model.predict([[1.0, 2.0]]).shape
(1, 1)
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from .data import Division, Preprocessing, divide, parse_ratios
from ..errors import BPNNError
from ..messages import stop_reason, stored_note, text
from .metrics import classification_metrics, regression_metrics
from ..core.network import Network

# Levenberg–Marquardt forms the n·m × p Jacobian and a p × p system each epoch;
# above these sizes it is slower than SCG and memory-hungry (MATLAB's advice too).
LM_MAX_JACOBIAN = 4_000_000          # entries of J (32 MB in float64)
LM_MAX_PARAMS = 600
SMALL_PROBLEM = 2_000_000           # rows × parameters below which BLAS runs on one thread
SMALL_ENSEMBLE = 200_000_000        # rows × outputs × parameters below which bpnn train averages 10 networks
HIDDEN_SIZES = (10, 20, 40, 80)     # bpnn train's hidden layer: the largest with enough values per weight
VALUES_PER_WEIGHT = 2.0             # training target values (rows × outputs) per weight it asks for
WEIGHT_DECAY = (0.001, 0.01)        # bpnn train's λ: enough values per weight, or too few even at 10 units
MAX_FAIL = {"regression": 6, "classification": 20}   # bpnn train's validation patience


def choose_algorithm(task: str, n_rows: int, n_outputs: int, n_params: int) -> str:
    """The default training algorithm for a problem's task and size.

    Small problems (at most ``LM_MAX_PARAMS`` weights, a Jacobian of at most
    ``LM_MAX_JACOBIAN`` entries n·m·p) use a second-order method: Levenberg–
    Marquardt for regression, as MATLAB's ``fitnet``, and BFGS quasi-Newton
    for classification (cross-entropy is not a least-squares loss, so LM does
    not apply; MATLAB recommends ``trainbfg`` for small networks).  Large
    problems use scaled conjugate gradient, as ``patternnet``: O(p) memory.

    Examples
    --------
    >>> choose_algorithm("regression", 700, 1, 101)
    'lm'
    >>> choose_algorithm("classification", 700, 3, 83)
    'bfgs'
    >>> choose_algorithm("regression", 100_000, 1, 101)
    'scg'
    """
    if n_params <= LM_MAX_PARAMS and n_rows * n_outputs * n_params <= LM_MAX_JACOBIAN:
        return "lm" if task == "regression" else "bfgs"
    return "scg"


def choose_ensemble(n_rows: int, n_outputs: int, n_params: int) -> int:
    """How many networks ``bpnn train`` averages by default: 10 while each trains in seconds
    (rows × outputs × weights up to 2·10⁸, where one early-stopped network varies most), else 1.

    Examples
    --------
    >>> choose_ensemble(700, 1, 201), choose_ensemble(60000, 10, 238510)
    (10, 1)
    """
    return 10 if n_rows * n_outputs * n_params <= SMALL_ENSEMBLE else 1


def n_weights(sizes) -> int:
    """Weights and biases of a fully connected network of these layer sizes.

    >>> n_weights([8, 20, 1])
    201
    """
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))


def choose_hidden(n_rows: int, n_inputs: int, n_outputs: int) -> int:
    """``bpnn train``'s hidden units: the largest of :data:`HIDDEN_SIZES` that leaves at least
    :data:`VALUES_PER_WEIGHT` training target values (rows × outputs) per weight, else the smallest.

    Measured on the tables of ``benchmarks/tables.py`` (docs/workflow.md): wider networks win
    where the rows allow them (digits, letters, vowels), 10 units where they do not.

    Examples
    --------
    >>> choose_hidden(541, 8, 1), choose_hidden(232, 10, 1), choose_hidden(1575, 16, 26)
    (20, 10, 80)
    """
    fits = [h for h in HIDDEN_SIZES if n_rows * n_outputs >= VALUES_PER_WEIGHT * n_weights([n_inputs, h, n_outputs])]
    return max(fits) if fits else HIDDEN_SIZES[0]


def choose_weight_decay(n_rows: int, n_outputs: int, n_params: int) -> float:
    """``bpnn train``'s weight decay λ: 0.01 when the training rows give fewer than
    :data:`VALUES_PER_WEIGHT` target values per weight, else 0.001 (:data:`WEIGHT_DECAY`).

    Examples
    --------
    >>> choose_weight_decay(232, 1, 121), choose_weight_decay(541, 1, 201)
    (0.01, 0.001)
    """
    return WEIGHT_DECAY[1] if n_rows * n_outputs < VALUES_PER_WEIGHT * n_params else WEIGHT_DECAY[0]


def default_settings(task: str, n_rows: int, n_inputs: int, n_outputs: int, *, hidden=None,
                     ratios=(0.7, 0.15, 0.15)) -> dict:
    """The settings ``bpnn train`` uses when the user gives none: :func:`fit`'s keyword arguments.

    Parameters
    ----------
    task : {"regression", "classification"}
    n_rows : int
        Rows of the whole table (before the division).
    n_inputs, n_outputs : int
        Input columns; outputs (targets for regression, classes for classification).
    hidden : int, sequence or str, optional
        Hidden layer sizes the user chose (default: :data:`DEFAULT_HIDDEN` of the task).
    ratios : three floats
        The division the user chose.

    Returns
    -------
    dict
        ``hidden``, ``scaling``, ``ratios``, ``ensemble``, ``rotate``,
        ``weight_decay``: the keyword arguments of :func:`fit` that the
        defaults set.

    Notes
    -----
    The rule (chosen by ``benchmarks/tables.py``; docs/workflow.md has the
    measurements): with n training rows (the division's training share)
    and m outputs, the hidden layer is the largest of 10, 20, 40, 80 units
    with n·m ≥ 2 weights (:func:`choose_hidden`); weight decay λ = 0.001,
    or 0.01 when even that network has fewer than 2 values per weight
    (:func:`choose_weight_decay`); a committee of 10 networks while
    n·m·weights ≤ 2·10⁸ (:func:`choose_ensemble`), each with its own
    training/validation division of the non-test rows (``rotate``);
    ``mapstd`` scaling; classification divided by class; validation
    patience (``max_fail``) 6 epochs for regression (MATLAB's), 20 for
    classification, whose BFGS/SCG epochs are smaller steps than LM's.

    Examples
    --------
    >>> s = default_settings("regression", 1030, 8, 1)
    >>> s["hidden"], s["scaling"], s["ensemble"], s["weight_decay"], s["rotate"], s["max_fail"]
    ([20], 'mapstd', 10, 0.001, True, 6)
    """
    n_train = round(ratios[0] * n_rows)
    layers = _hidden_sizes(hidden if hidden is not None else choose_hidden(n_train, n_inputs, n_outputs))
    n_params = n_weights([n_inputs, *layers, n_outputs])
    ensemble = choose_ensemble(n_train, n_outputs, n_params)
    return {"hidden": layers, "scaling": "mapstd", "ratios": tuple(ratios), "ensemble": ensemble,
            "rotate": ensemble > 1, "weight_decay": choose_weight_decay(n_train, n_outputs, n_params),
            "max_fail": MAX_FAIL[task]}


def _hidden_sizes(hidden) -> list[int]:
    if isinstance(hidden, str):
        parts = [h.strip() for h in hidden.split(",") if h.strip()]
        try:
            hidden = [int(h) for h in parts]
        except ValueError:
            raise BPNNError.of("err_hidden_numbers", hidden=hidden) from None
    elif isinstance(hidden, (int, np.integer)):
        hidden = [int(hidden)]
    hidden = list(hidden)
    if not all(isinstance(h, (int, np.integer)) and not isinstance(h, bool) and h >= 1 for h in hidden):
        raise BPNNError.of("err_hidden_positive", hidden=hidden)
    return [int(h) for h in hidden]


@dataclass
class Model:
    """Trained network(s) with everything needed to use them on raw rows.

    Attributes
    ----------
    networks : list of Network
        The trained networks; they work on *preprocessed* inputs.  More than
        one is a committee (an ensemble): the model's output is the mean of
        their outputs (scaled regression outputs, or class probabilities).
    preprocessing : Preprocessing
        Input columns, scalers, classes: raw rows ↔ network values.
    records : list of dict
        One training record (``TrainingRecord.to_dict()``) per network.
    metrics : dict
        ``{"train": {...}, "val": {...}, "test": {...}}`` of the model's
        predictions, in original units.
    info : dict
        What was done: bpnn version, seed, algorithm, settings, data source,
        division sizes.
    division : Division or None
        The rows of each set, for a model fitted in this session (model files
        keep only the sizes).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.linspace(0, 1, 40).reshape(-1, 1)
    >>> model = fit(X, 2 * X[:, 0] + 1, hidden=(3,), seed=0, ratios=(1, 0, 0))
    >>> np.round(model.predict([[0.5]]), 3)
    array([[2.]])
    >>> model.network is model.networks[0]
    True
    """

    networks: list
    preprocessing: Preprocessing
    records: list = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    info: dict = field(default_factory=dict)
    division: Division | None = field(default=None, repr=False, compare=False)

    def __reduce__(self):
        # pickle (joblib, multiprocessing) goes through the safe model-file format
        from .io import load_model, model_bytes

        return load_model, (model_bytes(self),)

    def __post_init__(self) -> None:
        if isinstance(self.networks, Network):
            self.networks = [self.networks]
        if isinstance(self.records, dict):
            self.records = [self.records]
        if not self.networks:
            raise BPNNError("a model needs at least one network")

    @property
    def network(self) -> Network:
        """The (first) trained network: the one to inspect or explain."""
        return self.networks[0]

    @property
    def record(self) -> dict | None:
        """The training record of :attr:`network`."""
        return self.records[0] if self.records else None

    @property
    def task(self) -> str:
        return self.preprocessing.task

    @property
    def classes(self) -> list | None:
        return self.preprocessing.classes

    @property
    def features(self) -> list:
        return self.preprocessing.features

    def outputs(self, X) -> np.ndarray:
        """Network outputs a⁽ᴸ⁾ for raw input rows (the committee's mean)."""
        Xs = self.preprocessing.inputs(X)
        outs = [net.predict(Xs.astype(net.dtype)) for net in self.networks]
        return outs[0] if len(outs) == 1 else np.mean(outs, axis=0)

    def predict(self, X) -> np.ndarray:
        """Predictions in the original units (regression, n×m) or labels (classification, n)."""
        A = self.outputs(X)
        if self.task == "classification":
            return self.preprocessing.encoder.labels(A)
        return self.preprocessing.outputs(A)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities (softmax outputs), one column per class in ``classes`` order."""
        if self.task != "classification":
            raise BPNNError("predict_proba is for classification models; this model does regression")
        return np.asarray(self.outputs(X), dtype=float)

    def to_torch(self):
        """The model as a ``torch.nn.Module`` with its scaling (:func:`bpnn.app.torch_io.to_torch`)."""
        from .torch_io import to_torch

        return to_torch(self)

    def measure(self, X, y) -> dict:
        """Metrics of the model on raw rows X with targets y (original units or labels)."""
        if self.task == "classification":
            self.preprocessing.encoder.codes(y, "targets")          # refuse unseen labels
            return classification_metrics(y, self.predict(X), self.classes)
        return regression_metrics(np.asarray(y, dtype=float).reshape(len(y), -1), self.predict(X))

    def summary(self, lang: str | None = None) -> list[str]:
        """A few lines: the network(s), the preprocessing, how training ended (in ``lang``, default the
        process's language)."""
        t = lambda key, **values: text(key, lang, **values)          # noqa: E731
        net = self.network
        count = t("sm_committee", count=len(self.networks)) if len(self.networks) > 1 else ""
        lines = [t("sm_network", count=count, sizes="-".join(map(str, net.sizes)),
                   activations=", ".join(f.name for f in net.activations), n=net.n_params, dtype=net.dtype.name)]
        lines += describe_preprocessing(self.preprocessing, lang)
        for k, rec in enumerate(self.records):
            who = t("sm_who", k=k + 1) if len(self.records) > 1 else ""
            lines.append(t("sm_training", who=who, algorithm=rec.get("algorithm", "?"),
                           epochs=max(len(rec.get("loss", [])) - 1, 0), best=rec.get("best_epoch"),
                           reason=stop_reason(rec.get("stop_reason", "?"), lang)))
        return lines


def describe_preprocessing(pre: Preprocessing, lang: str | None = None, notes: bool = True) -> list[str]:
    """One line per preprocessing step (inputs, text columns, target), then its notes (``notes``), in ``lang``.

    For ``bpnn info``, :meth:`Model.summary` and the report.

    Examples
    --------
    >>> pre = Preprocessing.fit(np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 2.0, 4.0]), features=["x"],
    ...                         target="y")
    >>> describe_preprocessing(pre, "zh")
    ['输入：1 列 → 网络的 1 个输入；归一化 mapminmax', "目标 'y'：归一化 mapminmax，网络输出还原为原始单位"]
    """
    t = lambda key, **values: text(key, lang, **values)          # noqa: E731

    def scaling(scaler) -> str:
        return scaler.name if scaler is not None else t("rp_none")

    lines = [t("sm_inputs", columns=len(pre.columns), inputs=pre.n_inputs, scaling=scaling(pre.x_scaler))]
    lines += [t("sm_text_column", column=repr(c), k=len(v), values=", ".join(v[:8]) + (" ..." if len(v) > 8 else ""))
              for c, v in pre.categories.items()]
    if pre.encoder is not None:
        lines.append(t("sm_target_classes", target=repr(pre.target[0]), k=len(pre.encoder.classes)))
    else:
        lines.append(t("sm_target_scaled", target=", ".join(map(repr, pre.target)), scaling=scaling(pre.y_scaler)))
    return lines + ([stored_note(note, lang) for note in pre.notes] if notes else [])


def _seeds(seed, ensemble: int) -> tuple:
    """Independent generators: one for the division, then (init, training) per network."""
    if isinstance(seed, np.random.Generator):
        children = seed.spawn(1 + 2 * ensemble)
    else:
        children = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(1 + 2 * ensemble)]
    return children[0], children[1::2], children[2::2]


@contextmanager
def _small_blas(n_rows: int, n_params: int):
    """One BLAS thread for small problems: their matrices are too small to share out,
    and on a busy machine extra threads make them many times slower."""
    if n_rows * n_params > SMALL_PROBLEM:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def fit(X, y, *, task: str = "regression", features=None, target=None, hidden=(10,), activation="tanh",
        algorithm: str = "auto", scaling: str = "mapminmax", ratios=(0.7, 0.15, 0.15), divide_method="rand",
        indices=None, stratify: bool | None = None, rotate: bool = False, epochs: int | None = None, max_fail: int | None = 6, restarts: int = 1, ensemble: int = 1,
        seed=None, dtype="float64", callback=None, info: dict | None = None, start: Model | None = None,
        categories: dict | None = None, sample_weight=None, class_weight=None, n_jobs: int = 1, executor=None,
        data_parallel=None, **train_options) -> Model:
    """Divide, preprocess, build, train and measure: a :class:`Model` from raw arrays.

    Parameters
    ----------
    X : array-like, shape (n, d)
        Raw inputs.
    y : array-like, shape (n,) or (n, m)
        Raw targets (numbers) or class labels.
    task : {"regression", "classification"}
    features, target : names, optional
        Column names for messages, model files and reports.
    hidden : int, sequence of int or str, default (10,)
        Hidden layer sizes (MATLAB's default is one layer of 10).
    activation : str, default "tanh"
        Hidden activation.
    algorithm : str, default "auto"
        Training algorithm or "auto" (:func:`choose_algorithm`).
    scaling : {"mapminmax", "mapstd", "none"}
        Scaling of inputs and (regression) targets.
    ratios : three floats, default (0.7, 0.15, 0.15)
        Training / validation / test fractions; a zero validation fraction
        trains without early stopping.
    divide_method : {"rand", "block", "int", "ind"}
    indices : (train, val, test), optional
        Row indices for ``divide_method="ind"``.
    stratify : bool, optional
        Divide each class in the ratios (``divide_method="rand"`` only);
        default: yes for classification.
    rotate : bool, default False
        With an ensemble and a random division: every network after the
        first draws its own training / validation division of the rows
        that are not test rows (the test rows stay the same), so that the
        committee learns from all of them — a cross-validation committee,
        instead of refitting on training + validation rows.  The model's
        metrics then have a ``train`` set (all non-test rows) and a
        ``test`` set, and no ``val`` set.
    epochs : int, optional
        Maximum epochs; default the algorithm's own (MATLAB's).
    max_fail : int or None, default 6
        Validation checks: stop after this many epochs without a new best
        validation loss (None: the algorithm's default; ``br`` then trains
        without early stopping, as MATLAB's ``trainbr``).
    restarts : int, default 1
        Per network: train this many initial weights, keep the best by
        validation loss.
    ensemble : int, default 1
        Train this many networks from different initial weights on the same
        division and average their outputs (a committee; it lowers the
        variance that early stopping leaves).
    seed : int or Generator, optional
        One seed for the division, the initial weights and training.
    callback : callable, optional
        ``callback(k, epoch, record)`` after each epoch of network k
        (0-based), for progress displays.
    info : dict, optional
        Extra facts to keep in ``model.info`` (e.g. the data file).
    start : Model, optional
        Continue training copies of this model's networks, with its
        preprocessing (a warm start); ``hidden``, ``activation``, ``scaling``
        and ``ensemble`` then come from it.
    categories : dict, optional
        Text columns that X holds one-hot encoded (column → categories, as
        :func:`bpnn.app.data.table_arrays` gives them); kept in the model.
    sample_weight : array-like, shape (n,), optional
        Weight of each row (≥ 0).  Applied by repeating rows
        (:func:`bpnn.app.data.repeat_counts`: round(w / smallest w) times) in the
        training and validation sets, after the division, so a row's copies
        never straddle two sets; test rows and the metrics stay unweighted.
    class_weight : "balanced" or dict, optional
        Classification: weights per class (:func:`bpnn.app.data.class_weights`),
        multiplied into ``sample_weight``.
    n_jobs : int, default 1
        With ``ensemble`` > 1: train the networks on this many local
        processes (the same networks as one by one; no ``callback``).
    executor : dask.distributed.Client or concurrent.futures.Executor, optional
        With ``ensemble`` > 1: train the networks there instead (one
        network per task: this spreads the *networks*).
    data_parallel : dask.distributed.Client, optional
        Train each network with its training rows on the client's workers
        (``bpnn.train(..., executor=client)``: this spreads the *rows* of
        one training; full-batch algorithms).  ``model.info["data_parallel"]``
        then says how the rows were cut and where they were.
    **train_options
        Passed to :func:`bpnn.train` (e.g. ``lr=0.01``, ``goal=1e-5``).
    """
    from ..training.loop import train

    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    y = np.asarray(y, dtype=object if task == "classification" else float)
    if len(y) != n:
        raise BPNNError.of("err_rows_targets", n=n, m=len(y))
    hidden = _hidden_sizes(hidden)
    if isinstance(ensemble, bool) or not isinstance(ensemble, (int, np.integer)) or ensemble < 1:
        raise BPNNError.of("err_ensemble", ensemble=ensemble)
    if start is not None:
        ensemble, hidden = len(start.networks), start.network.sizes[1:-1]
        activation = [f.name for f in start.network.activations[:-1]]
    div_rng, init_rngs, train_rngs = _seeds(seed, int(ensemble))
    ratios = parse_ratios(ratios) if divide_method != "ind" else ratios
    stratify = task == "classification" if stratify is None else bool(stratify)
    stratified = stratify and str(divide_method).lower().removeprefix("divide") == "rand"
    division = divide(n, ratios, divide_method, seed=div_rng, indices=indices, stratify=y if stratified else None)
    members = [division] * int(ensemble)
    if rotate and ensemble > 1 and len(division.val) and division.method == "rand":
        pool = np.sort(np.concatenate([division.train, division.val]))
        inner = (ratios[0] / (ratios[0] + ratios[1]), ratios[1] / (ratios[0] + ratios[1]), 0.0)
        for k, rng in enumerate(div_rng.spawn(int(ensemble) - 1), start=1):
            part = divide(len(pool), inner, "rand", seed=rng, stratify=y[pool] if stratified else None)
            members[k] = Division(pool[part.train], pool[part.val], division.test, "rand")
        division = Division(pool, np.array([], dtype=int), division.test, "rand")
    tr = division.train
    if class_weight is not None and task != "classification":
        raise BPNNError.of("err_class_weight_task", task=task)
    repeats = _repeats(y, n, sample_weight, class_weight)
    if start is not None:
        pre = start.preprocessing
    else:
        pre = Preprocessing.fit(X[tr], y[tr], features=features, target=target, task=task, scaling=scaling,
                                classes=sorted(set(y.tolist())) if task == "classification" else None,
                                categories=categories)
    Xs, T = pre.inputs(X), pre.targets(y, "targets")
    classify = task == "classification"
    sizes = [pre.n_inputs, *hidden, pre.n_outputs]
    networks, records = [], []
    parallel, jobs = int(ensemble) > 1 and (n_jobs != 1 or executor is not None), []
    if data_parallel is not None:
        if parallel:
            raise BPNNError("data_parallel= spreads one network's rows over workers; executor=/n_jobs= spread a "
                            "committee's networks: choose one")
        train_options["executor"] = data_parallel
    for k in range(int(ensemble)):
        if start is not None:
            net = start.networks[k].copy()
        else:
            net = Network(sizes, activation, "softmax" if classify else "linear", seed=init_rngs[k], dtype=dtype)
        if algorithm in (None, "auto"):
            algorithm = choose_algorithm(task, len(members[k].train), pre.n_outputs, net.n_params)
        sets = {name: (Xs[idx], T[idx]) for name, idx in _weighted_sets(members[k], repeats)}
        if parallel:                                # trained together below (app/sweep.py)
            jobs.append((net, sets, dict(loss="cross_entropy" if classify else "mse", algorithm=algorithm,
                                         epochs=epochs, validation=sets.get("val"), test=sets.get("test"),
                                         max_fail=max_fail, restarts=restarts, seed=train_rngs[k],
                                         **train_options), len(members[k].train) * pre.n_outputs))
            continue
        report = None if callback is None else (lambda epoch, record, k=k: callback(k, epoch, record))
        with _small_blas(len(tr) * pre.n_outputs, net.n_params):
            record = train(net, *sets["train"], loss="cross_entropy" if classify else "mse", algorithm=algorithm,
                           epochs=epochs, validation=sets.get("val"), test=sets.get("test"), max_fail=max_fail,
                           restarts=restarts, seed=train_rngs[k], callback=report, **train_options)
        networks.append(net)
        records.append(record.to_dict())
        if record.stop_reason.startswith("interrupted"):
            break                                   # Ctrl-C: keep what is trained, train no more
    if parallel:
        from .sweep import train_members

        networks, records = train_members(jobs, n_jobs, executor)
    model = Model(networks, pre, records=records, division=division)
    model.metrics = {name: model.measure(X[idx], y[idx]) for name, idx in division.items()}
    from .. import __version__

    model.info = {"bpnn_version": __version__, "seed": seed if isinstance(seed, (int, type(None))) else "generator",
                  "task": task, "algorithm": records[0]["algorithm"], "hidden": hidden, "activation": activation,
                  "scaling": pre.x_scaler.name if pre.x_scaler else "none", "divide": {"method": division.method, "stratified": stratified, "rotated": division is not members[0], "ratios": list(ratios)
                                                 if divide_method != "ind" else None,
                                                 "sizes": dict(zip(("train", "val", "test"), division.sizes()))},
                  "epochs": epochs, "max_fail": max_fail, "restarts": restarts, "ensemble": len(networks),
                  "train_options": {k: v for k, v in train_options.items() if _jsonable(v) and k != "executor"}, **(info or {})}
    if records and records[0].get("data_parallel"):
        model.info["data_parallel"] = records[0]["data_parallel"]
    if repeats is not None:
        model.info["weights"] = {"class_weight": class_weight if _jsonable(class_weight) else "dict",
                                 "sample_weight": sample_weight is not None,
                                 "rule": "rows repeated round(w / smallest w) times in training and validation",
                                 "rows_trained": int(repeats[tr].sum())}
    return model


def _repeats(y, n: int, sample_weight, class_weight):
    """Times each row is trained on (None: once each), from sample and class weights."""
    if sample_weight is None and class_weight is None:
        return None
    from .data import class_weights, repeat_counts

    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    if class_weight is not None:
        if w.shape != (n,):
            raise BPNNError(f"sample_weight must hold one number per row: {n} row(s), got shape {w.shape}")
        w = w * class_weights(y, class_weight)
    return repeat_counts(w, n)


def _weighted_sets(division: Division, repeats):
    """``(name, rows)`` of the training and validation sets with rows repeated by weight; test rows once."""
    if repeats is None:
        return division.items()
    sets = [(name, idx if name == "test" else np.repeat(idx, repeats[idx])) for name, idx in division.items()]
    sets = [(name, idx) for name, idx in sets if len(idx)]
    if not sets or sets[0][0] != "train":
        raise BPNNError.of("err_zero_weights")
    return sets


def _jsonable(value) -> bool:
    return isinstance(value, (str, int, float, bool, type(None))) and not (
        isinstance(value, float) and not math.isfinite(value))

