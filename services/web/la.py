"""An LA's pages: the queue (filters, ageing, overdue), a case with the child's
timeline, its decision history and the transitions allowed now, as a form."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import ValidationError

from events.cases import CASE_TYPES
from events.errors import DomainError
from services.access.tokens import Principal, Role
from services.api.routers import cases, findings, pupils
from services.api.work_models import AssignmentCreate, TransitionCreate
from services.web.pages import (
    PageRoute,
    container_of,
    form_of,
    la_name,
    render,
    settle,
    signed_in,
)
from services.web.timeline import timeline_entries, timeline_svg

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "casework"  # events.processing_limits.PURPOSES
LaOfficer = Annotated[Principal, Depends(signed_in(Role.LA, Role.ADMIN))]
Caseworker = Annotated[Principal, Depends(signed_in(Role.LA, Role.SCHOOL, Role.ADMIN))]
PAGE = 50  # cases a queue page shows


@router.get("/la/queue")
def queue(request: Request, principal: LaOfficer) -> HTMLResponse:
    """The LA's open cases, overdue first; filters by type, state and overdue."""
    q, container = request.query_params, container_of(request)
    la = q.get("la") or principal.la or ""
    overdue = {"yes": True, "no": False}.get(q.get("overdue", ""))
    cursor = q.get("cursor", "")
    school = q.get("school", "")
    mine = q.get("assignee") == "me"
    listed = cases.la_queue(
        container, principal, la, case_type=q.get("type") or None,
        state=q.get("state") or None, school=school if school.isdigit() else None,
        assignee=principal.sub if mine else None, overdue=overdue,
        cursor=cursor if cursor.isdigit() and len(cursor) <= 7 else None,
        limit=PAGE,
    )  # fmt: skip
    filters = {"type": q.get("type", ""), "state": q.get("state", ""),
               "overdue": q.get("overdue", ""), "school": school,
               "assignee": "me" if mine else ""}  # fmt: skip
    if principal.la is None:  # an operator: the LA chosen stays chosen
        filters["la"] = la
    after = listed.get("next_cursor")
    return render(
        request,
        "la_queue.html",
        title="Cases to work",
        la=la,
        case_types=sorted(CASE_TYPES),
        states=_open_states(q.get("type") or ""),
        schools={s.urn: s.name for s in container.schools.schools_in_la(la)},
        me=principal.sub,
        filters=filters,
        next_page=f"/la/queue?{urlencode({**filters, 'cursor': after})}"
        if after
        else None,
        **listed,
    )  # fmt: skip


@router.get("/la/findings")
def la_findings(request: Request, principal: LaOfficer) -> HTMLResponse:
    la = request.query_params.get("la") or principal.la or ""
    page = findings.la_findings(
        container_of(request), principal, la, rule=None, school=None, severity=None,
        date_from=None, date_to=None, status="open", cursor=None, limit=100,
    )  # fmt: skip
    return render(
        request, "la_findings.html", title="Findings", la=la, **page.model_dump()
    )


@router.get("/cases/{case_id}")
def case_page(request: Request, principal: Caseworker, case_id: str) -> HTMLResponse:
    return _case(request, principal, case_id, {}, {})


@router.post("/cases/{case_id}/assignment")
async def take(request: Request, principal: LaOfficer, case_id: str) -> Response:
    """Take the case (or give it back to the queue), through the API."""
    form = await form_of(request)
    assignee = principal.sub if form.get("take") == "yes" else None
    assigned = cases.assign_case(
        container_of(request), principal, case_id, AssignmentCreate(assignee=assignee)
    )
    settle(container_of(request), assigned.position)
    return RedirectResponse(f"/cases/{case_id}?assigned=1", status_code=303)


