"""School and LA census-spike reports, and the weekly series behind the chart."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from events.school_calendar import AcademicYear, spring_census_date
from projections.census.flags import FALSE_DISCOVERY_RATE, national_cut_off
from projections.census.measures import (
    Exit,
    exit_histories,
    leaver_rate,
    live_projection,
    ofsted_style,
    reason_mix,
)
from projections.census.published_rates import pre_census_rates
from projections.census.queries import (
    ALL,
    KEY_STAGE_4,
    KS4,
    MAX_P,
    MIN_EXITS,
    MIN_SCORE,
    UNEXPLAINED,
    WEEKS_AROUND,
    Counts,
    Peers,
    baseline_rate,
    exit_counts,
    own_history_rate,
    peer_rates,
    pre_census_totals,
    score,
    spike_reasons,
    with_key_stage_4,
)
from projections.view import Database

History = list[tuple[dict[tuple[str, str], Counts], dict[str, dict[str, int]]]]


@dataclass(frozen=True)
class ReportInputs:
    """What a report reads besides the exits: census cohorts and each school's LA."""

    cohorts: dict[str, dict[str, int]]
    la_of: dict[str, str]
    # Census headcounts of earlier years (newest first): the Year 10 -> 11 rule and
    # each school's own history.
    earlier_cohorts: dict[str, dict[str, dict[str, int]]] | None = None
    # What the inputs and the projection were built from (database, how far the
    # projection has applied the log, reference tables' versions): equal versions
    # give equal baselines, so reports reuse them. None: always recompute.
    version: Hashable | None = None
    # The register's today (its injectable clock), for the live projection.
    today: date | None = None

    def y10_cohort(self, urn: str, year: AcademicYear) -> int | None:
        by_year = (self.earlier_cohorts or {}).get(str(year), {})
        return by_year.get(urn, {}).get("10")


@dataclass(frozen=True)
class Scoring:
    """One year's exits, cohorts (with Years 10-11 combined) and peer rates."""

    counts: dict[tuple[str, str], Counts]
    cohorts: dict[str, dict[str, int]]
    peers: Peers
    unexplained_peers: Peers
    history: History
    exits_of: dict[str, list[Exit]]  # each school's exits, for Ofsted and FFT
    max_p: float  # the national cut-off for a significant test (census_flags)

    @classmethod
    def build(
        cls,
        db: Database,
        inputs: ReportInputs,
        year: AcademicYear,
        known_at: datetime | None,
        urns: Sequence[str],
    ) -> Scoring:
        """Detail for `urns` only; peer rates from every school's totals."""
        cohorts, peers, unexplained_peers, max_p = _baselines(
            db, inputs, year, known_at
        )
        history = [
            (
                exit_counts(db, AcademicYear.parse(y), known_at, urns),
                with_key_stage_4({u: c[u] for u in urns if u in c}),
            )
            for y, c in (inputs.earlier_cohorts or {}).items()
        ]
        return cls(
            exit_counts(db, year, known_at, urns),
            cohorts,
            peers,
            unexplained_peers,
            history,
            exit_histories(db, urns, year),
            max_p,
        )


Baselines = tuple[dict[str, dict[str, int]], Peers, Peers, float]
_BASELINES: OrderedDict[Hashable, Baselines] = OrderedDict()
_BASELINES_KEPT = 8
_baselines_lock = threading.Lock()


def _baselines(
    db: Database, inputs: ReportInputs, year: AcademicYear, known_at: datetime | None
) -> Baselines:
    """Cohorts with KS4, every school's peer rates and the national p-value cut-off:
    the same for every report until the projection moves or headcounts change, so
    kept by version."""
    key = (str(year), inputs.version) if inputs.version and not known_at else None
    with _baselines_lock:
        if key is not None and key in _BASELINES:
            _BASELINES.move_to_end(key)
            return _BASELINES[key]
    totals = pre_census_totals(db, year, known_at)
    cohorts = with_key_stage_4(inputs.cohorts)
    peers = peer_rates(totals, cohorts, inputs.la_of, ALL, pre_census_rates(year))
    unexplained = peer_rates(totals, cohorts, inputs.la_of, UNEXPLAINED)
    cut_off = national_cut_off(totals, cohorts, inputs.la_of, peers, unexplained)
    built = (cohorts, peers, unexplained, cut_off)
    if key is not None:
        with _baselines_lock:
            _BASELINES[key] = built
            while len(_BASELINES) > _BASELINES_KEPT:
                _BASELINES.popitem(last=False)
    return built


def warm_baselines(db: Database, inputs: ReportInputs, year: AcademicYear) -> None:
    """Compute and keep the baselines for `inputs.version`, ahead of a report."""
    _baselines(db, inputs, year, None)


def baselines_kept(inputs: ReportInputs, year: AcademicYear) -> bool:
    """Whether a report for these inputs would reuse kept baselines."""
    with _baselines_lock:
        return (str(year), inputs.version) in _BASELINES


def school_report(
    db: Database,
    inputs: ReportInputs,
    urn: str,
    year: AcademicYear,
    known_at: datetime | None = None,
) -> dict[str, Any]:
    """The census-spike report of one school for one academic year."""
    scoring = Scoring.build(db, inputs, year, known_at, [urn])
    return _report(inputs, urn, year, known_at, scoring)


