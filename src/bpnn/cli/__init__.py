"""The ``bpnn`` command line.

One module per command (or group of commands) registers itself on the
shared :data:`app`; :func:`main` runs it and turns every user mistake into a
single ``error: ...`` line with exit status 2 (never a traceback).
"""

from .app import app, main
from . import demo  # noqa: F401  (registers the command)
from . import explain, gradcheck, study  # noqa: F401  (register bpnn explain, gradcheck, study)
from . import bench  # noqa: F401  (registers bpnn bench)
from . import train  # noqa: F401  (registers bpnn train, predict, info, export)
from . import matlab  # noqa: F401  (registers bpnn import-matlab)
from . import example  # noqa: F401  (registers bpnn example surface | letters5x7 | letters | vowels | digits | mnist)
from . import playground  # noqa: F401  (registers bpnn playground)
from . import sweep  # noqa: F401  (registers bpnn sweep)

__all__ = ["app", "main"]
