"""The census-spike report: exits before and after the spring census, scored.

For a school, year group and academic year: exits with an effective date from
1 September to census day ("before") and after it; the rate before census per pupil
on roll at census (headcount); the same rate in the LA's other schools and in every
other school the register knows (leave-one-out baselines); a spike score = observed
/ expected exits, and the one-sided Poisson tail probability of seeing at least
that many exits if the school moved pupils at the baseline rate. Thresholds and
their reasoning: docs/census-spike-methodology.md. The Ofsted, Datalab and EPI
measures are in census_measures.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from events.school_calendar import AcademicYear, spring_census_date
from projections.census.chance import by_chance
from projections.view import Database

MIN_EXITS = 5  # small numbers: fewer exits than this are never flagged
MIN_SCORE = 2.0  # at least twice the expected pre-census exits
# The loosest p-value a test may flag at. The cut-off in use comes from the national
# false discovery rate (census_flags) and is often stricter; at 0.01 for both tests
# no more than 2% of ordinary schools could be flagged (Bonferroni).
MAX_P = 0.01
# Only Years 10-11 carry the census incentive (Year 10 leavers miss Year 11's
# census too), and they are tested together: twice the count, half the tests.
KEY_STAGE_4 = ("10", "11")
KS4 = "10-11"  # the combined row's year-group label
# Routes a school can steer and that take the child out of the results: the exits
# EPI could not explain by a family decision, an exclusion or a normal transfer.
UNEXPLAINED_ROUTES = frozenset(
    {
        "elective_home_education",
        "managed_move",
        "continuous_absence_not_located",
        "not_returned_after_leave",
    }
)
WEEKS_AROUND = 20  # weeks either side of census day in the weekly series


@dataclass
class Counts:
    """Exits of one school and year group in one academic year."""

    before: int = 0
    after: int = 0
    backdated: int = 0
    grounds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    grounds_before: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Every exit's stated reason: "disputed" (a suspected off-rolling report names
    # the school and child), "none" (no ground recorded) or "stated".
    reasons: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def unexplained_before(self) -> int:
        return sum(n for g, n in self.grounds_before.items() if g in UNEXPLAINED_ROUTES)

    def add(self, other: Counts) -> None:
        self.before += other.before
        self.after += other.after
        self.backdated += other.backdated
        for reason, n in other.reasons.items():
            self.reasons[reason] += n
        for ground, n in other.grounds.items():
            self.grounds[ground] += n
        for ground, n in other.grounds_before.items():
            self.grounds_before[ground] += n


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
    db: Database,
    year: AcademicYear,
    known_at: datetime | None = None,
    urns: Sequence[str] | None = None,
) -> dict[tuple[str, str], Counts]:
    """(urn, year group) -> counts as known at `known_at`, with Years 10-11 as KS4.

    `urns` limits the read to the schools a report shows; baselines come from
    pre_census_totals, which the database aggregates for every school.
    """
    census = spring_census_date(year).date
    end_of_census_day = _iso(
        datetime.combine(census + timedelta(days=1), datetime.min.time(), UTC)
    )
    known = _iso(known_at) if known_at else "9999"
    schools = tuple(urns or ())
    only = f" AND e.urn IN ({', '.join('?' * len(schools))})" if schools else ""
    rows = db.query(
        "SELECT e.urn, e.year_group, e.ground, e.effective_date, e.recorded_at, "
        "d.reported_at FROM census_exits e LEFT JOIN census_disputes d "
        "ON d.pupil_key = e.pupil_key AND d.urn = e.urn AND d.reported_at <= ? "
        "WHERE e.effective_date >= ? AND e.effective_date <= ? AND e.recorded_at <= ? "
        "AND (e.withdrawn_at IS NULL OR e.withdrawn_at > ?)" + only,
        (known, year.start.isoformat(), year.end.isoformat(), known, known, *schools),
    )
    counts: dict[tuple[str, str], Counts] = defaultdict(Counts)
    for school, year_group, ground, effective, recorded, disputed in rows:
        c = counts[(str(school), str(year_group or "unknown"))]
        if date.fromisoformat(effective) <= census:
            c.before += 1
            c.backdated += recorded >= end_of_census_day
            c.grounds_before[ground or "none"] += 1
        else:
            c.after += 1
        c.grounds[ground or "none"] += 1
        c.reasons[
            "disputed" if disputed is not None else "stated" if ground else "none"
        ] += 1
    for school, year_group in list(counts):
        if year_group in KEY_STAGE_4:
            counts[(school, KS4)].add(counts[(school, year_group)])
    return counts


def with_key_stage_4(cohorts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Census headcounts with the Years 10-11 total added as year group KS4."""
    out = {}
    for urn, by_year in cohorts.items():
        out[urn] = dict(by_year)
        if all(by_year.get(yg) for yg in KEY_STAGE_4):
            out[urn][KS4] = sum(by_year[yg] for yg in KEY_STAGE_4)
    return out


