"""The indicators of the movement statistics: hidden moves per permanent exclusion
and the relative risk of a route for a group (definitions in
projections/movement_statistics.py and docs/movement-statistics.md)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

from projections.disclosure import CONFIDENTIAL, DisclosurePolicy, Published

TOTAL = "Total"
Z_95 = 1.959963984540054
HIDDEN = frozenset(
    {
        "Managed move",
        "Off-site direction",
        "Elective home education",
        "Suspected off-rolling",
        "Deletion: not located",
        "Deletion: other ground",
    }
)


def hidden_moves(published: Mapping[Hashable, Published]) -> dict[str, Published]:
    """Hidden moves per permanent exclusion, from published counts only."""
    exclusions = published[(TOTAL, "Permanent exclusion", TOTAL)]
    parts = [published[(TOTAL, r, TOTAL)] for r in sorted(HIDDEN)]
    if all(isinstance(p, int) for p in parts):
        hidden: Published = sum(int(p) for p in parts)
    else:
        hidden = CONFIDENTIAL
    ratio: Published = CONFIDENTIAL
    if isinstance(hidden, int) and isinstance(exclusions, int) and exclusions > 0:
        ratio = round(hidden / exclusions, 1)
    return {"hidden_moves": hidden, "permanent_exclusions": exclusions,
            "hidden_moves_per_permanent_exclusion": ratio}  # fmt: skip


def relative_risk(
    counts: Mapping[Hashable, int], group: str, route: str, policy: DisclosurePolicy
) -> dict[str, float] | None:
    """The group's share of its movements by `route` over the rest's, with a 95%
    interval (log method; 0.5 added to every cell when one is zero)."""
    a = float(counts.get((TOTAL, route, group), 0))
    n1 = float(counts.get((TOTAL, TOTAL, group), 0))
    c = float(counts.get((TOTAL, route, TOTAL), 0)) - a
    n2 = float(counts.get((TOTAL, TOTAL, TOTAL), 0)) - n1
    if a < policy.threshold or c < policy.threshold:
        return None
    b, d = n1 - a, n2 - c
    if 0 in (b, d):
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    ratio = (a / (a + b)) / (c / (c + d))
    spread = Z_95 * math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    return {
        "relative_risk": round(ratio, 2),
        "lower_95": round(ratio * math.exp(-spread), 2),
        "upper_95": round(ratio * math.exp(spread), 2),
    }
