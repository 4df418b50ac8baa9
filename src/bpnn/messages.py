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
        # plots (bpnn.app.plots: titles, axes, legends)
        "pl_train_loss": "train ({loss})", "pl_best": "best: {value:.4g} at epoch {epoch}",
        "pl_log": "{what}, log scale", "pl_training_loss": "training loss",
        "pl_data": "data", "pl_network": "network", "pl_fit_title": "data and network output",
        "pl_loss_mse": "", "pl_loss_sse": "", "pl_loss_cross_entropy": "", "pl_loss_binary_cross_entropy": "",
        "pl_split_train": "training", "pl_split_val": "validation", "pl_split_test": "test", "pl_split_all": "all",
        "pl_performance": "performance", "pl_performance_of": "performance ({count} networks; network 1 shown)",
        "pl_of_scaled": "{loss} of the scaled targets",
        "pl_grad": "gradient norm ‖∂E/∂θ‖", "pl_mu": "μ (damping)", "pl_scg_scale": "λ (SCG's scale)",
        "pl_lr": "learning rate", "pl_checks": "validation checks",
        "pl_state_value": "{label} = {value:.3g} at epoch {epoch}", "pl_train_state": "training state",
        "pl_regression": "regression", "pl_target": "target", "pl_output": "output",
        "pl_fit_line": "fit: y = {slope:.2f} t + {icpt:.3g}",
        "pl_error_hist": "error histogram", "pl_error_axis": "error (target − output)", "pl_count": "rows",
        "pl_zero_error": "zero error", "pl_confusion": "confusion matrix", "pl_confusion_of": "{set} rows",
        "pl_predicted": "predicted class", "pl_true": "true class",
        "pl_confusion_title": "{title}: accuracy {accuracy:.1f}% of {n}", "pl_share": "share of the true class",
        "demo_loss_title": "bpnn demo sin: loss per step ({how})",
        "demo_fit_title": "bpnn demo sin: data and 1-{hidden}-1 network after {epochs} {algorithm} epochs",
        # report (bpnn.app.report: headings, table headers, captions, settings)
        "rp_title": "bpnn training report: {target}",
        "rp_data": "Data", "rp_network": "Network", "rp_settings": "Settings", "rp_training": "Training",
        "rp_metrics": "Metrics", "rp_plots": "Plots",
        "rp_rows_used": "rows used", "rp_input_columns": "input columns", "rp_target": "target", "rp_task": "task",
        "rp_task_regression": "regression", "rp_task_classification": "classification",
        "rp_file": "file", "rp_rows_in_file": "rows in file",
        "rp_input": "input", "rp_min": "min", "rp_max": "max", "rp_mean": "mean", "rp_std": "std",
        "rp_used": "used", "rp_yes": "yes", "rp_constant": "no (constant)", "rp_class": "class",
        "rp_layers": "layers", "rp_activations": "activations", "rp_parameters": "parameters",
        "rp_per_network": "{n} per network", "rp_networks": "networks",
        "rp_committee": " (committee: outputs averaged)", "rp_dtype": "dtype",
        "rp_setting": "setting", "rp_value": "value", "rp_seed": "seed", "rp_none": "none",
        "rp_algorithm": "algorithm", "rp_activation": "hidden activation", "rp_scaling": "input scaling",
        "rp_hidden": "hidden layers", "rp_hidden_value": "{sizes} units",
        "rp_epochs_max": "epochs", "rp_until_stop": "until a stop rule ends training",
        "rp_at_most_epochs": "at most {epochs}",
        "rp_max_fail": "validation checks (max_fail)", "rp_off": "off",
        "rp_max_fail_value": "{n} epochs without improvement stop training",
        "rp_restarts": "initial weights tried per network", "rp_ensemble": "networks trained",
        "rp_division": "division", "rp_divide_rand": "random", "rp_divide_block": "in blocks",
        "rp_divide_int": "interleaved", "rp_divide_ind": "given rows", "rp_stratified": ", stratified by class",
        "rp_division_sizes": "{sizes} rows (training/validation/test)",
        "rp_division_rotated": "{train} training rows, from which each network draws its own validation rows; "
                               "{test} test rows",
        "rp_weights": "row weights", "rp_weights_value": "{rule}: {rows} training rows after repeating rows",
        "rp_option": "option {name}", "rp_option_weight_decay": "weight decay λ", "rp_option_lr": "learning rate",
        "rp_option_mu": "initial damping μ", "rp_option_goal": "loss goal", "rp_option_min_grad": "gradient floor",
        "rp_option_batch_size": "batch size", "rp_option_engine": "engine", "rp_option_schedule": "learning-rate schedule",
        "rp_epochs": "epochs", "rp_best_epoch": "best epoch", "rp_train_loss": "train loss", "rp_val_loss": "val loss",
        "rp_loss_scaled": "{what} (scaled units)", "rp_seconds": "seconds", "rp_stopped_by": "stopped by",
        "rp_no_metrics": "No metrics recorded.", "rp_per_class": "Per class, {set} rows:",
        "rp_precision": "precision", "rp_recall": "recall",
        "rp_cap_performance": "Loss per epoch of network 1 for the training, validation and test rows; the circle "
                              "marks the epoch whose weights were kept.",
        "rp_cap_scaled": "The losses are of the targets scaled by {scaling}, the units the network trains in; "
                         "the metrics table is in original units.",
        "rp_cap_train_state": "Training state per epoch: gradient norm, μ or learning rate, validation checks.",
        "rp_cap_confusion": "Confusion matrix of the {set} rows.",
        "rp_cap_regression": "Output against target for each set, with the fitted line and R (original units).",
        "rp_cap_histogram": "Histogram of the errors (target − output, original units), stacked by set.",
        # summary (Model.summary: bpnn info, bpnn export --to matlab) and stop rules
        "sm_network": "network: {count}{sizes} ({activations}), {n} parameters, {dtype}",
        "sm_committee": "{count} networks (committee, outputs averaged), each ",
        "sm_who": "network {k}: ",
        "sm_training": "training: {who}{algorithm}, {epochs} epochs, best epoch {best}, stopped by {reason}",
        "sm_inputs": "inputs: {columns} column(s) -> {inputs} network input(s); scaling {scaling}",
        "sm_text_column": "text column {column}: one-hot, {k} categories ({values}); an unseen category is refused",
        "sm_target_classes": "target {target}: {k} classes, one-hot (softmax output)",
        "sm_target_scaled": "target {target}: scaling {scaling}, undone on the outputs",
        "stop_epochs": "the epoch limit (epochs)", "stop_goal": "the loss goal (goal)",
        "stop_min_grad": "a small gradient (min_grad)", "stop_max_fail": "validation checks (max_fail)",
        "stop_time": "the time limit (time)", "stop_mu_max": "μ too large (mu_max)",
        "stop_diverged": "divergence (diverged)", "stop_interrupted": "an interruption (interrupted)",
        # studies (bpnn study: lines, table headers, plots)
        "st_activation_head": "sin(x), 1-{hidden}-1 network, gd lr {lr:g}, {epochs} epochs, {init} weights from "
                              "{seeds} seeds:",
        "st_activation_best": "lowest median final loss: {activation} ({value:.4g}); target for 'reached' is "
                              "loss ≤ {target:g}",
        "st_lr_head": "sin(x), 1-4-1 tanh, {start}, gd for {epochs} epochs:",
        "st_start_article": "the article's initial weights", "st_start_seed": "randn, seed {seed}",
        "st_lr_schedule": "schedule {schedule}: {parts}", "st_schedule_none": "none",
        "st_epochs_head": "1-{hidden}-1 tanh on {n_train} noisy samples of sin(x) (noise {noise:g}), validation on "
                          "{n_val}, gd lr {lr:g}:",
        "st_epochs_note": "best_epoch: lowest validation error (early stopping restores these weights); "
                          "max_fail_stop: where early stopping with patience {max_fail} stops",
        "st_hidden_head": "1-h-1 tanh on {n_train} noisy samples of sin(x) (noise {noise:g}), gd lr {lr:g}, "
                          "{epochs} epochs, test on {n_test}:",
        "st_hidden_best": "lowest median test error: {hidden} hidden units ({value:.4g}); noise variance {var:.4g}",
        "st_wrote": "wrote {paths}",
        "st_col_activation": "activation", "st_col_median_final": "median_final", "st_col_best_final": "best_final",
        "st_col_worst_final": "worst_final", "st_col_diverged": "diverged", "st_col_reached_target": "reached_target",
        "st_col_median_epochs_to_target": "median_epochs_to_target", "st_col_lr": "lr", "st_col_schedule": "schedule",
        "st_col_final_loss": "final_loss", "st_col_min_loss": "min_loss", "st_col_epochs": "epochs",
        "st_col_rises_last_quarter": "rises_last_quarter", "st_col_verdict": "verdict", "st_col_seed": "seed",
        "st_col_best_epoch": "best_epoch", "st_col_train_at_best": "train_at_best", "st_col_val_at_best": "val_at_best",
        "st_col_max_fail_stop": "max_fail_stop", "st_col_val_at_stop": "val_at_stop",
        "st_col_train_at_end": "train_at_end", "st_col_val_at_end": "val_at_end", "st_col_hidden": "hidden",
        "st_col_median_train": "median_train", "st_col_median_test": "median_test", "st_col_runs": "runs",
        "st_verdict_good": "good", "st_verdict_too_small": "too small", "st_verdict_stuck": "stuck",
        "st_verdict_oscillating": "oscillating", "st_verdict_diverged": "diverged",
        "st_median_final": "{activation} (median final {value:.3g})",
        "st_train_loss_mse": "training loss (mse)",
        "st_activation_title": "sin(x), 1-{hidden}-1, lr {lr:g}: median over {seeds} seeds, band = best..worst",
        "st_final_each": "final loss of each run", "st_final_per_seed": "final loss per seed",
        "st_lr_label": "{lr:g} ({verdict})", "st_lr_title": "learning rates, schedule: {schedule} (x: diverged)",
        "st_lr_legend": "lr (verdict)", "st_schedule": "schedule {schedule}", "st_lr_axis": "learning rate η₀",
        "st_final_loss_axis": "final loss (diverged: best before)", "st_after_epochs": "after {epochs} epochs",
        "st_training_error": "training error", "st_validation_error": "validation error",
        "st_lowest_val": "lowest validation error: epoch {epoch}",
        "st_early_stop": "early stopping (max_fail {max_fail}) stops: epoch {epoch}",
        "st_noise_variance": "noise variance {value:.3g}", "st_underfitting": "underfitting ←  ",
        "st_overfitting": "  → overfitting", "st_epoch_plus_one": "epoch + 1", "st_mse": "mse",
        "st_epochs_title": "1-{hidden}-1 tanh, {n_train} noisy training samples, lr {lr:g} (seed {seed})",
        "st_train_median": "training error (median)", "st_test_median": "test error (median)",
        "st_hidden_axis": "hidden units",
        "st_hidden_title": "{n_train} noisy samples of sin(x), {epochs} epochs of gd, lr {lr:g}",
        # examples (bpnn example: tables, progress lines, headlines, plots)
        "ex_table_title": "bpnn example {name}: {what}", "ex_table_settings": "settings", "ex_table_results": "results",
        "ex_table_references": "compared with published results", "ex_quantity": "quantity", "ex_value": "value",
        "ex_method": "method", "ex_figure": "figure", "ex_plots": "plots: {plots}", "ex_plot": "{path} ({what})",
        "ex_total_time": "total time: {seconds:.1f} s", "ex_seconds": "{s:.1f} s", "ex_minutes": "{m} min {s:02d} s",
        "ex_data": "data", "ex_network": "network", "ex_algorithm": "algorithm", "ex_test_accuracy": "test accuracy",
        "ex_test_error": "test error", "ex_test_errors": "test errors", "ex_of": "{k} of {n}",
        "ex_epochs_time": "epochs, training time", "ex_stopped_by": "stopped by", "ex_final_loss": "final training loss",
        "ex_this_run": "{what} (this run)", "ex_in_time": "{value} in {time}",
        "ex_curve_line": "epoch {epoch}  loss {loss:.4f}  test accuracy {accuracy}  ({time})",
        "ex_curve_last": "last: {error:.2f}% ({right:.2f}% right)", "ex_test_error_pct": "test error (%)",
        "ex_curve_title": "{title}: training loss and test error", "ex_curve_caption": "training loss and test error per epoch",
        "ex_test_set_title": "{title}, test set", "ex_confusion_caption": "confusion matrix of the test set",
        "ex_adam_cosine": "adam, lr {lr:g} with a cosine schedule to 0, minibatches of {batch}, {epochs} epochs; "
                          "seed {seed}",
        "ex_digits_say": "8×8 digits: {train} training images, {test} test images; network 64-{hidden}-10, scg",
        "ex_digits_title": "scikit-learn's 8×8 handwritten digits: 64 pixels → 10 digits",
        "ex_digits_data": "sklearn.datasets.load_digits: first {train} images train, last {test} test (the split of "
                          "scikit-learn's gallery example); pixels / 16",
        "ex_digits_network": "64-{hidden}-10, tanh → softmax, cross-entropy ({n} weights)",
        "ex_digits_algorithm": "scg (trainscg), full batch, at most {epochs} epochs; seed {seed}",
        "ex_digits_svc": "scikit-learn gallery classifier SVC(gamma=0.001), same split (measured in this run)",
        "ex_digits_headline": "test accuracy: {accuracy} ({n} images; error {error})",
        "ex_digits_plot": "8×8 digits, 64-{hidden}-10",
        "ex_lecun_linear": "linear classifier (1-layer NN), LeCun et al. 1998",
        "ex_lecun_300": "2-layer NN, 300 hidden units, mean square error, LeCun et al. 1998",
        "ex_lecun_800": "2-layer NN, 800 hidden units, cross-entropy, Simard et al. 2003",
        "ex_mnist_say": "MNIST from {data}: {train} training images, {test} test images; network 784-{hidden}-10, adam, "
                        "batch {batch}, {epochs} epochs, {dtype}",
        "ex_mnist_title": "MNIST handwritten digits: 784 pixels → 10 digits, 60000 train / 10000 test",
        "ex_mnist_data": "{data}: {train} training images, {test} test images; pixels / 255",
        "ex_mnist_network": "784-{hidden}-10, {activation} → softmax, cross-entropy ({n} weights), {dtype}",
        "ex_mnist_bpnn": "bpnn 784-{hidden}-10, cross-entropy", "ex_mnist_figure": "{error} after {epochs} epochs, {time}",
        "ex_mnist_headline": "test error: {error} (accuracy {accuracy}, {n} images) after {epochs} epochs in {time}",
        "ex_letters_frey": "Frey & Slate (1991), best Holland-style adaptive classifier",
        "ex_letters_mlp": "multilayer perceptrons in later literature",
        "ex_letters_sk_default": "scikit-learn MLPClassifier, defaults (100 relu units, adam)",
        "ex_letters_sk_256": "scikit-learn MLPClassifier, 256 hidden units",
        "ex_letters_sk_256_figure": "≈ 96.4% in ≈ 22 s (this machine)",
        "ex_letters_say": "UCI letters: {train} training rows, {test} test rows; network {arch}, adam, batch {batch}, "
                          "{epochs} epochs, {dtype}",
        "ex_letters_title": "UCI Letter Recognition: 16 features → 26 letters, first 16000 rows train, last 4000 test",
        "ex_letters_data": "{train} training rows, {test} test rows (Frey & Slate's split); mapstd on the inputs",
        "ex_letters_network": "{arch}, tanh → softmax, cross-entropy, {init} init ({n} weights), {dtype}",
        "ex_letters_headline": "test accuracy: {accuracy} on the last {n} rows, trained in {time}",
        "ex_letters_confusion_caption": "confusion matrix of the {n} test rows",
        "ex_l57_bitmaps_title": "the 26 letters as 5×7 bitmaps (top) and with noise σ = {sigma:g} (bottom)",
        "ex_l57_net1_label": "network 1: trained on clean letters",
        "ex_l57_net2_label": "network 2: trained on noisy letters (σ = {sigma:g})",
        "ex_l57_noise_axis": "noise level σ of the test letters", "ex_l57_error_axis": "recognition error (%)",
        "ex_l57_say1": "network 1: 35-{hidden}-26 on the 26 clean letters (scg, mse) ...",
        "ex_l57_done": "network {k}: {epochs} epochs, {time}; {rule}",
        "ex_l57_say2": "network 2: 35-{hidden}-26 on {copies} noisy copies of each letter (σ = {sigma:g}) ...",
        "ex_l57_testing": "testing both on {trials} noisy copies of each letter at {levels} noise levels ...",
        "ex_l57_title": "the 26 capital letters as 5×7 bitmaps, recognised with and without noise",
        "ex_l57_network": "35-{hidden}-26, tanh → linear, mse on one-hot targets ({n} weights)",
        "ex_l57_algorithm": "scg (trainscg), at most {epochs} epochs; seed {seed}",
        "ex_l57_net1_on": "network 1 trained on", "ex_l57_clean": "the 26 clean letters",
        "ex_l57_net2_on": "network 2 trained on",
        "ex_l57_noisy": "{copies} noisy copies of each letter, σ = {sigma:g}, clipped to [0, 1] ({rows} rows)",
        "ex_l57_test": "test",
        "ex_l57_test_value": "{trials} fresh noisy copies of each letter ({rows} rows) at each noise level",
        "ex_l57_epochs_time": "epochs, time: network 1 / network 2",
        "ex_l57_error_at": "error at noise σ = {sigma:g} (net 1 / net 2)",
        "ex_l57_headline": "test accuracy on letters with noise σ = {sigma:g}: trained without noise {clean}, "
                           "trained with noise {noisy}",
        "ex_l57_matlab": "MATLAB, Character Recognition example (35-25-26, 30 noisy copies at σ = 0.2)",
        "ex_l57_matlab_figure": "a plot only: the network trained with noise makes fewer errors as the noise grows",
        "ex_l57_mine": "bpnn (this run): mean error over all levels, net 1 / net 2",
        "ex_l57_curve_title": "35-{hidden}-26 network: recognition error vs noise",
        "ex_l57_curve_caption": "recognition error vs noise level, trained without and with noise",
        "ex_l57_bitmaps_caption": "the bitmaps, clean and with noise σ = {sigma:g}",
        "ex_sf_target": "target f(x, y)", "ex_sf_error": "error f − output", "ex_sf_grid": "{grid}×{grid} training grid",
        "ex_sf_title": "a function of two variables from samples on a grid (2-h-1 tanh, Levenberg–Marquardt)",
        "ex_sf_train_data": "training data", "ex_sf_grid_value": "{grid}×{grid} grid = {n} samples",
        "ex_sf_test_data": "test data", "ex_sf_centres": "the {n} centres of the grid cells (between the nodes)",
        "ex_sf_scaling": "scaling", "ex_sf_scaling_value": "mapminmax to [−1, 1] on inputs and target, output scaled back",
        "ex_sf_algorithm": "lm (trainlm), at most {epochs} epochs, best of {restarts} starts, seed {seed}",
        "ex_sf_say": "{name}: training a 2-{units}-1 network on the {grid}×{grid} grid ...",
        "ex_sf_done": "{name}: {epochs} epochs in {time}, test MSE {mse:.3g}",
        "ex_sf_network_for": "network for {name}", "ex_sf_network": "2-{units}-1, tanh → linear, {n} weights",
        "ex_sf_train_mse": "{name}: train MSE (grid nodes)", "ex_sf_test_mse": "{name}: test MSE (between nodes)",
        "ex_sf_test_r2": "{name}: test R²", "ex_sf_epochs_time": "{name}: epochs, time", "ex_sf_mse": "test MSE {mse:.3g}",
        "ex_sf_linear": "{name}: piecewise-linear interpolation of the grid",
        "ex_sf_cubic": "{name}: cubic-spline interpolation of the grid",
        "ex_sf_plot_title": "{name}: 2-{units}-1 network from a {grid}×{grid} grid — test MSE {mse:.3g} between the nodes",
        "ex_sf_caption": "{name}: target, output and error (surfaces and contours)",
        "ex_sf_headline": "test MSE (between the grid nodes): {heads}",
        "ex_vw_slp": "single-layer perceptron", "ex_vw_mlp88": "multilayer perceptron, 88 hidden units",
        "ex_vw_rbf": "radial basis functions (best)", "ex_vw_gauss": "Gaussian / square node networks",
        "ex_vw_nn": "nearest neighbour", "ex_vw_mean_std_seeds": "(mean ± std over seeds)", "ex_vw_one_seed": "one seed",
        "ex_vw_accuracy_axis": "test accuracy on the 462 utterances of the 7 test speakers (%)",
        "ex_vw_normalised": "speaker-normalised features", "ex_vw_raw": "raw features",
        "ex_vw_say": "Deterding vowels: {train} utterances of speakers 0–7 train, {test} of speakers 8–14 test "
                     "({features}); {seeds} seeds × an ensemble of {ensemble} {arch} networks",
        "ex_vw_seed": "seed {seed}: ensemble test accuracy {accuracy} (its networks alone: {low}–{high}), {time}",
        "ex_vw_title": "Deterding vowels: 10 speech features → 11 vowels, speaker-independent",
        "ex_vw_data": "528 utterances of speakers 0–7 train, 462 of speakers 8–14 test; {normalised}mapstd fitted on "
                      "the training speakers",
        "ex_vw_data_normalised": "each speaker normalised by its own utterances (mean 0, std 1), then ",
        "ex_vw_network": "{arch}, tanh → softmax, cross-entropy; an ensemble of {ensemble} (softmax outputs averaged)",
        "ex_vw_regularisation": "regularisation",
        "ex_vw_regularisation_value": "weight decay λ = {lam:g} (mean cross-entropy + (λ/2)·Σw²); input noise "
                                      "σ = {sigma:g} (standardised units) on {copies} copies of the training set",
        "ex_vw_algorithm": "adam, lr {lr:g}, minibatches of {batch}, {epochs} epochs over the {rows} rows; "
                           "seeds 0–{last}",
        "ex_vw_accuracy_mean": "test accuracy, mean ± std over seeds", "ex_vw_range": "range over seeds",
        "ex_vw_members": "single networks (ensemble members), mean", "ex_vw_time": "time",
        "ex_vw_time_value": "{time} for {seeds} × {ensemble} networks",
        "ex_vw_robinson": "Robinson (1989): {method}", "ex_vw_1nn": "1-nearest neighbour, {features}",
        "ex_vw_bpnn": "bpnn {arch} ensembles, {features}",
        "ex_vw_headline": "test accuracy: {mean} ± {std} (mean ± std over {seeds} seeds, 462 utterances of 7 unseen "
                          "speakers{normalised})",
        "ex_vw_headline_normalised": ", speaker-normalised",
        "ex_vw_plot_title": "Deterding vowels: bpnn beside Robinson's table{normalised}",
        "ex_vw_plot_normalised": " (bpnn: speaker-normalised)",
        "ex_vw_plot_label": "bpnn: {arch} ensembles of {ensemble}",
        "ex_vw_comparison_caption": "test accuracy beside Robinson's table",
        "ex_vw_confusion_title": "vowels, seed 0 ensemble",
        "ex_vw_confusion_caption": "confusion matrix of seed 0's ensemble",
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
        # plots
        "pl_train_loss": "训练集（{loss}）", "pl_best": "最佳：{value:.4g}（第 {epoch} 轮）",
        "pl_log": "{what}（对数坐标）", "pl_training_loss": "训练误差",
        "pl_data": "数据", "pl_network": "网络输出", "pl_fit_title": "数据与网络输出",
        "pl_loss_mse": "均方误差", "pl_loss_sse": "误差平方和", "pl_loss_cross_entropy": "交叉熵",
        "pl_loss_binary_cross_entropy": "二元交叉熵",
        "pl_split_train": "训练集", "pl_split_val": "验证集", "pl_split_test": "测试集", "pl_split_all": "全部",
        "pl_performance": "学习曲线", "pl_performance_of": "学习曲线（共 {count} 个网络，图为网络 1）",
        "pl_of_scaled": "{loss}，归一化后的目标",
        "pl_grad": "梯度范数 ‖∂E/∂θ‖", "pl_mu": "阻尼系数 μ", "pl_scg_scale": "SCG 尺度参数 λ",
        "pl_lr": "学习率", "pl_checks": "验证检查次数",
        "pl_state_value": "第 {epoch} 轮：{label} = {value:.3g}", "pl_train_state": "训练状态",
        "pl_regression": "回归图", "pl_target": "目标值", "pl_output": "网络输出",
        "pl_fit_line": "拟合直线：y = {slope:.2f} t + {icpt:.3g}",
        "pl_error_hist": "误差直方图", "pl_error_axis": "误差（目标值 − 网络输出）", "pl_count": "样本数",
        "pl_zero_error": "零误差", "pl_confusion": "混淆矩阵", "pl_confusion_of": "{set}",
        "pl_predicted": "预测类别", "pl_true": "真实类别",
        "pl_confusion_title": "{title}：准确率 {accuracy:.1f}%（共 {n} 个样本）", "pl_share": "占该真实类别的比例",
        "demo_loss_title": "bpnn demo sin：每步的损失（{how}）",
        "demo_fit_title": "bpnn demo sin：数据与训练 {epochs} 轮（{algorithm}）后的 1-{hidden}-1 网络",
        # report
        "rp_title": "bpnn 训练报告：{target}",
        "rp_data": "数据", "rp_network": "网络结构", "rp_settings": "训练设置", "rp_training": "训练过程",
        "rp_metrics": "误差指标", "rp_plots": "图",
        "rp_rows_used": "使用的行数", "rp_input_columns": "输入列数", "rp_target": "目标", "rp_task": "任务",
        "rp_task_regression": "回归", "rp_task_classification": "分类",
        "rp_file": "文件", "rp_rows_in_file": "文件中的行数",
        "rp_input": "输入", "rp_min": "最小值", "rp_max": "最大值", "rp_mean": "均值", "rp_std": "标准差",
        "rp_used": "是否使用", "rp_yes": "是", "rp_constant": "否（常数列）", "rp_class": "类别",
        "rp_layers": "各层神经元数", "rp_activations": "激活函数", "rp_parameters": "参数个数",
        "rp_per_network": "每个网络 {n} 个", "rp_networks": "网络个数",
        "rp_committee": "（委员会网络：输出取平均）", "rp_dtype": "数据类型",
        "rp_setting": "设置", "rp_value": "取值", "rp_seed": "随机种子", "rp_none": "无",
        "rp_algorithm": "训练算法", "rp_activation": "隐含层激活函数", "rp_scaling": "输入归一化",
        "rp_hidden": "隐含层神经元数", "rp_hidden_value": "{sizes}",
        "rp_epochs_max": "最大训练轮次", "rp_until_stop": "不限，直到满足某个停止条件",
        "rp_at_most_epochs": "至多 {epochs} 轮",
        "rp_max_fail": "验证检查次数（max_fail）", "rp_off": "不使用",
        "rp_max_fail_value": "验证误差连续 {n} 轮未下降即停止训练",
        "rp_restarts": "每个网络尝试的初始权值组数", "rp_ensemble": "训练的网络个数",
        "rp_division": "数据划分", "rp_divide_rand": "随机划分", "rp_divide_block": "按块划分",
        "rp_divide_int": "交错划分", "rp_divide_ind": "按指定的行划分", "rp_stratified": "，按类别分层",
        "rp_division_sizes": "{sizes} 行（训练集/验证集/测试集）",
        "rp_division_rotated": "训练集 {train} 行，每个网络从中各自抽取验证集；测试集 {test} 行",
        "rp_weights": "样本权重", "rp_weights_value": "{rule}：按权重重复后训练集共 {rows} 行",
        "rp_option": "选项 {name}", "rp_option_weight_decay": "权值衰减系数 λ", "rp_option_lr": "学习率",
        "rp_option_mu": "初始阻尼系数 μ", "rp_option_goal": "目标误差", "rp_option_min_grad": "最小梯度",
        "rp_option_batch_size": "批量大小", "rp_option_engine": "计算引擎", "rp_option_schedule": "学习率调度",
        "rp_epochs": "轮次", "rp_best_epoch": "最佳轮次", "rp_train_loss": "训练误差", "rp_val_loss": "验证误差",
        "rp_loss_scaled": "{what}（归一化单位）", "rp_seconds": "用时（秒）", "rp_stopped_by": "停止原因",
        "rp_no_metrics": "没有记录误差指标。", "rp_per_class": "{set}各类别的指标：",
        "rp_precision": "精确率", "rp_recall": "召回率",
        "rp_cap_performance": "网络 1 在训练集、验证集和测试集上每轮的误差；圆圈标出保留其权值的那一轮。",
        "rp_cap_scaled": "误差是按 {scaling} 归一化后的目标计算的（网络训练所用的单位）；误差指标表为原始单位。",
        "rp_cap_train_state": "每轮的训练状态：梯度范数、阻尼系数 μ 或学习率、验证检查次数。",
        "rp_cap_confusion": "{set}的混淆矩阵。",
        "rp_cap_regression": "各数据集的网络输出与目标值（原始单位），以及拟合直线和相关系数 R。",
        "rp_cap_histogram": "误差（目标值 − 网络输出，原始单位）的直方图，按数据集堆叠。",
        # summary and stop rules
        "sm_network": "网络：{count}{sizes}（{activations}），{n} 个参数，{dtype}",
        "sm_committee": "{count} 个网络（委员会网络，输出取平均），每个为 ",
        "sm_who": "网络 {k}：",
        "sm_training": "训练：{who}{algorithm}，{epochs} 轮，最佳轮次 {best}，停止原因：{reason}",
        "sm_inputs": "输入：{columns} 列 → 网络的 {inputs} 个输入；归一化 {scaling}",
        "sm_text_column": "文本列 {column}：独热编码，{k} 个类别（{values}）；遇到未见过的类别时拒绝",
        "sm_target_classes": "目标 {target}：{k} 个类别，独热编码（softmax 输出层）",
        "sm_target_scaled": "目标 {target}：归一化 {scaling}，网络输出还原为原始单位",
        "stop_epochs": "达到最大轮次（epochs）", "stop_goal": "误差达到目标值（goal）",
        "stop_min_grad": "梯度范数低于下限（min_grad）", "stop_max_fail": "验证误差连续多轮未下降（max_fail）",
        "stop_time": "达到时间上限（time）", "stop_mu_max": "阻尼系数 μ 超过上限（mu_max）",
        "stop_diverged": "发散（diverged）", "stop_interrupted": "被中断（interrupted）",
        # studies
        "st_activation_head": "sin(x)，1-{hidden}-1 网络，梯度下降（gd）学习率 {lr:g}，{epochs} 轮，{init} 初始权值，"
                              "{seeds} 个随机种子：",
        "st_activation_best": "最终误差中位数最低的是 {activation}（{value:.4g}）；“达到目标”指误差 ≤ {target:g}",
        "st_lr_head": "sin(x)，1-4-1 tanh 网络，{start}，梯度下降（gd）{epochs} 轮：",
        "st_start_article": "原文的初始权值", "st_start_seed": "randn 初始权值，随机种子 {seed}",
        "st_lr_schedule": "学习率调度 {schedule}：{parts}", "st_schedule_none": "不调度（学习率不变）",
        "st_epochs_head": "1-{hidden}-1 tanh 网络，训练集为 sin(x) 的 {n_train} 个带噪声样本（噪声标准差 {noise:g}），"
                          "验证集 {n_val} 个，梯度下降（gd）学习率 {lr:g}：",
        "st_epochs_note": "最佳轮次：验证误差最低的一轮（提前停止会恢复这一轮的权值）；早停轮次：验证检查次数上限为 "
                          "{max_fail} 时提前停止的轮次",
        "st_hidden_head": "1-h-1 tanh 网络，训练集为 sin(x) 的 {n_train} 个带噪声样本（噪声标准差 {noise:g}），"
                          "梯度下降（gd）学习率 {lr:g}，{epochs} 轮，测试集 {n_test} 个：",
        "st_hidden_best": "测试误差中位数最低：{hidden} 个隐含层神经元（{value:.4g}）；噪声方差 {var:.4g}",
        "st_wrote": "已写入：{paths}",
        "st_col_activation": "激活函数", "st_col_median_final": "最终误差中位数", "st_col_best_final": "最好",
        "st_col_worst_final": "最差", "st_col_diverged": "发散次数", "st_col_reached_target": "达到目标次数",
        "st_col_median_epochs_to_target": "达到目标轮次中位数", "st_col_lr": "学习率", "st_col_schedule": "学习率调度",
        "st_col_final_loss": "最终误差", "st_col_min_loss": "最小误差", "st_col_epochs": "轮次",
        "st_col_rises_last_quarter": "末段上升比例", "st_col_verdict": "结论", "st_col_seed": "随机种子",
        "st_col_best_epoch": "最佳轮次", "st_col_train_at_best": "最佳时训练误差", "st_col_val_at_best": "最佳时验证误差",
        "st_col_max_fail_stop": "早停轮次", "st_col_val_at_stop": "早停时验证误差",
        "st_col_train_at_end": "结束时训练误差", "st_col_val_at_end": "结束时验证误差", "st_col_hidden": "隐含层神经元数",
        "st_col_median_train": "训练误差中位数", "st_col_median_test": "测试误差中位数", "st_col_runs": "训练次数",
        "st_verdict_good": "合适", "st_verdict_too_small": "过小", "st_verdict_stuck": "停滞",
        "st_verdict_oscillating": "振荡", "st_verdict_diverged": "发散",
        "st_median_final": "{activation}（最终误差中位数 {value:.3g}）",
        "st_train_loss_mse": "训练误差（均方误差）",
        "st_activation_title": "sin(x)，1-{hidden}-1，学习率 {lr:g}：{seeds} 个随机种子的中位数，阴影为最好到最差",
        "st_final_each": "每次训练的最终误差", "st_final_per_seed": "各随机种子的最终误差",
        "st_lr_label": "{lr:g}（{verdict}）", "st_lr_title": "各学习率，学习率调度：{schedule}（×：发散）",
        "st_lr_legend": "学习率（结论）", "st_schedule": "学习率调度 {schedule}", "st_lr_axis": "初始学习率 η₀",
        "st_final_loss_axis": "最终误差（发散的取发散前的值）", "st_after_epochs": "训练 {epochs} 轮后",
        "st_training_error": "训练误差", "st_validation_error": "验证误差",
        "st_lowest_val": "验证误差最低：第 {epoch} 轮",
        "st_early_stop": "提前停止（max_fail {max_fail}）：第 {epoch} 轮",
        "st_noise_variance": "噪声方差 {value:.3g}", "st_underfitting": "欠拟合 ←  ",
        "st_overfitting": "  → 过拟合", "st_epoch_plus_one": "轮次 + 1", "st_mse": "均方误差",
        "st_epochs_title": "1-{hidden}-1 tanh，{n_train} 个带噪声的训练样本，学习率 {lr:g}（随机种子 {seed}）",
        "st_train_median": "训练误差（中位数）", "st_test_median": "测试误差（中位数）",
        "st_hidden_axis": "隐含层神经元数",
        "st_hidden_title": "sin(x) 的 {n_train} 个带噪声样本，梯度下降（gd）{epochs} 轮，学习率 {lr:g}",
        # examples
        "ex_table_title": "bpnn example {name}：{what}", "ex_table_settings": "设置", "ex_table_results": "结果",
        "ex_table_references": "与已发表结果的比较", "ex_quantity": "指标", "ex_value": "数值",
        "ex_method": "方法", "ex_figure": "结果", "ex_plots": "图：{plots}", "ex_plot": "{path}（{what}）",
        "ex_total_time": "总用时：{seconds:.1f} 秒", "ex_seconds": "{s:.1f} 秒", "ex_minutes": "{m} 分 {s:02d} 秒",
        "ex_data": "数据", "ex_network": "网络", "ex_algorithm": "训练算法", "ex_test_accuracy": "测试集准确率",
        "ex_test_error": "测试集错误率", "ex_test_errors": "测试集错分个数", "ex_of": "{k} / {n}",
        "ex_epochs_time": "轮次，训练用时", "ex_stopped_by": "停止原因", "ex_final_loss": "最终训练误差",
        "ex_this_run": "{what}（本次运行）", "ex_in_time": "{value}，用时 {time}",
        "ex_curve_line": "第 {epoch} 轮  误差 {loss:.4f}  测试集准确率 {accuracy}  （{time}）",
        "ex_curve_last": "最后：{error:.2f}%（正确 {right:.2f}%）", "ex_test_error_pct": "测试集错误率（%）",
        "ex_curve_title": "{title}：训练误差与测试集错误率", "ex_curve_caption": "每轮的训练误差与测试集错误率",
        "ex_test_set_title": "{title}，测试集", "ex_confusion_caption": "测试集的混淆矩阵",
        "ex_adam_cosine": "adam，学习率 {lr:g}，按余弦调度降到 0，小批量 {batch} 个样本，{epochs} 轮；随机种子 {seed}",
        "ex_digits_say": "8×8 手写数字：训练图像 {train} 幅，测试图像 {test} 幅；网络 64-{hidden}-10，scg",
        "ex_digits_title": "scikit-learn 的 8×8 手写数字：64 个像素 → 10 个数字",
        "ex_digits_data": "sklearn.datasets.load_digits：前 {train} 幅训练，后 {test} 幅测试（与 scikit-learn "
                          "示例库的划分相同）；像素 / 16",
        "ex_digits_network": "64-{hidden}-10，tanh → softmax，交叉熵（{n} 个权值）",
        "ex_digits_algorithm": "scg（trainscg），全批量，至多 {epochs} 轮；随机种子 {seed}",
        "ex_digits_svc": "scikit-learn 示例库的分类器 SVC(gamma=0.001)，相同划分（本次运行测得）",
        "ex_digits_headline": "测试集准确率：{accuracy}（{n} 幅图像；错误率 {error}）",
        "ex_digits_plot": "8×8 手写数字，64-{hidden}-10",
        "ex_lecun_linear": "线性分类器（单层网络），LeCun 等 1998",
        "ex_lecun_300": "两层网络，300 个隐含层神经元，均方误差，LeCun 等 1998",
        "ex_lecun_800": "两层网络，800 个隐含层神经元，交叉熵，Simard 等 2003",
        "ex_mnist_say": "MNIST（{data}）：训练图像 {train} 幅，测试图像 {test} 幅；网络 784-{hidden}-10，adam，"
                        "小批量 {batch}，{epochs} 轮，{dtype}",
        "ex_mnist_title": "MNIST 手写数字：784 个像素 → 10 个数字，60000 幅训练 / 10000 幅测试",
        "ex_mnist_data": "{data}：训练图像 {train} 幅，测试图像 {test} 幅；像素 / 255",
        "ex_mnist_network": "784-{hidden}-10，{activation} → softmax，交叉熵（{n} 个权值），{dtype}",
        "ex_mnist_bpnn": "bpnn 784-{hidden}-10，交叉熵", "ex_mnist_figure": "{error}，{epochs} 轮，用时 {time}",
        "ex_mnist_headline": "测试集错误率：{error}（准确率 {accuracy}，{n} 幅图像），训练 {epochs} 轮，用时 {time}",
        "ex_letters_frey": "Frey 与 Slate（1991），最好的 Holland 式自适应分类器",
        "ex_letters_mlp": "后来文献中的多层感知器",
        "ex_letters_sk_default": "scikit-learn MLPClassifier，默认设置（100 个 relu 神经元，adam）",
        "ex_letters_sk_256": "scikit-learn MLPClassifier，256 个隐含层神经元",
        "ex_letters_sk_256_figure": "≈ 96.4%，用时 ≈ 22 秒（本机）",
        "ex_letters_say": "UCI 字母识别：训练集 {train} 行，测试集 {test} 行；网络 {arch}，adam，小批量 {batch}，"
                          "{epochs} 轮，{dtype}",
        "ex_letters_title": "UCI 字母识别：16 个特征 → 26 个字母，前 16000 行训练，后 4000 行测试",
        "ex_letters_data": "训练集 {train} 行，测试集 {test} 行（Frey 与 Slate 的划分）；输入按 mapstd 归一化",
        "ex_letters_network": "{arch}，tanh → softmax，交叉熵，{init} 初始权值（{n} 个权值），{dtype}",
        "ex_letters_headline": "测试集准确率：{accuracy}（最后 {n} 行），训练用时 {time}",
        "ex_letters_confusion_caption": "{n} 行测试集的混淆矩阵",
        "ex_l57_bitmaps_title": "26 个字母的 5×7 点阵（上）与加噪声 σ = {sigma:g} 后（下）",
        "ex_l57_net1_label": "网络 1：用无噪声的字母训练",
        "ex_l57_net2_label": "网络 2：用带噪声的字母训练（σ = {sigma:g}）",
        "ex_l57_noise_axis": "测试字母的噪声水平 σ", "ex_l57_error_axis": "识别错误率（%）",
        "ex_l57_say1": "网络 1：35-{hidden}-26，用 26 个无噪声的字母训练（scg，均方误差）……",
        "ex_l57_done": "网络 {k}：{epochs} 轮，{time}；{rule}",
        "ex_l57_say2": "网络 2：35-{hidden}-26，用每个字母的 {copies} 个带噪声副本训练（σ = {sigma:g}）……",
        "ex_l57_testing": "在 {levels} 个噪声水平上，用每个字母的 {trials} 个带噪声副本测试两个网络……",
        "ex_l57_title": "26 个大写字母的 5×7 点阵，有噪声和无噪声时的识别",
        "ex_l57_network": "35-{hidden}-26，tanh → linear，独热目标上的均方误差（{n} 个权值）",
        "ex_l57_algorithm": "scg（trainscg），至多 {epochs} 轮；随机种子 {seed}",
        "ex_l57_net1_on": "网络 1 的训练数据", "ex_l57_clean": "26 个无噪声的字母",
        "ex_l57_net2_on": "网络 2 的训练数据",
        "ex_l57_noisy": "每个字母 {copies} 个带噪声副本，σ = {sigma:g}，截断到 [0, 1]（{rows} 行）",
        "ex_l57_test": "测试",
        "ex_l57_test_value": "每个噪声水平上每个字母 {trials} 个新的带噪声副本（{rows} 行）",
        "ex_l57_epochs_time": "轮次，用时：网络 1 / 网络 2",
        "ex_l57_error_at": "噪声 σ = {sigma:g} 时的错误率（网络 1 / 网络 2）",
        "ex_l57_headline": "噪声 σ = {sigma:g} 时的测试准确率：无噪声训练 {clean}，带噪声训练 {noisy}",
        "ex_l57_matlab": "MATLAB 字符识别示例（35-25-26，σ = 0.2 的 30 个带噪声副本）",
        "ex_l57_matlab_figure": "只有一幅图：噪声越大，带噪声训练的网络错误越少",
        "ex_l57_mine": "bpnn（本次运行）：所有噪声水平上的平均错误率，网络 1 / 网络 2",
        "ex_l57_curve_title": "35-{hidden}-26 网络：识别错误率与噪声",
        "ex_l57_curve_caption": "识别错误率随噪声水平的变化，无噪声训练与带噪声训练",
        "ex_l57_bitmaps_caption": "点阵，无噪声和噪声 σ = {sigma:g}",
        "ex_sf_target": "目标函数 f(x, y)", "ex_sf_error": "误差 f − 网络输出", "ex_sf_grid": "{grid}×{grid} 训练网格",
        "ex_sf_title": "由网格上的样本学习二元函数（2-h-1 tanh，Levenberg–Marquardt 算法）",
        "ex_sf_train_data": "训练数据", "ex_sf_grid_value": "{grid}×{grid} 网格，共 {n} 个样本",
        "ex_sf_test_data": "测试数据", "ex_sf_centres": "{n} 个网格单元的中心（网格节点之间）",
        "ex_sf_scaling": "归一化", "ex_sf_scaling_value": "输入和目标按 mapminmax 归一化到 [−1, 1]，输出还原",
        "ex_sf_algorithm": "lm（trainlm），至多 {epochs} 轮，{restarts} 个起点取最好，随机种子 {seed}",
        "ex_sf_say": "{name}：在 {grid}×{grid} 网格上训练 2-{units}-1 网络……",
        "ex_sf_done": "{name}：{epochs} 轮，用时 {time}，测试均方误差 {mse:.3g}",
        "ex_sf_network_for": "{name} 的网络", "ex_sf_network": "2-{units}-1，tanh → linear，{n} 个权值",
        "ex_sf_train_mse": "{name}：训练均方误差（网格节点）", "ex_sf_test_mse": "{name}：测试均方误差（节点之间）",
        "ex_sf_test_r2": "{name}：测试 R²", "ex_sf_epochs_time": "{name}：轮次，用时", "ex_sf_mse": "测试均方误差 {mse:.3g}",
        "ex_sf_linear": "{name}：网格的分段线性插值",
        "ex_sf_cubic": "{name}：网格的三次样条插值",
        "ex_sf_plot_title": "{name}：由 {grid}×{grid} 网格训练的 2-{units}-1 网络，节点之间的测试均方误差 {mse:.3g}",
        "ex_sf_caption": "{name}：目标、网络输出和误差（曲面与等高线）",
        "ex_sf_headline": "测试均方误差（网格节点之间）：{heads}",
        "ex_vw_slp": "单层感知器", "ex_vw_mlp88": "多层感知器，88 个隐含层神经元",
        "ex_vw_rbf": "径向基函数网络（最好的）", "ex_vw_gauss": "高斯 / 方形节点网络",
        "ex_vw_nn": "最近邻", "ex_vw_mean_std_seeds": "（各随机种子的均值 ± 标准差）", "ex_vw_one_seed": "一个随机种子",
        "ex_vw_accuracy_axis": "7 个测试说话人 462 段语音上的测试准确率（%）",
        "ex_vw_normalised": "按说话人归一化的特征", "ex_vw_raw": "原始特征",
        "ex_vw_say": "Deterding 元音：说话人 0–7 的 {train} 段语音训练，说话人 8–14 的 {test} 段测试（{features}）；"
                     "{seeds} 个随机种子 × {ensemble} 个 {arch} 网络的集成",
        "ex_vw_seed": "随机种子 {seed}：集成的测试准确率 {accuracy}（单个网络：{low}–{high}），{time}",
        "ex_vw_title": "Deterding 元音：10 个语音特征 → 11 个元音，与说话人无关",
        "ex_vw_data": "说话人 0–7 的 528 段语音训练，说话人 8–14 的 462 段测试；{normalised}按训练说话人拟合 mapstd",
        "ex_vw_data_normalised": "每个说话人先按自己的语音归一化（均值 0，标准差 1），然后",
        "ex_vw_network": "{arch}，tanh → softmax，交叉熵；{ensemble} 个网络的集成（softmax 输出取平均）",
        "ex_vw_regularisation": "正则化",
        "ex_vw_regularisation_value": "权值衰减 λ = {lam:g}（平均交叉熵 + (λ/2)·Σw²）；在训练集的 {copies} 个副本上"
                                      "加输入噪声 σ = {sigma:g}（标准化单位）",
        "ex_vw_algorithm": "adam，学习率 {lr:g}，小批量 {batch}，在 {rows} 行上训练 {epochs} 轮；随机种子 0–{last}",
        "ex_vw_accuracy_mean": "测试准确率，各随机种子的均值 ± 标准差", "ex_vw_range": "各随机种子的范围",
        "ex_vw_members": "单个网络（集成成员）的平均准确率", "ex_vw_time": "用时",
        "ex_vw_time_value": "{time}，共 {seeds} × {ensemble} 个网络",
        "ex_vw_robinson": "Robinson（1989）：{method}", "ex_vw_1nn": "1-最近邻，{features}",
        "ex_vw_bpnn": "bpnn {arch} 集成，{features}",
        "ex_vw_headline": "测试准确率：{mean} ± {std}（{seeds} 个随机种子的均值 ± 标准差，7 个未见过的说话人的 462 段"
                          "语音{normalised}）",
        "ex_vw_headline_normalised": "，按说话人归一化",
        "ex_vw_plot_title": "Deterding 元音：bpnn 与 Robinson 的结果表{normalised}",
        "ex_vw_plot_normalised": "（bpnn：按说话人归一化）",
        "ex_vw_plot_label": "bpnn：{ensemble} 个 {arch} 网络的集成",
        "ex_vw_comparison_caption": "测试准确率与 Robinson 的结果表对照",
        "ex_vw_confusion_title": "元音，随机种子 0 的集成",
        "ex_vw_confusion_caption": "随机种子 0 的集成的混淆矩阵",
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


def stop_reason(reason: str, lang: str | None = None) -> str:
    """The rule that stopped training, for people: the record's own words in English, the rule in
    Chinese (``max_fail: validation loss did not improve for 6 epochs`` → 验证误差连续多轮未下降（max_fail）).

    >>> stop_reason("epochs: reached the maximum of 9 epochs", "zh")
    '达到最大轮次（epochs）'
    >>> stop_reason("epochs: reached the maximum of 9 epochs", "en")
    'epochs: reached the maximum of 9 epochs'
    """
    lang = lang or language()
    key = "stop_" + str(reason).split(":", 1)[0]
    return CATALOGUE[lang][key] if lang != "en" and key in CATALOGUE[lang] else str(reason)
