"""The command line's own words in the chosen language: help screens and usage errors.

The English help of each option is written beside the option (``typer.Option(help=…)``) and
each command's in its docstring; :data:`bpnn.messages.HELP_ZH` holds their Chinese, keyed by
that English text (options) or by the command's path (``"train"``, ``"study lr"``).  The
language is only known once ``main`` has read ``--lang`` (bpnn.messages), so the help is put
in place when the command tree is built for the run (:func:`localize`), not when the command
modules are imported: the same process can show ``--help`` in either language.

The words of the help screen itself (``Usage:``, the panel titles, ``[default: …]``) and the
usage errors of the parser (a missing argument, an unknown option, a bad value) are typer's;
:func:`localize` and :func:`usage_message` give them in Chinese too.  Nothing here imports
NumPy: ``bpnn --help`` stays fast.
"""

from __future__ import annotations

import inspect
import re
import sys

from ..messages import HELP_ZH, TYPER_ZH, language, text

#: typer.rich_utils' fixed strings, and the message keys of their Chinese
_RICH_STRINGS = {"ARGUMENTS_PANEL_TITLE": "Arguments", "OPTIONS_PANEL_TITLE": "Options",
                 "COMMANDS_PANEL_TITLE": "Commands", "DEFAULT_STRING": "[default: {}]",
                 "REQUIRED_LONG_STRING": "[required]", "ENVVAR_STRING": "[env var: {}]",
                 "DEPRECATED_STRING": "(deprecated) "}


def help_for(english: str | None, lang: str | None = None) -> str | None:
    """The help text ``english`` (an option's, as written in cli/) in ``lang``; English when none is known.

    >>> help_for("Learning rate.", "zh"), help_for("Learning rate.", "en")
    ('学习率。', 'Learning rate.')
    """
    if not english or (lang or language()) == "en":
        return english
    return HELP_ZH.get(inspect.cleandoc(english), english)


def _walk(command, path: str = ""):
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from _walk(sub, f"{path} {name}".strip())


def localize(command, lang: str | None = None):
    """Put the help of ``command`` (typer's click tree, built for one run) in ``lang``; returns it.

    Every command's help comes from ``HELP_ZH[path]`` and every option's and argument's from
    ``HELP_ZH[its English help]``; the help screen's own words are set to match (and set back to
    English for an English run in the same process).
    """
    lang = lang or language()
    _rich_strings(lang)
    if lang == "en":
        return command
    for path, cmd in _walk(command):
        own = HELP_ZH.get(f"command {path}".strip())
        if own is not None:
            cmd.help, cmd.short_help = own, None
        for param in cmd.params:
            param.help = help_for(getattr(param, "help", None), lang)
        cmd.context_class = _context_class(cmd.context_class)
        cmd.get_help_option = _help_option(cmd.get_help_option)
    return command


def _rich_strings(lang: str) -> None:
    """Typer's fixed help words (panel titles, ``[default: …]``) in ``lang``."""
    rich = sys.modules.get("typer.rich_utils")
    if rich is None and lang == "en":          # not imported yet: still English, and importing it costs time
        return
    if rich is None:
        import typer.rich_utils as rich
    for name, english in _RICH_STRINGS.items():
        setattr(rich, name, english if lang == "en" else TYPER_ZH[english])
    if lang != "en":
        _fold_long_words(rich)


def _fold_long_words(rich) -> None:
    """Let the help text break inside a long run of Chinese (which has no spaces to break at):
    typer's rich text cuts a word wider than its column off with "…"; folding breaks it instead."""
    make = getattr(rich, "_make_rich_text", None)
    if make is None or getattr(make, "folds", False):
        return

    def make_rich_text(*args, **kwargs):
        made = make(*args, **kwargs)
        if hasattr(made, "overflow"):
            made.overflow = "fold"
        return made

    make_rich_text.folds = True
    rich._make_rich_text = make_rich_text


