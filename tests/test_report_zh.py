"""The Chinese report, plots, summary and studies (issue 17): no English left but names.

A zh run's user-facing words — the report's headings, table headers, cells, captions and
notes, every text of every plot, ``Model.summary()``, ``bpnn study``'s lines — must be
Chinese, apart from an allowlist of names (files, columns, options, algorithms,
activations, losses, scalings, units).  The same check run on the English output finds
plenty (so the check can fail).  Plots use a Chinese font when :func:`cjk_font` finds
one, and keep English labels with a translated note when it does not: both branches.
"""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser

import numpy as np
import pytest

from bpnn.app import plots
from bpnn.app.report import settings_rows, write_report
from bpnn.app.workflow import fit
from bpnn.cli.app import main

#: names that stay as they are in Chinese: algorithms, activations, losses, scalings, options,
#: metrics and units, the program's name, the test data's columns
ALLOWED = {
    "bpnn", "lm", "br", "scg", "rprop", "gd", "gdm", "gdx", "adam", "tanh", "linear", "softmax", "sigmoid", "relu",
    "mse", "sse", "cross_entropy", "mapminmax", "mapstd", "float64", "float32", "max_fail", "min_grad", "mu_max",
    "epochs", "goal", "time", "diverged", "interrupted", "MSE", "RMSE", "MAE", "R", "R²", "F1", "sin", "cos",
    "randn", "nguyen_widrow", "cosine", "PyTorch", "CJK", "SCG", "θ", "yes", "no", "u", "v", "w", "x", "y", "t",
    "none", "lr", "h", "weight_decay", "E",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_²]*")


def english(texts, allowed=ALLOWED) -> list[str]:
    """The words of ``texts`` that are English, not names on the allowlist (numbers, e.g. 1e-06, skipped)."""
    found = []
    for text in texts:
        for word in WORD.findall(re.sub(r"\$[^$]*\$", "", str(text))):        # (tick labels: $10^{-1}$)
            if word not in allowed and not re.fullmatch(r"e[0-9]+|[0-9a-f]+", word):
                found.append(word)
    return found


class _Text(HTMLParser):
    """The page's text nodes and its alt and title attributes, without style and script."""

    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], False

    def handle_starttag(self, tag, attrs):
        self._skip = tag in ("style", "script")
        self.texts += [v for k, v in attrs if k in ("alt", "title") and v]

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def page_texts(path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.texts


@pytest.fixture
def plot_texts(monkeypatch):
    """Every text drawn in a figure (titles, axis labels, legends, ticks, notes) as the plots save it."""
    from matplotlib.text import Text

    drawn, save = [], plots._save

    def record(fig, path):
        drawn.extend(t.get_text() for t in fig.findobj(Text) if t.get_text().strip())
        return save(fig, path)

    monkeypatch.setattr(plots, "_save", record)
    return drawn


@pytest.fixture
def chinese_font(monkeypatch):
    """A Chinese font: the installed one, else a stand-in name (the labels' language is what is tested)."""
    if plots.cjk_font() is None:
        monkeypatch.setattr(plots, "cjk_font", lambda: "DejaVu Sans")
    warnings.filterwarnings("ignore", message="Glyph .* missing")


@pytest.fixture(scope="module")
def models():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(120, 2))
    y = np.sin(X[:, 0]) * X[:, 1]
    regression = fit(X, y, hidden=(6,), seed=0, ensemble=2, features=["u", "v"], target="w", epochs=40)
    Xc = rng.normal(size=(150, 2))
    yc = np.where(Xc[:, 0] + Xc[:, 1] > 0, "yes", "no").astype(object)
    classification = fit(Xc, yc, task="classification", hidden=(4,), seed=1, algorithm="rprop", epochs=60,
                         features=["u", "v"], target="w")
    return {"regression": (regression, X, y), "classification": (classification, Xc, yc)}


@pytest.mark.parametrize("task", ["regression", "classification"])
def test_zh_report_and_plots_have_no_english_left(task, models, tmp_path, plot_texts, chinese_font):
    model, X, y = models[task]
    page = write_report(model, X, y, tmp_path / "zh", data_info={"file": "data.csv", "rows in file": len(X)},
                        lang="zh")
    html = page.read_text(encoding="utf-8")
    texts = [t.replace("data.csv", "") for t in page_texts(page)]             # a file's name stays as it is
    assert '<html lang="zh-CN">' in html and "训练设置" in html and "误差指标" in html
    assert english(texts) == [], english(texts)
    assert plot_texts and english(plot_texts) == [], english(plot_texts)
    assert any("训练集" in t for t in plot_texts)
    # the check can fail: the English report and plots are full of words it flags
    plot_texts.clear()
    english_page = write_report(model, X, y, tmp_path / "en", data_info={"file": "data.csv"}, lang="en")
    assert {"Data", "Network", "Settings", "set", "rows"} <= set(english(page_texts(english_page)))
    assert {"epoch", "training", "test"} & set(english(plot_texts))


