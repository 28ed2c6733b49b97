"""missing_education_risk: a deletion whose destination is unknown (9(1)(h)/(i)), or
to a school that has not admitted the child (9(1)(a) with the child on no roll).

Basis: Education Act 1996 s436A and Children missing education statutory guidance
(2016); Pupil Registration Regulations 2024 reg 9.
"""

from __future__ import annotations

from events.alerts.signal import AlertSeverity, ChildView, Signal
from events.movements import MovementType, roll_after

RULE = "missing_education_risk"


def fire(view: ChildView) -> list[Signal]:
    current = view.movement
    if current is None or current.movement_type is not MovementType.ROLL_DELETION:
        return []
    unknown = bool(current.details.get("destination_unknown"))
    on_roll, _ = roll_after(
        (m.movement_type, m.from_urn, m.to_urn) for m in view.movements
    )
    unconfirmed = current.deletion_ground == "registered_elsewhere" and not on_roll
    if not (unknown or unconfirmed):
        return []
    return [
        Signal(RULE, AlertSeverity.HIGH, current.movement_id, (current.movement_id,))
    ]
