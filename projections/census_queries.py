"""The census-spike report: exits before and after the spring census, scored.

For a school, year group and academic year: exits with an effective date from
1 September to census day ("before") and after it; the rate before census per pupil
on roll at census (headcount); the same rate in the LA's other schools and in every
other school the register knows (leave-one-out baselines); a spike score = observed
/ expected exits, and the one-sided Poisson tail probability of seeing at least
that many exits if the school moved pupils at the baseline rate. Thresholds and
their reasoning: docs/census-spike-methodology.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from events.school_calendar import AcademicYear, spring_census_date
from projections.view import Database

MIN_EXITS = 5  # small numbers: fewer exits than this are never flagged
MIN_SCORE = 2.0  # at least twice the expected pre-census exits
MAX_P = 0.01  # and unlikely at the baseline rate (one-sided Poisson)
WEEKS_AROUND = 20  # weeks either side of census day in the weekly series


@dataclass
class Counts:
    """Exits of one school and year group in one academic year."""

    before: int = 0
    after: int = 0
    backdated: int = 0
    grounds: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def poisson_tail(observed: int, expected: float) -> float:
    """P(X >= observed) for X ~ Poisson(expected)."""
    if observed <= 0:
        return 1.0
    if expected <= 0:
        return 0.0
    term = math.exp(-expected)
    below = term
    for k in range(1, observed):
        term *= expected / k
        below += term
    return max(0.0, 1.0 - below)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def exit_counts(
    db: Database, year: AcademicYear, known_at: datetime | None = None
) -> dict[tuple[str, str], Counts]:
    """(urn, year group) -> counts, as the register knew them at `known_at`."""
    census = spring_census_date(year).date
    end_of_census_day = _iso(
        datetime.combine(census + timedelta(days=1), datetime.min.time(), UTC)
    )
    known = _iso(known_at) if known_at else "9999"
    rows = db.query(
        "SELECT urn, year_group, ground, effective_date, recorded_at FROM census_exits "
        "WHERE effective_date >= ? AND effective_date <= ? AND recorded_at <= ? "
        "AND (withdrawn_at IS NULL OR withdrawn_at > ?)",
        (year.start.isoformat(), year.end.isoformat(), known, known),
    )
    counts: dict[tuple[str, str], Counts] = defaultdict(Counts)
    for urn, year_group, ground, effective, recorded in rows:
        c = counts[(str(urn), str(year_group or "unknown"))]
        if date.fromisoformat(effective) <= census:
            c.before += 1
            c.backdated += recorded >= end_of_census_day
        else:
            c.after += 1
        c.grounds[ground or "none"] += 1
    return counts


@dataclass(frozen=True)
class Baseline:
    """Pre-census exits per pupil on roll in a set of schools."""

    exits: int
    cohort: int

    @property
    def rate(self) -> float | None:
        return self.exits / self.cohort if self.cohort else None


def baselines(
    counts: dict[tuple[str, str], Counts],
    cohorts: dict[str, dict[str, int]],
    la_of: dict[str, str],
) -> tuple[dict[str, Baseline], dict[tuple[str, str], Baseline]]:
    """National totals per year group, and per (LA, year group)."""
    national: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    local: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for urn, by_year in cohorts.items():
        for year_group, cohort in by_year.items():
            exits = (
                counts[(urn, year_group)].before if (urn, year_group) in counts else 0
            )
            for bucket in (
                national[year_group],
                local[(la_of.get(urn, ""), year_group)],
            ):
                bucket[0] += exits
                bucket[1] += cohort
    return (
        {yg: Baseline(*v) for yg, v in national.items()},
        {k: Baseline(*v) for k, v in local.items()},
    )


def score(
    observed: int, cohort: int | None, totals: list[Baseline], own: Baseline
) -> dict[str, Any]:
    """Spike score and p-value against the first usable leave-one-out baseline."""
    for total in totals:
        rest = Baseline(total.exits - own.exits, total.cohort - own.cohort)
        if cohort and rest.rate is not None and rest.rate > 0:
            expected = rest.rate * cohort
            return {
                "expected_before_census": round(expected, 2),
                "baseline_rate": round(rest.rate, 5),
                "spike_score": round(observed / expected, 2),
                "p_value": poisson_tail(observed, expected),
            }
    return {
        "expected_before_census": None,
        "baseline_rate": None,
        "spike_score": None,
        "p_value": None,
    }


def assess(
    observed: int, scored: dict[str, Any], backdated: int
) -> tuple[bool, list[str]]:
    """Whether the pre-census exits are a flagged spike, and every reason to look."""
    spike, p = scored["spike_score"], scored["p_value"]
    flagged = (
        spike is not None
        and observed >= MIN_EXITS
        and spike >= MIN_SCORE
        and p <= MAX_P
    )
    reasons = []
    if flagged:
        reasons.append(
            f"{observed} exits before census: {spike}x the baseline rate (p={p:.2g})"
        )
    if backdated:
        reasons.append(
            f"{backdated} exit(s) recorded after census day, dated before it"
        )
    return flagged, reasons


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
