"""The words of bpnn's interface, in English and Chinese: one catalogue, looked up by key.

The language is chosen once per process: ``--lang`` on the command line (any command),
else the environment variable ``BPNN_LANG`` (``en`` or ``zh``), else the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG`` starting with ``zh``), else English.

The Chinese terms are those of Chinese textbooks on neural networks (e.g. 训练集、验证集、
测试集、隐含层、均方误差、学习率、阻尼系数、验证检查、轮), the ones ``bpnn explain`` uses.
Names of files, options and algorithms (``lm``, ``scg``, ``--algo``) stay as they are.

Examples
--------
>>> text("epoch", "zh")
'轮次'
>>> text("metrics_title", "en", target="y")
'metrics per set (target y, original units)'
"""

from __future__ import annotations

import os

LANGS = ("en", "zh")

_current: str | None = None


def language_from_environment(environ=None) -> str:
    """``BPNN_LANG`` if set to a known language, else ``zh`` for a Chinese locale, else ``en``.

    >>> language_from_environment({"LANG": "zh_CN.UTF-8"}), language_from_environment({"BPNN_LANG": "en", "LANG": "zh_CN"})
    ('zh', 'en')
    """
    env = os.environ if environ is None else environ
    chosen = env.get("BPNN_LANG", "").strip().lower()[:2]
    if chosen in LANGS:
        return chosen
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str | None) -> str:
    """Choose the language for the rest of the process (None: from the environment)."""
    global _current
    if lang is not None and lang not in LANGS:
        from .errors import BPNNError

        raise BPNNError(f"--lang must be {' or '.join(LANGS)}, got {lang!r}")
    _current = lang or language_from_environment()
    return _current


def language() -> str:
    """The language chosen for this process."""
    return _current or set_language(None)


def text(key: str, lang: str | None = None, **values) -> str:
    """The message ``key`` in ``lang`` (default: the process's language), formatted with ``values``."""
    words = CATALOGUE[lang or language()]
    return words.get(key, CATALOGUE["en"][key]).format(**values)


