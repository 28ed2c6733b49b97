"""The statistician's census-exit table: geography, routes, suppression, no names."""

from __future__ import annotations

import json
from datetime import date

import pytest

from events.school_calendar import AcademicYear
from projections.census.exit_statistics import (
    ROUTE_NAMES,
    TOTAL,
    YEAR_GROUPS,
    Place,
    census_exit_statistics,
)
from tests.unit.projections.test_census_spike import an_exit, apply

YEAR = AcademicYear.parse("2025-26")  # census day 15 January 2026
BEFORE, AFTER = date(2025, 11, 12), date(2026, 3, 4)
SOUTH_WEST = ("100001", "100002", "100005", "100011")
PLACES = {urn: Place("801", "South West") for urn in SOUTH_WEST} | {
    "100003": Place("202", "London")
}
COHORTS = {urn: {yg: 150 for yg in YEAR_GROUPS} for urn in PLACES}


def exits(db, urn: str, n: int, when: date, year_group: str = "11", **kw) -> None:
    apply(
        db,
        *(
            an_exit(urn, when, year_group=year_group, pupil_key=f"pk_{urn}_{i}", **kw)
            for i in range(n)
        ),
    )


def row(table: dict, year_group: str, route: str, **geography: str) -> dict:
    return next(
        r
        for r in table["rows"]
        if r["year_group"] == year_group
        and r["exit_route"] == route
        and all(r[k] == v for k, v in geography.items())
    )


@pytest.fixture
def populated(db):
    for urn in SOUTH_WEST:
        exits(db, urn, 6, BEFORE, ground="moved_away")
        exits(db, urn, 3, AFTER, ground="registered_elsewhere")
    exits(db, "100001", 2, BEFORE, kind="elective_home_education", ground=None)
    exits(db, "100003", 7, BEFORE)
    return db


def test_national_counts_are_rounded_to_ten_and_name_no_school_or_child(populated):
    table = census_exit_statistics(populated, YEAR, "national", COHORTS, PLACES)
    total = row(table, "11", TOTAL)
    # 4 x 6 + 2 + 7 = 33 before census day; 4 x 3 = 12 after.
    assert total["exits_before_census"] == 30
    assert total["exits_after_census"] == 10
    assert total["census_headcount"] == 750
    assert total["exits_before_census_percent"] == 4.0  # 30 / 750, rounded values
    assert total["geographic_level"] == "National"
    assert total["time_period"] == "202526"
    text = json.dumps(table)
    assert "1000" not in text and "pk_" not in text


def test_small_counts_and_their_complements_are_suppressed(populated):
    table = census_exit_statistics(populated, YEAR, "la", COHORTS, PLACES)
    ehe = row(table, "11", "Elective home education", old_la_code="801")
    assert ehe["exits_before_census"] == "c"
    assert ehe["exits_before_census_percent"] == "c"
    for window in ("exits_before_census", "exits_after_census"):
        for year_group in (*YEAR_GROUPS, TOTAL):
            line = [
                row(table, year_group, r, old_la_code="801")[window]
                for r in (TOTAL, *ROUTE_NAMES)
            ]
            assert line.count("c") != 1, (window, year_group, line)
        for route in (TOTAL, *ROUTE_NAMES):
            column = [
                row(table, yg, route, old_la_code="801")[window]
                for yg in (*YEAR_GROUPS, TOTAL)
            ]
            assert column.count("c") != 1, (window, route, column)
    # Year 11 before census: 24 moved away + 2 EHE. The 2 is hidden, so the 24 is
    # too (else 26 - 24 gives it away), and so is the all-years moved-away total.
    year_11 = row(table, "11", TOTAL, old_la_code="801")
    assert year_11["exits_before_census"] == 25  # 26 rounded to 5
    moved = row(table, "11", "Moved away", old_la_code="801")
    assert moved["exits_before_census"] == "c"
    assert (
        row(table, TOTAL, "Moved away", old_la_code="801")["exits_before_census"] == "c"
    )
    assert (
        row(table, "11", "Another school", old_la_code="801")["exits_after_census"]
        == 10
    )  # 12 rounded to 5: nothing small after census day


def test_an_area_of_fewer_than_three_schools_is_suppressed_whole(populated):
    table = census_exit_statistics(populated, YEAR, "la", COHORTS, PLACES)
    camden = [r for r in table["rows"] if r["old_la_code"] == "202"]
    assert camden and all(
        r["exits_before_census"] == "c" and r["exits_after_census"] == "c"
        for r in camden
    )
    regions = census_exit_statistics(populated, YEAR, "region", COHORTS, PLACES)
    london = row(regions, TOTAL, TOTAL, region_code="E12000007")
    assert london["exits_before_census"] == "c"
    south_west = row(regions, "11", TOTAL, region_code="E12000009")
    assert south_west["exits_before_census"] == 25  # 26 rounded to 5


def test_withdrawn_exits_and_other_year_groups_are_not_counted(db):
    for urn in SOUTH_WEST[:3]:
        exits(db, urn, 10, BEFORE, year_group="10")
        exits(db, urn, 10, BEFORE, year_group="12")  # sixth form: not in this table
    from projections.census.spike import EXITS

    with db.transaction() as cur:
        cur.execute(
            f"UPDATE {EXITS} SET withdrawn_at = '2026-02-01' "
            "WHERE urn = '100001' AND year_group = '10'"
        )
    table = census_exit_statistics(db, YEAR, "national", COHORTS, PLACES)
    assert row(table, "10", TOTAL)["exits_before_census"] == 20
    assert row(table, TOTAL, TOTAL)["exits_before_census"] == 20


def test_a_school_without_a_headcount_makes_the_percentage_unavailable(populated):
    cohorts = {u: c for u, c in COHORTS.items() if u != "100002"}
    table = census_exit_statistics(populated, YEAR, "national", cohorts, PLACES)
    assert row(table, "11", TOTAL)["exits_before_census_percent"] == "x"
    assert row(table, "10", TOTAL)["exits_before_census_percent"] == 0.0


def test_an_unknown_level_is_refused(db):
    with pytest.raises(ValueError, match="level"):
        census_exit_statistics(db, YEAR, "school", COHORTS, PLACES)


def test_a_count_that_is_one_schools_figure_is_suppressed(db):
    """9 of 10 managed moves in LA 801's Year 10 are one school's: not published."""
    exits(db, "100001", 9, BEFORE, year_group="10", kind="managed_move", ground=None)
    exits(db, "100002", 1, BEFORE, year_group="10", kind="managed_move", ground=None)
    for urn in SOUTH_WEST:
        exits(db, urn, 6, BEFORE, year_group="10")  # moved away: spread evenly
    table = census_exit_statistics(db, YEAR, "la", COHORTS, PLACES)
    year_10 = {
        r["exit_route"]: r["exits_before_census"]
        for r in table["rows"]
        if r["old_la_code"] == "801" and r["year_group"] == "10"
    }
    assert year_10["Managed move"] == "c"
    assert year_10["Moved away"] == "c"  # its complement in the Year 10 line
    assert year_10["Total"] == 35  # 34: 24 moved away + 10 managed moves
