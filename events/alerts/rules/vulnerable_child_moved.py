"""vulnerable_child_moved: any off-roll move, home education notice, suspension of
more than 5 days, part-time timetable, flexi-schooling or safeguarding separation
for a child with an EHC plan, looked after or previously looked after, on a child
protection plan, or a child in need (with a social worker).

Basis: Keeping children safe in education 2025 (children who are absent or missing
education; looked-after and previously looked-after children); Children's Wellbeing
and Schools Act 2026 s37 for home education of children on a protection plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from events.alerts.rules.common import leaves_roll
from events.alerts.signal import AlertSeverity, ChildView, Signal, threshold
from events.movements import MovementType

RULE = "vulnerable_child_moved"
# Out of school for part of the week: informal exclusion's commonest form.
PART_OF_THE_WEEK = frozenset(
    {
        MovementType.PART_TIME_TIMETABLE,
        MovementType.FLEXI_SCHOOLING,
        MovementType.SAFEGUARDING_SEPARATION,
    }
)
FLAGS = (
    "looked_after",
    "previously_looked_after",
    "child_protection_plan",
    "child_in_need",
)


def vulnerable(characteristics: Mapping[str, Any]) -> bool:
    """EHC plan (SEN provision E) or any of the social care flags."""
    c = characteristics
    return c.get("sen_provision") == "E" or any(bool(c.get(f)) for f in FLAGS)


def fire(view: ChildView) -> list[Signal]:
    current = view.movement
    # The child's record, not only this movement's flags (a school may leave a
    # looked-after flag off the deletion).
    if current is None or not vulnerable(view.on_record()):
        return []
    long_suspension = current.movement_type is MovementType.SUSPENSION and (
        current.days or 0
    ) > threshold(RULE, "suspension_days_over")
    part_time = current.movement_type in PART_OF_THE_WEEK
    if not (leaves_roll(current) or long_suspension or part_time):
        return []
    evidence = (current.movement_id,)
    return [Signal(RULE, AlertSeverity.HIGH, current.movement_id, evidence)]
