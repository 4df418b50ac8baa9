"""One playground run: the data, the network, and ``bpnn.train`` running in a thread, one epoch at a time.

The training is *the* loop, :func:`bpnn.train`, called once per run with a ``callback``.  The loop
calls the callback after every epoch's loss (θ then holds the weights of that epoch, before its
step); the callback publishes the epoch and waits until the page asks for more steps.  So
the engine, the optimiser's state (Adam's moments, Rprop's step sizes, LM's μ), the minibatch order
and the record are all the loop's own, and a run of k steps here is exactly
``bpnn.train(..., epochs=k)``.  Nothing about back-propagation is computed in this module: the
state is ``forward_layers`` (core) on a grid of inputs, and *Inspect* is :func:`bpnn.explain`.

Examples
--------
>>> run = Session({"dataset": "sin", "algorithm": "gd", "lr": 0.01})
>>> round(run.state()["loss"][0], 4)                 # the article's step 0
18.0275
>>> state = run.step(10)
>>> state["epoch"], round(state["loss"][-1], 4) < 18.0275
(10, True)
>>> run.close()
"""

from __future__ import annotations

import threading

import numpy as np

from ...core.activations import ACTIVATIONS
from ...core.backprop import forward_layers
from ...core.init import INITIALIZERS
from ...core.losses import LOSSES, get_loss
from ...core.network import Network
from ...datasets import article_network
from ...errors import BPNNError
from ...optimizers import OPTIMIZERS
from ...teach.explain import LANGS, explain
from ...training.loop import train
from .data import DATASETS, make_data

# the algorithms the page offers (the five); each is bpnn's own, from its registry
ALGORITHMS = tuple(name for name in ("gd", "gdm", "adam", "rprop", "lm") if name in OPTIMIZERS)
MAX_LAYERS, MAX_UNITS, MAX_POINTS, MAX_STEPS = 8, 16, 1000, 1000
MAX_EPOCHS = 10 ** 9           # the run's epoch limit: the page stops it, not a rule
GRID_1D, GRID_2D = 121, 25     # where the units' outputs are drawn

DEFAULTS = {"dataset": "sin", "points": None, "noise": 0.0, "test_fraction": 0.0, "hidden": [4],
            "activations": ["tanh"], "output": "linear", "loss": "mse", "algorithm": "gd", "lr": 0.01,
            "batch_size": None, "init": "article", "seed": 0}
INITS = ("article", *INITIALIZERS)
# what the page switches to when a data set is chosen (every name is checked by check_config)
PRESETS = {
    "sin": DEFAULTS,
    "regression": {"hidden": [8, 8], "activations": ["tanh", "tanh"], "output": "linear", "loss": "mse",
                   "algorithm": "adam", "lr": 0.03, "init": "nguyen_widrow"},
    "classification": {"hidden": [8, 8], "activations": ["tanh", "tanh"], "output": "sigmoid",
                       "loss": "binary_cross_entropy", "algorithm": "adam", "lr": 0.03, "init": "nguyen_widrow"},
}


class RequestError(BPNNError):
    """A request the playground refuses (HTTP 400), with a message saying what to change."""


def options() -> dict:
    """What the page may choose, read from bpnn's registries (names are never retyped)."""
    return {
        "datasets": {name: {"task": task, "points": points, "noise": noise, "description": text}
                     for name, (_, task, points, noise, text) in DATASETS.items()},
        "activations": {name: {"formula": f.formula, "derivative": f.derivative,
                               "description": getattr(f, "description", "")}
                        for name, f in ACTIVATIONS.items()},
        "losses": {name: {"formula": x.formula, "requires_output": x.requires_output, "targets": x.targets}
                   for name, x in LOSSES.items()},
        "algorithms": list(ALGORITHMS), "inits": list(INITS), "langs": list(LANGS),
        "limits": {"layers": MAX_LAYERS, "units": MAX_UNITS, "points": MAX_POINTS, "steps": MAX_STEPS},
        "defaults": dict(DEFAULTS),
        "presets": {name: {**DEFAULTS, **(PRESETS["sin"] if name == "sin" else PRESETS[task]), "dataset": name}
                    for name, (_, task, *_) in DATASETS.items()},
    }


