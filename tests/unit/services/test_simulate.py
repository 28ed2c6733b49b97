"""The synthetic data generator, and how well the census flag finds injected schools."""

from __future__ import annotations

import multiprocessing
import os
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from events.identifiers import UPN
from events.school_calendar import AcademicYear
from projections.census.report import ReportInputs, school_report
from projections.census.spike import CensusSpike
from services.app.storage import SQLiteDatabase
from services.simulation.simulate import (
    Simulation,
    SimulationConfig,
    envelopes,
    simulate,
    write,
)

YEAR = AcademicYear(2025)
RUNS = 64


def test_the_same_seed_gives_the_same_data():
    one, two = simulate(SimulationConfig(seed=5)), simulate(SimulationConfig(seed=5))
    assert one.movements == two.movements and one.injected == two.injected
    assert simulate(SimulationConfig(seed=6)).movements != one.movements


def test_generated_upns_and_schools_are_valid(tmp_path: Path):
    sim = simulate(SimulationConfig(schools_per_la=2, offrolling_schools=1))
    for movement in sim.movements[:500]:
        UPN.parse(movement["pupil"]["upn"])
        assert movement["from_urn"] in sim.schools
    write(sim, tmp_path)
    lines = (tmp_path / "movements.jsonl").read_text().splitlines()
    assert len(lines) == len(sim.movements)
    assert "offrolling" in (tmp_path / "truth.json").read_text()


def test_national_magnitudes_are_near_the_published_ones():
    sim = simulate(SimulationConfig(schools_per_la=8, offrolling_schools=0))
    pupils = sum(sum(c.values()) for c in sim.headcounts[str(YEAR)].values())
    decisions = ("suspension", "permanent_exclusion")  # the pupil stays on roll
    exits = sum(1 for m in sim.movements if m["type"] not in decisions)
    # ~4% of Year 10 leave in a year (Ofsted); ~700 exits here, so the share moves
    # by about 0.0015 with the random draw alone
    assert 0.03 < exits / pupils < 0.055
    excluded = sum(1 for m in sim.movements if m["type"] == "permanent_exclusion")
    assert 0.001 < excluded / pupils < 0.0035  # ~0.22 per 100 in secondary
    deleted_after_exclusion = [
        m for m in sim.movements if m.get("deletion_ground") == "permanently_excluded"
    ]
    assert len(deleted_after_exclusion) == excluded
    suspended = [m for m in sim.movements if m["type"] == "suspension"]
    assert 0.095 < len(suspended) / pupils < 0.13  # 11.31 per 100 (2023/24)
    autumn = sum(m["effective_date"] <= f"{YEAR.start_year}-12-31" for m in suspended)
    assert 0.32 < autumn / len(suspended) < 0.40  # 346,300 of 955,000 in autumn


def flagged_schools(sim: Simulation, tmp_path: Path) -> set[str]:
    db = SQLiteDatabase(str(tmp_path / f"eval-{uuid.uuid4().hex}.sqlite"))
    projection = CensusSpike()
    with db.transaction() as cur:
        projection.create_tables(cur, db.dialect)
        projection.apply(cur, list(envelopes(sim)))
    inputs = ReportInputs(cohorts=sim.headcounts[str(YEAR)], la_of=sim.schools)
    return {
        urn for urn in sim.schools if school_report(db, inputs, urn, YEAR)["flagged"]
    }


Run = tuple[list[str], set[str], dict[str, int]]


def flag_run(config: SimulationConfig, scratch: Path) -> Run:
    """One seeded set: the injected schools, the flagged ones, Year 11 sizes."""
    sim = simulate(config)
    sizes = {urn: sim.headcounts[str(YEAR)][urn]["11"] for urn in sim.injected}
    return list(sim.injected), flagged_schools(sim, scratch), sizes


def flag_runs(configs: list[SimulationConfig], scratch: Path) -> list[Run]:
    """Every set, one process per core (each is pure and seeded: the results, in
    order, are the same as one after another)."""
    context = multiprocessing.get_context("spawn")
    workers = min(os.cpu_count() or 1, len(configs))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(flag_run, configs, [scratch] * len(configs)))


def measure_flag(
    strength: float, mix: str, tmp_path: Path
) -> tuple[float, float, dict[str, float]]:
    """Mean recall and precision over RUNS sets; recall by Year 10-11 cohort size."""
    recalls, precisions = [], []
    found_by_size: dict[str, list[bool]] = {"100-169": [], "170-240": []}
    configs = [  # synthetic sets of 3 LAs, 30 schools each, 6 injected
        SimulationConfig(seed=seed, schools_per_la=10, offrolling_schools=6,
                         strength=strength, injection_mix=mix)
        for seed in range(RUNS)
    ]  # fmt: skip
    for injected, flagged, sizes in flag_runs(configs, tmp_path):
        found = flagged & set(injected)
        recalls.append(len(found) / len(injected))
        precisions.append(len(found) / len(flagged) if flagged else 1.0)
        for urn in injected:
            size = sizes[urn]
            found_by_size["100-169" if size < 170 else "170-240"].append(urn in found)
    by_size = {k: sum(v) / len(v) for k, v in found_by_size.items() if v}
    return sum(recalls) / RUNS, sum(precisions) / RUNS, by_size


