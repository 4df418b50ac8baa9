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

STDOUT = "-"
SAMPLE_BYTES = 64 * 1024        # how much of an input is looked at for NUL bytes


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_input(path, what: str = "input file", *, nul_check: bool = True) -> Path:
    """``path`` as a :class:`~pathlib.Path` if it is a regular file bpnn may read, else an error.

    Nothing is opened before the file's kind is known (so a FIFO without a writer cannot
    block); then at most :data:`SAMPLE_BYTES` are read to refuse a file that is mostly NUL.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise BPNNError(f"{what} '{path}' not found; check the path (the current folder is {Path.cwd()})") from None
    except OSError as exc:
        raise BPNNError(f"cannot read {what} '{path}': {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise BPNNError(f"{what} '{path}' is a folder; give a file inside it")
    if not stat.S_ISREG(st.st_mode):
        raise BPNNError(f"{what} '{path}' is {_kind(st.st_mode)}, not a regular file; bpnn reads only "
                        f"regular files (copy the data into one first)")
    if nul_check and st.st_size > 0:
        try:
            with open(path, "rb") as fh:
                head = fh.read(SAMPLE_BYTES)
        except OSError as exc:
            raise BPNNError(f"cannot read {what} '{path}': {exc.strerror or exc}") from None
        if head.count(0) > len(head) // 2:
            raise BPNNError(f"{what} '{path}' is mostly NUL bytes ({head.count(0)} of its first {len(head)} "
                            f"bytes), so it is not a table: the file is empty space, damaged or binary")
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
        raise BPNNError(f"{what} cannot go to standard output ('-'); give a file name")
    path = Path(path)
    for source in inputs:
        if source is not None and str(source) != STDOUT and _same(path, Path(source)):
            raise BPNNError(f"{what} '{path}' is the same file as the input '{source}'; give another name, "
                            f"or the input would be overwritten")
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise BPNNError(f"cannot write {what} '{path}': {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise BPNNError(f"{what} '{path}' is a folder; give a file name, e.g. {path / 'model.bpnn'}")
    if st is not None and not stat.S_ISREG(st.st_mode):
        via = f" (through a symlink to '{real}')" if real != path.absolute() else ""
        raise BPNNError(f"{what} '{path}' is {_kind(st.st_mode)}{via}, not a regular file; bpnn writes only "
                        f"regular files" + (" (use '-' for standard output)" if allow_stdout else ""))
    if not real.parent.is_dir():
        raise BPNNError(f"cannot write {what} '{path}': folder '{path.parent}' does not exist; create it first")
    return real


def check_report_folder(folder, *, inputs=(), outputs=()) -> Path:
    """A folder a report may be written into: not a file, not a special file, and not one that
    would overwrite the command's inputs or outputs (``report.html`` and ``*.png`` are written)."""
    folder = Path(folder)
    real = Path(os.path.realpath(folder))
    if real.exists() and not real.is_dir():
        kind = "a file" if real.is_file() else _kind(os.stat(real).st_mode)
        raise BPNNError(f"--report '{folder}' is {kind}; give a folder name")
    for other in (*inputs, *outputs):
        if other is None or str(other) == STDOUT:
            continue
        other_real = Path(os.path.realpath(other))
        if other_real.parent == real and (other_real.name == "report.html" or other_real.suffix == ".png"):
            raise BPNNError(f"--report '{folder}' would overwrite '{other}' (the report writes report.html and "
                            f"PNG plots there); give another folder")
    return folder
