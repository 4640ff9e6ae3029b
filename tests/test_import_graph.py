"""No import circles inside `trajectoires/` (issue 16, part 4).

Every import counts: at module level, inside a function or a class, under `TYPE_CHECKING`,
`import x` and `from x import y` (`y` counting as the module `x.y` when it is one), relative
imports resolved. An import inside a function does not cut a circle, it only hides it: the two
modules still need each other. Migrations are left out (Django loads them on their own).

A circle is cut by moving what both modules share below both (docs/architecture.md, "Layers").
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import trajectoires
from tests.source import parse


ROOT = Path(trajectoires.__file__).resolve().parent
PACKAGE = ROOT.name


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every .py of the package but the migrations."""
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imported(module: str, path: Path, is_package: bool) -> Iterator[str]:
    """The dotted names `module` imports, anywhere in its file."""
    for node in ast.walk(parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package, one level up per extra dot
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            yield base
            for alias in node.names:
                yield f"{base}.{alias.name}"


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports (itself excluded)."""
    known = modules(root)
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        graph[module] = {
            name
            for name in _imported(module, path, path.name == "__init__.py")
            if name in known and name != module
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def _path(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One circle through the component's first module, for the failure message."""
    members = set(component)
    start = component[0]
    trail, seen = [start], {start}
    while True:
        here = trail[-1]
        following = sorted(graph[here] & members)
        if start in following and len(trail) > 1:
            return [*trail, start]
        nxt = next((m for m in following if m not in seen), None)
        if nxt is None:  # dead end inside the component: back up
            trail.pop()
            if not trail:
                return component
            continue
        trail.append(nxt)
        seen.add(nxt)


def test_the_package_has_no_import_circle():
    graph = import_graph()
    assert len(graph) > 100, "the package's modules were not found"
    found = cycles(graph)
    message = "\n".join(
        f"- {', '.join(component)}\n  e.g. {' -> '.join(_path(graph, component))}" for component in found
    )
    assert not found, f"Import circles in {PACKAGE}/ (move the shared part below both modules):\n{message}"


def test_the_checker_finds_circles(tmp_path):
    """The test above would see a circle: module-level, function-level and relative imports
    all count, and migrations do not."""
    pkg = tmp_path / "pkg"
    (pkg / "app" / "migrations").mkdir(parents=True)
    for name in ("pkg/__init__.py", "pkg/app/__init__.py", "pkg/app/migrations/__init__.py"):
        (tmp_path / name).write_text("")
    (pkg / "app" / "a.py").write_text("from pkg.app import b\n")
    (pkg / "app" / "b.py").write_text("def f():\n    from .c import thing\n")
    (pkg / "app" / "c.py").write_text("import pkg.app.a\nthing = 1\n")
    (pkg / "app" / "d.py").write_text("from pkg.app.a import x\n")  # imports into the circle, not part of it
    (pkg / "app" / "migrations" / "0001.py").write_text("from pkg.app import d\n")
    (pkg / "app" / "e.py").write_text("from pkg.app.migrations import *\n")
    graph = import_graph(pkg)
    assert graph["pkg.app.b"] == {"pkg.app.c"}  # function-level and relative
    assert "pkg.app.migrations.0001" not in graph
    assert cycles(graph) == [["pkg.app.a", "pkg.app.b", "pkg.app.c"]]
    assert _path(graph, ["pkg.app.a", "pkg.app.b", "pkg.app.c"]) == [
        "pkg.app.a",
        "pkg.app.b",
        "pkg.app.c",
        "pkg.app.a",
    ]
