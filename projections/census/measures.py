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

from collections.abc import Sequence
from datetime import date
from typing import Any

from events.school_calendar import AcademicYear, spring_census_date
from projections.census.queries import UNEXPLAINED_ROUTES, Counts
from projections.view import Database

OFSTED_MIN_LEAVERS = 5
OFSTED_MIN_SHARE = 0.05


Exit = tuple[date, str, str | None]  # effective date, year group, ground
HISTORY_CHUNK = 500  # schools per query when reading histories for all of England


def exit_histories(
    db: Database, urns: Sequence[str], year: AcademicYear
) -> dict[str, list[Exit]]:
    """Each school's exits up to the spring census of `year`, in one query.

    Enough for the Ofsted rule this year and last and the FFT leaver rate, which
    look back at most to the cohort's Year 7.
    """
    histories: dict[str, list[Exit]] = {urn: [] for urn in urns}
    if not urns:
        return histories
    rows = db.query(
        "SELECT urn, effective_date, year_group, ground FROM census_exits "
        f"WHERE urn IN ({', '.join('?' * len(urns))}) "
        "AND withdrawn_at IS NULL AND effective_date <= ?",
        (*urns, spring_census_date(year).date.isoformat()),
    )
    for urn, effective, year_group, ground in rows:
        histories[str(urn)].append(
            (date.fromisoformat(effective), str(year_group), ground)
        )
    return histories


def year10_leaver_grounds(history: list[Exit], year: AcademicYear) -> list[str]:
    """Grounds of the pupils in Year 10 at census t who left before census t+1.

    `year` holds t+1. Exits after census t while in Year 10, and from September to
    census t+1 while in Year 11: the register knows each exit's year group.
    """
    start = spring_census_date(AcademicYear(year.start_year - 1)).date
    end = spring_census_date(year).date
    return [
        ground or "none"
        for effective, year_group, ground in history
        if start < effective <= end
        and year_group == ("10" if effective < year.start else "11")
    ]


def ofsted_style(
    history: list[Exit], year: AcademicYear, year10_cohort: int | None
) -> dict[str, Any]:
    """The IDSR-style rule: at least 5 leavers and at least 5% of the Y10 cohort."""
    leavers = len(year10_leaver_grounds(history, year))
    share = leavers / year10_cohort if year10_cohort else None
    met = _meets_ofsted_rule(leavers, year10_cohort)
    return {
        "year10_cohort": year10_cohort,
        "leavers": leavers,
        "share": round(share, 4) if share is not None else None,
        "met": met,
    }


def _meets_ofsted_rule(leavers: int, year10_cohort: int | None) -> bool:
    return bool(
        year10_cohort
        and leavers >= OFSTED_MIN_LEAVERS
        and leavers / year10_cohort >= OFSTED_MIN_SHARE
    )


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


# Leavers who appear in no state school's census afterwards (Ofsted's "no state
# record"): home education and children not located.
NO_STATE_RECORD = (
    "elective_home_education",
    "continuous_absence_not_located",
    "not_returned_after_leave",
)
# Datalab's "left the mainstream sector" adds moves to alternative provision, which
# is where a permanent exclusion takes a child.
LEFT_MAINSTREAM = (*NO_STATE_RECORD, "permanently_excluded")


Censuses = dict[str, dict[str, dict[str, int]]]  # year -> urn -> year group -> n


