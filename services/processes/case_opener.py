"""Opens and moves on cases as movements are recorded: a follower of the event log.

It reads the store's notification log from its own tracked position, asks the domain
(events.cases.opening) what each event does to cases, does it, and then records the
position. Case ids come from what opened them, so after a crash between the two the
replay opens nothing twice; transitions that no longer apply (a case already past
that state) are skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from uuid import UUID

from events.cases.case import Case
from events.cases.opening import Action, FollowOn, Opening, actions_for
from events.errors import DomainError, PupilNotFound
from events.registry import Registry
from projections.la_queue import open_cases_of
from projections.runner import envelope_of_notification
from projections.view import Database, read_position, write_position

log = logging.getLogger(__name__)
NAME = "case_opener"
REGISTER = {"kind": "register", "urn": None, "la_code": None}


class CaseOpener:
    """The process that turns recorded facts into casework."""

    def __init__(self, registry: Registry, db: Database, batch_size: int = 500) -> None:
        self.registry = registry
        self.db = db
        self.batch_size = batch_size
        # Cases opened in this run, not yet in the queue projection.
        self._opened: dict[tuple[str, str], list[UUID]] = {}
        self.on_write: Callable[[], None] = lambda: None

    def follow(self) -> None:
        """Catch up (a log follower's listener)."""
        self.catch_up()

    def catch_up(self) -> int:
        """Act on every event after the tracked position; return how many were read."""
        total = 0
        while True:
            start = read_position(self.db, NAME) + 1
            notifications = self.registry.recorder.select_notifications(
                start=start, limit=self.batch_size
            )
            if not notifications:
                return total
            wrote = False
            for notification in notifications:
                envelope = envelope_of_notification(self.registry, notification)
                if envelope is not None:
                    for action in actions_for(envelope):
                        wrote = self._act(action) or wrote
            with self.db.transaction() as cur:
                write_position(cur, NAME, notifications[-1].id)
            total += len(notifications)
            if wrote:
                self.on_write()

    def _act(self, action: Action) -> bool:
        if isinstance(action, Opening):
            return self._open(action)
        return self._follow(action)

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