@router.post("/cases/{case_id}")
async def transition(request: Request, principal: Caseworker, case_id: str) -> Response:
    """Move the case on through the API's own transition (409s become errors)."""
    form = await form_of(request)
    errors: dict[str, str] = {}
    try:
        name, _, decision = form.get("transition", "").partition(":")
        body = TransitionCreate.model_validate(
            {"transition": name, "decision": decision or None,
             "rationale": form.get("rationale") or None}
        )  # fmt: skip
        if not body.transition:
            errors["transition"] = "Choose what happens next"
        elif form.get("confirmed") != "yes" and (
            closing := _closes(request, principal, case_id, body.transition)
        ):
            return render(  # a decision that closes the case is asked twice
                request, "case_confirm.html", title="Check before you close the case",
                case_id=case_id, values=form, closing=closing,
                choice=_option_words(form.get("transition", "")),
            )  # fmt: skip
        else:
            moved = cases.transition_case(
                container_of(request), principal, case_id, body
            )
            settle(container_of(request), moved.position)
    except ValidationError as invalid:
        errors["transition"] = invalid.errors()[0]["msg"]
    except DomainError as refused:
        if refused.status_hint == 404:
            raise
        errors["transition"] = refused.message
    if errors:
        return _case(request, principal, case_id, form, errors, status=400)
    return RedirectResponse(f"/cases/{case_id}?recorded=1", status_code=303)


def _closes(
    request: Request, principal: Principal, case_id: str, transition: str
) -> str | None:
    """The closed state this transition would end the case in, if it would."""
    detail = cases.read_case(container_of(request), principal, case_id)
    case_type = CASE_TYPES[detail["case_type"]]
    move = case_type.transition(transition)
    if move is None or move.to_state not in case_type.terminal_states:
        return None
    return move.to_state.replace("_", " ")


def _open_states(case_type: str) -> list[str]:
    """The states an open case of this type (or any type) can be in."""
    types = [CASE_TYPES[case_type]] if case_type in CASE_TYPES else CASE_TYPES.values()
    states = {
        state
        for t in types
        for move in t.transitions
        for state in (*move.from_states, move.to_state, t.initial_state)
        if state not in t.terminal_states
    }
    return sorted(states)


def _option_words(value: str) -> str:
    name, _, decision = value.partition(":")
    words = name.replace("_", " ").capitalize()
    return f"{words}: {decision.replace('_', ' ')}" if decision else words


def _case(
    request: Request,
    principal: Principal,
    case_id: str,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    container = container_of(request)
    detail: dict[str, Any] = cases.read_case(container, principal, case_id)
    record = pupils.pupil_history(container, principal, detail["pupil_key"], None, None)
    entries = timeline_entries(record.get("events", []))
    return render(
        request,
        "case.html",
        status=status,
        title=f"Case: {detail['case_type'].replace('_', ' ')}",
        case=detail,
        school_name=container.schools.name_of(detail.get("school_urn")),
        # what the family asked (the case read is already in the child's log)
        asked=container.vault.note(detail["pupil_key"], f"request/{case_id}")
        if detail["case_type"] == "rights_request"
        else None,
        may_assign=principal.role in (Role.LA, Role.ADMIN),
        me=principal.sub,
        actor_words=lambda actor: _actor_words(container, actor),
        entries=entries,
        timeline=Markup(timeline_svg(entries)),  # noqa: S704  # escaped in timeline_svg
        # the reason written with each step (case/{id}/{version}: steps in order)
        why=[
            container.vault.note(detail["pupil_key"], f"case/{case_id}/{n}")
            for n in range(1, len(detail["steps"]) + 1)
        ],
        opened_note=container.vault.note(detail["pupil_key"], f"case/{case_id}/opened"),
        options=_options(detail),
        values=values,
        errors=errors,
    )


def _actor_words(container: Any, actor: dict[str, Any] | None) -> str:
    """Who decided, as a reader would say it."""
    if not actor:
        return ""
    kind = actor.get("kind")
    if kind == "register":
        return "The register, following a recorded movement"
    if actor.get("urn"):
        return container.schools.name_of(actor["urn"]) or ""
    if actor.get("la_code"):
        return la_name(actor["la_code"])
    return str(kind or "").replace("_", " ").capitalize()


def _options(case: dict[str, Any]) -> list[dict[str, object]]:
    """The next steps open now, one radio each; a transition that needs a decision
    (an outcome review) offers one per decision."""
    case_type = CASE_TYPES[case["case_type"]]
    options: list[dict[str, object]] = []
    for name in case["allowed_transitions"]:
        transition = case_type.transition(name)
        words = name.replace("_", " ").capitalize()
        decisions = sorted(transition.decisions) if transition else []
        for decision in decisions or [""]:
            value = f"{name}:{decision}" if decision else name
            text = f"{words}: {decision.replace('_', ' ')}" if decision else words
            options.append({"value": value, "text": text})
    return options
