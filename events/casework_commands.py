"""The Registry's commands on the aggregates about one child other than its own
stream: casework (cases) and safeguarding alerts. A mixin of `events.registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from events.alerts.alert import Alert
from events.cases import CASE_TYPES
from events.cases.case import Case
from events.cases.opening import Opening
from events.errors import AlertNotFound, CaseNotFound
from events.receipts import Attach, MovementReceipt, nothing, pending_timestamp

if TYPE_CHECKING:
    from eventsourcing.application import Repository

_Child = TypeVar("_Child", Case, Alert)  # aggregates about one child


class CaseworkCommands:
    """Open, move on and assign cases; acknowledge, snooze and resolve alerts."""

    repository: Repository[UUID]
    clock: Callable[[], datetime]

    def _today(self) -> date:
        raise NotImplementedError

    def _attempts(self) -> Iterator[int]:
        raise NotImplementedError

    def _try_save(
        self, *aggregates: Aggregate, side_writes: Sequence[object] = ()
    ) -> int | None:
        raise NotImplementedError

    def open_case(
        self,
        opening: Opening,
        opened_by: dict[str, str | None],
        attach: Attach = nothing,
    ) -> UUID:
        """Open a case unless one was already opened from the same source."""
        case_type = CASE_TYPES[opening.case_type]
        case = Case(
            case_type=opening.case_type,
            pupil_key=opening.pupil_key,
            state=opening.state or case_type.initial_state,
            opened_on=opening.opened_on,
            school_urn=opening.school_urn,
            la_codes=list(opening.la_codes),
            source=opening.source,
            opened_by=opened_by,
            timestamp=self.clock(),
        )
        # None: opened before (a replay), which is fine
        self._try_save(case, side_writes=attach(case, str(case.id)))
        return case.id

    def transition_case(
        self,
        case_id: UUID,
        name: str,
        actor: dict[str, str | None],
        decided_on: date,
        decision: str | None = None,
        attach: Attach = nothing,
    ) -> MovementReceipt:
        """Move a case on, as its type allows."""
        return self._update_case(
            case_id,
            lambda c: c.transition(
                CASE_TYPES[c.case_type],
                name,
                actor,
                decided_on,
                self._today(),
                decision,
                self.clock(),
            ),
            attach,
        )

    def assign_case(
        self, case_id: UUID, assignee: str | None, actor: dict[str, str | None]
    ) -> MovementReceipt:
        """Give a case to an officer, or back to the queue."""
        return self._update_case(
            case_id, lambda c: c.assign(assignee, actor, self.clock())
        )

    def redate_case(
        self, case_id: UUID, opened_on: date, movement_id: str
    ) -> MovementReceipt:
        """Open a case on its movement's corrected date (the caller checks it is
        not already so)."""

        def redate(case: Case) -> None:
            case.redate(opened_on, movement_id, self.clock())

        return self._update_case(case_id, redate)

    def record(self, *aggregates: Aggregate) -> int | None:
        """Save new events atomically; None when another writer got there first."""
        return self._try_save(*aggregates)

    def get_case(self, case_id: UUID) -> Case:
        """The case, or CaseNotFound."""
        try:
            case: Case = self.repository.get(case_id)
        except AggregateNotFoundError:
            raise CaseNotFound("no such case") from None
        if not isinstance(case, Case):
            raise CaseNotFound("no such case")
        return case

    def _update_case(
        self, case_id: UUID, change: Callable[[Case], None], attach: Attach = nothing
    ) -> MovementReceipt:
        return self._retrying(case_id, self.get_case, change, attach)

    def get_alert(self, alert_id: UUID) -> Alert:
        """The alert, or AlertNotFound."""
        try:
            alert: Alert = self.repository.get(alert_id)
        except AggregateNotFoundError:
            raise AlertNotFound("no such alert") from None
        if not isinstance(alert, Alert):
            raise AlertNotFound("no such alert")
        return alert

    def change_alert(
        self,
        alert_id: UUID,
        change: Callable[[Alert], None],
        attach: Attach = nothing,
    ) -> MovementReceipt:
        """Acknowledge, snooze or resolve an alert (retried on a concurrent writer)."""
        return self._retrying(alert_id, self.get_alert, change, attach)

    def _retrying(
        self,
        aggregate_id: UUID,
        load: Callable[[UUID], _Child],
        change: Callable[[_Child], None],
        attach: Attach = nothing,
    ) -> MovementReceipt:
        for _ in self._attempts():
            aggregate = load(aggregate_id)
            change(aggregate)
            recorded_at = pending_timestamp(aggregate)
            writes = attach(aggregate, str(aggregate_id))
            if (position := self._try_save(aggregate, side_writes=writes)) is not None:
                return MovementReceipt(
                    str(aggregate_id), aggregate.pupil_key, recorded_at, position
                )
        raise AssertionError("unreachable")  # pragma: no cover
