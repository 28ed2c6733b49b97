"""The LA's register of children not in school as a page: each child with why they
are on it (the s436B limb and the movement), since when, until when, what the
parents owe and whether the duty's deadline has passed, each row linking to the
child's whole story. It reads through the register's one path, so the scope, the
filters and the access log are those of `GET /v1/la/{la}/children-not-in-school`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from events.cases.children_not_in_school import CASE_TYPE
from events.cnis.eligibility import REASONS
from projections.casework.child_cases import open_case_of
from services.access.tokens import Principal, Role
from services.cnis.register import register
from services.web.pages import PageRoute, container_of, form_date, render, signed_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "casework"  # events.processing_limits.PURPOSES
LaOfficer = Annotated[Principal, Depends(signed_in(Role.LA, Role.ADMIN))]
PAGE = 50  # children a page shows
PATH = "/la/children-not-in-school"


@router.get(PATH)
def register_page(request: Request, principal: LaOfficer) -> HTMLResponse:
    q, container = request.query_params, container_of(request)
    la = q.get("la") or principal.la or ""
    reason = q.get("reason") if q.get("reason") in REASONS else None
    values = {k: q.get(k, "") for k in ("since-day", "since-month", "since-year")}
    since, errors = _since(form_date(dict(q), "since"))
    cursor = q.get("cursor", "")
    listed = register(
        container, principal, la, reason=reason, since=since,
        cursor=int(cursor) if cursor.isdigit() and len(cursor) <= 15 else 0,
        limit=PAGE,
    )  # fmt: skip
    today = container.registry.clock().date()
    rows = [_row(container, principal, e, today) for e in listed["data"]]
    filters = {"reason": reason or "", **values}
    if principal.la is None:  # an operator: the LA chosen stays chosen
        filters["la"] = la
    return render(
        request,
        "la_children_not_in_school.html",
        title="Children not in school",
        la=la,
        reasons={r: limb.meaning.capitalize() for r, limb in REASONS.items()},
        filters=filters,
        errors=errors,
        rows=rows,
        basis=listed["basis"],
        basis_words=listed["basis_words"],
        total=listed["total"],
        next_page=_next(filters, listed["next_cursor"]),
    )  # fmt: skip


def _next(filters: dict[str, str], after: int | None) -> str | None:
    return f"{PATH}?{urlencode({**filters, 'cursor': after})}" if after else None


def _since(typed: str | None) -> tuple[date | None, dict[str, str]]:
    if typed is None:
        return None, {}
    try:
        return date.fromisoformat(typed), {}
    except ValueError:
        return None, {"since-day": "Enter a real date, for example 1 9 2026"}


def _row(
    container: Any, principal: Principal, entry: dict[str, Any], today: date
) -> dict[str, Any]:
    """An entry with the school's name and its open duties case (state, the next
    deadline and whether it has passed)."""
    schools = container.schools.name_of
    duties = open_case_of(
        container.db, entry["pupil_key"], CASE_TYPE.name, today,
        lambda urn: container.term_dates.calendar_for(principal.la, urn),
    )  # fmt: skip
    return {
        **entry,
        "school": schools(entry["school_urn"]) if entry["school_urn"] else None,
        "duties": duties,
        "owed": len(entry["information"]["owed"]),
    }
