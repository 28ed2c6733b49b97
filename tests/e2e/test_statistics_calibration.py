"""Calibration: synthetic pupils generated at England's published 2023/24 rates
(domain reference §2.11: 11.31 suspensions per 100 pupils; persistent disruptive
behaviour 51% of suspension reasons and 39% of permanent exclusion reasons) are
loaded through the register, and the published statistics give the same table back,
up to sampling error and the disclosure control applied."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest

from events.school_calendar import AcademicYear
from projections.statistics.movement_statistics import TOTAL, movement_statistics
from services.app.bootstrap import Container, bootstrap
from services.app.config import Settings
from services.recording.importer import import_simulation
from services.simulation.rates import SUSPENSION_RATE, SUSPENSION_REASONS
from services.simulation.simulate import SimulationConfig, simulate, write

YEAR = AcademicYear(2025)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Container, int]]:
    data = tmp_path_factory.mktemp("calibration")
    settings = Settings(env="test", database_url=f"sqlite:///{data / 'c.sqlite'}")
    container = bootstrap(settings)
    sim = simulate(
        SimulationConfig(
            seed=11,
            la_codes=("801", "202", "330"),
            schools_per_la=3,
            cohort_range=(150, 200),
            offrolling_schools=0,
        )
    )
    write(sim, data / "sim")
    outcomes = import_simulation(container, data / "sim")
    assert set(outcomes) == {"recorded"}
    container.follower.catch_up()
    pupils = sum(
        sum(by_year.values()) for by_year in sim.headcounts[str(YEAR)].values()
    )
    yield container, pupils
    container.close()


def national_by_reason(container: Container) -> dict[tuple[str, str], object]:
    table = movement_statistics(
        container.db, YEAR, "national", container.schools.places(), by="reason"
    )
    return {
        (r["route"], r["group"]): r["movements"]
        for r in table["rows"]
        if r["term"] == TOTAL
    }


def test_suspensions_per_100_pupils_come_back_as_published(loaded) -> None:
    container, pupils = loaded
    published = national_by_reason(container)[("Suspension", TOTAL)]
    assert isinstance(published, int)
    expected = SUSPENSION_RATE * pupils
    tolerance = 3 * math.sqrt(expected) + 5  # Poisson noise, and rounding to 10
    assert abs(published - expected) <= tolerance, (published, expected)


def test_the_reason_mix_comes_back_as_published(loaded) -> None:
    container, _pupils = loaded
    table = national_by_reason(container)
    total = table[("Suspension", TOTAL)]
    disruptive = table[("Suspension", "DB")]
    assert isinstance(total, int) and isinstance(disruptive, int)
    share = disruptive / total
    published = dict(SUSPENSION_REASONS)["DB"]  # 0.51
    tolerance = 3 * math.sqrt(published * (1 - published) / total) + 10 / total
    assert abs(share - published) <= tolerance, (share, published)
