"""A 9(1)(o) deletion only once the exclusion's review process has concluded."""

from __future__ import annotations

from datetime import date

import pytest

from events.movements import MovementRequest, MovementType, PupilFacts
from events.movements.base import ExclusionReview
from events.school_calendar import add_school_days
from tests.builders import SCHOOL_A, a_movement
from tests.unit.events.lawfulness.helpers import rules_broken

EXCLUDED = date(2026, 1, 12)  # a Monday
GOVERNORS = date(2026, 1, 26)
WINDOW_ENDS = add_school_days(GOVERNORS, 15)
BEFORE = "exclusion.deleted_before_review_concluded"
UNRECORDED = "exclusion.review_not_recorded"


def deletion(on: date) -> MovementRequest:
    return a_movement(
        MovementType.ROLL_DELETION,
        deletion_ground="permanently_excluded",
        effective_date=on,
    )


def with_review(**steps: object) -> PupilFacts:
    review = ExclusionReview(excluded_on=EXCLUDED, **steps)  # type: ignore[arg-type]
    return PupilFacts(
        excluded_from={SCHOOL_A: EXCLUDED}, exclusion_reviews={SCHOOL_A: review}
    )


UPHELD = {"governors_on": GOVERNORS, "governors_outcome": "upheld"}


def test_deletion_on_the_day_of_the_exclusion_is_a_breach() -> None:
    assert BEFORE in rules_broken(deletion(EXCLUDED), with_review())


def test_deletion_on_the_last_day_of_the_parents_window_is_a_breach() -> None:
    assert BEFORE in rules_broken(deletion(WINDOW_ENDS), with_review(**UPHELD))


def test_deletion_the_school_day_after_the_window_closes_is_lawful() -> None:
    after = add_school_days(WINDOW_ENDS, 1)

    assert rules_broken(deletion(after), with_review(**UPHELD), recorded_on=after) == []


def test_a_written_waiver_allows_deletion_before_the_window_closes() -> None:
    on = add_school_days(GOVERNORS, 2)
    facts = with_review(**UPHELD, waived_on=add_school_days(GOVERNORS, 1))

    assert rules_broken(deletion(on), facts, recorded_on=on) == []


@pytest.mark.parametrize(
    ("review", "lawful"),
    [
        ({"review_requested_on": date(2026, 2, 2)}, False),
        (
            {
                "review_requested_on": date(2026, 2, 2),
                "review_decided_on": date(2026, 2, 20),
                "review_outcome": "upheld",
            },
            True,
        ),
        (
            {
                "review_requested_on": date(2026, 2, 2),
                "review_decided_on": date(2026, 2, 20),
                "review_outcome": "quashed",
            },
            False,
        ),
        (
            {
                "review_requested_on": date(2026, 2, 2),
                "review_decided_on": date(2026, 2, 20),
                "review_outcome": "quashed",
                "reconsidered_on": date(2026, 3, 2),
                "reconsideration_outcome": "upheld",
            },
            True,
        ),
    ],
)
def test_after_a_review_request_deletion_waits_for_the_panel_and_reconsideration(
    review: dict[str, object], lawful: bool
) -> None:
    on = date(2026, 3, 9)

    broken = rules_broken(deletion(on), with_review(**UPHELD, **review), recorded_on=on)

    assert (BEFORE not in broken) is lawful


def test_deletion_after_reinstatement_is_a_breach() -> None:
    facts = with_review(governors_on=GOVERNORS, governors_outcome="reinstated")
    on = date(2026, 4, 20)

    assert BEFORE in rules_broken(deletion(on), facts, recorded_on=on)


def test_with_no_board_decision_recorded_a_late_deletion_is_a_concern() -> None:
    latest = add_school_days(EXCLUDED, 30)
    within, beyond = latest, add_school_days(latest, 1)

    assert BEFORE in rules_broken(deletion(within), with_review())
    broken = rules_broken(deletion(beyond), with_review(), recorded_on=beyond)
    assert UNRECORDED in broken and BEFORE not in broken


def test_deletion_on_9_1_o_without_an_exclusion_is_a_breach() -> None:
    broken = rules_broken(deletion(EXCLUDED), PupilFacts())

    assert "exclusion.deleted_without_exclusion" in broken


def test_a_deletion_on_another_ground_is_not_judged_as_an_exclusion() -> None:
    other = a_movement(MovementType.ROLL_DELETION, effective_date=EXCLUDED)

    assert rules_broken(other, with_review()) == []
