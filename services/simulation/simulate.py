"""`pmr simulate`: deterministic synthetic schools, pupils and movements.

Seeded, so the same arguments give the same files. Each school's year groups are
followed from year to year (Year 7 this year is Year 8 next year, same UPNs), so
cohort measures can be read across years. Rates are calibrated to the domain
notes (`services/simulation/rates.py`): exits, suspensions and permanent exclusions
spread over the school days of the year (the autumn term then holds about 36% of
suspensions, as published), characteristics at national rates. Chosen schools
can be injected with off-rolling: their Year 10 and 11 exit rate between
1 September and census day is multiplied by a strength. Output: movements as JSON
Lines in the API's body shape (plus the recording school and an idempotency key),
census headcounts, and the ground truth.
"""

from __future__ import annotations

import itertools
import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from events.england_calendar import is_school_day
from events.envelope import EventEnvelope
from events.identifiers import upn_check_letter
from events.school_calendar import AcademicYear, spring_census_date
from services.simulation.rates import (
    EXCLUSION_REASONS,
    EXCLUSION_RISK,
    EXIT_RATE_KS3,
    EXIT_RATE_KS4,
    GROUNDS,
    OFFROLLING_GROUNDS,
    PERMANENT_EXCLUSION_RATE,
    REVIEW_PERIOD,
    SEN,
    SUSPENSION_RATE,
    SUSPENSION_REASONS,
    YEAR_GROUPS,
)


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
    for la in config.la_codes:
        for n in range(config.schools_per_la):
            sim.schools[f"{int(la):03d}{n:03d}"] = la
    urns = sorted(sim.schools)
    for urn in rng.sample(urns, config.offrolling_schools):
        sim.injected[urn] = config.strength
    serials = itertools.count(1)
    # Suspensions draw from their own stream, so calibrating them moves no exit.
    suspensions = random.Random(f"{config.seed}:suspensions")
    for urn in urns:
        _school(rng, suspensions, sim, urn, urns, config, serials)
    sim.movements.sort(key=lambda m: m["effective_date"])
    return sim


def _school(
    rng: random.Random,
    suspensions: random.Random,
    sim: Simulation,
    urn: str,
    urns: list[str],
    config: SimulationConfig,
    serials: Iterator[int],
) -> None:
    """One school's rolls, followed year by year: each cohort moves up a year."""
    la = sim.schools[urn]
    size = rng.randint(*config.cohort_range)

    def intake() -> list[dict[str, Any]]:
        count = max(30, int(rng.gauss(size, size * 0.05)))
        return [_new_pupil(rng, la, next(serials)) for _ in range(count)]

    roll = {yg: intake() for yg in YEAR_GROUPS}
    for n, year in enumerate(sorted(config.years)):
        if n:  # Year 11 leaves in the summer; everyone else moves up a year
            roll = {
                "7": intake(),
                **{yg: roll[str(int(yg) - 1)] for yg in YEAR_GROUPS[1:]},
            }
        census = spring_census_date(year).date
        headcounts = sim.headcounts.setdefault(str(year), {}).setdefault(urn, {})
        for yg in YEAR_GROUPS:
            stayed, on_census_day = [], 0
            for pupil in roll[yg]:
                left = _pupil_year(
                    rng, suspensions, sim, urn, urns, year, {**pupil, "year_group": yg}
                )
                if left is None:
                    stayed.append(pupil)
                on_census_day += left is None or left > census
            # Joiners from outside the simulated schools replace leavers on average
            # (admissions are not emitted: the census headcount carries them).
            joining = sum(rng.random() < _exit_rate(yg) for _ in roll[yg])
            for _ in range(joining):
                stayed.append(_new_pupil(rng, la, next(serials)))
                on_census_day += _school_day(rng, year.start, year.end) <= census
            headcounts[yg] = on_census_day
            roll[yg] = stayed


def _exit_rate(year_group: str) -> float:
    return EXIT_RATE_KS4 if year_group in ("10", "11") else EXIT_RATE_KS3


def _new_pupil(rng: random.Random, la: str, serial: int) -> dict[str, Any]:
    body = f"{la}{serial % 10**9:09d}"
    return {
        "upn": upn_check_letter(body) + body,
        "sen_provision": _pick(rng, SEN),
        "fsm_eligible": rng.random() < 0.25,
        "looked_after": rng.random() < 0.006,
        "child_protection_plan": rng.random() < 0.005,
    }


def _pupil_year(
    rng: random.Random,
    suspensions: random.Random,
    sim: Simulation,
    urn: str,
    urns: list[str],
    year: AcademicYear,
    pupil: dict[str, Any],
) -> date | None:
    """One pupil's movements in one year; the day the pupil left the roll, if so."""
    exit = _excluded(rng, pupil, urn, year, sim) or _left(
        rng, sim, urn, urns, year, pupil
    )
    # A suspension falls while the pupil is still on roll.
    last_day = date.fromisoformat(exit["effective_date"]) if exit else year.end
    if exit and exit.get("deletion_ground") == "permanently_excluded":
        last_day -= REVIEW_PERIOD  # not after the exclusion decision
    suspended = suspensions.random() < SUSPENSION_RATE
    if suspended and _has_school_day(year.start, last_day):
        sim.movements.append(
            _movement(
                "suspension",
                pupil,
                urn,
                None,
                _school_day(suspensions, year.start, last_day - timedelta(days=1)),
                reason=[_pick(suspensions, SUSPENSION_REASONS)],
                days=float(suspensions.choice((1, 1, 2, 3))),
            )
        )
    if exit is None:
        return None
    sim.movements.append(exit)
    return date.fromisoformat(exit["effective_date"])


