"""A synthetic England through the census-spike projection: figures and timings.

`python -m bench.census_england [--schools-per-la 22] [--years 5]` simulates every
English LA (159 x 22 = 3,498 secondary schools, ~595k pupils a year group) over
five academic years with 5% of schools off-rolling at 3x, projects the exits
straight into the census-spike tables (SQLite; the register's write path is
measured in bench/ingest.py), then prints the national measures against the
published figures, the flag's recall and precision, and report timings.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from events.identifiers import ENGLISH_LA_CODES
from events.school_calendar import AcademicYear
from projections.census.exit_statistics import LEVELS, Place, census_exit_statistics
from projections.census.measures import national_measures
from projections.census.report import ReportInputs, la_report, school_report
from projections.census.spike import CensusSpike
from services.app.storage import SQLiteDatabase
from services.simulation.simulate import SimulationConfig, envelopes, simulate

YEAR = AcademicYear(2025)
PUBLISHED = {
    "year10_not_progressing": "~4% (Ofsted 2018-19)",
    "year10_leavers_no_state_record": "about half (Ofsted)",
    "schools_meeting_ofsted_rule": "300-340 of ~3,400 two years running, "
    "with a similar-schools model (Ofsted)",
    "left_mainstream_by_spring_y11": "~7% (Datalab 2019, 2023)",
    "median_leaver_rate": "~13.5% (Datalab 2017)",
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.census_england")
    parser.add_argument("--schools-per-la", type=int, default=22)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--strength", type=float, default=3.0)
    args = parser.parse_args(argv)
    las = tuple(sorted(ENGLISH_LA_CODES))
    schools = len(las) * args.schools_per_la
    config = SimulationConfig(
        seed=2026,
        la_codes=las,
        schools_per_la=args.schools_per_la,
        offrolling_schools=schools // 20,
        strength=args.strength,
        years=tuple(AcademicYear(2025 - n) for n in range(args.years)),
    )
    started = time.perf_counter()
    sim = simulate(config)
    simulated = time.perf_counter() - started
    year11 = sum(c["11"] for c in sim.headcounts[str(YEAR)].values())
    print(
        f"simulated {len(sim.schools)} schools, {year11:,} in Year 11 at census, "
        f"{len(sim.movements):,} movements over {args.years} years in {simulated:.0f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = SQLiteDatabase(str(Path(tmp) / "england.sqlite"))
        projection = CensusSpike()
        started = time.perf_counter()
        with db.transaction() as cur:
            projection.create_tables(cur, db.dialect)
        stream = envelopes(sim)
        while batch := list(itertools.islice(stream, 20_000)):
            with db.transaction() as cur:
                projection.apply(cur, batch)
        projected = time.perf_counter() - started
        print(
            f"projected {len(sim.movements):,} events in {projected:.0f} s "
            f"({len(sim.movements) / projected:,.0f} events/s)"
        )
        # An API process holds the projection, not millions of simulated movements:
        # drop them so the garbage collector's full passes do not skew the timings.
        sim.movements.clear()
        gc.collect()
        _measures(db, sim.headcounts)
        _flags_and_timings(db, sim)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")
    return 0


def _measures(db: SQLiteDatabase, headcounts: dict) -> None:
    started = time.perf_counter()
    measures = national_measures(db, YEAR, headcounts)
    took = time.perf_counter() - started
    print(f"national measures for the cohort in Year 11 in {YEAR} ({took:.1f} s):")
    for name, value in measures.items():
        shown = f"{value:.1%}" if isinstance(value, float) else str(value)
        print(f"  {name:36} {shown:>8}   published: {PUBLISHED.get(name, '-')}")


def _flags_and_timings(db: SQLiteDatabase, sim) -> None:
    earlier = [AcademicYear(YEAR.start_year - n) for n in (1, 2)]
    inputs = ReportInputs(
        cohorts=sim.headcounts[str(YEAR)],
        la_of=sim.schools,
        earlier_cohorts={str(y): sim.headcounts.get(str(y), {}) for y in earlier},
    )
    started = time.perf_counter()
    flagged = set()
    for la in sorted(set(sim.schools.values())):
        report = la_report(db, inputs, la, YEAR)
        flagged |= {s["urn"] for s in report["schools"] if s["flagged"]}
    per_la = (time.perf_counter() - started) / len(set(sim.schools.values()))
    found = flagged & set(sim.injected)
    print(
        f"flag: {len(flagged)} schools flagged, {len(found)} of {len(sim.injected)} "
        f"injected at {next(iter(sim.injected.values()))}x -> recall "
        f"{len(found) / len(sim.injected):.2f}, precision "
        f"{len(found) / max(1, len(flagged)):.2f}"
    )
    timings = []
    for urn in sorted(sim.schools)[:20]:
        started = time.perf_counter()
        school_report(db, inputs, urn, YEAR)
        timings.append(time.perf_counter() - started)
    # An LA of 100 schools among all of England's: the 200 ms target.
    big = dict.fromkeys(sorted(sim.schools)[:100], "999")
    wide = ReportInputs(inputs.cohorts, {**sim.schools, **big}, inputs.earlier_cohorts)
    cold = _median_ms(lambda: la_report(db, wide, "999", YEAR))
    # The API keys baselines by projection position and headcounts version, so
    # every report after the first reuses them until an event or a census lands.
    kept = ReportInputs(wide.cohorts, wide.la_of, wide.earlier_cohorts, ("bench", 1))
    warm = _median_ms(lambda: la_report(db, kept, "999", YEAR))
    size = len(sim.schools) // len(set(sim.schools.values()))
    print(
        f"report times at national scale: LA of {size} schools {per_la * 1000:.0f} ms,"
        f" one school {statistics.median(timings) * 1000:.0f} ms; LA of 100 schools"
        f" {cold:.0f} ms recomputing baselines, {warm:.0f} ms reusing them"
        " (medians of 5)"
    )
    places = {urn: Place(la) for urn, la in sim.schools.items()}
    for level in LEVELS:
        took = _median_ms(
            lambda level=level: census_exit_statistics(
                db, YEAR, level, inputs.cohorts, places
            )
        )
        print(f"statistics table, level {level}: {took:.0f} ms")


def _median_ms(run: Callable[[], object], times: int = 5) -> float:
    taken = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        taken.append(time.perf_counter() - started)
    return statistics.median(taken) * 1000


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
