"""Safeguarding alerts for DSLs, LAs and virtual school heads; their webhooks."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from events.alerts.alert import Alert
from events.errors import AlertNotFound
from events.identifiers import URN
from events.receipts import Attach
from projections.casework.alerts_inbox import InboxQuery, alert_detail, inbox
from services.access.audit import audit
from services.access.scopes import actor_for_alert, alert_keys
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.work_models import (
    AlertDecisionPublic,
    ResolutionCreate,
    SnoozeCreate,
)
from services.app.bootstrap import Container

router = APIRouter(prefix="/v1", tags=["alerts"])

Recipient = Annotated[
    Principal, Depends(require(Role.DSL, Role.LA, Role.VSH, Role.ADMIN))
]


@router.get("/alerts", operation_id="list_alerts")
def list_alerts(
    container: ContainerDep,
    principal: Recipient,
    status: Annotated[
        str | None, Query(pattern="^(open|acknowledged|snoozed|resolved)$")
    ] = None,
    rule: Annotated[str | None, Query(max_length=60)] = None,
    severity: Annotated[str | None, Query(pattern="^(high|medium)$")] = None,
    school: Annotated[str | None, Query(max_length=20)] = None,
    escalation: Annotated[str | None, Query(pattern="^(none|amber|red)$")] = None,
    cursor: Annotated[int, Query(ge=0, le=10**15)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Your alerts (cursor paged); evidence: the movement ids they fired on.
    `count` is this page's; `total` every alert that matches, from the cursor on."""
    query = InboxQuery(
        recipients=alert_keys(principal),
        now=container.registry.clock(),
        status=status,
        rule=rule,
        severity=severity,
        school=str(URN.parse(school, field="school")) if school else None,
        level=escalation,
        after=cursor,
        limit=limit,
    )
    page = inbox(container.db, query)
    audit(container, principal, [i["pupil_key"] for i in page.items], "alerts")
    return {
        "data": page.items,
        "count": len(page.items),
        "total": page.total,
        "next_cursor": page.next_cursor,
    }


@router.get("/alerts/{alert_id}", operation_id="get_alert")
def get_alert(container: ContainerDep, principal: Recipient, alert_id: str) -> Any:
    """One alert with its recipients and every decision (audited)."""
    alert = _alert_in_scope(container, principal, alert_id)
    now = container.registry.clock()
    detail = alert_detail(container.db, str(alert.id), now)
    if detail is None:
        raise AlertNotFound("this alert is not in the inbox yet; retry shortly")
    audit(container, principal, [alert.pupil_key], "alert")
    # Where it stands now, from its own events: a decision just answered reads
    # back at once, before the inbox has applied it.
    snoozed = alert.snoozed_until
    detail.update(
        status=alert.shown_status(now),
        level=alert.level,
        outcome=alert.outcome,
        snoozed_until=snoozed.isoformat() if snoozed else None,
    )
    return detail


@router.post(
    "/alerts/{alert_id}/acknowledge", status_code=201, operation_id="acknowledge_alert"
)
def acknowledge(
    container: ContainerDep, principal: Recipient, alert_id: str
) -> AlertDecisionPublic:
    """Say you have seen it: stops its escalation."""
    alert = _alert_in_scope(container, principal, alert_id)
    now = container.registry.clock()
    by = actor_for_alert(principal)
    receipt = container.registry.change_alert(
        alert.id, lambda a: a.acknowledge(by, now)
    )
    return _decided(container, alert.id, receipt.position)


@router.post("/alerts/{alert_id}/snooze", status_code=201, operation_id="snooze_alert")
def snooze(
    container: ContainerDep, principal: Recipient, alert_id: str, body: SnoozeCreate
) -> AlertDecisionPublic:
    """Quiet it until a time, with a reason (stored encrypted)."""
    alert = _alert_in_scope(container, principal, alert_id)
    now, by = container.registry.clock(), actor_for_alert(principal)
    receipt = container.registry.change_alert(
        alert.id,
        lambda a: a.snooze(by, now, body.until),
        _note(container, alert, body.reason),
    )
    return _decided(container, alert.id, receipt.position)


@router.post(
    "/alerts/{alert_id}/resolve", status_code=201, operation_id="resolve_alert"
)
def resolve(
    container: ContainerDep, principal: Recipient, alert_id: str, body: ResolutionCreate
) -> AlertDecisionPublic:
    """Close it with an outcome code and a note (stored encrypted)."""
    alert = _alert_in_scope(container, principal, alert_id)
    now, by = container.registry.clock(), actor_for_alert(principal)
    receipt = container.registry.change_alert(
        alert.id,
        lambda a: a.resolve(by, now, body.outcome),
        _note(container, alert, body.note),
    )
    return _decided(container, alert.id, receipt.position)


def _note(container: Container, alert: Alert, text: str | None) -> Attach:
    """The decision's note, written with its event, named by the alert's version."""
    return container.vault.note_attachment(
        alert.pupil_key, text, lambda a, i: f"alert/{i}/{a.version}"
    )


def _alert_in_scope(container: Container, principal: Principal, raw: str) -> Alert:
    try:
        alert_id = UUID(raw)
    except ValueError:
        raise AlertNotFound("no such alert") from None
    alert = container.registry.get_alert(alert_id)
    keys = alert_keys(principal)
    if keys is not None and not set(keys) & set(alert.recipients):
        raise AlertNotFound("no such alert")  # as for an alert never raised
    return alert


def _decided(
    container: Container, alert_id: UUID, position: int | None
) -> AlertDecisionPublic:
    container.follower.wake()
    alert = container.registry.get_alert(alert_id)
    return AlertDecisionPublic(
        alert_id=str(alert_id),
        status=alert.shown_status(container.registry.clock()),
        position=position,
    )
