"""A 9(1)(o) deletion only once the exclusion's review process has concluded."""

from __future__ import annotations

from datetime import date

import pytest

from events.lawfulness import LawInForce
from events.movements import MovementRequest, MovementType, PupilFacts
from events.movements.base import ExclusionReview
from events.school_calendar import AcademicYear
from events.term_dates import DEFAULT_CALENDAR, SchoolCalendar, TermDates
from tests.builders import SCHOOL_A, a_movement
from tests.unit.events.lawfulness.helpers import rules_broken

add_school_days = DEFAULT_CALENDAR.add_school_days
YEAR = AcademicYear.parse("2025-26")
# The LA's own term dates for the year: the same holidays as the default pattern.
LA_CALENDAR = SchoolCalendar(
    {
        YEAR: TermDates.checked(
            YEAR,
            [
                (date(2025, 9, 1), date(2025, 10, 24)),
                (date(2025, 11, 3), date(2025, 12, 19)),
                (date(2026, 1, 5), date(2026, 2, 13)),
                (date(2026, 2, 23), date(2026, 3, 27)),
                (date(2026, 4, 13), date(2026, 5, 22)),
                (date(2026, 6, 1), date(2026, 7, 23)),
            ],
        )
    },
    owner="LA 801's",
)

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


UPHELD = {
    "governors_on": GOVERNORS,
    "governors_outcome": "upheld",
    "governors_notice_on": GOVERNORS,
}
NO_NOTICE = "exclusion.notice_of_decision_not_recorded"
DEFAULT_ONLY = "exclusion.review_window_on_default_calendar"


def test_deletion_on_the_day_of_the_exclusion_is_a_breach() -> None:
    assert BEFORE in rules_broken(deletion(EXCLUDED), with_review())


def test_deletion_on_the_last_day_of_the_parents_window_is_a_breach() -> None:
    assert BEFORE in rules_broken(deletion(WINDOW_ENDS), with_review(**UPHELD))


def test_deletion_the_school_day_after_the_window_closes_is_lawful() -> None:
    after = add_school_days(WINDOW_ENDS, 1)
    law = LawInForce(calendars=lambda _la, _urn: LA_CALENDAR)

    broken = rules_broken(deletion(after), with_review(**UPHELD), after, law)
    assert broken == []


def test_on_the_default_calendar_the_day_after_the_window_is_a_concern() -> None:
    after = add_school_days(WINDOW_ENDS, 1)

    broken = rules_broken(deletion(after), with_review(**UPHELD), recorded_on=after)
    assert broken == [DEFAULT_ONLY]


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


def test_the_reviews_case_a_deletion_inside_the_window_across_half_term() -> None:
    """Board upholds on Fri 16 Oct 2026, notice the same day: the window runs to
    13 Nov (26-30 Oct is half term), so a deletion on 9 Nov is a breach."""
    decided = date(2026, 10, 16)
    facts = PupilFacts(
        excluded_from={SCHOOL_A: date(2026, 10, 5)},
        exclusion_reviews={
            SCHOOL_A: ExclusionReview(
                excluded_on=date(2026, 10, 5),
                governors_on=decided,
                governors_outcome="upheld",
                governors_notice_on=decided,
            )
        },
    )
    assert BEFORE in rules_broken(deletion(date(2026, 11, 9)), facts)
    assert BEFORE in rules_broken(deletion(date(2026, 11, 13)), facts)
    after = rules_broken(deletion(date(2026, 11, 16)), facts)
    assert BEFORE not in after and DEFAULT_ONLY in after  # no term dates loaded
    assert rules_broken(deletion(date(2026, 11, 24)), facts) == []


def test_the_window_runs_from_written_notice_not_from_the_decision() -> None:
    notice = add_school_days(GOVERNORS, 2)
    facts = with_review(**{**UPHELD, "governors_notice_on": notice})
    on = add_school_days(GOVERNORS, 16)  # past 15 from the decision, not from notice

    assert BEFORE in rules_broken(deletion(on), facts, recorded_on=on)
    later = add_school_days(notice, 16)
    assert BEFORE not in rules_broken(deletion(later), facts, recorded_on=later)


def test_with_no_notice_recorded_the_window_counts_from_the_decision_and_says_so() -> (
    None
):
    facts = with_review(governors_on=GOVERNORS, governors_outcome="upheld")
    inside, after = WINDOW_ENDS, add_school_days(WINDOW_ENDS, 1)

    assert BEFORE in rules_broken(deletion(inside), facts, recorded_on=inside)
    broken = rules_broken(deletion(after), facts, recorded_on=after)
    assert broken == [NO_NOTICE]


def test_a_waiver_before_any_board_decision_does_not_end_the_review() -> None:
    facts = with_review(waived_on=add_school_days(EXCLUDED, 1))
    on = add_school_days(EXCLUDED, 2)

    assert BEFORE in rules_broken(deletion(on), facts, recorded_on=on)


def test_the_finding_says_which_calendar_counted() -> None:
    from events.lawfulness import Situation, judge

    facts = with_review(**UPHELD)
    situation = Situation(deletion(WINDOW_ENDS), facts, WINDOW_ENDS)
    (finding,) = [f for f in judge(situation, LawInForce()) if f.rule == BEFORE]
    assert "counted on England's default calendar" in finding.message
    assert "Sch 1 para 2(1)" in finding.citation.provision
