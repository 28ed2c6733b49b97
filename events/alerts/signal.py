"""What an alert rule sees, and what it says when it fires.

A rule is a pure function of one recorded event and the child's record as it stood
right after it (never as it stands later, so a rebuild raises the same alerts). It
returns signals: which rule, how severe, the window that deduplicates it (a fourth
move in the window adds evidence to the open alert), and the movement ids it fired on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib.resources import files
from typing import Any

from events.envelope import EventEnvelope
from events.movement_entry import MovementEntry


class AlertSeverity(StrEnum):
    """How soon someone must look."""

    HIGH = "high"
    MEDIUM = "medium"


@dataclass(frozen=True)
class Signal:
    """One rule firing: dedupe window and evidence (movement ids)."""

    rule: str
    severity: AlertSeverity
    window: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class ChildView:
    """The event, and the child's active movements right after it, by date."""

    envelope: EventEnvelope
    movements: tuple[MovementEntry, ...]
    home_la: str | None = None

    @property
    def movement(self) -> MovementEntry | None:
        """The movement this event recorded (None for other events)."""
        movement_id = self.envelope.payload.get("movement_id")
        if self.envelope.event_type != "movement_recorded":
            return None
        return next((m for m in self.movements if m.movement_id == movement_id), None)

    def on_record(self) -> dict[str, Any]:
        """The child's characteristics as the record holds them: each the latest
        value any active movement stated. A flag recorded once stays until a later
        movement changes it; a movement that leaves it unknown does not clear it."""
        known: dict[str, Any] = {}
        for m in self.movements:  # by date
            known.update({k: v for k, v in m.characteristics.items() if v is not None})
        current = self.movement
        if current is not None:  # what the movement in hand says wins
            known.update(
                {k: v for k, v in current.characteristics.items() if v is not None}
            )
        return known


AlertRule = Callable[[ChildView], list[Signal]]


def _load() -> dict[str, Any]:
    text = files("events.alerts").joinpath("thresholds.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


THRESHOLDS = _load()
THRESHOLDS_VERSION: str = THRESHOLDS["version"]


def threshold(rule: str, name: str) -> Any:
    """A rule's configured value (thresholds.json)."""
    return THRESHOLDS[rule][name]


def acknowledge_within_hours(rule: str) -> int:
    return int(THRESHOLDS[rule]["acknowledge_within_hours"])


def in_last(
    days: int, movements: tuple[MovementEntry, ...], day: date
) -> list[MovementEntry]:
    """Movements in the `days` up to and including `day`."""
    return [m for m in movements if 0 <= (day - m.effective_date).days < days]
