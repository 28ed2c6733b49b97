"""The Pupil aggregate: one event stream per child, keyed by the pseudonymous pupil_key.

Public command methods check the rules (events.movements) and compute what the event
carries; the private `@event` methods only assign state, so rules that change with
the law never re-run on old events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from events.errors import (
    MovementAlreadyWithdrawn,
    MovementNotFound,
    MovementRuleViolation,
)
from events.movement_entry import (
    MovementEntry,
    amend,
    apply_changes,
    changes_between,
)
from events.movements import (
    MOVEMENT_TYPES,
    MovementRequest,
    MovementType,
    PupilFacts,
    Recorder,
    RollEffect,
    roll_after,
    validate,
)
from events.movements.common import check_recorder
from events.movements.correction import (
    Amendment,
    check_amendment,
    check_correction_reason,
)
from events.movements.roll_deletion import regulations_for
from events.school_calendar import AcademicYear

NAMESPACE = UUID("6f1c8a52-3d0e-4b8e-9a57-0c2f1e4d7b10")


class Pupil(Aggregate):
    """A child's movements between schools, and the invariants across them."""

    TOPIC = "pmr.pupil"

    class Created(Aggregate.Created):
        """The register saw this child for the first time and issued a pupil_key."""

        TOPIC = "pmr.pupil.opened.v1"
        pupil_key: str

    class MovementRecorded(Aggregate.Event):
        """A movement of any type and its effective date (recorded time: timestamp)."""

        TOPIC = "pmr.pupil.movement_recorded.v1"
        pupil_key: str
        movement_id: str
        movement_type: str
        effective_date: date
        from_urn: str | None
        to_urn: str | None
        from_la: str | None
        to_la: str | None
        deletion_ground: str | None
        regulations: str | None
        reasons: list[str]
        days: float | None
        characteristics: dict[str, Any]
        recorded_by: dict[str, str | None]

    class MovementCorrected(Aggregate.Event):
        """Fields of an earlier movement corrected; names the movement and why."""

        TOPIC = "pmr.pupil.movement_corrected.v1"
        pupil_key: str
        movement_id: str
        changes: dict[str, Any]
        reason_code: str
        recorded_by: dict[str, str | None]

    class MovementWithdrawn(Aggregate.Event):
        """An earlier movement withdrawn as wrong; names the movement and why."""

        TOPIC = "pmr.pupil.movement_withdrawn.v1"
        pupil_key: str
        movement_id: str
        reason_code: str
        recorded_by: dict[str, str | None]

    @staticmethod
    def create_id(pupil_key: str) -> UUID:
        """Deterministic stream id: retries and first sightings converge."""
        return uuid5(NAMESPACE, f"/pupils/{pupil_key}")

    @event(Created)
    def __init__(self, pupil_key: str, timestamp: datetime | None = None) -> None:
        self.pupil_key = pupil_key
        self.movements: dict[str, MovementEntry] = {}

    # --- commands -------------------------------------------------------------

    def record_movement(
        self,
        movement_id: str,
        request: MovementRequest,
        recorder: Recorder,
        today: date,
        at: datetime | None = None,
    ) -> None:
        """Check the movement against the law and this child's record, then record it.

        `at` is the recorded time (the register's clock); the library's is the default.
        """
        if movement_id in self.movements:
            raise MovementRuleViolation(
                "this movement is already recorded",
                field="movement_id",
                rule="movement_duplicate",
            )
        validate(request, self.facts(), recorder, today)
        ground = (
            request.deletion_ground
            or MOVEMENT_TYPES[request.movement_type].implied_ground
        )
        regulations = regulations_for(request.effective_date) if ground else None
        self._record_movement(
            pupil_key=self.pupil_key,
            movement_id=movement_id,
            movement_type=request.movement_type.value,
            effective_date=request.effective_date,
            from_urn=request.from_urn,
            to_urn=request.to_urn,
            from_la=request.from_la,
            to_la=request.to_la,
            deletion_ground=ground,
            regulations=regulations,
            reasons=list(request.reasons),
            days=request.days,
            characteristics=dict(request.characteristics),
            recorded_by=recorder.as_dict(),
            timestamp=at,
        )

    def correct_movement(
        self,
        movement_id: str,
        amendment: Amendment,
        reason_code: str,
        recorder: Recorder,
        today: date,
        at: datetime | None = None,
    ) -> None:
        """Re-check the corrected movement as if new, then record the change."""
        entry = self._active(movement_id)
        check_correction_reason(reason_code)
        check_amendment(amendment)
        corrected = amend(entry, amendment)
        validate(
            corrected.as_request(), self.facts(excluding=movement_id), recorder, today
        )
        self._correct_movement(
            pupil_key=self.pupil_key,
            movement_id=movement_id,
            changes=changes_between(entry, corrected),
            reason_code=reason_code,
            recorded_by=recorder.as_dict(),
            timestamp=at,
        )

    def withdraw_movement(
        self,
        movement_id: str,
        reason_code: str,
        recorder: Recorder,
        today: date,
        at: datetime | None = None,
    ) -> None:
        """Withdraw a movement recorded in error; what depends on it must go first."""
        entry = self._active(movement_id)
        check_correction_reason(reason_code)
        check_recorder(
            MOVEMENT_TYPES[entry.movement_type], entry.as_request(), recorder
        )
        self._check_nothing_depends_on(entry)
        self._withdraw_movement(
            pupil_key=self.pupil_key,
            movement_id=movement_id,
            reason_code=reason_code,
            recorded_by=recorder.as_dict(),
            timestamp=at,
        )

    # --- state changes (run again on replay; assignments only) ----------------

    @event(MovementRecorded)
    def _record_movement(
        self,
        pupil_key: str,
        movement_id: str,
        movement_type: str,
        effective_date: date,
        from_urn: str | None,
        to_urn: str | None,
        from_la: str | None,
        to_la: str | None,
        deletion_ground: str | None,
        regulations: str | None,
        reasons: list[str],
        days: float | None,
        characteristics: dict[str, Any],
        recorded_by: dict[str, str | None],
        timestamp: datetime | None = None,
    ) -> None:
        self.movements[movement_id] = MovementEntry(
            movement_id=movement_id,
            movement_type=MovementType(movement_type),
            effective_date=effective_date,
            from_urn=from_urn,
            to_urn=to_urn,
            from_la=from_la,
            to_la=to_la,
            deletion_ground=deletion_ground,
            reasons=tuple(reasons),
            days=days,
            regulations=regulations,
        )

    @event(MovementCorrected)
    def _correct_movement(
        self,
        pupil_key: str,
        movement_id: str,
        changes: dict[str, Any],
        reason_code: str,
        recorded_by: dict[str, str | None],
        timestamp: datetime | None = None,
    ) -> None:
        entry = self.movements[movement_id]
        self.movements[movement_id] = apply_changes(entry, changes)

    @event(MovementWithdrawn)
    def _withdraw_movement(
        self,
        pupil_key: str,
        movement_id: str,
        reason_code: str,
        recorded_by: dict[str, str | None],
        timestamp: datetime | None = None,
    ) -> None:
        entry = self.movements[movement_id]
        self.movements[movement_id] = replace(
            entry, withdrawn=True, wrong_pupil=reason_code == "wrong_pupil"
        )

    # --- queries --------------------------------------------------------------

    def facts(self, excluding: str | None = None) -> PupilFacts:
        """Roll state and suspension days, folded from active movements by date."""
        active = self._active_in_date_order(excluding)
        on_roll, left = roll_after(
            (e.movement_type, e.from_urn, e.to_urn) for e in active
        )
        left_on = {
            e.from_urn: e.effective_date
            for e in active
            if e.from_urn in left and MOVEMENT_TYPES[e.movement_type].leaves_roll
        }
        acted_on = {  # date order: the latest act by each school wins
            e.from_urn: e.effective_date
            for e in active
            if e.from_urn
            and MOVEMENT_TYPES[e.movement_type].roll_effect is RollEffect.CONFIRMS_FROM
        }
        excluded: dict[str, date] = {}
        for e in active:  # date order: the first exclusion from a school wins
            if e.movement_type is MovementType.PERMANENT_EXCLUSION and e.from_urn:
                excluded.setdefault(e.from_urn, e.effective_date)
        days: dict[str, float] = defaultdict(float)
        for e in active:
            if e.movement_type is MovementType.SUSPENSION and e.days:
                days[str(AcademicYear.containing(e.effective_date))] += e.days
        return PupilFacts(
            on_roll=on_roll,
            left_roll=left_on,
            acted_on_roll=acted_on,
            excluded_from=excluded,
            suspension_days_by_year=dict(days),
        )

    def schools_touched(self) -> frozenset[str]:
        """Every school any movement of this child names (scope: who had the child)."""
        urns = {u for e in self._standing() for u in (e.from_urn, e.to_urn)}
        return frozenset(u for u in urns if u)

    def las_touched(self) -> frozenset[str]:
        """Every LA whose schools any movement of this child names."""
        las = {la for e in self._standing() for la in (e.from_la, e.to_la)}
        return frozenset(la for la in las if la)

    def _standing(self) -> list[MovementEntry]:
        """Movements that give scope: all but those withdrawn as the wrong child's."""
        return [e for e in self.movements.values() if not e.wrong_pupil]

    def _active(self, movement_id: str) -> MovementEntry:
        entry = self.movements.get(movement_id)
        if entry is None:
            raise MovementNotFound(
                "no such movement on this child's record", field="movement_id"
            )
        if entry.withdrawn:
            raise MovementAlreadyWithdrawn(
                "this movement was withdrawn", field="movement_id"
            )
        return entry

    def _active_in_date_order(self, excluding: str | None) -> list[MovementEntry]:
        active = [
            e
            for e in self.movements.values()
            if not e.withdrawn and e.movement_id != excluding
        ]
        # dicts keep insertion (= recorded) order, so sort is stable on ties.
        return sorted(active, key=lambda e: e.effective_date)

    def _check_nothing_depends_on(self, entry: MovementEntry) -> None:
        if entry.movement_type is not MovementType.PERMANENT_EXCLUSION:
            return
        for other in self._active_in_date_order(excluding=entry.movement_id):
            if (
                other.deletion_ground == "permanently_excluded"
                and other.from_urn == entry.from_urn
            ):
                raise MovementRuleViolation(
                    "a 9(1)(o) deletion rests on this exclusion; withdraw it first",
                    field="movement_id",
                    rule="movement_has_dependants",
                )
