"""School and LA census-spike reports, and the weekly series behind the chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from events.school_calendar import AcademicYear, spring_census_date
from projections.census_queries import (
    MAX_P,
    MIN_EXITS,
    MIN_SCORE,
    WEEKS_AROUND,
    Counts,
    Peers,
    assess,
    baseline_rate,
    exit_counts,
    live_projection,
    ofsted_style,
    peer_rates,
    score,
)
from projections.view import Database

SECONDARY_YEARS = ("7", "8", "9", "10", "11")


@dataclass(frozen=True)
class ReportInputs:
    """What a report reads besides the exits: census cohorts and each school's LA."""

    cohorts: dict[str, dict[str, int]]
    la_of: dict[str, str]
    # Census headcounts of other years, for the Year 10 -> 11 rule.
    earlier_cohorts: dict[str, dict[str, dict[str, int]]] | None = None

    def y10_cohort(self, urn: str, year: AcademicYear) -> int | None:
        by_year = (self.earlier_cohorts or {}).get(str(year), {})
        return by_year.get(urn, {}).get("10")


def school_report(
    db: Database,
    inputs: ReportInputs,
    urn: str,
    year: AcademicYear,
    known_at: datetime | None = None,
) -> dict[str, Any]:
    """The census-spike report of one school for one academic year."""
    counts = exit_counts(db, year, known_at)
    peers = peer_rates(counts, inputs.cohorts, inputs.la_of)
    return _report(db, inputs, urn, year, known_at, counts, peers)


def _report(
    db: Database,
    inputs: ReportInputs,
    urn: str,
    year: AcademicYear,
    known_at: datetime | None,
    counts: dict[tuple[str, str], Counts],
    peers: Peers,
) -> dict[str, Any]:
    la_code = inputs.la_of.get(urn, "")
    cohort_of = inputs.cohorts.get(urn, {})
    year_groups = sorted(
        {yg for (u, yg) in counts if u == urn} | set(cohort_of), key=_year_order
    )
    rows = [
        _year_group_row(
            yg,
            counts.get((urn, yg), Counts()),
            cohort_of.get(yg),
            baseline_rate(peers, urn, la_code, yg),
        )
        for yg in year_groups
    ]
    census = spring_census_date(year)
    previous = AcademicYear(year.start_year - 1)
    ofsted = ofsted_style(db, urn, year, inputs.y10_cohort(urn, previous))
    ofsted_before = ofsted_style(
        db, urn, previous, inputs.y10_cohort(urn, AcademicYear(year.start_year - 2))
    )
    today = (known_at or datetime.now(UTC)).date()
    return {
        "urn": urn,
        "la_code": la_code or None,
        "academic_year": str(year),
        "census_date": census.date.isoformat(),
        "census_date_derived": census.derived,
        "as_known_at": known_at.isoformat() if known_at else None,
        "backdated_exits": sum(r["backdated_exits"] for r in rows),
        "flagged": any(r["flagged"] for r in rows),
        "thresholds": {
            "min_exits": MIN_EXITS,
            "min_spike_score": MIN_SCORE,
            "max_p_value": MAX_P,
        },
        "year_groups": rows,
        "ofsted_style": {
            **ofsted,
            "two_years_running": ofsted["met"] and ofsted_before["met"],
        },
        "live": live_projection(
            sum(r["exits_before_census"] for r in rows), year, today
        ),
    }


def _year_group_row(
    year_group: str,
    counts: Counts,
    cohort: int | None,
    baseline: tuple[float | None, str],
) -> dict[str, Any]:
    rate, source = baseline
    scored = {**score(counts.before, cohort, rate), "baseline": source}
    flagged, reasons = assess(year_group, counts.before, scored, counts.backdated)
    return {
        "year_group": year_group,
        "cohort": cohort,
        "exits_before_census": counts.before,
        "exits_after_census": counts.after,
        "backdated_exits": counts.backdated,
        "rate_before_census": round(counts.before / cohort, 5) if cohort else None,
        **scored,
        "flagged": flagged,
        "reasons": reasons,
        "grounds": dict(sorted(counts.grounds.items())),
    }


def la_report(
    db: Database, inputs: ReportInputs, la_code: str, year: AcademicYear
) -> dict[str, Any]:
    """The LA's schools ranked by their highest spike score, flags first."""
    schools = []
    counts = exit_counts(db, year)  # read once for every school in the LA
    peers = peer_rates(counts, inputs.cohorts, inputs.la_of)
    for urn, la in inputs.la_of.items():
        if la != la_code:
            continue
        report = _report(db, inputs, urn, year, None, counts, peers)
        scores = [r["spike_score"] or 0 for r in report["year_groups"]]
        schools.append(
            {
                "urn": urn,
                "flagged": report["flagged"],
                "max_spike_score": max(scores, default=0),
                "backdated_exits": report["backdated_exits"],
                "exits_before_census": sum(
                    r["exits_before_census"] for r in report["year_groups"]
                ),
                "reasons": [
                    f"Year {r['year_group']}: {reason}"
                    for r in report["year_groups"]
                    for reason in r["reasons"]
                ],
            }
        )
    schools.sort(key=lambda s: (not s["flagged"], -s["max_spike_score"], s["urn"]))
    census = spring_census_date(year)
    return {
        "la_code": la_code,
        "academic_year": str(year),
        "census_date": census.date.isoformat(),
        "schools": schools,
        "count": len(schools),
    }


def weekly_exits(
    db: Database, urn: str, year: AcademicYear
) -> tuple[date, dict[int, int]]:
    """Exits per week relative to census day (week 0 holds census day)."""
    census = spring_census_date(year).date
    rows = db.query(
        "SELECT effective_date FROM census_exits WHERE urn = ? "
        "AND withdrawn_at IS NULL AND effective_date >= ? AND effective_date <= ?",
        (urn, year.start.isoformat(), year.end.isoformat()),
    )
    weeks = Counter((date.fromisoformat(r[0]) - census).days // 7 for r in rows)
    return census, {w: weeks.get(w, 0) for w in range(-WEEKS_AROUND, WEEKS_AROUND + 1)}


def _year_order(year_group: str) -> tuple[int, str]:
    return (int(year_group), "") if year_group.isdigit() else (99, year_group)
