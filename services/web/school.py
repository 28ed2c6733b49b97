"""A school's pages: notify the LA of a movement (the API's recording path, the same
validation and lawfulness findings), its pupils' cases, and its census chart."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from events.errors import DomainError
from events.movements.roll_deletion import GROUNDS
from services.access.tokens import Principal, Role
from services.api.routers import cases
from services.recording.movement_body import MovementCreate
from services.recording.service import record
from services.web.pages import (
    PageRoute,
    container_of,
    form_date,
    form_of,
    render,
    signed_in,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "statutory_return"  # events.processing_limits.PURPOSES
School = Annotated[Principal, Depends(signed_in(Role.SCHOOL))]

SCHOOL_TYPES = [
    "suspension",
    "permanent_exclusion",
    "managed_move",
    "off_site_direction",
    "elective_home_education",
    "roll_deletion",
    "admission",
    "part_time_timetable",
    "flexi_schooling",
    "safeguarding_separation",
]
PART_TIME_REASONS = ["medical", "reintegration", "behaviour", "other"]
# Where an error on a request field is shown on the form (the summary links there).
FIELD_IDS = {
    "type": "type",
    "pupil.upn": "upn",
    "pupil.date_of_birth": "date_of_birth-day",
    "pupil.year_group": "year_group",
    "effective_date": "effective_date-day",
    "to_urn": "to_urn",
    "reason": "reason",
    "days": "days",
    "deletion_ground": "deletion_ground",
    "notes": "notes",
    "hours_per_week": "hours_per_week",
    "sessions_at_home_per_week": "sessions_at_home_per_week",
    "end_date": "end_date-day",
    "next_review_date": "next_review_date-day",
    "parental_consent": "parental_consent",
    "reason_category": "reason_category",
    "destination_known": "destination_known",
}


# GOV.UK style messages for what the request model refuses (the domain's own
# refusals are already in plain words).
PLAIN = {
    "type": "Choose what happened",
    "upn": "Enter the pupil's unique pupil number (UPN)",
    "date_of_birth-day": "Date of birth must be a real date, for example 14 3 2010",
    "year_group": "Enter the year group as a number from R to 14",
    "effective_date-day": "Enter the date it took effect, for example 12 1 2026",
    "days": "Enter the number of school days as a number, for example 2 or 0.5",
    "reason": "Enter the reason code, for example DB",
    "notes": "Notes must be 4,000 characters or fewer",
    "hours_per_week": "Enter the hours a week as a number, for example 15",
    "sessions_at_home_per_week": "Enter the sessions a week at home as a whole "
    "number, for example 2",
    "end_date-day": "The end date must be a real date, for example 13 2 2026",
    "next_review_date-day": "The review date must be a real date, for example "
    "26 1 2026",
}


@router.get("/school")
def school_home(request: Request, principal: School) -> HTMLResponse:
    return render(request, "school_home.html", title="Your school", urn=principal.urn)


@router.get("/school/notify")
def notify_page(request: Request, principal: School) -> HTMLResponse:
    return _form(request, {}, {})


@router.post("/school/notify")
async def notify(request: Request, principal: School) -> Response:
    """Validate and record through the one recording path; errors go back to the
    form, linked to their fields; findings are shown with the receipt."""
    form = await form_of(request)
    errors: dict[str, str] = {}
    try:
        body = MovementCreate.model_validate(_request_body(form, principal))
    except ValidationError as invalid:
        for error in invalid.errors():
            field = ".".join(str(p) for p in error["loc"] if not isinstance(p, int))
            target = FIELD_IDS.get(field, "type")
            errors.setdefault(target, PLAIN.get(target, error["msg"]))
        return _form(request, form, errors, status=400)
    try:
        receipt = record(container_of(request), principal, body)
    except DomainError as refused:
        errors[FIELD_IDS.get(refused.field, "type")] = refused.message
        return _form(request, form, errors, status=400)
    container_of(request).follower.wake()
    return render(
        request,
        "notified.html",
        status=201,
        title="Movement recorded",
        receipt=receipt,
        movement_type=body.type.value.replace("_", " "),
    )


@router.get("/school/cases")
def school_cases(request: Request, principal: School) -> HTMLResponse:
    """Cases about the school's pupils (the API's own listing and scope check)."""
    listed = cases.list_school_cases(
        container_of(request), principal, str(principal.urn)
    )
    return render(request, "school_cases.html", title="Your pupils' cases", **listed)


@router.get("/school/census")
def own_census(request: Request, principal: School) -> RedirectResponse:
    return RedirectResponse(f"/schools/{principal.urn}/census", status_code=303)


def _form(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "notify.html",
        status=status,
        title="Tell the local authority about a movement",
        values=values,
        errors=errors,
        types=SCHOOL_TYPES,
        grounds=sorted(GROUNDS),
        part_time_reasons=PART_TIME_REASONS,
    )


def _request_body(form: dict[str, str], principal: Principal) -> dict[str, Any]:
    """The API request the form stands for; blank fields are left out."""
    kind = form.get("type", "")
    joining = kind == "admission"
    body: dict[str, Any] = {
        "type": kind,
        "pupil": {
            "upn": form.get("upn", ""),
            "date_of_birth": form_date(form, "date_of_birth"),
            "year_group": form.get("year_group") or None,
        },
        "from_urn": None if joining else principal.urn,
        "to_urn": principal.urn if joining else (form.get("to_urn") or None),
        "effective_date": form_date(form, "effective_date"),
        "reason": form.get("reason") or None,
        "days": form.get("days") or None,
        "deletion_ground": form.get("deletion_ground") or None,
        "notes": form.get("notes") or None,
    }
    arrangement = {
        "hours_per_week": form.get("hours_per_week") or None,
        "sessions_at_home_per_week": form.get("sessions_at_home_per_week") or None,
        "end_date": form_date(form, "end_date"),
        "next_review_date": form_date(form, "next_review_date"),
        "parental_consent": _yes_no(form, "parental_consent"),
        "reason_category": form.get("reason_category") or None,
        "destination_known": _yes_no(form, "destination_known"),
    }
    body.update({k: v for k, v in arrangement.items() if v is not None})
    if kind == "suspension" and body["reason"]:
        body["reason"] = [body["reason"]]
    return body


def _yes_no(form: dict[str, str], name: str) -> bool | None:
    return {"yes": True, "no": False}.get(form.get(name, ""))
