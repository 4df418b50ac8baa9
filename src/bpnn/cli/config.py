"""``bpnn train --config FILE.toml``: options from a TOML file; the command line overrides them.

Keys are the long option names, with ``-`` or ``_`` (``max-fail = 10`` or ``max_fail = 10``), plus
``data`` for the file to train on; lists may be TOML arrays (``hidden = [10, 5]``).  For example::

    data = "concrete.csv"
    target = "compressive_strength"
    out = "concrete.bpnn"
    hidden = [10]
    algo = "lm"
    ensemble = 5
    seed = 1

TOML is read with ``tomllib`` (Python 3.11+) or, on 3.10, ``tomli`` when it is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import BPNNError, did_you_mean

CONFIG_HELP = ("Read options from a TOML file (keys: the long option names, e.g. hidden = [10], algo = \"lm\", "
               "and data = \"file.csv\"); options on the command line win.")


def _toml():
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    try:
        import tomli
    except ImportError:
        raise BPNNError("--config needs Python 3.11 or later, or the tomli package on 3.10 "
                        "(pip install tomli)") from None
    return tomli


def read_config(path: Path, names: dict) -> dict:
    """The TOML file as {parameter name: value}; ``names`` maps accepted keys to parameter names."""
    from ..app.files import check_input

    check_input(path, "config file")
    try:
        with open(path, "rb") as fh:
            table = _toml().load(fh)
    except UnicodeDecodeError:
        raise BPNNError.of("err_config_utf8", path=path) from None
    except ValueError as exc:                               # tomllib.TOMLDecodeError is a ValueError
        raise BPNNError.of("err_config_toml", path=path, why=exc) from None
    values = {}
    for key, value in table.items():
        name = names.get(key.replace("-", "_"))
        if name is None:
            raise BPNNError.of("err_config_key", path=path, key=key, hint=did_you_mean(key, names),
                               keys=", ".join(sorted(names)))
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        elif isinstance(value, dict):
            raise BPNNError.of("err_config_table", path=path, key=key)
        values[name] = value
    return values


def load_config(ctx, param, value):
    """Click callback of ``--config`` (eager): the file's values become the command's defaults."""
    if value is None:
        return value
    names = {p.name: p.name for p in ctx.command.params if p.name not in ("config",)}
    names.update({opt.lstrip("-").replace("-", "_"): p.name for p in ctx.command.params
                  for opt in getattr(p, "opts", []) if opt.startswith("--")})
    names.pop("json", None) if "json" in names and names["json"] != "json_out" else None
    ctx.default_map = {**(ctx.default_map or {}), **read_config(Path(value), names)}
    return value
