"""Statistical disclosure control for aggregates that leave the register.

Counts about children in a school or a small LA can identify them, so every
aggregate a statistician sees passes through `protect`:

1. primary suppression: a count of 1 to threshold-1 is published as "c", and so
   is a count more than `dominance` of which comes from one school;
2. secondary suppression: within every additive group (a total and the cells
   that sum to it) a lone suppressed cell could be recovered by subtraction, so
   the smallest other cell is suppressed too, repeated until no group has
   exactly one;
3. rounding: every published count is rounded to the level's base (half up);
   a non-zero count that rounds to 0 is "low".

Percentages are computed from the published (rounded) counts, never from the
true ones, so a precise percentage cannot undo the rounding. Symbols follow the
GSS convention DfE uses: c confidential, low, x not available, z not applicable.
Thresholds are policy, not law: docs/disclosure-control.md says where they come
from, and the policy is data that can be changed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

CONFIDENTIAL = "c"
LOW = "low"
NOT_AVAILABLE = "x"
NOT_APPLICABLE = "z"

Published = int | float | str
Group = tuple[Hashable, Sequence[Hashable]]  # (total cell, the cells summing to it)


def _default_rounding() -> Mapping[str, int]:
    # DfE rounds EHE figures to 10 (LA, region) and 100 (national); exits are far
    # fewer than EHE registrations, so bases of 5 and 10 keep them readable.
    return MappingProxyType({"la": 5, "region": 5, "national": 10})


@dataclass(frozen=True)
class DisclosurePolicy:
    """Thresholds for publishing counts of children; see docs/disclosure-control.md."""

    threshold: int = 5  # counts below this (and above 0) are suppressed
    min_schools: int = 3  # a geography covering fewer schools is suppressed whole
    min_denominator: int = 10  # no percentage of a cohort smaller than this
    # A count more than this share of which comes from one school is that school's
    # figure, and school-level figures are not for statisticians: suppressed.
    dominance: float = 0.8
    rounding: Mapping[str, int] = field(default_factory=_default_rounding)

    def base(self, level: str) -> int:
        return self.rounding.get(level, max(self.rounding.values(), default=1))


def dominated_cells(
    counts: Mapping[Hashable, int],
    largest: Mapping[Hashable, int],
    policy: DisclosurePolicy,
) -> set[Hashable]:
    """Counts where one contributor (`largest`: its part of the cell) dominates."""
    return {
        cell
        for cell, n in counts.items()
        if n >= policy.threshold and largest.get(cell, 0) > policy.dominance * n
    }


def suppressed_cells(
    counts: Mapping[Hashable, int],
    groups: Iterable[Group],
    policy: DisclosurePolicy,
    also: Iterable[Hashable] = (),
) -> set[Hashable]:
    """Cells to publish as "c": small counts and `also`, then their complements."""
    hidden = {cell for cell, n in counts.items() if 0 < n < policy.threshold}
    hidden.update(also)
    groups = list(groups)
    changed = bool(hidden)
    while changed:
        changed = False
        for total, members in groups:
            cells = [total, *members]
            if sum(cell in hidden for cell in cells) != 1:
                continue
            complement = _complement(counts, hidden, total, members)
            if complement is not None:
                hidden.add(complement)
                changed = True
    return hidden


def _complement(
    counts: Mapping[Hashable, int],
    hidden: set[Hashable],
    total: Hashable,
    members: Sequence[Hashable],
) -> Hashable | None:
    """The cell to hide with a lone hidden one: the smallest non-zero member, else
    the total, else a zero (hiding a known 0 protects least)."""
    visible = [c for c in (*members, total) if c not in hidden]
    if not visible:
        return None
    return min(
        visible,
        key=lambda c: (counts.get(c, 0) == 0, c == total, counts.get(c, 0), str(c)),
    )


def rounded(n: int, base: int) -> int | str:
    """n to the nearest multiple of base, half up; "low" if non-zero but rounds to 0."""
    if base <= 1:
        return n
    value = int((Decimal(n) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * base
    return LOW if value == 0 and n > 0 else value


def protect(
    counts: Mapping[Hashable, int],
    groups: Iterable[Group],
    policy: DisclosurePolicy,
    level: str,
    also: Iterable[Hashable] = (),
) -> dict[Hashable, Published]:
    """Every cell as it may be published: "c", a rounded count, or "low"."""
    hidden = suppressed_cells(counts, groups, policy, also)
    base = policy.base(level)
    return {
        cell: CONFIDENTIAL if cell in hidden else rounded(n, base)
        for cell, n in counts.items()
    }


def percentage(
    numerator: Published, denominator: Published, policy: DisclosurePolicy
) -> Published:
    """numerator / denominator x 100 to 1 dp, from published values only."""
    if denominator == NOT_AVAILABLE or numerator == NOT_AVAILABLE:
        return NOT_AVAILABLE
    if not isinstance(numerator, int) or not isinstance(denominator, int):
        return CONFIDENTIAL
    if denominator < policy.min_denominator:
        return CONFIDENTIAL
    return round(100 * numerator / denominator, 1)
