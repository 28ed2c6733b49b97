"""Every movement route as disclosure-controlled statistics, with the hidden moves
per permanent exclusion and each group's relative risk of a route.

Counts of recorded movements (withdrawn ones left out; admissions are joins, not
moves, and are not counted) in one academic year, by geography (national, region,
LA: the LA of the school the child left), term, route and, optionally, one pupil
characteristic. Every count passes `disclosure.protect` with every additive relation
of the table at once; no row names a school or a child.

Definitions (docs/movement-statistics.md says the same in words):
- term: autumn (September to December), spring (January to March), summer (April to
  August), by the movement's effective date;
- hidden moves per permanent exclusion: movements by the routes national statistics
  do not count as exclusions and that take a child off roll or off site without an
  ordinary transfer (`HIDDEN`) divided by permanent exclusions, both as published
  (rounded, so the ratio cannot undo the rounding); "c" if either is suppressed;
- relative risk of a route for a group: the group's movements by that route as a
  share of all its movements, divided by the same share for everyone else, with a
  95% confidence interval from the log method with 0.5 added to every cell when
  one is zero (suited to small counts), computed from the published (rounded)
  figures only: "c" where any of them is suppressed, "x" where the group or the
  rest has fewer than the threshold by the route. A function of published cells
  tells nothing they do not, so the exact audit needs no relation for it. It
  compares children who moved; it is not a rate per pupil on roll.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events.movements.roll_deletion import GROUNDS
from events.school_calendar import AcademicYear
from projections.census.exit_statistics import (
    ENGLAND,
    LEVELS,
    META_COLUMNS,
    Place,
    _area_of,
    _geography,
)
from projections.statistics.disclosure import (
    CONFIDENTIAL,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    DisclosurePolicy,
    Group,
    Published,
    dominated_cells,
    percentage,
    rounded,
)
from projections.statistics.disclosure_audit import protect_exactly
from projections.statistics.movement_indicators import hidden_moves, relative_risk
from projections.statistics.movements_as_corrected import movements_as_corrected
from projections.view import Database

TOTAL = "Total"
TERMS = ("Autumn", "Spring", "Summer")
ROUTES = (
    "Permanent exclusion",
    "Suspension",
    "Managed move",
    "Off-site direction",
    "Elective home education",
    "Fair access placement",
    "Section 19 placement",
    "Suspected off-rolling",
    "Deletion: another school",
    "Deletion: moved away",
    "Deletion: not located",
    "Deletion: after permanent exclusion",
    "Deletion: other ground",
)
BREAKDOWNS: dict[str, dict[Any, str] | None] = {
    "sen_provision": {"E": "EHC plan", "K": "SEN support", "N": "No SEN"},
    "fsm_eligible": {True: "Eligible for free school meals", False: "Not eligible"},
    "looked_after": {True: "Looked after", False: "Not looked after"},
    "child_in_need": {True: "Child in need", False: "Not a child in need"},
    "child_protection_plan": {True: "Child protection plan", False: "No plan"},
    "year_group": None,  # the year group itself
    "ethnicity_major": None,  # the major group itself (events/ethnicity.json)
    "reason": None,  # exclusions and suspensions: the first reason code given
    "lawfulness": None,  # what the register found: a breach, a concern, nothing
}
NOT_RECORDED = "Not recorded"
FILTERS = ("term", "route", "group")
META = (
    ("term", "Filter", "Term", "Autumn: Sep-Dec; Spring: Jan-Mar; Summer: Apr-Aug"),
    ("route", "Filter", "Movement route", "How the pupil moved; deletions by ground"),
    (
        "group",
        "Filter",
        "Pupil group",
        "The characteristic chosen with by=; else Total",
    ),
    ("movements", "Indicator", "Movements recorded", "0"),  # last: decimal places
    ("movements_per_100_pupils", "Indicator", "Movements per 100 pupils", "1"),
)


def metadata(by: str | None = None) -> list[dict[str, str]]:
    """The data file's `.meta.csv` rows (Explore Education Statistics). Without a
    breakdown the pupil-group filter is always "Total", and a filter of one item is
    refused by EES's screener (filter_not_singular): it is left out."""
    rows = []
    for name, kind, label, extra in META:
        if name == "group" and by is None:
            continue
        row = {"col_name": name, "col_type": kind, "label": label}
        row |= {"filter_hint": extra} if kind == "Filter" else {"indicator_dp": extra}
        rows.append({c: row.get(c, "") for c in META_COLUMNS})
    return rows