def _report(
    inputs: ReportInputs,
    urn: str,
    year: AcademicYear,
    known_at: datetime | None,
    scoring: Scoring,
) -> dict[str, Any]:
    la_code = inputs.la_of.get(urn, "")
    cohort_of = inputs.cohorts.get(urn, {})
    year_groups = sorted(
        {yg for (u, yg) in scoring.counts if u == urn and yg != KS4} | set(cohort_of),
        key=_year_order,
    )
    rows = [_group_row(scoring, urn, la_code, yg) for yg in year_groups]
    ks4 = _group_row(scoring, urn, la_code, KS4)
    ks4["reasons"] = spike_reasons(
        ks4["exits_before_census"],
        ks4,
        ks4["unexplained_before_census"],
        ks4["unexplained"],
        scoring.max_p,
    )
    ks4["flagged"] = bool(ks4["reasons"])
    for row in rows:
        _explain(row, ks4["flagged"])
    census = spring_census_date(year)
    previous = AcademicYear(year.start_year - 1)
    exits = scoring.exits_of.get(urn, [])
    ofsted = ofsted_style(exits, year, inputs.y10_cohort(urn, previous))
    ofsted_before = ofsted_style(
        exits, previous, inputs.y10_cohort(urn, AcademicYear(year.start_year - 2))
    )
    everything = Counts()
    for yg in year_groups:
        everything.add(scoring.counts.get((urn, yg), Counts()))
    today = known_at.date() if known_at else inputs.today
    return {
        "urn": urn,
        "la_code": la_code or None,
        "academic_year": str(year),
        "census_date": census.date.isoformat(),
        "census_date_derived": census.derived,
        "as_known_at": known_at.isoformat() if known_at else None,
        "backdated_exits": sum(r["backdated_exits"] for r in rows),
        "flagged": ks4["flagged"],
        "thresholds": {
            "min_exits": MIN_EXITS,
            "min_spike_score": MIN_SCORE,
            "max_p_value": scoring.max_p,
            "false_discovery_rate": FALSE_DISCOVERY_RATE,
            "max_p_value_cap": MAX_P,
        },
        "key_stage_4": ks4,
        "year_groups": rows,
        "reason_mix": reason_mix(everything),
        "ofsted_style": {
            **ofsted,
            "two_years_running": ofsted["met"] and ofsted_before["met"],
        },
        "leaver_rate": leaver_rate(exits, year, cohort_of.get("11")),
        "live": (
            live_projection(sum(r["exits_before_census"] for r in rows), year, today)
            if today
            else {"live": False}  # no clock given: offline reports project nothing
        ),
    }


def _group_row(
    scoring: Scoring, urn: str, la_code: str, year_group: str
) -> dict[str, Any]:
    counts = scoring.counts.get((urn, year_group), Counts())
    cohort = scoring.cohorts.get(urn, {}).get(year_group)
    peers = scoring.peers.baselines(urn, la_code, year_group)
    rate, source = baseline_rate(peers)
    unexplained_rate, _ = baseline_rate(
        scoring.unexplained_peers.baselines(urn, la_code, year_group)
    )
    own = own_history_rate(scoring.history, urn, year_group)
    return {
        "year_group": year_group,
        "cohort": cohort,
        "exits_before_census": counts.before,
        "exits_after_census": counts.after,
        "backdated_exits": counts.backdated,
        "rate_before_census": round(counts.before / cohort, 5) if cohort else None,
        **score(counts.before, cohort, rate),
        "baseline": source,
        "unexplained_before_census": counts.unexplained_before,
        "unexplained": score(counts.unexplained_before, cohort, unexplained_rate),
        "comparisons": {
            "own_earlier_years": _rounded(own),
            "la": _rounded(peers["la"]),
            "national": _rounded(peers["national"]),
        },
        "flagged": False,
        "reasons": [],
        "grounds": dict(sorted(counts.grounds.items())),
        "reason_mix": reason_mix(counts),
    }


def _explain(row: dict[str, Any], key_stage_4_flagged: bool) -> None:
    """A Year 10 or 11 row is flagged when it carries part of a flagged KS4 spike."""
    expected = row["expected_before_census"]
    if (
        key_stage_4_flagged
        and row["year_group"] in KEY_STAGE_4
        and row["exits_before_census"] > (expected or 0)
    ):
        row["flagged"] = True
        row["reasons"].append(
            f"{row['exits_before_census']} exits before census against "
            f"{expected} expected, part of a flagged Years 10-11 spike"
        )
    if row["backdated_exits"]:
        row["reasons"].append(
            f"{row['backdated_exits']} exit(s) recorded after census day, "
            "dated before it"
        )


def la_report(
    db: Database, inputs: ReportInputs, la_code: str, year: AcademicYear
) -> dict[str, Any]:
    """The LA's schools ranked by their Years 10-11 spike score, flags first."""
    schools = []
    urns = sorted(urn for urn, la in inputs.la_of.items() if la == la_code)
    scoring = Scoring.build(db, inputs, year, None, urns)  # one read for them all
    for urn in urns:
        report = _report(inputs, urn, year, None, scoring)
        ks4 = report["key_stage_4"]
        schools.append(
            {
                "urn": urn,
                "flagged": report["flagged"],
                "max_spike_score": max(
                    ks4["spike_score"] or 0, ks4["unexplained"]["spike_score"] or 0
                ),
                "backdated_exits": report["backdated_exits"],
                "exits_before_census": sum(
                    r["exits_before_census"] for r in report["year_groups"]
                ),
                "reasons": ks4["reasons"]
                + [
                    f"Year {r['year_group']}: {reason}"
                    for r in report["year_groups"]
                    for reason in r["reasons"]
                ],
                "ofsted_style_met": report["ofsted_style"]["met"],
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


def _rounded(rate: float | None) -> float | None:
    return round(rate, 5) if rate is not None else None


def _year_order(year_group: str) -> tuple[int, str]:
    return (int(year_group), "") if year_group.isdigit() else (99, year_group)
