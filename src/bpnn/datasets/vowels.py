"""Deterding vowels: the speech-feature classification benchmark.

990 utterances of 11 steady-state vowels of British English (heed, hid, head,
had, hard, hud, hod, hoard, hood, who'd, heard), 6 by each of 15 speakers;
each utterance is 10 log-area-ratio features from linear-prediction analysis.
The split is speaker-independent: speakers 0–7 (4 male, 4 female; 528
utterances) train, speakers 8–14 (4 male, 3 female; 462) test.  Source:
D. H. Deterding's thesis (1989), the CMU connectionist benchmark collection,
with A. J. Robinson's benchmark table (1989); see ``data/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import BPNNError
from .letters import data_file

VOWEL_WORDS = ("heed", "hid", "head", "had", "hard", "hud", "hod", "hoard", "hood", "who'd", "heard")


@dataclass
class VowelData:
    """One part of the Deterding data.

    Attributes
    ----------
    X : ndarray, shape (n, 10)
        Features f1…f10.
    y : ndarray of int, shape (n,)
        Vowel 0–10 (see ``VOWEL_WORDS``).
    speaker : ndarray of int, shape (n,)
        Speaker 0–14 (0–7 train, 8–14 test).
    sex : ndarray of int, shape (n,)
        0 male, 1 female.
    """

    X: np.ndarray
    y: np.ndarray
    speaker: np.ndarray
    sex: np.ndarray


def deterding_vowels(split: str = "train") -> VowelData:
    """The Deterding vowel data, speaker-independent split.

    Parameters
    ----------
    split : {"train", "test", "all"}
        Speakers 0–7 (528 rows), 8–14 (462 rows), or all 990.

    Examples
    --------
    >>> train, test = deterding_vowels("train"), deterding_vowels("test")
    >>> train.X.shape, test.X.shape, sorted(set(test.speaker.tolist()))[:2]
    ((528, 10), (462, 10), [8, 9])
    >>> np.bincount(train.y).tolist() == [48] * 11
    True
    """
    if split not in ("all", "train", "test"):
        raise BPNNError(f"split must be 'train', 'test' or 'all', got {split!r}")
    lines = data_file("vowel-deterding.csv").read_text(encoding="ascii").split()
    header, rows = lines[0].split(","), [line.split(",") for line in lines[1:]]
    expected = ["split", "speaker", "sex", *[f"f{i}" for i in range(1, 11)], "vowel"]
    if header != expected or len(rows) != 990:
        raise BPNNError("vowel-deterding.csv does not hold 990 rows of split, speaker, sex, f1…f10, vowel; "
                        "the installed file is damaged")
    keep = [r for r in rows if split == "all" or r[0] == split]
    values = np.array([r[1:] for r in keep], dtype=float)
    return VowelData(X=values[:, 2:12], y=values[:, 12].astype(int), speaker=values[:, 0].astype(int),
                     sex=values[:, 1].astype(int))
