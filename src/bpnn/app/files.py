"""Checks on the files a command reads and writes, made before anything is opened.

* :func:`check_input` refuses what is not a regular file (a folder, a FIFO that would
  block forever, a device such as ``/dev/zero`` that never ends) and a file that is mostly
  NUL bytes (a sparse or zeroed file is not a table or a model), without reading more than
  a few kilobytes;
* :func:`check_output` refuses an output that resolves to one of the command's inputs
  (however the path is spelled: ``./data.csv``, ``sub/../data.csv``, a symlink), or that
  is not a regular file (a device, a FIFO, a folder, or a symlink to one of them);
  ``-`` means standard output.

Both say what was wrong and what to do, as a :class:`~bpnn.errors.BPNNError`.

Examples
--------
>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> data = os.path.join(folder, "data.csv")
>>> _ = open(data, "w").write("x,y\\n1,2\\n")
>>> try:
...     check_output(os.path.join(folder, ".", "data.csv"), "model file", inputs=[data])
... except BPNNError as exc:
...     print(str(exc).split(":")[0].split("'")[0] + "... " + str(exc).split("; ")[1])
model file ... give another name, or the input would be overwritten
>>> check_output("-", "predictions", allow_stdout=True) is None
True
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import BPNNError
from ..messages import noun, text

STDOUT = "-"
SAMPLE_BYTES = 64 * 1024        # how much of an input is looked at for NUL bytes


def _kind(mode: int) -> str:
    for test, key in ((stat.S_ISDIR, "kind_folder"), (stat.S_ISFIFO, "kind_fifo"), (stat.S_ISCHR, "kind_chr"),
                      (stat.S_ISBLK, "kind_blk"), (stat.S_ISSOCK, "kind_sock")):
        if test(mode):
            return text(key)
    return text("kind_other")


def check_input(path, what: str = "input file", *, nul_check: bool = True) -> Path:
    """``path`` as a :class:`~pathlib.Path` if it is a regular file bpnn may read, else an error.

    Nothing is opened before the file's kind is known (so a FIFO without a writer cannot
    block); then at most :data:`SAMPLE_BYTES` are read to refuse a file that is mostly NUL.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise BPNNError.of("err_not_found", what=noun(what), path=path, cwd=Path.cwd()) from None
    except OSError as exc:
        raise BPNNError.of("err_cannot_read", what=noun(what), path=path, why=exc.strerror or exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise BPNNError.of("err_input_folder", what=noun(what), path=path)
    if not stat.S_ISREG(st.st_mode):
        raise BPNNError.of("err_input_special", what=noun(what), path=path, kind=_kind(st.st_mode))
    if nul_check and st.st_size > 0:
        try:
            with open(path, "rb") as fh:
                head = fh.read(SAMPLE_BYTES)
        except OSError as exc:
            raise BPNNError.of("err_cannot_read", what=noun(what), path=path, why=exc.strerror or exc) from None
        if head.count(0) > len(head) // 2:
            raise BPNNError.of("err_nul_bytes", what=noun(what), path=path, nul=head.count(0), n=len(head))
    return path


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_output(path, what: str, *, inputs=(), allow_stdout: bool = False) -> Path | None:
    """Where to write ``what``: a regular file (new or existing) that is none of ``inputs``.

    Returns ``None`` for ``-`` when ``allow_stdout`` (write to standard output), else the
    path with symlinks resolved, so that writing replaces the file the link points to.

    Raises
    ------
    BPNNError
        The path is one of the inputs, a folder, a device, a FIFO, a socket (or a symlink
        to one), or its folder does not exist.
    """
    if str(path) == STDOUT:
        if allow_stdout:
            return None
        raise BPNNError.of("err_no_stdout", what=noun(what))
    path = Path(path)
    for source in inputs:
        if source is not None and str(source) != STDOUT and _same(path, Path(source)):
            raise BPNNError.of("err_output_is_input", what=noun(what), path=path, source=source)
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise BPNNError.of("err_cannot_write", what=noun(what), path=path, why=exc.strerror or exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise BPNNError.of("err_output_folder", what=noun(what), path=path, example=path / "model.bpnn")
    if st is not None and not stat.S_ISREG(st.st_mode):
        via = text("err_via_symlink", real=real) if real != path.absolute() else ""
        raise BPNNError.of("err_output_special", what=noun(what), path=path, kind=_kind(st.st_mode), via=via,
                           stdout=text("err_use_stdout") if allow_stdout else "")
    if not real.parent.is_dir():
        raise BPNNError.of("err_no_folder", what=noun(what), path=path, folder=path.parent)
    return real


def check_report_folder(folder, *, inputs=(), outputs=()) -> Path:
    """A folder a report may be written into: not a file, not a special file, and not one that
    would overwrite the command's inputs or outputs (``report.html`` and ``*.png`` are written)."""
    folder = Path(folder)
    real = Path(os.path.realpath(folder))
    if real.exists() and not real.is_dir():
        kind = text("kind_file") if real.is_file() else _kind(os.stat(real).st_mode)
        raise BPNNError.of("err_report_not_folder", folder=folder, kind=kind)
    for other in (*inputs, *outputs):
        if other is None or str(other) == STDOUT:
            continue
        other_real = Path(os.path.realpath(other))
        if other_real.parent == real and (other_real.name == "report.html" or other_real.suffix == ".png"):
            raise BPNNError.of("err_report_overwrites", folder=folder, other=other)
    return folder
