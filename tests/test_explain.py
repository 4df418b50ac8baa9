"""bpnn explain: its numbers are the engine's, in every language and format."""

from __future__ import annotations

import importlib
import re

import numpy as np
import pytest

import bpnn
from bpnn.core.backprop import loss_and_grad
from bpnn.cli import main
from bpnn.errors import BPNNError
from bpnn.teach.explain import FORMATS, _TEXT, article_problem, explain, num
from bpnn.teach.gradcheck import torch_available
from bpnn.core.network import Network, split_theta

NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]\d+)?")


def numbers(text: str) -> list[str]:
    """Every decimal number in a text, sorted (word order differs between languages)."""
    return sorted(NUMBER.findall(text))


@pytest.fixture(scope="module")
def step():
    return explain(autograd=False)


def test_default_is_the_article_network_on_three_of_its_points(step):
    X, T = bpnn.sin_data()
    assert step.net.sizes == [1, 4, 1] and np.array_equal(step.net.theta, bpnn.article_network().theta)
    assert step.X.ravel().tolist() == [X[0, 0], X[10, 0], X[19, 0]]
    assert np.array_equal(step.T, np.sin(step.X))


def test_numbers_are_the_engines(step):
    trace = {}
    E, grad = loss_and_grad(bpnn.article_network(), step.X, step.T, "mse", trace=trace)
    assert step.E == E and np.array_equal(step.grad, grad)
    dW, db = split_theta(grad, [1, 4, 1])
    for s in step.layers:
        assert np.array_equal(s.z, trace["z"][s.l]) and np.array_equal(s.a, trace["a"][s.l])
        assert np.array_equal(s.delta, trace["delta"][s.l])
        assert np.array_equal(s.dW, dW[s.l - 1]) and np.array_equal(s.db, db[s.l - 1])


def test_shown_factors_multiply_to_the_engines_delta_and_gradients(step):
    for s in step.layers:                                          # BP1 / BP2: δ = ∂E/∂a ⊙ f'(z)
        np.testing.assert_allclose(s.grad_a * s.fprime, s.delta, rtol=1e-14)
    a_in = [step.X] + [s.a for s in step.layers]
    for s in step.layers:                                          # BP3 / BP4 written out
        np.testing.assert_allclose(a_in[s.l - 1].T @ s.delta, s.dW, rtol=1e-14)
        np.testing.assert_allclose(s.delta.sum(axis=0), s.db, rtol=1e-14)


def test_update_and_loss_after(step):
    for s in step.layers:
        np.testing.assert_allclose(s.W_new, s.W - 0.01 * s.dW, rtol=1e-15)
        np.testing.assert_allclose(s.b_new, s.b - 0.01 * s.db, rtol=1e-15)
    after = bpnn.article_network()
    after.theta = after.theta - 0.01 * step.grad
    assert step.E_after == pytest.approx(float(np.mean((after.forward(step.X) - step.T) ** 2)), rel=1e-14)
    assert step.E_after < step.E


def test_on_all_twenty_points_the_step_is_the_first_step_of_train():
    """explain's update is the article's first training step: the loss after it is train's loss[1]."""
    ex = explain(samples=20, autograd=False)
    X, T = bpnn.sin_data()
    net = bpnn.article_network()
    record = bpnn.train(net, X, T, algorithm="gd", lr=0.01, epochs=1)
    assert ex.E == pytest.approx(record.loss[0], rel=1e-12) and ex.E_after == pytest.approx(record.loss[1], rel=1e-12)
    np.testing.assert_allclose(np.concatenate([np.r_[s.W_new.ravel(), s.b_new] for s in ex.layers]), net.theta,
                               rtol=1e-12)


def test_finite_differences_agree(step):
    assert step.errors["finite differences"] < 1e-8
    np.testing.assert_allclose(step.grad_fd, step.grad, rtol=1e-6, atol=1e-9)


@pytest.mark.skipif(not torch_available(), reason="PyTorch is not installed")
def test_autograd_agrees():
    ex = explain(autograd=True)
    np.testing.assert_allclose(ex.grad_torch, ex.grad, rtol=1e-12, atol=1e-15)
    assert "autograd (PyTorch)" in ex.render() and "自动求导(PyTorch)" in ex.render("zh")


