"""The layout shows the architecture: imports only go down the layers, and there are no import cycles.

Layers, bottom up: core (the notation) → engines and optimizers (optimizers import nothing from
engines) → training → teach and app → cli.  Only module-level imports count (an import inside a
function is deliberate laziness, e.g. for optional dependencies).
"""

import ast
from pathlib import Path

import bpnn

ROOT = Path(bpnn.__file__).parent
LAYERS = {"core": 0, "engines": 1, "optimizers": 1, "training": 2, "teach": 3, "app": 3, "cli": 4}


def _module_imports() -> dict:
    mods = {}
    files = {p: ["bpnn", *p.relative_to(ROOT).with_suffix("").parts] for p in ROOT.rglob("*.py")}
    names = {".".join(parts[:-1] if parts[-1] == "__init__" else parts) for parts in files.values()}
    for path, parts in files.items():
        package = parts[:-1]
        name = ".".join(package if parts[-1] == "__init__" else parts)
        deps = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in names]
                deps.update(subs or [target])
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
        mods[name] = {d for d in deps if d in names and d != name}
    return mods


def _layer(module: str):
    parts = module.split(".")
    return (parts[1], LAYERS[parts[1]]) if len(parts) > 1 and parts[1] in LAYERS else (None, None)


def test_imports_only_go_down():
    wrong = []
    for module, deps in _module_imports().items():
        group, level = _layer(module)
        for dep in deps:
            dep_group, dep_level = _layer(dep)
            if level is not None and dep_level is not None and dep_level > level:
                wrong.append(f"{module} -> {dep}")
            if group == "optimizers" and dep_group == "engines":
                wrong.append(f"{module} -> {dep} (optimizers import nothing from the engines)")
    assert not wrong, wrong


def test_no_import_cycles():
    graph = _module_imports()
    state, cycles = {}, []

    def visit(module, path):
        state[module] = "open"
        for dep in graph[module]:
            if state.get(dep) == "open":
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[module] = "done"
    for module in graph:
        if module not in state:
            visit(module, [module])
    # a package importing its own submodule in __init__ is how packages work, not a cycle
    cycles = [c for c in cycles if not all(m == c[0] or m.startswith(c[0] + ".") for m in c)]
    assert not cycles, cycles


def test_the_command_line_loads_without_numpy():
    """``bpnn --help`` (every command registered) imports no NumPy: each command imports it when it runs
    (issue 17's fast start; the times are measured by ``bpnn bench --only startup``, not here)."""
    import subprocess
    import sys

    code = "import sys, bpnn.cli; print(sorted(m for m in ('numpy', 'pandas', 'matplotlib') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
