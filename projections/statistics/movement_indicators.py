"""The indicators of the movement statistics: hidden moves per permanent exclusion
and the relative risk of a route for a group (definitions in
projections/statistics/movement_statistics.py and docs/movement-statistics.md)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

from projections.statistics.disclosure import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    DisclosurePolicy,
    Published,
)

TOTAL = "Total"
RISK_FIELDS = ("relative_risk", "lower_95", "upper_95")
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
    published: Mapping[Hashable, Published],
    group: str,
    route: str,
    policy: DisclosurePolicy,
) -> dict[str, Published]:
    """The group's share of its movements by `route` over the rest's, with a 95%
    interval (log method; 0.5 added to every cell when one is zero), computed from
    the four published figures only, so it can tell no more than they do: "c" if
    any of them is suppressed, "x" when a published count is under the threshold
    (or rounding leaves the rest without one)."""
    inputs = (
        published.get((TOTAL, route, group)),  # a
        published.get((TOTAL, TOTAL, group)),  # n1
        published.get((TOTAL, route, TOTAL)),  # a + c
        published.get((TOTAL, TOTAL, TOTAL)),  # n1 + n2
    )
    if not all(isinstance(v, int) for v in inputs):
        return dict.fromkeys(RISK_FIELDS, CONFIDENTIAL)
    a, n1, route_total, everyone = (float(v) for v in inputs)  # type: ignore[arg-type]
    c, n2 = route_total - a, everyone - n1
    b, d = n1 - a, n2 - c
    if a < policy.threshold or c < policy.threshold or b < 0 or d < 0:
        return dict.fromkeys(RISK_FIELDS, NOT_AVAILABLE)
    if 0 in (b, d):
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    ratio = (a / (a + b)) / (c / (c + d))
    spread = Z_95 * math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    return {
        "relative_risk": round(ratio, 2),
        "lower_95": round(ratio * math.exp(-spread), 2),
        "upper_95": round(ratio * math.exp(spread), 2),
    }
