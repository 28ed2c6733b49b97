"""A designated safeguarding lead's or virtual school head's alerts: the inbox, one
alert with its evidence and decisions, and acknowledge, snooze and resolve."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from events.alerts.alert import LEVELS
from events.alerts.rulebook import RULE_MODULES
from events.errors import DomainError
from services.access.tokens import Principal, Role
from services.api.routers import alerts, pupils
from services.api.work_models import ResolutionCreate, SnoozeCreate
from services.documents.words import date_input_example
from services.web.pages import (
    PageRoute,
    container_of,
    form_date,
    form_of,
    la_name,
    render,
    settle,
    signed_in,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "safeguarding"  # events.processing_limits.PURPOSES
Recipient = Annotated[
    Principal, Depends(signed_in(Role.DSL, Role.VSH, Role.LA, Role.ADMIN))
]
PAGE = 500  # alerts an inbox page shows (sorted and grouped as a whole)
SORTS: dict[str, Any] = {
    "raised": lambda a: a["position"],
    "due": lambda a: (a["due_by"], a["position"]),
    "severity": lambda a: (a["severity"] != "high", a["due_by"], a["position"]),
}
SEVERITIES = ("high", "medium")
LONDON = ZoneInfo("Europe/London")
OUTCOME_WORDS = {
    "no_further_action": "No further action",
    "referred_to_social_care": "Referred to children's social care",
    "referred_to_la": "Referred to the local authority",
    "in_education": "Found in education",
}
# What each form field's refusal says, as GOV.UK error messages do.
IN_WORDS = {
    "until": ("until-day", "Enter the date to quiet the alert until"),
    "reason": ("reason", "Say why the alert is quietened (at most 2,000 characters)"),
    "outcome": ("outcome", "Choose the outcome"),
    "note": ("note", "A note is at most 4,000 characters"),
}
OUTCOMES = [
    "no_further_action",
    "referred_to_social_care",
    "referred_to_la",
    "in_education",
]


@router.get("/alerts")
def inbox(request: Request, principal: Recipient) -> HTMLResponse:
    """Open alerts unless another status (or all) is asked for, filtered by rule,
    severity, school, escalation and whether acknowledgement is overdue, sorted by
    when raised, acknowledge-by or severity, and grouped per child; counts cover
    every alert that matches."""
    q, container = request.query_params, container_of(request)
    status: str | None = q.get("status") or "open"
    if status not in ("open", "acknowledged", "snoozed", "resolved"):
        status = None
    schools = _schools(container, principal)
    filters = {
        "rule": q.get("rule") if q.get("rule") in RULE_MODULES else "",
        "severity": q.get("severity") if q.get("severity") in SEVERITIES else "",
        "escalation": q.get("escalation") if q.get("escalation") in LEVELS else "",
        "school": q.get("school") if q.get("school") in schools else "",
        "due": "overdue" if q.get("due") == "overdue" else "",
        "sort": q.get("sort") if q.get("sort") in SORTS else "",
    }
    cursor = q.get("cursor", "")
    listed = alerts.list_alerts(
        container, principal, status=status,
        rule=filters["rule"] or None, severity=filters["severity"] or None,
        school=filters["school"] or None, escalation=filters["escalation"] or None,
        cursor=int(cursor) if cursor.isdigit() and len(cursor) < 16 else 0,
        limit=PAGE,
    )  # fmt: skip
    now = container.registry.clock().isoformat()
    shown = listed["data"]
    if filters["due"]:  # not acknowledged by when it should have been
        shown = [a for a in shown if a["status"] == "open" and a["due_by"] < now]
    shown = sorted(shown, key=SORTS[filters["sort"] or "raised"])
    after = listed.get("next_cursor")
    chosen = {"status": status or "all", **{k: v for k, v in filters.items() if v}}
    next_page = f"/alerts?{urlencode({**chosen, 'cursor': after})}" if after else None
    return render(
        request, "alerts.html", title="Alerts", shown=status, filters=filters,
        chosen=urlencode({k: v for k, v in chosen.items() if k != "status"}),
        rules=sorted(RULE_MODULES), levels=LEVELS, schools=schools,
        data=shown, groups=_per_child(shown), now=now,
        total=len(shown) if filters["due"] else listed["total"], count=len(shown),
        rule_words={
            r: r.replace("_", " ").replace(".", ": ").capitalize() for r in RULE_MODULES
        },
        next_page=next_page,
    )  # fmt: skip


def _schools(container: Any, principal: Principal) -> dict[str, str]:
    """The schools a reader with an LA's scope can filter by (a school's DSL sees
    one school's alerts already)."""
    if principal.urn or not principal.la:
        return {}
    return {s.urn: s.name for s in container.schools.schools_in_la(principal.la)}