def national_measures(
    db: Database, year: AcademicYear, censuses: Censuses
) -> dict[str, Any]:
    """Register-wide figures for the cohort in Year 11 in `year`, from its events.

    - year10_not_progressing: Year 10 at census t-1 who left their school before
      census t, over the Year 10 headcount at census t-1 (Ofsted: about 4%);
    - schools_meeting_ofsted_rule: the share of schools with >= 5 such leavers and
      >= 5% of Year 10 (Ofsted adds a similar-schools model and two years running,
      and lists about 300-340 of ~3,400 schools);
    - year10_leavers_no_state_record: the share of those leavers who went to home
      education or whereabouts unknown (Ofsted: about half had no state record);
    - left_mainstream_by_spring_y11: pupils of the cohort who left state mainstream
      (home education, whereabouts unknown, alternative provision after a
      permanent exclusion) between the Year 7 and Year 11
      censuses, over the Year 7 headcount (Datalab: about 7%), followed through
      five academic years; None unless `censuses` holds the cohort's Year 7;
    - median_leaver_rate: the median school's FFT leaver rate (Datalab: ~13.5%).
    """
    previous = censuses.get(str(AcademicYear(year.start_year - 1)), {})
    current = censuses.get(str(year), {})
    year10 = sum(c.get("10", 0) for c in previous.values())
    leavers = gone = meeting_rule = 0
    rates = []
    urns = sorted(set(previous) | set(current))
    for chunk in range(0, len(urns), HISTORY_CHUNK):
        histories = exit_histories(db, urns[chunk : chunk + HISTORY_CHUNK], year)
        for urn, history in histories.items():
            if urn in previous:
                grounds = year10_leaver_grounds(history, year)
                leavers += len(grounds)
                gone += sum(ground in NO_STATE_RECORD for ground in grounds)
                year10_cohort = previous[urn].get("10")
                meeting_rule += _meets_ofsted_rule(len(grounds), year10_cohort)
            if urn in current:
                rate = leaver_rate(history, year, current[urn].get("11"))
                if rate["complete"] and rate["rate"] is not None:
                    rates.append(rate["rate"])
    rates.sort()
    return {
        "year10_not_progressing": _share(leavers, year10),
        "year10_leavers_no_state_record": _share(gone, leavers),
        "schools_meeting_ofsted_rule": _share(meeting_rule, len(previous)),
        "left_mainstream_by_spring_y11": _left_mainstream(db, year, censuses),
        "median_leaver_rate": rates[len(rates) // 2] if rates else None,
        "schools_with_leaver_rate": len(rates),
    }


def _left_mainstream(
    db: Database, year: AcademicYear, censuses: Censuses
) -> float | None:
    first = AcademicYear(year.start_year - 4)
    year7 = sum(c.get("7", 0) for c in censuses.get(str(first), {}).values())
    if not year7:
        return None
    marks = ", ".join("?" * len(LEFT_MAINSTREAM))
    rows = db.query(
        "SELECT year_group, effective_date FROM census_exits "
        f"WHERE withdrawn_at IS NULL AND ground IN ({marks}) "
        "AND effective_date > ? AND effective_date <= ?",
        (
            *LEFT_MAINSTREAM,
            spring_census_date(first).date.isoformat(),
            spring_census_date(year).date.isoformat(),
        ),
    )
    gone = sum(
        1
        for year_group, effective in rows
        if year_group == _cohort_year_group(year, date.fromisoformat(effective))
    )
    return gone / year7


def _cohort_year_group(year: AcademicYear, day: date) -> str:
    """The year group on `day` of the cohort that is in Year 11 in `year`."""
    return str(11 - (year.start_year - AcademicYear.containing(day).start_year))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def leaver_rate(
    history: list[Exit], year: AcademicYear, year11_cohort: int | None
) -> dict[str, Any]:
    """FFT Datalab's leaver rate for the cohort in Year 11 in `year`.

    Leavers: exits from the school of this cohort from September of Year 7 to the
    Year 11 census (Year 7 exits in year t-4, Year 8 in t-3, and so on). Ever on
    roll = on roll at the Year 11 census + leavers, since every pupil the school
    ever had is one or the other. `complete` is false when the register holds no
    exit of the school from the cohort's Year 7 or before (its history starts later).
    """
    first = AcademicYear(year.start_year - 4)
    census = spring_census_date(year).date
    leavers, earliest = 0, census
    for day, year_group, _ in history:
        if day > census:
            continue
        earliest = min(earliest, day)
        if day >= first.start:
            leavers += year_group == _cohort_year_group(year, day)
    ever = year11_cohort + leavers if year11_cohort else None
    return {
        "cohort_year7": str(first),
        "year11_cohort": year11_cohort,
        "leavers": leavers,
        "ever_on_roll": ever,
        "rate": round(leavers / ever, 4) if ever else None,
        "complete": AcademicYear.containing(earliest).start_year <= first.start_year,
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