def test_autograd_required_without_torch_is_a_clear_error(monkeypatch):
    module = importlib.import_module("bpnn.teach.explain")
    monkeypatch.setattr(module, "torch_available", lambda: False)
    with pytest.raises(BPNNError, match="needs PyTorch"):
        explain(autograd=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_english_and_chinese_carry_the_same_numbers(step, fmt):
    en, zh = step.render("en", fmt), step.render("zh", fmt)
    assert numbers(en) == numbers(zh) and len(numbers(en)) > 100
    for text in (en, zh):                       # the loss, every gradient and every new weight are shown
        for value in (step.E, step.E_after, *step.grad, *(step.net.theta - 0.01 * step.grad)):
            assert num(value) in text


def test_text_shows_the_equations_and_the_derivative(step):
    text = str(step)
    for needle in ("BP1", "BP2", "BP3", "BP4", "f'(z) = 1 − a²", "f'(z⁽¹⁾) = 1 − (a⁽¹⁾)²", "W⁽¹⁾ = w1ᵀ",
                   "∂E/∂a for mse: 2 (a − T) / (n·m)", "θ ← θ − η ∂E/∂θ, η = 0.01", "finite differences"):
        assert needle in text, needle
    zh = step.render("zh")
    assert "反向传播" in zh and "原文的 w1 就是 W⁽¹⁾ᵀ" in zh


def test_markdown_and_html_are_well_formed(step):
    md = step.render(format="markdown")
    assert md.startswith("# ") and "| ∂E/∂ parameter | back-propagation | finite differences |" in md
    page = step.render("zh", "html")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page and page.rstrip().endswith("</html>")
    assert page.count("<table>") == page.count("</table>") > 10


def test_languages_have_the_same_messages():
    assert _TEXT["en"].keys() == _TEXT["zh"].keys()


@pytest.mark.parametrize("kwargs,derivative", [
    (dict(activation="sigmoid"), "a (1 − a)"),
    (dict(activation="relu", hidden=3, seed=1), "1 if z > 0 else 0"),
    (dict(hidden=6, samples=5), "1 − a²"),
    (dict(loss="sse"), "1 − a²"),
])
def test_options_change_the_network_and_keep_the_numbers_right(kwargs, derivative):
    ex = explain(autograd=False, **kwargs)
    assert ex.errors["finite differences"] < 1e-7
    assert ex.X.shape[0] == kwargs.get("samples", 3) and ex.net.sizes[1] == kwargs.get("hidden", 4)
    assert f"f'(z) = {derivative}" in ex.render()
    for s in ex.layers:
        np.testing.assert_allclose(s.grad_a * s.fprime, s.delta, rtol=1e-12)


@pytest.mark.parametrize("loss,output", [("cross_entropy", "softmax"), ("binary_cross_entropy", "sigmoid")])
def test_classification_losses_use_the_simplified_bp1(loss, output):
    ex = explain(loss=loss, autograd=False)
    assert ex.net.activations[-1].name == output and ex.errors["finite differences"] < 1e-7
    out = ex.layers[-1]
    np.testing.assert_allclose(out.delta, (out.a - ex.T) / ex.X.shape[0], rtol=1e-14)
    assert "δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − T) / n" in ex.render()


def test_a_given_network_gets_random_samples_and_float32_is_checked_in_float64():
    net = Network([2, 3, 2], "tanh", "linear", seed=4, dtype="float32")
    ex = explain(net, samples=4, autograd=False)
    assert ex.X.shape == (4, 2) and ex.net.dtype == np.float64 and net.dtype == np.float32
    assert ex.errors["finite differences"] < 1e-7
    text = ex.render()
    assert "4 random samples (seed 0)" in text and "float64 copy" in text


def test_explain_never_changes_the_callers_network():
    net = bpnn.article_network()
    before = net.theta.copy()
    explain(net, *article_problem()[1:3], autograd=False)
    assert np.array_equal(net.theta, before)


@pytest.mark.parametrize("kwargs,match", [
    (dict(samples=0), "samples must be between 1 and 20"),
    (dict(samples=21), "samples must be between 1 and 20"),
    (dict(hidden=0), "hidden must be a positive"),
    (dict(activation="tahn"), "did you mean 'tanh'"),
    (dict(lr=-1.0), "lr"),
    (dict(net=Network([1, 2, 1], seed=0), hidden=3), "cannot change a given one"),
    (dict(model="no/such/model.bpnn"), "does not exist"),
])
def test_mistakes_are_clear_errors(kwargs, match):
    with pytest.raises(BPNNError, match=match):
        explain(autograd=False, **kwargs)


def test_render_refuses_unknown_language_and_format(step):
    with pytest.raises(BPNNError, match="language"):
        step.render("fr")
    with pytest.raises(BPNNError, match="format"):
        step.render(format="pdf")


def test_model_without_io_module_is_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "m.bpnn"
    path.write_text("{}")
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None)
    with pytest.raises(BPNNError, match="no bpnn.app.io module"):
        explain(model=path, autograd=False)


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_info:
        main(["explain", *args])
    out = capsys.readouterr()
    return exit_info.value.code, out.out, out.err


