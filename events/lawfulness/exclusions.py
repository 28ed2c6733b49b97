"""Permanent exclusion: the child stays on roll until the review process concludes.

The governing board considers reinstatement within 15 school days (School Discipline
(Pupil Exclusions and Reviews) (England) Regulations 2012 reg 6/15/24); the parents
have 15 school days after the day written notice of its decision is given to ask for
an independent review (Sch 1 para 2(1); first-class post counts as given on the
second working day after posting); after a panel's recommendation or quashing, the
board reconsiders within 10 school days of notice of it (reg 8/17/26). Deletion on
reg 9(1)(o) of the Pupil Registration Regulations 2024 only once that has run, or
after the parent's written waiver, which can only follow the board's decision: the
board's duty to consider reinstatement cannot be waived (law-review-2026-12 §1.2).
Every count is on the school's own calendar.
"""

from __future__ import annotations

from datetime import date

from events.lawfulness.finding import (
    LEGISLATION,
    Citation,
    LawRule,
    Severity,
    Situation,
)
from events.movements.base import ExclusionReview, MovementType
from events.term_dates import DEFAULT_CALENDAR, SchoolCalendar

GOVERNORS_SCHOOL_DAYS = 15
REVIEW_WINDOW_SCHOOL_DAYS = 15
# A week of holiday the default calendar may not know the school takes.
DEFAULT_CALENDAR_MARGIN = 5
PE_GROUND = "permanently_excluded"
NO_DECISION = "no governing board decision on reinstatement is recorded"

REG_9_1_O = Citation(
    "School Attendance (Pupil Registration) (England) Regulations 2024",
    "reg 9(1)(o); SI 2012/1033 Sch 1 para 2(1) (15 school days from written notice)",
    f"{LEGISLATION}/uksi/2024/208/regulation/9",
)
REVIEW_WINDOW = Citation(
    "School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012",
    "Sch 1 para 2(1): 15 school days after the day written notice of the "
    "decision is given",
    f"{LEGISLATION}/uksi/2012/1033/schedule/1",
)


def _is_pe_deletion(s: Situation) -> bool:
    return s.request.deletion_ground == PE_GROUND


def _no_exclusion(s: Situation) -> str | None:
    excluded_on = s.facts.excluded_from.get(s.request.from_urn or "")
    if not _is_pe_deletion(s) or (
        excluded_on is not None and excluded_on <= s.request.effective_date
    ):
        return None
    return (
        "deleted on ground 9(1)(o) with no permanent exclusion from this school "
        "on record on or before the deletion"
    )


def _review(s: Situation) -> ExclusionReview | None:
    if not _is_pe_deletion(s):
        return None
    return s.facts.exclusion_reviews.get(s.request.from_urn or "")


def window_ends(review: ExclusionReview, calendar: SchoolCalendar) -> date | None:
    """The last day the parents may ask for a review: 15 school days after
    written notice of the board's decision, counted from the decision itself
    where no notice is recorded (the earliest it can have been given)."""
    start = review.governors_notice_on or review.governors_on
    if start is None:
        return None
    return calendar.add_school_days(start, REVIEW_WINDOW_SCHOOL_DAYS)


def why_not_concluded(
    review: ExclusionReview, on: date, calendar: SchoolCalendar = DEFAULT_CALENDAR
) -> str | None:
    """Why the review process had not concluded on that day, or None if it had."""
    if review.reinstated_on and review.reinstated_on <= on:
        return "the child was reinstated; the exclusion no longer stands"
    for outcome, decided in (
        (review.governors_outcome, review.governors_on),
        (review.reconsideration_outcome, review.reconsidered_on),
    ):
        if outcome == "reinstated" and decided and decided <= on:
            return "the governing board reinstated the child"
    if review.governors_on is None or review.governors_on > on:
        return NO_DECISION  # a waiver cannot stand in for the board's duty
    if review.waived_on and review.governors_on <= review.waived_on <= on:
        return None
    if review.review_requested_on and review.review_requested_on <= on:
        return _after_panel(review, on)
    ends = window_ends(review, calendar)
    if ends is not None and on <= ends:
        counted = (
            "from written notice"
            if review.governors_notice_on
            else "from the decision (no date of written notice is recorded)"
        )
        return (
            "the parents' window to ask for an independent review runs to "
            f"{ends.isoformat()} ({counted}, counted on "
            f"{calendar.counted_on(ends)}), and no written waiver is recorded"
        )
    return None


def _after_panel(review: ExclusionReview, on: date) -> str | None:
    if review.review_decided_on is None or review.review_decided_on > on:
        return "an independent review was requested and has not decided"
    if review.review_outcome == "upheld":
        return None
    if review.reconsidered_on is None or review.reconsidered_on > on:
        return "the panel sent the decision back and the board has not reconsidered"
    return None


