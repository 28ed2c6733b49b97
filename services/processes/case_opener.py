"""Opens and moves on cases as movements are recorded: a follower of the event log.

It reads the store's notification log from its own tracked position, asks the domain
(events.cases.opening) what each event does to cases, does it, and then records the
position. Case ids come from what opened them, so after a crash between the two the
replay opens nothing twice; transitions that no longer apply (a case already past
that state) are skipped.
"""

from __future__ import annotations

import logging
from uuid import UUID

from events.cases.case import Case
from events.cases.opening import Action, FollowOn, Opening, actions_for
from events.cases.redating import Redating
from events.envelope import EventEnvelope
from events.errors import CaseNotFound, DomainError, PupilNotFound
from events.registry import Registry
from projections.casework.la_queue import open_cases_of
from projections.view import Database
from services.processes.log_process import LogProcess

log = logging.getLogger(__name__)
NAME = "case_opener"
REGISTER = {"kind": "register", "urn": None, "la_code": None}


class CaseOpener(LogProcess):
    """The process that turns recorded facts into casework."""

    name = NAME

    def __init__(self, registry: Registry, db: Database, batch_size: int = 500) -> None:
        super().__init__(registry, db, batch_size)
        # Cases opened in this run, not yet in the queue projection.
        self._opened: dict[tuple[str, str], list[UUID]] = {}

    def handle(self, envelope: EventEnvelope) -> bool:
        wrote = False
        for action in actions_for(envelope):
            wrote = self._act(action) or wrote
        return wrote

    def _act(self, action: Action) -> bool:
        if isinstance(action, Opening):
            return self._open(action)
        if isinstance(action, Redating):
            return self._redate(action)
        return self._follow(action)

    def _redate(self, redating: Redating) -> bool:
        wrote = False
        for case_type, source in redating.sources():
            case_id = Case.create_id(case_type, source)
            try:
                case = self.registry.get_case(case_id)
            except CaseNotFound:
                continue  # the movement opened no case of this type
            if case.opened_on != redating.effective_date:  # a replay: already done
                self.registry.redate_case(
                    case_id, redating.effective_date, redating.movement_id
                )
                wrote = True
        return wrote

    def _open(self, opening: Opening) -> bool:
        if opening.unless_on_roll and self._on_a_roll(opening.pupil_key):
            return False
        case_id = self.registry.open_case(opening, REGISTER)
        self._opened.setdefault((opening.pupil_key, opening.case_type), []).append(
            case_id
        )
        return True

    def _follow(self, follow: FollowOn) -> bool:
        ids = self._targets(follow)
        if not ids:
            return self._open(follow.otherwise) if follow.otherwise else False
        for case_id in ids:
            try:
                self.registry.transition_case(
                    case_id,
                    follow.transition,
                    REGISTER,
                    follow.decided_on,
                    follow.decision,
                )
            except DomainError as skipped:  # already past that state, or closed
                log.debug("case step skipped", extra={"rule": skipped.rule})
        return True

    def _targets(self, follow: FollowOn) -> list[UUID]:
        if follow.source is not None:
            return [Case.create_id(follow.case_type, follow.source)]
        known = {
            UUID(i) for i in open_cases_of(self.db, follow.pupil_key, follow.case_type)
        }
        fresh = self._opened.get((follow.pupil_key, follow.case_type), [])
        return sorted(known | set(fresh), key=str)

    def _on_a_roll(self, pupil_key: str) -> bool:
        try:
            return bool(self.registry.get_pupil(pupil_key).facts().on_roll)
        except PupilNotFound:
            return False
