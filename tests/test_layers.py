"""The package's layers, proved from its imports (issue 12).

- the import-linter contracts in pyproject.toml hold (each layer imports only the layers
  below it; the pipeline never imports the incremental layer);
- there is no import cycle of any kind: grimp counts imports at the top of a module,
  inside functions and under ``TYPE_CHECKING`` alike;
- no module is over 400 lines and at most 8 modules sit directly in ``noticeboard/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

ROOT = REPO
PACKAGE = ROOT / "noticeboard"
MAX_LINES = 400
MAX_TOP_MODULES = 8


def test_the_package_imports_on_its_own() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import noticeboard"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_layer_imports_only_the_layers_below_it() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("import-linter is not installed (pip install -e '.[test]')")
        pytest.skip("import-linter is not installed")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.get(module, ())):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def import_graph() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports (any kind of import)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("noticeboard", exclude_type_checking_imports=False)
    modules = {m for m in graph.modules if m.startswith("noticeboard")}
    return {m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules} for m in modules}


def test_there_is_no_import_cycle_of_any_kind() -> None:
    graph = import_graph()
    assert len(graph) > 50  # the whole package was read
    assert strongly_connected(graph) == []


def test_a_cycle_is_found_when_there_is_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(graph) == [["a", "b", "c"]]


def test_modules_stay_small_and_the_top_folder_shows_the_layers() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top
