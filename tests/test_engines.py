"""Every engine × every registered activation × every registered loss × depth × {one network, a stack}.

An engine either computes the reference gradient (within 1e-10, float64) or declines the case with a
reason; nothing in between.  The lists come from the registries, so a newly registered activation or
loss that some engine neither handles nor declines fails here.  User-defined objects (an ELU whose f'
is written with z, a mean-absolute-error and a Huber loss) are checked and trained with every engine.
"""

import numpy as np
import pytest

from bpnn import BPNNError, Network, train
from bpnn.core.activations import ACTIVATIONS, Activation
from bpnn.core.backprop import loss_and_grad
from bpnn.core.losses import LOSSES, Loss
from bpnn.engines.select import ENGINES, Case, declines, gradient_by, select
from bpnn.optimizers import get_optimizer
from bpnn.teach.gradcheck import check_engines, numerical_grad, relative_error


class MeanAbsoluteError(Loss):
    """A user's loss: E = Σ|a − T| / (n·m), written as the losses docs say."""

    def value(self, a, T):
        return np.abs(a - T).sum(axis=(-2, -1)) / (a.shape[-2] * a.shape[-1])

    def grad(self, a, T):
        return np.sign(a - T) / (a.shape[-2] * a.shape[-1])


class Huber(Loss):
    """A user's loss: Σ h(a − T) / (n·m) with h(e) = e²/2 for |e| ≤ 1, |e| − 1/2 beyond."""

    def value(self, a, T):
        e = np.abs(a - T)
        return np.where(e <= 1, 0.5 * e * e, e - 0.5).sum(axis=(-2, -1)) / (a.shape[-2] * a.shape[-1])

    def grad(self, a, T):
        return np.clip(a - T, -1.0, 1.0) / (a.shape[-2] * a.shape[-1])


ELU = Activation("elu", lambda z: np.where(z > 0, z, np.expm1(z)),
                 lambda z, a: np.where(z > 0, 1.0, np.exp(z)),          # f' written with z
                 "z if z > 0 else e^z − 1", "1 if z > 0 else e^z")
MAE = MeanAbsoluteError("mae", "Σ |a − T| / (n·m)", grad_formula="sign(a − T) / (n·m)")
HUBER = Huber("huber", "Σ h(a − T) / (n·m)", grad_formula="clip(a − T, −1, 1) / (n·m)")

ALL_ACTIVATIONS = [*ACTIVATIONS.values(), ELU]
ALL_LOSSES = [*LOSSES.values(), MAE, HUBER]


