"""The Pupil aggregate: one event stream per child, keyed by the pseudonymous pupil_key.

Public command methods check the rules (events.movements) and compute what the event
carries; the private `@event` methods only assign state, so rules that change with
the law never re-run on old events.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from events import pupil_events
from events.errors import (
    MovementRuleViolation,
)
from events.lawfulness import Finding, LawInForce, Situation, judge
from events.movement_entry import (
    MovementEntry,
    amend,
    apply_changes,
    changes_between,
    establishment_details,
    placement_details,
)
from events.movements import (
    MOVEMENT_TYPES,
    MovementRequest,
    MovementType,
    Recorder,
    validate,
)
from events.movements.common import check_recorder
from events.movements.correction import (
    Amendment,
    check_amendment,
    check_correction_reason,
)
from events.movements.managed_move import as_recorded
from events.movements.roll_deletion import regulations_for
from events.movements.steps import (
    StepEntry,
    StepKind,
    StepRequest,
    check_step,
)
from events.movements.suspension_runs import run_details
from events.processing_limits import ARTICLES, check_lift, check_limit
from events.pupil_queries import PupilQueries
from events.record_checks import check_not_duplicate, check_nothing_depends_on

NAMESPACE = UUID("6f1c8a52-3d0e-4b8e-9a57-0c2f1e4d7b10")
LAW = LawInForce()  # the shipped commencement dates; the Registry may pass others


class Pupil(PupilQueries, Aggregate):
    """A child's movements between schools, and the invariants across them."""

    TOPIC = "pmr.pupil"

    class Created(Aggregate.Created):
        """The register saw this child for the first time and issued a pupil_key."""

        TOPIC = "pmr.pupil.opened.v1"
        pupil_key: str

    # The stream's events live in events.pupil_events; named here as the library
    # and readers expect (Pupil.MovementRecorded ...).
    MovementRecorded = pupil_events.MovementRecorded
    StepRecorded = pupil_events.StepRecorded
    HomeLaRecorded = pupil_events.HomeLaRecorded
    MovementCorrected = pupil_events.MovementCorrected
    MovementWithdrawn = pupil_events.MovementWithdrawn
    Erased = pupil_events.Erased
    ProcessingLimited = pupil_events.ProcessingLimited
    ProcessingLimitLifted = pupil_events.ProcessingLimitLifted

    @staticmethod
    def create_id(pupil_key: str) -> UUID:
        """Deterministic stream id: retries and first sightings converge."""
        return uuid5(NAMESPACE, f"/pupils/{pupil_key}")

    @event(Created)
    def __init__(self, pupil_key: str, timestamp: datetime | None = None) -> None:
        self.pupil_key = pupil_key
        self.movements: dict[str, MovementEntry] = {}
        self.steps: list[StepEntry] = []
        self.home_la: str | None = None
        self.erased = False
        # Restrictions and objections in force: kind -> since (ISO date).
        self.processing_limits: dict[str, str] = {}

    # --- commands -------------------------------------------------------------

    def record_movement(
        self,
        movement_id: str,
        request: MovementRequest,
        recorder: Recorder,
        today: date,
        at: datetime | None = None,
        law: LawInForce = LAW,
    ) -> list[Finding]:
        """Refuse what cannot be true; record the rest with the law it breaks.

        `at` is the recorded time (the register's clock); the library's is the default.
        """
        if movement_id in self.movements:
            raise MovementRuleViolation(
                "this movement is already recorded",
                field="movement_id",
                rule="movement_duplicate",
            )
        request = self._where_the_child_lives(as_recorded(request))
        findings = self.judge(request, recorder, today, law)
        if request.home_la and request.home_la != self.home_la:
            self._record_home_la(
                pupil_key=self.pupil_key,
                la_code=request.home_la,
                effective_date=request.effective_date,
                recorded_by=recorder.as_dict(),
                timestamp=at,
            )
        rules = MOVEMENT_TYPES[request.movement_type]
        ground = request.deletion_ground or rules.implied_ground
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
            regulations=regulations_for(request.effective_date) if ground else None,
            reasons=list(request.reasons),
            days=request.days,
            characteristics=dict(request.characteristics),
            recorded_by=recorder.as_dict(),
            details={
                **request.details,
                **rules.derive(request),
                **establishment_details(request.from_establishment),
                **placement_details(request),
                **run_details(self.facts().suspensions, request, law.calendar_for),
            },
            findings=[f.as_dict() for f in findings],
            rules_version=law.rules_version(request.effective_date),
            timestamp=at,
        )
        return findings

    def judge(
        self,
        request: MovementRequest,
        recorder: Recorder,
        today: date,
        law: LawInForce = LAW,
    ) -> list[Finding]:
        """Validity first (refused), then lawfulness (findings); records nothing."""
        request = self._where_the_child_lives(as_recorded(request))
        facts = self.facts()
        validate(request, facts, recorder, today)
        check_not_duplicate(self._active_in_date_order(None), request)
        return judge(Situation(request, facts, today), law)

    def record_step(
        self,
        step_id: str,
        request: StepRequest,
        recorder: Recorder,
        today: date,
        at: datetime | None = None,
    ) -> None:
        """Record a step of the process that follows a movement (or a school's)."""
        followed = self._followed(request.movement_id)
        if followed is not None:
            request = replace(request, urn=followed.from_urn, la_code=followed.from_la)
        check_step(request, followed, recorder, today)
        self._record_step(
            pupil_key=self.pupil_key,
            step_id=step_id,
            step=request.kind.value,
            decided_on=request.decided_on,
            movement_id=request.movement_id,
            urn=request.urn,
            la_code=request.la_code,
            outcome=request.outcome,
            recorded_by=recorder.as_dict(),
            notice_given_on=request.notice_given_on,
            notice_by_post=request.notice_by_post,
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
        law: LawInForce = LAW,
    ) -> list[Finding]:
        """Re-check and re-judge the corrected movement as if new; record the change
        with the findings of the movement as corrected."""
        entry = self._active(movement_id)
        check_correction_reason(reason_code)
        check_amendment(amendment)
        corrected = amend(entry, amendment).as_request()
        facts = self.facts(excluding=movement_id)
        validate(corrected, facts, recorder, today)
        recorded_on = entry.recorded_on or today  # lateness is the first report's
        findings = judge(Situation(corrected, facts, recorded_on), law)
        self._correct_movement(
            pupil_key=self.pupil_key,
            movement_id=movement_id,
            changes=changes_between(entry, amend(entry, amendment)),
            reason_code=reason_code,
            recorded_by=recorder.as_dict(),
            findings=[f.as_dict() for f in findings],
            rules_version=law.rules_version(corrected.effective_date),
            timestamp=at,
        )
        return findings

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
        check_nothing_depends_on(entry, self._active_in_date_order(entry.movement_id))
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
        details: dict[str, Any],
        findings: list[dict[str, Any]],
        rules_version: str | None,
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
            characteristics=characteristics,
            details=details,
            recorded_on=timestamp.date() if timestamp else None,
        )

    def erase(self, reason: str, by: dict[str, str | None], at: datetime) -> None:
        """Record that the child's identity is destroyed (once)."""
        if self.erased:
            raise MovementRuleViolation(
                "this child's identity is already erased",
                field="pupil_key",
                rule="already_erased",
            )
        self._erase(pupil_key=self.pupil_key, reason=reason, erased_by=by, timestamp=at)

    def limit_processing(
        self, kind: str, grounds: str, by: dict[str, str | None], at: datetime
    ) -> None:
        """Record a restriction or objection (events.processing_limits)."""
        limit = check_limit(kind, grounds)
        self._limit(
            pupil_key=self.pupil_key, kind=limit.value, grounds=grounds,
            article=ARTICLES[limit], recorded_by=by, timestamp=at,
        )  # fmt: skip

    def lift_processing_limit(
        self, kind: str, reason: str, by: dict[str, str | None], at: datetime
    ) -> None:
        """Record that a restriction or objection in force has ended."""
        limit = check_lift(kind, reason, self.processing_limits)
        self._lift(pupil_key=self.pupil_key, kind=limit.value, reason=reason,
                   recorded_by=by, timestamp=at)  # fmt: skip

    @event(ProcessingLimited)
    def _limit(self, pupil_key: str, kind: str, grounds: str, article: str,
               recorded_by: dict[str, str | None],
               timestamp: datetime | None = None) -> None:  # fmt: skip
        since = timestamp.date().isoformat() if timestamp else ""
        self.processing_limits.setdefault(kind, since)

    @event(ProcessingLimitLifted)
    def _lift(self, pupil_key: str, kind: str, reason: str,
              recorded_by: dict[str, str | None],
              timestamp: datetime | None = None) -> None:  # fmt: skip
        self.processing_limits.pop(kind, None)

    @event(Erased)
    def _erase(
        self,
        pupil_key: str,
        reason: str,
        erased_by: dict[str, str | None],
        timestamp: datetime | None = None,
    ) -> None:
        self.erased = True

    @event(HomeLaRecorded)
    def _record_home_la(
        self,
        pupil_key: str,
        la_code: str,
        effective_date: date,
        recorded_by: dict[str, str | None],
        timestamp: datetime | None = None,
    ) -> None:
        self.home_la = la_code

    @event(StepRecorded)
    def _record_step(
        self,
        pupil_key: str,
        step_id: str,
        step: str,
        decided_on: date,
        movement_id: str | None,
        urn: str | None,
        la_code: str | None,
        outcome: str | None,
        recorded_by: dict[str, str | None],
        notice_given_on: date | None = None,
        notice_by_post: bool = False,
        timestamp: datetime | None = None,
    ) -> None:
        self.steps.append(
            StepEntry(
                step_id,
                StepKind(step),
                decided_on,
                movement_id,
                urn,
                outcome,
                notice_given_on,
                notice_by_post,
            )
        )

    @event(MovementCorrected)
    def _correct_movement(
        self,
        pupil_key: str,
        movement_id: str,
        changes: dict[str, Any],
        reason_code: str,
        recorded_by: dict[str, str | None],
        findings: list[dict[str, Any]] | None,
        rules_version: str | None,
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
