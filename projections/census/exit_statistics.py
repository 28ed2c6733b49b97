"""Exits off roll around the spring census as disclosure-controlled statistics.

The statistician's view of the census-spike projection: counts by geography
(national, region, LA), secondary year group and exit route, before and after
census day, in the tidy shape of DfE's open data standards (time_period,
geographic_level, country_code, ...). No row names a school or a child; every
count has passed `disclosure.protect`. Definitions: docs/disclosure-control.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from events.school_calendar import AcademicYear, spring_census_date
from projections.statistics.disclosure import (
    CONFIDENTIAL,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    DisclosurePolicy,
    Group,
    Published,
    dominated_cells,
    percentage,
)
from projections.statistics.disclosure_audit import protect_exactly
from projections.statistics.ees_geography import (
    NOT_AVAILABLE_NAME,
    local_authority,
    region_named,
)
from projections.view import Database

LEVELS = ("national", "region", "la")
GEOGRAPHIC_LEVEL = {
    "national": "National",
    "region": "Regional",
    "la": "Local authority",
}
ENGLAND = ("E92000001", "England")
UNKNOWN_PLACE = NOT_AVAILABLE_NAME
YEAR_GROUPS = ("7", "8", "9", "10", "11")
TOTAL = "Total"
# Exit routes a reader can compare across areas; every ground falls in one.
ROUTES: dict[str, frozenset[str]] = {
    "Another school": frozenset(
        {"registered_elsewhere", "dual_registration_ended", "attendance_order_amended"}
    ),
    "Moved away": frozenset({"moved_away"}),
    "Managed move": frozenset({"managed_move"}),
    "Elective home education": frozenset({"elective_home_education"}),
    "Permanent exclusion": frozenset({"permanently_excluded"}),
    "Not located (missing education)": frozenset(
        {"continuous_absence_not_located", "not_returned_after_leave"}
    ),
}
OTHER_ROUTE = "Other or not recorded"
ROUTE_NAMES = (*ROUTES, OTHER_ROUTE)
WINDOWS = ("before", "after")  # census day itself counts as before


def route_of(ground: str | None) -> str:
    for route, grounds in ROUTES.items():
        if ground in grounds:
            return route
    return OTHER_ROUTE


@dataclass(frozen=True)
class Place:
    """Where a school is: its LA and (from GIAS) its region."""

    la_code: str | None
    region: str | None = None


@dataclass
class Area:
    """True counts for one geography, before disclosure control."""

    schools: set[str] = field(default_factory=set)
    exits: dict[tuple[str, str, str], int] = field(
        default_factory=lambda: defaultdict(int)
    )  # (window, year group, route) -> exits
    # (window, year group, route) -> urn -> exits: to find counts one school makes
    by_school: dict[tuple[str, str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    headcount: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Year groups where some school with exits has no census headcount: a
    # percentage there would divide part of the exits by part of the pupils.
    no_headcount: set[str] = field(default_factory=set)


def census_exit_statistics(
    db: Database,
    year: AcademicYear,
    level: str,
    cohorts: Mapping[str, Mapping[str, int]],
    places: Mapping[str, Place],
    policy: DisclosurePolicy | None = None,
) -> dict[str, Any]:
    """The disclosure-controlled table for one academic year at one level."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    policy = policy or DisclosurePolicy()
    census = spring_census_date(year).date
    areas: dict[tuple[str, str], Area] = defaultdict(Area)
    if level == "national":
        areas[ENGLAND] = Area()  # England has a row even before any data
    rows = db.query(
        "SELECT urn, la_code, year_group, ground, "
        "SUM(CASE WHEN effective_date <= ? THEN 1 ELSE 0 END), COUNT(*) "
        "FROM census_exits WHERE effective_date >= ? AND effective_date <= ? "
        "AND withdrawn_at IS NULL GROUP BY urn, la_code, year_group, ground",
        (census.isoformat(), year.start.isoformat(), year.end.isoformat()),
    )
    for urn, la_code, year_group, ground, before, everything in rows:
        if str(year_group) not in YEAR_GROUPS:
            continue
        place = places.get(str(urn)) or Place(la_code)
        area = areas[_area_of(place, level)]
        area.schools.add(str(urn))
        route = route_of(ground)
        before, after = int(before), int(everything) - int(before)
        for window, n in (("before", before), ("after", after)):
            area.exits[(window, str(year_group), route)] += n
            area.by_school[(window, str(year_group), route)][str(urn)] += n
        if not cohorts.get(str(urn), {}).get(str(year_group)):
            area.no_headcount.add(str(year_group))
    for urn, by_year in cohorts.items():
        area = areas[_area_of(places.get(urn) or Place(None), level)]
        area.schools.add(urn)
        for year_group in YEAR_GROUPS:
            area.headcount[year_group] += by_year.get(year_group, 0)
    return {
        "academic_year": str(year),
        "census_date": census.isoformat(),
        "level": level,
        "policy": {
            "threshold": policy.threshold,
            "min_schools": policy.min_schools,
            "min_denominator": policy.min_denominator,
            "rounded_to": policy.base(level),
        },
        "rows": [
            row
            for key in sorted(areas)
            for row in _area_rows(year, level, key, areas[key], policy)
        ],
    }


