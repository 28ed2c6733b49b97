"""The exact audit (linear programmes over the published figures): it finds a cell
given away by subtraction, including across two overlapping tables released
together, and passes what `protect` releases when given every relation."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from projections.statistics.disclosure import (
    CONFIDENTIAL,
    DisclosurePolicy,
    Group,
    protect,
)
from projections.statistics.disclosure_audit import (
    exposed,
    feasible_ranges,
    protect_exactly,
)
from projections.statistics.movement_statistics import ROUTES, TERMS, TOTAL, cells
from projections.statistics.movement_statistics import protected as movement_protect

POLICY = DisclosurePolicy()
EXACT = DisclosurePolicy(rounding={"la": 1})  # no rounding: the attack is sharpest


def test_primary_suppression_alone_gives_the_cell_away() -> None:
    counts = {"total": 30, "small": 3, "middle": 12, "large": 15}
    relation: list[Group] = [("total", ["small", "middle", "large"])]
    naive = {c: (CONFIDENTIAL if n < 5 else n) for c, n in counts.items()}
    found = exposed(naive, relation, base=1, threshold=5)
    assert [(r.cell, r.low, r.high) for r in found] == [("small", 3.0, 3.0)]
    protected = protect(counts, relation, EXACT, "la")
    assert exposed(protected, relation, base=1, threshold=5) == []


def test_rounding_widens_what_can_be_inferred() -> None:
    counts = {"total": 30, "small": 3, "middle": 12, "large": 15}
    relation: list[Group] = [("total", ["small", "middle", "large"])]
    published = protect(counts, relation, POLICY, "la")  # rounded to 5
    ranges = {r.cell: r for r in feasible_ranges(published, relation, base=5)}
    assert ranges["small"].width >= 5


def differencing_pair() -> tuple[dict[str, int], list[Group], list[Group], list[str]]:
    """An LA's movements by route (A), the same without one trust's schools (B),
    and the trust's own figures (T = A - B), which are never published."""
    a = {"x": 12, "y": 30, "z": 20}
    t = {"x": 2, "y": 10, "z": 8}
    counts: dict[str, int] = {}
    for name, table in (("A", a), ("T", t)):
        for route, n in table.items():
            counts[f"{name}.{route}"] = n
    for route in a:
        counts[f"B.{route}"] = a[route] - t[route]
    for name in "ABT":
        counts[f"{name}.total"] = sum(counts[f"{name}.{r}"] for r in a)
    within: list[Group] = [(f"{n}.total", [f"{n}.{r}" for r in a]) for n in "ABT"]
    across: list[Group] = [(f"A.{r}", [f"B.{r}", f"T.{r}"]) for r in (*a, "total")]
    trust = [c for c in counts if c.startswith("T.")]
    return counts, within, across, trust


def test_two_overlapping_tables_protected_apart_reveal_the_trust_by_subtraction() -> (
    None
):
    counts, within, across, trust = differencing_pair()
    released = {
        c: n
        for name in "AB"
        for c, n in protect(
            {c: v for c, v in counts.items() if c.startswith(name)},
            [g for g in within if str(g[0]).startswith(name)],
            EXACT,
            "la",
        ).items()
    }
    found = exposed(released, within + across, base=1, threshold=5, unpublished=trust)
    assert "T.x" in {r.cell for r in found}  # 12 - 10 = 2: one trust's two children


def test_protected_together_the_trust_cannot_be_recovered() -> None:
    counts, within, across, trust = differencing_pair()
    joint = protect(counts, within + across, EXACT, "la", also=trust)
    released = {c: v for c, v in joint.items() if not c.startswith("T.")}
    assert (
        exposed(released, within + across, base=1, threshold=5, unpublished=trust) == []
    )


def independent_relations(keys: list[tuple[str, str, str]]) -> list[Group]:
    """Every additive relation of a term x route x group table, built from the
    row keys alone (not from the module's own `cells`)."""
    relations: list[Group] = []
    values = [sorted({k[i] for k in keys} - {TOTAL}) for i in range(3)]
    for key in keys:
        for i in range(3):
            if key[i] == TOTAL:
                members = [(*key[:i], v, *key[i + 1 :]) for v in values[i]]
                members = [m for m in members if m in set(keys)]
                if members:
                    relations.append((key, members))
    return relations


def test_one_complement_per_relation_is_not_enough_in_three_dimensions() -> None:
    """The audit finds cells `protect` alone leaves recoverable; the exact
    protection closes them."""
    raw = random_table(seed=7)
    counts, relations = cells(raw, [TOTAL, *GROUPS], broken_down=True)
    greedy = protect(counts, relations, EXACT, "la")
    assert exposed(greedy, relations, base=1, threshold=5) != []
    exact = protect_exactly(counts, relations, EXACT, "la")
    assert exposed(exact, relations, base=1, threshold=5) == []


GROUPS = ["EHC plan", "SEN support", "No SEN"]


def random_table(seed: int) -> Counter[tuple[str, str, str]]:
    rng = random.Random(seed)
    raw: Counter[tuple[str, str, str]] = Counter()
    for t, r, g in itertools.product(TERMS, ROUTES, GROUPS):
        raw[(t, r, g)] = rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 15, 40])
    return raw


def test_the_movement_table_releases_nothing_an_lp_can_pin_down() -> None:
    for seed in range(3):
        raw = random_table(seed)
        counts, relations = cells(raw, [TOTAL, *GROUPS], broken_down=True)
        published = movement_protect(counts, relations, EXACT, "la")
        assert CONFIDENTIAL in published.values()
        every = independent_relations(list(counts))  # type: ignore[arg-type]
        assert len(every) >= len(relations)
        assert exposed(published, every, base=1, threshold=5) == []


def test_the_census_exit_table_as_published_passes_the_audit() -> None:
    """The census exit table (window x year group x route) goes through the same
    exact protection: its published rows leave no exit cell recoverable."""
    from events.school_calendar import AcademicYear
    from projections.census import exit_statistics as exits

    rng = random.Random(3)
    area = exits.Area()
    for n, (window, year_group, route) in enumerate(
        itertools.product(exits.WINDOWS, exits.YEAR_GROUPS, exits.ROUTE_NAMES)
    ):
        count = rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 15])
        area.exits[(window, year_group, route)] = count
        for school in range(count):  # spread over schools: no one dominates
            area.by_school[(window, year_group, route)][f"s{(n + school) % 7}"] += 1
    area.schools = {f"s{i}" for i in range(7)}
    for year_group in exits.YEAR_GROUPS:
        area.headcount[year_group] = 900
    rows = exits._area_rows(AcademicYear(2025), "la", ("801", "Bristol"), area, EXACT)
    published: dict[object, object] = {}
    for row in rows:
        for window in exits.WINDOWS:
            cell = (window, row["year_group"], row["exit_route"])
            published[cell] = row[f"exits_{window}_census"]
    _counts, relations = exits._cells(area)
    exit_relations = [g for g in relations if g[0][0] in exits.WINDOWS]
    assert CONFIDENTIAL in published.values()
    assert exposed(published, exit_relations, base=1, threshold=5) == []  # type: ignore[arg-type]
