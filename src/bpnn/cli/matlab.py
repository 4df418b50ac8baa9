"""``bpnn import-matlab``: a MATLAB shallow network's ``.mat`` file into a bpnn model file."""

from __future__ import annotations

from pathlib import Path

import typer

from ..app.files import check_output
from .app import app


@app.command("import-matlab")
def import_matlab_command(
    mat_file: Path = typer.Argument(..., metavar="FILE.mat", help="IW, LW, b, transferFcn and the processing "
                                    "settings of a shallow network (bpnn export --to matlab writes them; "
                                    "docs/interop.md says how to save them in MATLAB)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Model file to write (default: FILE with .bpnn)."),
) -> None:
    """Read a MATLAB shallow network (fitnet, patternnet, feedforwardnet) into a bpnn model file.

    Every shape is checked before anything is written; the model then works with
    bpnn predict, info, explain --model and gradcheck.
    """
    from ..app.io import from_matlab, save_model

    out = out or mat_file.with_suffix(".bpnn")
    out_file = check_output(out, "model file", inputs=[mat_file])
    model = from_matlab(mat_file)
    save_model(model, out_file)
    for line in model.summary():
        typer.echo(line)
    typer.echo(f"model: {out}")
