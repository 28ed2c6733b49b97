"""Every movement type the register knows, each with its rules in one module."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from events.movements import (
    admission,
    fair_access,
    home_education,
    managed_move,
    off_rolling,
    off_site_direction,
    part_time,
    permanent_exclusion,
    roll_deletion,
    safeguarding_separation,
    section19,
    suspension,
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
from events.movements.common import (
    check_dates,
    check_fields_apply,
    check_recorder,
    check_roll,
    check_schools,
)

MOVEMENT_TYPES: dict[MovementType, MovementRules] = {
    rules.movement_type: rules
    for rules in (
        permanent_exclusion.RULES,
        suspension.RULES,
        managed_move.RULES,
        off_site_direction.RULES,
        fair_access.RULES,
        section19.RULES,
        home_education.RULES,
        roll_deletion.RULES,
        off_rolling.RULES,
        admission.RULES,
        part_time.PART_TIME,
        part_time.FLEXI,
        safeguarding_separation.RULES,
    )
}


# Every detail some type's law asks about (notice_date, parental_consent, ...).
DETAIL_NAMES: frozenset[str] = frozenset().union(
    *(rules.details for rules in MOVEMENT_TYPES.values())
)

RollMove = tuple[MovementType, str | None, str | None]


def roll_after(moves: Iterable[RollMove]) -> tuple[frozenset[str], frozenset[str]]:
    """Schools the child is on roll at, and has left, after these moves."""
    on_roll: set[str] = set()
    left: set[str] = set()
    for movement_type, from_urn, to_urn in moves:
        effect = MOVEMENT_TYPES[movement_type].roll_effect
        if from_urn and effect is RollEffect.CONFIRMS_FROM:
            on_roll.add(from_urn)
            left.discard(from_urn)
        if from_urn and effect in (RollEffect.LEAVES_FROM, RollEffect.TRANSFERS):
            on_roll.discard(from_urn)
            left.add(from_urn)
        if to_urn and effect in (RollEffect.JOINS_TO, RollEffect.TRANSFERS):
            on_roll.add(to_urn)
            left.discard(to_urn)
    return frozenset(on_roll), frozenset(left)


def validate(
    request: MovementRequest, facts: PupilFacts, recorder: Recorder, today: date
) -> None:
    """Run the common checks, then the type's own; raise the first rule broken."""
    rules = MOVEMENT_TYPES[request.movement_type]
    check_schools(rules, request)
    check_recorder(rules, request, recorder)
    check_fields_apply(rules, request)
    check_dates(rules, request, today)
    rules.check(request, facts)
    check_roll(rules, request, facts)


__all__ = [
    "DETAIL_NAMES",
    "MOVEMENT_TYPES",
    "MovementRequest",
    "MovementRules",
    "MovementType",
    "PupilFacts",
    "Recorder",
    "RecorderKind",
    "RollEffect",
    "RollMove",
    "Side",
    "roll_after",
    "validate",
]
