"""One movement as the child's record now reads, and how corrections change it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from events.movements import MovementRequest, MovementType
from events.movements.correction import Amendment
from events.movements.roll_deletion import regulations_for


@dataclass(frozen=True)
class MovementEntry:
    """One movement as the child's record now reads (corrections applied)."""

    movement_id: str
    movement_type: MovementType
    effective_date: date
    from_urn: str | None
    to_urn: str | None
    from_la: str | None
    to_la: str | None
    deletion_ground: str | None
    reasons: tuple[str, ...]
    days: float | None
    regulations: str | None = None
    withdrawn: bool = False
    # Recorded against the wrong child: it gives its schools no scope over this one.
    wrong_pupil: bool = False

    def as_request(self) -> MovementRequest:
        return MovementRequest(
            movement_type=self.movement_type,
            effective_date=self.effective_date,
            from_urn=self.from_urn,
            to_urn=self.to_urn,
            from_la=self.from_la,
            to_la=self.to_la,
            deletion_ground=self.deletion_ground,
            reasons=self.reasons,
            days=self.days,
        )


def amend(entry: MovementEntry, amendment: Amendment) -> MovementEntry:
    changes = {
        name: value
        for name, value in vars(amendment).items()
        if value is not None and name != "to_la"
    }
    if amendment.to_urn is not None:
        changes["to_la"] = amendment.to_la
    if "reasons" in changes:
        changes["reasons"] = tuple(changes["reasons"])
    amended = replace(entry, **changes)
    if amended.deletion_ground:  # a date moved across 19 Aug 2024 changes the Regs
        amended = replace(amended, regulations=regulations_for(amended.effective_date))
    return amended


def changes_between(before: MovementEntry, after: MovementEntry) -> dict[str, Any]:
    """Only the fields that differ, in event-friendly types."""
    out: dict[str, Any] = {}
    names = (
        "effective_date",
        "days",
        "deletion_ground",
        "regulations",
        "to_urn",
        "to_la",
    )
    for name in names:
        if getattr(before, name) != getattr(after, name):
            out[name] = getattr(after, name)
    if before.reasons != after.reasons:
        out["reasons"] = list(after.reasons)
    if "effective_date" in out:
        out["effective_date"] = after.effective_date.isoformat()
    return out


def apply_changes(entry: MovementEntry, changes: dict[str, Any]) -> MovementEntry:
    values = dict(changes)
    if "effective_date" in values:
        values["effective_date"] = date.fromisoformat(values["effective_date"])
    if "reasons" in values:
        values["reasons"] = tuple(values["reasons"])
    return replace(entry, **values)