def columns(level: str, by: str | None = None) -> list[str]:
    """A data file's columns in the open data standards' order (the pupil-group
    filter only with a breakdown, as in `metadata`)."""
    indicators = ("movements", "movements_per_100_pupils")
    shown = [f for f in FILTERS if by is not None or f != "group"]
    return [*_geography(AcademicYear(2025), level, ENGLAND), *shown, *indicators]


@dataclass
class Area:
    schools: set[str] = field(default_factory=set)
    pupils: int = 0  # on roll at the spring census, schools with a headcount
    without_headcount: bool = False  # a school with movements has no census
    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    by_school: dict[str, Counter[tuple[str, str, str]]] = field(
        default_factory=lambda: defaultdict(Counter)
    )


def route_of(movement_type: str, ground: str | None) -> str | None:
    """The published route of a movement; None for what is not a move (admission)."""
    simple = {
        "permanent_exclusion": "Permanent exclusion",
        "suspension": "Suspension",
        "managed_move": "Managed move",
        "off_site_direction": "Off-site direction",
        "elective_home_education": "Elective home education",
        "fair_access_placement": "Fair access placement",
        "section19_placement": "Section 19 placement",
        "suspected_off_rolling": "Suspected off-rolling",
    }
    if movement_type in simple:
        return simple[movement_type]
    if movement_type != "roll_deletion":
        return None
    found = GROUNDS.get(ground or "")
    if found is None:
        return "Deletion: other ground"
    if found.needs_destination_school:
        return "Deletion: another school"
    if found.destination_unknown:
        return "Deletion: not located"
    return {
        "moved_away": "Deletion: moved away",
        "permanently_excluded": "Deletion: after permanent exclusion",
        "elective_home_education": "Elective home education",
    }.get(found.code, "Deletion: other ground")


def term_of(day: date) -> str:
    return "Autumn" if day.month >= 9 else "Spring" if day.month <= 3 else "Summer"


def group_of(characteristics: Mapping[str, Any], by: str | None) -> str:
    if by is None:
        return TOTAL
    value = characteristics.get(by)
    labels = BREAKDOWNS[by]
    if value is None:
        return NOT_RECORDED
    return str(value) if labels is None else labels.get(value, NOT_RECORDED)


def movement_statistics(
    db: Database,
    year: AcademicYear,
    level: str,
    places: Mapping[str, Place],
    by: str | None = None,
    policy: DisclosurePolicy | None = None,
    as_of: int | None = None,
    headcounts: Mapping[str, Mapping[str, int]] | None = None,
) -> dict[str, Any]:
    """The disclosure-controlled table for one year, level and breakdown; with
    `as_of`, from the log up to that position only (a frozen release); with the
    schools' census `headcounts`, movements per 100 pupils."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    if by is not None and by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}")
    policy = policy or DisclosurePolicy()
    areas: dict[tuple[str, str], Area] = defaultdict(Area)
    if level == "national":
        areas[ENGLAND] = Area()
    for urn, la, kind, ground, effective, held in _movements(db, year, as_of):
        route = route_of(kind, ground)
        if route is None:
            continue
        place = places.get(str(urn)) if urn else None
        area = areas[_area_of(place or Place(la), level)]
        cell = (term_of(date.fromisoformat(effective)), route, group_of(held, by))
        area.counts[cell] += 1
        if urn:
            area.schools.add(str(urn))
            area.by_school[str(urn)][cell] += 1
    for urn, by_year in (headcounts or {}).items():
        area = areas[_area_of(places.get(urn) or Place(None), level)]
        area.schools.add(urn)
        area.pupils += sum(by_year.values())
    for area in areas.values():
        area.without_headcount = headcounts is None or any(
            urn not in headcounts for urn in area.by_school
        )
    tables = [
        _area_table(year, level, key, areas[key], by, policy) for key in sorted(areas)
    ]
    return {
        "academic_year": str(year),
        "level": level,
        "by": by,
        "policy": {
            "threshold": policy.threshold,
            "min_schools": policy.min_schools,
            "rounded_to": policy.base(level),
        },
        "rows": [row for table in tables for row in table["rows"]],
        "hidden_moves": [table["hidden"] for table in tables],
        "relative_risk": [r for table in tables for r in table["risks"]],
    }


def _movements(
    db: Database, year: AcademicYear, as_of: int | None
) -> list[tuple[Any, ...]]:
    """The year's movements as corrected, without the withdrawn, up to `as_of`."""
    return [
        (m["from_urn"], m["from_la"], m["movement_type"], m["deletion_ground"],
         m["effective_date"],
         {**m["characteristics"], "reason": next(iter(m["reasons"]), None),
          "lawfulness": _lawfulness(m["findings"])})
        for m in movements_as_corrected(db, year, as_of)
    ]  # fmt: skip