def test_zh_report_says_when_the_losses_are_in_scaled_units(models, tmp_path, chinese_font):
    model, X, y = models["regression"]
    page = write_report(model, X, y, tmp_path, lang="zh").read_text(encoding="utf-8")
    assert "归一化后的目标" in page and "误差指标表为原始单位" in page and "训练误差（归一化单位）" in page
    english_page = write_report(model, X, y, tmp_path / "en", lang="en").read_text(encoding="utf-8")
    assert "scaled by mapminmax" in english_page and "train loss (scaled units)" in english_page
    classification, Xc, yc = models["classification"]           # cross-entropy on labels: nothing is scaled
    assert "scaled" not in write_report(classification, Xc, yc, tmp_path / "c", lang="en").read_text("utf-8")


def test_settings_table_reads_as_words(models):
    model, _, _ = models["regression"]
    rows = dict(settings_rows({**model.info, "epochs": None}, "en"))
    assert rows["epochs"] == "until a stop rule ends training"
    assert rows["hidden layers"] == "6 units"
    assert re.fullmatch(r"random 70/15/15 % → \d+/\d+/\d+ rows \(training/validation/test\)", rows["division"])
    shown = " ".join(f"{k} {v}" for k, v in settings_rows(model.info, "en"))
    assert not re.search(r"None|\[|\{|'", shown), shown               # no Python values
    zh = dict(settings_rows(model.info, "zh"))
    assert zh["隐含层神经元数"] == "6" and zh["最大训练轮次"] == "至多 40 轮" and "训练集/验证集/测试集" in zh["数据划分"]


def test_without_a_chinese_font_plots_keep_english_labels_and_say_so(models, tmp_path, plot_texts, monkeypatch):
    monkeypatch.setattr(plots, "cjk_font", lambda: None)
    assert plots.plot_language("zh") == "en" and plots.font_note("zh").startswith("未安装中文字体")
    assert plots.font_note("en") is None
    model, X, y = models["regression"]
    page = write_report(model, X, y, tmp_path, lang="zh")
    texts = [t.replace("Debian：apt-get install fonts-noto-cjk", "") for t in page_texts(page)]   # a command
    assert any("未安装中文字体" in t for t in texts)                        # the page's notes
    assert english(texts) == [], english(texts)                            # the page itself stays Chinese
    assert not any(re.search(r"[\u4e00-\u9fff]", t) for t in plot_texts)   # the plots: no Chinese glyphs to miss
    assert {"performance", "epoch", "regression"} <= set(english(plot_texts))


def test_with_a_chinese_font_the_plots_are_chinese(monkeypatch):
    monkeypatch.setattr(plots, "cjk_font", lambda: "Some CJK Font")
    assert plots.plot_language("zh") == "zh" and plots.font_note("zh") is None


def test_the_installed_chinese_font_draws_every_glyph(tmp_path, plot_texts):
    """Where a Chinese font is installed (CI: fonts-noto-cjk), a zh plot draws without a missing glyph."""
    family = plots.cjk_font()
    if family is None:
        pytest.skip("no Chinese font installed (Debian: apt-get install fonts-noto-cjk)")
    rec = {"loss_name": "mse", "loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.6, 0.5], "best_epoch": 2,
           "algorithm": "lm", "mu": [0.001, 0.01, 0.001], "grad_norm": [1.0, 0.5, 0.2], "val_fail": [0, 0, 0]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")                         # "Glyph ... missing from font(s)" would raise
        plots.plot_performance(rec, tmp_path / "p.png", lang="zh")
        plots.plot_train_state(rec, tmp_path / "s.png", lang="zh")
    assert any("学习曲线" in t for t in plot_texts) and any("阻尼系数" in t for t in plot_texts)


def test_cjk_font_search_finds_fonts_installed_after_matplotlibs_cache(monkeypatch):
    """A font on disk but not in matplotlib's cached list is still found (and registered)."""
    from matplotlib import font_manager

    plots._installed_cjk_font.cache_clear()
    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [f for f in font_manager.fontManager.ttflist if f.name not in plots.CJK_FAMILIES])
    try:
        found = plots.cjk_font()
        on_disk = [p for p in font_manager.findSystemFonts() if plots._covers(p)]
        assert (found is None) == (not on_disk)
    finally:
        plots._installed_cjk_font.cache_clear()


