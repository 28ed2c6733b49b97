"""Corrections and withdrawals say why, from a fixed list, and change something."""

from __future__ import annotations

from datetime import date

import pytest

from events.errors import MovementRuleViolation
from events.movements.correction import (
    CORRECTION_REASONS,
    Amendment,
    check_amendment,
    check_correction_reason,
)
from tests.builders import LA_A


@pytest.mark.parametrize("reason_code", sorted(CORRECTION_REASONS))
def test_every_listed_correction_reason_is_accepted(reason_code: str) -> None:
    check_correction_reason(reason_code)


@pytest.mark.parametrize("reason_code", ["typo", "", "Duplicate"])
def test_a_correction_reason_not_on_the_list_is_refused(reason_code: str) -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        check_correction_reason(reason_code)

    assert (refused.value.field, refused.value.rule) == (
        "reason_code",
        "correction_reason_unknown",
    )


@pytest.mark.parametrize(
    "amendment",
    [
        Amendment(effective_date=date(2026, 1, 7)),
        Amendment(reasons=("DB",)),
        Amendment(days=1.5),
        Amendment(deletion_ground="moved_away"),
        Amendment(to_urn="100002", to_la=LA_A),
    ],
)
def test_a_correction_changing_a_correctable_field_is_accepted(
    amendment: Amendment,
) -> None:
    check_amendment(amendment)


@pytest.mark.parametrize("amendment", [Amendment(), Amendment(to_la=LA_A)])
def test_a_correction_that_changes_nothing_correctable_is_refused(
    amendment: Amendment,
) -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        check_amendment(amendment)

    assert (refused.value.field, refused.value.rule) == ("changes", "correction_empty")
