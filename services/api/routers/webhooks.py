"""Webhooks an organisation manages: register, list, read deliveries, rotate the
secret, redeliver dead letters, delete. A webhook that is not the caller's answers
404, as one never registered does."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from services.access.scopes import alert_keys
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.problems import Forbidden, NotFound
from services.api.work_models import WebhookCreate, WebhookPublic
from services.app.bootstrap import Container
from services.delivery.destinations import destination_policy
from services.delivery.webhooks import Webhooks

router = APIRouter(prefix="/v1", tags=["alerts"])

Recipient = Annotated[
    Principal, Depends(require(Role.DSL, Role.LA, Role.VSH, Role.ADMIN))
]


class Redelivery(BaseModel):
    """Which dead letter to send again (all of the webhook's when left out)."""

    model_config = ConfigDict(extra="forbid")
    delivery_id: str | None = Field(None, max_length=64)


def _owned(container: Container, principal: Principal, webhook_id: str) -> Webhooks:
    webhooks = Webhooks(container.db)
    owned = {h.webhook_id for h in webhooks.owned_by(list(alert_keys(principal) or ()))}
    if webhook_id not in owned:
        raise NotFound("no such webhook")  # as for one never registered
    return webhooks


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
    status: Annotated[
        str | None, Query(pattern="^(pending|delivered|dead|cancelled)$")
    ] = None,
) -> dict[str, Any]:
    """Each delivery's attempts and state; `status=dead` lists the dead letters."""
    data = _owned(container, principal, webhook_id).deliveries(webhook_id, status)
    return {"data": data, "count": len(data)}


@router.post("/webhooks/{webhook_id}/secret", operation_id="rotate_webhook_secret")
def rotate_webhook_secret(
    container: ContainerDep, principal: Recipient, webhook_id: str
) -> dict[str, str]:
    """A new signing secret, shown only now; deliveries carry a signature by the
    old one too until `previous_valid_until`, so the receiver can switch over."""
    webhooks = _owned(container, principal, webhook_id)
    secret, until = webhooks.rotate(webhook_id, container.registry.clock())
    return {"secret": secret, "previous_valid_until": until.isoformat()}


@router.post("/webhooks/{webhook_id}/redeliver", operation_id="redeliver_webhook")
def redeliver_webhook(
    container: ContainerDep, principal: Recipient, webhook_id: str, body: Redelivery
) -> dict[str, int]:
    """Send dead letters again from now (one, or all of this webhook's)."""
    webhooks = _owned(container, principal, webhook_id)
    count = webhooks.redeliver(webhook_id, container.registry.clock(), body.delivery_id)
    if body.delivery_id is not None and count == 0:
        raise NotFound("no such dead letter")
    return {"redelivered": count}


@router.delete("/webhooks/{webhook_id}", status_code=204, operation_id="delete_webhook")
def delete_webhook(
    container: ContainerDep, principal: Recipient, webhook_id: str
) -> Response:
    """Stop deliveries to this webhook; its delivery history stays readable to no
    one but the operator."""
    _owned(container, principal, webhook_id).delete(webhook_id)
    return Response(status_code=204)
