"""Checks across the movements already on a child's record."""

from __future__ import annotations

from collections.abc import Iterable

from events.errors import DuplicateMovement, MovementRuleViolation
from events.movement_entry import MovementEntry
from events.movements import MovementRequest, MovementType


def check_not_duplicate(
    active: Iterable[MovementEntry], request: MovementRequest
) -> None:
    """The same act sent twice without an Idempotency-Key is one movement."""
    for entry in active:
        if entry.same_act_as(request):
            raise DuplicateMovement(
                f"this movement is already recorded as {entry.movement_id}",
                movement_id=entry.movement_id,
            )


def check_nothing_depends_on(
    entry: MovementEntry, others: Iterable[MovementEntry]
) -> None:
    """An exclusion with a 9(1)(o) deletion resting on it is withdrawn after it."""
    if entry.movement_type is not MovementType.PERMANENT_EXCLUSION:
        return
    for other in others:
        if (
            other.deletion_ground == "permanently_excluded"
            and other.from_urn == entry.from_urn
        ):
            raise MovementRuleViolation(
                "a 9(1)(o) deletion rests on this exclusion; withdraw it first",
                field="movement_id",
                rule="movement_has_dependants",
            )