def _excluded(
    rng: random.Random,
    pupil: dict[str, Any],
    urn: str,
    year: AcademicYear,
    sim: Simulation,
) -> dict[str, Any] | None:
    """A permanent exclusion (appended) and the deletion after review (returned)."""
    at_risk = pupil["sen_provision"] != "N" or pupil["fsm_eligible"]
    if rng.random() >= PERMANENT_EXCLUSION_RATE * EXCLUSION_RISK[at_risk]:
        return None
    last_decision = date(year.start_year + 1, 7, 20) - REVIEW_PERIOD
    decided = _school_day(rng, year.start, last_decision)
    sim.movements.append(
        _movement(
            "permanent_exclusion",
            pupil,
            urn,
            None,
            decided,
            reason=[_pick(rng, EXCLUSION_REASONS)],
        )
    )
    deleted = decided + REVIEW_PERIOD
    while not is_school_day(deleted):
        deleted += timedelta(days=1)
    return _movement(
        "roll_deletion",
        pupil,
        urn,
        None,
        deleted,
        deletion_ground="permanently_excluded",
    )


def _left(
    rng: random.Random,
    sim: Simulation,
    urn: str,
    urns: list[str],
    year: AcademicYear,
    pupil: dict[str, Any],
) -> dict[str, Any] | None:
    """Any other exit: house moves, transfers, home education, managed moves..."""
    census = spring_census_date(year).date
    year_group = pupil["year_group"]
    rate = _exit_rate(year_group) - PERMANENT_EXCLUSION_RATE
    strength = sim.injected.get(urn, 1.0) if year_group in ("10", "11") else 1.0
    pre_share = (census - year.start).days / 320
    roll = rng.random()
    if roll < rate * pre_share:
        return _exit(rng, pupil, urn, urns, _school_day(rng, year.start, census))
    if roll < rate * pre_share * strength:
        mix = OFFROLLING_GROUNDS if sim.injection_mix == "school_routes" else GROUNDS
        day = _school_day(rng, year.start, census)
        return _exit(rng, pupil, urn, urns, day, mix)
    if rng.random() < rate * (1 - pre_share):
        end = date(year.start_year + 1, 7, 20)
        return _exit(
            rng, pupil, urn, urns, _school_day(rng, census + timedelta(1), end)
        )
    return None


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
    # An ordinary managed move is agreed; one among the injected "school routes"
    # is not (the register finds the missing consent).
    agreed = kind == "managed_move" and mix is GROUNDS
    consent: dict[str, Any] = (
        {"parental_consent": True, "receiving_agreement": True} if agreed else {}
    )
    if ground == "moved_away":
        consent["destination_known"] = True  # the new address is on the return
    return _movement(kind, pupil, urn, to_urn, day, deletion_ground=ground, **consent)


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


def _has_school_day(start: date, before: date) -> bool:
    return any(
        is_school_day(start + timedelta(days=n)) for n in range((before - start).days)
    )


def _school_day(rng: random.Random, start: date, end: date) -> date:
    while True:
        day = start + timedelta(days=rng.randint(0, (end - start).days))
        if is_school_day(day):
            return day


def envelopes(sim: Simulation) -> Iterator[EventEnvelope]:
    """The events the register would publish for the movements, without the API.

    For projecting a simulation straight into read models (tests, benchmarks):
    each movement is recorded on its effective date, keyed by a pseudonym of the
    synthetic UPN.
    """
    for position, m in enumerate(sim.movements, start=1):
        upn = m["pupil"]["upn"]
        payload = {
            "movement_id": str(uuid.uuid5(uuid.NAMESPACE_OID, m["idempotency_key"])),
            "movement_type": m["type"],
            "effective_date": m["effective_date"],
            "from_urn": m["from_urn"],
            "from_la": sim.schools[m["from_urn"]],
            "to_urn": m["to_urn"],
            "deletion_ground": m.get("deletion_ground"),
            "characteristics": {"year_group": m["pupil"]["year_group"]},
        }
        recorded = datetime.fromisoformat(m["effective_date"]).replace(tzinfo=UTC)
        yield EventEnvelope(
            event_id=str(uuid.uuid4()),
            event_type="movement_recorded",
            version=1,
            pupil_key=str(uuid.uuid5(uuid.NAMESPACE_OID, upn)),
            school_urn=m["from_urn"],
            la_code=payload["from_la"],
            effective_date=m["effective_date"],
            recorded_at=recorded.isoformat(),
            position=position,
            originator_id=str(uuid.uuid5(uuid.NAMESPACE_OID, upn)),
            originator_version=position,
            payload=payload,
        )


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
