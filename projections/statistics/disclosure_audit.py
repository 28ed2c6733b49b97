"""The exact audit of a released set of tables: how narrowly could someone holding
every published figure pin down each suppressed cell?

For every "c" cell, two small linear programmes (HiGHS, through highspy) find its
least and greatest value consistent with what was published: each published count
lies within its rounding interval (a count n published at base b lies in
[n - b/2, n + b/2]; "low" in [1, b/2)), every cell is at least 0, and every additive
relation the tables share holds exactly, including relations across tables released
together (an LA total and the same total without one trust's schools). A cell is
protected when its feasible range is at least the disclosure threshold wide.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from projections.statistics.disclosure import (
    CONFIDENTIAL,
    LOW,
    DisclosurePolicy,
    Group,
    Published,
    rounded,
    suppressed_cells,
)

BIG = 10**9  # an upper bound no count reaches
MAX_ROUNDS = 50


@dataclass(frozen=True)
class FeasibleRange:
    cell: Hashable
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


def feasible_ranges(
    published: Mapping[Hashable, Published],
    relations: Iterable[Group],
    base: int,
    unpublished: Iterable[Hashable] = (),
    only: Iterable[Hashable] | None = None,
) -> list[FeasibleRange]:
    """The range each hidden cell (published "c", or never published at all, like
    the trust's own figures behind a differencing pair) could take; `only`: just
    these of them. One model, solved twice per cell with only its objective
    changed, so each solve starts from the last one's basis."""
    cells = list(dict.fromkeys([*published, *unpublished]))
    index = {cell: i for i, cell in enumerate(cells)}
    hidden = [c for c in cells if published.get(c, CONFIDENTIAL) == CONFIDENTIAL]
    if only is not None:
        wanted = set(only)
        hidden = [c for c in hidden if c in wanted]
    if not hidden:
        return []
    solver = _model(cells, index, published, list(relations), base)
    ranges = []
    for cell in hidden:
        column = index[cell]
        solver.changeColCost(column, 1.0)
        least = _solve(solver, highspy.ObjSense.kMinimize, cell)
        most = _solve(solver, highspy.ObjSense.kMaximize, cell)
        solver.changeColCost(column, 0.0)
        ranges.append(FeasibleRange(cell, least, most))
    return ranges


def _model(
    cells: list[Hashable],
    index: Mapping[Hashable, int],
    published: Mapping[Hashable, Published],
    relations: list[Group],
    base: int,
) -> highspy.Highs:
    """Cells as columns within their published bounds; each relation a row
    `total - members = 0`."""
    columns: list[list[tuple[int, float]]] = [[] for _ in cells]
    for row, (total, members) in enumerate(relations):
        columns[index[total]].append((row, 1.0))
        for member in members:
            columns[index[member]].append((row, -1.0))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cells), len(relations)
    lp.col_cost_ = np.zeros(len(cells))
    bounds = [_bounds(published.get(cell, CONFIDENTIAL), base) for cell in cells]
    lp.col_lower_ = np.array([low for low, _ in bounds], dtype=float)
    lp.col_upper_ = np.array([high for _, high in bounds], dtype=float)
    lp.row_lower_ = lp.row_upper_ = np.zeros(len(relations))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.cumsum([0, *(len(c) for c in columns)], dtype=np.int32)
    lp.a_matrix_.index_ = np.array([r for c in columns for r, _ in c], dtype=np.int32)
    lp.a_matrix_.value_ = np.array([v for c in columns for _, v in c], dtype=float)
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(lp)
    return solver


def _solve(solver: highspy.Highs, sense: Any, cell: Hashable) -> float:
    solver.changeObjectiveSense(sense)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise ValueError(f"the published figures are inconsistent at {cell!r}")
    return float(solver.getInfo().objective_function_value)


def exposed(
    published: Mapping[Hashable, Published],
    relations: Iterable[Group],
    base: int,
    threshold: int,
    unpublished: Iterable[Hashable] = (),
    only: Iterable[Hashable] | None = None,
) -> list[FeasibleRange]:
    """Hidden cells that could be pinned down more narrowly than the threshold
    (excluding cells known to be 0, which hiding cannot protect and need not)."""
    return [
        r
        for r in feasible_ranges(published, relations, base, unpublished, only)
        if r.width < threshold and r.high > 0
    ]


def protect_exactly(
    counts: Mapping[Hashable, int],
    relations: list[Group],
    policy: DisclosurePolicy,
    level: str,
    also: Iterable[Hashable] = (),
) -> dict[Hashable, Published]:
    """`protect`, then the audit: while some hidden cell can be pinned down by the
    relations together (which hiding one complement per relation does not rule out
    in a table of three or more dimensions), hide the smallest visible cell it shares
    a relation with, and check again."""
    base = policy.base(level)
    hidden = suppressed_cells(counts, relations, policy, also)
    # Hiding more only widens every range, so a cell found safe stays safe: each
    # round checks only the cells still weak and those hidden since.
    check: set[Hashable] | None = None
    for _ in range(MAX_ROUNDS):
        published = _publish(counts, hidden, base)
        weak = {
            r.cell
            for r in exposed(published, relations, base, policy.threshold, only=check)
        }
        if not weak:
            return published
        before = set(hidden)
        for cell in weak:
            extra = _partner(counts, relations, hidden, cell)
            if extra is not None:
                hidden.add(extra)
        hidden = suppressed_cells(counts, relations, policy, hidden)
        check = weak | (hidden - before)
    return {cell: CONFIDENTIAL for cell in counts}  # never reached in practice


def _publish(
    counts: Mapping[Hashable, int], hidden: set[Hashable], base: int
) -> dict[Hashable, Published]:
    return {
        c: CONFIDENTIAL if c in hidden else rounded(n, base) for c, n in counts.items()
    }


def _partner(
    counts: Mapping[Hashable, int],
    relations: list[Group],
    hidden: set[Hashable],
    cell: Hashable,
) -> Hashable | None:
    """The smallest visible non-zero cell sharing a relation with `cell`."""
    near = {
        other
        for total, members in relations
        if cell == total or cell in members
        for other in (total, *members)
    }
    visible = [c for c in near if c not in hidden and counts.get(c, 0) > 0]
    return min(visible, key=lambda c: (counts[c], str(c)), default=None)


def _bounds(value: Published, base: int) -> tuple[float, float]:
    half = base / 2 if base > 1 else 0.0
    if value == CONFIDENTIAL:
        return (0.0, BIG)
    if value == LOW:
        return (1.0, max(1.0, half))
    if isinstance(value, int):
        return (max(0.0, value - half), value + half)
    return (0.0, BIG)  # x, z: not a count