def _review_not_concluded(s: Situation) -> str | None:
    review = _review(s)
    if review is None:
        return None
    return why_not_concluded(review, s.request.effective_date, s.calendar)


def _window_open_and_unsettled(s: Situation) -> ExclusionReview | None:
    """A review whose window has run, with no waiver or review request to end it."""
    review = _review(s)
    on = s.request.effective_date
    if review is None or _review_not_concluded(s) is not None:
        return None
    if review.governors_on is None or review.governors_outcome != "upheld":
        return None
    if (review.waived_on and review.waived_on <= on) or (
        review.review_requested_on and review.review_requested_on <= on
    ):
        return None
    return review


def _notice_not_recorded(s: Situation) -> str | None:
    review = _window_open_and_unsettled(s)
    if review is None or review.governors_notice_on is not None:
        return None
    ends = window_ends(review, s.calendar)
    return (
        "no date of written notice of the board's decision is recorded: the "
        "parents' 15 school days run from it; counted from the decision they ended "
        f"{ends.isoformat() if ends else '?'}, so the register cannot confirm the "
        "window had run"
    )


def _window_on_default_calendar(s: Situation) -> str | None:
    review = _window_open_and_unsettled(s)
    if review is None or review.governors_notice_on is None:
        return None
    ends = window_ends(review, s.calendar)
    if ends is None or not s.calendar.is_default_for(ends):
        return None
    margin = s.calendar.add_school_days(ends, DEFAULT_CALENDAR_MARGIN)
    if s.request.effective_date > margin:
        return None
    return (
        f"the parents' window ended {ends.isoformat()} on England's default "
        "calendar; no term dates are loaded for this school or its LA, and a week's "
        "holiday the default does not know would put the deletion inside it"
    )


def _no_governors_decision(s: Situation) -> str | None:
    """Not a breach yet: the school may not have told the register of the board."""
    review = _review(s)
    if review is None or review.governors_on:
        return None
    latest_window_end = s.calendar.add_school_days(
        review.excluded_on, GOVERNORS_SCHOOL_DAYS + REVIEW_WINDOW_SCHOOL_DAYS
    )
    if s.request.effective_date <= latest_window_end:
        return None  # _review_not_concluded finds the breach
    return (
        "deleted on 9(1)(o) with no governing board decision recorded; the register "
        "cannot show the review process concluded"
    )


def _concluded_or_unknown(s: Situation) -> str | None:
    message = _review_not_concluded(s)
    if message is None:
        return None
    if message == NO_DECISION and _no_governors_decision(s):
        return None  # a concern, not a breach: see the rule below
    return f"deleted on 9(1)(o) before the review process concluded: {message}"


DELETION = frozenset({MovementType.ROLL_DELETION})

RULES = (
    LawRule(
        rule="exclusion.deleted_without_exclusion",
        severity=Severity.BREACH,
        summary="A 9(1)(o) deletion with no permanent exclusion from the school.",
        citation=REG_9_1_O,
        applies_to=DELETION,
        judge=_no_exclusion,
    ),
    LawRule(
        rule="exclusion.deleted_before_review_concluded",
        severity=Severity.BREACH,
        summary="A 9(1)(o) deletion before the board's decision, the parents' 15 "
        "school days to ask for a review, any review and reconsideration had run "
        "(and no written waiver), or after reinstatement.",
        citation=REG_9_1_O,
        applies_to=DELETION,
        judge=_concluded_or_unknown,
    ),
    LawRule(
        rule="exclusion.notice_of_decision_not_recorded",
        severity=Severity.CONCERN,
        summary="A 9(1)(o) deletion after a board decision with no date of written "
        "notice recorded: the parents' window runs from notice, not the decision.",
        citation=REVIEW_WINDOW,
        applies_to=DELETION,
        judge=_notice_not_recorded,
    ),
    LawRule(
        rule="exclusion.review_window_on_default_calendar",
        severity=Severity.CONCERN,
        summary="A 9(1)(o) deletion within a week of the end of the parents' window "
        "as England's default calendar counts it, with no term dates loaded.",
        citation=REVIEW_WINDOW,
        applies_to=DELETION,
        judge=_window_on_default_calendar,
    ),
    LawRule(
        rule="exclusion.review_not_recorded",
        severity=Severity.CONCERN,
        summary="A 9(1)(o) deletion more than 30 school days after the exclusion, "
        "with no governing board decision recorded.",
        citation=REG_9_1_O,
        applies_to=DELETION,
        judge=_no_governors_decision,
    ),
)
