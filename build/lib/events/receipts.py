"""What a command gives back, and what it may carry into its transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate


@dataclass(frozen=True)
class MovementReceipt:
    """What a recorded movement gives back: ids, recorded time and log position."""

    movement_id: str
    pupil_key: str
    recorded_at: datetime
    position: int | None
    replayed: bool = False
    # The lawfulness findings stored with the movement (never on a replay).
    findings: tuple[dict[str, Any], ...] = ()


# What the infrastructure writes in the same transaction as a command's events (an
# encrypted note, a first sighting's enrolment), opaque to the domain. Given the
# changed aggregate and the receipt's id, so a note can name the event it belongs to.
Attach = Callable[[Any, str], Sequence[object]]


def nothing(_aggregate: Any, _id: str) -> Sequence[object]:
    return ()


def pending_timestamp(aggregate: Aggregate) -> datetime:
    """The recorded time of the change about to be saved."""
    pending: Any = aggregate.pending_events
    timestamp: datetime = pending[-1].timestamp
    return timestamp
