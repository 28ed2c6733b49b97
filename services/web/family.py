"""A family's page: the child's record in plain words, who has looked at it and why,
and the export to keep (UK GDPR art 15) — the API's subject access functions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from services.access.tokens import Principal, Role
from services.api.routers import me
from services.privacy.cases_in_words import cases_in_words
from services.privacy.looked_in_words import looks_in_words
from services.web.pages import (
    PageRoute,
    container_of,
    form_of,
    la_name,
    render,
    signed_in,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "subject_access"  # events.processing_limits.PURPOSES
Subject = Annotated[Principal, Depends(signed_in(Role.SUBJECT))]


@router.get("/me")
def my_record(request: Request, principal: Subject) -> HTMLResponse:
    return _record_page(request, principal, {}, {})


def _record_page(
    request: Request,
    principal: Principal,
    errors: dict[str, str],
    values: dict[str, str],
) -> HTMLResponse:
    container = container_of(request)
    pack = me.my_record(container, principal)
    looks = me.my_access_log(container, principal)["data"]
    return render(
        request, "me.html", title="What is held about your child", pack=pack,
        looks=looks, looked=looks_in_words(looks, lambda org: _named(request, org)),
        cases=cases_in_words(pack.get("cases") or []),
        requests=[n for n in pack["notes"] if n["about"].startswith("request/")],
        errors=errors, values=values, status=400 if errors else 200,
    )  # fmt: skip


@router.post("/me/requests")
async def ask(request: Request, principal: Subject) -> Response:
    """Ask for a correction, a restriction or an objection, through the API."""
    form = await form_of(request)
    try:
        body = me.RightsRequestCreate.model_validate(
            {"kind": form.get("kind") or None, "details": form.get("details", "")}
        )
    except ValidationError as invalid:
        field = str(invalid.errors()[0]["loc"][0])
        errors = {
            "kind": "Choose what you are asking for",
            "details": "Say what is wrong or why (at most 4,000 characters)",
        }
        return _record_page(
            request, principal, {field: errors.get(field, errors["details"])}, form
        )
    asked = me.make_rights_request(container_of(request), principal, body, Response())
    return RedirectResponse(f"/me?asked={asked.answer_by}", status_code=303)


@router.get("/me/export")
def my_export(request: Request, principal: Subject) -> Response:
    """The same pack as the API's export, as a page to keep."""
    return me.my_export(container_of(request), principal, format="html")


def _named(request: Request, organisation: str) -> str:
    """A school by its name, an LA by EES's name for it."""
    if len(organisation) == 6:  # a URN
        return container_of(request).schools.name_of(organisation) or organisation
    return la_name(organisation)
