"""``bpnn playground``: a local web page that watches back-propagation happen with bpnn's real numbers."""

from __future__ import annotations

import typer

from ..errors import BPNNError
from .app import app


@app.command("playground")
def playground_command(
    port: int = typer.Option(8765, min=0, max=65535, help="Port on 127.0.0.1 (0 picks a free one)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Print the URL but do not open a browser."),
    lang: str = typer.Option(None, metavar="[en|zh]", help="Language of the page: en or zh (the page can switch; "
                                                          "default: bpnn --lang, $BPNN_LANG or the locale)."),
) -> None:
    """Open the playground: train a small BP network in the browser and inspect every number.

    The server runs bpnn's own training loop and explain; the page only draws
    their numbers.  It listens on 127.0.0.1 only, and every request needs the
    random token in the printed URL.  Ctrl-C (or closing the page) stops it.
    Needs the playground extra: pip install ".[playground]".
    """
    from ..messages import language, unknown_language

    lang = lang or language()
    if lang not in ("en", "zh"):
        raise BPNNError(unknown_language(lang))
    from ..app.playground.server import serve

    serve(port=port, open_browser=not no_browser, lang=lang, echo=typer.echo)
