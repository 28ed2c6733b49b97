"""One movement as the child's record now reads, and how corrections change it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from events.movements import MOVEMENT_TYPES, MovementRequest, MovementType
from events.movements.base import Establishment, EstablishmentKind
from events.movements.correction import Amendment
from events.movements.roll_deletion import regulations_for

# Details the register works out itself when recording (not sent by the recorder).
DERIVED = frozenset(
    {
        "direction_kind",
        "destination_unknown",
        "from_school_kind",
        "from_school_special",
        "provider_id",
        "home_la",
        "suspension_run_started_on",
        "suspension_run_days",
    }
)


def placement_details(request: MovementRequest) -> dict[str, Any]:
    """Where provision is (a provider without a URN) and where the child lives."""
    named = {"provider_id": request.provider_id, "home_la": request.home_la}
    return {k: v for k, v in named.items() if v}


def establishment_details(school: Establishment | None) -> dict[str, Any]:
    """The kind of school left, kept in the event as it was when recorded."""
    if school is None:
        return {}
    return {
        "from_school_kind": school.kind.value,
        "from_school_special": school.special,
    }


def establishment_in(details: Mapping[str, Any]) -> Establishment | None:
    kind = details.get("from_school_kind")
    if kind is None:
        return None
    return Establishment(
        EstablishmentKind(kind), bool(details.get("from_school_special"))
    )


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
    characteristics: Mapping[str, Any] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)
    recorded_on: date | None = None
    withdrawn: bool = False
    # Recorded against the wrong child: it gives its schools no scope over this one.
    wrong_pupil: bool = False

    def same_act_as(self, request: MovementRequest) -> bool:
        """Whether a request describes this very movement again."""
        implied = MOVEMENT_TYPES[request.movement_type].implied_ground
        return (
            self.movement_type is request.movement_type
            and self.effective_date == request.effective_date
            and self.from_urn == request.from_urn
            and self.to_urn == request.to_urn
            and self.reasons == tuple(request.reasons)
            and self.days == request.days
            and self.deletion_ground == (request.deletion_ground or implied)
        )

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
            characteristics=self.characteristics,
            details={k: v for k, v in self.details.items() if k not in DERIVED},
            from_establishment=establishment_in(self.details),
            provider_id=self.details.get("provider_id"),
            home_la=self.details.get("home_la"),
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
