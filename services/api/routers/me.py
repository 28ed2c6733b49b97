"""Subject access: a child (or parent) reads what is held and who has looked."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from events.cases import CASE_TYPES
from events.cases.case import Case
from events.cases.opening import Opening
from events.cases.rights_request import KINDS
from events.errors import CaseNotFound
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


class RightsRequestCreate(BaseModel):
    """A family's request about the record (UK GDPR arts 16, 18, 21)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["correction", "restriction", "objection"]
    details: str = Field(
        min_length=1,
        max_length=4000,
        description="what is wrong, or why; stored encrypted in the vault",
    )


class RightsRequestPublic(BaseModel):
    """The request as received: the case that carries it and when it is due."""

    case_id: str
    kind: str
    article: str
    answer_by: str


FAMILY = {"kind": "family", "urn": None, "la_code": None}


@router.post(
    "/requests",
    status_code=201,
    operation_id="make_rights_request",
    responses={200: {"model": RightsRequestPublic,
                     "description": "the same request was made today already"}},
)  # fmt: skip
def make_rights_request(
    container: ContainerDep,
    principal: Subject,
    body: RightsRequestCreate,
    response: Response,
) -> RightsRequestPublic:
    """Ask the controller to correct the record, restrict its use or stop using
    it: a case in the queue of each LA that works the child's record, to answer
    within one month. The same kind asked twice on a day is one request."""
    pupil = container.registry.get_pupil(_key(principal))
    today = container.registry.clock().date()
    source = f"family/{pupil.pupil_key}/{body.kind}/{today.isoformat()}"
    case_id = Case.create_id("rights_request", source)
    try:
        container.registry.get_case(case_id)
        response.status_code = 200
    except CaseNotFound:
        opening = Opening(
            "rights_request", source, pupil.pupil_key, today, None,
            tuple(sorted(pupil.las_touched())),
        )  # fmt: skip
        container.registry.open_case(
            opening,
            FAMILY,
            container.vault.note_attachment(
                pupil.pupil_key, body.details, lambda _c, i: f"request/{i}"
            ),
        )
        container.follower.wake()
    due = CASE_TYPES["rights_request"].deadlines[0].due(today)
    return RightsRequestPublic(
        case_id=str(case_id), kind=body.kind, article=KINDS[body.kind],
        answer_by=due.isoformat(),
    )  # fmt: skip
