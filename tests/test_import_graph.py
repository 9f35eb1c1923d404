"""No import circles in bot/ and scheduler/: every arrow between modules runs one way.

Every import counts, at module level or inside a function: an import moved into a function
to dodge a circle still ties the two modules together (issue 10's "no import circles").
Only imports under ``if TYPE_CHECKING:`` are left out, since they never run. Importing
``a.b.c`` also runs the package ``a.b``'s ``__init__``, so that counts as an arrow too
(except from inside the package itself, which Python has already started).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "scheduler")


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the packages, by dotted name (a package by its __init__)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            yield from (i for n in child.orelse for i in _imports_in(n))
            continue
        yield from _imports_in(child)


def _imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    else:
        yield from _imports(node)


def import_graph(found: dict[str, Path]) -> dict[str, set[str]]:
    """Which of the modules each module imports (run-time imports only)."""

    def resolve(name: str) -> str | None:
        while name and name not in found:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in found}
    for name, path in found.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for target in filter(None, map(resolve, targets)):
                parts = target.split(".")
                chain = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
                for module in chain:  # the packages on the way run their __init__ first
                    inside = name == module or name.startswith(module + ".")
                    if module in found and not inside:
                        graph[name].add(module)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_bot_and_scheduler_have_no_import_circle() -> None:
    found = modules()
    assert "bot.chat.core" in found and "scheduler.clock" in found
    assert circles(import_graph(found)) == []


def test_the_core_imports_no_handler() -> None:
    graph = import_graph(modules())
    assert not {m for m in graph["bot.chat.core"] if m.startswith("bot.handlers")}


def test_a_circle_is_found_even_through_a_function_level_import(tmp_path: Path) -> None:
    (tmp_path / "bot" / "web").mkdir(parents=True)
    (tmp_path / "scheduler").mkdir()
    (tmp_path / "bot" / "__init__.py").write_text("")
    (tmp_path / "bot" / "web" / "__init__.py").write_text("from bot.core import handle\n")
    (tmp_path / "bot" / "web" / "signin.py").write_text("")
    (tmp_path / "bot" / "core.py").write_text("def handle():\n    from bot import handler\n")
    (tmp_path / "bot" / "handler.py").write_text(
        "from typing import TYPE_CHECKING\nfrom bot.web.signin import x\n"
        "if TYPE_CHECKING:\n    from bot import core\n"
    )
    found = modules(tmp_path)
    # handler -> bot.web (the package runs first) -> core -> handler, inside a function
    assert circles(import_graph(found)) == [["bot.core", "bot.handler", "bot.web"]]
    (tmp_path / "bot" / "core.py").write_text("def handle():\n    pass\n")
    assert circles(import_graph(modules(tmp_path))) == []
