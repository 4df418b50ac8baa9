"""scikit-learn estimators: :class:`BPRegressor` and :class:`BPClassifier`.

They follow scikit-learn's contract — parameters stored untouched in
``__init__`` and checked in ``fit``; ``fit``/``predict``/``score``,
``predict_proba``, ``classes_``, ``n_features_in_``, ``feature_names_in_``,
``partial_fit`` (first-order algorithms), ``warm_start`` — and pass
scikit-learn's estimator checks, so they work in ``Pipeline``,
``GridSearchCV`` and ``cross_val_score`` (also with ``n_jobs``).

Inside, ``fit`` is :func:`bpnn.app.workflow.fit`: scaling of inputs and targets
(undone on predictions), a validation split for early stopping
(``validation_fraction``), MATLAB-style training algorithms, and optionally a
committee of networks.  ``model_`` holds the fitted :class:`~bpnn.app.workflow.Model`
(``save_model(estimator, path)`` writes it).

Their defaults are ``bpnn train``'s: the parameters left at "auto"
(``hidden_layer_sizes``, ``scaling``, ``ensemble``, ``rotate``,
``weight_decay``, ``max_fail``) are resolved in ``fit`` from the data's size by
:func:`bpnn.app.workflow.default_settings` (the rule chosen on the tables of
``benchmarks/tables.py``, docs/workflow.md) and kept in ``settings_``; a value
given explicitly is used as it is.  MATLAB's defaults are
``hidden_layer_sizes=(10,), scaling="mapminmax", ensemble=1, weight_decay=0,
max_fail=6``.

Examples
--------
>>> import numpy as np
>>> from sklearn.model_selection import cross_val_score
>>> rng = np.random.default_rng(0)
>>> X = rng.uniform(-2, 2, size=(120, 2))
>>> y = np.sin(X[:, 0]) + 0.5 * X[:, 1]
>>> reg = BPRegressor(hidden_layer_sizes=(8,), random_state=0).fit(X, y)
>>> reg.score(X, y) > 0.95
True
>>> clf = BPClassifier(random_state=0).fit(X, np.where(y > 0, "up", "down"))
>>> clf.classes_.tolist(), clf.predict_proba(X[:1]).shape
(['down', 'up'], (1, 2))
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ..errors import BPNNError
from ..validation import check_label_types
from .workflow import Model, fit


class _BPEstimator(BaseEstimator):
    """What BPRegressor and BPClassifier share; see their docstrings."""

    _task = "regression"

    def __init__(self, hidden_layer_sizes="auto", activation="tanh", algorithm="auto", epochs=None,
                 scaling="auto", validation_fraction=0.15, max_fail="auto", restarts=1, ensemble="auto",
                 rotate="auto", goal=0.0, batch_size=None, weight_decay="auto", input_noise=0.0, options=None,
                 random_state=None, warm_start=False, verbose=False):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.algorithm = algorithm
        self.epochs = epochs
        self.scaling = scaling
        self.validation_fraction = validation_fraction
        self.max_fail = max_fail
        self.restarts = restarts
        self.ensemble = ensemble
        self.rotate = rotate
        self.goal = goal
        self.batch_size = batch_size
        self.weight_decay = weight_decay
        self.input_noise = input_noise
        self.options = options
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose

    # -- checks -----------------------------------------------------------------
    def _ratios(self, n: int) -> tuple[float, float, float]:
        vf = self.validation_fraction
        if isinstance(vf, bool) or not isinstance(vf, (int, float)) or not 0 <= vf < 1:
            raise BPNNError(f"validation_fraction must be a number in [0, 1), got {vf!r}")
        if n < 2:
            raise BPNNError(f"{type(self).__name__} needs at least 2 samples to fit, got n_samples = {n} "
                            f"(1 sample)")
        n_val = round(vf * n)
        if n_val < 1 or n - n_val < 2:                # too few rows to hold some out: no early stopping
            return (1.0, 0.0, 0.0)
        return (1.0 - vf, vf, 0.0)

    def _seed(self):
        rs = self.random_state
        if isinstance(rs, np.random.RandomState):     # scikit-learn style: draw a seed from it
            return int(rs.randint(0, 2**31 - 1))
        return rs

    def _settings(self, n: int, n_inputs: int, n_outputs: int, *, partial: bool = False) -> dict:
        """The settings of this fit: the parameters, with every "auto" resolved by
        :func:`bpnn.app.workflow.default_settings` for n rows (``bpnn train``'s rule).

        ``partial``: for :meth:`partial_fit`'s first batch, which has no validation
        rows: an "auto" ensemble is one network, not rotated.
        """
        from .workflow import default_settings

        ratios = (1.0, 0.0, 0.0) if partial else self._ratios(n)
        hidden = None if _auto(self.hidden_layer_sizes) else self.hidden_layer_sizes
        rule = default_settings(self._task, n, n_inputs, n_outputs, hidden=hidden, ratios=ratios)
        ensemble = (1 if partial else rule["ensemble"]) if _auto(self.ensemble) else self.ensemble
        if _auto(self.rotate):
            rotate = not partial and isinstance(ensemble, (int, np.integer)) and ensemble > 1
        elif isinstance(self.rotate, (bool, np.bool_)):
            rotate = bool(self.rotate)
        else:
            raise BPNNError(f"rotate must be True, False or \"auto\", got {self.rotate!r}")
        decay = self.weight_decay
        if _auto(decay) and "weight_decay" in (self.options or {}):
            decay = None                              # given in options: that value, once
        elif _auto(decay):                            # br regularises itself and takes no weight decay
            decay = 0.0 if str(self.algorithm).lower() in ("br", "trainbr") else rule["weight_decay"]
        return {"hidden": rule["hidden"], "scaling": rule["scaling"] if _auto(self.scaling) else self.scaling,
                "ratios": ratios, "ensemble": ensemble, "rotate": rotate, "weight_decay": decay,
                "max_fail": rule["max_fail"] if _auto(self.max_fail) else self.max_fail}

    def _train_options(self, weight_decay) -> dict:
        options = dict(self.options or {})
        if self.batch_size is not None:
            options["batch_size"] = self.batch_size
        for name, value in (("weight_decay", weight_decay), ("input_noise", self.input_noise)):
            if value is None or (not isinstance(value, bool) and value == 0):
                continue                              # 0 or None: not used
            if name in options:
                raise BPNNError(f"{name} is given twice, as a parameter and in options; give it once")
            options[name] = value                     # checked by bpnn.train
        return options

    def _rows(self, X, y, sample_weight) -> int:
        """Rows for the "auto" rules: as trained, weighted rows counted as their repeats, so that
        integer weights and repeated rows get the same settings."""
        class_weight = getattr(self, "class_weight", None)
        if sample_weight is None and class_weight is None:
            return X.shape[0]
        from .workflow import _repeats

        repeats = _repeats(np.asarray(y, dtype=object if self._task == "classification" else float), X.shape[0],
                           sample_weight, class_weight)
        return X.shape[0] if repeats is None else max(int(np.sum(repeats)), 2)

    def _n_outputs(self, y) -> int:
        if self._task == "classification":
            return len(self.classes_)
        return 1 if y.ndim == 1 else y.shape[1]

    def _fit(self, X, y, *, reset: bool = True, sample_weight=None):
        from sklearn.utils.validation import _check_sample_weight

        warm = self.warm_start and hasattr(self, "model_")
        X, y = validate_data(self, X, y, reset=not warm, multi_output=self._task == "regression",
                             y_numeric=self._task == "regression", dtype=np.float64)
        y = self._targets(y)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        features = getattr(self, "feature_names_in_", None)
        settings = self._settings(self._rows(X, y, sample_weight), X.shape[1], self._n_outputs(y))
        one = settings["ensemble"] == 1 if not warm else len(self.model_.networks) == 1
        report = None if not self.verbose else (lambda k, epoch, record: print(
            f"{'' if one else f'network {k + 1}, '}Iteration {epoch}, loss = {record.loss[-1]:.8f}"))
        model = fit(X, y, task=self._task, features=None if features is None else list(features),
                    hidden=settings["hidden"], activation=self.activation, algorithm=self.algorithm,
                    scaling=settings["scaling"], ratios=settings["ratios"], rotate=settings["rotate"],
                    epochs=self.epochs, max_fail=settings["max_fail"], restarts=self.restarts,
                    ensemble=settings["ensemble"], goal=self.goal, seed=self._seed(),
                    start=self.model_ if warm else None, sample_weight=sample_weight,
                    class_weight=getattr(self, "class_weight", None), callback=report,
                    **self._train_options(settings["weight_decay"]))
        settings.update(hidden=model.network.sizes[1:-1], ensemble=len(model.networks),
                        rotate=bool(model.info["divide"]["rotated"]))       # a warm start keeps its networks
        self.settings_ = settings
        self._set_model(model, warm=warm)
        return self

    def _targets(self, y):
        """Check y after validation and note its form (1-D or not, the classes)."""
        return y

    def _set_model(self, model: Model, warm: bool = False) -> None:
        """``model_`` and scikit-learn's fitted attributes; a warm start keeps counting ``n_iter_``
        and extends ``loss_curve_`` (its first entry is the loss before the first epoch)."""
        self.model_ = model
        record = model.record or {}
        loss = [float(v) for v in record.get("loss") or []]
        if warm and hasattr(self, "loss_curve_"):
            self.n_iter_ += max(len(loss) - 1, 0)
            self.loss_curve_ = [*self.loss_curve_, *loss[1:]]
        else:
            self.n_iter_ = max(len(loss) - 1, 0)
            self.loss_curve_ = loss
        self._set_parity(model)
        val = [float(v) for v in record.get("val_loss") or [] if v is not None]
        self.validation_scores_ = val or None
        metrics = model.metrics.get("val") if isinstance(model.metrics, dict) else None
        key = "accuracy" if self._task == "classification" else "r2"
        self.best_validation_score_ = (float(metrics[key]) if val and metrics and metrics.get("n") else None)

    def _set_parity(self, model: Model) -> None:
        """MLPRegressor/MLPClassifier's names for the (first) network's weights and shape."""
        net = model.network
        self.coefs_ = [W.copy() for W in net.W]
        self.intercepts_ = [b.copy() for b in net.b]
        self.n_layers_ = len(net.sizes)
        self.n_outputs_ = net.sizes[-1]
        self.out_activation_ = net.activations[-1].name
        self.best_loss_ = min(self.loss_curve_) if self.loss_curve_ else None

    def _partial_fit(self, X, y, classes=None):
        from .data import Preprocessing
        from ..core.network import Network
        from ..engines.buffered import add_input_noise
        from ..optimizers import FirstOrder, get_optimizer
        from ..training.objective import NetworkObjective
        from ..validation import positive

        if getattr(self, "class_weight", None) is not None:
            raise BPNNError("partial_fit does not apply class_weight (weights repeat rows of the whole data set); "
                            "use fit, or leave class_weight=None")
        algorithm = "adam" if self.algorithm in (None, "auto") else self.algorithm
        if not isinstance(get_optimizer(algorithm), FirstOrder):
            raise BPNNError(f"partial_fit takes one epoch of a first-order algorithm (gd, gdm, rprop, adam); "
                            f"algorithm={self.algorithm!r} needs the whole data set: use fit")
        first = not hasattr(self, "model_")
        X, y = validate_data(self, X, y, reset=first, multi_output=self._task == "regression",
                             y_numeric=self._task == "regression", dtype=np.float64)
        if self._task == "regression" and first:
            self._targets(y)
        if first or not hasattr(self, "_rng_"):
            self._rng_ = np.random.default_rng(self._seed())
        rng = self._rng_
        if first:
            if self._task == "classification":
                if classes is None:
                    raise BPNNError("the first call to partial_fit needs classes=[all class labels]")
                self.classes_ = np.unique(np.asarray(classes))
            features = getattr(self, "feature_names_in_", None)
            settings = self._settings(X.shape[0], X.shape[1], self._n_outputs(y), partial=True)
            pre = Preprocessing.fit(X, y, features=None if features is None else list(features), task=self._task,
                                    scaling=settings["scaling"], classes=getattr(self, "classes_", None))
            classify = self._task == "classification"
            sizes = [pre.n_inputs, *_sizes(settings["hidden"]), pre.n_outputs]
            ensemble = settings["ensemble"]
            if isinstance(ensemble, bool) or not isinstance(ensemble, (int, np.integer)) or ensemble < 1:
                raise BPNNError(f"ensemble must be a whole number of networks, 1 or more, got {ensemble!r}")
            nets = [Network(sizes, self.activation, "softmax" if classify else "linear", seed=rng)
                    for _ in range(int(ensemble))]
            self.settings_ = settings
            self._set_model(Model(nets, pre, records=[]))
        model = self.model_
        Xs, T = model.preprocessing.inputs(X), model.preprocessing.targets(y, "partial_fit y")
        options = self._train_options(self.settings_["weight_decay"])
        batch, decay = options.pop("batch_size", None), options.pop("weight_decay", 0.0)
        noise = float(positive(options.pop("input_noise", 0.0), "input_noise", allow_zero=True))
        if first or getattr(self, "_optimizer_", None) is None:
            self._optimizer_ = get_optimizer(algorithm, **options)
            self._opt_states_ = [self._optimizer_.init(net.theta.reshape(1, -1)) for net in model.networks]
        loss = "cross_entropy" if self._task == "classification" else "mse"
        n = len(Xs)
        order = rng.permutation(n) if batch else np.arange(n)
        size = int(batch) if batch else n
        losses = []
        for net, state in zip(model.networks, self._opt_states_):       # one epoch, the optimiser's state kept
            for start in range(0, n, size):
                rows = order[start:start + size]
                x = Xs[rows] if noise == 0 else add_input_noise(Xs[rows], noise, rng)    # (a copy: rows picked)
                objective = NetworkObjective(net, x, T[rows], loss, engine="reference", weight_decay=decay)
                _, F, grad = objective.losses_and_grad()
                self._optimizer_.step(net.theta.reshape(1, -1), grad, state, F)     # θ as (K=1, p), as train
            losses.append(float(NetworkObjective(net, Xs, T, loss, engine="reference", weight_decay=decay).loss()[0]))
        model.records = [{"algorithm": algorithm, "loss": [value], "stop_reason": "partial_fit: one epoch"}
                         for value in losses]
        self.n_iter_ = getattr(self, "n_iter_", 0) + 1
        self.loss_curve_ = [*getattr(self, "loss_curve_", []), losses[0]]
        if self.verbose:
            print(f"Iteration {self.n_iter_}, loss = {losses[0]:.8f}")
        self._set_parity(model)
        return self

    @property
    def network_(self):
        """The (first) trained :class:`~bpnn.core.network.Network`."""
        check_is_fitted(self, "model_")
        return self.model_.network

    def to_model(self) -> Model:
        """The fitted :class:`~bpnn.app.workflow.Model` (for :func:`bpnn.app.io.save_model`)."""
        check_is_fitted(self, "model_")
        return self.model_

    def _outputs(self, X) -> np.ndarray:
        check_is_fitted(self, "model_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return self.model_.outputs(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        return tags


def _auto(value) -> bool:
    return isinstance(value, str) and value == "auto"


def _sizes(hidden) -> list[int]:
    from .workflow import _hidden_sizes

    return _hidden_sizes(hidden)


class BPRegressor(RegressorMixin, _BPEstimator):
    """A BP network for regression, scikit-learn style (MATLAB ``fitnet``).

    Parameters
    ----------
    hidden_layer_sizes : tuple of int or "auto", default "auto"
        Units per hidden layer.  "auto": one layer, the widest of 10, 20, 40, 80
        units that leaves at least 2 training target values (rows × outputs) per
        weight, else 10 (:func:`bpnn.app.workflow.choose_hidden`).
    activation : str, default "tanh"
        Hidden activation (``tanh``/``tansig``, ``sigmoid``/``logsig``, ``relu``...).
    algorithm : str, default "auto"
        Training algorithm (``lm``, ``br``, ``scg``, ``rprop``, ``adam``, ``gd``...,
        MATLAB names work); "auto": Levenberg–Marquardt for modest sizes, else SCG.
    epochs : int, optional
        Maximum epochs (default: the algorithm's).
    scaling : {"auto", "mapstd", "mapminmax", "none"}, default "auto"
        Scaling of inputs and targets, undone on predictions; "auto": ``mapstd``
        (``bpnn train``'s; MATLAB's is ``mapminmax``).
    validation_fraction : float, default 0.15
        Rows held out for early stopping (0: none).
    max_fail : int, None or "auto", default "auto"
        Early stopping patience (epochs without a better validation loss);
        "auto": 6 for regression (MATLAB's), 20 for classification.
    restarts : int, default 1
        Initial weights tried per network; the best by validation loss is kept.
    ensemble : int or "auto", default "auto"
        Networks trained and averaged (a committee); "auto": 10 while training
        rows × outputs × weights ≤ 2·10⁸, else 1
        (:func:`bpnn.app.workflow.choose_ensemble`).
    rotate : bool or "auto", default "auto"
        Every network of the committee after the first draws its own
        training/validation division of the rows, so the committee learns from
        all of them (:func:`bpnn.app.workflow.fit`); "auto": with more than one
        network.
    goal : float, default 0.0
        Stop when the training loss reaches this.
    batch_size : int, optional
        Minibatches for first-order algorithms (default: full batch).
    weight_decay : float or "auto", default "auto"
        "auto": λ = 0.001, or 0.01 when even 10 hidden units leave fewer than 2
        training values per weight (:func:`bpnn.app.workflow.choose_weight_decay`;
        0 with ``br``).  λ of L2 regularisation: training minimises E + (λ/2)·Σw² over the
        weights, not the biases (:func:`bpnn.train`; not with ``br``).  E is
        a mean over the training rows, so λ does not grow with n; the
        ``alpha`` of scikit-learn's MLPRegressor on n training rows
        (lbfgs) is λ = 2·alpha/n, of MLPClassifier λ = alpha/n, on the same
        scaled data.
    input_noise : float, default 0.0
        σ ≥ 0 of input noise (jitter): every training step sees its batch's
        inputs as x + σ·ε, ε ~ N(0, I) drawn afresh (:func:`bpnn.train`;
        docs/algorithms.md, "Input noise"), in the units of the *scaled*
        inputs the network sees (standard deviations with ``mapstd``).
        Needs a first-order ``algorithm`` (``gd``, ``gdm``, ``rprop``,
        ``adam``); with ``batch_size`` every minibatch is jittered, also in
        ``partial_fit``.  0: none.
    options : dict, optional
        More options for :func:`bpnn.train` (e.g. ``{"lr": 0.01}``).
    random_state : int, RandomState or None
        Seed for the split, the initial weights and training.
    warm_start : bool, default False
        ``fit`` continues from the previous fit's weights and scaling; ``n_iter_``
        and ``loss_curve_`` keep counting.
    verbose : bool, default False
        Print the training loss after each epoch (``Iteration k, loss = ...``).

    Attributes
    ----------
    model_ : bpnn.app.workflow.Model
    network_ : bpnn.Network
        The (first) trained network.
    settings_ : dict
        The settings this fit used, every "auto" resolved: ``hidden``,
        ``scaling``, ``ratios``, ``ensemble``, ``rotate``, ``weight_decay``,
        ``max_fail``.
    coefs_, intercepts_ : lists of ndarray
        W⁽ˡ⁾ (fan-in × fan-out) and b⁽ˡ⁾ of the *first* network of the committee,
        as MLPRegressor's; ``predict`` averages all of them (``model_.networks``).
        ``n_iter_``, ``loss_curve_`` and ``validation_scores_`` are the first
        network's too.
    n_layers_, n_outputs_, out_activation_
        Layers counting the inputs, outputs, the output activation's name.
    best_loss_ : float
        The smallest training loss in ``loss_curve_`` (bpnn's loss: docs/interop.md).
    validation_scores_ : list of float or None
        The validation *loss* after each epoch (None without a validation split).
    best_validation_score_ : float or None
        R² of the kept weights on the validation rows (None for a rotated
        committee, whose networks have different validation rows).
    n_features_in_, feature_names_in_, n_iter_, loss_curve_
    """

    _task = "regression"

    def fit(self, X, y, sample_weight=None):
        """Train on X (n×d) and y (n,) or (n×m); returns self.

        ``sample_weight`` (n,), weights ≥ 0, is applied by repeating rows in the
        training and validation sets (:func:`bpnn.app.workflow.fit`); the "auto"
        rules count those repeats as rows.  The scaling is learnt from the rows as
        given: ``mapstd``'s mean and sd are not weighted (``mapminmax``'s range
        is the same either way).
        """
        return self._fit(X, y, sample_weight=sample_weight)

    def _targets(self, y):
        self._y_1d_ = y.ndim == 1
        return y

    def partial_fit(self, X, y):
        """One epoch of a first-order algorithm (``adam`` for "auto") on this batch.

        The first call learns the scaling from its batch, and resolves the "auto"
        parameters from its size (an "auto" ensemble is one network: there are no
        validation rows).  The optimiser's state (momentum, Adam's moments and
        step count) carries over from call to call.
        """
        return self._partial_fit(X, y)

    def predict(self, X) -> np.ndarray:
        """Predictions in the target's units: (n,) for a 1-D y, else (n, m)."""
        A = self._outputs(X)
        Y = self.model_.preprocessing.outputs(A)
        return Y.ravel() if getattr(self, "_y_1d_", False) and Y.shape[1] == 1 else Y

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        return tags


class BPClassifier(ClassifierMixin, _BPEstimator):
    """A BP network for classification, scikit-learn style (MATLAB ``patternnet``).

    Softmax outputs, one per class, trained with cross-entropy; labels may be
    strings or integers.  Parameters as :class:`BPRegressor` (the "auto"
    algorithm is BFGS for small networks, else scaled conjugate gradient, as
    ``patternnet``; targets are not scaled; the "auto" ``max_fail`` is 20, and
    the rows per weight of the "auto" rules count rows × classes), and:

    class_weight : "balanced", dict or None, default None
        Weights per class for imbalanced classes: "balanced" gives class c
        n / (k · n_c); a dict ``{label: weight}`` (other classes 1).  Applied
        with ``fit``'s ``sample_weight`` by repeating rows
        (:func:`bpnn.app.data.repeat_counts`: round(w / smallest w) times) in the
        training and validation sets.

    Attributes
    ----------
    classes_ : ndarray
        The class labels, in the order of ``predict_proba``'s columns.
    model_, network_, n_features_in_, feature_names_in_, n_iter_, loss_curve_, coefs_, intercepts_,
    n_layers_, n_outputs_, out_activation_, best_loss_, validation_scores_
        As :class:`BPRegressor`.
    best_validation_score_ : float or None
        Accuracy of the kept weights on the validation rows.
    """

    _task = "classification"

    def __init__(self, hidden_layer_sizes="auto", activation="tanh", algorithm="auto", epochs=None,
                 scaling="auto", validation_fraction=0.15, max_fail="auto", restarts=1, ensemble="auto",
                 rotate="auto", goal=0.0, batch_size=None, weight_decay="auto", input_noise=0.0, options=None,
                 random_state=None, warm_start=False, verbose=False, class_weight=None):
        super().__init__(hidden_layer_sizes=hidden_layer_sizes, activation=activation, algorithm=algorithm,
                         epochs=epochs, scaling=scaling, validation_fraction=validation_fraction,
                         max_fail=max_fail, restarts=restarts, ensemble=ensemble, rotate=rotate, goal=goal,
                         batch_size=batch_size,
                         weight_decay=weight_decay, input_noise=input_noise, options=options,
                         random_state=random_state,
                         warm_start=warm_start, verbose=verbose)
        self.class_weight = class_weight

    def fit(self, X, y, sample_weight=None):
        """Train on X (n×d) and labels y (n,); returns self.

        ``sample_weight`` (n,), weights ≥ 0, multiplies ``class_weight``'s.
        """
        check_label_types(y)
        return self._fit(X, y, sample_weight=sample_weight)

    def _targets(self, y):
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise BPNNError(f"y has one class ({self.classes_[0]!r}); a classifier needs at least 2 classes")
        return y

    def partial_fit(self, X, y, classes=None):
        """One epoch of a first-order algorithm on this batch; the first call needs ``classes``."""
        check_label_types(y)
        if classes is not None:
            check_label_types(classes, "classes")
        check_classification_targets(y)
        return self._partial_fit(X, np.asarray(y), classes)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities (n×k), columns in ``classes_`` order."""
        return np.asarray(self._outputs(X), dtype=float)

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row."""
        P = self.predict_proba(X)
        return self.classes_[np.argmax(P, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        tags.classifier_tags.poor_score = False
        return tags
