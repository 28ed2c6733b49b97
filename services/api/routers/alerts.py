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
from services.api.problems import Forbidden, NotFound
from services.api.work_models import (
    AlertDecisionPublic,
    ResolutionCreate,
    SnoozeCreate,
    WebhookCreate,
    WebhookPublic,
)
from services.app.bootstrap import Container
from services.delivery.destinations import destination_policy
from services.delivery.webhooks import Webhooks

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
    cursor: Annotated[int, Query(ge=0, le=10**15)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Your alerts (cursor paged); evidence: the movement ids they fired on."""
    query = InboxQuery(
        recipients=alert_keys(principal),
        now=container.registry.clock(),
        status=status,
        rule=rule,
        severity=severity,
        school=str(URN.parse(school, field="school")) if school else None,
        after=cursor,
        limit=limit,
    )
    items, after = inbox(container.db, query)
    audit(container, principal, [i["pupil_key"] for i in items], "alerts")
    return {"data": items, "count": len(items), "next_cursor": after}


@router.get("/alerts/{alert_id}", operation_id="get_alert")
def get_alert(container: ContainerDep, principal: Recipient, alert_id: str) -> Any:
    """One alert with its recipients and every decision (audited)."""
    alert = _alert_in_scope(container, principal, alert_id)
    detail = alert_detail(container.db, str(alert.id), container.registry.clock())
    if detail is None:
        raise AlertNotFound("this alert is not in the inbox yet; retry shortly")
    audit(container, principal, [alert.pupil_key], "alert")
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


@router.post("/webhooks", status_code=201, operation_id="register_webhook")
def register_webhook(
    container: ContainerDep, principal: Recipient, body: WebhookCreate
) -> WebhookPublic:
    """Register a URL for your alerts; the signing secret is shown only now."""
    keys = alert_keys(principal)
    if not keys:
        raise Forbidden("an admin receives alerts through a recipient's webhook")
    destination_policy(container.settings)(body.url)
    hook, secret = Webhooks(container.db).register(
        keys[0], body.url, container.registry.clock()
    )
    return WebhookPublic(
        webhook_id=hook.webhook_id, owner=hook.owner, url=hook.url, secret=secret
    )


@router.get("/webhooks", operation_id="list_webhooks")
def list_webhooks(container: ContainerDep, principal: Recipient) -> dict[str, Any]:
    """Your webhooks (never their secrets)."""
    hooks = Webhooks(container.db).owned_by(list(alert_keys(principal) or ()))
    data = [vars(h) for h in hooks]
    return {"data": data, "count": len(data)}


@router.get("/webhooks/{webhook_id}/deliveries", operation_id="webhook_deliveries")
def webhook_deliveries(
    container: ContainerDep,
    principal: Recipient,
    webhook_id: str,
    status: Annotated[str | None, Query(pattern="^(pending|delivered|dead)$")] = None,
) -> dict[str, Any]:
    """Each delivery's attempts and state; `status=dead` lists the dead letters."""
    webhooks = Webhooks(container.db)
    owned = {h.webhook_id for h in webhooks.owned_by(list(alert_keys(principal) or ()))}
    if webhook_id not in owned:
        raise NotFound("no such webhook")  # as for one never registered
    data = webhooks.deliveries(webhook_id, status)
    return {"data": data, "count": len(data)}


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
        alert_id=str(alert_id), status=alert.status, position=position
    )
