"""Data sets shipped with bpnn.

:func:`sin_data` and :func:`article_network` give the seed article's
example: 20 points of sin(x) on [−5, 5] and its 1-4-1 tanh/linear network
with the initial weights that ``torch.manual_seed(99)`` draws.
"""

from .sin import ARTICLE_WEIGHTS, article_network, sin_data

__all__ = ["ARTICLE_WEIGHTS", "article_network", "sin_data"]
