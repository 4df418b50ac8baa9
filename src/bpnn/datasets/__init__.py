"""Data sets shipped with bpnn.

:func:`sin_data` and :func:`article_network` give the seed article's
example: 20 points of sin(x) on [−5, 5] and its 1-4-1 tanh/linear network
with the initial weights that ``torch.manual_seed(99)`` draws.

The case studies' data (``bpnn example``): :func:`peaks` and :func:`sincos`
sampled on grids, the 26 capitals as 5×7 bitmaps (:func:`letters5x7`), UCI
Letter Recognition (:func:`letter_recognition`), the Deterding vowels
(:func:`deterding_vowels`), and a reader for MNIST files you have
(:func:`load_mnist`).  Attributions: ``datasets/data/README.md``.
"""

from .sin import ARTICLE_WEIGHTS, article_network, sin_data
from .functions import SURFACES, grid_samples, midpoint_samples, peaks, sincos
from .letters import LETTERS, letter_recognition, letters5x7
from .mnist import load_mnist
from .vowels import VOWEL_WORDS, VowelData, deterding_vowels

__all__ = ["ARTICLE_WEIGHTS", "article_network", "sin_data"]
__all__ += ["LETTERS", "SURFACES", "VOWEL_WORDS", "VowelData", "deterding_vowels", "grid_samples",
            "letter_recognition", "letters5x7", "load_mnist", "midpoint_samples", "peaks", "sincos"]
