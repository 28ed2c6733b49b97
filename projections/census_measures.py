"""Measures comparable with the published ones: Ofsted, FFT Datalab, EPI.

- `ofsted_style`: Year 10 at census t-1 not on roll at census t (>= 5 and >= 5%);
- `leaver_rate`: FFT Datalab's pupils who left before the Year 11 census over
  pupils ever on roll from Year 7, following one cohort through the register;
- `reason_mix`: EPI's "unexplained exits" made explicit, because every exit here
  carries its stated ground: stated vs disputed vs none;
- `national_measures`: the register-wide Ofsted and Datalab figures.
Definitions and their limits: docs/census-spike-methodology.md.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from events.school_calendar import AcademicYear, spring_census_date
from projections.census_queries import UNEXPLAINED_ROUTES, Counts
from projections.view import Database

OFSTED_MIN_LEAVERS = 5
OFSTED_MIN_SHARE = 0.05


def year10_leavers(db: Database, urn: str, year: AcademicYear) -> int:
    """Pupils in Year 10 at census t who left before census t+1 (`year` holds t+1).

    Exits after census t while in Year 10, and from September to census t+1 while in
    Year 11: the register knows each exit's year group at the time.
    """
    previous = AcademicYear(year.start_year - 1)
    start = spring_census_date(previous).date + timedelta(days=1)
    end = spring_census_date(year).date
    rows = db.query(
        "SELECT effective_date, year_group FROM census_exits WHERE urn = ? "
        "AND withdrawn_at IS NULL AND effective_date >= ? AND effective_date <= ?",
        (urn, start.isoformat(), end.isoformat()),
    )
    return sum(
        1
        for effective, year_group in rows
        if year_group == ("10" if date.fromisoformat(effective) < year.start else "11")
    )


def ofsted_style(
    db: Database, urn: str, year: AcademicYear, year10_cohort: int | None
) -> dict[str, Any]:
    """The IDSR-style rule: at least 5 leavers and at least 5% of the Y10 cohort."""
    leavers = year10_leavers(db, urn, year)
    share = leavers / year10_cohort if year10_cohort else None
    met = (
        share is not None
        and leavers >= OFSTED_MIN_LEAVERS
        and share >= OFSTED_MIN_SHARE
    )
    return {
        "year10_cohort": year10_cohort,
        "leavers": leavers,
        "share": round(share, 4) if share is not None else None,
        "met": met,
    }


def live_projection(
    before_so_far: int, year: AcademicYear, today: date
) -> dict[str, Any]:
    """During the autumn term: exits so far and a straight-line projection to census."""
    census = spring_census_date(year).date
    if not year.start <= today < census:
        return {"live": False}
    elapsed = (today - year.start).days + 1
    window = (census - year.start).days + 1
    return {
        "live": True,
        "days_to_census": (census - today).days,
        "exits_so_far": before_so_far,
        "projected_by_census": round(before_so_far * window / elapsed, 1),
    }


LEFT_MAINSTREAM = (
    "elective_home_education",
    "continuous_absence_not_located",
    "not_returned_after_leave",
)


def national_measures(
    db: Database,
    year: AcademicYear,
    cohorts: dict[str, dict[str, int]],
    earlier_cohorts: dict[str, dict[str, int]],
) -> dict[str, float | None]:
    """Register-wide figures comparable with the published ones.

    - year10_not_progressing: Year 10 at census t-1 who left their school before
      census t, over the Year 10 headcount at census t-1 (Ofsted: about 4%);
    - left_mainstream_by_spring_y11: exits out of state mainstream schooling (EHE,
      whereabouts unknown) per pupil, summed over Years 7-10 and Year 11 up to census
      day (Datalab: about 7%). This sums one year's rates across year groups (a
      steady-state reading), not one cohort followed over five years.
    """
    year10 = sum(c.get("10", 0) for c in earlier_cohorts.values())
    leavers = sum(year10_leavers(db, urn, year) for urn in earlier_cohorts)
    census = spring_census_date(year).date
    marks = ", ".join("?" * len(LEFT_MAINSTREAM))
    rows = db.query(
        "SELECT year_group, effective_date FROM census_exits "
        f"WHERE withdrawn_at IS NULL AND ground IN ({marks}) "
        "AND effective_date >= ? AND effective_date <= ?",
        (*LEFT_MAINSTREAM, year.start.isoformat(), year.end.isoformat()),
    )
    gone: dict[str, int] = defaultdict(int)
    for year_group, effective in rows:
        if year_group != "11" or date.fromisoformat(effective) <= census:
            gone[str(year_group)] += 1
    share = 0.0
    for year_group in ("7", "8", "9", "10", "11"):
        cohort = sum(c.get(year_group, 0) for c in cohorts.values())
        share += gone[year_group] / cohort if cohort else 0.0
    return {
        "year10_not_progressing": leavers / year10 if year10 else None,
        "left_mainstream_by_spring_y11": share,
    }


def leaver_rate(
    db: Database, urn: str, year: AcademicYear, year11_cohort: int | None
) -> dict[str, Any]:
    """FFT Datalab's leaver rate for the cohort in Year 11 in `year`.

    Leavers: exits from the school of this cohort from September of Year 7 to the
    Year 11 census (Year 7 exits in year t-4, Year 8 in t-3, and so on). Ever on
    roll = on roll at the Year 11 census + leavers, since every pupil the school
    ever had is one or the other. `complete` is false when the register holds no
    exit of the school from before the cohort's Year 7 (its history starts later).
    """
    first = AcademicYear(year.start_year - 4)
    census = spring_census_date(year).date
    rows = db.query(
        "SELECT effective_date, year_group FROM census_exits WHERE urn = ? "
        "AND withdrawn_at IS NULL AND effective_date <= ?",
        (urn, census.isoformat()),
    )
    leavers, earliest = 0, census
    for effective, year_group in rows:
        day = date.fromisoformat(effective)
        earliest = min(earliest, day)
        if day >= first.start:
            behind = year.start_year - AcademicYear.containing(day).start_year
            leavers += year_group == str(11 - behind)
    ever = year11_cohort + leavers if year11_cohort else None
    return {
        "cohort_year7": str(first),
        "year11_cohort": year11_cohort,
        "leavers": leavers,
        "ever_on_roll": ever,
        "rate": round(leavers / ever, 4) if ever else None,
        "complete": earliest < first.start,
    }


def reason_mix(counts: Counts) -> dict[str, int]:
    """EPI's question answered from the record: stated reason vs disputed vs none.

    Stated reasons are split as EPI would: `unexplained_routes` (home education,
    managed moves, whereabouts unknown) against the rest (house moves, transfers,
    exclusions, deaths), which a family decision or a formal process explains.
    """
    routes = sum(
        n for ground, n in counts.grounds.items() if ground in UNEXPLAINED_ROUTES
    )
    return {
        "stated": counts.reasons.get("stated", 0),
        "disputed": counts.reasons.get("disputed", 0),
        "none": counts.reasons.get("none", 0),
        "unexplained_routes": routes,
    }
