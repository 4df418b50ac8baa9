"""The values the studies of :mod:`bpnn.teach.studies` try by default.

Kept apart from the studies (which need NumPy) so that ``bpnn study lr --help`` and
``bpnn --help`` can show them without importing NumPy.

>>> LR_SWEEP[0], HIDDEN_SWEEP[-1]
(0.0001, 32)
"""

#: learning rates of ``bpnn study lr`` (log-spaced, from too small to diverging)
LR_SWEEP = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1.0)

#: hidden-layer sizes of ``bpnn study hidden``
HIDDEN_SWEEP = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)
