"""Every Python block of the tutorials (and of studies.md) runs, in order, in one namespace per document.

Blocks that use PyTorch — or names that only a PyTorch block defines — are skipped
when PyTorch is not installed; the rest must run everywhere.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bpnn.teach.gradcheck import torch_available

DOCS = Path(__file__).resolve().parents[1] / "docs"
TUTORIALS = ["tutorial.en.md", "tutorial.zh.md"]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
COMMAND = re.compile(r"^```text\n\$ (bpnn gradcheck [^\n]*)\n(.*?)^```", re.S | re.M)


def python_blocks(name: str) -> list[str]:
    return BLOCK.findall((DOCS / name).read_text(encoding="utf-8"))


def _names(tree: ast.AST, kind) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, kind):
            found.add(node.id)
        elif kind is ast.Store and isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif kind is ast.Store and isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((a.asname or a.name).split(".")[0] for a in node.names)
    return found


def needs_torch(blocks: list[str]) -> list[bool]:
    """Which blocks use torch, directly or through a name a torch block defined."""
    torch_names, out = {"torch"}, []
    for code in blocks:
        tree = ast.parse(code)
        uses = bool(_names(tree, ast.Load) & torch_names) or "torch" in _names(tree, ast.Store)
        if uses:
            torch_names |= _names(tree, ast.Store)
        out.append(uses)
    return out


@pytest.mark.parametrize("name,without_torch",
                         [(n, False) for n in [*TUTORIALS, "studies.md"]] + [("tutorial.en.md", True)])
def test_tutorial_blocks_run(name, without_torch, tmp_path, monkeypatch):
    """Run every block; once more for the English one as if PyTorch were not installed."""
    monkeypatch.chdir(tmp_path)                 # anything a block writes lands here
    blocks = python_blocks(name)
    namespace: dict = {"__name__": f"tutorial_{name}"}
    have_torch = torch_available() and not without_torch
    skipped = 0
    for i, (code, torch_block) in enumerate(zip(blocks, needs_torch(blocks))):
        if torch_block and not have_torch:
            skipped += 1
            continue
        try:
            exec(compile(code, f"{name}, python block {i + 1}", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"{name}: python block {i + 1} failed: {exc!r}\n{code}") from exc
    assert blocks and skipped < len(blocks) / 2


def test_tutorials_have_the_same_code():
    """The Chinese tutorial runs the same code as the English one (comments may differ)."""
    def strip(code):
        return [re.sub(r"\s*#.*$", "", line) for line in code.splitlines()]

    en, zh = python_blocks("tutorial.en.md"), python_blocks("tutorial.zh.md")
    assert len(en) == len(zh) >= 15
    for a, b in zip(en, zh):
        assert strip(a) == strip(b)


def test_torch_blocks_are_found():
    """The PyTorch program, and the two blocks that use its results; nothing else."""
    blocks = python_blocks("tutorial.en.md")
    flagged = [code for code, flag in zip(blocks, needs_torch(blocks)) if flag]
    assert len(flagged) == 3
    assert "import torch" in flagged[0] and "start" in flagged[1] and "torch_losses" in flagged[2]


@pytest.mark.parametrize("readme", ["README.md", "README.zh-CN.md"])
def test_readme_quick_start_runs_and_its_gradient_check_passes(readme):
    """The READMEs' Quick start in Python runs as printed, and its gradient check (at fresh weights) passes."""
    text = (DOCS.parent / readme).read_text(encoding="utf-8")
    block = BLOCK.findall(text)[0]
    assert "check_gradients" in block
    namespace: dict = {}
    exec(compile(block, readme, "exec"), namespace)
    assert namespace["check"].passed and namespace["check"].overall < 1e-8


def _shape(line: str) -> str:
    """A line of output with its numbers as # and its runs of spaces as one (they vary by machine)."""
    return " ".join(re.sub(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?", "#", line).split())


@pytest.mark.parametrize("name", TUTORIALS)
def test_gradcheck_output_shown_is_what_it_prints(name, capsys, monkeypatch):
    """The tutorial's bpnn gradcheck block shows what the command prints, in the tutorial's language
    (every line shown is printed, numbers aside; the line naming the engine, which depends on what
    is installed, may be left out)."""
    from bpnn.cli import main
    from bpnn.messages import set_language

    blocks = COMMAND.findall((DOCS / name).read_text(encoding="utf-8"))
    assert blocks and all(("--lang zh" in command) == name.endswith(".zh.md") for command, _ in blocks)
    monkeypatch.setenv("COLUMNS", "1000")
    try:
        for command, shown in blocks:
            with pytest.raises(SystemExit) as stop:
                main(command.split()[1:])
            printed = [_shape(line) for line in capsys.readouterr().out.splitlines()]
            assert stop.value.code == 0
            missing = [line for line in shown.splitlines() if _shape(line) not in printed]
            assert not missing, (missing, printed)
    finally:
        set_language("en")
