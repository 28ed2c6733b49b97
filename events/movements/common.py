"""Checks every movement type shares: schools named, recorder, dates, roll state."""

from __future__ import annotations

from datetime import date, timedelta

from events.errors import (
    InvalidDate,
    MovementRuleViolation,
    RecorderNotPermitted,
    RollStateConflict,
)
from events.movements.base import (
    MovementRequest,
    MovementRules,
    MovementType,
    PupilFacts,
    Recorder,
    RecorderKind,
    RollEffect,
    Side,
)

# Planned starts (off-site direction, s19, managed-move completion) may lie ahead,
# but not beyond the next academic year.
MAX_PLANNED_DAYS_AHEAD = 400
# Registers keep entries six years (reg 7); older facts are accepted as late records
# within a child's school life, not before it.
MAX_YEARS_BACK = 20


def check_schools(rules: MovementRules, request: MovementRequest) -> None:
    """The schools the type needs are named, and a move is between two schools."""
    if rules.needs_from and not request.from_urn:
        raise MovementRuleViolation(
            f"{rules.movement_type} needs the school the child leaves or is at",
            field="from_urn",
            rule="from_urn_required",
        )
    if rules.needs_to and not request.to_urn:
        raise MovementRuleViolation(
            f"{rules.movement_type} needs the receiving school",
            field="to_urn",
            rule="to_urn_required",
        )
    provider = rules.uses_provider and request.provider_id
    if not (request.from_urn or request.to_urn or provider):
        raise MovementRuleViolation(
            "a movement names at least one school (or, for s19, a provider)",
            field="from_urn",
            rule="school_required",
        )
    if request.from_urn and request.from_urn == request.to_urn:
        raise MovementRuleViolation(
            "from_urn and to_urn are the same school",
            field="to_urn",
            rule="same_school",
        )


def check_recorder(
    rules: MovementRules, request: MovementRequest, recorder: Recorder
) -> None:
    """Who may record this type, and only for their own school or LA."""
    if recorder.kind not in rules.recorders:
        raise RecorderNotPermitted(
            f"a {recorder.kind} may not record {rules.movement_type}", field="type"
        )
    if recorder.kind is RecorderKind.SCHOOL:
        allowed = {
            Side.FROM: {request.from_urn},
            Side.TO: {request.to_urn},
            Side.EITHER: {request.from_urn, request.to_urn},
        }[rules.acting_side] - {None}
        if recorder.urn not in allowed:
            raise RecorderNotPermitted(
                f"a school records {rules.movement_type} only as {_side(rules)}",
                field=rules.acting_side.value
                if rules.acting_side is not Side.EITHER
                else "from_urn",
            )
    las = {request.from_la, request.to_la}
    if rules.home_la_records:
        las.add(request.home_la)
    if recorder.kind is RecorderKind.LOCAL_AUTHORITY and (
        recorder.la_code is None or recorder.la_code not in las
    ):
        raise RecorderNotPermitted(
            "an LA records movements only for schools in its area"
            + (" or children living there" if rules.home_la_records else ""),
            field="from_urn",
        )


def _side(rules: MovementRules) -> str:
    return {
        Side.FROM: "the school the child is at (from_urn)",
        Side.TO: "the receiving school (to_urn)",
        Side.EITHER: "one of the two schools",
    }[rules.acting_side]


def check_dates(rules: MovementRules, request: MovementRequest, today: date) -> None:
    """No future dates except planned starts; nothing before the child was born.

    Late records are accepted (the register must hear of a move even late) and are
    visible as backdated through the two times every event carries.
    """
    effective = request.effective_date
    if effective > today and not rules.allows_future:
        raise InvalidDate(
            f"{rules.movement_type} cannot take effect in the future",
            field="effective_date",
            rule="effective_date_in_future",
        )
    if effective > today + timedelta(days=MAX_PLANNED_DAYS_AHEAD):
        raise InvalidDate(
            "a planned start more than a year ahead is not accepted",
            field="effective_date",
            rule="effective_date_too_far_ahead",
        )
    if effective < today.replace(year=today.year - MAX_YEARS_BACK):
        raise InvalidDate(
            f"effective_date is more than {MAX_YEARS_BACK} years ago",
            field="effective_date",
            rule="effective_date_implausible",
        )
    notice = request.details.get("notice_date")
    if isinstance(notice, str) and notice > today.isoformat():
        raise InvalidDate(
            "notice_date is in the future: record the notice once given",
            field="notice_date",
            rule="notice_date_in_future",
        )
    dob = request.date_of_birth
    if dob is not None and dob > today:
        raise InvalidDate(
            "date of birth is in the future",
            field="pupil.date_of_birth",
            rule="date_of_birth_in_future",
        )
    if dob is not None and effective < dob:
        raise InvalidDate(
            "effective_date is before the child's date of birth",
            field="effective_date",
            rule="effective_date_before_birth",
        )


