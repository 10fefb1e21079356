"""How the code is put together: long files, long functions, import cycles, missing docstrings.

``python -m briefing.devtools.structure [PACKAGE_DIR]`` reads every ``.py`` file under the
package (``briefing/`` by default) without importing any of it, and prints:

- files over ``MAX_FILE_LINES`` lines;
- functions and methods over ``MAX_FUNCTION_LINES`` lines, from ``def`` to their last line
  (decorators left out);
- import cycles between the package's modules. Every import counts: at the top of a
  module, under ``if TYPE_CHECKING:`` and inside functions. ``import a.b.c`` and
  ``from a.b import c`` are edges to the module they name (``a.b.c``), not to the packages
  above it, whose ``__init__`` runs too but is Python's doing rather than the importer's;
- public definitions without a docstring, and the share that have one. A public
  definition is a module-level function or class, or a method of a public class, whose
  name does not start with ``_``; Textual's handlers (``PUBLIC_EXEMPT_PREFIXES``,
  ``compose``) and the ``devtools`` package are left out.

The exit status is 0; the figures are for people (``docs/development.md`` shows them).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
PUBLIC_EXEMPT_PREFIXES = (
    "on_",
    "watch_",
    "action_",
    "compute_",
    "validate_",
    "render",
    "get_content_",
)
"""Names Textual calls by convention: the handler says what it handles by its name."""
PUBLIC_EXEMPT_NAMES = frozenset({"compose"})
EXEMPT_PACKAGES = ("devtools",)
"""Subpackages whose definitions need no docstring: scripts for the developers."""


@dataclass(frozen=True, slots=True)
class Module:
    """One source file: its dotted name, its path relative to the package's parent, and
    its syntax tree."""

    name: str
    path: Path
    tree: ast.Module
    lines: int
    is_package: bool


@dataclass(frozen=True, slots=True)
class Definition:
    """A public definition: where it is, its dotted name inside the module, and whether
    it has a docstring."""

    module: Module
    line: int
    name: str
    documented: bool


def read_modules(package: Path) -> list[Module]:
    """Every ``.py`` file under ``package``, parsed, in path order.

    Raises ``SyntaxError`` for a file Python cannot parse.
    """
    root = package.parent
    modules = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(root)
        parts = list(relative.with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        modules.append(Module(".".join(parts), relative, tree, len(text.splitlines()), is_package))
    return modules


def long_functions(module: Module) -> Iterator[tuple[int, str, int]]:
    """(line, dotted name, length in lines) of each function in ``module`` longer than
    ``MAX_FUNCTION_LINES``, nested functions and methods included."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[int, str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    yield child.lineno, name, length
                yield from walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(module.tree, "")


def imported_modules(module: Module, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``module`` imports anywhere in its text."""
    found: set[str] = set()
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in known:
                    found.add(submodule)
                elif base in known:
                    found.add(base)
    found.discard(module.name)
    return found


def import_cycles(modules: list[Module]) -> list[list[str]]:
    """One cycle for each group of modules that import one another, each as the modules
    in import order, starting and ending with the same module; sorted."""
    known = {module.name for module in modules}
    graph = {module.name: sorted(imported_modules(module, known)) for module in modules}
    cycles = []
    for group in _strongly_connected(graph):
        if len(group) > 1:
            cycles.append(_shortest_cycle(graph, min(group), set(group)))
    return sorted(cycles)


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively: the groups of nodes that reach one another."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            edges = graph[node]
            if next_edge < len(edges):
                work.append((node, next_edge + 1))
                target = edges[next_edge]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(sorted(group))
    return groups


def _shortest_cycle(graph: dict[str, list[str]], start: str, group: set[str]) -> list[str]:
    """The shortest path from ``start`` back to itself inside ``group`` (breadth first)."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in graph[node]:
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if target in group and target not in previous:
                    previous[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError(f"{start} is in no cycle")


def public_definitions(module: Module) -> Iterator[Definition]:
    """The public definitions of ``module`` (see the module's description)."""
    if any(part in EXEMPT_PACKAGES for part in module.name.split(".")):
        return
    for node in module.tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and _public(
            node.name
        ):
            yield Definition(module, node.lineno, node.name, ast.get_docstring(node) is not None)
            if isinstance(node, ast.ClassDef):
                for member in node.body:
                    if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef) and _public(
                        member.name
                    ):
                        yield Definition(
                            module,
                            member.lineno,
                            f"{node.name}.{member.name}",
                            ast.get_docstring(member) is not None,
                        )


def _public(name: str) -> bool:
    return not (
        name.startswith("_")
        or name.startswith(PUBLIC_EXEMPT_PREFIXES)
        or name in PUBLIC_EXEMPT_NAMES
    )


def report(package: Path) -> str:
    """The four lists, as printed, for the package directory ``package``."""
    modules = read_modules(package)
    out: list[str] = []
    long_files = [m for m in modules if m.lines > MAX_FILE_LINES]
    long_files.sort(key=lambda m: (-m.lines, str(m.path)))
    out.append(f"Files over {MAX_FILE_LINES} lines: {len(long_files)} of {len(modules)}")
    out += [f"  {m.lines:5}  {m.path.as_posix()}" for m in long_files]
    functions = [
        (length, f"{module.path.as_posix()}:{line}", name)
        for module in modules
        for line, name, length in long_functions(module)
    ]
    functions.sort(key=lambda found: (-found[0], found[1]))
    out.append("")
    out.append(f"Functions over {MAX_FUNCTION_LINES} lines: {len(functions)}")
    out += [f"  {length:5}  {where} {name}" for length, where, name in functions]
    cycles = import_cycles(modules)
    out.append("")
    out.append(f"Import cycles: {len(cycles)}")
    out += ["  " + " -> ".join(cycle) for cycle in cycles]
    definitions = [d for module in modules for d in public_definitions(module)]
    missing = [d for d in definitions if not d.documented]
    documented = len(definitions) - len(missing)
    share = 100 * documented / len(definitions) if definitions else 100.0
    out.append("")
    out.append(
        f"Public definitions with a docstring: {documented} of {len(definitions)} "
        f"({share:.1f}%); without one: {len(missing)}"
    )
    out += [f"  {d.module.path.as_posix()}:{d.line} {d.name}" for d in missing]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the report for the package named on the command line (default: ``briefing``);
    the exit status, 0."""
    parser = argparse.ArgumentParser(
        prog="python -m briefing.devtools.structure",
        description="Long files, long functions, import cycles and missing docstrings.",
    )
    default = Path(__file__).resolve().parents[1]
    parser.add_argument("package", nargs="?", type=Path, default=default)
    options = parser.parse_args(argv)
    sys.stdout.write(report(options.package.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