def _area_of(place: Place, level: str) -> tuple[str, str]:
    """(code, name) of the geography a school counts in at this level, as Explore
    Education Statistics names it (projections/statistics/ees_geography.py)."""
    if level == "national":
        return ENGLAND
    if level == "region":
        region = region_named(place.region)
        if region.code == NOT_AVAILABLE:  # GIAS gave no region: the LA's
            region = local_authority(place.la_code).region
        return (region.code, region.name)
    la = local_authority(place.la_code)
    return (la.old_code, la.name)


def _area_rows(
    year: AcademicYear,
    level: str,
    key: tuple[str, str],
    area: Area,
    policy: DisclosurePolicy,
) -> list[dict[str, Any]]:
    counts, groups = _cells(area)
    if len(area.schools) < policy.min_schools:
        published: dict[Hashable, Published] = dict.fromkeys(counts, CONFIDENTIAL)
    else:
        one_school = dominated_cells(counts, _largest_school(area), policy)
        published = protect_exactly(counts, groups, policy, level, also=one_school)
    rows = []
    for year_group in (*YEAR_GROUPS, TOTAL):
        missing = year_group in area.no_headcount or (
            year_group == TOTAL and bool(area.no_headcount)
        )
        cohort = NOT_AVAILABLE if missing else published[("headcount", year_group)]
        for route in (TOTAL, *ROUTE_NAMES):
            before = published[("before", year_group, route)]
            after = published[("after", year_group, route)]
            rows.append(
                {
                    **_geography(year, level, key),
                    "year_group": year_group,
                    "exit_route": route,
                    "census_headcount": cohort if route == TOTAL else NOT_APPLICABLE,
                    "exits_before_census": before,
                    "exits_after_census": after,
                    "exits_before_census_percent": percentage(before, cohort, policy),
                    "exits_after_census_percent": percentage(after, cohort, policy),
                }
            )
    return rows


