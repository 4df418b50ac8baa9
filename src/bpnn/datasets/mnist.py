"""MNIST handwritten digits, read from a file you have (never downloaded).

MNIST (Y. LeCun, C. Cortes and C. J. C. Burges) is 60000 training and 10000
test images of 28×28 grey pixels (0–255).  It is too large to ship inside
bpnn; :func:`load_mnist` reads either

* an ``.npz`` file with arrays ``x_train``, ``y_train``, ``x_test``,
  ``y_test`` (the layout Keras uses), or
* a folder holding the four original IDX files
  (``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
  ``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte``), gzipped
  (``.gz``) or not.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from ..errors import BPNNError

IDX_FILES = {"x_train": "train-images-idx3-ubyte", "y_train": "train-labels-idx1-ubyte",
             "x_test": "t10k-images-idx3-ubyte", "y_test": "t10k-labels-idx1-ubyte"}


def read_idx(path) -> np.ndarray:
    """One IDX file (gzipped or not) as an unsigned-byte array.

    Examples
    --------
    >>> import tempfile, os
    >>> raw = bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9])      # magic (ubyte, 1 dim), n = 3, data
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "labels-idx1-ubyte")
    ...     _ = open(p, "wb").write(raw)
    ...     read_idx(p).tolist()
    [7, 8, 9]
    """
    path = Path(path)
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as fh:
            raw = fh.read()
    except (OSError, EOFError) as exc:
        raise BPNNError(f"cannot read the IDX file {path}: {exc}; pass an MNIST .npz file or a folder "
                        f"with the four IDX files") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 8:
        raise BPNNError(f"{path} is not an IDX file of unsigned bytes (its first bytes are "
                        f"{list(raw[:4])}, expected 0, 0, 8, ndim)")
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise BPNNError(f"{path} announces shape {shape} but holds {data.size} values; the file is truncated")
    return data.reshape(shape)


def _idx_folder(folder: Path) -> dict:
    arrays = {}
    for key, stem in IDX_FILES.items():
        found = [folder / (stem + suffix) for suffix in (".gz", "")]
        found += [p for p in folder.glob(stem.replace("-idx", ".idx") + "*")]     # t10k-images.idx3-ubyte
        existing = [p for p in found if p.is_file()]
        if not existing:
            raise BPNNError(f"{folder} has no {stem}[.gz]; the folder must hold the four MNIST IDX files "
                            f"({', '.join(IDX_FILES.values())}), or pass the mnist.npz file instead")
        arrays[key] = read_idx(existing[0])
    return arrays


def load_mnist(path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MNIST from an ``.npz`` file or a folder of IDX files.

    Parameters
    ----------
    path : str or Path
        ``mnist.npz`` (x_train, y_train, x_test, y_test) or a folder with
        the four IDX files.

    Returns
    -------
    X_train : ndarray of uint8, shape (60000, 784)
    y_train : ndarray of int, shape (60000,)
    X_test : ndarray of uint8, shape (10000, 784)
    y_test : ndarray of int, shape (10000,)
        Images flattened row by row (28 rows of 28 pixels), labels 0–9.

    Raises
    ------
    BPNNError
        If the path does not exist or the files are not MNIST.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        arrays = _idx_folder(path)
    elif path.is_file():
        if path.suffix != ".npz":
            raise BPNNError(f"{path} is not an .npz file; pass mnist.npz or a folder with the four IDX files")
        try:
            with np.load(path, allow_pickle=False) as data:
                missing = [k for k in IDX_FILES if k not in data.files]
                if missing:
                    raise BPNNError(f"{path} lacks the array(s) {', '.join(missing)}; an MNIST .npz holds "
                                    f"x_train, y_train, x_test, y_test")
                arrays = {k: data[k] for k in IDX_FILES}
        except (OSError, ValueError) as exc:
            if isinstance(exc, BPNNError):
                raise
            raise BPNNError(f"cannot read {path} as an .npz file: {exc}") from None
    else:
        raise BPNNError(f"no MNIST data at {path}: the path does not exist; pass the mnist.npz file or a "
                        f"folder with the four IDX files (bpnn never downloads data)")
    out = []
    for key in ("x_train", "y_train", "x_test", "y_test"):
        a = np.asarray(arrays[key])
        if key.startswith("x"):
            a = a.reshape(len(a), -1)
            if a.shape[1] != 784:
                raise BPNNError(f"{path}: {key} has images of {a.shape[1]} pixels, expected 28×28 = 784")
        else:
            a = a.astype(int).reshape(-1)
        out.append(a)
    if len(out[0]) != len(out[1]) or len(out[2]) != len(out[3]):
        raise BPNNError(f"{path}: the numbers of images and labels differ "
                        f"({len(out[0])}/{len(out[1])} train, {len(out[2])}/{len(out[3])} test)")
    return tuple(out)