def test_cli_train_report_in_chinese_and_its_font_note(tmp_path, capsys, monkeypatch):
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, size=(60, 2))
    data = tmp_path / "d.csv"
    data.write_text("a,b,y\n" + "".join(f"{p:.4f},{q:.4f},{p * q:.4f}\n" for p, q in X), encoding="utf-8")
    monkeypatch.setattr(plots, "cjk_font", lambda: None)
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "zh", "train", str(data), "--target", "y", "--out", str(tmp_path / "m.bpnn"), "--seed", "1",
              "--epochs", "20", "--report", str(tmp_path / "rep"), "--quiet"])
    err = capsys.readouterr().err
    assert exit_info.value.code in (0, None)
    assert "提示：未安装中文字体" in err and err.count("未安装中文字体") == 1
    page = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert "bpnn 训练报告：y" in page and "未安装中文字体" in page


def test_model_summary_in_chinese(models):
    for task in ("regression", "classification"):
        lines = models[task][0].summary("zh")
        assert lines[0].startswith("网络：") and any(line.startswith("训练：") for line in lines)
        assert english(lines) == [], english(lines)
        assert english(models[task][0].summary("en"))                   # the English one is flagged


@pytest.mark.parametrize("args", [
    ["activation", "--seeds", "2", "--epochs", "200", "--activations", "tanh,linear"],
    ["lr", "--lrs", "0.001,0.05,5", "--epochs", "200", "--schedule", "none", "--schedule", "cosine"],
    ["epochs", "--seeds", "1", "--epochs", "200"],
    ["hidden", "--hidden", "1,3", "--seeds", "1", "--epochs", "200"],
])
def test_study_in_chinese(args, tmp_path, capsys, plot_texts, chinese_font):
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "study", *args, "--out", str(tmp_path)])
    out = capsys.readouterr().out
    lines = [line.replace(str(tmp_path), "") for line in out.splitlines()]
    assert lines[-1].startswith("已写入：") and english(lines, ALLOWED | {"csv", "png", "summary", "activation",
                                                                        "lr", "epochs", "hidden"}) == []
    assert plot_texts and english(plot_texts) == [], english(plot_texts)
    with pytest.raises(SystemExit):
        main(["study", *args, "--out", str(tmp_path)])
    assert english(capsys.readouterr().out.splitlines())                  # English output is flagged


@pytest.mark.parametrize("args", [
    ["digits", "--hidden", "8", "--epochs", "20"],
    ["letters5x7", "--copies", "2", "--trials", "2"],
    ["surface", "--grid", "5", "--epochs", "5", "--restarts", "1", "--function", "sincos"],
])
def test_example_in_chinese(args, tmp_path, capsys, plot_texts, chinese_font, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")                   # one table row per line
    names = {"example", "digits", "letters5x7", "surface", "sincos", "png", "sklearn", "datasets", "load_digits",
             "scikit", "learn", "SVC", "gamma", "trainscg", "trainlm", "MATLAB", "Levenberg", "Marquardt", "f",
             *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"}                 # the letters are the data's classes
    assert english(["digits-curve.png 第 3 轮"]) == ["digits", "curve", "png"]
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "example", *args, "--out", str(tmp_path)])
    out = re.sub(r"[^\s（]*\.png", "", capsys.readouterr().out)          # the plots' file names
    assert "总用时" in out and english(out.splitlines(), ALLOWED | names) == []
    assert plot_texts and english(plot_texts, ALLOWED | names) == [], english(plot_texts, ALLOWED | names)
    plot_texts.clear()
    with pytest.raises(SystemExit):
        main(["example", *args, "--no-plots"])
    assert english(capsys.readouterr().out.splitlines(), ALLOWED | names)       # English output is flagged


@pytest.mark.parametrize("case", ["letters", "vowels"])
def test_case_results_in_chinese(case, tmp_path, plot_texts, chinese_font):
    """The cases too long for a CLI test, at a reduced size: every table cell, headline and plot text."""
    from bpnn.datasets.vowels import VOWEL_WORDS
    from bpnn.examples import letters, vowels

    lines = []
    if case == "letters":
        result = letters.run(hidden=(16,), epochs=2, train_rows=500, every=1, out=tmp_path, log=lines.append,
                             lang="zh")
    else:
        result = vowels.run(seeds=1, ensemble=2, epochs=2, copies=2, out=tmp_path, log=lines.append, lang="zh")
    names = {"UCI", "Frey", "Slate", "Holland", "scikit", "learn", "MLPClassifier", "Deterding", "Robinson", "std",
             "nguyen_widrow", "letters", "w²", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ", *(w.split("'")[0] for w in VOWEL_WORDS)}
    texts = [*lines, result.title, result.headline, *(f"{k} {v}" for rows in
                                                      (result.settings, result.results, result.references)
                                                      for k, v in rows), *(what for _, what in result.plots)]
    assert english(texts, ALLOWED | names) == [], english(texts, ALLOWED | names)
    assert plot_texts and english(plot_texts, ALLOWED | names) == [], english(plot_texts, ALLOWED | names)