def _cells(area: Area) -> tuple[dict[Hashable, int], list[Group]]:
    """True counts with the totals filled in, and the additive groups among them."""
    counts: dict[Hashable, int] = {}
    groups: list[Group] = []
    for window in WINDOWS:
        for year_group in YEAR_GROUPS:
            for route in ROUTE_NAMES:
                counts[(window, year_group, route)] = area.exits.get(
                    (window, year_group, route), 0
                )
            members = [(window, year_group, r) for r in ROUTE_NAMES]
            counts[(window, year_group, TOTAL)] = sum(counts[m] for m in members)
            groups.append(((window, year_group, TOTAL), members))
        for route in (TOTAL, *ROUTE_NAMES):
            members = [(window, yg, route) for yg in YEAR_GROUPS]
            counts[(window, TOTAL, route)] = sum(counts[m] for m in members)
            groups.append(((window, TOTAL, route), members))
        groups.append(
            ((window, TOTAL, TOTAL), [(window, TOTAL, r) for r in ROUTE_NAMES])
        )
    for year_group in YEAR_GROUPS:
        counts[("headcount", year_group)] = area.headcount.get(year_group, 0)
    counts[("headcount", TOTAL)] = sum(area.headcount.values())
    groups.append((("headcount", TOTAL), [("headcount", yg) for yg in YEAR_GROUPS]))
    return counts, groups


INDICATORS = (
    "census_headcount",
    "exits_before_census",
    "exits_after_census",
    "exits_before_census_percent",
    "exits_after_census_percent",
)
FILTERS = ("year_group", "exit_route")


META_COLUMNS = (
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
)
_FILTERS_META = (
    ("year_group", "Year group", "National curriculum year; Total is Years 7-11"),
    ("exit_route", "Exit route", "How the pupil left the roll; grounds grouped"),
)
_INDICATORS_META = (
    ("census_headcount", "Pupils on roll at the spring census", "", 0),
    ("exits_before_census", "Exits off roll up to census day", "", 0),
    ("exits_after_census", "Exits off roll after census day", "", 0),
    ("exits_before_census_percent", "Exits before census day", "%", 1),
    ("exits_after_census_percent", "Exits after census day", "%", 1),
)


def metadata_rows() -> list[dict[str, str]]:
    """The `.meta.csv` that describes the table to Explore Education Statistics."""
    rows = [
        {"col_name": name, "col_type": "Filter", "label": label, "filter_hint": hint}
        for name, label, hint in _FILTERS_META
    ]
    rows += [
        {
            "col_name": name,
            "col_type": "Indicator",
            "label": label,
            "indicator_unit": unit,
            "indicator_dp": str(dp),
        }
        for name, label, unit, dp in _INDICATORS_META
    ]
    return [{column: row.get(column, "") for column in META_COLUMNS} for row in rows]


def table_columns(level: str) -> list[str]:
    """The columns of a row at this level, in the open data standards' order."""
    return [*_geography(AcademicYear(2025), level, ENGLAND), *FILTERS, *INDICATORS]


def _largest_school(area: Area) -> dict[Hashable, int]:
    """Each exit cell's (and total's) largest single-school part."""
    largest: dict[Hashable, int] = {}
    for window in WINDOWS:
        for year_group in (*YEAR_GROUPS, TOTAL):
            for route in (TOTAL, *ROUTE_NAMES):
                parts: Counter[str] = Counter()
                for yg in YEAR_GROUPS if year_group == TOTAL else (year_group,):
                    for r in ROUTE_NAMES if route == TOTAL else (route,):
                        parts.update(area.by_school.get((window, yg, r), Counter()))
                largest[(window, year_group, route)] = max(parts.values(), default=0)
    return largest


def _geography(year: AcademicYear, level: str, key: tuple[str, str]) -> dict[str, str]:
    """The geography columns of a row, in the open data standards' order; an LA's
    row carries its region too."""
    code, name = key
    columns = {
        "time_period": f"{year.start_year}{(year.start_year + 1) % 100:02d}",
        "time_identifier": "Academic year",
        "geographic_level": GEOGRAPHIC_LEVEL[level],
        "country_code": ENGLAND[0],
        "country_name": ENGLAND[1],
    }
    if level == "region":
        columns |= {"region_code": code, "region_name": name}
    elif level == "la":
        la = local_authority(code)
        columns |= {
            "region_code": la.region.code,
            "region_name": la.region.name,
            "new_la_code": la.new_code,
            "old_la_code": la.old_code,
            "la_name": la.name,
        }
    return columns
