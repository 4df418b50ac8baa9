"""The one exception family of bpnn.

Every mistake a user can make (a wrong shape, a NaN in the data, an unknown
activation name, a bad option) raises :class:`BPNNError`.  Its message says
*what* was wrong, *where* (argument, row, column, file) and *what to do*.
It subclasses :class:`ValueError`, so code that already catches
``ValueError`` keeps working, and the command line turns it into a single
``error: ...`` line with exit status 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class BPNNError(ValueError):
    """A user-facing error: what was wrong, where, and what to do.

    Examples
    --------
    >>> from bpnn.errors import BPNNError
    >>> try:
    ...     raise BPNNError("X has 3 columns but the network expects 2; pass data with 2 columns")
    ... except ValueError as e:
    ...     print(e)
    X has 3 columns but the network expects 2; pass data with 2 columns
    """


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or ``""``.

    Examples
    --------
    >>> did_you_mean("tahn", ["tanh", "sigmoid"])
    " (did you mean 'tanh'?)"
    >>> did_you_mean("zzz", ["tanh", "sigmoid"])
    ''
    """
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
