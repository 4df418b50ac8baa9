"""The typer application and the error handling shared by every command."""

from __future__ import annotations

import errno
import os
import signal
import sys
from contextlib import contextmanager

import typer

from ..errors import BPNNError

app = typer.Typer(
    name="bpnn",
    help="Back-propagation neural networks you can read, verify and use.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"bpnn {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit."),
          lang: str = typer.Option(None, "--lang", metavar="[en|zh]",
                                   help="Language of the output: en or zh; works after any command too "
                                        "(bpnn train … --lang zh). Default: $BPNN_LANG, else zh for a Chinese "
                                        "locale, else en.")) -> None:
    """Back-propagation neural networks you can read, verify and use."""


@contextmanager
def interrupt_on_sigterm():
    """Within the block, SIGTERM acts like Ctrl-C: training stops and keeps its best weights.

    (Outside it, SIGTERM keeps its default: the process ends at once, and
    atomic writes mean no file is ever left half-written.)
    """
    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:                                   # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """After standard output failed (a full disk, a closed pipe): send what is left to /dev/null,
    so that Python's own flush at exit cannot fail a second time with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass                                             # stdout already gone: nothing left to protect


def _interrupted() -> str:
    from ..messages import text

    return text("interrupted")


def _os_error(exc: OSError) -> str:
    from ..messages import text

    where = (text("err_os_where", name=exc.filename) if exc.filename else
             text("err_os_stdout") if exc.errno == errno.EPIPE else "")
    hint = {errno.ENOSPC: "err_os_nospace", errno.EPIPE: "err_os_pipe", errno.EROFS: "err_os_readonly",
            errno.EACCES: "err_os_access"}.get(exc.errno, "err_os_other")
    return text("err_os", where=where, why=exc.strerror or exc, hint=text(hint))


#: commands with a --lang option of their own (their default is the chosen language)
OWN_LANG = ("explain", "playground")


def take_lang(argv: list[str]) -> list[str]:
    """Choose the language from ``--lang X`` / ``--lang=X`` anywhere in argv (bpnn.messages); returns argv
    without it, except for the commands that take --lang themselves.

    >>> take_lang(["train", "d.csv", "--lang", "en"])
    ['train', 'd.csv']
    """
    from ..messages import LANGS, set_language

    chosen, own, rest, i = None, False, [], 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg == "--lang" and i + 1 < len(argv):
            chosen, pair = argv[i + 1], argv[i:i + 2]
            i += 2
        elif arg.startswith("--lang="):
            chosen, pair = arg.split("=", 1)[1], [arg]
            i += 1
        else:
            rest.append(arg)
            i += 1
            continue
        if any(a in OWN_LANG for a in rest[:1]):
            rest += pair
            own = True
    set_language(None if own and chosen not in LANGS else chosen)     # (those commands refuse a bad one)
    return rest


def echo_table(header: list[str] | None, rows: list[list[str]], left=(0,)) -> None:
    """``header`` (None: none) and ``rows`` in aligned columns (by display width: a Chinese character
    takes two); the columns in ``left`` are aligned left, the others right."""
    from rich.cells import cell_len

    lines = [header, *rows] if header is not None else rows
    widths = [max(cell_len(x) for x in col) for col in zip(*lines)]
    for line in lines:
        pads = [" " * (w - cell_len(x)) for x, w in zip(line, widths)]
        typer.echo("  ".join(x + pad if i in left else pad + x for i, (x, pad) in enumerate(zip(line, pads))).rstrip())


def error_line(message: str) -> str:
    """``error: …`` (``错误：…`` in Chinese): the one line a user mistake prints."""
    from ..messages import prefixed

    return prefixed("error", message)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``bpnn`` console script and ``python -m bpnn``.

    Exit status: 0 done, 1 a check failed (gradcheck), 2 a user error (one ``error:`` line),
    130 interrupted (Ctrl-C or SIGTERM; ``bpnn train`` still writes its best weights).
    """
    try:
        argv = take_lang(list(sys.argv[1:] if argv is None else argv))
        with interrupt_on_sigterm():
            from typer.main import get_command

            from .localize import localize

            result = localize(get_command(app))(args=argv, prog_name="bpnn", standalone_mode=False)
            sys.stdout.flush()
    except BPNNError as exc:
        print(error_line(str(exc)), file=sys.stderr)
        sys.exit(2)
    except typer.TyperException as exc:              # usage errors: bad option, missing argument
        from .localize import usage_message

        ctx = getattr(exc, "ctx", None)
        print(error_line(usage_message(exc.format_message(), getattr(ctx, "command_path", "bpnn"))), file=sys.stderr)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print(error_line(_interrupted()), file=sys.stderr)
        sys.exit(130)
    except OSError as exc:                           # a full disk, a closed pipe, a read-only file system
        _quiet_stdout()
        print(error_line(_os_error(exc)), file=sys.stderr)
        sys.exit(2)
    except MemoryError:
        from ..messages import text

        print(error_line(text("err_out_of_memory")), file=sys.stderr)
        sys.exit(2)
    sys.exit(result if isinstance(result, int) else 0)
