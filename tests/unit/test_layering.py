"""The tree is the architecture: the domain and projections import no adapters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "events": {
        "fastapi",
        "starlette",
        "kafka",
        "psycopg",
        "psycopg_pool",
        "uvicorn",
        "projections",
        "services",
    },
    "projections": {
        "fastapi",
        "starlette",
        "kafka",
        "psycopg",
        "psycopg_pool",
        "uvicorn",
        "services",
    },
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports_no_adapter(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_layering_check_would_catch_an_adapter_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from fastapi import FastAPI\nimport psycopg.sql\n")
    assert imported_roots(module) == {"fastapi", "psycopg"}


def module_graph(root: Path) -> dict[str, set[str]]:
    """Every module of events/, projections/ and services/, and the modules of
    those it imports (at any depth: a deferred import inside a function counts)."""
    paths = {}
    for package in ("events", "projections", "services"):
        for path in (root / package).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            paths[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {m for m in found if m in paths and m != name}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import one another round a circle (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def http_layer_importers(graph: dict[str, set[str]]) -> list[str]:
    """Modules outside the HTTP layer that import it: only the pages may (they call
    the API's router functions, so scopes and the access log are never copied)."""
    inside = ("services.api", "services.web")
    return sorted(
        module
        for module, imported in graph.items()
        if not module.startswith(inside)
        and any(m == "services.api" or m.startswith("services.api.") for m in imported)
    )


def test_no_import_circle() -> None:
    assert import_circles(module_graph(ROOT)) == []


def test_only_the_pages_import_the_http_layer() -> None:
    assert http_layer_importers(module_graph(ROOT)) == []


def test_the_checks_would_catch_a_circle_and_an_entry_point_import(
    tmp_path: Path,
) -> None:
    for package in ("events", "projections", "services/api", "services/recording"):
        (tmp_path / package).mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "events/a.py").write_text("from events import b\n")
    (tmp_path / "events/b.py").write_text("def f():\n    from events.a import x\n")
    (tmp_path / "services/api/main.py").write_text("")
    (tmp_path / "services/recording/service.py").write_text(
        "from services.api.main import app\n"
    )
    graph = module_graph(tmp_path)
    assert import_circles(graph) == [["events.a", "events.b"]]
    assert http_layer_importers(graph) == ["services.recording.service"]
