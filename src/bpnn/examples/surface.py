"""Case study ``surface``: a function of two variables learned from a grid.

The classic BP function-approximation exercise: sample z = f(x, y) on an
n×n grid, train a 2-h-1 tanh/linear network on those samples, and measure it
*between* the grid nodes — at the centres of the grid's cells, points it
never saw.  Two surfaces: MATLAB's ``peaks`` (three Gaussian bumps on
[−3, 3]²) and sin(x)·cos(y) on [−π, π]².

Inputs and targets are scaled with ``mapminmax`` to [−1, 1] (MATLAB's
default), the network is trained with Levenberg–Marquardt (``trainlm``) from
several starts, and the output is scaled back, so every MSE below is in the
function's own units.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..app.data import MapMinMax
from ..datasets.functions import grid_samples, midpoint_samples, surface
from ..core.network import Network
from ..training.loop import train
from .common import CaseResult, Log, check_count, say, seconds, stop_if_interrupted, words

#: hidden units per surface (chosen so the grid has several samples per weight)
HIDDEN = {"peaks": 25, "sincos": 10}


def fit_surface(name: str, *, grid: int = 21, hidden: int | None = None, epochs: int = 400,
                restarts: int = 4, seed: int = 0, progress: bool = False) -> dict:
    """Train a 2-h-1 network on an n×n grid of one surface and measure it between the nodes.

    Parameters
    ----------
    name : {"peaks", "sincos"}
    grid : int, default 21
        Training nodes per side: ``grid²`` training samples.
    hidden : int, optional
        Hidden units (default ``HIDDEN[name]``).
    epochs, restarts, seed
        Levenberg–Marquardt epochs, number of starts trained together, and
        the seed of the initial weights.

    Returns
    -------
    dict
        ``net``, ``scale_x``, ``scale_t`` (the scalers), ``record``,
        ``train_mse`` (on the grid nodes), ``test_mse`` and ``test_r2`` (at
        the (grid−1)² cell centres), ``target_var`` (variance of f there),
        ``seconds``.

    Examples
    --------
    >>> fit = fit_surface("sincos", grid=9, hidden=6, epochs=60, restarts=2)
    >>> fit["test_mse"] < 0.01
    True
    """
    surface(name)                                            # a clear error for an unknown name
    hidden = HIDDEN[name] if hidden is None else check_count(hidden, "hidden")
    X, T = grid_samples(name, check_count(grid, "grid", 3))
    Xt, Tt = midpoint_samples(name, grid)
    sx, st = MapMinMax().fit(X), MapMinMax().fit(T)
    net = Network([2, hidden, 1], "tanh", "linear", seed=seed)
    t0 = time.perf_counter()
    record = train(net, sx.transform(X), st.transform(T), algorithm="lm", epochs=epochs,
                   restarts=check_count(restarts, "restarts"), seed=seed, progress=progress)
    elapsed = time.perf_counter() - t0
    stop_if_interrupted(record)
    predict = lambda A: st.inverse(net.predict(sx.transform(A)))      # noqa: E731
    err = Tt - predict(Xt)
    return {"net": net, "scale_x": sx, "scale_t": st, "record": record, "seconds": elapsed,
            "train_mse": float(np.mean((T - predict(X)) ** 2)), "test_mse": float(np.mean(err ** 2)),
            "test_r2": float(1 - np.mean(err ** 2) / np.var(Tt)), "target_var": float(np.var(Tt)),
            "predict": predict, "interpolation_mse": interpolation_mse(name, grid)}


def interpolation_mse(name: str, grid: int) -> dict:
    """Test MSE of interpolating the same grid instead: ``{"linear": ..., "cubic": ...}``.

    The yardstick a network on a grid should be held against: scipy's
    piecewise-linear and cubic-spline interpolation of the training nodes,
    measured at the same cell centres.

    Examples
    --------
    >>> m = interpolation_mse("sincos", 21)
    >>> m["cubic"] < m["linear"] < 1e-3
    True
    """
    from scipy.interpolate import RegularGridInterpolator

    X, T = grid_samples(name, grid)
    Xt, Tt = midpoint_samples(name, grid)
    nodes = X[:grid, 0]                                 # x varies fastest along the grid's rows
    values = T.reshape(grid, grid).T                    # values[i, j] = f(x_i, y_j)
    return {method: float(np.mean((RegularGridInterpolator((nodes, nodes), values, method=method)(Xt)
                                   - Tt.ravel()) ** 2)) for method in ("linear", "cubic")}


def plot_surface_fit(name: str, predict, grid: int, path, title: str, points: int = 61,
                     lang: str | None = None) -> Path:
    """Target, network output and error as surfaces (top) and contour maps (bottom)."""
    from ..app.plots import _pyplot, _save, _words

    w = _words(lang)

    f, (low, high) = surface(name)
    g = np.linspace(low, high, points)
    xx, yy = np.meshgrid(g, g)
    target = f(xx, yy)
    output = predict(np.column_stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    panels = [(w("ex_sf_target"), target, "viridis"), (w("pl_network"), output, "viridis"),
              (w("ex_sf_error"), target - output, "coolwarm")]
    plt = _pyplot()
    fig = plt.figure(figsize=(13, 8))
    nodes = np.linspace(low, high, grid)
    for k, (label, Z, cmap) in enumerate(panels):
        ax = fig.add_subplot(2, 3, k + 1, projection="3d")
        ax.plot_surface(xx, yy, Z, cmap=cmap, linewidth=0, antialiased=True)
        ax.set_title(label)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax2 = fig.add_subplot(2, 3, k + 4)
        if k == 2:
            lim = float(np.max(np.abs(Z))) or 1.0
            cs = ax2.contourf(xx, yy, Z, levels=np.linspace(-lim, lim, 21), cmap=cmap)
        else:                                              # target and output on the same colour levels
            low_z, high_z = min(target.min(), output.min()), max(target.max(), output.max())
            cs = ax2.contourf(xx, yy, Z, levels=np.linspace(low_z, high_z, 21), cmap=cmap)
        fig.colorbar(cs, ax=ax2)
        if k == 0:
            gx, gy = np.meshgrid(nodes, nodes)
            ax2.plot(gx.ravel(), gy.ravel(), "k.", ms=1.5, label=w("ex_sf_grid", grid=grid))
            ax2.legend(loc="upper right", fontsize=7)
        ax2.set_aspect("equal")
        ax2.set_xlabel("x")
        ax2.set_ylabel("y")
    fig.suptitle(title)
    return _save(fig, path)


def run(functions=("peaks", "sincos"), *, grid: int = 21, hidden: dict | None = None, epochs: int = 400,
        restarts: int = 4, seed: int = 0, out=None, progress: bool = False, log: Log = None,
        lang: str | None = None) -> CaseResult:
    """The ``surface`` case study: peaks and sin(x)·cos(y) from a grid, tested between the nodes.

    Parameters
    ----------
    functions : sequence of {"peaks", "sincos"}
    grid : int, default 21
        Training nodes per side.
    hidden : dict, optional
        Hidden units per function, e.g. ``{"peaks": 10}``; default ``HIDDEN``.
    epochs, restarts, seed
        As in :func:`fit_surface`.

    Returns
    -------
    CaseResult
        ``metrics[name]`` holds ``train_mse``, ``test_mse``, ``test_r2``,
        ``epochs`` and ``seconds`` for each function.

    Examples
    --------
    >>> r = run(["sincos"], grid=9, epochs=40, restarts=2)
    >>> r.metrics["sincos"]["test_mse"] < 0.01, r.headline.startswith("test MSE")
    (True, True)
    """
    t0 = time.perf_counter()
    t = words(lang)
    result = CaseResult("surface", t("ex_sf_title"))
    result.settings = [(t("ex_sf_train_data"), t("ex_sf_grid_value", grid=grid, n=grid * grid)),
                       (t("ex_sf_test_data"), t("ex_sf_centres", n=(grid - 1) ** 2)),
                       (t("ex_sf_scaling"), t("ex_sf_scaling_value")),
                       (t("ex_algorithm"), t("ex_sf_algorithm", epochs=epochs, restarts=restarts, seed=seed))]
    heads = []
    for name in functions:
        surface(name)
        units = (hidden or {}).get(name, HIDDEN[name])
        say(log, t("ex_sf_say", name=name, units=units, grid=grid))
        fit = fit_surface(name, grid=grid, hidden=units, epochs=epochs, restarts=restarts, seed=seed,
                          progress=progress)
        rec = fit["record"]
        say(log, t("ex_sf_done", name=name, epochs=rec.epochs, time=seconds(fit["seconds"], lang),
                   mse=fit["test_mse"]))
        result.metrics[name] = {k: fit[k] for k in ("train_mse", "test_mse", "test_r2", "target_var", "seconds")}
        result.metrics[name].update(epochs=rec.epochs, hidden=units, stop_reason=rec.stop_reason)
        result.settings.append((t("ex_sf_network_for", name=name),
                                t("ex_sf_network", units=units, n=fit["net"].n_params)))
        result.results += [(t("ex_sf_train_mse", name=name), f"{fit['train_mse']:.3g}"),
                           (t("ex_sf_test_mse", name=name), f"{fit['test_mse']:.3g}"),
                           (t("ex_sf_test_r2", name=name), f"{fit['test_r2']:.6f}"),
                           (t("ex_sf_epochs_time", name=name), f"{rec.epochs}, {seconds(fit['seconds'], lang)}")]
        interp = fit["interpolation_mse"]
        result.metrics[name]["interpolation_mse"] = interp
        result.references += [
            (t("ex_this_run", what=f"bpnn, {name}"), t("ex_sf_mse", mse=fit["test_mse"])),
            (t("ex_sf_linear", name=name), t("ex_sf_mse", mse=interp["linear"])),
            (t("ex_sf_cubic", name=name), t("ex_sf_mse", mse=interp["cubic"])),
        ]
        heads.append(f"{name} {fit['test_mse']:.3g}")
        if out is not None:
            from ..app.plots import _words

            path = plot_surface_fit(name, fit["predict"], grid, Path(out) / f"surface-{name}.png",
                                    _words(lang)("ex_sf_plot_title", name=name, units=units, grid=grid,
                                                 mse=fit["test_mse"]), lang=lang)
            result.plots.append((path, t("ex_sf_caption", name=name)))
    result.headline = t("ex_sf_headline", heads=", ".join(heads))
    result.elapsed = time.perf_counter() - t0
    return result