# -- validation: every field known, typed and within its caps -----------------------------------

def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v) -> bool:
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) and bool(np.isfinite(v))


def check_fields(body, allowed: dict, what: str) -> dict:
    """``body`` as a dict holding only ``allowed``'s fields (name → check(value) → message or None)."""
    if not isinstance(body, dict):
        raise RequestError(f"{what}: expected a JSON object, got {type(body).__name__}")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise RequestError(f"{what}: unknown field(s) {', '.join(map(repr, unknown))}; "
                           f"known: {', '.join(allowed)}")
    for name, value in body.items():
        problem = allowed[name](value)
        if problem:
            raise RequestError(f"{what}: '{name}' {problem}")
    return body


def _int_in(lo, hi, none=False):
    return lambda v: None if (none and v is None) or (_is_int(v) and lo <= v <= hi) else \
        f"must be a whole number from {lo} to {hi}{' or null' if none else ''}, got {v!r}"


def _num_in(lo, hi, open_lo=False):
    return lambda v: None if _is_num(v) and (lo < v if open_lo else lo <= v) and v <= hi else \
        f"must be a number {'above' if open_lo else 'from'} {lo} {'and at most' if open_lo else 'to'} {hi}, got {v!r}"


def _one_of(names):
    names = list(names)
    return lambda v: None if isinstance(v, str) and v in names else f"must be one of {', '.join(names)}, got {v!r}"


def _list_of(check, most):
    def inner(v):
        if not isinstance(v, list) or len(v) > most:
            return f"must be a list of at most {most} entries, got {v!r}"[:200]
        for item in v:
            problem = check(item)
            if problem:
                return f"entries {problem}"
        return None
    return inner


CONFIG_FIELDS = {
    "dataset": _one_of(DATASETS), "points": _int_in(4, MAX_POINTS, none=True), "noise": _num_in(0, 1),
    "test_fraction": _num_in(0, 0.9), "hidden": _list_of(_int_in(1, MAX_UNITS), MAX_LAYERS),
    "activations": _list_of(_one_of(ACTIVATIONS), MAX_LAYERS), "output": _one_of(ACTIVATIONS),
    "loss": _one_of(LOSSES), "algorithm": _one_of(ALGORITHMS), "lr": _num_in(0, 10, open_lo=True),
    "batch_size": _int_in(1, MAX_POINTS, none=True), "init": _one_of(INITS), "seed": _int_in(0, 2 ** 31 - 1),
}


def check_config(body) -> dict:
    """A complete, checked configuration: ``body``'s fields over :data:`DEFAULTS`."""
    config = {**DEFAULTS, **check_fields(body if body is not None else {}, CONFIG_FIELDS, "config")}
    if len(config["activations"]) != len(config["hidden"]):
        raise RequestError(f"config: 'activations' needs one name per hidden layer ({len(config['hidden'])}), "
                           f"got {len(config['activations'])}")
    return config


# -- the run -------------------------------------------------------------------------------------

class _Closed(Exception):
    """Raised inside the callback to end the loop when the run is closed (reset, shutdown)."""


