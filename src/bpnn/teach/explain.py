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
from ..messages import CATALOGUE, engine_reason
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

#: the words of the document (bpnn.messages, keys ``explain_…``), by language
_TEXT = {lang: {key.removeprefix("explain_"): words for key, words in CATALOGUE[lang].items()
                if key.startswith("explain_")} for lang in LANGS}
_REF_NAMES = {lang: {"finite differences": _TEXT[lang]["ref_fd"], "torch autograd": _TEXT[lang]["ref_torch"]}
              for lang in LANGS}

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
        B.append(("p", t["engine_other"].format(engine=ex.engine, reason=engine_reason(ex.engine_reason, lang),
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
