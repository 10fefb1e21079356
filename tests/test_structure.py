"""The reader's code stays in units a maintainer can hold: no import cycles in ``ui/``
(counting every import: at the top, under TYPE_CHECKING, inside functions), no file
there over 400 lines, and panes that need no casts to reach their lists."""

from __future__ import annotations

import ast
from pathlib import Path

import briefing.ui

UI = Path(briefing.ui.__file__).parent
MAX_LINES = 400


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = UI) -> dict[str, set[str]]:
    """Each module under ``root`` and the modules under ``root`` it imports, anywhere in
    its text."""
    modules = {_module_name(path, root): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                candidates = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            graph[name].update(c for c in candidates if c in modules and c != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle_through_a_function_local_import(tmp_path: Path) -> None:
    package = tmp_path / "briefing" / "ui"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from briefing.ui import b\n")
    (package / "b.py").write_text("def f():\n    from briefing.ui.a import x\n")
    assert cycles(import_graph(package)) == [["briefing.ui.a", "briefing.ui.b"]]


def test_no_import_cycle_in_the_ui() -> None:
    assert cycles(import_graph()) == []


def test_no_ui_file_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(UI)): n
        for path in UI.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_panes_reach_their_lists_without_casts() -> None:
    casts = [path.name for path in (UI / "panes").glob("*.py") if "cast(" in path.read_text()]
    assert casts == []
