"""Whether numba can be used (``pip install ".[fast]"``), asked in one place.

``BPNN_COMPILED=0`` in the environment, or ``bpnn._numba.ENABLED = False``,
turns every compiled path off (the engines' and the optimisers' steps).
"""

from __future__ import annotations

import os

#: use compiled code at all (the environment variable BPNN_COMPILED=0 turns it off)
ENABLED = os.environ.get("BPNN_COMPILED", "1").strip() not in ("0", "false", "no", "off")
_installed = None                           # whether numba is there (looked up on first use)
_failure = None                             # why an installed numba did not import, if it did not


def installed() -> bool:
    """True when numba is installed (looked up once, without importing it: importing takes a third of
    a second, which a run that keeps to NumPy should not pay; this is asked on every step)."""
    global _installed
    if _installed is None:
        import importlib.util

        try:
            _installed = importlib.util.find_spec("numba") is not None
        except (ImportError, ValueError):
            _installed = False
    return _installed


def available() -> bool:
    """True when numba is installed and compiled code is enabled."""
    return ENABLED and installed()


def load() -> bool:
    """Import numba now, before compiled code is used: True when it imports.  A numba that is
    installed but does not import (built for another NumPy, a broken install) turns compiled code
    off for this process, its error kept for :func:`unavailable_reason`, so that training runs
    NumPy instead of failing."""
    global _installed, _failure
    if not available():
        return False
    try:
        import numba  # noqa: F401
    except Exception as exc:                # ImportError, or numba's own version checks
        _installed, _failure = False, f"{type(exc).__name__}: {exc}".splitlines()[0]
        return False
    return True


def unavailable_reason() -> str:
    """Why compiled code is not used here (for the engine selector's reasons)."""
    if not ENABLED:
        return "compiled code is turned off (BPNN_COMPILED=0)"
    if _failure is not None:
        return f"numba is installed but does not import ({_failure})"
    return "numba is not installed (pip install \".[fast]\" from a clone of bpnn, or pip install numba)"