def _lawfulness(findings: list[dict[str, Any]]) -> str:
    severities = {f.get("severity") for f in findings}
    if "breach" in severities:
        return "Breach found"
    return "Concern only" if severities else "No finding"


def _area_table(
    year: AcademicYear,
    level: str,
    key: tuple[str, str],
    area: Area,
    by: str | None,
    policy: DisclosurePolicy,
) -> dict[str, Any]:
    groups_seen = sorted({g for _t, _r, g in area.counts} - {TOTAL})
    names = [TOTAL, *groups_seen] if by else [TOTAL]
    counts, relations = cells(area.counts, names, by is not None)
    if len(area.schools) < policy.min_schools:
        published: dict[Hashable, Published] = dict.fromkeys(counts, CONFIDENTIAL)
    else:
        largest = _largest(area, names, by is not None)
        published = protected(
            counts, relations, policy, level, dominated_cells(counts, largest, policy)
        )
    geography = _geography(year, level, key)
    pupils: Published = (
        NOT_AVAILABLE
        if area.without_headcount or not area.pupils
        else rounded(area.pupils, policy.base(level))
    )
    rows = [
        {**geography, "term": term, "route": route, "group": group,
         "movements": published[(term, route, group)],
         "movements_per_100_pupils": NOT_APPLICABLE if group != TOTAL
         else percentage(published[(term, route, group)], pupils, policy)}
        for group in names
        for term in (TOTAL, *TERMS)
        for route in (TOTAL, *ROUTES)
    ]  # fmt: skip
    return {
        "rows": rows,
        "hidden": {**geography, **hidden_moves(published)},
        "risks": [
            {
                **geography,
                "group": g,
                "route": r,
                **relative_risk(published, g, r, policy),
            }
            for g in groups_seen
            for r in ROUTES
        ],
    }


def protected(
    counts: dict[Hashable, int],
    relations: list[Group],
    policy: DisclosurePolicy,
    level: str,
    also: Iterable[Hashable] = (),
) -> dict[Hashable, Published]:
    """The one way this table is protected: suppression, rounding, and the exact
    audit over all its relations at once (projections.statistics.disclosure_audit)."""
    return protect_exactly(counts, relations, policy, level, also)


def cells(
    raw: Counter[tuple[str, str, str]], names: list[str], broken_down: bool
) -> tuple[dict[Hashable, int], list[Group]]:
    """Every cell with totals filled in, and every additive relation among them."""
    groups = names[1:] if broken_down else [TOTAL]
    counts: dict[Hashable, int] = {}
    for g in groups:
        for t in TERMS:
            for r in ROUTES:
                counts[(t, r, g)] = raw.get((t, r, g), 0)
    relations: list[Group] = []
    all_groups = [*groups, TOTAL] if broken_down else groups
    for g in all_groups:
        for t in TERMS:
            for r in ROUTES:
                if g == TOTAL and broken_down:
                    counts[(t, r, TOTAL)] = sum(counts[(t, r, x)] for x in groups)
                    relations.append(((t, r, TOTAL), [(t, r, x) for x in groups]))
            counts[(t, TOTAL, g)] = sum(counts[(t, r, g)] for r in ROUTES)
            relations.append(((t, TOTAL, g), [(t, r, g) for r in ROUTES]))
        for r in (TOTAL, *ROUTES):
            counts[(TOTAL, r, g)] = sum(counts[(t, r, g)] for t in TERMS)
            relations.append(((TOTAL, r, g), [(t, r, g) for t in TERMS]))
    if broken_down:
        for t in (TOTAL, *TERMS):
            relations.append(((t, TOTAL, TOTAL), [(t, TOTAL, x) for x in groups]))
    return counts, relations


def _largest(area: Area, names: list[str], broken_down: bool) -> dict[Hashable, int]:
    """Each cell's largest single-school part (for dominance): every school's own
    table, totals included, then the largest per cell."""
    largest: dict[Hashable, int] = defaultdict(int)
    for own in area.by_school.values():
        counts, _ = cells(own, names, broken_down)
        for cell, n in counts.items():
            largest[cell] = max(largest[cell], n)
    return largest
