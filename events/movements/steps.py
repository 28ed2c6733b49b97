"""Steps of the processes that follow a movement, each recorded as its own event.

A permanent exclusion is followed by the governors' decision, perhaps an independent
review and a reconsideration, or a parent's written waiver (Suspension and permanent
exclusion guidance 2024, reference.md §2.6-2.7); a deletion for home education from a
special school needs the LA's consent first; deletions under 9(1)(h)/(i) need a joint
enquiry by school and LA; an off-site direction is reviewed. The lawfulness rules read
these steps; casework (a later issue) will drive them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from events.england_calendar import second_working_day_after
from events.errors import InvalidDate, MovementRuleViolation, RecorderNotPermitted
from events.movements.base import MovementType, Recorder, RecorderKind


class StepKind(StrEnum):
    """Every step the register records."""

    GOVERNORS_DECISION = "governors_decision"
    INDEPENDENT_REVIEW_REQUESTED = "independent_review_requested"
    INDEPENDENT_REVIEW_DECISION = "independent_review_decision"
    RECONSIDERATION = "reconsideration"
    REVIEW_WAIVED = "review_waived"
    REINSTATED = "reinstated"
    EHE_CONSENT_REQUESTED = "ehe_consent_requested"
    EHE_CONSENT_DECISION = "ehe_consent_decision"
    JOINT_ENQUIRY = "joint_enquiry"
    OFF_SITE_REVIEW_REQUESTED = "off_site_review_requested"
    OFF_SITE_REVIEW = "off_site_review"
    REPRESENTATIONS_MADE = "representations_made"
    SUSPENSION_REVIEW_DECISION = "suspension_review_decision"


SCHOOL_LA_ADMIN = frozenset(
    {RecorderKind.SCHOOL, RecorderKind.LOCAL_AUTHORITY, RecorderKind.ADMIN}
)
SCHOOL_ADMIN = frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN})
LA_ADMIN = frozenset({RecorderKind.LOCAL_AUTHORITY, RecorderKind.ADMIN})


@dataclass(frozen=True)
class StepRules:
    """One kind of step: what it follows, who records it, its possible outcomes."""

    kind: StepKind
    summary: str
    recorders: frozenset[RecorderKind]
    follows: MovementType | None = None
    outcomes: frozenset[str] = frozenset()
    # The decision is given to the parents in writing, and the law counts from it.
    gives_notice: bool = False


PE = MovementType.PERMANENT_EXCLUSION
OSD = MovementType.OFF_SITE_DIRECTION
SUSPENSION = MovementType.SUSPENSION

STEP_RULES: dict[StepKind, StepRules] = {
    r.kind: r
    for r in (
        StepRules(
            StepKind.GOVERNORS_DECISION,
            "The governing board's decision on reinstatement (within 15 school "
            "days), and when written notice of it was given.",
            SCHOOL_ADMIN,
            PE,
            frozenset({"upheld", "reinstated"}),
            gives_notice=True,
        ),
        StepRules(
            StepKind.INDEPENDENT_REVIEW_REQUESTED,
            "The parent asked for an independent review panel.",
            SCHOOL_LA_ADMIN,
            PE,
        ),
        StepRules(
            StepKind.INDEPENDENT_REVIEW_DECISION,
            "The independent review panel's decision, and when notice of it was given.",
            SCHOOL_LA_ADMIN,
            PE,
            frozenset({"upheld", "recommend_reconsideration", "quashed"}),
            gives_notice=True,
        ),
        StepRules(
            StepKind.RECONSIDERATION,
            "The governing board reconsidered after the panel (within 10 school days).",
            SCHOOL_ADMIN,
            PE,
            frozenset({"upheld", "reinstated"}),
        ),
        StepRules(
            StepKind.REVIEW_WAIVED,
            "The parent stated in writing that no review will be requested.",
            SCHOOL_LA_ADMIN,
            PE,
        ),
        StepRules(
            StepKind.REINSTATED,
            "The child was reinstated (the exclusion happened; it no longer stands).",
            SCHOOL_LA_ADMIN,
            PE,
        ),
        StepRules(
            StepKind.EHE_CONSENT_REQUESTED,
            "The school or parent asked the LA to consent to deregistration for EHE.",
            SCHOOL_LA_ADMIN,
        ),
        StepRules(
            StepKind.EHE_CONSENT_DECISION,
            "The LA's decision on consent to deregistration for home education.",
            LA_ADMIN,
            outcomes=frozenset({"granted", "refused"}),
        ),
        StepRules(
            StepKind.JOINT_ENQUIRY,
            "School and LA made reasonable enquiries and could not locate the child.",
            SCHOOL_LA_ADMIN,
        ),
        StepRules(
            StepKind.OFF_SITE_REVIEW_REQUESTED,
            "The parent asked in writing for a review of an off-site direction.",
            SCHOOL_LA_ADMIN,
            OSD,
        ),
        StepRules(
            StepKind.OFF_SITE_REVIEW,
            "The governing board reviewed an off-site direction.",
            SCHOOL_ADMIN,
            OSD,
            frozenset({"continue", "end"}),
        ),
        StepRules(
            StepKind.REPRESENTATIONS_MADE,
            "The parents made representations about a suspension to the board.",
            SCHOOL_LA_ADMIN,
            SUSPENSION,
        ),
        StepRules(
            StepKind.SUSPENSION_REVIEW_DECISION,
            "The governing board considered reinstatement after a suspension.",
            SCHOOL_ADMIN,
            SUSPENSION,
            frozenset({"upheld", "reinstated"}),
            gives_notice=True,
        ),
    )
}


@dataclass(frozen=True)
class StepRequest:
    """A step as asked for: which, when decided, about which movement or school."""

    kind: StepKind
    decided_on: date
    movement_id: str | None = None
    urn: str | None = None
    la_code: str | None = None
    outcome: str | None = None
    notice_given_on: date | None = None
    notice_by_post: bool = False


@dataclass(frozen=True)
class StepEntry:
    """A recorded step as the child's record holds it."""

    step_id: str
    kind: StepKind
    decided_on: date
    movement_id: str | None
    urn: str | None
    outcome: str | None
    notice_given_on: date | None = None
    notice_by_post: bool = False

    @property
    def notice_on(self) -> date | None:
        """When written notice counts as given: first-class post on the second
        working day after posting (2012 Regulations Sch 1 para 1(2), reg 8(3))."""
        if self.notice_given_on is None or not self.notice_by_post:
            return self.notice_given_on
        return second_working_day_after(self.notice_given_on)