def check_fields_apply(rules: MovementRules, request: MovementRequest) -> None:
    """Fields another type uses are refused rather than silently dropped."""
    unused = [
        (request.reasons and not rules.uses_reasons, "reason"),
        (request.days is not None and not rules.uses_days, "days"),
        (request.deletion_ground and not rules.uses_ground, "deletion_ground"),
        (request.to_urn and not rules.uses_to, "to_urn"),
        (request.provider_id and not rules.uses_provider, "provider_id"),
    ]
    unused += [(True, name) for name in sorted(set(request.details) - rules.details)]
    for present, name in unused:
        if present:
            raise MovementRuleViolation(
                f"{name} does not apply to {rules.movement_type}",
                field=name,
                rule="field_not_applicable",
            )


def check_roll(
    rules: MovementRules, request: MovementRequest, facts: PupilFacts
) -> None:
    """A child cannot leave a roll twice, nor join a roll they are already on, nor
    be excluded or taken off roll by a school the register has never seen them at
    while they are on another school's roll."""
    leaves = rules.roll_effect in (RollEffect.LEAVES_FROM, RollEffect.TRANSFERS)
    seen_at = facts.schools_named | facts.on_roll | set(facts.left_roll)
    stranger = request.from_urn and request.from_urn not in seen_at
    ends_place = leaves or request.movement_type is MovementType.PERMANENT_EXCLUSION
    if ends_place and stranger and facts.on_roll:
        # A fact that contradicts the register cannot be true as sent (a school
        # excluding a child it never had: a planted record). The message names no
        # school: the caller learns only what its own act contradicts.
        raise RollStateConflict(
            "the register shows this child on another school's roll and never on "
            "this one; record the child's admission here first",
            field="from_urn",
            rule="not_on_this_roll",
        )
    left_on = facts.left_roll.get(request.from_urn or "")
    if leaves and left_on is not None:
        raise RollStateConflict(
            "the child has already left this school's roll",
            field="from_urn",
            rule="already_left_roll",
        )
    acted_on = facts.acted_on_roll.get(request.from_urn or "")
    if leaves and acted_on is not None and acted_on > request.effective_date:
        raise RollStateConflict(
            f"this school recorded the child on its roll on {acted_on.isoformat()}, "
            "after this date",
            field="from_urn",
            rule="not_on_roll",
        )
    # A school may report a late suspension from before the child left, not after.
    confirms = rules.roll_effect is RollEffect.CONFIRMS_FROM
    if confirms and left_on is not None and left_on <= request.effective_date:
        raise RollStateConflict(
            f"the child left this school's roll on {left_on.isoformat()}",
            field="from_urn",
            rule="not_on_roll",
        )
    joins = rules.roll_effect in (RollEffect.JOINS_TO, RollEffect.TRANSFERS)
    if joins and request.to_urn in facts.on_roll:
        raise RollStateConflict(
            "the child is already on this school's roll",
            field="to_urn",
            rule="already_on_roll",
        )


def check_dates_in_order(request: MovementRequest, *fields: str) -> None:
    """Dates of an arrangement (its end, its next review) on or after its start."""
    start = request.effective_date.isoformat()
    for name in fields:
        value = request.details.get(name)
        if not (isinstance(value, str) and value < start):
            continue
        if name == "end_date":
            raise InvalidDate(
                "end_date is before the movement starts",
                field="end_date",
                rule="end_before_start",
            )
        raise InvalidDate(
            "next_review_date is before the movement starts",
            field="next_review_date",
            rule="review_before_start",
        )