def test_cli_default_and_options(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "--no-autograd")
    assert code == 0 and out == explain(autograd=False).render()
    code, out, _ = run_cli(capsys, "--no-autograd", "--lang", "zh", "--format", "markdown", "--hidden", "3",
                           "--samples", "2", "--activation", "sigmoid", "--loss", "sse", "--lr", "0.1")
    assert code == 0 and out.startswith("# BP 网络训练一步") and "网络 1-3-1:sigmoid → linear" in out
    target = tmp_path / "step.html"
    code, out, _ = run_cli(capsys, "--no-autograd", "--format", "html", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("args,match", [
    (["--lang", "fr"], "--lang must be en or zh, got 'fr' / --lang 只能是 en 或 zh"),
    (["--format", "pdf"], "--format must be one of text, markdown, html"),
    (["--model", "missing.bpnn"], "does not exist"),
    (["--samples", "30"], "samples must be between 1 and 20"),
])
def test_cli_mistakes_are_one_line(capsys, args, match):
    code, out, err = run_cli(capsys, "--no-autograd", *args)
    assert code == 2 and err.startswith("error: ") and match in err and err.count("\n") == 1


def test_model_file_from_bpnn_io(tmp_path, capsys):
    """--model reads files written by bpnn.app.io (skipped where this bpnn has no model files)."""
    model_io = pytest.importorskip("bpnn.app.io")
    fit = pytest.importorskip("bpnn.app.workflow").fit

    X = np.linspace(-1, 1, 30).reshape(-1, 1)
    model = fit(X, np.sin(3 * X[:, 0]), hidden=(4,), seed=0, ratios=(1, 0, 0))
    path = model_io.save_model(model, tmp_path / "sin.bpnn")
    ex = explain(model=path, samples=2, autograd=False)
    assert np.array_equal(ex.net.theta, model.network.theta) and ex.X.shape == (2, 1)
    assert ex.errors["finite differences"] < 1e-8 and "sin.bpnn" in ex.render()
    code, out, _ = run_cli(capsys, "--no-autograd", "--model", str(path), "--lang", "zh")
    assert code == 0 and "模型文件" in out


def test_the_engine_that_trains_is_set_beside_the_trace():
    """explain names the engine bpnn.train would use here and holds its gradient to the traced one."""
    from bpnn.engines.select import train_choice

    ex = explain(autograd=False)
    assert ex.engine == train_choice(ex.net, ex.X, ex.loss).engine
    text = ex.render()
    assert f"with the {ex.engine} engine" in text or "with the reference engine" in text
    if ex.grad_engine is not None:
        assert np.allclose(ex.grad_engine, ex.grad, rtol=1e-12, atol=1e-15)
    forced = explain(autograd=False, engine="buffered")
    assert forced.engine == "buffered" and "buffered engine" in forced.render()
    assert "引擎" in forced.render("zh")
    assert explain(autograd=False, engine="reference").grad_engine is None