@dataclass(frozen=True)
class FollowedMovement:
    """What a step needs to know of the movement it follows."""

    movement_type: MovementType
    effective_date: date
    from_urn: str | None
    from_la: str | None


def check_step(
    request: StepRequest,
    followed: FollowedMovement | None,
    recorder: Recorder,
    today: date,
) -> None:
    """Refuse a step that cannot be true: wrong movement, outcome, date or recorder."""
    rules = STEP_RULES[request.kind]
    _check_follows(rules, request, followed)
    _check_outcome(rules, request)
    _check_notice(rules, request, today)
    if request.decided_on > today:
        raise InvalidDate(
            "a step is recorded once decided, not ahead",
            field="decided_on",
            rule="decided_on_in_future",
        )
    if followed and request.decided_on < followed.effective_date:
        raise InvalidDate(
            "a step cannot be decided before the movement it follows",
            field="decided_on",
            rule="decided_on_before_movement",
        )
    _check_recorder(rules, request, recorder)


def _check_follows(
    rules: StepRules, request: StepRequest, followed: FollowedMovement | None
) -> None:
    if rules.follows is None:
        if not request.urn:
            raise MovementRuleViolation(
                f"{rules.kind} names the school it concerns",
                field="urn",
                rule="urn_required",
            )
        return
    if followed is None:
        raise MovementRuleViolation(
            f"{rules.kind} follows a {rules.follows}; name it in movement_id",
            field="movement_id",
            rule="movement_id_required",
        )
    if followed.movement_type is not rules.follows:
        raise MovementRuleViolation(
            f"{rules.kind} follows a {rules.follows}, not a {followed.movement_type}",
            field="movement_id",
            rule="step_not_applicable",
        )


def _check_outcome(rules: StepRules, request: StepRequest) -> None:
    if rules.outcomes and request.outcome not in rules.outcomes:
        allowed = ", ".join(sorted(rules.outcomes))
        raise MovementRuleViolation(
            f"{rules.kind} needs an outcome: one of {allowed}",
            field="outcome",
            rule="outcome_unknown",
        )
    if not rules.outcomes and request.outcome is not None:
        raise MovementRuleViolation(
            f"{rules.kind} has no outcome",
            field="outcome",
            rule="field_not_applicable",
        )


def _check_notice(rules: StepRules, request: StepRequest, today: date) -> None:
    if request.notice_given_on is None:
        if request.notice_by_post:
            raise MovementRuleViolation(
                "notice_by_post says how notice was given; give notice_given_on",
                field="notice_given_on",
                rule="notice_date_required",
            )
        return
    if not rules.gives_notice:
        raise MovementRuleViolation(
            f"{rules.kind} gives no written notice the law counts from",
            field="notice_given_on",
            rule="field_not_applicable",
        )
    if request.notice_given_on < request.decided_on:
        raise InvalidDate(
            "notice of a decision is given on or after the day it is made",
            field="notice_given_on",
            rule="notice_before_decision",
        )
    if request.notice_given_on > today:
        raise InvalidDate(
            "notice is recorded once given, not ahead",
            field="notice_given_on",
            rule="notice_in_future",
        )


def _check_recorder(rules: StepRules, request: StepRequest, recorder: Recorder) -> None:
    if recorder.kind not in rules.recorders:
        raise RecorderNotPermitted(
            f"a {recorder.kind} may not record {rules.kind}", field="step"
        )
    if recorder.kind is RecorderKind.SCHOOL and recorder.urn != request.urn:
        raise RecorderNotPermitted(
            "a school records steps only for its own pupils' movements", field="urn"
        )
    if recorder.kind is RecorderKind.LOCAL_AUTHORITY and (
        recorder.la_code is None or recorder.la_code != request.la_code
    ):
        raise RecorderNotPermitted(
            "an LA records steps only for schools in its area", field="urn"
        )