@pytest.mark.calibration
@pytest.mark.parametrize("strength", [3.0, 4.0, 6.0])
def test_the_flag_meets_the_target_for_offrolling_by_school_routes(
    strength: float, tmp_path: Path
):
    """Issue target: recall >= 0.9 at precision >= 0.9 from 3x, cohorts >= 100.

    Injected schools move their extra Year 10-11 pupils by the routes a school can
    steer (home education, managed moves, deleted as not located). Measured over
    these 64 runs (1,920 schools, 384 injected): 3x 0.92/0.99, 4x 0.98/0.97, 6x
    1.00/0.98; over 64 other seeds (100-163) 3x gave 0.92/0.98.
    """
    recall, precision, by_size = measure_flag(strength, "school_routes", tmp_path)
    print(f"school routes {strength}x: recall {recall:.2f} precision {precision:.2f}")
    print(f"  recall by Year 11 size: {by_size}")
    assert recall >= 0.9
    assert precision >= 0.9


@pytest.mark.calibration
@pytest.mark.parametrize("strength", [3.0, 4.0, 6.0])
def test_the_flag_on_offrolling_hidden_in_the_ordinary_ground_mix(
    strength: float, tmp_path: Path
):
    """The hardest case: extra exits look like every other school's (house moves too).

    Only the count can show them. Measured over these 64 runs: 3x 0.81/1.00 (target
    not met; 0.80/0.98 over 64 other seeds), 4x 0.95/0.99, 6x 1.00/0.98. These
    bounds guard against regressions.
    """
    recall, precision, by_size = measure_flag(strength, "ordinary", tmp_path)
    print(f"ordinary mix {strength}x: recall {recall:.2f} precision {precision:.2f}")
    print(f"  recall by Year 11 size: {by_size}")
    assert precision >= 0.9
    assert recall >= (0.72 if strength < 4 else 0.9)


@pytest.mark.calibration
def test_precision_holds_when_few_schools_offroll(tmp_path: Path):
    """5% of schools off-rolling at 3x (3 of 60 per set), as in the England bench.

    A fixed p-value would flag the same share of ordinary schools here as at 20%
    prevalence, with fewer true flags beside them; the national false discovery
    rate tightens the cut-off instead. Measured over these 20 sets: recall 0.92,
    precision 0.86 (0.93 / 0.92 over 20 other seeds): regression bounds below.
    """
    found = false = injected = 0
    configs = [
        SimulationConfig(seed=seed, schools_per_la=20, offrolling_schools=3,
                         strength=3.0)
        for seed in range(20)
    ]  # fmt: skip
    for truth, flagged, _ in flag_runs(configs, tmp_path):
        found += len(flagged & set(truth))
        false += len(flagged - set(truth))
        injected += len(truth)
    print(
        f"5% prevalence: recall {found / injected:.2f}, "
        f"precision {found / (found + false):.2f}"
    )
    assert found / injected >= 0.75
    assert found / (found + false) >= 0.8


@pytest.mark.calibration
def test_the_register_measures_land_near_the_published_national_figures(
    tmp_path: Path,
):
    """One cohort followed from Year 7 (2021-22) to its Year 11 census (2025-26).

    Published: Ofsted ~4% of Year 10 not progressing, about half of them with no
    state destination; Datalab ~7% out of state mainstream by spring of Year 11 and
    a median leaver rate of ~13.5%. The simulator is calibrated to these inputs;
    this checks that the projection and the measures recover them from events.
    """
    from projections.census.measures import national_measures

    sim = simulate(
        SimulationConfig(
            seed=11,
            schools_per_la=20,
            offrolling_schools=0,
            years=tuple(AcademicYear(y) for y in range(2021, 2026)),
        )
    )
    db = SQLiteDatabase(str(tmp_path / "national.sqlite"))
    projection = CensusSpike()
    with db.transaction() as cur:
        projection.create_tables(cur, db.dialect)
        projection.apply(cur, list(envelopes(sim)))
    measures = national_measures(db, YEAR, sim.headcounts)
    print(measures)
    assert 0.03 <= measures["year10_not_progressing"] <= 0.055
    assert 0.35 <= measures["year10_leavers_no_state_record"] <= 0.6
    assert 0.055 <= measures["left_mainstream_by_spring_y11"] <= 0.085
    assert 0.11 <= measures["median_leaver_rate"] <= 0.16
    assert measures["schools_with_leaver_rate"] == 60


def test_cohorts_move_up_a_year_with_the_same_pupils():
    sim = simulate(
        SimulationConfig(
            schools_per_la=1,
            offrolling_schools=0,
            years=(AcademicYear(2024), AcademicYear(2025)),
        )
    )
    year_of = {}
    for m in sim.movements:
        year = AcademicYear.containing(date.fromisoformat(m["effective_date"]))
        year_of.setdefault(m["pupil"]["upn"], set()).add(
            (year.start_year, int(m["pupil"]["year_group"]))
        )
    both = [seen for seen in year_of.values() if len({y for y, _ in seen}) == 2]
    assert both  # suspended in both years: the same child, a year group higher
    for seen in both:
        assert {g - y for y, g in seen} == {min(g - y for y, g in seen)}
    for by_year in sim.headcounts["2025-26"].values():
        assert set(by_year) == {"7", "8", "9", "10", "11"}
        assert all(n > 0 for n in by_year.values())
