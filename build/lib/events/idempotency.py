"""Idempotency keys: the first answer to a keyed command, kept as its own record.

The key itself is never stored, only a deterministic id derived from it and the
sender's scope, and a fingerprint of the request body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from events.pupil import NAMESPACE


class IdempotencyRecord(Aggregate):
    """Remembers the first answer to a command sent with an Idempotency-Key."""

    TOPIC = "pmr.idempotency"

    class Created(Aggregate.Created):
        """A keyed command was accepted."""

        TOPIC = "pmr.idempotency.created.v1"
        fingerprint: str
        movement_id: str
        pupil_key: str
        recorded_at: str

    @staticmethod
    def id_for(scope: str, key: str) -> UUID:
        """Deterministic id: the key itself is never stored, only this hash of it."""
        return uuid5(NAMESPACE, f"/idempotency/{scope}/{key}")

    @event(Created)
    def __init__(
        self,
        id: UUID,
        fingerprint: str,
        movement_id: str,
        pupil_key: str,
        recorded_at: str,
    ) -> None:
        self.fingerprint = fingerprint
        self.movement_id = movement_id
        self.pupil_key = pupil_key
        self.recorded_at = recorded_at


@dataclass(frozen=True)
class IdempotencyKey:
    """A client's key, scoped to the organisation that sent it, and the request hash."""

    scope: str
    key: str
    fingerprint: str


def record_of(
    idempotency: IdempotencyKey | None,
    movement_id: str,
    pupil_key: str,
    recorded_at: datetime,
) -> list[Aggregate]:
    """The record to save with a keyed command's first answer (none without a key)."""
    if idempotency is None:
        return []
    return [
        IdempotencyRecord(
            id=IdempotencyRecord.id_for(idempotency.scope, idempotency.key),
            fingerprint=idempotency.fingerprint,
            movement_id=movement_id,
            pupil_key=pupil_key,
            recorded_at=recorded_at.isoformat(),
        )
    ]
