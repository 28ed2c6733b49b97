"""Permanent exclusion: the child stays on roll until the review process concludes.

The governing board considers reinstatement within 15 school days of the exclusion;
the parents have 15 school days from being notified of its decision to ask for an
independent review; after a panel's recommendation or quashing, the board reconsiders
within 10 school days. Deletion on reg 9(1)(o) only once that has run, or after the
parent's written waiver (2012 Regulations regs 6-7, 2024 guidance; Pupil Registration
Regulations 2024 reg 9(1)(o); law-2026.md).
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
from events.school_calendar import add_school_days

GOVERNORS_SCHOOL_DAYS = 15
REVIEW_WINDOW_SCHOOL_DAYS = 15
PE_GROUND = "permanently_excluded"
NO_DECISION = "no governing board decision on reinstatement is recorded"

REG_9_1_O = Citation(
    "School Attendance (Pupil Registration) (England) Regulations 2024",
    "reg 9(1)(o)",
    f"{LEGISLATION}/uksi/2024/208/regulation/9",
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


def _review_not_concluded(s: Situation) -> str | None:
    review = s.facts.exclusion_reviews.get(s.request.from_urn or "")
    if not _is_pe_deletion(s) or review is None:
        return None
    return why_not_concluded(review, s.request.effective_date)


def why_not_concluded(review: ExclusionReview, on: date) -> str | None:
    """Why the review process had not concluded on that day, or None if it had."""
    if review.reinstated_on and review.reinstated_on <= on:
        return "the child was reinstated; the exclusion no longer stands"
    for outcome, decided in (
        (review.governors_outcome, review.governors_on),
        (review.reconsideration_outcome, review.reconsidered_on),
    ):
        if outcome == "reinstated" and decided and decided <= on:
            return "the governing board reinstated the child"
    if review.waived_on and review.waived_on <= on:
        return None
    if review.governors_on is None or review.governors_on > on:
        return NO_DECISION
    if review.review_requested_on and review.review_requested_on <= on:
        return _after_panel(review, on)
    window_ends = add_school_days(review.governors_on, REVIEW_WINDOW_SCHOOL_DAYS)
    if on <= window_ends:
        return (
            "the parents' window to ask for an independent review runs to "
            f"{window_ends.isoformat()}, and no written waiver is recorded"
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


def _no_governors_decision(s: Situation) -> str | None:
    """Not a breach yet: the school may not have told the register of the board."""
    review = s.facts.exclusion_reviews.get(s.request.from_urn or "")
    if not _is_pe_deletion(s) or review is None or review.governors_on:
        return None
    latest_window_end = add_school_days(
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
        rule="exclusion.review_not_recorded",
        severity=Severity.CONCERN,
        summary="A 9(1)(o) deletion more than 30 school days after the exclusion, "
        "with no governing board decision recorded.",
        citation=REG_9_1_O,
        applies_to=DELETION,
        judge=_no_governors_decision,
    ),
)
