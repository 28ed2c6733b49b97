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
# Only the years whose January census counts toward results carry the incentive;
# other year groups are reported and scored but not flagged (fewer false alarms).
FLAGGED_YEAR_GROUPS = frozenset({"10", "11"})
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


Peers = dict[tuple[str, str], dict[str, float]]  # (LA, year group) -> urn -> rate
MIN_PEERS = 5  # fewer schools than this in the LA: compare with every school
TRIM = 0.25  # the highest quarter of peer rates is left out of the baseline


def peer_rates(
    counts: dict[tuple[str, str], Counts],
    cohorts: dict[str, dict[str, int]],
    la_of: dict[str, str],
) -> Peers:
    """Each school's pre-census exit rate, grouped by LA and year group."""
    peers: Peers = defaultdict(dict)
    for urn, by_year in cohorts.items():
        for year_group, cohort in by_year.items():
            if cohort:
                exits = (
                    counts[(urn, year_group)].before
                    if (urn, year_group) in counts
                    else 0
                )
                peers[(la_of.get(urn, ""), year_group)][urn] = exits / cohort
    return dict(peers)


def trimmed_mean(rates: list[float]) -> float:
    """Mean of the lowest 75%: robust to the very schools the report looks for."""
    ordered = sorted(rates)
    kept = ordered[: max(1, math.ceil(len(ordered) * (1 - TRIM)))]
    return sum(kept) / len(kept)


def baseline_rate(
    peers: Peers, urn: str, la_code: str, year_group: str
) -> tuple[float | None, str]:
    """The rate the school is compared with, and where it came from (LA or national)."""
    local = [r for u, r in peers.get((la_code, year_group), {}).items() if u != urn]
    if len(local) >= MIN_PEERS:
        return trimmed_mean(local), "la"
    national = [
        r
        for (_, yg), rates in peers.items()
        if yg == year_group
        for u, r in rates.items()
        if u != urn
    ]
    if len(national) >= MIN_PEERS:
        return trimmed_mean(national), "national"
    return None, "none"


def score(observed: int, cohort: int | None, rate: float | None) -> dict[str, Any]:
    """Spike score = observed / expected exits; p = Poisson tail at the baseline."""
    if not cohort or not rate:
        return {
            "expected_before_census": None,
            "baseline_rate": rate,
            "spike_score": None,
            "p_value": None,
        }
    expected = rate * cohort
    return {
        "expected_before_census": round(expected, 2),
        "baseline_rate": round(rate, 5),
        "spike_score": round(observed / expected, 2),
        "p_value": poisson_tail(observed, expected),
    }


def assess(
    year_group: str, observed: int, scored: dict[str, Any], backdated: int
) -> tuple[bool, list[str]]:
    """Whether the pre-census exits are a flagged spike, and every reason to look."""
    spike, p = scored["spike_score"], scored["p_value"]
    flagged = (
        year_group in FLAGGED_YEAR_GROUPS
        and spike is not None
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