def _per_child(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The alerts grouped per child, each group where its first alert sorts."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item["pupil_key"], []).append(item)
    return list(groups.values())


@router.post("/alerts")
async def acknowledge_many(request: Request, principal: Recipient) -> Response:
    """Acknowledge every alert ticked on the inbox page, each through the API."""
    form = await request.form()
    await form_of(request)  # the CSRF check
    ids = [str(v) for v in form.getlist("alert_id")][:PAGE]
    container = container_of(request)
    done, last = 0, None
    for alert_id in ids:
        try:
            last = alerts.acknowledge(container, principal, alert_id).position or last
            done += 1
        except DomainError as refused:
            if refused.status_hint == 404:
                raise
            # already acknowledged, snoozed or resolved by someone else: leave it
    settle(container, last)
    return RedirectResponse(f"/alerts?acknowledged={done}", status_code=303)


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, principal: Recipient, alert_id: str) -> HTMLResponse:
    return _alert(request, principal, alert_id, {})


@router.post("/alerts/{alert_id}")
async def decide(request: Request, principal: Recipient, alert_id: str) -> Response:
    """Acknowledge, snooze or resolve, through the API's own functions."""
    form = await form_of(request)
    container, action = container_of(request), form.get("action")
    errors: dict[str, str] = {}
    try:
        decided: Any
        if action == "acknowledge":
            decided = alerts.acknowledge(container, principal, alert_id)
        elif action == "snooze":
            until = _morning_of(form_date(form, "until"))
            if until is None:
                errors["until-day"] = "Enter the date to quiet the alert until"
            else:
                body = SnoozeCreate.model_validate(
                    {"until": until, "reason": form.get("reason", "")}
                )
                decided = alerts.snooze(container, principal, alert_id, body)
        elif action == "resolve":
            outcome = ResolutionCreate.model_validate(
                {"outcome": form.get("outcome") or None,
                 "note": form.get("note") or None}
            )  # fmt: skip
            decided = alerts.resolve(container, principal, alert_id, outcome)
        else:
            errors["action"] = "Choose what to do with this alert"
    except ValidationError as invalid:
        first = invalid.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "action"
        field, text = IN_WORDS.get(field, ("action", "Check what you entered"))
        errors[field] = text
    except DomainError as refused:
        if refused.status_hint == 404:
            raise
        field = "until-day" if refused.field == "until" else "action"
        errors[field] = refused.message.capitalize()
    if errors:
        return _alert(request, principal, alert_id, errors, form, status=400)
    settle(container, decided.position)
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


def _evidence(
    request: Request, principal: Principal, detail: dict[str, Any]
) -> list[dict[str, Any]]:
    """The movements the alert fired on, from the child's history (an audited
    read, scoped as the API scopes it); none shown where the caller may not read."""
    container = container_of(request)
    try:
        record = pupils.pupil_history(
            container, principal, detail["pupil_key"], None, None
        )
    except DomainError:
        return []
    fired_on = set(detail["evidence"])
    shown = []
    for event in record.get("events", []):
        if event.get("movement_id") in fired_on:
            urn = event.get("from_urn") or event.get("to_urn")
            school = container.schools.get(urn) if urn else None
            shown.append(
                {"what": event["type"].replace("_", " "),
                 "on": event["effective_date"],
                 "school": school.name if school else urn}
            )  # fmt: skip
    return shown


def _morning_of(day: str | None) -> datetime | None:
    """A snooze runs to 8am (UK time) on the day chosen; None if not a real date."""
    try:
        chosen = date.fromisoformat(day) if day else None
    except ValueError:
        return None
    return datetime.combine(chosen, time(8), LONDON) if chosen else None


def _alert(
    request: Request,
    principal: Principal,
    alert_id: str,
    errors: dict[str, str],
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    container = container_of(request)
    detail = alerts.get_alert(container, principal, alert_id)
    module = RULE_MODULES.get(detail["rule"])
    return render(
        request,
        "alert.html",
        status=status,
        title="Alert",
        alert=detail,
        evidence=_evidence(request, principal, detail),
        basis=[" ".join(p.split()) for p in (module.__doc__ or "").split("\n\n")]
        if module
        else [],
        snooze_example=date_input_example(
            container_of(request).registry.clock().date() + timedelta(days=7)
        ),
        errors=errors,
        values=values or {},
        outcomes=OUTCOMES,
        outcome_words=OUTCOME_WORDS,
        by_words=lambda org: _organisation(container, org),
        notes={  # the note written with each decision (alert/{id}/{version})
            d["version"]: container.vault.note(
                detail["pupil_key"], f"alert/{alert_id}/{d['version']}"
            )
            for d in detail.get("decisions", [])
            if d.get("version")
        },
    )


def _organisation(container: Any, org: str) -> str:
    """Who decided: a school by name, an LA by EES's name, the register."""
    if org.isdigit() and len(org) == 6:
        return container.schools.name_of(org) or org
    if org.isdigit() and len(org) == 3:
        return la_name(org)
    return {"register": "the register", "admin": "an operator"}.get(org, org)