class Session:
    """Data, network and a paused ``bpnn.train`` run; :meth:`step` lets it take k epochs.

    Parameters
    ----------
    config : dict, optional
        Fields of :data:`DEFAULTS` (checked by :func:`check_config`).
    """

    def __init__(self, config: dict | None = None) -> None:
        self.config = c = check_config(config)
        task = DATASETS[c["dataset"]][1]
        (X, y), (X_test, y_test) = make_data(c["dataset"], c["points"], c["noise"], c["test_fraction"], c["seed"])
        self.loss = get_loss(c["loss"])
        if self.loss.targets != "real" and task != "classification":
            raise RequestError(f"loss {self.loss.name} needs class targets; the data set {c['dataset']} is a "
                               f"regression set: choose mse or sse, or a classification set")
        targets = (lambda y: np.hstack([1.0 - y, y])) if self.loss.targets == "one-hot" else (lambda y: y)
        self.X, self.T, self.X_test, self.T_test = X, targets(y), X_test, targets(y_test)
        self.task = task
        output = self.loss.requires_output or c["output"]
        sizes = [X.shape[1], *c["hidden"], self.T.shape[1]]
        init = "randn" if c["init"] == "article" else c["init"]
        self.net = Network(sizes, c["activations"] or "tanh", output, init=init, seed=c["seed"])
        if c["init"] == "article":
            if sizes != [1, 4, 1]:
                raise RequestError("config: init 'article' is the seed article's 1-4-1 weights; it needs one "
                                   "input, one hidden layer of 4 units and one output; choose another init")
            self.net.theta = article_network().theta
        if c["batch_size"] is not None and c["algorithm"] == "lm" and c["batch_size"] < len(X):
            raise RequestError("config: lm trains on the full batch; leave batch_size empty for lm")
        if OPTIMIZERS[c["algorithm"]].needs_jacobian and not self.loss.is_least_squares:
            raise RequestError(f"config: {c['algorithm']} needs a least-squares loss (mse or sse), not "
                               f"{self.loss.name}; choose mse, or gd, gdm, adam or rprop")
        self.options = {"lr": c["lr"]} if OPTIMIZERS[c["algorithm"]].uses_lr else {}
        self.grid = self._grid()
        self._cond = threading.Condition()
        self._lock = threading.RLock()                 # one request's action at a time
        self._budget, self._parked, self._closing, self._finished = 0, False, False, False
        self.epoch, self._live, self.record, self.error = 0, None, None, None
        self._thread = threading.Thread(target=self._run, name="bpnn-playground-training", daemon=True)
        self._thread.start()
        with self._cond:
            self._cond.wait_for(lambda: self._parked or self._finished)
        if self.error is not None:
            raise RequestError(self.error)

    # the thread: bpnn.train, once, paused in its callback
    def _run(self) -> None:
        c = self.config
        try:
            record = train(self.net, self.X, self.T, loss=self.loss, algorithm=c["algorithm"], epochs=MAX_EPOCHS,
                           min_grad=0.0, batch_size=c["batch_size"], seed=c["seed"],
                           test=(self.X_test, self.T_test) if len(self.X_test) else None,
                           callback=self._callback, **self.options)
            self.record = record
        except _Closed:
            pass                                         # the page closed the run: it ends quietly
        except BPNNError as exc:
            self.error = str(exc)
        except Exception as exc:                        # never let the server die with the run
            self.error = f"training failed: {type(exc).__name__}: {exc}"
        finally:
            with self._cond:
                self._finished, self._parked = True, False
                self._cond.notify_all()

    def _callback(self, epoch: int, live) -> None:
        with self._cond:
            self.epoch, self._live, self._parked = epoch, live, True
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._budget > 0 or self._closing)
            if self._closing:
                raise _Closed
            self._budget -= 1
            self._parked = False

    def step(self, steps: int = 1, since: int = 0) -> dict:
        """Let the loop take ``steps`` epochs, then return :meth:`state`."""
        with self._lock:
            with self._cond:
                if not self._finished:
                    self._budget += steps
                    self._cond.notify_all()
                    self._cond.wait_for(lambda: self._finished or (self._parked and self._budget == 0))
            return self.state(since)

    def snapshot(self, since: int = 0) -> dict:
        """:meth:`state`, taken between two requests' actions (never while a step runs)."""
        with self._lock:
            return self.state(since)

    def close(self) -> None:
        """End the run's thread (the loop stops in its callback)."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout=10)

    # what the page draws
    def _grid(self) -> np.ndarray:
        X = np.vstack([self.X, self.X_test])
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * np.maximum(hi - lo, 1e-9)
        lo, hi = lo - pad, hi + pad
        self.bounds = np.column_stack([lo, hi]).tolist()
        if X.shape[1] == 1:
            return np.linspace(lo[0], hi[0], GRID_1D).reshape(-1, 1)
        g0, g1 = np.linspace(lo[0], hi[0], GRID_2D), np.linspace(lo[1], hi[1], GRID_2D)
        G1, G0 = np.meshgrid(g1[::-1], g0, indexing="ij")         # rows from the top (largest x₂) down
        return np.column_stack([G0.ravel(), G1.ravel()])

    def data(self) -> dict:
        """The rows, the grid's bounds and what the run is (sent once per run)."""
        return {"X": self.X.tolist(), "T": self.T.tolist(), "X_test": self.X_test.tolist(),
                "T_test": self.T_test.tolist(), "task": self.task, "bounds": self.bounds,
                "grid": len(self.grid) if self.X.shape[1] == 1 else [GRID_2D, GRID_2D],
                "sizes": list(self.net.sizes), "activations": [f.name for f in self.net.activations],
                "config": self.config}

    def state(self, since: int = 0) -> dict:
        """θ, the losses from epoch ``since`` on, each unit's output on the grid, and the engine."""
        live = self.record if self._live is None or self.record is not None else self._live
        loss = [] if live is None else list(live.loss)
        test_loss = [] if live is None or not len(self.X_test) else list(live.test_loss or [])
        _, a = forward_layers(self.net, self.grid)                 # core's forward pass, every layer
        record = self.record
        return {
            "epoch": self.epoch if record is None else record.epochs, "since": since,
            "loss": [float(v) for v in loss[since:]], "test_loss": [float(v) for v in test_loss[since:]],
            "W": [W.tolist() for W in self.net.W], "b": [b.tolist() for b in self.net.b],
            "units": [np.round(a[l].T, 4).tolist() for l in range(1, len(a))],
            "stopped": None if record is None else record.stop_reason, "error": self.error,
            "engine": (record or self._live).engine, "engine_reason": (record or self._live).engine_reason,
        }

    def inspect(self, layer: int, unit: int, lang: str = "en") -> dict:
        """One unit's z, a, δ, ∂E/∂W, ∂E/∂b for the current weights and training rows: bpnn.explain's trace."""
        with self._lock:
            ex = self.explanation()
            view = ex.unit_view(layer, unit, lang)
        out = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in view.items()}
        out.update(layer=layer, unit=unit, epoch=self.epoch, E=float(ex.E), E_after=float(ex.E_after),
                   lr=ex.lr, n=int(ex.X.shape[0]), engine=ex.engine)
        return out

    def explanation(self):
        """:func:`bpnn.explain` of the current weights on the training rows (the step explain shows is
        gradient descent with the run's learning rate)."""
        with self._lock:
            return explain(self.net, self.X, self.T, loss=self.loss, lr=self.config["lr"], autograd=False)

    def model(self):
        """The current network as a :class:`bpnn.Model` (no scaling: the playground's data are raw)."""
        from ..data import Preprocessing
        from ..workflow import Model

        d, m = self.X.shape[1], self.T.shape[1]
        features = [f"x{i + 1}" for i in range(d)]
        target = ["y"] if m == 1 else [f"y{j + 1}" for j in range(m)]
        pre = Preprocessing(features, np.ones(d, dtype=bool), None, "regression", target)
        with self._lock:
            state = self.state()
            record = {"algorithm": self.config["algorithm"], "loss": state["loss"],
                      "stop_reason": "stopped in bpnn playground", "engine": state["engine"]}
            return Model([self.net.copy()], pre, records=[record],
                         info={"source": "bpnn playground", "playground": dict(self.config), "epochs": self.epoch})
