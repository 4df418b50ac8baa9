"""One training step of a BP network, written out with real numbers (``bpnn explain``).

:func:`explain` runs one step of full-batch gradient descent on a small
network and keeps every number the engine computes: z⁽ˡ⁾ and a⁽ˡ⁾ for each
layer, the loss, δ⁽ˡ⁾ with the equation that produced it (BP1 or BP2) and the
derivative f' it used, ∂E/∂W⁽ˡ⁾ and ∂E/∂b⁽ˡ⁾ (BP3, BP4) beside their
finite-difference values (and PyTorch autograd's, when installed), and the
update θ ← θ − η ∂E/∂θ.

It is a *hook into the real engine*, not a second implementation: z, a and δ
come from :func:`bpnn.core.backprop.loss_and_grad` through its ``trace`` argument,
the gradient is the one that function returns, and the update is gradient
descent's θ ← θ − η ∂E/∂θ, the article's rule.  The only numbers
computed here are the factors of each equation (∂E/∂a, f'(z), δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾ᵀ),
so that the reader sees what was multiplied; the tests hold their products
equal to the engine's δ.

The printers (:meth:`Explanation.render`) write the same numbers in English
or Chinese, as plain text, Markdown or a self-contained HTML page.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..core.backprop import loss_and_grad
from ..datasets import article_network, sin_data
from ..errors import BPNNError
from ..engines.select import Case, gradient_by, select, train_choice
from ..optimizers import get_optimizer
from .gradcheck import (as_float64, default_loss, load_networks, numerical_grad, random_problem,
                        relative_error, torch_available, torch_grad)
from ..core.losses import get_loss
from ..core.network import Network, split_theta
from ..validation import as_matrix, check_pair, positive

LANGS = ("en", "zh")
FORMATS = ("text", "markdown", "html")



# -- the numbers ---------------------------------------------------------------------------

@dataclass
class LayerStep:
    """Everything one layer l contributes to one training step.

    Attributes
    ----------
    l : int
        Layer number, 1…L (as in the notation table).
    activation : Activation
    W, b : ndarray
        Weights before the step, shapes (fan_in, fan_out) and (fan_out,).
    z, a : ndarray, shape (n, fan_out)
        z⁽ˡ⁾ and a⁽ˡ⁾ from the engine's trace.
    grad_a : ndarray, shape (n, fan_out)
        ∂E/∂a⁽ˡ⁾: the loss's gradient for the output layer, δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾ᵀ below it.
    fprime : ndarray or None
        f'(z⁽ˡ⁾) element by element; None for softmax (a Jacobian) and for
        the simplified BP1 of a canonical output/loss pair.
    delta : ndarray, shape (n, fan_out)
        δ⁽ˡ⁾ from the engine's trace.
    dW, db : ndarray
        ∂E/∂W⁽ˡ⁾ and ∂E/∂b⁽ˡ⁾ from the engine's gradient.
    dW_fd, db_fd : ndarray
        The same by central finite differences.
    dW_torch, db_torch : ndarray or None
        The same by PyTorch autograd (None when not computed).
    W_new, b_new : ndarray
        Weights after the gradient-descent step.
    """

    l: int
    activation: object
    W: np.ndarray
    b: np.ndarray
    z: np.ndarray
    a: np.ndarray
    grad_a: np.ndarray
    fprime: np.ndarray | None
    delta: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    dW_fd: np.ndarray
    db_fd: np.ndarray
    dW_torch: np.ndarray | None
    db_torch: np.ndarray | None
    W_new: np.ndarray
    b_new: np.ndarray


@dataclass
class Explanation:
    """One training step with every intermediate number; :meth:`render` prints it.

    Attributes
    ----------
    net : Network
        The network at the weights *before* the step (a copy; the caller's
        network is never changed).
    X, T : ndarray
        The samples (rows) and their targets.
    loss : Loss
    lr : float
        Learning rate η of the step.
    E, E_after : float
        Loss before and after the step.
    grad, grad_fd : ndarray, shape (p,)
        ∂E/∂θ from back-propagation and from finite differences.
    grad_torch : ndarray or None
        ∂E/∂θ from PyTorch autograd, when it was computed.
    layers : list of LayerStep
    engine, engine_reason : str
        The engine :func:`bpnn.train` would use here (or the one asked for),
        and the selector's reason.
    grad_engine : ndarray or None
        ∂E/∂θ computed by that engine (None when it is the reference, whose
        trace is shown).
    origin : tuple
        Where network and data came from: ``("article", k, N)``,
        ``("seeded", seed)``, ``("model", path)`` or ``("given",)``.
    """

    net: Network
    X: np.ndarray
    T: np.ndarray
    loss: object
    lr: float
    E: float
    E_after: float
    grad: np.ndarray
    grad_fd: np.ndarray
    grad_torch: np.ndarray | None
    layers: list
    origin: tuple = ("given",)
    notes: list = field(default_factory=list)
    engine: str = "reference"
    engine_reason: str = ""
    grad_engine: np.ndarray | None = None

    @property
    def errors(self) -> dict:
        """Relative error of the back-propagated gradient against each reference."""
        out = {"finite differences": relative_error(self.grad, self.grad_fd)}
        if self.grad_torch is not None:
            out["torch autograd"] = relative_error(self.grad, self.grad_torch)
        return out

    def render(self, lang: str = "en", format: str = "text") -> str:
        """The step as text, Markdown or HTML, in English (``"en"``) or Chinese (``"zh"``)."""
        if lang not in LANGS:
            raise BPNNError(f"unknown language {lang!r}; choose one of: {', '.join(LANGS)}")
        if format not in FORMATS:
            raise BPNNError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
        blocks = _document(self, _TEXT[lang])
        return {"text": _render_text, "markdown": _render_markdown, "html": _render_html}[format](blocks, lang)

    def __str__(self) -> str:
        return self.render()

    def unit_view(self, l: int, j: int, lang: str = "en") -> dict:
        """One unit's part of the step, with :meth:`render`'s wording: for ``bpnn playground``.

        Parameters
        ----------
        l : int
            Layer, 1…L.
        j : int
            Unit of that layer, 0-based.
        lang : {"en", "zh"}

        Returns
        -------
        dict
            ``z``, ``a``, ``grad_a`` (∂E/∂a, or δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾ᵀ), ``fprime``, ``delta`` (columns j of the
            trace, shape (n,); ``grad_a`` and ``fprime`` are None where the step has no such factor),
            ``W``, ``dW``, ``dW_fd``, ``W_new`` (the unit's incoming weights, shape (fan_in,)),
            ``b``, ``db``, ``db_fd``, ``b_new``, and ``text``: the headings, labels and equations,
            worded as :meth:`render` words them.

        Examples
        --------
        >>> view = explain(autograd=False).unit_view(1, 0)
        >>> view["text"]["bp"], view["delta"].shape
        ("Layer 1, BP2: δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ f'(z⁽ˡ⁾)", (3,))
        """
        if lang not in LANGS:
            raise BPNNError(f"unknown language {lang!r}; choose one of: {', '.join(LANGS)}")
        L = len(self.layers)
        if not (1 <= l <= L and 0 <= j < self.layers[l - 1].delta.shape[1]):
            raise BPNNError(f"no unit {j} in layer {l} of a {'-'.join(map(str, self.net.sizes))} network")
        t, s = _TEXT[lang], self.layers[l - 1]
        f, canonical = s.activation, l == L and bool(self.loss.requires_output)
        d = self.X.shape[1]
        text = {
            "heading": t["layer_kind_output" if l == L else "layer_kind_hidden"].format(l=l, f=f.name),
            "unit": t["unit"].format(j=j + 1), "sample": t["sample"], "notation": t["h_notation"],
            "forward": t["h_forward"], "backward": t["h_backward"], "backward_intro": t["backward_intro"],
            "grads": t["h_grads"], "param": t["param"], "bp_col": t["bp"], "fd_col": t["fd"],
            "z": f"z{sup(l)} = a{sup(l - 1)} W{sup(l)} + b{sup(l)}", "a": f"a{sup(l)} = {_apply(f, l)}",
            "delta": f"δ{sup(l)}", "inputs": _in_labels(l, s.W.shape[0], d, t),
            "W": f"W{sup(l)}", "b": f"b{sup(l)}",
            "bp3": f"BP3  ∂E/∂b{sup(l)} = Σ_rows δ{sup(l)}", "bp4": f"BP4  ∂E/∂W{sup(l)} = a{sup(l - 1)}ᵀ δ{sup(l)}",
            "bp": (t["bp1_canonical"].format(l=l, f=f.name, loss=self.loss.name) if canonical
                   else t["bp1"].format(l=l) if l == L else t["bp2"].format(l=l)),
            "grad_a": None if canonical else f"∂E/∂a{sup(l)}" if l == L else f"δ{sup(l + 1)} W{sup(l + 1)}ᵀ",
            "dE_da": (t["dE_da"].format(loss=self.loss.name, formula=self.loss.grad_formula)
                      if l == L and not canonical and self.loss.grad_formula else None),
            "fprime": f"f'(z{sup(l)}) = {_derivative_of(f, l)}" if s.fprime is not None and not canonical else None,
            "derivative": (None if canonical else t["derivative"].format(f=f.name, d=f.derivative)
                           if s.fprime is not None else t["jacobian"].format(f=f.name, d=f.derivative)),
            "relerr": [t["relerr"].format(ref=_REF_NAMES[lang][ref], err=f"{err:.2e}")
                       for ref, err in self.errors.items()],
            "update": t["h_update"].format(lr=num(self.lr)), "before": t["before"], "after": t["after"],
            "after_loss": t["after_loss"].format(E=num(self.E), E_after=num(self.E_after)),
            "footer": t["footer"],
        }
        return {"z": s.z[:, j], "a": s.a[:, j], "grad_a": None if canonical else s.grad_a[:, j],
                "fprime": None if canonical or s.fprime is None else s.fprime[:, j], "delta": s.delta[:, j],
                "W": s.W[:, j], "dW": s.dW[:, j], "dW_fd": s.dW_fd[:, j], "W_new": s.W_new[:, j],
                "b": float(s.b[j]), "db": float(s.db[j]), "db_fd": float(s.db_fd[j]), "b_new": float(s.b_new[j]),
                "text": text}


def article_problem(hidden: int | None = None, samples: int = 3, activation: str | None = None,
                    loss: str = "mse", seed: int | None = None) -> tuple[Network, np.ndarray, np.ndarray, tuple]:
    """The article's network and ``samples`` of its 20 points of sin(x).

    With the defaults this is the article's 1-4-1 tanh/linear network at its
    initial weights (``torch.manual_seed(99)``, randn).  A 1-4-1 network with
    another activation keeps those weights; another size, or a ``seed``, draws
    randn weights from bpnn's generator.  For ``loss="cross_entropy"`` the task
    becomes classifying the sign of sin(x) (softmax output, one-hot targets),
    for ``"binary_cross_entropy"`` the same with one sigmoid output.

    Returns
    -------
    net, X, T, origin

    Examples
    --------
    >>> net, X, T, origin = article_problem()
    >>> net, X.ravel().round(3), origin
    (Network(1-4-1, tanh → linear, 13 parameters, float64), array([-5.   ,  0.263,  5.   ]), ('article', 3, 20))
    """
    hidden = 4 if hidden is None else hidden
    activation = "tanh" if activation is None else activation
    if isinstance(hidden, bool) or not isinstance(hidden, (int, np.integer)) or hidden < 1:
        raise BPNNError(f"hidden must be a positive number of units, got {hidden!r}")
    X_all, y_all = sin_data()
    N = X_all.shape[0]
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or not 1 <= samples <= N:
        raise BPNNError(f"samples must be between 1 and {N} (the article has {N} points), got {samples!r}")
    rows = np.unique(np.round(np.linspace(0, N - 1, samples)).astype(int))
    X, y = X_all[rows], y_all[rows]
    loss_fn = get_loss(loss)
    output, T = "linear", y
    if loss_fn.targets == "one-hot":
        output, T = loss_fn.requires_output, np.hstack([y < 0, y >= 0]).astype(float)   # classes: sin < 0, sin ≥ 0
    elif loss_fn.targets == "binary":
        output, T = loss_fn.requires_output, (y >= 0).astype(float)
    sizes = [1, int(hidden), T.shape[1]]
    if seed is None and sizes == [1, 4, 1]:
        net = Network(sizes, activation, output, init="randn", seed=0)
        net.theta = article_network().theta                                     # the article's weights
        origin = ("article", len(rows), N)
    else:
        seed = 99 if seed is None else seed
        net = Network(sizes, activation, output, init="randn", seed=seed)
        origin = ("seeded", seed, len(rows), N)
    return net, X, T, origin


def explain(net: Network | None = None, X=None, T=None, *, loss: str | None = None, lr: float = 0.01,
            hidden: int | None = None, samples: int = 3, activation: str | None = None,
            model: str | Path | None = None, seed: int | None = None, autograd: bool | None = None,
            eps: float = 1e-6, engine: str = "auto") -> Explanation:
    """One full training step with every number the engine computes.

    Parameters
    ----------
    net : Network, optional
        The network to explain (it is copied, never changed).  Default: the
        article's 1-4-1 network, see :func:`article_problem`.
    X, T : array-like, shapes (n, d) and (n, m), optional
        Samples and targets.  Default: ``samples`` of the article's points,
        or, for a given network or ``model``, random samples drawn with ``seed``.
    loss : str, optional
        Default: mse, or cross-entropy for a network with a softmax output.
    lr : float, default 0.01
        The learning rate η of the step (the article's 0.01).
    hidden, activation : optional
        Change the default network (hidden units, hidden activation).
    samples : int, default 3
        How many samples (of the article's 20 points, or random ones).
    model : path, optional
        A saved model file (read with ``bpnn.app.io.load_model``) instead of ``net``;
        for an ensemble, its first network.
    seed : int, optional
        Weights of a non-default network / random samples.
    autograd : bool, optional
        Also compute the gradient with PyTorch autograd: None (default) when
        PyTorch is installed, True to require it, False to skip it.
    eps : float, default 1e-6
        Step of the central finite differences.

    Returns
    -------
    Explanation
        ``print(explain())`` prints it; ``.render(lang="zh", format="markdown")``
        chooses language and format.

    Examples
    --------
    >>> step = explain(autograd=False)
    >>> round(step.E, 4), round(step.E_after, 4)          # the loss falls in one step
    (25.5271, 22.126)
    >>> step.errors["finite differences"] < 1e-8
    True
    """
    origin = ("given",)
    if model is not None:
        if net is not None:
            raise BPNNError("give either a network or a model file, not both")
        nets = load_networks(model)
        net, origin = nets[0], ("model", str(model), len(nets))
    if net is None:
        if X is not None or T is not None:
            raise BPNNError("X and T need a network: pass net=..., or leave X and T out to use the article's data")
        loss = loss or "mse"
        net, X, T, origin = article_problem(hidden, samples, activation, loss, seed)
    else:
        if hidden is not None or activation is not None:
            raise BPNNError("hidden and activation change the default network; they cannot change a given one")
        if getattr(net, "n_stack", None) is not None:
            raise BPNNError("explain takes one network, not a stack; pick one with net.unstack()[k]")
        loss = loss or default_loss(net)
        if X is None and T is None:
            X, T = random_problem(net.sizes, loss, samples, seed=0 if seed is None else seed)
            origin = (*origin, ("random", samples, 0 if seed is None else seed))
        elif X is None or T is None:
            raise BPNNError("pass both X and T, or neither (random samples are drawn then)")
    notes = [] if net.dtype == np.float64 else ["note_float64"]
    net = as_float64(net).copy()                  # the explanation keeps the weights before the step
    X = as_matrix(X, "X", columns=net.sizes[0])
    T = as_matrix(T, "T", columns=net.sizes[-1])
    check_pair(X, T)
    loss_fn = get_loss(loss)
    loss_fn.check_output(net.activations[-1])
    lr = positive(lr, "lr")

    trace: dict = {}
    E, grad = loss_and_grad(net, X, T, loss_fn, trace=trace)          # the real engine, traced
    grad_fd = numerical_grad(net, X, T, loss_fn, eps)
    use_torch = torch_available() if autograd is None else bool(autograd)
    if use_torch and not torch_available():
        raise BPNNError("autograd=True needs PyTorch; install it (pip install torch) or pass autograd=False")
    grad_torch = torch_grad(net, X, T, loss_fn)[1] if use_torch else None

    # the engine that trains this: its gradient beside the traced one (the reference's)
    choice = train_choice(net, X, loss_fn) if engine == "auto" else select(
        Case(net, loss_fn, get_optimizer("gd"), len(X)), engine)
    grad_engine = None if choice.engine == "reference" else gradient_by(choice.engine, net, X, T, loss_fn)[1]

    after = net.copy()
    after.theta = net.theta - lr * grad                                 # gradient descent: θ ← θ − η ∂E/∂θ
    E_after = loss_fn.value(after.forward(X), T)

    (dW, db), (dW_fd, db_fd), (dW_t, db_t) = (_per_layer(g, net) for g in (grad, grad_fd, grad_torch))
    z, a, delta = trace["z"], trace["a"], trace["delta"]
    L, layers = net.n_layers, []
    for l in range(1, L + 1):
        f = net.activations[l - 1]
        if l == L:
            grad_a = loss_fn.grad(a[L], T)
            fprime = None if (loss_fn.requires_output or not f.elementwise) else f.df(z[L], a[L])
        else:
            grad_a = delta[l + 1] @ net.W[l].T
            fprime = f.df(z[l], a[l]) if f.elementwise else None
        layers.append(LayerStep(
            l=l, activation=f, W=net.W[l - 1].copy(), b=net.b[l - 1].copy(), z=z[l], a=a[l],
            grad_a=grad_a, fprime=fprime, delta=delta[l], dW=dW[l - 1], db=db[l - 1],
            dW_fd=dW_fd[l - 1], db_fd=db_fd[l - 1], dW_torch=dW_t[l - 1], db_torch=db_t[l - 1],
            W_new=after.W[l - 1].copy(), b_new=after.b[l - 1].copy()))
    return Explanation(net=net, X=X, T=T, loss=loss_fn, lr=float(lr), E=E, E_after=E_after, grad=grad,
                       grad_fd=grad_fd, grad_torch=grad_torch, layers=layers, origin=origin, notes=notes,
                       engine=choice.engine, engine_reason=choice.reason, grad_engine=grad_engine)


def _per_layer(g: np.ndarray | None, net: Network) -> tuple[list, list]:
    """The dW and db views of a gradient laid out like θ (lists of None for a missing one)."""
    return split_theta(g, net.sizes) if g is not None else ([None] * net.n_layers, [None] * net.n_layers)


# -- the words ------------------------------------------------------------------------------

_TEXT = {
    "en": {
        "title": "One training step of a BP network, with real numbers",
        "network": "Network {arch}: {acts}; {p} parameters; loss {loss}; learning rate η = {lr}.",
        "origin_article": "Weights: the article's initial weights (torch.manual_seed(99), randn). "
                          "Data: {k} of the article's {N} points of y = sin(x).",
        "origin_seeded": "Weights: randn from bpnn's generator, seed {seed}. Data: {k} of the article's "
                         "{N} points of y = sin(x).",
        "origin_model": "Weights: the network of the model file {path}{member} (it works in the units its "
                        "inputs have after the model's preprocessing; the samples below are in those units).",
        "member": ", the first of the ensemble's {k}",
        "origin_given": "Weights: the network as given.",
        "origin_random": "Data: {k} random samples (seed {seed}).",
        "origin_data": "Data: the samples as given.",
        "task_ce": "Task: classify the sign of sin(x); targets are one-hot rows (sin x < 0, sin x ≥ 0).",
        "task_bce": "Task: classify the sign of sin(x); target 1 when sin x ≥ 0.",
        "note_float64": "The model is float32; this step is computed on a float64 copy so that the "
                        "finite differences are accurate.",
        "samples": "Samples (one row each)",
        "sample": "sample {i}",
        "unit": "unit {j}",
        "input": "x{j}",
        "target": "T{j}",
        "h_notation": "Notation: rows are samples",
        "notation": "X is n×d (here {n}×{d}); layer l computes z⁽ˡ⁾ from the layer below, "
                    "applies its activation f⁽ˡ⁾, and back-propagation computes δ⁽ˡ⁾ = ∂E/∂z⁽ˡ⁾:",
        "h_columns": "The article's columns and bpnn's rows",
        "columns": "The article keeps one sample per column and writes W @ x; bpnn keeps one sample per "
                   "row and writes a W. The two are transposes of each other: the article's w1 is "
                   "W⁽¹⁾ᵀ, its z, a and δ are the transposes of the matrices below, and the gradient it "
                   "reads from w1.grad is (∂E/∂W⁽¹⁾)ᵀ. Biases are the same numbers.",
        "col_article": "article (columns)",
        "col_bpnn": "bpnn (rows)",
        "samples_row": "samples",
        "layer": "layer {l}",
        "units_by_samples": "units × samples",
        "samples_by_units": "samples × units",
        "h_weights": "1. The weights before the step",
        "h_forward": "2. Forward pass",
        "layer_kind_hidden": "Layer {l} (hidden, {f}):",
        "layer_kind_output": "Layer {l} (output, {f}):",
        "shape": "{r}×{c}",
        "h_loss": "3. The loss",
        "loss_line": "E = {formula} = {E}",
        "output": "output a{j}",
        "error": "a{j} − T{j}",
        "h_backward": "4. Backward pass: δ for each layer",
        "backward_intro": "δ is computed from the output layer down; every δ⁽ˡ⁾ below is the engine's own "
                          "(bpnn.core.backprop.loss_and_grad, traced).",
        "bp1": "Layer {l}, BP1: δ⁽ᴸ⁾ = ∂E/∂a⁽ᴸ⁾ ⊙ f'(z⁽ᴸ⁾)",
        "bp1_canonical": "Layer {l}, BP1 for {f} + {loss}: the product simplifies to δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − T) / n",
        "bp2": "Layer {l}, BP2: δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ f'(z⁽ˡ⁾)",
        "dE_da": "∂E/∂a for {loss}: {formula}",
        "derivative": "the derivative of {f}: f'(z) = {d}",
        "jacobian": "{f} mixes the units of a row: ∂E/∂z_k = Σ_j ∂E/∂a_j · a_j (δ_jk − a_k), "
                    "i.e. f' is the Jacobian {d}",
        "h_grads": "5. Gradients (BP3, BP4) beside independent checks",
        "grads_intro": "BP3 sums δ over the samples; BP4 multiplies it by the layer's input. Each entry is "
                       "shown beside its central finite difference (ε = {eps}){torch}.",
        "grads_torch": " and PyTorch autograd's value",
        "worked": "Written out for the first weight and bias of layer {l}:",
        "param": "parameter",
        "bp": "back-propagation",
        "fd": "finite differences",
        "torch": "autograd (PyTorch)",
        "relerr": "relative error of back-propagation against {ref}: {err}",
        "h_update": "6. The update: θ ← θ − η ∂E/∂θ, η = {lr}",
        "before": "before",
        "step": "−η ∂E/∂θ",
        "after": "after",
        "after_loss": "The loss on these samples goes from {E} to {E_after} after this one step.",
        "engine_reference": "bpnn.train computes this gradient with the reference engine: the code traced above.",
        "engine_other": "bpnn.train computes this gradient with the {engine} engine ({reason}); its gradient "
                        "and the traced one above differ by {err} (relative). docs/engine.md shows how it "
                        "rearranges BP1–BP4.",
        "footer": "Every z, a, δ and gradient above comes from bpnn.core.backprop.loss_and_grad (its trace "
                  "argument), the reference engine, which every faster engine is held equal to.",
    },
    "zh": {
        "title": "BP 网络训练一步:每个数都算给你看",
        "network": "网络 {arch}:{acts};共 {p} 个参数;损失函数 {loss};学习率 η = {lr}。",
        "origin_article": "权重:原文的初始权重(torch.manual_seed(99),randn)。"
                          "数据:原文 y = sin(x) 的 {N} 个点中取 {k} 个。",
        "origin_seeded": "权重:bpnn 的随机数生成器按种子 {seed} 抽取的 randn 权重。"
                         "数据:原文 y = sin(x) 的 {N} 个点中取 {k} 个。",
        "origin_model": "权重:模型文件 {path} 中的网络{member}(它接收的是经过模型预处理之后的输入,"
                        "下面的样本也用这种单位)。",
        "member": ",即该集成模型 {k} 个网络中的第 1 个",
        "origin_given": "权重:调用者给出的网络。",
        "origin_random": "数据:{k} 个随机样本(种子 {seed})。",
        "origin_data": "数据:调用者给出的样本。",
        "task_ce": "任务:判断 sin(x) 的正负;目标是 one-hot 行(sin x < 0,sin x ≥ 0)。",
        "task_bce": "任务:判断 sin(x) 的正负;sin x ≥ 0 时目标为 1。",
        "note_float64": "该模型是 float32 的;为了让有限差分足够准确,这一步在它的 float64 副本上计算。",
        "samples": "样本(每行一个)",
        "sample": "样本 {i}",
        "unit": "神经元 {j}",
        "input": "x{j}",
        "target": "T{j}",
        "h_notation": "记号:每一行是一个样本",
        "notation": "X 是 n×d 矩阵(这里是 {n}×{d});第 l 层由前一层(上一层)的输出算出 z⁽ˡ⁾,"
                    "再经过激活函数 f⁽ˡ⁾;反向传播计算 δ⁽ˡ⁾ = ∂E/∂z⁽ˡ⁾:",
        "h_columns": "原文的“列”与 bpnn 的“行”",
        "columns": "原文把每个样本放在一列,写作 W @ x;bpnn 把每个样本放在一行,写作 a W。两者互为转置:"
                   "原文的 w1 就是 W⁽¹⁾ᵀ,原文中的 z、a、δ 是下面各矩阵的转置,原文从 w1.grad 读到的梯度是 "
                   "(∂E/∂W⁽¹⁾)ᵀ。偏置(阈值)的数值完全相同。",
        "col_article": "原文(按列)",
        "col_bpnn": "bpnn(按行)",
        "samples_row": "样本",
        "layer": "第 {l} 层",
        "units_by_samples": "神经元数 × 样本数",
        "samples_by_units": "样本数 × 神经元数",
        "h_weights": "1. 训练前的权重",
        "h_forward": "2. 前向传播",
        "layer_kind_hidden": "第 {l} 层(隐层,{f}):",
        "layer_kind_output": "第 {l} 层(输出层,{f}):",
        "shape": "{r}×{c}",
        "h_loss": "3. 损失函数",
        "loss_line": "E = {formula} = {E}",
        "output": "输出 a{j}",
        "error": "a{j} − T{j}",
        "h_backward": "4. 反向传播:逐层计算 δ",
        "backward_intro": "δ 从输出层开始往回算;下面每个 δ⁽ˡ⁾ 都直接取自计算引擎本身"
                          "(bpnn.core.backprop.loss_and_grad 的 trace)。",
        "bp1": "第 {l} 层,BP1:δ⁽ᴸ⁾ = ∂E/∂a⁽ᴸ⁾ ⊙ f'(z⁽ᴸ⁾)",
        "bp1_canonical": "第 {l} 层,BP1({f} + {loss}):乘积化简为 δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − T) / n",
        "bp2": "第 {l} 层,BP2:δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ f'(z⁽ˡ⁾)",
        "dE_da": "{loss} 对输出的导数 ∂E/∂a:{formula}",
        "derivative": "{f} 的导数:f'(z) = {d}",
        "jacobian": "{f} 会把一行中的各个神经元混在一起:∂E/∂z_k = Σ_j ∂E/∂a_j · a_j (δ_jk − a_k),"
                    "即 f' 是雅可比矩阵 {d}",
        "h_grads": "5. 梯度(BP3、BP4)及其独立校验",
        "grads_intro": "BP3 把 δ 按样本求和;BP4 用本层的输入乘以 δ。每个梯度分量旁边给出中心有限差分的值"
                       "(ε = {eps}){torch}。",
        "grads_torch": "以及 PyTorch 自动求导的值",
        "worked": "以第 {l} 层的第一个权重和第一个偏置为例,展开计算:",
        "param": "参数",
        "bp": "反向传播",
        "fd": "有限差分",
        "torch": "自动求导(PyTorch)",
        "relerr": "反向传播与{ref}的相对误差:{err}",
        "h_update": "6. 更新:θ ← θ − η ∂E/∂θ,η = {lr}",
        "before": "更新前",
        "step": "−η ∂E/∂θ",
        "after": "更新后",
        "after_loss": "这一步更新之后,这些样本上的损失从 {E} 变为 {E_after}。",
        "engine_reference": "bpnn.train 用参考引擎计算这个梯度,也就是上面逐步追踪的这段代码。",
        "engine_other": "bpnn.train 在这里用 {engine} 引擎计算这个梯度({reason});它算出的梯度与上面追踪的梯度"
                        "相对差 {err}。docs/engine.md 说明它如何重新安排 BP1–BP4 的计算。",
        "footer": "以上所有 z、a、δ 和梯度都来自 bpnn.core.backprop.loss_and_grad(通过它的 trace 参数),"
                  "即参考引擎;每个更快的引擎都经测试与它保持一致。",
    },
}
_REF_NAMES = {"en": {"finite differences": "finite differences", "torch autograd": "PyTorch autograd"},
              "zh": {"finite differences": "有限差分", "torch autograd": "PyTorch 自动求导"}}

_SUP = str.maketrans("0123456789L", "⁰¹²³⁴⁵⁶⁷⁸⁹ᴸ")


def sup(l) -> str:
    """``sup(1) == "⁽¹⁾"``: a layer number as the notation table writes it."""
    return f"⁽{str(l).translate(_SUP)}⁾"


def num(x: float) -> str:
    """A number as every printer writes it (6 significant digits)."""
    s = f"{float(x):.6g}"
    return "0" if s == "-0" else s


# -- the document: a list of blocks that each printer renders ---------------------------------
# ("h1"|"h2"|"p"|"eq", text) · ("matrix", caption, array, row labels, column labels)
# · ("table", headers, rows)

def _document(ex: Explanation, t: dict) -> list:
    net, X, T, n = ex.net, ex.X, ex.T, ex.X.shape[0]
    L = net.n_layers
    lang = "zh" if t is _TEXT["zh"] else "en"
    samples = [t["sample"].format(i=i + 1) for i in range(n)]
    units = lambda k: [t["unit"].format(j=j + 1) for j in range(k)]  # noqa: E731
    acts = " → ".join(f.name for f in net.activations)
    B = [("h1", t["title"]),
         ("p", t["network"].format(arch="-".join(map(str, net.sizes)), acts=acts, p=net.n_params,
                                   loss=ex.loss.name, lr=num(ex.lr)))]
    B += [("p", line) for line in _origin_lines(ex.origin, t)]
    if ex.loss.targets == "one-hot" and ex.origin[0] in ("article", "seeded"):
        B.append(("p", t["task_ce"]))
    if ex.loss.targets == "binary" and ex.origin[0] in ("article", "seeded"):
        B.append(("p", t["task_bce"]))
    B += [("p", t[note]) for note in ex.notes]
    d, m = X.shape[1], T.shape[1]
    B.append(("table", ["", *[t["input"].format(j=_sub(j + 1, d)) for j in range(d)],
                        *[t["target"].format(j=_sub(j + 1, m)) for j in range(m)]],
              [[samples[i], *map(num, X[i]), *map(num, T[i])] for i in range(n)], t["samples"]))

    B += [("h2", t["h_notation"]), ("p", t["notation"].format(n=n, d=d)),
          ("eq", "z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾        a⁽⁰⁾ = X\n"
                 "a⁽ˡ⁾ = f⁽ˡ⁾(z⁽ˡ⁾)\n"
                 "BP1  δ⁽ᴸ⁾ = ∂E/∂a⁽ᴸ⁾ ⊙ f'(z⁽ᴸ⁾)\n"
                 "BP2  δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ f'(z⁽ˡ⁾)\n"
                 "BP3  ∂E/∂b⁽ˡ⁾ = Σ_rows δ⁽ˡ⁾\n"
                 "BP4  ∂E/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾")]

    B += [("h2", t["h_columns"]), ("p", t["columns"]), ("table", ["", t["col_article"], t["col_bpnn"]],
                                                        _column_rows(net, n, t), "")]

    B.append(("h2", t["h_weights"]))
    for s in ex.layers:
        B.append(("matrix", f"W{sup(s.l)}  ({t['shape'].format(r=s.W.shape[0], c=s.W.shape[1])})", s.W,
                  _in_labels(s.l, s.W.shape[0], d, t), units(s.W.shape[1])))
        B.append(("matrix", f"b{sup(s.l)}", s.b.reshape(1, -1), ["b"], units(s.b.size)))

    B.append(("h2", t["h_forward"]))
    for s in ex.layers:
        kind = "layer_kind_output" if s.l == L else "layer_kind_hidden"
        B.append(("p", t[kind].format(l=s.l, f=s.activation.name)))
        B.append(("matrix", f"z{sup(s.l)} = a{sup(s.l - 1)} W{sup(s.l)} + b{sup(s.l)}", s.z, samples,
                  units(s.z.shape[1])))
        B.append(("matrix", f"a{sup(s.l)} = {_apply(s.activation, s.l)}", s.a, samples, units(s.a.shape[1])))

    out = ex.layers[-1]
    B += [("h2", t["h_loss"]),
          ("eq", t["loss_line"].format(formula=ex.loss.formula, E=num(ex.E))),
          ("table", ["", *[t["output"].format(j=_sub(j + 1, m)) for j in range(m)],
                     *[t["target"].format(j=_sub(j + 1, m)) for j in range(m)],
                     *[t["error"].format(j=_sub(j + 1, m)) for j in range(m)]],
           [[samples[i], *map(num, out.a[i]), *map(num, T[i]), *map(num, out.a[i] - T[i])] for i in range(n)],
           "")]

    B += [("h2", t["h_backward"]), ("p", t["backward_intro"])]
    for s in reversed(ex.layers):
        f = s.activation
        cols = units(s.delta.shape[1])
        if s.l == L and ex.loss.requires_output:
            B.append(("eq", t["bp1_canonical"].format(l=s.l, f=f.name, loss=ex.loss.name)))
        elif s.l == L:
            B.append(("eq", t["bp1"].format(l=s.l)))
            B.append(("p", t["dE_da"].format(loss=ex.loss.name, formula=ex.loss.grad_formula))
                     if ex.loss.grad_formula else ("p", ""))
            B.append(("matrix", f"∂E/∂a{sup(s.l)}", s.grad_a, samples, cols))
        else:
            B.append(("eq", t["bp2"].format(l=s.l)))
            B.append(("matrix", f"δ{sup(s.l + 1)} W{sup(s.l + 1)}ᵀ", s.grad_a, samples, cols))
        if not (s.l == L and ex.loss.requires_output):
            if s.fprime is not None:
                B.append(("p", t["derivative"].format(f=f.name, d=f.derivative)))
                B.append(("matrix", f"f'(z{sup(s.l)}) = {_derivative_of(f, s.l)}", s.fprime, samples, cols))
            else:
                B.append(("p", t["jacobian"].format(f=f.name, d=f.derivative)))
        B.append(("matrix", f"δ{sup(s.l)}", s.delta, samples, cols))

    torch_note = t["grads_torch"] if ex.grad_torch is not None else ""
    B += [("h2", t["h_grads"]), ("p", t["grads_intro"].format(eps="1e-06", torch=torch_note))]
    headers = [t["param"], t["bp"], t["fd"], *([t["torch"]] if ex.grad_torch is not None else [])]
    for s in ex.layers:
        B.append(("p", t["worked"].format(l=s.l)))
        B.append(("eq", _worked_out(s, ex)))
        rows = []
        for name, i, j, g, g_fd, g_t in _entries(s):
            rows.append([f"{name}{sup(s.l)}[{i}]" if j is None else f"{name}{sup(s.l)}[{i},{j}]",
                         num(g), num(g_fd), *([num(g_t)] if g_t is not None else [])])
        B.append(("table", [f"∂E/∂ {headers[0]}", *headers[1:]], rows, ""))
    for ref, err in ex.errors.items():
        B.append(("p", t["relerr"].format(ref=_REF_NAMES[lang][ref], err=f"{err:.2e}")))
    if ex.grad_engine is None:
        B.append(("p", t["engine_reference"]))
    else:
        B.append(("p", t["engine_other"].format(engine=ex.engine, reason=ex.engine_reason,
                                                err=f"{relative_error(ex.grad_engine, ex.grad):.2e}")))

    B.append(("h2", t["h_update"].format(lr=num(ex.lr))))
    rows = []
    for s in ex.layers:
        for (name, i, j, g, *_), old, new in zip(_entries(s), [*s.W.ravel(), *s.b], [*s.W_new.ravel(), *s.b_new]):
            label = f"{name}{sup(s.l)}[{i}]" if j is None else f"{name}{sup(s.l)}[{i},{j}]"
            rows.append([label, num(old), num(-ex.lr * g), num(new)])
    B.append(("table", [t["param"], t["before"], t["step"], t["after"]], rows, ""))
    B += [("p", t["after_loss"].format(E=num(ex.E), E_after=num(ex.E_after))), ("p", t["footer"])]
    return [b for b in B if not (b[0] == "p" and not b[1])]


def _origin_lines(origin: tuple, t: dict) -> list[str]:
    kind = origin[0]
    if kind == "article":
        return [t["origin_article"].format(k=origin[1], N=origin[2])]
    if kind == "seeded":
        return [t["origin_seeded"].format(seed=origin[1], k=origin[2], N=origin[3])]
    lines = [t["origin_model"].format(path=origin[1], member=t["member"].format(k=origin[2]) if origin[2] > 1 else "")
             if kind == "model" else t["origin_given"]]
    data = origin[-1]
    if isinstance(data, tuple) and data[0] == "random":
        lines.append(t["origin_random"].format(k=data[1], seed=data[2]))
    else:
        lines.append(t["origin_data"])
    return lines


def _sub(j: int, count: int) -> str:
    """Column subscript: empty when there is only one column (x, T), else the number."""
    return "" if count == 1 else str(j)


def _in_labels(l: int, k: int, d: int, t: dict) -> list[str]:
    if l == 1:
        return [t["input"].format(j=_sub(j + 1, d)) for j in range(k)]
    return [t["unit"].format(j=j + 1) for j in range(k)]


def _apply(f, l: int) -> str:
    return f"{f.name}(z{sup(l)})"


def _derivative_of(f, l: int) -> str:
    """f' written for layer l: '1 − a²' becomes '1 − (a⁽¹⁾)²'."""
    d = f.derivative
    return d.replace("a²", f"(a{sup(l)})²").replace("a (1 − a)", f"a{sup(l)} (1 − a{sup(l)})") \
            .replace("z > 0", f"z{sup(l)} > 0")


def _column_rows(net: Network, n: int, t: dict) -> list[list[str]]:
    d = net.sizes[0]
    rows = [[t["samples_row"], f"x: {d}×{n}", f"X: {n}×{d}"]]
    for l in range(1, net.n_layers + 1):
        i, o = net.sizes[l - 1], net.sizes[l]
        below = "x" if l == 1 else "a"
        rows.append([t["layer"].format(l=l), f"w{l} @ {below} + b{l};  w{l}: {o}×{i}",
                     f"a{sup(l - 1)} W{sup(l)} + b{sup(l)};  W{sup(l)} = w{l}ᵀ: {i}×{o}"])
    rows.append(["z, a, δ", t["units_by_samples"], t["samples_by_units"]])
    return rows


def _entries(s: LayerStep):
    """(name, i, j, bp, fd, torch) for every weight then every bias of a layer, 1-based."""
    for (i, j), g in np.ndenumerate(s.dW):
        yield "W", i + 1, j + 1, g, s.dW_fd[i, j], None if s.dW_torch is None else s.dW_torch[i, j]
    for j, g in enumerate(s.db):
        yield "b", j + 1, None, g, s.db_fd[j], None if s.db_torch is None else s.db_torch[j]


def _worked_out(s: LayerStep, ex: Explanation) -> str:
    """BP4 and BP3 for the first weight and bias, every product of the sum written out."""
    a_in = ex.X if s.l == 1 else ex.layers[s.l - 2].a
    terms = " + ".join(f"({num(a_in[i, 0])})({num(s.delta[i, 0])})" for i in range(a_in.shape[0]))
    bias = " + ".join(f"({num(s.delta[i, 0])})" for i in range(s.delta.shape[0]))
    return (f"∂E/∂W{sup(s.l)}[1,1] = Σ_i a{sup(s.l - 1)}[i,1] δ{sup(s.l)}[i,1] = {terms} = {num(s.dW[0, 0])}\n"
            f"∂E/∂b{sup(s.l)}[1]   = Σ_i δ{sup(s.l)}[i,1] = {bias} = {num(s.db[0])}")


# -- printers -----------------------------------------------------------------------------------

def _width(s: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int, right: bool) -> str:
    fill = " " * (w - _width(s))
    return fill + s if right else s + fill


def _grid(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(str(r[c])) for r in [headers, *rows]) for c in range(len(headers))]
    fmt = lambda r: "  ".join(_pad(str(x), w, c > 0) for c, (x, w) in enumerate(zip(r, widths))).rstrip()  # noqa: E731
    return [fmt(headers), *map(fmt, rows)]


def _matrix_table(block) -> tuple[str, list[str], list[list[str]]]:
    _, caption, M, row_labels, col_labels = block
    return caption, ["", *col_labels], [[row_labels[i], *map(num, M[i])] for i in range(M.shape[0])]


def _render_text(blocks, lang) -> str:
    out = []
    for b in blocks:
        kind = b[0]
        if kind in ("h1", "h2"):
            out += ["", b[1], ("=" if kind == "h1" else "-") * _width(b[1])]
        elif kind == "p":
            out += ["", b[1]]
        elif kind == "eq":
            out += [""] + ["    " + line for line in b[1].splitlines()]
        elif kind == "matrix":
            caption, headers, rows = _matrix_table(b)
            out += ["", caption] + ["    " + line for line in _grid(headers, rows)]
        else:
            _, headers, rows, caption = b
            out += [""] + ([caption] if caption else []) + ["    " + line for line in _grid(headers, rows)]
    return "\n".join(out).strip("\n") + "\n"


def _md_table(headers, rows) -> list[str]:
    esc = lambda s: str(s).replace("|", "\\|") or " "  # noqa: E731
    return ["| " + " | ".join(map(esc, headers)) + " |", "|" + "---|" * len(headers),
            *["| " + " | ".join(map(esc, r)) + " |" for r in rows]]


def _render_markdown(blocks, lang) -> str:
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "h1":
            out += [f"# {b[1]}", ""]
        elif kind == "h2":
            out += [f"## {b[1]}", ""]
        elif kind == "p":
            out += [b[1], ""]
        elif kind == "eq":
            out += ["```", b[1], "```", ""]
        elif kind == "matrix":
            caption, headers, rows = _matrix_table(b)
            out += [f"`{caption}`", "", *_md_table(headers, rows), ""]
        else:
            _, headers, rows, caption = b
            out += ([f"**{caption}**", ""] if caption else []) + [*_md_table(headers, rows), ""]
    return "\n".join(out).rstrip("\n") + "\n"


_CSS = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        "table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.2rem .6rem}"
        "td{text-align:right;font-family:ui-monospace,monospace}td:first-child{text-align:left}"
        "pre{background:#f5f5f5;padding:.6rem;overflow-x:auto}caption{text-align:left;font-weight:bold}")


def _html_table(headers, rows, caption) -> str:
    e = html.escape
    cap = f"<caption>{e(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{e(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{e(str(x))}</td>" for x in r) + "</tr>" for r in rows)
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _render_html(blocks, lang) -> str:
    e, body, title = html.escape, [], ""
    for b in blocks:
        kind = b[0]
        if kind == "h1":
            title = b[1]
            body.append(f"<h1>{e(b[1])}</h1>")
        elif kind == "h2":
            body.append(f"<h2>{e(b[1])}</h2>")
        elif kind == "p":
            body.append(f"<p>{e(b[1])}</p>")
        elif kind == "eq":
            body.append(f"<pre>{e(b[1])}</pre>")
        elif kind == "matrix":
            caption, headers, rows = _matrix_table(b)
            body.append(_html_table(headers, rows, caption))
        else:
            body.append(_html_table(b[1], b[2], b[3]))
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head><meta charset="utf-8">'
            f"<title>{e(title)}</title><style>{_CSS}</style></head>\n<body>\n" + "\n".join(body)
            + "\n</body>\n</html>\n")