def _problem(loss, m, n=9, d=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    if loss.targets == "one-hot":
        T = np.eye(m)[rng.integers(0, m, n)]
    elif loss.targets == "binary":
        T = rng.integers(0, 2, (n, m)).astype(float)
    else:
        T = rng.normal(size=(n, m)) + 0.05            # (no residual exactly 0: MAE's kink)
    return X, T


def _network(hidden, loss, depth, stack):
    output = loss.requires_output or (hidden if hidden.elementwise else "linear")
    m = 3 if output == "softmax" else 2
    sizes = [3, *[4, 5, 3][:depth], m]
    return Network(sizes, hidden, output, init="glorot", seed=depth, stack=stack)


@pytest.mark.parametrize("stack", [None, 16])
@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("loss", ALL_LOSSES, ids=lambda x: x.name)
@pytest.mark.parametrize("hidden", ALL_ACTIVATIONS, ids=lambda f: f.name)
def test_every_engine_computes_the_reference_gradient_or_declines(hidden, loss, depth, stack):
    net = _network(hidden, loss, depth, stack)
    X, T = _problem(loss, net.sizes[-1])
    E_ref, g_ref = loss_and_grad(net, X, T, loss)
    case = Case(net, loss, get_optimizer("gd"), len(X))
    for engine in ENGINES:
        why_not = declines(engine, case)
        if why_not is not None:
            assert isinstance(why_not, str) and len(why_not) > 10, (engine, why_not)
            with pytest.raises(BPNNError, match=f"engine '{engine}' cannot"):
                select(case, engine)                       # forcing it says why
            continue
        E, g = gradient_by(engine, net, X, T, loss)
        assert relative_error(g, g_ref) <= 1e-10, engine
        assert np.allclose(E, E_ref, rtol=1e-12), engine


@pytest.mark.parametrize("loss", [MAE, HUBER], ids=lambda x: x.name)
def test_user_loss_and_activation_are_gradient_checked_by_every_engine(loss):
    net = Network([3, 6, 2], ELU, "linear", init="glorot", seed=1)
    X, T = _problem(loss, 2)
    results = check_engines(net, X, T, loss)
    checked = {name: r for name, r in results.items() if not isinstance(r, str)}
    assert {"buffered", "reference"} <= set(checked)               # the buffered engine keeps z for ELU's f'
    assert all(r.passed for r in checked.values()), {k: r.worst for k, r in checked.items()}
    assert "needs z" in results["wide"]                            # the wide layout keeps only a: it declines
    assert any(why in results["compiled"] for why in ("scalar form", "least squares", "numba", "turned off"))
    g = gradient_by("buffered", net, X, T, loss)[1]
    assert relative_error(g, numerical_grad(net, X, T, loss)) < 1e-7


@pytest.mark.parametrize("loss", [MAE, HUBER, LOSSES["mse"]], ids=lambda x: x.name)
@pytest.mark.parametrize("batch_size", [None, 4])
def test_user_objects_train_the_same_with_every_engine(loss, batch_size):
    """Trained with each engine that takes the case: the weights equal the reference engine's; the others refuse."""
    X, T = _problem(loss, 1, n=12)
    runs = {}
    for engine in ENGINES:
        for stack in (None, 16):
            net = Network([3, 5, 1], ELU, "linear", init="glorot", seed=2, stack=stack)
            try:
                rec = train(net, X, T, loss=loss, algorithm="gd", lr=0.05, epochs=15, min_grad=0.0,
                            batch_size=batch_size, seed=3, engine=engine)
            except BPNNError as exc:
                assert f"engine '{engine}' cannot train this" in str(exc)
                continue
            assert rec.engine == engine and rec.engine_reason.startswith(f"{engine}: forced")
            runs[engine, stack] = (net.theta.copy(), np.asarray(rec.loss))
    for (engine, stack), (theta, losses) in runs.items():
        ref_theta, ref_losses = runs["reference", stack]
        assert np.allclose(theta, ref_theta, rtol=1e-10, atol=1e-13), (engine, stack)
        assert np.allclose(losses, ref_losses, rtol=1e-10), (engine, stack)
    assert ("buffered", None) in runs and ("buffered", 16) in runs


def test_auto_skips_what_cannot_take_the_case_and_says_so():
    net = Network([3, 5, 1], ELU, "linear", seed=0)
    X, T = _problem(MAE, 1)
    rec = train(net, X, T, loss=MAE, algorithm="gd", epochs=3)
    assert rec.engine == "buffered"
    assert "not compiled:" in rec.engine_reason or "numba" in rec.engine_reason or "not installed" in rec.engine_reason


@pytest.mark.parametrize("algorithm,options", [("gd", {"lr": 0.05}), ("gdm", {"lr": 0.05}), ("rprop", {}),
                                               ("adam", {"lr": 0.01})])
@pytest.mark.parametrize("stop", [{"epochs": 300}, {"goal": 0.05, "epochs": 100000},
                                  {"min_grad": 0.2, "epochs": 100000}, {"epochs": 200, "lr": 50.0}])
def test_buffered_chunks_follow_the_per_epoch_loop(algorithm, options, stop):
    """One network, full batch, first-order: the buffered engine runs epochs in chunks (plain-float checks);
    the reference engine takes the loop's per-epoch path.  Same losses, stop reasons, best epoch, weights."""
    from bpnn import sin_data

    X, T = sin_data()
    runs = []
    for engine in ("buffered", "reference"):
        net = Network([1, 4, 1], seed=0)
        kwargs = {**options, **stop}
        if algorithm == "rprop":
            kwargs.pop("lr", None)
        rec = train(net, X / 5, T, algorithm=algorithm, engine=engine, **kwargs)
        runs.append((net.theta.copy(), rec))
    (a, ra), (b, rb) = runs
    assert "epochs in chunks" in ra.engine_reason and "chunks" not in rb.engine_reason
    assert ra.stop_reason == rb.stop_reason and ra.best_epoch == rb.best_epoch and ra.epochs == rb.epochs
    chaotic = stop.get("lr") == 50.0           # a rate this high amplifies last-bit differences of the two engines
    assert np.allclose(ra.loss, rb.loss, rtol=1e-9) and np.allclose(a, b, rtol=1e-6 if chaotic else 1e-9, atol=1e-12)
    assert len(ra.loss) == len(ra.grad_norm) == len(ra.time)
    assert ra.final_loss == pytest.approx(rb.final_loss, rel=1e-9)


def test_buffered_chunks_ctrl_c_keeps_the_best_weights(monkeypatch):
    from bpnn import sin_data
    from bpnn.engines.chunks import EpochChunks

    X, T = sin_data()
    run, calls = EpochChunks.run, []

    def interrupted(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return run(self, *args, **kwargs)
    monkeypatch.setattr(EpochChunks, "run", interrupted)
    net = Network([1, 4, 1], seed=0)
    rec = train(net, X, T, algorithm="rprop", epochs=10**6, engine="buffered")
    assert rec.stop_reason.startswith("interrupted") and len(rec.loss) == len(rec.grad_norm) == rec.epochs + 1
    assert rec.final_loss == pytest.approx(float(np.mean((net.predict(X) - T) ** 2)), rel=1e-12)
    assert rec.final_loss == min(rec.loss)
