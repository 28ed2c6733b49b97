"""`pmr simulate`: deterministic synthetic schools, pupils and movements.

Seeded, so the same arguments give the same files. Rates are taken from the domain
notes (reference.md, census-benchmarks.md): about 4-5% of a secondary year group
leaves its school in a year (Ofsted: ~4% of Year 10 do not progress in the same
school), exits spread over the school year, suspensions for about 1 pupil in 12,
characteristics at national rates. Chosen schools can be injected with off-rolling:
their Year 10 and 11 exit rate between 1 September and census day is multiplied by
a strength. Output: movements as JSON Lines in the API's body shape (plus the
recording school and an idempotency key), census headcounts, and the ground truth.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from events.identifiers import upn_check_letter
from events.school_calendar import AcademicYear, is_school_day, spring_census_date

ANNUAL_EXIT_RATE = 0.045
SUSPENSION_RATE = 0.08
# (movement type, ground, share of exits). About a third of exits leave state
# mainstream schooling (EHE, whereabouts unknown), which with the exit rate gives
# Datalab's ~7% of a cohort gone from mainstream by spring of Year 11.
GROUNDS = (
    ("roll_deletion", "moved_away", 0.30),
    ("roll_deletion", "registered_elsewhere", 0.25),
    ("elective_home_education", None, 0.22),
    ("managed_move", None, 0.10),
    ("roll_deletion", "continuous_absence_not_located", 0.08),
    ("roll_deletion", "not_returned_after_leave", 0.05),
)
# Injected off-rolling goes by the routes a school can steer and that escape the
# results: "encouraged" home education, managed moves, and children deleted as not
# located (the routes Datalab, EPI and the IPPR report describe), not house moves.
OFFROLLING_GROUNDS = (
    ("elective_home_education", None, 0.45),
    ("managed_move", None, 0.20),
    ("roll_deletion", "continuous_absence_not_located", 0.25),
    ("roll_deletion", "not_returned_after_leave", 0.10),
)
SEN = (("N", 0.82), ("K", 0.13), ("E", 0.05))


@dataclass(frozen=True)
class SimulationConfig:
    """What to generate."""

    seed: int = 1
    la_codes: tuple[str, ...] = ("801", "202", "330")
    schools_per_la: int = 10
    cohort_range: tuple[int, int] = (100, 240)
    years: tuple[AcademicYear, ...] = (AcademicYear(2025),)
    offrolling_schools: int = 3
    strength: float = 4.0
    # "school_routes": the injected excess goes by OFFROLLING_GROUNDS; "ordinary":
    # by the same ground mix as every other exit (the hardest case to detect).
    injection_mix: str = "school_routes"


@dataclass
class Simulation:
    """Generated schools, headcounts, movements and what was injected."""

    schools: dict[str, str] = field(default_factory=dict)  # urn -> LA
    headcounts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    movements: list[dict[str, Any]] = field(default_factory=list)
    injected: dict[str, float] = field(default_factory=dict)  # urn -> strength
    injection_mix: str = "school_routes"


def simulate(config: SimulationConfig) -> Simulation:
    rng = random.Random(config.seed)
    sim = Simulation(injection_mix=config.injection_mix)
    serial = 0
    for la in config.la_codes:
        for n in range(config.schools_per_la):
            sim.schools[f"{int(la):03d}{n:03d}"] = la
    urns = sorted(sim.schools)
    for urn in rng.sample(urns, config.offrolling_schools):
        sim.injected[urn] = config.strength
    for urn in urns:
        size = rng.randint(*config.cohort_range)
        for year in config.years:
            cohort = {
                str(yg): max(30, int(rng.gauss(size, size * 0.05)))
                for yg in range(7, 12)
            }
            sim.headcounts.setdefault(str(year), {})[urn] = cohort
            for yg, count in cohort.items():
                for _ in range(count):
                    serial += 1
                    sim.movements.extend(
                        _pupil_year(rng, sim, urn, urns, year, yg, serial)
                    )
    sim.movements.sort(key=lambda m: m["effective_date"])
    return sim


def _pupil_year(
    rng: random.Random,
    sim: Simulation,
    urn: str,
    urns: list[str],
    year: AcademicYear,
    year_group: str,
    serial: int,
) -> Iterator[dict[str, Any]]:
    la = sim.schools[urn]
    body = f"{la}{serial % 10**9:09d}"
    pupil = {
        "upn": upn_check_letter(body) + body,
        "year_group": year_group,
        "sen_provision": _pick(rng, SEN),
        "fsm_eligible": rng.random() < 0.25,
        "looked_after": rng.random() < 0.006,
        "child_protection_plan": rng.random() < 0.005,
    }
    if rng.random() < SUSPENSION_RATE:
        yield _movement(
            "suspension",
            pupil,
            urn,
            None,
            _school_day(rng, year.start, year.end),
            reason=["DB"],
            days=float(rng.choice((1, 1, 2, 3))),
        )
    census = spring_census_date(year).date
    strength = sim.injected.get(urn, 1.0) if year_group in ("10", "11") else 1.0
    pre_share = (census - year.start).days / 320
    roll = rng.random()
    if roll < ANNUAL_EXIT_RATE * pre_share:
        yield _exit(rng, pupil, urn, urns, _school_day(rng, year.start, census))
    elif roll < ANNUAL_EXIT_RATE * pre_share * strength:
        mix = OFFROLLING_GROUNDS if sim.injection_mix == "school_routes" else GROUNDS
        day = _school_day(rng, year.start, census)
        yield _exit(rng, pupil, urn, urns, day, mix)
    elif rng.random() < ANNUAL_EXIT_RATE * (1 - pre_share):
        end = date(year.start_year + 1, 7, 20)
        yield _exit(rng, pupil, urn, urns, _school_day(rng, census + timedelta(1), end))


def _exit(
    rng: random.Random,
    pupil: dict[str, Any],
    urn: str,
    urns: list[str],
    day: date,
    mix: tuple[tuple[str, str | None, float], ...] = GROUNDS,
) -> dict[str, Any]:
    kind, ground = _pick(rng, tuple(((k, g), s) for k, g, s in mix))
    needs_school = kind == "managed_move" or ground == "registered_elsewhere"
    to_urn = rng.choice([u for u in urns if u != urn]) if needs_school else None
    return _movement(kind, pupil, urn, to_urn, day, deletion_ground=ground)


def _movement(
    kind: str,
    pupil: dict[str, Any],
    urn: str,
    to_urn: str | None,
    day: date,
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "type": kind,
        "pupil": pupil,
        "from_urn": urn,
        "to_urn": to_urn,
        "effective_date": day.isoformat(),
        "recorder_urn": urn,
    }
    body.update({k: v for k, v in fields.items() if v is not None})
    body["idempotency_key"] = f"sim-{pupil['upn']}-{kind}-{day.isoformat()}"
    return body


def _pick(rng: random.Random, weighted: tuple[tuple[Any, float], ...]) -> Any:
    roll, total = rng.random(), 0.0
    for value, share in weighted:
        total += share
        if roll < total:
            return value
    return weighted[-1][0]


def _school_day(rng: random.Random, start: date, end: date) -> date:
    while True:
        day = start + timedelta(days=rng.randint(0, (end - start).days))
        if is_school_day(day):
            return day


def write(sim: Simulation, out: Path) -> None:
    """movements.jsonl, schools.json (with census headcounts), truth.json."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "movements.jsonl").open("w") as sink:
        for movement in sim.movements:
            sink.write(json.dumps(movement, sort_keys=True) + "\n")
    (out / "schools.json").write_text(
        json.dumps({"schools": sim.schools, "headcounts": sim.headcounts}, indent=1)
    )
    (out / "truth.json").write_text(json.dumps({"offrolling": sim.injected}, indent=1))
