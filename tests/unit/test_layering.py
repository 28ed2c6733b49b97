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