CATALOGUE = {
    "en": {
        # prefixes of the one-line messages
        "error": "error", "warning": "warning", "note": "note",
        # progress
        "network": "network", "training": "training", "epoch": "epoch", "eta": "ETA", "at_most": "at most",
        "train": "train", "val": "val", "checks": "checks", "mu": "μ", "lr": "lr", "rows_s": "rows/s",
        "network_done": "network {k}/{K}: {epochs} epochs, best {which} {best} at epoch {at}",
        "reading": "reading {file} ({size})", "read_done": "read {file}: {rows} rows in {seconds:.1f} s",
        # tables
        "set": "set", "rows": "rows", "accuracy": "accuracy",
        "accuracy_title": "accuracy per set",
        "metrics_title": "metrics per set (target {target}, original units)",
        "metrics_title_plain": "metrics per set (original units)",
        "set_train": "train", "set_val": "val", "set_test": "test", "set_all": "all",
        "summary": "{count} network(s) {sizes}, {algo}; stopped by: {stopped}; {seconds:.1f} s",
        # bpnn info
        "info_head": "{file} — bpnn {version}, written {created}",
        "info_data": "data: {file} ({used} of {rows} rows used)",
        "info_settings": "settings: seed {seed}, scaling {scaling}, division {method} {sizes}, validation "
                         "checks {max_fail}, initial weights tried per network {restarts}",
        "engine": "engine", "engine_line": "engine: {reason}",
        # outputs
        "model_written": "model: {path}", "report_written": "report: {path}",
        "predictions_written": "predictions: {path} ({rows} rows)",
        "seed_note": "seed {seed} (pass --seed {seed} to repeat this run)",
        "known_accuracy": "{rows} rows with known {target!r}: accuracy {accuracy:.2f}%",
        "known_fit": "{rows} rows with known {target}: R² {r2:.4f}, RMSE {rmse:.4g}, MAE {mae:.4g}",
        "interrupted": "interrupted",
        "plot_font_missing": "no CJK font is installed (Debian: apt-get install fonts-noto-cjk); "
                             "the plots keep English labels",
        # plots and report
        "loss_axis": "loss", "epoch_axis": "epoch", "learning_curve": "learning curve",
        "scaled_units": "network 1, scaled units (the metrics table is in original units)",
        # bpnn gradcheck
        "gc_pass": "PASS: every relative error is at most {threshold:g} (largest {worst:.2e})",
        "gc_fail": "FAIL: a relative error of {worst:.2e} exceeds the threshold {threshold:g}",
        "gc_float32": "the network is {dtype}; checking a float64 copy of it",
        "gc_head": "gradient check of {net} ({what}), loss {loss}{decay}, on {n} random samples (seed {seed})",
        "gc_decay": " + weight decay λ = {lam:g}",
        "gc_model": "model {path}", "gc_member": ", network {k} of {K}", "gc_drawn": "{init} weights, seed {seed}",
        "gc_engine_auto": "engine {engine}, the one bpnn train would use here: {reason}",
        "gc_engine_skipped": "engine {engine}: skipped ({why})", "gc_engine": "engine {engine}:",
        "gc_layer": "layer", "gc_vs": "{part} vs {ref}", "gc_all": "all θ", "gc_ok": "ok", "gc_bad": "FAIL",
        "gc_verdict": "verdict", "finite differences": "finite differences", "torch autograd": "torch autograd",
        # bpnn demo
        "demo_head": "bpnn demo sin: y = sin(x) at {n} points in [-5, 5]; network {net}",
        "demo_weights": "initial weights: {source}; {how}, {steps} steps, loss mse{more}",
        "demo_article_weights": "the article's (torch.manual_seed(99), randn)",
        "demo_seeded_weights": "randn from bpnn's generator, seed {seed}",
        "demo_gd": "full-batch gradient descent, lr {lr:g}", "demo_algorithm": "algorithm {opt}",
        "demo_restarts": "; {k} restarts (others: randn, seed {seed})",
        "demo_hidden_note": "the article's weights are for 4 hidden units; drawing randn weights with seed {seed} "
                            "(choose with --seed)",
        "demo_step": "step {step:>{width}d}  loss {loss:.9g}",
        "demo_stopped": "stopped: {reason}",
        "demo_kept": "restarts: kept network {k} of {K}; final loss best {best:.4g}, median {median:.4g}, "
                     "worst {worst:.4g}",
        "demo_final": "final loss: {loss:.9g}",
        "demo_plots": "plots: {loss_png} (loss vs step, log scale), {fit_png} (data vs network output)",
    },
    "zh": {
        "error": "错误", "warning": "警告", "note": "提示",
        "network": "网络", "training": "训练", "epoch": "轮次", "eta": "预计剩余", "at_most": "至多",
        "train": "训练", "val": "验证", "checks": "验证检查", "mu": "阻尼系数 μ", "lr": "学习率",
        "rows_s": "行/秒",
        "network_done": "网络 {k}/{K}：{epochs} 轮，最佳{which}误差 {best}（第 {at} 轮）",
        "reading": "正在读取 {file}（{size}）", "read_done": "已读取 {file}：{rows} 行，用时 {seconds:.1f} 秒",
        "set": "数据集", "rows": "行数", "accuracy": "准确率",
        "accuracy_title": "各数据集的准确率",
        "metrics_title": "各数据集的误差指标（目标 {target}，原始单位）",
        "metrics_title_plain": "各数据集的误差指标（原始单位）",
        "set_train": "训练集", "set_val": "验证集", "set_test": "测试集", "set_all": "全部",
        "summary": "{count} 个网络 {sizes}，{algo}；停止原因：{stopped}；用时 {seconds:.1f} 秒",
        "info_head": "{file} — bpnn {version}，写于 {created}",
        "info_data": "数据：{file}（共 {rows} 行，使用 {used} 行）",
        "info_settings": "设置：随机种子 {seed}，归一化 {scaling}，数据划分 {method} {sizes}，验证检查 "
                         "{max_fail} 次，每个网络尝试的初始权值 {restarts} 组",
        "engine": "计算引擎", "engine_line": "计算引擎：{reason}",
        "model_written": "模型：{path}", "report_written": "报告：{path}",
        "predictions_written": "预测结果：{path}（{rows} 行）",
        "seed_note": "随机种子 {seed}（加 --seed {seed} 可重复这次训练）",
        "known_accuracy": "{rows} 行带有已知的 {target!r}：准确率 {accuracy:.2f}%",
        "known_fit": "{rows} 行带有已知的 {target}：决定系数 R² {r2:.4f}，均方根误差 {rmse:.4g}，"
                     "平均绝对误差 {mae:.4g}",
        "interrupted": "已中断",
        "plot_font_missing": "未安装中文字体（Debian：apt-get install fonts-noto-cjk），图中标注保持英文",
        "loss_axis": "误差", "epoch_axis": "训练轮次", "learning_curve": "学习曲线",
        "scaled_units": "网络 1，归一化后的单位（误差指标表为原始单位）",
        "gc_pass": "通过：所有相对误差都不超过 {threshold:g}（最大 {worst:.2e}）",
        "gc_fail": "未通过：相对误差 {worst:.2e} 超过阈值 {threshold:g}",
        "gc_float32": "网络是 {dtype}；检验它的 float64 副本",
        "gc_head": "梯度检验：{net}（{what}），损失函数 {loss}{decay}，{n} 个随机样本（随机种子 {seed}）",
        "gc_decay": " + 权值衰减 λ = {lam:g}",
        "gc_model": "模型 {path}", "gc_member": "，第 {k} 个网络（共 {K} 个）", "gc_drawn": "{init} 初始权值，随机种子 {seed}",
        "gc_engine_auto": "计算引擎 {engine}，即 bpnn train 在这里会用的引擎：{reason}",
        "gc_engine_skipped": "计算引擎 {engine}：跳过（{why}）", "gc_engine": "计算引擎 {engine}：",
        "gc_layer": "层", "gc_vs": "{part} 对比{ref}", "gc_all": "全部 θ", "gc_ok": "通过", "gc_bad": "未通过",
        "gc_verdict": "结论", "finite differences": "有限差分", "torch autograd": "PyTorch 自动求导",
        "demo_head": "bpnn demo sin：在 [-5, 5] 上取 {n} 个点拟合 y = sin(x)；网络 {net}",
        "demo_weights": "初始权值：{source}；{how}，共 {steps} 步，损失函数为均方误差{more}",
        "demo_article_weights": "原文的权值（torch.manual_seed(99)，randn）",
        "demo_seeded_weights": "bpnn 随机数生成器给出的 randn 权值，随机种子 {seed}",
        "demo_gd": "批量梯度下降，学习率 {lr:g}", "demo_algorithm": "训练算法 {opt}",
        "demo_restarts": "；{k} 个起点一起训练（其余起点：randn，随机种子 {seed}）",
        "demo_hidden_note": "原文的权值只适用于 4 个隐含层神经元；改用随机种子 {seed} 的 randn 权值（可用 --seed 选择）",
        "demo_step": "第 {step:>{width}d} 步  损失 {loss:.9g}",
        "demo_stopped": "停止：{reason}",
        "demo_kept": "多起点训练：保留第 {k} 个网络（共 {K} 个）；最终损失 最好 {best:.4g}，中位数 {median:.4g}，"
                     "最差 {worst:.4g}",
        "demo_final": "最终损失：{loss:.9g}",
        "demo_plots": "图：{loss_png}（损失随步数的变化，对数坐标），{fit_png}（数据与网络输出）",
    },
}

def prefixed(kind: str, message: str, lang: str | None = None) -> str:
    """``error: …``, ``warning: …``, ``note: …`` — ``错误：…`` and so on in Chinese.

    >>> prefixed("note", "seed 3", "zh")
    '提示：seed 3'
    """
    lang = lang or language()
    return f"{text(kind, lang)}{'：' if lang == 'zh' else ': '}{message}"


#: the names of the data sets as the model stores them → message keys
SET_KEYS = {"train": "set_train", "val": "set_val", "validation": "set_val", "test": "set_test", "all": "set_all"}


def set_name(name: str, lang: str | None = None) -> str:
    """A data set's name (``train``, ``val``, ``test``) in the chosen language; others unchanged."""
    key = SET_KEYS.get(str(name))
    return text(key, lang) if key else str(name)
