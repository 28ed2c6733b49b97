"""A child's page for the staff who work with them (LA officers, safeguarding leads,
the child's schools within their scope): who the child is, as far as the register
holds it, and the whole story in one list: movements with their findings, cases,
alerts, and the notes on each, linked from every queue row, case and alert.

Read through the API's own history function (the same scope check, the same
audit); the cases and alerts shown are only those in the reader's scope; the
child's name, where a school gave one, is shown only to roles whose work needs it,
and each showing is in the child's access log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from events.nhs_number import NOT_INCLUDED_REASONS
from projections.casework.alerts_inbox import InboxQuery, alert_detail, inbox
from projections.casework.child_cases import cases_of_child
from projections.casework.la_queue import get_case
from services.access.audit import audit
from services.access.scopes import alert_keys, may_see_case, may_see_name
from services.access.tokens import Principal, Role
from services.api.routers import pupils
from services.app.bootstrap import Container
from services.documents.child_story import ROLES, story
from services.web.pages import PageRoute, container_of, la_name, render, signed_in
from services.web.timeline import timeline_entries, timeline_svg

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "casework"  # events.processing_limits.PURPOSES
Staff = Annotated[
    Principal, Depends(signed_in(Role.LA, Role.DSL, Role.SCHOOL, Role.ADMIN))
]
ALERT_READERS = (Role.LA, Role.DSL, Role.ADMIN)
CASE_PAGE_READERS = (Role.LA, Role.SCHOOL, Role.ADMIN)  # services/web/la.py
BACK = {Role.LA: "/la/queue", Role.DSL: "/alerts", Role.SCHOOL: "/school/cases",
        Role.ADMIN: "/admin"}  # fmt: skip


@router.get("/children/{pupil_key}")
def child_page(request: Request, principal: Staff, pupil_key: str) -> HTMLResponse:
    container = container_of(request)
    # 404 for a child outside the reader's scope, as for one never held.
    record = pupils.pupil_history(container, principal, pupil_key, None, None)
    events = record.get("events", [])
    identity = container.vault.identity(pupil_key)
    name, nhs = None, None
    if may_see_name(principal):  # each identifier shown is a logged read
        name = container.vault.name(pupil_key)
        if name is not None:
            audit(container, principal, [pupil_key], "name")
        nhs = container.vault.nhs_number(pupil_key)
        if nhs is not None:
            audit(container, principal, [pupil_key], "nhs_number")
    cases = _cases(container, principal, pupil_key)
    alerts = _alerts(container, principal, pupil_key)
    refs = _refs_shown(events, cases, alerts)
    notes = [
        (ref, text)
        for ref, text in container.vault.notes(pupil_key)
        if {ref.split("/")[0], "/".join(ref.split("/")[:2])} & refs
    ]
    schools = container.schools.name_of
    entries = timeline_entries(events)
    told = story(events, cases, alerts, notes, schools, _actor(container))
    for entry in told:  # a case is linked only for those who may open its page
        if entry.kind == "case" and principal.role not in CASE_PAGE_READERS:
            entry.link = ""
    return render(
        request,
        "child.html",
        title=name or "A child's record",
        back=BACK.get(principal.role, "/"),
        pupil_key=pupil_key,
        name=name,
        name_shown=may_see_name(principal),
        nhs=_nhs_words(nhs, may_see_name(principal)),
        identity=identity,
        year_group=_latest(events, "year_group"),
        on_roll=[schools(u) for u in record.get("on_roll_at", [])],
        schools_had=sorted({schools(u) or "" for u in _schools_named(events)}),
        moves=record.get("moves_last_365_days"),
        story=told,
        timeline=Markup(timeline_svg(entries)),  # noqa: S704  # escaped in timeline_svg
        entries=entries,
    )


def _cases(
    container: Container, principal: Principal, pupil_key: str
) -> list[dict[str, Any]]:
    """The child's cases the reader may see, each with its steps."""
    today = container.registry.clock().date()
    listed = cases_of_child(
        container.db, pupil_key, today,
        lambda urn: container.term_dates.calendar_for(principal.la, urn),
    )  # fmt: skip
    shown = [
        c for c in listed if may_see_case(principal, c["school_urn"], c["la_codes"])
    ]
    detailed = [get_case(container.db, c["case_id"], today) for c in shown]
    return [c for c in detailed if c is not None]


def _alerts(
    container: Container, principal: Principal, pupil_key: str
) -> list[dict[str, Any]]:
    """The child's alerts sent to the reader (schools receive none; their DSL does)."""
    if principal.role not in ALERT_READERS:
        return []
    now = container.registry.clock()
    page = inbox(
        container.db,
        InboxQuery(recipients=alert_keys(principal), now=now, pupil_key=pupil_key),
    )
    found = [alert_detail(container.db, a["alert_id"], now) for a in page.items]
    return [a for a in found if a is not None]


def _refs_shown(
    events: list[dict[str, Any]],
    cases: list[dict[str, Any]],
    alerts: list[dict[str, Any]],
) -> set[str]:
    """What the notes the reader may see are written on: a movement's id (its
    corrections are under it), its steps, `case/{id}`, `request/{id}` and
    `alert/{id}`."""
    refs = {e["movement_id"] for e in events}
    refs |= {f"step/{s['step_id']}" for e in events for s in e.get("steps", [])}
    refs |= {f"{p}/{c['case_id']}" for c in cases for p in ("case", "request")}
    return refs | {f"alert/{a['alert_id']}" for a in alerts}


def _actor(container: Container) -> Callable[[dict[str, Any] | None], tuple[str, str]]:
    def named(actor: dict[str, Any] | None) -> tuple[str, str]:
        kind = str((actor or {}).get("kind") or "register")
        role = ROLES.get(kind, kind.replace("_", " "))
        if kind == "register":
            return "The register", "following a recorded movement"
        if (actor or {}).get("urn"):
            return container.schools.name_of(str(actor["urn"])) or "", role  # type: ignore[index]
        if (actor or {}).get("la_code"):
            return la_name(actor["la_code"]), role  # type: ignore[index]
        return role.capitalize(), role

    return named


def _nhs_words(held: dict[str, Any] | None, shown: bool) -> str:
    if not shown:
        return "Not shown: your work does not need it"
    if held is None:
        return "Not given"
    if held.get("nhs_number"):
        number = str(held["nhs_number"])
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    reason = NOT_INCLUDED_REASONS.get(str(held.get("not_included")), "")
    return f"Left out: {reason}" if reason else "Not given"


def _schools_named(events: list[dict[str, Any]]) -> set[str]:
    return {u for e in events for u in (e.get("from_urn"), e.get("to_urn")) if u}


def _latest(events: list[dict[str, Any]], name: str) -> Any:
    """A characteristic as last recorded (the year group moves on each year)."""
    for event in sorted(events, key=lambda e: e["recorded_at"], reverse=True):
        value = (event.get("characteristics") or {}).get(name)
        if value not in (None, ""):
            return value
    return None