MIN_PEERS = 5  # fewer schools than this in the LA: compare with every school
# The LA's rate counts as many schools as it has against this many for the
# nation's: an LA of 10 other schools gets half the weight. A rate from a few
# schools' small counts is noisy, and one off-rolling neighbour moves it.
NATIONAL_WEIGHT = 10
TRIM = 0.25  # the highest quarter of peer rates is left out of the baseline


Totals = dict[tuple[str, str], tuple[int, int]]  # (urn, yg) -> (all, unexplained)
ALL, UNEXPLAINED = 0, 1


def pre_census_totals(
    db: Database, year: AcademicYear, known_at: datetime | None = None
) -> Totals:
    """Every school's pre-census exits and exits by unexplained routes, summed in SQL.

    One row per school and year group, so national baselines cost one aggregate
    query rather than reading every exit in England.
    """
    known = _iso(known_at) if known_at else "9999"
    marks = ", ".join("?" * len(UNEXPLAINED_ROUTES))
    rows = db.query(
        "SELECT urn, year_group, COUNT(*), "
        f"SUM(CASE WHEN ground IN ({marks}) THEN 1 ELSE 0 END) FROM census_exits "
        "WHERE effective_date >= ? AND effective_date <= ? AND recorded_at <= ? "
        "AND (withdrawn_at IS NULL OR withdrawn_at > ?) GROUP BY urn, year_group",
        (
            *sorted(UNEXPLAINED_ROUTES),
            year.start.isoformat(),
            spring_census_date(year).date.isoformat(),
            known,
            known,
        ),
    )
    totals: Totals = {}
    for urn, year_group, everything, unexplained in rows:
        totals[(str(urn), str(year_group or "unknown"))] = (
            int(everything),
            int(unexplained or 0),
        )
    for (urn, year_group), (everything, unexplained) in list(totals.items()):
        if year_group in KEY_STAGE_4:
            so_far = totals.get((urn, KS4), (0, 0))
            totals[(urn, KS4)] = (so_far[0] + everything, so_far[1] + unexplained)
    return totals


class Peers:
    """Schools' pre-census exit rates by LA and year group, and baselines from them."""

    # Beyond this many schools, leaving one out moves the middle half by nothing
    # that matters; the national baseline is then computed once per year group.
    LEAVE_ONE_OUT_BELOW = 200

    def __init__(
        self,
        by_la: dict[tuple[str, str], dict[str, float]],
        published: dict[str, float] | None = None,
    ) -> None:
        self.by_la = by_la
        # The last resort when there are no peers: published national rates.
        self.published = published or {}
        self.national: dict[str, dict[str, float]] = defaultdict(dict)
        for (_, year_group), rates in by_la.items():
            self.national[year_group].update(rates)
        self._national_mean: dict[str, float] = {}
        # Each group's rates sorted once: every school in England is scored
        # against its group without itself (census_flags), so this runs ~7,000 times.
        self._sorted: dict[tuple[str, str], list[float]] = {}

    def _mean_of_others(
        self, group: tuple[str, str], rates: dict[str, float], urn: str
    ) -> float | None:
        if len(rates) - (urn in rates) < MIN_PEERS:
            return None
        ordered = self._sorted.get(group)
        if ordered is None:
            ordered = self._sorted[group] = sorted(rates.values())
        if urn in rates:
            at = bisect.bisect_left(ordered, rates[urn])
            return middle_mean(ordered[:at] + ordered[at + 1 :])
        return middle_mean(ordered)

    def baselines(
        self, urn: str, la_code: str, year_group: str
    ) -> dict[str, float | None]:
        """Trimmed-mean rates of the school's LA and of the nation (school left out),
        and how many other schools the LA's rate is taken over."""
        in_la = self.by_la.get((la_code, year_group), {})
        local = self._mean_of_others((la_code, year_group), in_la, urn)
        la_schools = float(len(in_la) - (urn in in_la))
        everyone = self.national.get(year_group, {})
        if len(everyone) < self.LEAVE_ONE_OUT_BELOW:
            national = self._mean_of_others(("England", year_group), everyone, urn)
        else:
            if year_group not in self._national_mean:
                self._national_mean[year_group] = trimmed_mean(list(everyone.values()))
            national = self._national_mean[year_group]
        return {
            "la": local,
            "national": national,
            "la_schools": la_schools,
            "published": self.published.get(year_group),
        }


