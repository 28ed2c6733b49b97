"""Subject access: a child (or parent) reads what is held and who has looked."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from services.access.audit import audit
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.problems import Forbidden
from services.privacy.subject_access import as_html, subject_pack

router = APIRouter(prefix="/v1/me", tags=["rights"])

Subject = Annotated[Principal, Depends(require(Role.SUBJECT))]


def _key(principal: Principal) -> str:
    if not principal.pupil_key:
        raise Forbidden("a subject token names one pupil_key")
    return principal.pupil_key


@router.get("/record", operation_id="my_record")
def my_record(container: ContainerDep, principal: Subject) -> dict[str, Any]:
    """Everything held about you, in plain words (UK GDPR art 15)."""
    key = _key(principal)
    audit(container, principal, [key], "subject_record", "subject access")
    pack = subject_pack(container, key, container.registry.clock().date())
    return {k: v for k, v in pack.items() if k != "access_log"}


@router.get("/access-log", operation_id="my_access_log")
def my_access_log(container: ContainerDep, principal: Subject) -> dict[str, Any]:
    """Who has read your record, when, and why."""
    key = _key(principal)
    entries = container.access_log.for_pupil(key)
    audit(container, principal, [key], "subject_access_log", "subject access")
    return {"data": entries, "count": len(entries)}


@router.get(
    "/export",
    operation_id="my_export",
    response_model=None,
    responses={
        200: {
            "description": "the pack as JSON, or a page with format=html",
            "content": {"application/json": {}, "text/html": {}},
        }
    },
)
def my_export(
    container: ContainerDep,
    principal: Subject,
    format: Annotated[str, Query(pattern="^(json|html)$")] = "json",
) -> Any:
    """The whole pack: machine-readable JSON, or a page to read and keep."""
    key = _key(principal)
    audit(container, principal, [key], "subject_export", "subject access")
    pack = subject_pack(container, key, container.registry.clock().date())
    if format == "html":
        return HTMLResponse(as_html(pack))
    return pack
