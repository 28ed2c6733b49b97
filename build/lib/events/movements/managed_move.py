"""Managed move: a voluntary, agreed permanent transfer to another school.

There are no "trial" managed moves (DfE parent guidance): a placement in which the
child stays on the first roll is an off-site direction, and one sent as a trial is
recorded as one. The child leaves the first roll when registered at the new school,
so the movement is a transfer and may be recorded ahead of its completion date.
Consent and agreement are judged by events.lawfulness.managed_moves.
"""

from __future__ import annotations

from dataclasses import replace

from events.movements.base import (
    MovementRequest,
    MovementRules,
    MovementType,
    RecorderKind,
    RollEffect,
    Side,
)


def as_recorded(request: MovementRequest) -> MovementRequest:
    """A 'trial' managed move is recorded as the off-site direction it is."""
    if request.movement_type is not MovementType.MANAGED_MOVE:
        return request
    if not request.details.get("trial"):
        return request
    details = {
        k: v
        for k, v in request.details.items()
        if k not in ("parental_consent", "receiving_agreement")
    }
    return replace(
        request, movement_type=MovementType.OFF_SITE_DIRECTION, details=details
    )


RULES = MovementRules(
    movement_type=MovementType.MANAGED_MOVE,
    summary="An agreed permanent transfer between two schools.",
    recorders=frozenset(
        {RecorderKind.SCHOOL, RecorderKind.LOCAL_AUTHORITY, RecorderKind.ADMIN}
    ),
    acting_side=Side.EITHER,
    needs_from=True,
    needs_to=True,
    roll_effect=RollEffect.TRANSFERS,
    allows_future=True,
    details=frozenset({"parental_consent", "receiving_agreement", "trial"}),
)
