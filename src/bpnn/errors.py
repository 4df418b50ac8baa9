"""The one exception family of bpnn.

Every mistake a user can make (a wrong shape, a NaN in the data, an unknown
activation name, a bad option) raises :class:`BPNNError`.  Its message says
*what* was wrong, *where* (argument, row, column, file) and *what to do*.
It subclasses :class:`ValueError`, so code that already catches
``ValueError`` keeps working, and the command line turns it into a single
``error: ...`` line with exit status 2.

The messages a command-line user can meet are written once, in the message
catalogue (:mod:`bpnn.messages`, keys ``err_…``), in English and Chinese:
``BPNNError.of(key, **values)`` builds the error in the process's language
and keeps the key and the values for programs that want them.
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

    #: the catalogue key of the message (None for a message written in place) and its values
    key: str | None = None
    values: dict = {}

    @classmethod
    def of(cls, key: str, /, **values) -> "BPNNError":
        """The error whose message is the catalogue's ``key`` filled with ``values``, in the chosen language.

        Examples
        --------
        >>> from bpnn.messages import text
        >>> err = BPNNError.of("err_no_rows_left", source="d.csv")
        >>> err.key, err.values
        ('err_no_rows_left', {'source': 'd.csv'})
        >>> text("err_no_rows_left", "zh", source="d.csv")
        'd.csv：去掉有问题的行之后没有剩下任何行；请检查数据'
        """
        from .messages import text

        error = cls(text(key, **values))
        error.key, error.values = key, values
        return error


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
    if not close:
        return ""
    from .messages import text

    return text("did_you_mean", name=close[0])
