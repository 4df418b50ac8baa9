"""The declared dependencies match what the code imports (issue 16, part 5)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> dict:
    text = (ROOT / "pyproject.toml").read_text()
    block = text[text.index("dependencies = ["):text.index("]", text.index("dependencies = ["))]
    return {m.group(1).lower(): tuple(int(p) for p in m.group(2).split(".")) for m in
            re.finditer(r'"([A-Za-z0-9_.-]+)>=([0-9.]+)"', block)}


def _imported(module: str) -> list:
    pattern = re.compile(rf"^\s*(from|import)\s+{module}\b", re.M)
    return [p for p in (ROOT / "src" / "bpnn").rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]


def test_every_imported_core_dependency_is_declared():
    declared = _declared()
    for module, dist in {"numpy": "numpy", "scipy": "scipy", "pandas": "pandas", "sklearn": "scikit-learn",
                         "matplotlib": "matplotlib", "rich": "rich", "typer": "typer",
                         "threadpoolctl": "threadpoolctl"}.items():
        if _imported(module):
            assert dist in declared, f"{module} is imported ({_imported(module)[0]}) but {dist} is not declared"


def test_scikit_learn_floor_has_validate_data():
    """sklearn.utils.validation.validate_data appeared in scikit-learn 1.6."""
    uses = [p for p in _imported("sklearn") if "validate_data" in p.read_text(encoding="utf-8")]
    assert uses and _declared()["scikit-learn"] >= (1, 6)
