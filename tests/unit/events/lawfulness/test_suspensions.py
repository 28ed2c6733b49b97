"""The 45-day yearly limit (breach) and the 5- and 15-day term triggers (concerns)."""

from __future__ import annotations

from datetime import date

import pytest

from events.movements import MovementRequest, MovementType, PupilFacts
from tests.builders import a_movement
from tests.unit.events.lawfulness.helpers import rules_broken

AUTUMN_DAY = date(2025, 11, 3)


def suspension(days: float) -> MovementRequest:
    return a_movement(MovementType.SUSPENSION, days=days, effective_date=AUTUMN_DAY)


def facts(year: float = 0.0, term: float = 0.0) -> PupilFacts:
    return PupilFacts(
        suspension_days_by_year={"2025-26": year},
        suspension_days_by_term={"2025-26 autumn": term},
    )


@pytest.mark.parametrize(
    ("already", "days", "breach"), [(40, 5, False), (40, 5.5, True)]
)
def test_suspensions_past_45_days_in_a_year_are_a_breach(
    already: float, days: float, breach: bool
) -> None:
    broken = rules_broken(suspension(days), facts(year=already))

    assert ("suspension.year_limit_45_days" in broken) is breach


def test_every_suspension_past_the_limit_is_a_breach() -> None:
    broken = rules_broken(suspension(1), facts(year=46))

    assert "suspension.year_limit_45_days" in broken


@pytest.mark.parametrize(
    ("already", "days", "expected"),
    [
        (3, 2, []),
        (3, 2.5, ["suspension.term_over_5_days"]),
        (6, 1, []),  # already past 5: the trigger fired before
        (14, 1, []),
        (14, 1.5, ["suspension.term_over_15_days"]),
        (3, 13, ["suspension.term_over_5_days", "suspension.term_over_15_days"]),
    ],
)
def test_term_triggers_are_concerns_when_crossed(
    already: float, days: float, expected: list[str]
) -> None:
    broken = rules_broken(suspension(days), facts(year=already, term=already))

    assert [r for r in broken if r.startswith("suspension.term")] == expected
