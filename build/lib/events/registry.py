"""The Registry application: the register's commands, one short method each.

Every command loads the child's stream, asks the aggregate to decide, and saves with
optimistic concurrency; a conflict (another writer on the same child) is retried
from a fresh load. Idempotency keys are records saved in the same transaction.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID, uuid4, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from events.casework_commands import CaseworkCommands
from events.child_queue import ChildQueues
from events.clock import Clock, utc_now
from events.errors import (
    ConcurrencyExhausted,
    FirstSightingRaced,
    IdempotencyConflict,
    PupilNotFound,
)
from events.group_commit import GroupCommit
from events.idempotency import IdempotencyKey, IdempotencyRecord, record_of
from events.lawfulness import Finding, LawInForce
from events.movements import MovementRequest, Recorder
from events.movements.correction import Amendment
from events.movements.steps import StepRequest
from events.pupil import NAMESPACE, Pupil
from events.receipts import Attach, MovementReceipt, nothing, pending_timestamp
from events.transcodings import DateAsISO

MAX_ATTEMPTS = 60


def _anyone(_pupil: Pupil) -> None:
    """Admit every caller (the Registry trusts its caller's authorisation)."""


@dataclass(frozen=True)
class _Attempt:
    """How one movement is recorded: what it carries into its transaction, whether
    the child is first seen now, and the caller's check on the loaded record."""

    attach: Attach
    first_sighting: bool
    admit: Callable[[Pupil], None]


class Registry(CaseworkCommands, Application[UUID]):
    """Commands of the pupil movement register."""

    name = "Registry"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        clock: Clock = utc_now,
        group_commit: bool = False,
        law: LawInForce | None = None,
    ) -> None:
        super().__init__(env)
        self.clock = clock
        self.law = law or LawInForce()
        self.queues = ChildQueues()
        self.group_commit = GroupCommit(self.save) if group_commit else None

    def close(self) -> None:
        if self.group_commit:
            self.group_commit.close()
        super().close()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # --- commands -------------------------------------------------------------

    def record_movement(
        self,
        pupil_key: str,
        request: MovementRequest,
        recorder: Recorder,
        idempotency: IdempotencyKey | None = None,
        attach: Attach = nothing,
        first_sighting: bool = False,
        admit: Callable[[Pupil], None] = _anyone,
    ) -> MovementReceipt:
        """Record a movement on the child's stream (opening it at first sighting).

        At a first sighting the key is new, so nothing is loaded; a conflict then
        means another request enrolled the same child first: FirstSightingRaced, for
        the caller to find it. `admit` sees the loaded record before anything is
        decided (and may refuse), so a caller's checks need no second load.
        """
        with self.queues.turn(pupil_key):
            return self._record_in_turn(
                pupil_key,
                request,
                recorder,
                idempotency,
                _Attempt(attach, first_sighting, admit),
            )

    def _record_in_turn(
        self,
        pupil_key: str,
        request: MovementRequest,
        recorder: Recorder,
        idempotency: IdempotencyKey | None,
        how: _Attempt,
    ) -> MovementReceipt:
        movement_id = self._movement_id(idempotency)
        for _ in self._attempts():
            if idempotency and (first := self._first_answer(idempotency)):
                return first
            now = self.clock()
            if how.first_sighting:
                pupil = Pupil(pupil_key=pupil_key, timestamp=now)
            else:
                pupil = self._get_or_open(pupil_key, now)
                how.admit(pupil)
            if movement_id in pupil.movements:
                continue  # a concurrent replay of this key won: answer as it did
            findings = pupil.record_movement(
                movement_id, request, recorder, now.date(), at=now, law=self.law
            )
            recorded_at = pending_timestamp(pupil)
            extra = record_of(idempotency, movement_id, pupil.pupil_key, recorded_at)
            writes = how.attach(pupil, movement_id)
            if (position := self._try_save(pupil, *extra, side_writes=writes)) is None:
                if how.first_sighting:
                    raise FirstSightingRaced("this child was enrolled meanwhile")
                continue
            found = tuple(f.as_dict() for f in findings)
            return MovementReceipt(
                movement_id, pupil_key, recorded_at, position, findings=found
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def check_movement(
        self, pupil_key: str | None, request: MovementRequest, recorder: Recorder
    ) -> list[Finding]:
        """Validity errors (raised) and lawfulness findings, saving nothing."""
        pupil = Pupil(pupil_key="dry-run")
        if pupil_key is not None:
            pupil = self._get_or_open(pupil_key, self.clock())
        return pupil.judge(request, recorder, self._today(), self.law)

    def record_step(
        self,
        pupil_key: str,
        request: StepRequest,
        recorder: Recorder,
        attach: Attach = nothing,
    ) -> MovementReceipt:
        """Record a step of the process following a movement (a review, a consent)."""
        step_id = str(uuid4())
        return self._update(
            pupil_key,
            step_id,
            lambda p: p.record_step(
                step_id, request, recorder, self._today(), self.clock()
            ),
            attach,
        )

    def correct_movement(
        self,
        pupil_key: str,
        movement_id: str,
        amendment: Amendment,
        reason_code: str,
        recorder: Recorder,
        attach: Attach = nothing,
    ) -> MovementReceipt:
        """Record a correction of an earlier movement."""
        return self._update(
            pupil_key,
            movement_id,
            lambda p: p.correct_movement(
                movement_id,
                amendment,
                reason_code,
                recorder,
                self._today(),
                self.clock(),
                self.law,
            ),
            attach,
        )

    def withdraw_movement(
        self,
        pupil_key: str,
        movement_id: str,
        reason_code: str,
        recorder: Recorder,
        attach: Attach = nothing,
    ) -> MovementReceipt:
        """Record that an earlier movement was made in error."""
        return self._update(
            pupil_key,
            movement_id,
            lambda p: p.withdraw_movement(
                movement_id, reason_code, recorder, self._today(), self.clock()
            ),
            attach,
        )

    def erase(
        self, pupil_key: str, reason: str, by: dict[str, str | None]
    ) -> MovementReceipt:
        """Record the erasure of a child's identity on its stream."""
        return self._update(
            pupil_key, pupil_key, lambda p: p.erase(reason, by, self.clock())
        )

    def limit_processing(
        self, pupil_key: str, kind: str, grounds: str, by: dict[str, str | None]
    ) -> MovementReceipt:
        """Record a restriction (art. 18) or objection (art. 21) on the child."""
        return self._update(
            pupil_key,
            pupil_key,
            lambda p: p.limit_processing(kind, grounds, by, self.clock()),
        )

    def lift_processing_limit(
        self, pupil_key: str, kind: str, reason: str, by: dict[str, str | None]
    ) -> MovementReceipt:
        """Record that a restriction or objection has ended."""
        return self._update(
            pupil_key,
            pupil_key,
            lambda p: p.lift_processing_limit(kind, reason, by, self.clock()),
        )

    # --- queries --------------------------------------------------------------

    def get_pupil(self, pupil_key: str) -> Pupil:
        """The child's aggregate, or PupilNotFound."""
        try:
            pupil: Pupil = self.repository.get(Pupil.create_id(pupil_key))
        except AggregateNotFoundError:
            raise PupilNotFound("no record for this pupil_key") from None
        return pupil

    def max_position(self) -> int:
        """The newest notification id in the store's log (0 when empty)."""
        return self.recorder.max_notification_id() or 0

    # --- helpers --------------------------------------------------------------

    def _update(
        self,
        pupil_key: str,
        movement_id: str,
        change: Callable[[Pupil], list[Finding] | None],
        attach: Attach = nothing,
    ) -> MovementReceipt:
        with self.queues.turn(pupil_key):
            return self._update_in_turn(pupil_key, movement_id, change, attach)

    def _update_in_turn(
        self,
        pupil_key: str,
        movement_id: str,
        change: Callable[[Pupil], list[Finding] | None],
        attach: Attach,
    ) -> MovementReceipt:
        for _ in self._attempts():
            pupil = self.get_pupil(pupil_key)
            findings = change(pupil) or []
            recorded_at = pending_timestamp(pupil)
            writes = attach(pupil, movement_id)
            if (position := self._try_save(pupil, side_writes=writes)) is not None:
                found = tuple(f.as_dict() for f in findings)
                return MovementReceipt(
                    movement_id, pupil_key, recorded_at, position, findings=found
                )
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempts(self) -> Iterator[int]:
        """Attempt numbers, with jittered back-off between optimistic retries."""
        for attempt in range(MAX_ATTEMPTS):
            if attempt:
                time.sleep(random.uniform(0, min(0.05, 0.002 * attempt)))
            yield attempt
        raise ConcurrencyExhausted("too many concurrent changes to this child's record")

    def _try_save(
        self, *aggregates: Aggregate, side_writes: Sequence[object] = ()
    ) -> int | None:
        """Save atomically, with the side writes; None when another writer (or
        enrolment) got there first."""
        try:
            if self.group_commit is None:
                recordings = self.save(*aggregates, side_writes=side_writes)
            else:
                events = [e for a in aggregates for e in a.collect_events()]
                recordings = self.group_commit.submit(events, side_writes)
        except IntegrityError:
            return None
        return max(r.notification.id for r in recordings)

    def _get_or_open(self, pupil_key: str, now: datetime) -> Pupil:
        try:
            return self.get_pupil(pupil_key)
        except PupilNotFound:
            return Pupil(pupil_key=pupil_key, timestamp=now)

    def _today(self) -> date:
        return self.clock().date()

    @staticmethod
    def _movement_id(idempotency: IdempotencyKey | None) -> str:
        if idempotency is None:
            return str(uuid4())
        return str(
            uuid5(NAMESPACE, f"/movements/{idempotency.scope}/{idempotency.key}")
        )

    def _first_answer(self, idempotency: IdempotencyKey) -> MovementReceipt | None:
        try:
            record: IdempotencyRecord = self.repository.get(
                IdempotencyRecord.id_for(idempotency.scope, idempotency.key)
            )
        except AggregateNotFoundError:
            return None
        if record.fingerprint != idempotency.fingerprint:
            raise IdempotencyConflict(
                "this Idempotency-Key was used with a different request",
                field="Idempotency-Key",
            )
        return MovementReceipt(
            movement_id=record.movement_id,
            pupil_key=record.pupil_key,
            recorded_at=datetime.fromisoformat(record.recorded_at),
            position=self.max_position(),
            replayed=True,
        )
