"""Restrictions and objections (UK GDPR arts 18, 21), recorded by the controller
on a child's stream; every onward use the law does not require leaves the child out
while one is in force (events.processing_limits)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from events.processing_limits import PURPOSES
from services.access.scopes import actor_for
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require

router = APIRouter(prefix="/v1", tags=["rights"])
Controller = Annotated[Principal, Depends(require(Role.ADMIN))]


class ProcessingLimitCreate(BaseModel):
    """A restriction or objection the controller has received."""

    model_config = ConfigDict(extra="forbid")
    kind: str = Field(description="restriction (art. 18) or objection (art. 21)")
    grounds: str = Field(
        max_length=40,
        description="accuracy_contested, unlawful_processing, needed_for_legal_claim, "
        "objection_pending (restriction); particular_situation (objection)",
    )


class ProcessingLimitLift(BaseModel):
    """Why a restriction or objection ends."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(
        max_length=40,
        description="accuracy_verified, request_withdrawn, "
        "compelling_grounds_override, legal_claim_concluded",
    )


@router.post(
    "/pupils/{pupil_key}/processing-limits",
    status_code=201,
    operation_id="limit_processing",
)
def limit_processing(
    container: ContainerDep,
    principal: Controller,
    pupil_key: str,
    body: ProcessingLimitCreate,
) -> dict[str, Any]:
    """Record a restriction or objection: onward uses the law does not require stop."""
    receipt = container.registry.limit_processing(
        pupil_key, body.kind, body.grounds, actor_for(principal)
    )
    container.follower.wake()
    return {"pupil_key": pupil_key, "kind": body.kind, "position": receipt.position}


@router.post(
    "/pupils/{pupil_key}/processing-limits/{kind}/lifting",
    status_code=201,
    operation_id="lift_processing_limit",
)
def lift_processing_limit(
    container: ContainerDep,
    principal: Controller,
    pupil_key: str,
    kind: str,
    body: ProcessingLimitLift,
) -> dict[str, Any]:
    """Record that a restriction or objection has ended, and why."""
    receipt = container.registry.lift_processing_limit(
        pupil_key, kind, body.reason, actor_for(principal)
    )
    container.follower.wake()
    return {"pupil_key": pupil_key, "kind": kind, "position": receipt.position}


@router.get("/purposes", operation_id="list_purposes")
def list_purposes(principal: Controller) -> list[dict[str, Any]]:
    """Every onward use's purpose, its lawful basis, and whether it continues for a
    child with a restriction or objection in force."""
    return [
        {
            "code": p.code,
            "description": p.description,
            "lawful_basis": p.lawful_basis,
            "continues_when_limited": p.continues_when_limited,
        }
        for p in PURPOSES.values()
    ]