def peer_rates(
    totals: Totals,
    cohorts: dict[str, dict[str, int]],
    la_of: dict[str, str],
    measure: int = ALL,
    published: dict[str, float] | None = None,
) -> Peers:
    """Each school's pre-census exit rate, grouped by LA and year group."""
    by_la: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for urn, by_year in cohorts.items():
        for year_group, cohort in by_year.items():
            if cohort:
                exits = totals.get((urn, year_group), (0, 0))[measure]
                by_la[(la_of.get(urn, ""), year_group)][urn] = exits / cohort
    return Peers(dict(by_la), published)


def trimmed_mean(rates: list[float]) -> float:
    """Mean of the middle half (interquartile mean).

    Dropping the top quarter keeps off-rolling schools from raising the baseline
    they are judged against; dropping the bottom quarter too keeps the estimate
    centred (a one-sided trim of noisy small counts sits well below the true rate).
    """
    return middle_mean(sorted(rates))


def middle_mean(ordered: list[float]) -> float:
    """trimmed_mean of rates already in order."""
    cut = int(len(ordered) * TRIM)
    kept = ordered[cut : len(ordered) - cut] or ordered
    return sum(kept) / len(kept)


def baseline_rate(rates: dict[str, float | None]) -> tuple[float | None, str]:
    """The rate the school is compared with, and where it came from.

    `rates` are Peers.baselines for the school: the LA's rate weighted by its
    number of schools against NATIONAL_WEIGHT for the nation's ("la_and_national").
    """
    local, national = rates["la"], rates["national"]
    if local and national:
        weight = (rates.get("la_schools") or 0) / (
            (rates.get("la_schools") or 0) + NATIONAL_WEIGHT
        )
        return weight * local + (1 - weight) * national, "la_and_national"
    # An LA whose other schools lost no one says nothing: go national.
    for where, rate in (("national", national), ("la", local)):
        if rate:
            return rate, where
    if local is None and national is None and rates.get("published"):
        return rates["published"], "published_national"  # too few peers to compare
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


def significant(observed: int, scored: dict[str, Any], max_p: float = MAX_P) -> bool:
    """At least MIN_EXITS, at least MIN_SCORE times expected, and p <= max_p."""
    spike, p = scored["spike_score"], scored["p_value"]
    return (
        spike is not None
        and observed >= MIN_EXITS
        and spike >= MIN_SCORE
        and p <= max_p
    )


def spike_reasons(
    observed: int,
    scored: dict[str, Any],
    unexplained: int,
    unexplained_scored: dict[str, Any],
    max_p: float = MAX_P,
) -> list[str]:
    """Why a Key Stage 4 spike is flagged: one sentence per significant test."""
    reasons = []
    if significant(observed, scored, max_p):
        reasons.append(
            f"{observed} exits from Years 10-11 before census: "
            f"{scored['spike_score']} times the usual rate for schools like it "
            f"({by_chance(scored['p_value'])})"
        )
    if significant(unexplained, unexplained_scored, max_p):
        reasons.append(
            f"{unexplained} exits to home education, managed moves or whereabouts "
            f"unknown before census: {unexplained_scored['spike_score']} times the "
            f"usual rate ({by_chance(unexplained_scored['p_value'])})"
        )
    return reasons


def own_history_rate(
    history: list[tuple[dict[tuple[str, str], Counts], dict[str, dict[str, int]]]],
    urn: str,
    year_group: str,
) -> float | None:
    """The school's own pre-census exit rate over its earlier census years."""
    exits = pupils = 0
    for counts, cohorts in history:
        cohort = cohorts.get(urn, {}).get(year_group)
        if cohort:
            c = counts.get((urn, year_group))
            exits += c.before if c else 0
            pupils += cohort
    return exits / pupils if pupils else None
