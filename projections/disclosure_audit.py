"""The exact audit of a released set of tables: how narrowly could someone holding
every published figure pin down each suppressed cell?

For every "c" cell, two small linear programmes (scipy's HiGHS) find its least and
greatest value consistent with what was published: each published count lies within
its rounding interval (a count n published at base b lies in [n - b/2, n + b/2]; "low"
in [1, b/2)), every cell is at least 0, and every additive relation the tables share
holds exactly, including relations across tables released together (an LA total and
the same total without one trust's schools). A cell is protected when its feasible
range is at least the disclosure threshold wide.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from projections.disclosure import (
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
    these of them."""
    cells = list(dict.fromkeys([*published, *unpublished]))
    index = {cell: i for i, cell in enumerate(cells)}
    bounds = [_bounds(published.get(cell, CONFIDENTIAL), base) for cell in cells]
    rows = []
    for total, members in relations:
        row = np.zeros(len(cells))
        row[index[total]] = 1.0
        for member in members:
            row[index[member]] -= 1.0
        rows.append(row)
    a_eq = np.array(rows) if rows else None
    b_eq = np.zeros(len(rows)) if rows else None
    hidden = [c for c in cells if published.get(c, CONFIDENTIAL) == CONFIDENTIAL]
    if only is not None:
        wanted = set(only)
        hidden = [c for c in hidden if c in wanted]
    ranges = []
    for cell in hidden:
        objective = np.zeros(len(cells))
        objective[index[cell]] = 1.0
        least = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        most = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if not (least.success and most.success):
            raise ValueError(f"the published figures are inconsistent at {cell!r}")
        ranges.append(FeasibleRange(cell, float(least.fun), float(-most.fun)))
    return ranges


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


def _bounds(value: Published, base: int) -> tuple[float, float | None]:
    half = base / 2 if base > 1 else 0.0
    if value == CONFIDENTIAL:
        return (0.0, BIG)
    if value == LOW:
        return (1.0, max(1.0, half))
    if isinstance(value, int):
        return (max(0.0, value - half), value + half)
    return (0.0, BIG)  # x, z: not a count