def _context_class(base):
    """A context whose help formatter writes ``用法：`` for ``Usage:``."""
    formatter = base.formatter_class

    class Formatter(formatter):
        def write_usage(self, prog, args="", prefix=None):
            return super().write_usage(prog, args, TYPER_ZH["Usage: "] if prefix is None else prefix)

    return type("LocalContext", (base,), {"formatter_class": Formatter})


def _help_option(original):
    """``-h, --help``'s own help in Chinese."""
    def get_help_option(ctx):
        option = original(ctx)
        if option is not None:
            option.help = TYPER_ZH.get(option.help, option.help)
        return option

    return get_help_option


#: typer's usage errors (English pattern → message key of their Chinese, with the pattern's groups)
_USAGE = (
    (r"No such option: (?P<option>\S+)(?: \(Possible options: (?P<choices>.*)\))?", "err_usage_no_option"),
    (r"No such command '(?P<name>[^']*)'\.(?: Did you mean '(?P<close>[^']*)'\?)?", "err_usage_no_command"),
    (r"Missing argument '?(?P<name>[^.]*?)'?\.(?: (?P<more>.*))?", "err_usage_missing_argument"),
    (r"Missing option '?(?P<name>[^.]*?)'?\.(?: (?P<more>.*))?", "err_usage_missing_option"),
    (r"Missing command\.", "err_usage_missing_command"),
    (r"Option '(?P<option>[^']*)' requires an argument\.", "err_usage_needs_value"),
    (r"Option '(?P<option>[^']*)' does not take a value\.", "err_usage_no_value"),
    (r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)", "err_usage_extra"),
    (r"Invalid value for (?P<name>.+?): (?P<why>.*)", "err_usage_invalid"),
)
#: the reasons inside ``Invalid value for …: reason``
_INVALID = (
    (r"Input should be greater than or equal to (?P<n>\S+)", "err_usage_at_least"),
    (r"Input should be less than or equal to (?P<n>\S+)", "err_usage_at_most"),
    (r"Input should be greater than (?P<n>\S+)", "err_usage_above"),
    (r"Input should be less than (?P<n>\S+)", "err_usage_below"),
    (r"Input should be a valid integer.*", "err_usage_integer"),
    (r"Input should be a valid number.*", "err_usage_number"),
    (r"Input should be a valid boolean.*", "err_usage_boolean"),
    (r"(?:Value )?(?P<value>'.*') is not one of (?P<choices>.*?)\.?", "err_usage_choice"),
    (r"(?P<value>.*) is not in the range (?P<range>.*?)\.?", "err_usage_range"),
    (r"(?:Value )?(?P<value>'.*') is not a valid (?P<kind>\w+)\.?", "err_usage_kind"),
)


def _translate(message: str, table, lang: str) -> str | None:
    for pattern, key in table:
        found = re.fullmatch(pattern, message)
        if found:
            values = {k: v or "" for k, v in found.groupdict().items()}
            if "why" in values:
                values["why"] = _translate(values["why"], _INVALID, lang) or values["why"]
            return text(key, lang, **values)
    return None


def usage_message(message: str, where: str, lang: str | None = None) -> str:
    """A usage error of the parser (typer's English ``message``) in ``lang``, with where to look.

    >>> usage_message("Missing argument 'data'.", "bpnn train", "zh")
    "缺少参数 'data'（见 'bpnn train --help'）"
    >>> usage_message("Missing option '--out' / '-o'.", "bpnn train", "zh")
    "缺少选项 '--out' / '-o'（见 'bpnn train --help'）"
    >>> usage_message("Missing argument 'data'.", "bpnn train", "en")
    "Missing argument 'data'. (see 'bpnn train --help')"
    """
    lang = lang or language()
    if lang != "en":
        message = _translate(message, _USAGE, lang) or message
    return text("err_usage_see", lang, message=message, where=where)
