"""The Case aggregate: one stream per case, carrying the child's pupil_key.

An LA officer's work on a case never conflicts with a school's writes on the child
(different streams), and every event names the child, so the child's record still
shows each step. Ids are deterministic (case type + what opened it), so a process
that opens cases from the log opens nothing twice, however often it replays.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from events.cases.definition import Actor, CaseType
from events.errors import (
    InvalidDate,
    MovementRuleViolation,
    RecorderNotPermitted,
    TransitionNotAllowed,
)
from events.pupil import NAMESPACE


class Case(Aggregate):
    """A process about one child that an LA (and a school) works to a conclusion."""

    TOPIC = "pmr.case"

    class Created(Aggregate.Created):
        """A case was opened, by a movement, a finding or a person."""

        TOPIC = "pmr.case.opened.v1"
        case_type: str
        pupil_key: str
        state: str
        opened_on: date
        school_urn: str | None
        la_codes: list[str]
        source: str
        opened_by: dict[str, str | None]

    class Transitioned(Aggregate.Event):
        """The case moved on: who decided what, when (the rationale is in the vault)."""

        TOPIC = "pmr.case.transitioned.v1"
        pupil_key: str
        transition: str
        from_state: str
        to_state: str
        decided_on: date
        decision: str | None
        actor: dict[str, str | None]

    class Assigned(Aggregate.Event):
        """An officer took the case (an officer's reference, never a child's data)."""

        TOPIC = "pmr.case.assigned.v1"
        pupil_key: str
        assignee: str | None
        actor: dict[str, str | None]

    class Redated(Aggregate.Event):
        """The movement that opened the case was corrected to another date: the
        case opens then instead, and so do its deadlines if it has not moved on."""

        TOPIC = "pmr.case.redated.v1"
        pupil_key: str
        opened_on: date
        state_since: date
        movement_id: str

    @staticmethod
    def create_id(case_type: str, source: str) -> UUID:
        """Deterministic: the same source opens the same case, once."""
        return uuid5(NAMESPACE, f"/cases/{case_type}/{source}")

    @event(Created)
    def __init__(
        self,
        case_type: str,
        pupil_key: str,
        state: str,
        opened_on: date,
        school_urn: str | None,
        la_codes: list[str],
        source: str,
        opened_by: dict[str, str | None],
        timestamp: datetime | None = None,
    ) -> None:
        self.case_type = case_type
        self.pupil_key = pupil_key
        self.state = state
        self.state_since = opened_on
        self.opened_on = opened_on
        self.school_urn = school_urn
        self.la_codes = tuple(la_codes)
        self.assignee: str | None = None
        self.moved_on = False  # any transition yet

    # --- commands -------------------------------------------------------------

    def transition(
        self,
        case_type: CaseType,
        name: str,
        actor: dict[str, Any],
        decided_on: date,
        today: date,
        decision: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Move the case on, if its type allows this move, now, by this actor."""
        allowed = case_type.allowed_from(self.state)
        move = case_type.transition(name)
        if move is None or name not in allowed:
            raise TransitionNotAllowed(
                f"a {self.case_type} case in state {self.state} cannot '{name}'",
                state=self.state,
                allowed=case_type.open_to_people(self.state),
            )
        self._check_actor(move.actors, actor)
        _check_decision(move.decisions, decision)
        if actor["kind"] == Actor.REGISTER:  # a fact recorded late still moves it on
            decided_on = max(decided_on, self.state_since)
        _check_decided_on(decided_on, self.state_since, today)
        self._transition(
            pupil_key=self.pupil_key,
            transition=name,
            from_state=self.state,
            to_state=move.to_state,
            decided_on=decided_on,
            decision=decision,
            actor=actor,
            timestamp=at,
        )

    def redate(
        self, opened_on: date, movement_id: str, at: datetime | None = None
    ) -> bool:
        """Open on the corrected date (False: already so). The current state's
        clock moves with it only while the case is still in its first state."""
        if opened_on == self.opened_on:
            return False
        since = self.state_since if self.moved_on else opened_on
        self._redate(
            pupil_key=self.pupil_key,
            opened_on=opened_on,
            state_since=since,
            movement_id=movement_id,
            timestamp=at,
        )
        return True

    def assign(
        self, assignee: str | None, actor: dict[str, Any], at: datetime | None = None
    ) -> None:
        """Give the case to an officer (None: back to the LA's queue)."""
        self._check_actor(frozenset({Actor.LA, Actor.ADMIN}), actor)
        self._assign(
            pupil_key=self.pupil_key, assignee=assignee, actor=actor, timestamp=at
        )

    # --- state changes --------------------------------------------------------

    @event(Transitioned)
    def _transition(
        self,
        pupil_key: str,
        transition: str,
        from_state: str,
        to_state: str,
        decided_on: date,
        decision: str | None,
        actor: dict[str, str | None],
        timestamp: datetime | None = None,
    ) -> None:
        self.state = to_state
        self.state_since = decided_on
        self.moved_on = True

    @event(Redated)
    def _redate(
        self,
        pupil_key: str,
        opened_on: date,
        state_since: date,
        movement_id: str,
        timestamp: datetime | None = None,
    ) -> None:
        self.opened_on = opened_on
        self.state_since = state_since

    @event(Assigned)
    def _assign(
        self,
        pupil_key: str,
        assignee: str | None,
        actor: dict[str, str | None],
        timestamp: datetime | None = None,
    ) -> None:
        self.assignee = assignee

    # --- checks ---------------------------------------------------------------

    def _check_actor(self, actors: frozenset[Actor], actor: dict[str, Any]) -> None:
        kind = Actor(actor["kind"])
        if kind is Actor.REGISTER:
            return  # following a recorded fact whose recorder was checked then
        if kind not in actors:
            raise RecorderNotPermitted(
                f"a {kind} may not make this transition", field="transition"
            )
        if kind is Actor.SCHOOL and actor.get("urn") != self.school_urn:
            raise RecorderNotPermitted(
                "a school acts only on its own pupils' cases", field="transition"
            )
        if kind is Actor.LA and actor.get("la_code") not in self.la_codes:
            raise RecorderNotPermitted(
                "an LA acts only on cases in its area", field="transition"
            )


def _check_decision(decisions: frozenset[str], decision: str | None) -> None:
    if decisions and decision not in decisions:
        raise MovementRuleViolation(
            f"decision is one of {', '.join(sorted(decisions))}",
            field="decision",
            rule="decision_unknown",
        )


def _check_decided_on(decided_on: date, since: date, today: date) -> None:
    if decided_on > today:
        raise InvalidDate(
            "a decision is recorded once made",
            field="decided_on",
            rule="decided_in_future",
        )
    if decided_on < since:
        raise InvalidDate(
            f"the case entered its state on {since.isoformat()}, after this date",
            field="decided_on",
            rule="decided_before_state",
        )
