"""Off-site directions: notice two school days ahead, a length; managed moves:
parents' consent and the receiving authority's agreement; a 'trial' is a direction."""

from __future__ import annotations

from datetime import date

import pytest

from events.movements import MovementRequest, MovementType
from events.movements.managed_move import as_recorded
from tests.builders import a_movement
from tests.unit.events.lawfulness.helpers import details, rules_broken

START = date(2026, 3, 4)  # a Wednesday


def direction(**detail_values: object) -> MovementRequest:
    return a_movement(
        MovementType.OFF_SITE_DIRECTION,
        effective_date=START,
        days=10,
        details=details(**detail_values),
    )


@pytest.mark.parametrize(
    ("notice", "breach"),
    [(date(2026, 3, 2), False), (date(2026, 3, 3), True), (date(2026, 2, 27), False)],
)
def test_notice_must_come_two_school_days_before_the_start(
    notice: date, breach: bool
) -> None:
    broken = rules_broken(direction(notice_date=notice))

    assert ("off_site.notice_late" in broken) is breach


def test_notice_over_a_weekend_counts_school_days() -> None:
    # Notice on Friday 27 Feb: Monday and Tuesday are the two school days.
    monday_start = a_movement(
        MovementType.OFF_SITE_DIRECTION,
        effective_date=date(2026, 3, 2),
        days=5,
        details=details(notice_date=date(2026, 2, 27)),
    )

    assert "off_site.notice_late" in rules_broken(monday_start)


def test_a_direction_without_notice_or_length_raises_concerns() -> None:
    bare = a_movement(MovementType.OFF_SITE_DIRECTION, effective_date=START)

    assert rules_broken(bare) == [
        "off_site.notice_not_recorded",
        "off_site.length_not_recorded",
    ]


def test_a_managed_move_without_consent_is_a_breach() -> None:
    move = a_movement(MovementType.MANAGED_MOVE, effective_date=START)

    assert rules_broken(move) == [
        "managed_move.no_parental_consent",
        "managed_move.no_receiving_agreement",
    ]


def test_a_managed_move_with_consent_and_agreement_is_lawful() -> None:
    move = a_movement(
        MovementType.MANAGED_MOVE,
        effective_date=START,
        details=details(parental_consent=True, receiving_agreement=True),
    )

    assert rules_broken(move) == []


def test_a_trial_managed_move_is_recorded_as_an_off_site_direction() -> None:
    trial = a_movement(
        MovementType.MANAGED_MOVE,
        effective_date=START,
        details=details(trial=True, parental_consent=True),
    )

    recorded = as_recorded(trial)

    assert recorded.movement_type is MovementType.OFF_SITE_DIRECTION
    assert "off_site.trial_managed_move" in rules_broken(trial)
