"""The register reads the time of day in one place (events/clock.py).

Rules, deadlines, reports and records take "now" from the clock they are given, so
the test suite can move it (the wall-clock guard) and a test can fix it. Token and
sign-in lifetimes are security, not the register's day: they keep the real time.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WALL_CLOCK_ALLOWED = {"events/clock.py"}
WALL_CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today")}


def wall_clock_reads(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.id if isinstance(owner, ast.Name) else None
        if (name, node.func.attr) in WALL_CLOCK_CALLS:
            lines.append(node.lineno)
    return lines


def test_the_check_finds_a_wall_clock_read() -> None:
    assert wall_clock_reads("from datetime import date\nx = date.today()\n") == [2]
    assert wall_clock_reads("x = clock().date()\n") == []


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    found = {}
    for package in ("events", "projections", "services"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in WALL_CLOCK_ALLOWED:
                continue
            if lines := wall_clock_reads(path.read_text()):
                found[relative] = lines
    assert found == {}, f"read the register's clock instead: {found}"
