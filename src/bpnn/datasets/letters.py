"""Letters: the 26 capitals as 5×7 bitmaps, and UCI Letter Recognition.

* :func:`letters5x7` reads ``data/letters5x7.txt``: each letter drawn as 7
  rows of 5 pixels, the classic textbook character-recognition task (MATLAB's
  ``prprob``/``appcr1``).  Drawn for bpnn.
* :func:`letter_recognition` reads ``data/letter-recognition.csv.gz``, the
  UCI Letter Recognition data (D. J. Slate, 1991; P. W. Frey and D. J. Slate,
  *Machine Learning* 6, 1991): 20000 letter images from 20 fonts, randomly
  distorted, each described by 16 integer features (0–15).  The standard
  split trains on the first 16000 rows and tests on the last 4000.
  Licence CC BY 4.0 (UCI Machine Learning Repository); see
  ``data/README.md``.
"""

from __future__ import annotations

import functools
import gzip
from importlib.resources import files

import numpy as np

from ..errors import BPNNError

LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
LETTER_TRAIN_ROWS = 16000      # Frey & Slate: the first 16000 rows train, the last 4000 test


def data_file(name: str):
    """Path-like handle of a file shipped in ``bpnn/datasets/data``."""
    path = files("bpnn.datasets") / "data" / name
    if not path.is_file():
        raise BPNNError(f"the data file {name} is missing from the bpnn installation ({path}); "
                        f"reinstall bpnn (pip install --force-reinstall . in its clone)")
    return path


def letters5x7() -> tuple[np.ndarray, list[str]]:
    """The 26 capital letters as 5×7 bitmaps.

    Returns
    -------
    X : ndarray, shape (26, 35)
        One letter a row: its 7 pixel rows of 5, top to bottom, 1 for ink
        and 0 for blank.  ``X[k].reshape(7, 5)`` is the picture.
    letters : list of str
        ``["A", ..., "Z"]``, the label of each row.

    Examples
    --------
    >>> X, letters = letters5x7()
    >>> X.shape, letters[0], letters[-1]
    ((26, 35), 'A', 'Z')
    >>> for row in X[letters.index("T")].reshape(7, 5)[:3]:
    ...     print("".join("#" if p else "." for p in row))
    #####
    ..#..
    ..#..
    """
    text = data_file("letters5x7.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("%")]
    if len(lines) != 26 * 8:
        raise BPNNError(f"letters5x7.txt has {len(lines)} non-comment lines, expected {26 * 8} "
                        f"(a letter and its 7 rows, 26 times); the installed file is damaged")
    X, letters = np.zeros((26, 35)), []
    for k in range(26):
        name, rows = lines[8 * k], lines[8 * k + 1: 8 * k + 8]
        if len(name) != 1 or any(len(r) != 5 or set(r) - {"#", "."} for r in rows):
            raise BPNNError(f"letters5x7.txt: the block of letter {k + 1} ({name!r}) is not a letter and "
                            f"7 rows of 5 '#'/'.' characters; the installed file is damaged")
        letters.append(name)
        X[k] = [c == "#" for c in "".join(rows)]
    return X, letters


def letter_recognition(split: str = "all") -> tuple[np.ndarray, np.ndarray]:
    """UCI Letter Recognition: 16 integer features per letter image.

    Parameters
    ----------
    split : {"all", "train", "test"}
        All 20000 rows, the first 16000 (train) or the last 4000 (test).

    Returns
    -------
    X : ndarray, shape (n, 16)
        The features (0–15) as floats, in the file's column order
        (x-box, y-box, width, high, onpix, x-bar, y-bar, x2bar, y2bar, xybar,
        x2ybr, xy2br, x-ege, xegvy, y-ege, yegvx).
    y : ndarray of str, shape (n,)
        The letter, ``"A"`` … ``"Z"``.

    Examples
    --------
    >>> X, y = letter_recognition("test")
    >>> X.shape, y[:3].tolist(), int(X.max())
    ((4000, 16), ['U', 'N', 'V'], 15)
    """
    if split not in ("all", "train", "test"):
        raise BPNNError(f"split must be 'all', 'train' or 'test', got {split!r}")
    X, y = _letter_table()
    part = {"all": slice(None), "train": slice(0, LETTER_TRAIN_ROWS), "test": slice(LETTER_TRAIN_ROWS, None)}[split]
    return X[part].copy(), y[part].copy()


@functools.lru_cache(maxsize=1)
def _letter_table() -> tuple[np.ndarray, np.ndarray]:
    """The 20000 rows of letter-recognition.csv.gz, parsed once per process (callers get copies)."""
    with gzip.open(data_file("letter-recognition.csv.gz").open("rb"), "rt", encoding="ascii") as fh:
        header = fh.readline().strip().split(",")
        rows = [line.rstrip("\n").split(",") for line in fh if line.strip()]
    if header[0] != "lettr" or len(header) != 17 or len(rows) != 20000:
        raise BPNNError("letter-recognition.csv.gz does not hold 20000 rows of lettr + 16 features; "
                        "the installed file is damaged")
    y = np.array([r[0] for r in rows])
    X = np.array([r[1:] for r in rows], dtype=float)
    return X, y
