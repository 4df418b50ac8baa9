"""The words of bpnn's interface, in English and Chinese: one catalogue, looked up by key.

The language is chosen once per process: ``--lang`` on the command line (any command),
else the environment variable ``BPNN_LANG`` (``en`` or ``zh``), else the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG`` starting with ``zh``), else English.

The Chinese terms are those of Chinese textbooks on neural networks (e.g. 训练集、验证集、
测试集、隐含层、均方误差、学习率、阻尼系数、验证检查、轮), the ones ``bpnn explain`` uses.
Names of files, options and algorithms (``lm``, ``scg``, ``--algo``) stay as they are.

What is here:

* :data:`CATALOGUE`: every message by key, in blocks per language (progress, tables, demo,
  gradcheck, ``explain_…`` for ``bpnn explain``, ``err_…`` for the errors that
  :meth:`bpnn.errors.BPNNError.of` builds, ``note_…`` and ``adv_…`` for notes and pitfalls);
* :data:`HELP_ZH`: the Chinese of ``--help`` (bpnn.cli.localize puts it in place) and
  :data:`TYPER_ZH`, the words of typer's help screens;
* :data:`ENGINE_REASONS_ZH`, :data:`STOP_REASONS_ZH`, :data:`STORED_NOTES_ZH`: the Chinese of the
  texts a model file keeps in English (the engine's reason, why training stopped, the notes of
  preprocessing), applied when they are shown (:func:`engine_reason`, :func:`stop_reason`,
  :func:`stored_note`), so that a model file reads the same whichever language trained it.

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

        raise BPNNError(unknown_language(lang))
    _current = lang or language_from_environment()
    return _current


def unknown_language(value: str) -> str:
    """What an unknown ``--lang`` gets: the one message in every language, as none is chosen yet.

    >>> unknown_language("fr")
    "--lang must be en or zh, got 'fr' / --lang 只能是 en 或 zh，不能是 'fr'"
    """
    return " / ".join(text("err_lang_unknown", lang, choices=CATALOGUE[lang]["or"].join(LANGS), value=value)
                      for lang in LANGS)


def network_words(net, lang: str | None = None) -> str:
    """A network (a :class:`bpnn.core.network.Network`) in words: sizes, activations, parameters, dtype;
    in English the same as its repr.

    >>> from bpnn.core.network import Network
    >>> network_words(Network([2, 5, 1]), "en"), network_words(Network([2, 5, 1]), "zh")
    ('Network(2-5-1, tanh → linear, 21 parameters, float64)', '2-5-1（tanh → linear，21 个参数，float64）')
    """
    hidden = " → ".join(dict.fromkeys(f.name for f in net.activations[:-1]))
    return text("network_words", lang, sizes="-".join(map(str, net.sizes)), n=net.n_params, dtype=net.dtype.name,
                activations=" → ".join(filter(None, (hidden, net.activations[-1].name))))


def language() -> str:
    """The language chosen for this process."""
    return _current or set_language(None)


def text(key: str, lang: str | None = None, /, **values) -> str:
    """The message ``key`` in ``lang`` (default: the process's language), formatted with ``values``."""
    words = CATALOGUE[lang or language()]
    return (words[key] if key in words else CATALOGUE["en"][key]).format(**values)


def engine_reason(reason: str, lang: str | None = None) -> str:
    """A reason of :func:`bpnn.engines.select.select` (as the training record and the model file keep it,
    in English) in the chosen language: ``bpnn info``, ``train -v``, ``demo -v``, gradcheck and explain show this.

    >>> engine_reason("buffered: one network of 13 weights, full batch, lm, mse; the readable BP1–BP4", "zh")
    'buffered：一个网络，13 个权值，全批量，lm，mse；可读的 BP1–BP4'
    """
    return _rewritten(reason, ENGINE_REASONS_ZH, lang)


def stop_reason(reason: str, lang: str | None = None) -> str:
    """Why training stopped (a record's ``stop_reason``, kept in English) in the chosen language.

    >>> stop_reason("max_fail: validation loss did not improve for 6 epochs", "zh")
    'max_fail：验证误差连续 6 轮没有改善'
    """
    return _rewritten(reason, STOP_REASONS_ZH, lang)


def stored_note(note: str, lang: str | None = None) -> str:
    """A note the model file keeps (``Preprocessing.notes``, in English) in the chosen language.

    >>> stored_note("constant input column 'x2' (always 1) removed: it carries no information", "zh")
    "输入列 'x2' 是常数（恒为 1），已去掉：它不含任何信息"
    """
    return _rewritten(note, STORED_NOTES_ZH, lang)


def _rewritten(reason: str, table, lang: str | None) -> str:
    """``reason`` with each English pattern of ``table`` replaced by its Chinese (as is for English)."""
    import re

    if (lang or language()) == "en":
        return reason
    for pattern, chinese in table:
        reason = re.sub(pattern, chinese, reason)
    return reason


def noun(what: str, lang: str | None = None) -> str:
    """The name of a thing a command reads or writes (``"data file"``) in the chosen language.

    >>> noun("model file", "zh"), noun("sweep table", "zh"), noun("logbook", "zh")
    ('模型文件', '交叉验证结果表', 'logbook')
    """
    key = f"noun {what}"
    return text(key, lang) if key in CATALOGUE["en"] else what


CATALOGUE = {
    "en": {
        # errors ---------------------------------------------------------------------------------
        # usage errors of the command line (bpnn.cli.localize: typer's own English is shown in English)
        "err_usage_see": "{message} (see '{where} --help')",
        "err_usage_no_option": "No such option: {option}", "err_usage_no_command": "No such command '{name}'.",
        "err_usage_missing_argument": "Missing argument '{name}'.", "err_usage_missing_option": "Missing option '{name}'.",
        "err_usage_missing_command": "Missing command.", "err_usage_needs_value": "Option '{option}' requires an argument.",
        "err_usage_no_value": "Option '{option}' does not take a value.",
        "err_usage_extra": "Got unexpected extra argument(s) ({args})", "err_usage_invalid": "Invalid value for {name}: {why}",
        "err_usage_at_least": "Input should be greater than or equal to {n}",
        "err_usage_at_most": "Input should be less than or equal to {n}",
        "err_usage_above": "Input should be greater than {n}", "err_usage_below": "Input should be less than {n}",
        "err_usage_integer": "Input should be a valid integer", "err_usage_number": "Input should be a valid number",
        "err_usage_boolean": "Input should be a valid boolean",
        "err_usage_choice": "{value} is not one of {choices}", "err_usage_range": "{value} is not in the range {range}",
        "err_usage_kind": "{value} is not a valid {kind}",
        # errors: files (app/files.py, app/io.py)
        "kind_folder": "a folder", "kind_fifo": "a FIFO (named pipe)", "kind_chr": "a character device",
        "kind_blk": "a block device", "kind_sock": "a socket", "kind_other": "not a regular file", "kind_file": "a file",
        "err_not_found": "{what} '{path}' not found; check the path (the current folder is {cwd})",
        "err_cannot_read": "cannot read {what} '{path}': {why}",
        "err_input_folder": "{what} '{path}' is a folder; give a file inside it",
        "err_input_special": "{what} '{path}' is {kind}, not a regular file; bpnn reads only regular files (copy the data into one first)",
        "err_nul_bytes": "{what} '{path}' is mostly NUL bytes ({nul} of its first {n} bytes), so it is not a table: the file is empty space, damaged or binary",
        "err_no_stdout": "{what} cannot go to standard output ('-'); give a file name",
        "err_output_is_input": "{what} '{path}' is the same file as the input '{source}'; give another name, or the input would be overwritten",
        "err_cannot_write": "cannot write {what} '{path}': {why}",
        "err_output_folder": "{what} '{path}' is a folder; give a file name, e.g. {example}",
        "err_via_symlink": " (through a symlink to '{real}')", "err_use_stdout": " (use '-' for standard output)",
        "err_output_special": "{what} '{path}' is {kind}{via}, not a regular file; bpnn writes only regular files{stdout}",
        "err_no_folder": "cannot write {what} '{path}': folder '{folder}' does not exist; create it first",
        "err_report_not_folder": "--report '{folder}' is {kind}; give a folder name",
        "err_report_overwrites": "--report '{folder}' would overwrite '{other}' (the report writes report.html and PNG plots there); give another folder",
        "err_save_nonfinite": "refusing to save a model whose weights contain NaN or inf (training diverged); lower the learning rate or scale the data, and train again",
        "err_write_failed": "cannot write {what} '{path}': {why}; choose another place",
        "err_model_refused": "'{path}' is not a usable bpnn model file: {what}",
        "err_max_params_env": "{name}={value!r} must be a whole number of weights, e.g. {example}",
        "err_model_not_found": "model file '{path}' not found; check the path, or train one with 'bpnn train ... --out {path}'",
        "err_model_folder": "'{path}' is a folder, not a model file",
        "err_model_truncated": "the archive is truncated or damaged; save the model again",
        "err_model_not_zip": "it is not a bpnn model (not a zip/npz archive); give a file written by 'bpnn train --out' or bpnn.app.io.save_model",
        "err_model_no_meta": "it is a NumPy/zip archive without '{meta}', so not written by bpnn",
        "err_model_pickle": "it holds Python objects (pickle), which bpnn never loads",
        "err_model_damaged": "{detail}; the file is damaged or not from bpnn",
        "err_model_checksum": "its checksum does not match its contents, so it was edited or damaged after bpnn wrote it; use the original file or train again",
        "err_model_nonfinite": "array '{name}' holds {count} NaN/inf value(s), so its predictions would be NaN; train again (or pass --allow-nonfinite to inspect it)",
        # the things a command reads or writes (the {what} of the messages above)
        "noun data file": "data file", "noun model file": "model file", "noun input file": "input file",
        "noun output": "output", "noun predictions": "predictions", "noun model": "model", "noun export": "export",
        "noun config file": "config file", "noun MATLAB file": "MATLAB file", "noun MATLAB function": "MATLAB function",
        "noun report": "report", "noun plot": "plot", "noun file": "file",
        # errors: tables (app/data.py)
        "did_you_mean": " (did you mean '{name}'?)",
        "row_line": "row {row} (line {line} of the file)",
        "err_unknown_scaling": "unknown scaling {name!r}{hint}; choose one of: {choices}",
        "err_unseen_label": "{where}: label {label!r} at row {row} was not seen in training (known classes: {known}); remove those rows or retrain with them",
        "err_all_constant": "all {d} input column(s) are constant over the {rows} training rows; there is nothing to learn from: check the data or the chosen columns",
        "err_input_columns": "expected {n} input columns ({names}), got {got}; pass the columns the model was trained on",
        "err_ratios_numbers": "division ratios must be three numbers like 0.7,0.15,0.15, got {shown!r}",
        "err_ratios_three": "division ratios must be three non-negative numbers (train, validation, test), got {shown!r}; e.g. 0.7,0.15,0.15",
        "err_ratios_sum": "division ratios must sum to 1, got {shown} (sum {total:g}); e.g. 0.7,0.15,0.15",
        "err_ratios_train": "the training ratio must be above 0; e.g. 0.7,0.15,0.15",
        "err_divide_method": "unknown division method {method!r}{hint}; choose one of: {choices}",
        "err_too_few_rows": "too few rows for the split: {n} row(s) with ratios {a:g}/{b:g}/{c:g} leave {left} for {name}; add rows, or change --divide (e.g. 1,0,0 trains on all rows without early stopping)",
        "err_for_train": "training", "err_for_val": "validation", "err_for_test": "test",
        "err_decimal_mark": "the decimal mark must be '.' or ',', got {decimal!r}; e.g. --decimal ,",
        "err_data_folder": "'{path}' is a folder; give the data file (a .csv or .xlsx) inside it",
        "err_excel_package": "reading Excel file '{path}' needs an extra package ({why}); install it with: pip install \".[xlsx]\" (from a clone of bpnn) or pip install openpyxl, or save the sheet as CSV",
        "err_excel_read": "cannot read Excel file '{path}': {why}; check the file and --sheet",
        "err_data_empty": "data file '{path}' is empty; it needs a header line and at least one row",
        "err_csv_parse": "cannot parse '{path}' as a table: {detail}; every line needs the same number of fields as the header",
        "err_read_failed": "cannot read '{path}': {why}",
        "err_data_no_rows": "data file '{path}' has a header but no data rows; add rows",
        "err_duplicate_columns": "data file '{path}' has duplicate column names {names}; give each column its own name",
        "err_decode": "cannot decode '{path}': it is neither UTF-8 nor GB18030 text; save it as UTF-8 CSV",
        "err_encoding": "unknown text encoding {encoding!r}; e.g. utf-8-sig, utf-8 or gb18030",
        "err_encode": "cannot write {where} in {encoding}: {chars!r} has no code there; choose --encoding utf-8-sig",
        "err_decimal_mixed": "'{path}': cannot tell the decimal mark: column {comma!r} has decimal commas ({comma_cell!r}) but column {point!r} has decimal points ({point_cell!r}); pass --decimal , or --decimal . (decimal= in bpnn.read_table) and fix the cells it then reports",
        "err_not_a_number": "{source}: column {column!r}, {where}: {cell!r} is not a number ({count} such cell(s)){hint}; fix the cell, or leave the column out (--features lists the input columns)",
        "hint_decimal_comma": ": it has a decimal comma; if the file's decimal mark is ',', pass --decimal , (decimal=',' in bpnn.read_table)",
        "hint_decimal_point": ": it has a decimal point but the file is read with decimal commas (--decimal .  reads points)",
        "err_target_columns_missing": "{source}: target column{s} {names} not found{hint}; the columns are: {columns}",
        "err_input_columns_missing": "{source}: input column{s} {names} not found{hint}; the columns are: {columns}",
        "cell_nan": "an empty cell (NaN)", "cell_inf": "inf",
        "err_bad_cells": "{source}: column {column!r}, {where} has {kind}; {count} row(s) have empty/NaN/inf cells: fill them in, or pass --drop-bad to leave those rows out",
        "note_dropped_bad": "dropped {count} row(s) with empty/NaN/inf cells (first: {where}, column {column!r})",
        "err_too_many_categories": "{source}: column {column!r} is text with {count} distinct values ({shown}, ...); at most {most} categories are one-hot encoded (one network input each), so it looks like a name, an identifier or free text: leave it out (--features lists the input columns) or group its values into fewer categories",
        "err_unseen_category": "{source}: column {column!r}, {where}: {cell!r} is a category the model was not trained on ({count} such row(s); known: {known}); fix the value, pass --drop-bad to leave those rows out, or retrain with rows that have it",
        "note_dropped_unseen": "dropped {count} row(s) with a category not seen in training (first: column {column!r}, {where}, {cell!r})",
        "err_task": "task must be auto, regression or classification, got {task!r}",
        "err_target_is_input": "column {target!r} is both the target and an input; leave it out of --features",
        "err_no_inputs": "{source}: no input columns besides the target {target!r}; the table needs at least one",
        "holds_text": "text labels", "holds_integers": "{count} integer values", "holds_numbers": "numbers",
        "note_task": "task: {task} (target {target!r} holds {kind}; --task {other} to change)",
        "err_no_label": "{source}: column {target!r}, {where} has no label; fill it in, or pass --drop-bad to leave such rows out",
        "note_dropped_unlabelled": "dropped {count} row(s) without a label (first: {where})",
        "err_single_class": "{source}: target {target!r} has a single class ({only!r}); classification needs at least two classes: check the target column",
        "err_no_rows_left": "{source}: no rows left after dropping bad ones; check the data",
        # errors: arrays and options (validation.py, optimizers, core)
        "err_not_numeric": "{name} must be numeric ({why}); convert text columns or labels first",
        "err_not_2d": "{name} must be a 2-D array (rows = samples), got shape {shape}; reshape it",
        "err_empty_array": "{name} is empty (shape {shape}); pass at least one row and one column",
        "err_array_nonfinite": "{name} contains {kind} at row {row}, column {column} ({count} NaN/inf value{s} in all); remove or impute those rows before training",
        "err_array_columns": "{name} has {got} column{s1} but the network expects {columns}; pass data with {columns} column{s2}",
        "err_rows_differ": "X has {x} rows but T has {t}; inputs and targets need one row per sample",
        "err_positive_integer": "{name} must be a positive integer, got {value!r}",
        "err_positive_number": "{name} must be a positive number, got {value!r}",
        "err_nonnegative_integer": "{name} must be a non-negative integer, got {value!r}",
        "err_nonnegative_number": "{name} must be a non-negative number, got {value!r}",
        "err_noise_algorithm": "input noise ({noise:g}) jitters each step's batch and needs a first-order algorithm (gd, gdm, rprop, adam); {algorithm} takes every row as it is, at once: leave the input noise unset, or use adam",
        "err_noise_streamed": "input noise ({noise:g}) jitters batches held in memory, and these rows are streamed from a source: leave the input noise unset, or load the rows",
        "err_noise_blocks": "input noise ({noise:g}) jitters each step's batch, and training on blocks of rows (workers, block rows) sums exact full-batch gradients: leave one of them unset",
        "err_noise_too_large": "input noise σ = {noise:g} overflows {dtype}: the jittered inputs would be infinite; give σ in the units of the (scaled) inputs, e.g. 0.05 to 0.2",
        "err_times_networks": " × {k} networks",
        "err_jacobian_too_big": "{algorithm} needs a {rows}×{p} Jacobian and {p}×{p} matrices (JᵀJ, its damped copy, the factor){times} ≈ {need}, more than the {limit:.0f} GiB limit; use 'scg' or 'rprop' (memory O(p)), fewer rows or a smaller network",
        "err_memory": "{what} needs about {need} of memory, more than the {free} available; {hint}",
        "err_label_types": "{name} mixes label types ({shown}); make every label the same type, e.g. all strings",
        "err_unknown_algorithm": "unknown training algorithm {name!r}{hint}; choose one of: {choices} (MATLAB: {matlab})",
        "err_unknown_activation": "unknown activation {name!r}{hint}; choose one of: {choices}",
        "err_unknown_loss": "unknown loss {name!r}{hint}; choose one of: {choices}",
        # errors: training settings (app/workflow.py)
        "err_hidden_numbers": "hidden layer sizes must be whole numbers like 10 or 10,5, got {hidden!r}",
        "err_hidden_positive": "hidden layer sizes must be positive whole numbers, got {hidden!r}; e.g. 10 or 10,5",
        "err_rows_targets": "X has {n} rows but y has {m}; give one target per row",
        "err_ensemble": "ensemble must be a whole number of networks, 1 or more, got {ensemble!r}",
        "err_class_weight_task": "class_weight is for classification; this is {task}: use sample_weight to weight rows",
        "err_zero_weights": "every training row has weight zero; give the training rows weights above zero",
        # errors: engines (engines/select.py)
        "err_unknown_engine": "unknown engine {engine!r}; choose one of: {choices}",
        "err_engine_name": "engine must be a name: {choices}; got {engine!r}",
        "err_engine_cannot_train": "engine {engine!r} cannot train this: {why}; use engine='auto' or another of {choices}",
        "err_engine_cannot_compute": "engine '{engine}' cannot compute this: {why}",
        # errors and notes of bpnn train, predict, export (cli/train.py)
        "err_option_choice": "{option} must be one of {choices}, got {value!r}",
        "err_class_weight_value": "--class-weight takes 'balanced', got {value!r}",
        "err_batch_size_stream": "--batch-size goes with --stream, or with a first-order --algo (gd, gdm, rprop, adam) on rows in memory without --block-rows/--workers/--scheduler; otherwise training is full-batch",
        "err_noise_algo_option": "--input-noise {noise:g} jitters each step's batch and needs a first-order algorithm (--algo gd, gdm, rprop or adam); --algo {algorithm} trains on all rows as they are, at once: add --algo adam (with --batch-size, e.g. 32, for minibatches), or leave --input-noise out",
        # errors and notes of data-parallel training (cli/train.py, app/sweep.py, app/streamed.py, training/)
        "err_stream_blocks": "--stream with --scheduler/--workers trains full-batch on blocks of the file that the workers read (no --batch-size, no --block-rows); --stream alone takes minibatches",
        "err_scheduler_or_workers": "give either --scheduler (a running Dask cluster) or --workers (local processes), not both",
        "err_workers_need_dask": "--workers needs dask.distributed: pip install 'bpnn[dask]'",
        "err_range_lines": "{error} (line numbers counted from byte {byte} of the file, the header being line 1)",
        "err_empty_byte_block": "'{path}': a block of its bytes holds no rows; use fewer blocks",
        "err_cluster_silent": "the Dask cluster does not answer: {why}",
        "dp_where_workers": "{workers} Dask worker(s){at}", "dp_at": " at {scheduler}", "dp_where_here": "this process",
        "dp_line": "data-parallel: {blocks} block(s) of {size} rows on {where}, summed in block order",
        "note_large_file": "{data} is {mib:.0f} MiB: reading it whole takes about {gib:.1f} GiB of memory, and each full-batch epoch goes over every row; --stream trains from chunks of {rows} rows in bounded memory",
        "err_class_weight_regression": "--class-weight is for classification; {target!r} is a regression target (--task classification if its values are classes)",
        "note_slow_jacobian": "{algo} forms a {rows}×{p} Jacobian each epoch; expect it to be slow (scg suits this size)",
        "hint_memory_train": "use fewer hidden units or rows, or --algo scg / rprop (memory O(weights))",
        "note_few_samples": "{values} target values for {weights} weights: training regularises with weight decay λ = {lam:g}{averages} (--weight-decay, --hidden)",
        "note_averages": " and averages {k} networks",
        "note_class_weights": "class weights ({how}): {rows} training rows after repeating each class's rows round(weight / smallest weight) times",
        "note_interrupted_saved": "interrupted: saved {count} trained network(s) with their best weights to {out}; exit status 130",
        "err_stream_csv": "--stream reads CSV files in chunks; save '{data}' as CSV first",
        "note_interrupted_stream": "interrupted: saved the network with its best weights so far to {out}",
        "err_extra_columns": "{data}: columns {names} are not used by the model (it takes {columns}); remove them, or pass --keep-extra to copy them to the output",
        "err_extra_column": "{data}: column {names} is not used by the model (it takes {columns}); remove it, or pass --keep-extra to copy it to the output",
        # errors of the other commands' options (cli/)
        "err_option_needs_value": "{option} needs at least one value",
        "err_option_numbers": "{option} takes comma-separated numbers, got {value!r}",
        "err_sweep_out_file": "--out '{out}' is a file; give a folder for the sweep's outputs",
        "err_sizes": "--sizes must list at least two positive integers, inputs first, e.g. 2,5,3,1; got {value!r}",
        "err_sizes_too_big": "--sizes {value} makes a network of {weights:,} weights; gradcheck takes up to {most:,} (finite differences run two passes per weight); check a smaller network",
        "err_option_positive": "{option} must be positive, got {value}",
        "err_eps": "--eps must be a small positive step, e.g. 1e-6, got {value:g}",
        "err_gradcheck_engine": "--engine must be auto, all or one of {choices}; got {value!r}",
        "err_reference": "--reference must be fd, torch or both, got {value!r}",
        "err_reference_torch": "--reference torch needs PyTorch; install it (pip install torch) or use --reference fd",
        "err_activation_list": "--activation needs a name, e.g. tanh, or one per hidden layer: tanh,sigmoid",
        "err_option_list": "{option} must be a comma-separated list of {kind} values, got {value!r}",
        "err_option_needs_value_eg": "{option} needs at least one value, e.g. {option} 1,2,4",
        "err_seeds": "--seeds must be at least 1, got {value}",
        "err_all_positive": "{option} must all be positive, got {value!r}",
        "err_hidden_sizes_positive": "--hidden sizes must be positive, got {value!r}",
        "err_unknown_demo": "unknown demo {name!r}; available: sin",
        "err_print_every": "--print-every must be 0 or more, got {value}",
        "err_write_output": "cannot write {output}: {why}; choose another path", "wrote": "wrote {path}",
        "err_config_utf8": "config file '{path}' is not UTF-8 text",
        "err_config_toml": "config file '{path}' is not valid TOML: {why}",
        "err_config_key": "config file '{path}': unknown key {key!r}{hint}; keys are the long options of bpnn train: {keys}",
        "err_config_table": "config file '{path}': {key!r} is a table; give it a value (a number, text or list)",
        "err_bench_folder": "bpnn bench runs the benchmarks in the repository's benchmarks/ folder, which was not found (looked in {places}); run it from a clone of the repository or set BPNN_BENCHMARKS to that folder",
        "err_repeats": "--repeats must be 1 or more, got {value}",
        "err_bench_figure": "unknown figure {name!r}; choose from {choices}, e.g. --only P1,P3",
        # errors of the process (cli/app.py)
        "err_os": "cannot complete the output{where}: {why}; {hint}", "err_os_where": " '{name}'",
        "err_os_stdout": " to standard output", "err_os_nospace": "free some space or write elsewhere",
        "err_os_pipe": "the reader closed the pipe", "err_os_readonly": "the file system is read-only; write elsewhere",
        "err_os_access": "no permission; write elsewhere", "err_os_other": "check the place and try again",
        "err_out_of_memory": "out of memory; use a smaller network or less data (see docs/robustness.md)",
        # bpnn export
        "export_python": "wrote {output}: {name}(X) takes rows of {features}",
        "export_onnx": "wrote {output} (ONNX opset {opset}): input X = rows of {features}; outputs {outs}",
        "export_torch": "wrote {output}: torch.export.load('{output}').module()(X) takes rows of {features}",
        "export_matlab": "wrote {output} and {m_file}: {name}(X) takes X with one column per sample (rows {features})",
        # the advisor's pitfalls (app/advisor.py)
        "adv_bounded_targets": "targets span [{low:.4g}, {high:.4g}] but the output activation {f!r} only reaches ({lo:g}, {hi:g}); scale the targets (mapminmax) or use a linear output",
        "adv_the_columns": "the columns",
        "adv_unscaled_inputs": "inputs are not scaled ({which} reach |x| up to {most:.4g}; column ranges differ by up to {ratio:.3g}×): tanh/sigmoid units saturate; scale them to [-1, 1] (mapminmax) or to mean 0, std 1 (mapstd)",
        "adv_constant_column": "input {name} is constant ({value:g}): it carries no information; remove it",
        "adv_duplicate_column": "input {name} duplicates {other}: remove one of them",
        "adv_few_samples": "{values} target values for {weights} weights (fewer than {per:g} per weight): the network can memorise the data; use fewer hidden units, early stopping on a validation set, weight decay (weight_decay=0.01; bpnn train's default here), or Bayesian regularisation (bpnn train --algo br; in Python algorithm='br')",
        "adv_rare_class": "class {label!r} has only {k} sample{s}: too few to learn or to test; collect more or merge it with a similar class",
        "adv_widening_gap": "after epoch {b} the validation loss rose ({v0:.4g} → {v1:.4g}) while the training loss fell ({t0:.4g} → {t1:.4g}): the network over-fits; keep the best-validation weights (the default with a validation set), use fewer hidden units or Bayesian regularisation (bpnn train --algo br; in Python algorithm='br')",
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
        "info_settings": "settings:",     # then app.report.settings_rows, one per line
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
        "rp_option": "option {name}", "rp_option_weight_decay": "weight decay λ",
        "rp_option_input_noise": "input noise σ (scaled inputs)", "rp_option_lr": "learning rate",
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
        "ex_batch_loss": "training loss (epoch's batches)",
        "ex_curve_caption_batches": "training loss (the mean of each epoch's minibatch losses, taken on the inputs as the steps saw them) and test error per epoch",
        "ex_test_set_title": "{title}, test set", "ex_confusion_caption": "confusion matrix of the test set",
        "ex_adam_cosine": "adam, lr {lr:g} with a cosine schedule to 0, minibatches of {batch}, {epochs} epochs; "
                          "seed {seed}",
        "ex_input_noise": "input noise", "ex_input_noise_value": "each step's inputs + σ·N(0, 1), σ = {sigma:g}",
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
        "ex_letters_sk_256_figure": "96.45% in 13–21 s (this machine)",
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
        # bpnn explain (teach/explain.py: its words are these keys without the explain_ prefix)
        'explain_title': 'One training step of a BP network, with real numbers',
        'explain_network': 'Network {arch}: {acts}; {p} parameters; loss {loss}; learning rate η = {lr}.',
        'explain_origin_article': "Weights: the article's initial weights (torch.manual_seed(99), randn). Data: {k} of the article's {N} points of y = sin(x).",
        'explain_origin_seeded': "Weights: randn from bpnn's generator, seed {seed}. Data: {k} of the article's {N} points of y = sin(x).",
        'explain_origin_model': "Weights: the network of the model file {path}{member} (it works in the units its inputs have after the model's preprocessing; the samples below are in those units).",
        'explain_member': ", the first of the ensemble's {k}",
        'explain_origin_given': 'Weights: the network as given.',
        'explain_origin_random': 'Data: {k} random samples (seed {seed}).',
        'explain_origin_data': 'Data: the samples as given.',
        'explain_task_ce': 'Task: classify the sign of sin(x); targets are one-hot rows (sin x < 0, sin x ≥ 0).',
        'explain_task_bce': 'Task: classify the sign of sin(x); target 1 when sin x ≥ 0.',
        'explain_note_float64': 'The model is float32; this step is computed on a float64 copy so that the finite differences are accurate.',
        'explain_samples': 'Samples (one row each)',
        'explain_sample': 'sample {i}',
        'explain_unit': 'unit {j}',
        'explain_input': 'x{j}',
        'explain_target': 'T{j}',
        'explain_h_notation': 'Notation: rows are samples',
        'explain_notation': 'X is n×d (here {n}×{d}); layer l computes z⁽ˡ⁾ from the layer below, applies its activation f⁽ˡ⁾, and back-propagation computes δ⁽ˡ⁾ = ∂E/∂z⁽ˡ⁾:',
        'explain_h_columns': "The article's columns and bpnn's rows",
        'explain_columns': "The article keeps one sample per column and writes W @ x; bpnn keeps one sample per row and writes a W. The two are transposes of each other: the article's w1 is W⁽¹⁾ᵀ, its z, a and δ are the transposes of the matrices below, and the gradient it reads from w1.grad is (∂E/∂W⁽¹⁾)ᵀ. Biases are the same numbers.",
        'explain_col_article': 'article (columns)',
        'explain_col_bpnn': 'bpnn (rows)',
        'explain_samples_row': 'samples',
        'explain_layer': 'layer {l}',
        'explain_units_by_samples': 'units × samples',
        'explain_samples_by_units': 'samples × units',
        'explain_h_weights': '1. The weights before the step',
        'explain_h_forward': '2. Forward pass',
        'explain_layer_kind_hidden': 'Layer {l} (hidden, {f}):',
        'explain_layer_kind_output': 'Layer {l} (output, {f}):',
        'explain_shape': '{r}×{c}',
        'explain_h_loss': '3. The loss',
        'explain_loss_line': 'E = {formula} = {E}',
        'explain_output': 'output a{j}',
        'explain_error': 'a{j} − T{j}',
        'explain_h_backward': '4. Backward pass: δ for each layer',
        'explain_backward_intro': "δ is computed from the output layer down; every δ⁽ˡ⁾ below is the engine's own (bpnn.core.backprop.loss_and_grad, traced).",
        'explain_bp1': "Layer {l}, BP1: δ⁽ᴸ⁾ = ∂E/∂a⁽ᴸ⁾ ⊙ f'(z⁽ᴸ⁾)",
        'explain_bp1_canonical': 'Layer {l}, BP1 for {f} + {loss}: the product simplifies to δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − T) / n',
        'explain_bp2': "Layer {l}, BP2: δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ f'(z⁽ˡ⁾)",
        'explain_dE_da': '∂E/∂a for {loss}: {formula}',
        'explain_derivative': "the derivative of {f}: f'(z) = {d}",
        'explain_jacobian': "{f} mixes the units of a row: ∂E/∂z_k = Σ_j ∂E/∂a_j · a_j (δ_jk − a_k), i.e. f' is the Jacobian {d}",
        'explain_h_grads': '5. Gradients (BP3, BP4) beside independent checks',
        'explain_grads_intro': "BP3 sums δ over the samples; BP4 multiplies it by the layer's input. Each entry is shown beside its central finite difference (ε = {eps}){torch}.",
        'explain_grads_torch': " and PyTorch autograd's value",
        'explain_worked': 'Written out for the first weight and bias of layer {l}:',
        'explain_param': 'parameter',
        'explain_bp': 'back-propagation',
        'explain_fd': 'finite differences',
        'explain_torch': 'autograd (PyTorch)',
        'explain_relerr': 'relative error of back-propagation against {ref}: {err}',
        'explain_h_update': '6. The update: θ ← θ − η ∂E/∂θ, η = {lr}',
        'explain_before': 'before',
        'explain_step': '−η ∂E/∂θ',
        'explain_after': 'after',
        'explain_after_loss': 'The loss on these samples goes from {E} to {E_after} after this one step.',
        'explain_engine_reference': 'bpnn.train computes this gradient with the reference engine: the code traced above.',
        'explain_engine_other': 'bpnn.train computes this gradient with the {engine} engine ({reason}); its gradient and the traced one above differ by {err} (relative). docs/engine.md shows how it rearranges BP1–BP4.',
        'explain_footer': 'Every z, a, δ and gradient above comes from bpnn.core.backprop.loss_and_grad (its trace argument), the reference engine, which every faster engine is held equal to.',
        'explain_ref_fd': 'finite differences', 'explain_ref_torch': 'PyTorch autograd',
        # -- zhrest: damaged model files (bpnn.app.io), the sweep, --lang, gradcheck's network -----------
        # a model file's details, after err_model_refused's "'{path}' is not a usable bpnn model file: "
        "err_mf_inflate_total": "its {entries} entries would inflate to {gib:.1f} GiB in all, more than the {cap} GiB cap (bpnn.app.io.MAX_TOTAL_BYTES) or {most} entries (a model file's arrays are far smaller)",
        "err_mf_inflate_entry": "entry '{name}' would inflate to {gib:.1f} GiB (a model file's arrays are far smaller)",
        "err_mf_inflate_meta": "'{name}' would inflate past {mib} MiB",
        "err_mf_entry_shape": "entry '{name}' declares shape {shape} ({need} bytes) but holds {have} bytes of data",
        "err_mf_archive": "the archive is damaged ({kind}: {detail})",
        "err_mf_meta_bytes": "'{meta}' is not UTF-8 bytes of at most {mib} MiB",
        "err_mf_meta_utf8": "'{meta}' is not UTF-8 text ({detail})",
        "err_mf_meta_deep": "'{meta}' nests {depth} levels deep, more than the {most} allowed (bpnn writes 4)",
        "err_mf_meta_json": "'{meta}' is not valid JSON ({detail})",
        "err_mf_format": "'{meta}' does not say format '{format}'",
        "err_mf_schema_int": "schema version {schema} is not a whole number",
        "err_mf_schema_newer": "it was written by a newer bpnn ({version}, schema {schema}); this bpnn reads schema {ours}: upgrade bpnn (git pull and pip install . in its clone)",
        "err_mf_schema_unknown": "unknown schema version {schema}",
        "err_mf_network": "'network' is missing or not an object",
        "err_mf_sizes": "'network.sizes' must list 2 to {most} positive whole numbers, got {got}",
        "err_mf_activations": "'network.activations' must name one activation per layer ({n})",
        "err_mf_dtype": "'network.dtype' is {got}, not float64 or float32",
        "err_mf_count": "'network.count' must be a whole number from 1 to {most}, got {got}",
        "err_mf_too_many": "it declares {count} network(s) of {per:,} weights ({total:,} in all), more than the cap of {cap:,} (bpnn.app.io.MAX_PARAMS; raise it with {env}=N if you trust the file)",
        "err_mf_arrays_differ": "the arrays listed in its JSON differ from those in the archive",
        "err_mf_array_declared": "array '{name}' is declared as {spec}, not a {dtypes} array of at most 2 dimensions",
        "err_mf_theta_declared": "'network.theta' is declared as {got}, but {count} network(s) {arch} need [{count}, {per}]",
        "err_mf_total": "its arrays declare {gib:.1f} GiB, more than the {cap} GiB cap (bpnn.app.io.MAX_TOTAL_BYTES)",
        "err_mf_array_mismatch": "array '{name}' has dtype {dtype} and shape {shape}, expected {spec}",
        "err_mf_not_object": "'{key}' is {kind}, not an object",
        "err_mf_must_object": "'{key}' must be an object",
        "err_mf_text": "'{key}' must be text",
        "err_mf_numbers": "'{key}' must be a list of numbers",
        "err_mf_whole": "'{key}' must be a whole number",
        "err_mf_records": "'records' is {kind}, not a list of objects",
        "err_mf_pre_lists": "'preprocessing' needs 'features', 'target' and 'notes' as lists of names",
        "err_mf_pre_task": "'preprocessing.task' is {got}, not 'regression' or 'classification'",
        "err_mf_pre_classes": "'preprocessing.classes' must be a list of at least 2 distinct labels (text or numbers)",
        "err_mf_pre_scaler": "'preprocessing.{key}' must be null or an object with a 'name' and numbers 'ymin'/'ymax'",
        "err_mf_inconsistent": "inconsistent contents ({kind}: {detail})",
        "err_mf_act_count": "{n} activations for {layers} layers",
        "err_mf_theta_shape": "network.theta has shape {shape} ({dtype}); {count} network(s) {arch} need {want} ({want_dtype})",
        "err_mf_pre_sizes": "preprocessing gives {inputs} inputs and {outputs} outputs, the network has {n_in} and {n_out}",
        "err_mf_scaler_columns": "{key} has {n} columns, expected {width}",
        # an unknown --lang: said in every language, as the language is not known yet
        "err_lang_unknown": "--lang must be {choices}, got {value!r}", "or": " or ",
        # bpnn sweep (bpnn.cli.sweep, bpnn.app.sweep); the CSV/JSON columns keep their names
        "sw_progress": "[{done}/{total}] fold {fold}: {setting}: {score:.4g}",
        "sw_interrupted": "interrupted; finished folds are in {path}: run the same command to resume",
        "sw_resumed": "resumed: {n} fold(s) read from {path}",
        "sw_col_rank": "rank", "sw_col_score": "{score} (mean ± sd over {folds} folds)", "sw_col_setting": "setting",
        "sw_best": "best: {setting} ({score} {mean:.4g} over {folds} folds)",
        "sw_wrote_csv": "csv", "sw_wrote_json": "json", "sw_wrote_plot": "plot", "sw_wrote_model": "model",
        "sw_plot_x": "{score} on the held-out fold ({folds}-fold; higher is better)",
        "sw_plot_x_lower": "{score} on the held-out fold ({folds}-fold; lower is better)",
        "sw_plot_title": "bpnn sweep: score against settings", "sw_plot_title_more": "bpnn sweep: score against settings (best {limit} of {n})",
        "noun sweep table": "sweep table", "noun sweep results": "sweep results", "noun sweep plot": "sweep plot",
        "err_sw_unknown": "a sweep varies {names}; {unknown} is not one of them",
        "err_sw_no_values": "the sweep's {name} has no values; give at least one",
        "err_sw_numbers": "the sweep's {name} must be numbers, got {values!r}",
        "err_sw_ranges": "the sweep's lr must be > 0, weight_decay ≥ 0 and restarts ≥ 1",
        "err_sw_no_settings": "the sweep has no settings to train (br takes no weight_decay: add 0 to the weight decays)",
        "err_sw_n_iter": "a random search needs n_iter ≥ 1 (--n-iter): how many settings to draw",
        "err_sw_search": "search must be 'grid' or 'random', got {value!r}",
        "err_sw_folds": "folds must be a whole number from 2 to the number of rows ({n}), got {value!r}",
        "err_sw_stratified": "stratified {folds}-fold cross-validation needs at least {folds} rows of each class; the smallest class has {fewest}: use fewer --folds",
        "err_sw_dask_missing": "a Dask scheduler needs dask.distributed: pip install 'bpnn[dask]'",
        "err_sw_dask_reach": "cannot reach the Dask scheduler at {scheduler!r}: {why}; start one with 'dask scheduler' (and workers with 'dask worker {scheduler}'), or leave out --scheduler to run on this machine (bpnn sweep -j N, bpnn train --workers N)",
        "err_sw_not_results": "{path} is not a bpnn sweep results file; give another output folder, or remove it",
        "err_sw_other_results": "{path} holds a sweep of other data or other options (folds, seed, score, epochs...); resume it with the same ones, or write to another folder",
        "err_sw_X": "X must be a table of rows (n × d), got shape {shape}",
        "err_sw_rows": "X has {n} rows but y has {m}; give one target per row",
        "err_sw_score": "score for {task} must be {allowed}, got {value!r}",
        "err_sw_n_jobs": "n_jobs must be a whole number ≥ 1, got {value!r}",
        "err_sw_sets_itself": "a sweep sets {name} itself (folds and a 15% validation share); leave it out",
        "err_sw_no_fold": "the sweep finished no fold",
        # a network in words (network_words; in English as bpnn.core.network.Network's repr): gradcheck, demo
        "network_words": "Network({sizes}, {activations}, {n} parameters, {dtype})",
        # bpnn import-matlab: a .mat file bpnn cannot read (bpnn.app.matlab)
        "err_mx_refused": "'{path}' is not a MATLAB shallow network bpnn can read: {what}",
        "err_mx_cell": "{what} must be a cell array (as net.{what} is), got {kind}",
        "err_mx_text": "{what} must be text, got {kind}",
        "err_mx_texts": "{what} must be a cell array of text",
        "err_mx_matrix": "{what} must be a numeric matrix, got {kind}",
        "err_mx_shape": "{what} has shape {shape}, expected {want}",
        "err_mx_nonfinite": "{what} holds NaN or Inf",
        "err_mx_v73": "it is a MATLAB -v7.3 (HDF5) file; save it again with save(..., '-v7')",
        "err_mx_unreadable": "scipy cannot read it as a .mat file ({kind}: {detail})",
        "err_mx_no_iw": "it has no IW (input weights) variable, nor one struct holding IW, LW and b; its variables are {names}",
        "err_mx_scaling": "{where} uses '{fcn}', which bpnn has no scaling for (it reads removeconstantrows, mapminmax and mapstd)",
        "err_mx_gain_zero": "{where}.gain holds 0, so the scaling cannot be undone",
        "err_mx_missing": "it has IW but no {key}; a shallow network needs IW, LW, b and transferFcn",
        "err_mx_chain": "{L} transfer function(s), {nb} bias vector(s) and an LW of {lw} do not describe one chain of layers (need L, L and L×L)",
        "err_mx_inputs": "IW must hold one input's weights (IW{{1,1}}); networks with several inputs are not shallow feed-forward networks bpnn reads",
        "err_mx_transfer": "layer {l}'s transfer function '{tf}' has no bpnn activation (bpnn reads {known})",
        "err_mx_lw_extra": "LW{{{i},{j}}} is not empty: only LW{{l+1,l}} connections (one chain of layers) make a shallow feed-forward network",
        "err_mx_lw_columns": "LW{{{a},{l}}} is {shape}, but layer {l} has {n} units: it needs {n} columns",
        "err_mx_committee": "committee{{{k}}} does not have {L} layers",
        "err_mx_process_count": "{n} input processing function(s) but {m} settings",
        "err_mx_removeconstant_first": "removeconstantrows must come first, once",
        "err_mx_keep": "{where}.keep must list {n} distinct rows of 1..{d} (IW{{1,1}} has {n} columns)",
        "err_mx_keep_order": "{where}.keep must list its rows in increasing order",
        "err_mx_one_scaling": "input processing {fcns}: bpnn applies at most one scaling",
        "err_mx_features": "features names {n} columns, the inputs are {d}",
        "err_mx_classes": "classes lists {n} distinct label(s), the softmax layer has {m} outputs",
        "err_mx_out_process_count": "{n} output processing function(s) but {m} settings",
        "err_mx_out_constant": "{where} removed a constant target row, which bpnn cannot restore",
        "err_mx_out_one_scaling": "output processing {fcns}: bpnn applies at most one scaling",
        "err_mx_target": "target names {n} column(s), the network has {m} outputs",
        # -- end of zhrest ------------------------------------------------------------------------------
    },
    "zh": {
        # errors ---------------------------------------------------------------------------------
        "err_usage_see": "{message}（见 '{where} --help'）",
        "err_usage_no_option": "没有选项 {option}", "err_usage_no_command": "没有命令 '{name}'",
        "err_usage_missing_argument": "缺少参数 '{name}'", "err_usage_missing_option": "缺少选项 '{name}'",
        "err_usage_missing_command": "缺少命令", "err_usage_needs_value": "选项 '{option}' 后面需要一个值",
        "err_usage_no_value": "选项 '{option}' 不接受值",
        "err_usage_extra": "多余的参数（{args}）", "err_usage_invalid": "{name} 的值无效：{why}",
        "err_usage_at_least": "应不小于 {n}", "err_usage_at_most": "应不大于 {n}",
        "err_usage_above": "应大于 {n}", "err_usage_below": "应小于 {n}",
        "err_usage_integer": "应为整数", "err_usage_number": "应为数值", "err_usage_boolean": "应为布尔值",
        "err_usage_choice": "{value} 不在可选值 {choices} 之中", "err_usage_range": "{value} 不在范围 {range} 之内",
        "err_usage_kind": "{value} 不是有效的 {kind}",
        "kind_folder": "文件夹", "kind_fifo": "FIFO（命名管道）", "kind_chr": "字符设备", "kind_blk": "块设备",
        "kind_sock": "套接字", "kind_other": "非普通文件", "kind_file": "文件",
        "err_not_found": "找不到{what} '{path}'；请检查路径（当前文件夹是 {cwd}）",
        "err_cannot_read": "无法读取{what} '{path}'：{why}",
        "err_input_folder": "{what} '{path}' 是文件夹；请给出其中的文件",
        "err_input_special": "{what} '{path}' 是{kind}，不是普通文件；bpnn 只读取普通文件（请先把数据复制到一个普通文件中）",
        "err_nul_bytes": "{what} '{path}' 大部分是 NUL 字节（前 {n} 个字节中有 {nul} 个），不是数据表：文件是空白、已损坏或是二进制文件",
        "err_no_stdout": "{what}不能写到标准输出（'-'）；请给出文件名",
        "err_output_is_input": "{what} '{path}' 与输入 '{source}' 是同一个文件；请换一个名字，否则输入会被覆盖",
        "err_cannot_write": "无法写入{what} '{path}'：{why}",
        "err_output_folder": "{what} '{path}' 是文件夹；请给出文件名，例如 {example}",
        "err_via_symlink": "（经由指向 '{real}' 的符号链接）", "err_use_stdout": "（标准输出请用 '-'）",
        "err_output_special": "{what} '{path}' 是{kind}{via}，不是普通文件；bpnn 只写入普通文件{stdout}",
        "err_no_folder": "无法写入{what} '{path}'：文件夹 '{folder}' 不存在；请先创建它",
        "err_report_not_folder": "--report '{folder}' 是{kind}；请给出文件夹名",
        "err_report_overwrites": "--report '{folder}' 会覆盖 '{other}'（报告会在那里写入 report.html 和 PNG 图）；请换一个文件夹",
        "err_save_nonfinite": "拒绝保存权值含有 NaN 或 inf 的模型（训练发散了）；请降低学习率或对数据归一化，然后重新训练",
        "err_write_failed": "无法写入{what} '{path}'：{why}；请换一个位置",
        "err_model_refused": "'{path}' 不是可用的 bpnn 模型文件：{what}",
        "err_max_params_env": "{name}={value!r} 应为权值个数（整数），例如 {example}",
        "err_model_not_found": "找不到模型文件 '{path}'；请检查路径，或用 'bpnn train ... --out {path}' 训练一个",
        "err_model_folder": "'{path}' 是文件夹，不是模型文件",
        "err_model_truncated": "压缩包不完整或已损坏；请重新保存模型",
        "err_model_not_zip": "它不是 bpnn 模型（不是 zip/npz 压缩包）；请给出 'bpnn train --out' 或 bpnn.app.io.save_model 写出的文件",
        "err_model_no_meta": "它是不含 '{meta}' 的 NumPy/zip 压缩包，所以不是 bpnn 写出的",
        "err_model_pickle": "它含有 Python 对象（pickle），bpnn 从不加载这种内容",
        "err_model_damaged": "{detail}；文件已损坏或不是 bpnn 写出的",
        "err_model_checksum": "校验和与内容不符，说明 bpnn 写出后文件被修改或损坏了；请用原来的文件或重新训练",
        "err_model_nonfinite": "数组 '{name}' 含有 {count} 个 NaN/inf 值，其预测会是 NaN；请重新训练（或加 --allow-nonfinite 查看它）",
        "noun data file": "数据文件", "noun model file": "模型文件", "noun input file": "输入文件",
        "noun output": "输出文件", "noun predictions": "预测结果", "noun model": "模型", "noun export": "导出文件",
        "noun config file": "配置文件", "noun MATLAB file": "MATLAB 文件", "noun MATLAB function": "MATLAB 函数",
        "noun report": "报告", "noun plot": "图", "noun file": "文件",
        "did_you_mean": "（是不是 '{name}'？）",
        "row_line": "第 {row} 行（文件的第 {line} 行）",
        "err_unknown_scaling": "未知的归一化方法 {name!r}{hint}；可选：{choices}",
        "err_unseen_label": "{where}：第 {row} 行的标签 {label!r} 在训练时没有出现过（已知的类别：{known}）；请删去这些行，或带上它们重新训练",
        "err_all_constant": "全部 {d} 个输入列在 {rows} 个训练行上都是常数；没有可学习的内容：请检查数据或所选的列",
        "err_input_columns": "应有 {n} 个输入列（{names}），实际为 {got}；请给出训练模型时所用的列",
        "err_ratios_numbers": "数据划分比例应为三个数，如 0.7,0.15,0.15，实际为 {shown!r}",
        "err_ratios_three": "数据划分比例应为三个非负数（训练集、验证集、测试集），实际为 {shown!r}；例如 0.7,0.15,0.15",
        "err_ratios_sum": "数据划分比例之和应为 1，实际为 {shown}（和为 {total:g}）；例如 0.7,0.15,0.15",
        "err_ratios_train": "训练集的比例必须大于 0；例如 0.7,0.15,0.15",
        "err_divide_method": "未知的数据划分方法 {method!r}{hint}；可选：{choices}",
        "err_too_few_rows": "行数太少，无法划分：{n} 行按比例 {a:g}/{b:g}/{c:g} 只给{name}留下 {left} 行；请增加数据行，或修改 --divide（例如 1,0,0 用全部行训练，不提前停止）",
        "err_for_train": "训练集", "err_for_val": "验证集", "err_for_test": "测试集",
        "err_decimal_mark": "小数点只能是 '.' 或 ','，实际为 {decimal!r}；例如 --decimal ,",
        "err_data_folder": "'{path}' 是文件夹；请给出其中的数据文件（.csv 或 .xlsx）",
        "err_excel_package": "读取 Excel 文件 '{path}' 需要额外的软件包（{why}）；请安装：pip install \".[xlsx]\"（在 bpnn 的克隆中）或 pip install openpyxl，或把工作表另存为 CSV",
        "err_excel_read": "无法读取 Excel 文件 '{path}'：{why}；请检查文件和 --sheet",
        "err_data_empty": "数据文件 '{path}' 是空的；它需要一行表头和至少一行数据",
        "err_csv_parse": "无法把 '{path}' 解析为数据表：{detail}；每一行的字段数都必须与表头相同",
        "err_read_failed": "无法读取 '{path}'：{why}",
        "err_data_no_rows": "数据文件 '{path}' 只有表头，没有数据行；请添加数据行",
        "err_duplicate_columns": "数据文件 '{path}' 有重复的列名 {names}；请给每一列不同的名字",
        "err_decode": "无法解码 '{path}'：它既不是 UTF-8 也不是 GB18030 文本；请另存为 UTF-8 编码的 CSV",
        "err_encoding": "未知的文本编码 {encoding!r}；例如 utf-8-sig、utf-8 或 gb18030",
        "err_encode": "无法用 {encoding} 写出{where}：{chars!r} 在这种编码中没有对应的编码；请选择 --encoding utf-8-sig",
        "err_decimal_mixed": "'{path}'：无法判断小数点：列 {comma!r} 用小数逗号（{comma_cell!r}），而列 {point!r} 用小数点（{point_cell!r}）；请加 --decimal , 或 --decimal .（bpnn.read_table 中为 decimal=），并修正随后报告的单元格",
        "err_not_a_number": "{source}：列 {column!r}，{where}：{cell!r} 不是数值（这样的单元格共 {count} 个）{hint}；请修正该单元格，或不用这一列（--features 指定输入列）",
        "hint_decimal_comma": "：它用的是小数逗号；如果文件的小数点是 ','，请加 --decimal ,（bpnn.read_table 中为 decimal=','）",
        "hint_decimal_point": "：它用的是小数点，但文件是按小数逗号读取的（--decimal . 按小数点读取）",
        "err_target_columns_missing": "{source}：找不到目标列 {names}{hint}；现有的列：{columns}",
        "err_input_columns_missing": "{source}：找不到输入列 {names}{hint}；现有的列：{columns}",
        "cell_nan": "空单元格（NaN）", "cell_inf": "inf",
        "err_bad_cells": "{source}：列 {column!r}，{where} 是{kind}；共有 {count} 行含有空值、NaN 或 inf：请补上这些值，或加 --drop-bad 舍去这些行",
        "note_dropped_bad": "舍去了 {count} 行含有空值、NaN 或 inf 的行（第一个：{where}，列 {column!r}）",
        "err_too_many_categories": "{source}：列 {column!r} 是文本，有 {count} 个不同的值（{shown}, ...）；最多只对 {most} 个类别做独热编码（每个类别一个网络输入），所以它看来是名称、编号或自由文本：请不用这一列（--features 指定输入列），或把它的值归并为更少的类别",
        "err_unseen_category": "{source}：列 {column!r}，{where}：{cell!r} 是模型训练时没有见过的类别（这样的行共 {count} 行；已知的：{known}）；请修正该值，加 --drop-bad 舍去这些行，或用含有它的行重新训练",
        "note_dropped_unseen": "舍去了 {count} 行含有训练时未见过的类别的行（第一个：列 {column!r}，{where}，{cell!r}）",
        "err_task": "任务只能是 auto、regression 或 classification，实际为 {task!r}",
        "err_target_is_input": "列 {target!r} 既是目标又是输入；请把它从 --features 中去掉",
        "err_no_inputs": "{source}：除目标列 {target!r} 外没有输入列；数据表至少需要一个输入列",
        "holds_text": "文本标签", "holds_integers": "{count} 个整数值", "holds_numbers": "数值",
        "note_task": "任务：{task}（目标 {target!r} 为{kind}；要改变请用 --task {other}）",
        "err_no_label": "{source}：列 {target!r}，{where} 没有标签；请补上，或加 --drop-bad 舍去这样的行",
        "note_dropped_unlabelled": "舍去了 {count} 行没有标签的行（第一个：{where}）",
        "err_single_class": "{source}：目标 {target!r} 只有一个类别（{only!r}）；分类至少需要两个类别：请检查目标列",
        "err_no_rows_left": "{source}：去掉有问题的行之后没有剩下任何行；请检查数据",
        "err_not_numeric": "{name} 必须是数值（{why}）；请先转换文本列或标签",
        "err_not_2d": "{name} 必须是二维数组（每行一个样本），实际形状为 {shape}；请调整形状",
        "err_empty_array": "{name} 是空的（形状 {shape}）；至少需要一行一列",
        "err_array_nonfinite": "{name} 在第 {row} 行、第 {column} 列含有 {kind}（共 {count} 个 NaN/inf 值）；训练前请删去或填补这些行",
        "err_array_columns": "{name} 有 {got} 列，但网络需要 {columns} 列；请给出 {columns} 列的数据",
        "err_rows_differ": "X 有 {x} 行，而 T 有 {t} 行；输入与目标需要每个样本一行",
        "err_positive_integer": "{name} 必须是正整数，实际为 {value!r}",
        "err_positive_number": "{name} 必须是正数，实际为 {value!r}",
        "err_nonnegative_integer": "{name} 必须是非负整数，实际为 {value!r}",
        "err_nonnegative_number": "{name} 必须是非负数，实际为 {value!r}",
        "err_noise_algorithm": "输入噪声（{noise:g}）在每一步给小批量的输入加扰动，需要一阶算法（gd、gdm、rprop、adam）；{algorithm} 每次使用全部原样的样本：请不设输入噪声，或改用 adam",
        "err_noise_streamed": "输入噪声（{noise:g}）扰动的是内存中的小批量，而这些样本是从数据源流式读入的：请不设输入噪声，或把数据读入内存",
        "err_noise_blocks": "输入噪声（{noise:g}）在每一步扰动小批量，而按行块训练（工作进程、行块）计算的是精确的全批量梯度：两者请只设其一",
        "err_noise_too_large": "输入噪声 σ = {noise:g} 超出 {dtype} 的范围：加噪声后的输入会是无穷大；σ 的单位是（缩放后的）输入，例如 0.05 到 0.2",
        "err_times_networks": " × {k} 个网络",
        "err_jacobian_too_big": "{algorithm} 需要 {rows}×{p} 的雅可比矩阵和 {p}×{p} 的矩阵（JᵀJ、其加阻尼的副本、分解因子）{times}，约 {need}，超过 {limit:.0f} GiB 的上限；请用 'scg' 或 'rprop'（内存 O(p)），或减少行数，或用更小的网络",
        "err_memory": "{what} 约需 {need} 内存，超过可用的 {free}；{hint}",
        "err_label_types": "{name} 的标签类型混杂（{shown}）；请让所有标签类型一致，例如都用字符串",
        "err_unknown_algorithm": "未知的训练算法 {name!r}{hint}；可选：{choices}（MATLAB：{matlab}）",
        "err_unknown_activation": "未知的激活函数 {name!r}{hint}；可选：{choices}",
        "err_unknown_loss": "未知的损失函数 {name!r}{hint}；可选：{choices}",
        "err_hidden_numbers": "隐含层大小必须是整数，如 10 或 10,5，实际为 {hidden!r}",
        "err_hidden_positive": "隐含层大小必须是正整数，实际为 {hidden!r}；例如 10 或 10,5",
        "err_rows_targets": "X 有 {n} 行，而 y 有 {m} 个；请每行给一个目标值",
        "err_ensemble": "集成的网络个数必须是不小于 1 的整数，实际为 {ensemble!r}",
        "err_class_weight_task": "class_weight 只用于分类；这是 {task}：请用 sample_weight 给各行加权",
        "err_zero_weights": "所有训练行的权重都是零；请给训练行大于零的权重",
        "err_unknown_engine": "未知的计算引擎 {engine!r}；可选：{choices}",
        "err_engine_name": "计算引擎必须是名称：{choices}；实际为 {engine!r}",
        "err_engine_cannot_train": "计算引擎 {engine!r} 无法训练这个网络：{why}；请用 engine='auto' 或 {choices} 中的其他引擎",
        "err_engine_cannot_compute": "计算引擎 '{engine}' 无法计算这个网络：{why}",
        "err_option_choice": "{option} 只能是 {choices} 之一，实际为 {value!r}",
        "err_class_weight_value": "--class-weight 只接受 'balanced'，实际为 {value!r}",
        "err_batch_size_stream": "--batch-size 要与 --stream 一起用，或与一阶算法（--algo gd、gdm、rprop、adam）一起用于读入内存的数据（不带 --block-rows/--workers/--scheduler）；否则训练是全批量的",
        "err_noise_algo_option": "--input-noise {noise:g} 在每一步给小批量的输入加扰动，需要一阶算法（--algo gd、gdm、rprop 或 adam）；--algo {algorithm} 每次使用全部原样的样本：请加上 --algo adam（小批量训练再加 --batch-size，例如 32），或去掉 --input-noise",
        # errors and notes of data-parallel training (cli/train.py, app/sweep.py, app/streamed.py, training/)
        "err_stream_blocks": "--stream 与 --scheduler/--workers 一起用时，由各工作进程读取文件的各块，做全批量训练（不能再给 --batch-size 或 --block-rows）；只用 --stream 时按小批量训练",
        "err_scheduler_or_workers": "--scheduler（已运行的 Dask 集群）和 --workers（本机进程）只能给一个",
        "err_workers_need_dask": "--workers 需要 dask.distributed：pip install 'bpnn[dask]'",
        "err_range_lines": "{error}（行号从文件第 {byte} 字节处算起，表头为第 1 行）",
        "err_empty_byte_block": "'{path}'：按字节切出的某一块里没有任何行；请减少块数",
        "err_cluster_silent": "Dask 集群没有响应：{why}",
        "dp_where_workers": "{workers} 个 Dask 工作进程{at}", "dp_at": "（{scheduler}）", "dp_where_here": "本进程",
        "dp_line": "数据并行：{blocks} 块，每块 {size} 行，在{where}上计算，按块的顺序求和",
        "note_large_file": "{data} 有 {mib:.0f} MiB：整个读入约需 {gib:.1f} GiB 内存，且每一轮全批量训练都要遍历所有行；--stream 以每块 {rows} 行分块训练，内存用量有上限",
        "err_class_weight_regression": "--class-weight 只用于分类；{target!r} 是回归目标（如果它的值是类别，请用 --task classification）",
        "note_slow_jacobian": "{algo} 每轮都要构造 {rows}×{p} 的雅可比矩阵；训练会很慢（这种规模适合用 scg）",
        "hint_memory_train": "请减少隐含层神经元或行数，或用 --algo scg / rprop（内存 O(权值个数)）",
        "note_few_samples": "{values} 个目标值对 {weights} 个权值：训练采用权值衰减 λ = {lam:g} 正则化{averages}（--weight-decay、--hidden）",
        "note_averages": "，并对 {k} 个网络取平均",
        "note_class_weights": "类别权重（{how}）：把每个类别的行重复 round(权重 / 最小权重) 次之后，训练集共 {rows} 行",
        "note_interrupted_saved": "已中断：已把 {count} 个训练好的网络连同其最佳权值保存到 {out}；退出状态 130",
        "err_stream_csv": "--stream 分块读取 CSV 文件；请先把 '{data}' 另存为 CSV",
        "note_interrupted_stream": "已中断：已把网络连同目前最佳的权值保存到 {out}",
        "err_extra_columns": "{data}：列 {names} 不是模型所用的（模型使用 {columns}）；请删去它们，或加 --keep-extra 把它们复制到输出中",
        "err_extra_column": "{data}：列 {names} 不是模型所用的（模型使用 {columns}）；请删去它，或加 --keep-extra 把它复制到输出中",
        "err_option_needs_value": "{option} 至少需要一个值",
        "err_option_numbers": "{option} 接受用逗号分隔的数，实际为 {value!r}",
        "err_sweep_out_file": "--out '{out}' 是文件；请给出存放搜索结果的文件夹",
        "err_sizes": "--sizes 必须列出至少两个正整数，输入层在前，例如 2,5,3,1；实际为 {value!r}",
        "err_sizes_too_big": "--sizes {value} 构成的网络有 {weights:,} 个权值；gradcheck 最多检验 {most:,} 个（有限差分对每个权值要计算两遍）；请检验更小的网络",
        "err_option_positive": "{option} 必须是正数，实际为 {value}",
        "err_eps": "--eps 必须是一个小的正步长，例如 1e-6，实际为 {value:g}",
        "err_gradcheck_engine": "--engine 只能是 auto、all 或 {choices} 之一；实际为 {value!r}",
        "err_reference": "--reference 只能是 fd、torch 或 both，实际为 {value!r}",
        "err_reference_torch": "--reference torch 需要 PyTorch；请安装（pip install torch）或用 --reference fd",
        "err_activation_list": "--activation 需要一个名称，例如 tanh，或每个隐含层一个：tanh,sigmoid",
        "err_option_list": "{option} 必须是用逗号分隔的 {kind} 值，实际为 {value!r}",
        "err_option_needs_value_eg": "{option} 至少需要一个值，例如 {option} 1,2,4",
        "err_seeds": "--seeds 至少为 1，实际为 {value}",
        "err_all_positive": "{option} 必须都是正数，实际为 {value!r}",
        "err_hidden_sizes_positive": "--hidden 的大小必须是正数，实际为 {value!r}",
        "err_unknown_demo": "未知的演示 {name!r}；可用的：sin",
        "err_print_every": "--print-every 必须不小于 0，实际为 {value}",
        "err_write_output": "无法写入 {output}：{why}；请换一个路径", "wrote": "已写入 {path}",
        "err_config_utf8": "配置文件 '{path}' 不是 UTF-8 文本",
        "err_config_toml": "配置文件 '{path}' 不是有效的 TOML：{why}",
        "err_config_key": "配置文件 '{path}'：未知的键 {key!r}{hint}；键名是 bpnn train 的长选项名：{keys}",
        "err_config_table": "配置文件 '{path}'：{key!r} 是一个表；请给它一个值（数、文本或列表）",
        "err_bench_folder": "bpnn bench 运行仓库 benchmarks/ 文件夹中的基准测试，但没有找到它（找过 {places}）；请在仓库的克隆中运行，或把 BPNN_BENCHMARKS 设为那个文件夹",
        "err_repeats": "--repeats 必须不小于 1，实际为 {value}",
        "err_bench_figure": "没有测试项 {name!r}；可选 {choices}，例如 --only P1,P3",
        "err_os": "无法完成输出{where}：{why}；{hint}", "err_os_where": " '{name}'",
        "err_os_stdout": "到标准输出", "err_os_nospace": "请腾出一些空间或写到别处",
        "err_os_pipe": "读取方关闭了管道", "err_os_readonly": "文件系统是只读的；请写到别处",
        "err_os_access": "没有权限；请写到别处", "err_os_other": "请检查位置后重试",
        "err_out_of_memory": "内存不足；请用更小的网络或更少的数据（见 docs/robustness.md）",
        "export_python": "已写入 {output}：{name}(X) 接受由 {features} 组成的行",
        "export_onnx": "已写入 {output}（ONNX opset {opset}）：输入 X 为由 {features} 组成的行；输出 {outs}",
        "export_torch": "已写入 {output}：torch.export.load('{output}').module()(X) 接受由 {features} 组成的行",
        "export_matlab": "已写入 {output} 和 {m_file}：{name}(X) 接受每列一个样本的 X（各行依次为 {features}）",
        "adv_bounded_targets": "目标值范围为 [{low:.4g}, {high:.4g}]，但输出层激活函数 {f!r} 只能取到 ({lo:g}, {hi:g})；请对目标归一化（mapminmax），或用 linear 输出层",
        "adv_the_columns": "这些列",
        "adv_unscaled_inputs": "输入没有归一化（{which} 的 |x| 最大达 {most:.4g}；各列取值范围相差最多 {ratio:.3g} 倍）：tanh/sigmoid 神经元会饱和；请把输入归一化到 [-1, 1]（mapminmax）或均值 0、标准差 1（mapstd）",
        "adv_constant_column": "输入 {name} 是常数（{value:g}）：它不含任何信息；请去掉它",
        "adv_duplicate_column": "输入 {name} 与 {other} 相同：请去掉其中一个",
        "adv_few_samples": "{values} 个目标值对 {weights} 个权值（每个权值不到 {per:g} 个）：网络可能记住数据而不是学到规律；请减少隐含层神经元，用验证集提前停止，用权值衰减（weight_decay=0.01；bpnn train 在这里的默认值），或用贝叶斯正则化（bpnn train --algo br；Python 中 algorithm='br'）",
        "adv_rare_class": "类别 {label!r} 只有 {k} 个样本：太少，既难以学习也难以检验；请收集更多样本，或把它与相近的类别合并",
        "adv_widening_gap": "第 {b} 轮之后验证误差上升（{v0:.4g} → {v1:.4g}），而训练误差下降（{t0:.4g} → {t1:.4g}）：网络过拟合了；请保留验证误差最小时的权值（有验证集时的默认做法），减少隐含层神经元，或用贝叶斯正则化（bpnn train --algo br；Python 中 algorithm='br'）",
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
        "info_settings": "设置：",
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
        "gc_head": "梯度检验：网络 {net}（{what}），损失函数 {loss}{decay}，{n} 个随机样本（随机种子 {seed}）",
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
        "rp_option": "选项 {name}", "rp_option_weight_decay": "权值衰减系数 λ",
        "rp_option_input_noise": "输入噪声 σ（缩放后的输入）", "rp_option_lr": "学习率",
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
        "ex_batch_loss": "训练误差（本轮各小批量）",
        "ex_curve_caption_batches": "每轮的训练误差（本轮各小批量误差的平均，取自各步所见的输入）与测试集错误率",
        "ex_test_set_title": "{title}，测试集", "ex_confusion_caption": "测试集的混淆矩阵",
        "ex_adam_cosine": "adam，学习率 {lr:g}，按余弦调度降到 0，小批量 {batch} 个样本，{epochs} 轮；随机种子 {seed}",
        "ex_input_noise": "输入噪声", "ex_input_noise_value": "每一步的输入加 σ·N(0, 1)，σ = {sigma:g}",
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
        "ex_letters_sk_256_figure": "96.45%，用时 13–21 秒（本机）",
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
        # bpnn explain (teach/explain.py: its words are these keys without the explain_ prefix)
        'explain_title': 'BP 网络训练一步:每个数都算给你看',
        'explain_network': '网络 {arch}:{acts};共 {p} 个参数;损失函数 {loss};学习率 η = {lr}。',
        'explain_origin_article': '权重:原文的初始权重(torch.manual_seed(99),randn)。数据:原文 y = sin(x) 的 {N} 个点中取 {k} 个。',
        'explain_origin_seeded': '权重:bpnn 的随机数生成器按种子 {seed} 抽取的 randn 权重。数据:原文 y = sin(x) 的 {N} 个点中取 {k} 个。',
        'explain_origin_model': '权重:模型文件 {path} 中的网络{member}(它接收的是经过模型预处理之后的输入,下面的样本也用这种单位)。',
        'explain_member': ',即该集成模型 {k} 个网络中的第 1 个',
        'explain_origin_given': '权重:调用者给出的网络。',
        'explain_origin_random': '数据:{k} 个随机样本(种子 {seed})。',
        'explain_origin_data': '数据:调用者给出的样本。',
        'explain_task_ce': '任务:判断 sin(x) 的正负;目标是 one-hot 行(sin x < 0,sin x ≥ 0)。',
        'explain_task_bce': '任务:判断 sin(x) 的正负;sin x ≥ 0 时目标为 1。',
        'explain_note_float64': '该模型是 float32 的;为了让有限差分足够准确,这一步在它的 float64 副本上计算。',
        'explain_samples': '样本(每行一个)',
        'explain_sample': '样本 {i}',
        'explain_unit': '神经元 {j}',
        'explain_input': 'x{j}',
        'explain_target': 'T{j}',
        'explain_h_notation': '记号:每一行是一个样本',
        'explain_notation': 'X 是 n×d 矩阵(这里是 {n}×{d});第 l 层由前一层(上一层)的输出算出 z⁽ˡ⁾,再经过激活函数 f⁽ˡ⁾;反向传播计算 δ⁽ˡ⁾ = ∂E/∂z⁽ˡ⁾:',
        'explain_h_columns': '原文的“列”与 bpnn 的“行”',
        'explain_columns': '原文把每个样本放在一列,写作 W @ x;bpnn 把每个样本放在一行,写作 a W。两者互为转置:原文的 w1 就是 W⁽¹⁾ᵀ,原文中的 z、a、δ 是下面各矩阵的转置,原文从 w1.grad 读到的梯度是 (∂E/∂W⁽¹⁾)ᵀ。偏置(阈值)的数值完全相同。',
        'explain_col_article': '原文(按列)',
        'explain_col_bpnn': 'bpnn(按行)',
        'explain_samples_row': '样本',
        'explain_layer': '第 {l} 层',
        'explain_units_by_samples': '神经元数 × 样本数',
        'explain_samples_by_units': '样本数 × 神经元数',
        'explain_h_weights': '1. 训练前的权重',
        'explain_h_forward': '2. 前向传播',
        'explain_layer_kind_hidden': '第 {l} 层(隐层,{f}):',
        'explain_layer_kind_output': '第 {l} 层(输出层,{f}):',
        'explain_shape': '{r}×{c}',
        'explain_h_loss': '3. 损失函数',
        'explain_loss_line': 'E = {formula} = {E}',
        'explain_output': '输出 a{j}',
        'explain_error': 'a{j} − T{j}',
        'explain_h_backward': '4. 反向传播:逐层计算 δ',
        'explain_backward_intro': 'δ 从输出层开始往回算;下面每个 δ⁽ˡ⁾ 都直接取自计算引擎本身(bpnn.core.backprop.loss_and_grad 的 trace)。',
        'explain_bp1': "第 {l} 层,BP1:δ⁽ᴸ⁾ = ∂E/∂a⁽ᴸ⁾ ⊙ f'(z⁽ᴸ⁾)",
        'explain_bp1_canonical': '第 {l} 层,BP1({f} + {loss}):乘积化简为 δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − T) / n',
        'explain_bp2': "第 {l} 层,BP2:δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ f'(z⁽ˡ⁾)",
        'explain_dE_da': '{loss} 对输出的导数 ∂E/∂a:{formula}',
        'explain_derivative': "{f} 的导数:f'(z) = {d}",
        'explain_jacobian': "{f} 会把一行中的各个神经元混在一起:∂E/∂z_k = Σ_j ∂E/∂a_j · a_j (δ_jk − a_k),即 f' 是雅可比矩阵 {d}",
        'explain_h_grads': '5. 梯度(BP3、BP4)及其独立校验',
        'explain_grads_intro': 'BP3 把 δ 按样本求和;BP4 用本层的输入乘以 δ。每个梯度分量旁边给出中心有限差分的值(ε = {eps}){torch}。',
        'explain_grads_torch': '以及 PyTorch 自动求导的值',
        'explain_worked': '以第 {l} 层的第一个权重和第一个偏置为例,展开计算:',
        'explain_param': '参数',
        'explain_bp': '反向传播',
        'explain_fd': '有限差分',
        'explain_torch': '自动求导(PyTorch)',
        'explain_relerr': '反向传播与{ref}的相对误差:{err}',
        'explain_h_update': '6. 更新:θ ← θ − η ∂E/∂θ,η = {lr}',
        'explain_before': '更新前',
        'explain_step': '−η ∂E/∂θ',
        'explain_after': '更新后',
        'explain_after_loss': '这一步更新之后,这些样本上的损失从 {E} 变为 {E_after}。',
        'explain_engine_reference': 'bpnn.train 用参考引擎计算这个梯度,也就是上面逐步追踪的这段代码。',
        'explain_engine_other': 'bpnn.train 在这里用 {engine} 引擎计算这个梯度({reason});它算出的梯度与上面追踪的梯度相对差 {err}。docs/engine.md 说明它如何重新安排 BP1–BP4 的计算。',
        'explain_footer': '以上所有 z、a、δ 和梯度都来自 bpnn.core.backprop.loss_and_grad(通过它的 trace 参数),即参考引擎;每个更快的引擎都经测试与它保持一致。',
        'explain_ref_fd': '有限差分', 'explain_ref_torch': 'PyTorch 自动求导',
        # -- zhrest: damaged model files (bpnn.app.io), the sweep, --lang, gradcheck's network -----------
        "err_mf_inflate_total": "它的 {entries} 个条目解压后共 {gib:.1f} GiB，超过 {cap} GiB 的上限（bpnn.app.io.MAX_TOTAL_BYTES）或 {most} 个条目（模型文件的数组远比这小）",
        "err_mf_inflate_entry": "条目 '{name}' 解压后有 {gib:.1f} GiB（模型文件的数组远比这小）",
        "err_mf_inflate_meta": "'{name}' 解压后超过 {mib} MiB",
        "err_mf_entry_shape": "条目 '{name}' 声明的形状是 {shape}（{need} 字节），实际却有 {have} 字节数据",
        "err_mf_archive": "压缩包已损坏（英文详情：--lang en）",
        "err_mf_meta_bytes": "'{meta}' 不是至多 {mib} MiB 的 UTF-8 字节",
        "err_mf_meta_utf8": "'{meta}' 不是 UTF-8 文本（{detail}）",
        "err_mf_meta_deep": "'{meta}' 嵌套了 {depth} 层，超过允许的 {most} 层（bpnn 写出的是 4 层）",
        "err_mf_meta_json": "'{meta}' 不是有效的 JSON（{detail}）",
        "err_mf_format": "'{meta}' 没有注明格式 '{format}'",
        "err_mf_schema_int": "格式版本 {schema} 不是整数",
        "err_mf_schema_newer": "它由更新的 bpnn 写出（{version}，格式版本 {schema}）；这个 bpnn 只读格式版本 {ours}：请升级 bpnn（在它的克隆目录里运行 'git pull' 和 'pip install .'）",
        "err_mf_schema_unknown": "未知的格式版本 {schema}",
        "err_mf_network": "'network' 缺失或不是对象",
        "err_mf_sizes": "'network.sizes' 应列出 2 到 {most} 个正整数，实际是 {got}",
        "err_mf_activations": "'network.activations' 应为每层给出一个激活函数（共 {n} 个）",
        "err_mf_dtype": "'network.dtype' 是 {got}，不是 float64 或 float32",
        "err_mf_count": "'network.count' 应是 1 到 {most} 的整数，实际是 {got}",
        "err_mf_too_many": "它声明了 {count} 个网络，各 {per:,} 个权值（共 {total:,} 个），超过上限 {cap:,}（bpnn.app.io.MAX_PARAMS；若信任这个文件，可用 {env}=N 提高上限）",
        "err_mf_arrays_differ": "它的 JSON 列出的数组与压缩包中的数组不一致",
        "err_mf_array_declared": "数组 '{name}' 声明为 {spec}，不是至多 2 维的 {dtypes} 数组",
        "err_mf_theta_declared": "'network.theta' 声明为 {got}，但 {count} 个 {arch} 网络需要 [{count}, {per}]",
        "err_mf_total": "它的数组声明共 {gib:.1f} GiB，超过 {cap} GiB 的上限（bpnn.app.io.MAX_TOTAL_BYTES）",
        "err_mf_array_mismatch": "数组 '{name}' 的数据类型是 {dtype}、形状是 {shape}，应为 {spec}",
        "err_mf_not_object": "'{key}' 是 {kind}，不是对象",
        "err_mf_must_object": "'{key}' 应是对象",
        "err_mf_text": "'{key}' 应是文本",
        "err_mf_numbers": "'{key}' 应是数值列表",
        "err_mf_whole": "'{key}' 应是整数",
        "err_mf_records": "'records' 是 {kind}，不是对象列表",
        "err_mf_pre_lists": "'preprocessing' 中的 'features'、'target' 和 'notes' 应是名称列表",
        "err_mf_pre_task": "'preprocessing.task' 是 {got}，不是 'regression' 或 'classification'",
        "err_mf_pre_classes": "'preprocessing.classes' 应是至少 2 个互不相同的类别标签（文本或数值）的列表",
        "err_mf_pre_scaler": "'preprocessing.{key}' 应是 null，或含 'name' 和数值 'ymin'/'ymax' 的对象",
        "err_mf_inconsistent": "内容前后不一致（{detail}）",
        "err_mf_act_count": "{n} 个激活函数对 {layers} 层",
        "err_mf_theta_shape": "network.theta 的形状是 {shape}（{dtype}）；{count} 个 {arch} 网络需要 {want}（{want_dtype}）",
        "err_mf_pre_sizes": "预处理给出 {inputs} 个输入和 {outputs} 个输出，网络却有 {n_in} 个和 {n_out} 个",
        "err_mf_scaler_columns": "{key} 有 {n} 列，应为 {width} 列",
        "err_lang_unknown": "--lang 只能是 {choices}，不能是 {value!r}", "or": " 或 ",
        "sw_progress": "[{done}/{total}] 第 {fold} 折：{setting}：{score:.4g}",
        "sw_interrupted": "已中断；完成的各折结果在 {path} 中：再运行同一条命令即可继续",
        "sw_resumed": "继续上次的搜索：从 {path} 读入 {n} 折的结果",
        "sw_col_rank": "名次", "sw_col_score": "{score}（{folds} 折的均值 ± 标准差）", "sw_col_setting": "设置",
        "sw_best": "最佳：{setting}（{folds} 折的 {score} 均值 {mean:.4g}）",
        "sw_wrote_csv": "结果表", "sw_wrote_json": "全部结果", "sw_wrote_plot": "图", "sw_wrote_model": "最佳模型",
        "sw_plot_x": "留出折上的 {score}（{folds} 折交叉验证；越大越好）",
        "sw_plot_x_lower": "留出折上的 {score}（{folds} 折交叉验证；越小越好）",
        "sw_plot_title": "bpnn sweep：各设置的得分", "sw_plot_title_more": "bpnn sweep：各设置的得分（{n} 个中最好的 {limit} 个）",
        "noun sweep table": "交叉验证结果表", "noun sweep results": "交叉验证结果文件", "noun sweep plot": "交叉验证结果图",
        "err_sw_unknown": "超参数搜索可变动的是 {names}；{unknown} 不在其中",
        "err_sw_no_values": "搜索的 {name} 没有取值；请至少给出一个",
        "err_sw_numbers": "搜索的 {name} 应是数值，实际是 {values!r}",
        "err_sw_ranges": "搜索的 lr 应大于 0，weight_decay 不小于 0，restarts 不小于 1",
        "err_sw_no_settings": "没有可训练的设置（br 不接受 weight_decay：请在权值衰减系数中加上 0）",
        "err_sw_n_iter": "随机搜索需要 n_iter ≥ 1（--n-iter）：抽取多少组设置",
        "err_sw_search": "search 只能是 'grid' 或 'random'，不能是 {value!r}",
        "err_sw_folds": "折数应是 2 到行数（{n}）之间的整数，实际是 {value!r}",
        "err_sw_stratified": "分层 {folds} 折交叉验证要求每个类别至少 {folds} 行；最小的类别只有 {fewest} 行：请减少 --folds",
        "err_sw_dask_missing": "使用 Dask 调度器需要 dask.distributed：pip install 'bpnn[dask]'",
        "err_sw_dask_reach": "连接不到 {scheduler!r} 上的 Dask 调度器：{why}；请用 'dask scheduler' 启动一个（并用 'dask worker {scheduler}' 启动工作进程），或去掉 --scheduler 在本机运行（bpnn sweep -j N，bpnn train --workers N）",
        "err_sw_not_results": "{path} 不是 bpnn 交叉验证结果文件；请换一个输出文件夹，或删除它",
        "err_sw_other_results": "{path} 中是另一份数据或另一组选项（折数、随机种子、得分、轮次……）的搜索；请用同样的选项继续，或写到另一个文件夹",
        "err_sw_X": "X 应是按行排列的表（n × d），实际形状是 {shape}",
        "err_sw_rows": "X 有 {n} 行而 y 有 {m} 个；每行应有一个目标值",
        "err_sw_score": "{task} 的得分只能是 {allowed}，不能是 {value!r}",
        "err_sw_n_jobs": "n_jobs 应是不小于 1 的整数，实际是 {value!r}",
        "err_sw_sets_itself": "交叉验证自己设定 {name}（各折与 15% 的验证集）；请去掉它",
        "err_sw_no_fold": "搜索没有完成任何一折",
        "network_words": "{sizes}（{activations}，{n} 个参数，{dtype}）",
        # bpnn import-matlab
        "err_mx_refused": "'{path}' 不是 bpnn 能读取的 MATLAB 浅层网络：{what}",
        "err_mx_cell": "'{what}' 应是元胞数组（与 net.{what} 一样），实际是 {kind}",
        "err_mx_text": "'{what}' 应是文本，实际是 {kind}",
        "err_mx_texts": "'{what}' 应是文本的元胞数组",
        "err_mx_matrix": "'{what}' 应是数值矩阵，实际是 {kind}",
        "err_mx_shape": "'{what}' 的形状是 {shape}，应为 {want}",
        "err_mx_nonfinite": "'{what}' 含有 NaN 或 Inf",
        "err_mx_v73": "它是 MATLAB -v7.3（HDF5）文件；请用 save(..., '-v7') 重新保存",
        "err_mx_unreadable": "scipy 无法把它当作 .mat 文件读取：文件已损坏或不是 .mat 文件（英文详情：--lang en）",
        "err_mx_no_iw": "它没有 IW（输入权值）变量，也没有含 IW、LW 和 b 的结构体；它的变量是 {names}",
        "err_mx_scaling": "'{where}' 用的是 '{fcn}'，bpnn 没有这种归一化（可读 removeconstantrows、mapminmax 和 mapstd）",
        "err_mx_gain_zero": "'{where}.gain' 含 0，归一化无法还原",
        "err_mx_missing": "它有 IW 但没有 {key}；浅层网络需要 IW、LW、b 和 transferFcn",
        "err_mx_chain": "{L} 个传递函数、{nb} 个偏置向量和 {lw} 的 LW 构不成一条层链（需要 L、L 和 L×L）",
        "err_mx_inputs": "IW 只能含一个输入的权值（IW{{1,1}}）；有多个输入的网络不是 bpnn 能读的浅层前馈网络",
        "err_mx_transfer": "第 {l} 层的传递函数 '{tf}' 没有对应的 bpnn 激活函数（bpnn 可读 {known}）",
        "err_mx_lw_extra": "LW{{{i},{j}}} 不为空：只有 LW{{l+1,l}} 连接（一条层链）才构成浅层前馈网络",
        "err_mx_lw_columns": "LW{{{a},{l}}} 是 {shape}，但第 {l} 层有 {n} 个神经元：它需要 {n} 列",
        "err_mx_committee": "committee{{{k}}} 不是 {L} 层",
        "err_mx_process_count": "{n} 个输入处理函数，却有 {m} 组设置",
        "err_mx_removeconstant_first": "removeconstantrows 必须排在最前，且只能出现一次",
        "err_mx_keep": "'{where}.keep' 应列出 1..{d} 中 {n} 个互不相同的行（IW{{1,1}} 有 {n} 列）",
        "err_mx_keep_order": "'{where}.keep' 应按递增顺序列出各行",
        "err_mx_one_scaling": "输入处理 {fcns}：bpnn 至多做一种归一化",
        "err_mx_features": "features 给出 {n} 个列名，输入却有 {d} 个",
        "err_mx_classes": "classes 列出 {n} 个不同的类别标签，softmax 层却有 {m} 个输出",
        "err_mx_out_process_count": "{n} 个输出处理函数，却有 {m} 组设置",
        "err_mx_out_constant": "'{where}' 去掉了一个常数目标行，bpnn 无法还原",
        "err_mx_out_one_scaling": "输出处理 {fcns}：bpnn 至多做一种归一化",
        "err_mx_target": "target 给出 {n} 个列名，网络却有 {m} 个输出",
        # -- end of zhrest ------------------------------------------------------------------------------
    },
}


# engine reasons -------------------------------------------------------------------------------
#: the Chinese of bpnn.engines.select's one-line reasons: (English regular expression, Chinese), applied
#: in order to the English reason that the training record and the model file keep
#: (bpnn.engines.select.reason_text); the reason's own punctuation ("; ", ", ", ": ") becomes Chinese after
ENGINE_REASONS_ZH = (
    (r"^(\w+): forced \(", r"\1：指定使用（"),
    (r"(\d+) networks of (\d+) weights", r"\1 个网络，各 \2 个权值"),
    (r"one network of (\d+) weights", r"一个网络，\1 个权值"),
    (r"full batch", "全批量"),
    (r"batches of (\d+) read from a source", r"每批 \1 行，从数据源读取"),
    (r"batches of (\d+)", r"每批 \1 行"),
    (r"the whole epoch runs compiled, in chunks of epochs", "整轮训练编译运行，若干轮为一块"),
    (r"many tiny networks side by side on the last axis", "许多小网络沿最后一个轴并排计算"),
    (r"NumPy into preallocated buffers, BP3 \+ BP4 as one product", "NumPy 写入预分配的缓冲区，BP3 与 BP4 合为一次矩阵乘积"),
    (r"the readable BP1–BP4", "可读的 BP1–BP4"),
    (r" — not (\w+): ", r" —— 未用 \1："),
    (r"; not (\w+): ", r"；未用 \1："),
    (r"it runs one network, and this is a stack of (\d+)", r"它只运行一个网络，而这里是 \1 个网络的堆叠"),
    (r"it runs full-batch epochs, and this trains on minibatches", "它只运行全批量的轮次，而这里用小批量训练"),
    (r"it runs the rows as they are, and input noise jitters each step's batch", "它使用原样的数据行，而输入噪声在每一步扰动小批量"),
    (r"(\d+) epochs would save about (\S+) s, less than a fresh process takes to load its compiled module "
     r"\(about (\S+) s; (\d+) epochs or more take it\)",
     r"\1 轮只能节省约 \2 秒，不及新进程载入编译模块所需的时间（约 \3 秒；\4 轮及以上才使用它）"),
    (r"numba is installed but does not import \(", "numba 已安装但无法导入（"),     # (numba's own error after it)
    (r", inputs jittered by σ = (\S+?), ", r"，输入加噪声 σ = \1，"),
    (r"its chunks of epochs run in one process, and the rows are on workers", "它的分块轮次在一个进程中运行，而数据行在工作进程上"),
    (r"its compiled epoch ends with gradient descent's update, and the algorithm is (\w+)",
     r"它编译的一轮以梯度下降的更新结束，而训练算法是 \1"),
    (r"its BP1 is least squares' δ = 2s·e ⊙ f', and the loss is (\w+)", r"它的 BP1 是最小二乘的 δ = 2s·e ⊙ f'，而损失函数是 \1"),
    (r"layer (\d+)'s (\w+) has no scalar form for compiled code \(an element-wise Activation with "
     r"scalar=\(f\(z\), f'\(z\) from a\) and derivative_from_a\)",
     r"第 \1 层的 \2 没有供编译代码使用的标量形式（需要逐元素的 Activation，带 scalar=(f(z)，由 a 求 f'(z)) 和 derivative_from_a）"),
    (r"a callback sees every epoch", "回调函数要看到每一轮"),
    (r"validation data are measured every epoch", "每一轮都要计算验证集误差"),
    (r"test data are measured every epoch", "每一轮都要计算测试集误差"),
    (r"a schedule changes the rate every epoch", "学习率调度每一轮都改变学习率"),
    (r"weight decay is not in its update", "它的更新中没有权值衰减"),
    (r", and it runs chunks of epochs", "，而它按块运行多轮"),
    (r"the stop rule (\w+) cannot be checked inside a chunk of epochs", r"停止规则 \1 无法在一块轮次之内检查"),
    (r"compiled code is turned off \(BPNN_COMPILED=0\)", "编译代码已关闭（BPNN_COMPILED=0）"),
    (r"numba is not installed \(pip install \"\.\[fast\]\" from a clone of bpnn, or pip install numba\)",
     "未安装 numba（在 bpnn 的克隆中 pip install \".[fast]\"，或 pip install numba）"),
    (r"(\d+) weights \(over (\d+), the time goes into arithmetic NumPy does well\)",
     r"\1 个权值（超过 \2，时间主要花在 NumPy 擅长的算术上）"),
    (r"a stack of (\d+) \(under (\d+)\) is faster as K small products", r"\1 个网络的堆叠（少于 \2）用 K 次小矩阵乘积更快"),
    (r"layers after the first over (\d+) weights are faster as K small products",
     r"第一层之后的层超过 \1 个权值，用 K 次小矩阵乘积更快"),
    (r"layer (\d+)'s (\w+) needs z for its derivative, and the wide layout keeps only a",
     r"第 \1 层的 \2 求导需要 z，而 wide 布局只保留 a"),
    (r"layer (\d+)'s (\w+) mixes units, which the wide layout computes only for a softmax-like output",
     r"第 \1 层的 \2 混合了各神经元，wide 布局只对类似 softmax 的输出层这样计算"),
    (r"the wide layout is for a stack of networks \(restarts\), and this is one network",
     "wide 布局用于网络的堆叠（多起点），而这里只有一个网络"),
    (r"its Jacobian from core\.backprop\.residuals_and_jacobian", "雅可比矩阵由 core.backprop.residuals_and_jacobian 计算"),
    (r"rows on (\d+) workers? \((\d+) blocks of ([\d/]+) rows; the parts of E and ∂E/∂θ, or of JᵀJ and Jᵀe, summed here\)",
     r"数据行在 \1 个工作进程上（\2 块，每块 \3 行；E 与 ∂E/∂θ，或 JᵀJ 与 Jᵀe 的各部分在这里求和）"),
    (r"each network's whole epoch and step run compiled, in chunks of epochs", "每个网络的整轮计算和更新都编译运行，若干轮为一块"),
    (r"one network's compiled epoch ends with gradient descent's update, and the algorithm is (\w+)",
     r"单个网络编译的一轮以梯度下降的更新结束，而训练算法是 \1"),
    (r"a stack's compiled epochs end with the step of ([\w, ]+), gdx or (\w+), and the algorithm is (\w+)",
     r"网络堆叠编译的一轮以 \1、gdx 或 \2 的更新结束，而训练算法是 \3"),
    (r"its stack kernels for these activations are not compiled yet \(about (\S+) s, once, then cached\), "
     r"and (\d+) networks × (\d+) epochs would not make that up",
     r"这些激活函数的堆叠内核尚未编译（约 \1 秒，只需一次，之后缓存），而 \2 个网络 × \3 轮抵不上这个代价"),
    (r"rows in (\d+) blocks? of (\d+) \(the last (\d+)\) rows, summed in order",
     r"数据行分为 \1 块，每块 \2 行（最后一块 \3 行），按顺序求和"),
    (r"rows in (\d+) blocks? of ([\d–]+) rows, summed in order", r"数据行分为 \1 块，每块 \2 行，按顺序求和"),
    (r"rows on (\d+) workers? \((\d+) blocks of ([^;]+) rows; the parts of E and ∂E/∂θ, or of JᵀJ and Jᵀe, "
     r"summed here in block order\)",
     r"数据行在 \1 个工作进程上（\2 块，每块 \3 行；E 与 ∂E/∂θ，或 JᵀJ 与 Jᵀe 的各部分在这里按块的顺序求和）"),
    (r"fused gd step", "融合的梯度下降步"), (r"compiled optimiser step", "编译的优化器步"),
    (r"epochs in chunks", "分块运行多轮"),
    (r" \(\+ ", "（+ "), (r"\)$", "）"), (r"; ", "；"), (r", ", "，"), (r"^(\w+): ", r"\1："),
)

# stop reasons ---------------------------------------------------------------------------------
#: the Chinese of the stop rules' reasons (bpnn.training.stopping, loop): (English regular expression,
#: Chinese), applied in order to the English reason the record and the model file keep (stop_reason)
STOP_REASONS_ZH = (
    (r"^epochs: reached the maximum of (\d+) epochs$", r"epochs：达到最大轮次 \1"),
    (r"^goal: loss (\S+) reached the goal (\S+)$", r"goal：损失 \1 达到目标 \2"),
    (r"^min_grad: gradient norm (\S+) fell below (\S+)$", r"min_grad：梯度范数 \1 低于 \2"),
    (r"^max_fail: validation loss did not improve for (\d+) epochs$", r"max_fail：验证误差连续 \1 轮没有改善"),
    (r"^time: reached the limit of (\S+) s$", r"time：达到时间上限 \1 秒"),
    (r"^mu_max: mu (\S+) exceeded (\S+)$", r"mu_max：阻尼系数 μ \1 超过 \2"),
    (r"^diverged: the loss became (\w+) at epoch (\d+); ", r"diverged：损失在第 \2 轮变为 \1；"),
    (r"^diverged: the loss exploded to (\S+) at epoch (\d+); ", r"diverged：损失在第 \2 轮激增到 \1；"),
    (r"the learning rate \((\S+)\) is probably too high", r"学习率（\1）可能太大"),
    (r"the steps are too large", "步长太大"), (r", or the data are not scaled; ", "，或者数据没有归一化；"),
    (r"kept the weights of epoch (\d+) \(validation loss (\S+)\)$", r"保留第 \1 轮的权值（验证误差 \2）"),
    (r"kept the weights of epoch (\d+) \(loss \+ weight penalty (\S+)\)$", r"保留第 \1 轮的权值（损失 + 权值惩罚项 \2）"),
    (r"kept the weights of epoch (\d+) \(loss (\S+)\)$", r"保留第 \1 轮的权值（损失 \2）"),
    (r"^interrupted: stopped by the user at epoch (\d+); kept the best weights \(epoch (\d+)\)$",
     r"interrupted：在第 \1 轮被用户中止；保留了最佳权值（第 \2 轮）"),
    (r"^stopped$", "已停止"),
    (r"^partial_fit: one epoch$", "partial_fit：一轮"),
    (r"^stopped in bpnn playground$", "在 bpnn playground 中停止"),
)

#: the Chinese of the notes a model file keeps (Preprocessing.notes, in English): messages.stored_note
STORED_NOTES_ZH = (
    (r"^constant input column (.+) \(always (\S+)\) removed: it carries no information$",
     r"输入列 \1 是常数（恒为 \2），已去掉：它不含任何信息"),
    (r"^imported from MATLAB file (.+)$", r"从 MATLAB 文件 \1 导入"),          # (bpnn.app.matlab)
)

# --help ---------------------------------------------------------------------------------------
#: the Chinese of the command line's help (bpnn.cli.localize puts it in place for a zh run): each
#: option's and argument's keyed by its English help as written in cli/, each command's by
#: ``"command <path>"`` (its English is its docstring); tests/test_zh.py requires every one
HELP_ZH = {
    'Data-parallel full-batch training on a Dask cluster, tcp://HOST:PORT: the training rows in blocks on the workers, the algorithm here; the same result as --block-rows in one process (docs/scale-out.md). Needs bpnn[dask].':
        '在 Dask 集群（tcp://主机:端口）上做数据并行的全批量训练：训练集的行分块放在各工作进程上，训练算法在本进程运行；结果与在本进程用 --block-rows 相同（见 docs/scale-out.md）。需要 bpnn[dask]。',
    'As --scheduler, on this many local worker processes started for the run.':
        '同 --scheduler，但在本机为这次训练启动这么多个工作进程。',
    'Full-batch sums over blocks of this many rows (with --scheduler/--workers default 65536, or fewer to give every worker a block); alone, the same sums in this process.':
        '全批量的求和按每块这么多行分块进行（与 --scheduler/--workers 一起用时默认 65536 行，或更少，使每个工作进程都有一块）；单独使用时，在本进程中按同样的块求和。',
    'command':
        '可读、可验证、可实用的 BP（误差反向传播）神经网络。',
    'Print the version and exit.':
        '显示版本号后退出。',
    'Language of the output: en or zh; works after any command too (bpnn train … --lang zh). Default: $BPNN_LANG, else zh for a Chinese locale, else en.':
        '输出的语言：en 或 zh；也可以写在任何命令之后（bpnn train … --lang zh）。默认：$BPNN_LANG，否则中文区域设置用 zh，其余用 en。',
    'Install completion for the current shell.':
        '为当前的 shell 安装命令补全。',
    'Show completion for the current shell, to copy it or customize the installation.':
        '显示当前 shell 的命令补全脚本，以便复制或自行安装。',
    'command demo':
        '训练原文的网络：y = sin(x)，1-4-1 tanh，梯度下降。\n\n不加任何选项就是原文的那次训练，一步不差：同样的数据、同样的初始权值、学习率 0.01、5000 步批量梯度下降；打印的损失与原文 PyTorch 的结果一致。',
    "Which demo: 'sin' (the seed article's example).":
        "哪个演示：'sin'（原文的例子）。",
    'Hidden units (the article: 4).':
        '隐含层神经元个数（原文：4）。',
    'Hidden activation: tanh, sigmoid, relu, leaky_relu, linear.':
        '隐含层激活函数：tanh、sigmoid、relu、leaky_relu、linear。',
    "Training algorithm: gd (the article's), gdm, gda, gdx, rprop, adam, scg, bfgs, lbfgs, lm, br, or MATLAB's traingd … trainbr.":
        '训练算法：gd（原文所用）、gdm、gda、gdx、rprop、adam、scg、bfgs、lbfgs、lm、br，或 MATLAB 的 traingd … trainbr。',
    "Train this many networks together (the first from the article's weights, the others drawn with --seed) and keep the best.":
        '同时训练这么多个网络（第一个用原文的权值，其余用 --seed 抽取），保留最好的一个。',
    'Learning rate for gd, gdm, adam (the article: 0.01).':
        'gd、gdm、adam 的学习率（原文：0.01）。',
    "Epochs (full-batch steps); default 5000 for gd as in the article, the algorithm's default (1000) otherwise.":
        '训练轮次（批量梯度下降的步数）；gd 默认 5000，与原文相同，其他算法用各自的默认值（1000）。',
    "Draw fresh initial weights (randn) from bpnn's generator with this seed instead of using the article's.":
        '用 bpnn 的随机数生成器以这个随机种子重新抽取初始权值（randn），而不用原文的权值。',
    'Print the loss every N steps (1: every step, as the article; 0: none).':
        '每 N 步打印一次损失（1：每步都打印，同原文；0：不打印）。',
    'float64, or float32 as PyTorch uses.':
        'float64，或与 PyTorch 相同的 float32。',
    'Engine of E and ∂E/∂θ: auto (chosen, with its reason), compiled, wide, buffered or reference (the readable BP1–BP4); see docs/engine.md.':
        '计算 E 与 ∂E/∂θ 的计算引擎：auto（自动选择并说明理由）、compiled、wide、buffered 或 reference（可读的 BP1–BP4）；见 docs/engine.md。',
    'Say which engine trained and why.':
        '说明用哪个计算引擎训练及其理由。',
    'Folder for the plots.':
        '存放图的文件夹。',
    'Save the two plots.':
        '保存这两张图。',
    'command explain':
        '打印 BP 网络的一步训练，每个数都写出来。\n\n各层的 z 与 a、损失、δ（BP1、BP2）及所用的导数、∂E/∂W 与 ∂E/∂b（BP3、BP4）并列有限差分与自动求导的结果，以及权值更新。不加选项：原文的 1-4-1 tanh 网络，取其初始权值，用 sin(x) 的 20 个点中的 3 个。',
    "Hidden units (default: the article's 4).":
        '隐含层神经元个数（默认：原文的 4）。',
    "How many samples: of the article's 20 points of sin(x), or random ones for --model.":
        '样本个数：取自原文 sin(x) 的 20 个点；用 --model 时为随机样本。',
    'Hidden activation (default tanh): tanh, sigmoid, relu, leaky_relu, linear.':
        '隐含层激活函数（默认 tanh）：tanh、sigmoid、relu、leaky_relu、linear。',
    'Loss: mse (default), sse, cross_entropy (the sign of sin x, softmax output; the default for a softmax model), binary_cross_entropy.':
        '损失函数：mse（均方误差，默认）、sse（误差平方和）、cross_entropy（交叉熵：sin x 的符号，softmax 输出；softmax 模型的默认值）、binary_cross_entropy（二元交叉熵）。',
    'Learning rate of the step (the article: 0.01).':
        '这一步的学习率（原文：0.01）。',
    'Explain a saved model file (random samples).':
        '解释一个保存的模型文件（用随机样本）。',
    "Draw randn weights with this seed instead of the article's (and the random samples of --model).":
        '用这个随机种子抽取 randn 权值，而不用原文的权值（也是 --model 随机样本的种子）。',
    'Language: en or zh (default: bpnn --lang, $BPNN_LANG or the locale).':
        '语言：en 或 zh（默认：bpnn --lang、$BPNN_LANG 或区域设置）。',
    'Output format: text, markdown or html.':
        '输出格式：text、markdown 或 html。',
    'Write to this file instead of the screen.':
        '写入这个文件，而不是显示在屏幕上。',
    "Show PyTorch autograd's gradient too (default: when installed).":
        '同时显示 PyTorch 自动求导的梯度（默认：已安装时显示）。',
    'The engine whose gradient is set beside the traced one: auto (the one bpnn train would use here), compiled, wide, buffered or reference.':
        '与跟踪结果并列给出梯度的计算引擎：auto（bpnn train 在这里会用的那个）、compiled、wide、buffered 或 reference。',
    'command gradcheck':
        '逐层检验误差反向传播的梯度；未通过时退出状态为 1。\n\n相对误差 ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) 把 bpnn 的梯度 g 与一个独立算出的梯度 ĝ 逐层比较（每层的 W 与 b）；正确的 float64 梯度与有限差分相比约为 1e-9 或更小。',
    'A saved model file; without it, a network built from --sizes and --activation.':
        '保存的模型文件；不给时，用 --sizes 和 --activation 构造网络。',
    'Layer sizes, inputs first: 2,5,3,1 or 2-5-3-1.':
        '各层神经元个数，输入层在前：2,5,3,1 或 2-5-3-1。',
    'Hidden activation(s): one name, or one per hidden layer, comma-separated (tanh,sigmoid).':
        '隐含层激活函数：一个名称，或每个隐含层一个，用逗号分隔（tanh,sigmoid）。',
    'Output activation (default: linear; softmax for cross_entropy, sigmoid for binary_cross_entropy).':
        '输出层激活函数（默认：linear；cross_entropy 用 softmax，binary_cross_entropy 用 sigmoid）。',
    'Loss: mse, sse, cross_entropy, binary_cross_entropy (default: cross_entropy for a softmax output, else mse).':
        '损失函数：mse、sse、cross_entropy、binary_cross_entropy（默认：softmax 输出用 cross_entropy，否则 mse）。',
    'Initial weights: nguyen_widrow, randn, glorot, he.':
        '初始权值：nguyen_widrow、randn、glorot、he。',
    'Random samples to check on.':
        '用于检验的随机样本个数。',
    'Seed of the weights and the random samples.':
        '权值与随机样本的随机种子。',
    'Largest relative error that passes.':
        '可以通过的最大相对误差。',
    'Check against: fd (finite differences), torch (autograd), or both.':
        '对照：fd（有限差分）、torch（自动求导）或 both（两者）。',
    'Step of the finite differences.':
        '有限差分的步长。',
    'Check the gradient training uses with weight decay λ: of E + (λ/2)·Σw² over the weights.':
        '检验带权值衰减 λ 训练时所用的梯度：E + (λ/2)·Σw²（对所有权值求和）的梯度。',
    'Whose gradient: auto (the engine bpnn train would use here), compiled, wide, buffered, reference, or all (every engine that can).':
        '检验谁的梯度：auto（bpnn train 在这里会用的计算引擎）、compiled、wide、buffered、reference，或 all（每个能用的计算引擎）。',
    'command bench':
        '把 bpnn 与 PyTorch、scikit-learn、FANN 并列计时（图 P1–P5），并在真实数据表上把它的默认设置与 scikit-learn 的比较（P6）。\n\n每个图打印以其名称开头的若干行：交错重复后的中位数，以及 N.Nx 形式的比值。缺少的可选对手会注明并跳过。',
    "Small sizes and one repeat: under a minute (CI's smoke run).":
        '小规模、只重复一次：一分钟以内（CI 的冒烟测试）。',
    'Comma-separated figures to run, e.g. P1,P3 (default: all).':
        '要运行的图，用逗号分隔，例如 P1,P3（默认：全部）。',
    'Repeats per contender (default: 5 for P1, 3 for the others, 1 with --quick; P6: seeds, 5, or 2 with --quick).':
        '每个参赛者的重复次数（默认：P1 为 5，其他为 3，加 --quick 时为 1；P6：随机种子个数，5，加 --quick 时为 2）。',
    'MNIST .npz for P3 (default: ../shared/datasets/mnist.npz).':
        'P3 所用的 MNIST .npz（默认：../shared/datasets/mnist.npz）。',
    "Print one JSON document instead of the lines: each figure's lines, and the start-up rows (schema: docs/workflow.md#json-output).":
        '只打印一个 JSON 文档，而不是逐行输出：每个图的各行，以及启动时间各行（格式：docs/workflow.md#json-output）。',
    'command train':
        '用一张数据表训练 BP 网络：归一化、划分数据集、带验证集提前停止的训练、保存。\n\n只需 DATA、--target 和 --out：输入和目标会被归一化（预测时自动还原），15% 的行作为验证集检验泛化能力（提前停止保留最佳权值），15% 作为测试集，训练算法按数据规模选择。Ctrl-C 会干净地停止并保留目前最佳的权值。',
    'CSV or Excel file (.xlsx needs the xlsx extra: pip install ".\\[xlsx]" from a clone, or openpyxl), one row per sample.':
        'CSV 或 Excel 文件（.xlsx 需要 xlsx 扩展：在克隆的仓库中 pip install ".\\[xlsx]"，或安装 openpyxl），每行一个样本。',
    'The column to predict.':
        '要预测的列。',
    'Model file to write (e.g. model.bpnn).':
        '要写入的模型文件（例如 model.bpnn）。',
    'Input columns, comma-separated (default: all but the target).':
        '输入列，用逗号分隔（默认：除目标列外的所有列）。',
    'auto, regression or classification (auto: text or few integer values in the target mean classification).':
        'auto、regression（回归）或 classification（分类）（auto：目标列为文本或只有少数几个整数值时按分类处理）。',
    'Hidden layer sizes, e.g. 10 or 10,5 (default: 20 for regression, 10 for classification).':
        '隐含层神经元个数，例如 10 或 10,5（默认：回归 20，分类 10）。',
    'Hidden activation: tanh, sigmoid, relu, leaky_relu.':
        '隐含层激活函数：tanh、sigmoid、relu、leaky_relu。',
    'Training algorithm: lm, br, scg, rprop, adam, bfgs, lbfgs, gd, gdm, gda, gdx (MATLAB names work). auto: lm for small regression, scg otherwise.':
        '训练算法：lm、br、scg、rprop、adam、bfgs、lbfgs、gd、gdm、gda、gdx（也可用 MATLAB 的名称）。auto：小规模回归用 lm，否则用 scg。',
    'Training, validation, test fractions.':
        '训练集、验证集、测试集的比例。',
    'rand, block (in row order) or int (interleaved).':
        'rand（随机）、block（按行的顺序分块）或 int（交错）。',
    'mapstd (mean 0, std 1), mapminmax ([-1, 1]) or none; inputs and regression targets, undone on predictions.':
        'mapstd（均值 0、标准差 1）、mapminmax（[-1, 1]）或 none；作用于输入和回归目标，预测时还原。',
    'Networks trained and averaged (default: 10 for small problems, else 1).':
        '训练并取平均的网络个数（默认：小规模问题 10 个，否则 1 个）。',
    'Initial weights tried per network; the best by validation is kept.':
        '每个网络尝试的初始权值组数；保留验证误差最好的一组。',
    "Maximum epochs (default: the algorithm's, 1000).":
        '最大训练轮次（默认：算法自己的，1000）。',
    'Validation checks: stop after this many epochs without a better validation loss (default: 6 for regression, 20 for classification).':
        '验证检查次数：连续这么多轮验证误差没有变好就停止（默认：回归 6，分类 20）。',
    "L2 regularisation λ: training minimises loss + (λ/2)·Σw² over the weights (not the biases), with the loss a mean over rows (scikit-learn's alpha on n rows: λ = 2·alpha/n for regression, alpha/n for classification). 0: none. Default: 0.001, or 0.01 when the training rows give fewer than 2 target values per weight; 0 with --algo br.":
        'L2 正则化系数 λ：训练最小化 损失 + (λ/2)·Σw²（对权值求和，不含偏置），损失为各行的平均（相当于 scikit-learn 在 n 行上的 alpha：回归 λ = 2·alpha/n，分类 λ = alpha/n）。0：不用。默认：0.001；训练集的目标值个数少于权值个数的 2 倍时为 0.01；--algo br 时为 0。',
    'Give every network of the ensemble its own training/validation division of the non-test rows, so that the committee learns from all of them (default: on for an ensemble).':
        '让集成中的每个网络各自划分非测试行为训练集和验证集，使整个集成学到所有这些行（默认：集成时开启）。',
    'Seed for the division, the initial weights and training (default: a fresh one, printed so the run can be repeated).':
        '数据划分、初始权值和训练的随机种子（默认：新取一个，并打印出来，以便重复这次训练）。',
    'Folder for report.html (self-contained) and the plots.':
        '存放 report.html（自包含）和图的文件夹。',
    'Leave out rows with empty/NaN/inf cells instead of stopping with an error.':
        '舍去含有空值、NaN 或 inf 的行，而不是报错停止。',
    'Excel sheet name (default: the first).':
        'Excel 工作表名（默认：第一个）。',
    "Decimal mark of a CSV file: . or , (default: found from the file; ';'-separated files with 7,5 cells use ,).":
        "CSV 文件的小数点：. 或 ,（默认：从文件判断；以 ';' 分隔且单元格形如 7,5 的文件用 ,）。",
    'balanced: weight each class by n/(classes·rows of the class), for imbalanced classes (classification; rows are repeated in proportion).':
        'balanced：每个类别的权重为 n/(类别数·该类的行数)，用于类别不平衡的分类问题（按比例重复行）。',
    'No progress lines.':
        '不显示训练进度。',
    'Engine of E and ∂E/∂θ: auto (chosen, with its reason), compiled, wide, buffered or reference; see docs/engine.md.':
        '计算 E 与 ∂E/∂θ 的计算引擎：auto（自动选择并说明理由）、compiled、wide、buffered 或 reference；见 docs/engine.md。',
    'Train from the CSV file in chunks, in bounded memory, for files larger than memory: first-order algorithms (default adam), every row trains, metrics over all rows (docs/robustness.md).':
        '从 CSV 文件分块训练，内存用量有上限，适合大于内存的文件：一阶算法（默认 adam），每一行都参与训练，指标按全部行计算（docs/robustness.md）。',
    'Rows per minibatch: with --stream (default 256), or with a first-order --algo (gd, gdm, rprop, adam) on rows in memory (default: one batch of all training rows).':
        '每个小批量的行数：用 --stream 时（默认 256），或对读入内存的数据用一阶算法（--algo gd、gdm、rprop、adam）时（默认：全部训练行作为一个批量）。',
    "Input noise (jitter) σ: every training step sees its batch's inputs as x + σ·ε, ε ~ N(0, 1) drawn afresh, a smoothness regulariser (docs/algorithms.md, Input noise). σ is in the units of the scaled inputs the network sees: standard deviations with --scaling mapstd, the [-1, 1] range with mapminmax, raw units with none; 0.05-0.2 to try. Needs a first-order --algo (gd, gdm, rprop, adam; with --batch-size, every minibatch is jittered), rows in memory (not --stream), and no --block-rows/--workers/--scheduler. 0: none (default).":
        '输入噪声（抖动）σ：每一步训练看到的批量输入是 x + σ·ε，ε ~ N(0, 1) 每步重新抽取，是一种平滑性正则化（docs/algorithms.md 的“Input noise”一节）。σ 的单位是网络看到的缩放后的输入：--scaling mapstd 时是标准差，mapminmax 时是 [-1, 1] 区间的单位，none 时是原始单位；可试 0.05-0.2。需要一阶算法（--algo gd、gdm、rprop、adam；用 --batch-size 时每个小批量都加扰动），数据读入内存（不用 --stream），且不用 --block-rows/--workers/--scheduler。0：不用（默认）。',
    'Print one JSON document on standard output instead of tables (schema: docs/workflow.md#json-output).':
        '在标准输出上只打印一个 JSON 文档，而不是表格（格式：docs/workflow.md#json-output）。',
    'Read options from a TOML file (keys: the long option names, e.g. hidden = [10], algo = "lm", and data = "file.csv"); options on the command line win.':
        '从 TOML 文件读取选项（键为长选项名，例如 hidden = [10]、algo = "lm"，以及 data = "file.csv"）；命令行上的选项优先。',
    'command predict':
        '用模型预测新的行，结果为原始单位（或类别标签）。\n\n输出包含输入列和 predicted_<target>（分类时还有每个类别的概率列），分隔符、小数点和编码与输入相同。如果 DATA 中也有目标列，会报告在这些行上的拟合情况。',
    "Model file from 'bpnn train --out'.":
        "'bpnn train --out' 写出的模型文件。",
    "CSV or Excel file with the model's input columns.":
        '含有模型输入列的 CSV 或 Excel 文件。',
    "Write the predictions as CSV here (default or '-': print them).":
        "把预测结果以 CSV 写到这里（默认或 '-'：打印出来）。",
    'Copy columns the model does not use into the output instead of refusing them.':
        '把模型不用的列也复制到输出中，而不是拒绝它们。',
    'Leave out rows with empty/NaN/inf inputs, or text categories not seen in training.':
        '舍去输入含有空值、NaN 或 inf 的行，或含有训练时未见过的文本类别的行。',
    'Decimal mark of a CSV file: . or , (default: found from the file).':
        'CSV 文件的小数点：. 或 ,（默认：从文件判断）。',
    "Text encoding of --output (default: the input's: GB18030 for a GBK file, else UTF-8, with a byte-order mark when there is non-ASCII text so Excel shows it).":
        '--output 的文本编码（默认：与输入相同：GBK 文件用 GB18030，否则 UTF-8，含非 ASCII 文字时加字节顺序标记，以便 Excel 正确显示）。',
    'Load a model whose weights hold NaN or inf (refused by default: its outputs would be NaN).':
        '加载权值含有 NaN 或 inf 的模型（默认拒绝：它的输出会是 NaN）。',
    'Print a JSON summary on standard output (rows, output file, the fit on rows with a known target; with no --output, the predictions too); schema: docs/workflow.md#json-output.':
        '在标准输出上打印 JSON 摘要（行数、输出文件、在已知目标值的行上的拟合；没有 --output 时还包括预测结果）；格式：docs/workflow.md#json-output。',
    'command info':
        '显示模型：网络结构、预处理、训练摘要、误差指标。',
    'A model file.':
        '模型文件。',
    'command export':
        '把模型导出到别处使用：NumPy、ONNX、PyTorch 或 MATLAB。\n\n每种导出都接受原始的行，给出原始单位的预测（或类别概率与标签）：归一化也包含在导出的内容里。',
    'Target: python (a NumPy-only module), onnx (a graph with the scaling inside; needs the onnx extra), torch (a torch.export program, .pt2) or matlab (a .mat of IW/LW/b and settings, and a .m prediction function). See docs/interop.md.':
        '导出目标：python（只依赖 NumPy 的模块）、onnx（内含归一化的计算图；需要 onnx 扩展）、torch（torch.export 程序，.pt2）或 matlab（含 IW/LW/b 与设置的 .mat，以及一个 .m 预测函数）。见 docs/interop.md。',
    "File to write (default: MODEL's name with _predict.py, .onnx, .pt2 or .mat).":
        '要写入的文件（默认：MODEL 的文件名加 _predict.py、.onnx、.pt2 或 .mat）。',
    "Name of the prediction function (python: predict; matlab: MODEL's name with _predict, also the .m file's name).":
        '预测函数的名称（python：predict；matlab：MODEL 的文件名加 _predict，也是 .m 文件的名称）。',
    'command import-matlab':
        '把 MATLAB 浅层网络（fitnet、patternnet、feedforwardnet）读入为 bpnn 模型文件。\n\n写入之前会检查每个形状；之后这个模型可以用于 bpnn predict、info、explain --model 和 gradcheck。',
    'IW, LW, b, transferFcn and the processing settings of a shallow network (bpnn export --to matlab writes them; docs/interop.md says how to save them in MATLAB).':
        '浅层网络的 IW、LW、b、transferFcn 和预处理设置（bpnn export --to matlab 会写出它们；docs/interop.md 说明如何在 MATLAB 中保存）。',
    'Model file to write (default: FILE with .bpnn).':
        '要写入的模型文件（默认：FILE 改为 .bpnn）。',
    'command playground':
        '打开演练场：在浏览器中训练一个小 BP 网络，查看每个数。\n\n服务器运行 bpnn 自己的训练循环和 explain，页面只负责画出这些数。它只在 127.0.0.1 上监听，每个请求都需要打印出的网址中的随机令牌。按 Ctrl-C（或关闭页面）即停止。需要 playground 扩展：pip install ".\\[playground]"。',
    'Port on 127.0.0.1 (0 picks a free one).':
        '127.0.0.1 上的端口（0：自动选一个空闲端口）。',
    'Print the URL but do not open a browser.':
        '只打印网址，不打开浏览器。',
    'Language of the page: en or zh (the page can switch; default: bpnn --lang, $BPNN_LANG or the locale).':
        '页面的语言：en 或 zh（页面上可以切换；默认：bpnn --lang、$BPNN_LANG 或区域设置）。',
    'command sweep':
        '用 k 折交叉验证选择隐含层大小、激活函数、训练算法、权值衰减、多起点次数和学习率；写出结果表、一张图和用最佳设置重新训练的模型。\n\n每一折的结果在完成时就保存：中断后再运行同一条命令，只会训练缺少的那些折。',
    'CSV or Excel file, one row per sample.':
        'CSV 或 Excel 文件，每行一个样本。',
    'Folder for sweep.csv, sweep.json (also the resume file), sweep.png and best.bpnn (created if missing).':
        '存放 sweep.csv、sweep.json（也是续算文件）、sweep.png 和 best.bpnn 的文件夹（不存在时创建）。',
    'auto, regression or classification.':
        'auto、regression（回归）或 classification（分类）。',
    "Hidden sizes to try, separated by ';', e.g. '5;10;10,5' (default: 20 for regression, 10 for classification).":
        "要尝试的隐含层大小，用 ';' 分隔，例如 '5;10;10,5'（默认：回归 20，分类 10）。",
    'Hidden activations to try, e.g. tanh,relu (default tanh).':
        '要尝试的隐含层激活函数，例如 tanh,relu（默认 tanh）。',
    'Algorithms to try, e.g. lm,scg,adam (default auto, as bpnn train).':
        '要尝试的训练算法，例如 lm,scg,adam（默认 auto，与 bpnn train 相同）。',
    'λ values to try, e.g. 0,1e-4,1e-3.':
        '要尝试的 λ 值，例如 0,1e-4,1e-3。',
    'Restarts per training to try, e.g. 1,5.':
        '要尝试的每次训练的多起点次数，例如 1,5。',
    'Learning rates to try (only for algorithms with one).':
        '要尝试的学习率（只对有学习率的算法）。',
    'grid (every combination) or random (--n-iter of them).':
        'grid（网格：所有组合）或 random（随机：其中 --n-iter 个）。',
    'Settings drawn by a random search.':
        '随机搜索抽取的设置个数。',
    'k of k-fold cross-validation (stratified for classification).':
        'k 折交叉验证的 k（分类时分层抽样）。',
    'r2 (default for regression), mse, rmse, mae; accuracy for classification.':
        'r2（回归的默认）、mse、rmse、mae；分类用 accuracy（准确率）。',
    'Maximum epochs per training.':
        '每次训练的最大轮次。',
    'Validation checks per training.':
        '每次训练的验证检查次数。',
    'mapstd, mapminmax or none (as bpnn train).':
        'mapstd、mapminmax 或 none（与 bpnn train 相同）。',
    'Seed of the folds, the random search and training.':
        '交叉验证各折、随机搜索和训练的随机种子。',
    'Local worker processes.':
        '本机的工作进程数。',
    "A Dask scheduler, tcp://HOST:PORT, to run the folds on (pip install 'bpnn[dask]').":
        "运行各折的 Dask 调度器，tcp://HOST:PORT（pip install 'bpnn[dask]'）。",
    'Do not train the best setting on all rows.':
        '不用全部行重新训练最佳设置。',
    'Decimal mark of a CSV file: . or ,.':
        'CSV 文件的小数点：. 或 ,。',
    'Excel sheet name.':
        'Excel 工作表名。',
    'Leave out rows with empty/NaN/inf cells.':
        '舍去含有空值、NaN 或 inf 的行。',
    'command study':
        '原文中的实验：每个实验写出一张 CSV 表和一张 PNG 图。',
    'command study activation':
        '为什么用 tanh？在原文的 sin 任务上比较各种隐含层激活函数，用多个随机种子。',
    'Hidden activations to compare.':
        '要比较的隐含层激活函数。',
    'Initial weights from seeds 0 … N−1.':
        '初始权值取自随机种子 0 … N−1。',
    'Learning rate (the article: 0.01).':
        '学习率（原文：0.01）。',
    'Epochs of full-batch gradient descent (the article: 5000).':
        '批量梯度下降的训练轮次（原文：5000）。',
    'Initial weights (the article: randn, N(0, 1)).':
        '初始权值（原文：randn，N(0, 1)）。',
    'Folder for the CSV tables and the PNG plot.':
        '存放 CSV 表和 PNG 图的文件夹。',
    'command study lr':
        '如何选择学习率：从过小到发散逐一尝试，有无学习率调度对比。',
    'Learning rates to try.':
        '要尝试的学习率。',
    'Epochs of full-batch gradient descent.':
        '批量梯度下降的训练轮次。',
    'A learning-rate schedule to compare; repeat for several: none, or a bpnn.training.schedules spec such as step:every=1000,drop=0.5, cosine, exponential:gamma=0.999, plateau, warmup:epochs=200.':
        '要比较的学习率调度；可重复给出多个：none，或 bpnn.training.schedules 的写法，如 step:every=1000,drop=0.5、cosine、exponential:gamma=0.999、plateau、warmup:epochs=200。',
    "Start from randn weights with this seed instead of the article's.":
        '从这个随机种子的 randn 权值开始，而不用原文的权值。',
    'command study epochs':
        '训练轮次的影响：训练误差与验证误差，以及提前停止停在哪里。',
    'Data sets and initial weights from seeds 0 … N−1.':
        '数据集和初始权值取自随机种子 0 … N−1。',
    'Hidden units (more than the task needs, so that it can overfit).':
        '隐含层神经元个数（多于任务所需，以便出现过拟合）。',
    'Learning rate.':
        '学习率。',
    'Noisy training samples.':
        '带噪声的训练样本个数。',
    'Noisy validation samples (never trained on).':
        '带噪声的验证样本个数（从不参与训练）。',
    'Standard deviation of the noise added to sin(x).':
        '加到 sin(x) 上的噪声的标准差。',
    "Patience of early stopping (MATLAB's max_fail).":
        '提前停止的耐心（MATLAB 的 max_fail）。',
    'command study hidden':
        '隐含层神经元取多少个：随着隐含层变大，训练误差与测试误差的变化。',
    'Hidden-layer sizes to try.':
        '要尝试的隐含层大小。',
    'Noisy test samples (never trained on).':
        '带噪声的测试样本个数（从不参与训练）。',
    'command example':
        'BP 文献中的案例：每个案例训练网络，把结果表与发表的数字并列打印，并保存图。',
    'command example surface':
        '二元函数（MATLAB 的 peaks、sin(x)·cos(y)）从网格上学习；在网格节点之间计算均方误差。',
    'Training grid nodes per side (grid² samples).':
        '训练网格每边的节点数（grid² 个样本）。',
    'Levenberg–Marquardt epochs at most.':
        'Levenberg–Marquardt 算法的最大训练轮次。',
    'Starts trained together; the best is kept.':
        '一起训练的起点个数；保留最好的一个。',
    'peaks, sincos, or both.':
        'peaks、sincos 或 both（两者）。',
    'Seed of the initial weights, noise and minibatch order.':
        '初始权值、噪声和小批量顺序的随机种子。',
    'Save the plots.':
        '保存图。',
    'command example letters5x7':
        '26 个大写字母的 5×7 点阵：35-h-26 网络，分别在无噪声和有噪声的数据上训练。',
    "Hidden units (MATLAB's example: 25).":
        '隐含层神经元个数（MATLAB 的例子：25）。',
    'Noisy copies of each letter for network 2.':
        '网络 2 所用的每个字母的带噪声副本数。',
    "Noise σ of network 2's training copies.":
        '网络 2 训练副本的噪声 σ。',
    'Noisy test copies of each letter per noise level.':
        '每个噪声水平下每个字母的带噪声测试副本数。',
    'command example letters':
        'UCI 字母识别：前 16000 行为训练集，后 4000 行为测试集。',
    'Adam epochs.':
        'Adam 的训练轮次。',
    'Minibatch size.':
        '小批量的大小。',
    'Hidden layer sizes, comma-separated.':
        '隐含层神经元个数，用逗号分隔。',
    "σ of the Gaussian jitter added to each step's standardised inputs (0: the rows as they are).":
        '每一步给标准化后的输入加的高斯扰动的 σ（0：使用原样的数据行）。',
    'Train this many networks as one stack; classify by the mean of their outputs.':
        '把这么多个网络作为一个堆叠一起训练；按它们输出的平均值分类。',
    'float32 or float64.':
        'float32 或 float64。',
    'command example vowels':
        'Deterding 元音，与说话人无关：与 Robinson 的表并列。\n\n默认值（h = 10、σ = 0、λ = 0.005）是在训练集的说话人上用留一说话人交叉验证选出的（docs/examples.md）；加 --speaker-norm 时，用同样的方法在按说话人归一化的特征上选出。',
    'Seeds 0 … N−1; the result is mean ± std over them.':
        '随机种子 0 … N−1；结果为它们的均值 ± 标准差。',
    'Networks per ensemble.':
        '每个集成中的网络个数。',
    'Hidden units (default 10; 40 with --speaker-norm).':
        '隐含层神经元个数（默认 10；加 --speaker-norm 时 40）。',
    'Input-noise σ (standardised units) on the 10 copies of the training rows (default 0; 0.3 with --speaker-norm).':
        '加在训练行的 10 个副本上的输入噪声 σ（标准化后的单位）（默认 0；加 --speaker-norm 时 0.3）。',
    'L2 regularisation λ: each minibatch minimises mean cross-entropy + (λ/2)·Σw² (default 0.005; 0.001 with --speaker-norm).':
        'L2 正则化系数 λ：每个小批量最小化 平均交叉熵 + (λ/2)·Σw²（默认 0.005；加 --speaker-norm 时 0.001）。',
    "Normalise each speaker's features by that speaker's own utterances first (uses the test speakers' unlabelled features: not comparable with Robinson's table).":
        '先用每个说话人自己的发音把其特征归一化（用到了测试集说话人的无标签特征：结果不能与 Robinson 的表比较）。',
    'command example digits':
        'scikit-learn 的 8×8 手写数字：前一半为训练集，后一半为测试集。',
    'Hidden units.':
        '隐含层神经元个数。',
    'SCG epochs at most.':
        'SCG 的最大训练轮次。',
    'command example mnist':
        'MNIST，60000 个训练样本 / 10000 个测试样本，784-300-10 网络，与 LeCun 的表并列。',
    'mnist.npz, or a folder with the four IDX files (bpnn never downloads data).':
        'mnist.npz，或含有四个 IDX 文件的文件夹（bpnn 从不下载数据）。',
    "Hidden units (LeCun's table: 300).":
        '隐含层神经元个数（LeCun 的表：300）。',
    'Hidden activation: relu (He init) or tanh (Glorot).':
        '隐含层激活函数：relu（He 初始化）或 tanh（Glorot 初始化）。',
}

#: the words of typer's help screens and usage errors (bpnn.cli.localize)
TYPER_ZH = {
    "Usage: ": "用法：", "Arguments": "参数", "Options": "选项", "Commands": "命令",
    "[default: {}]": "[默认：{}]", "[required]": "[必需]", "[env var: {}]": "[环境变量：{}]",
    "(deprecated) ": "（已弃用）", "Show this message and exit.": "显示本帮助后退出。",
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
