"""A school's pages: notify the LA of a movement (the API's recording path, the same
validation and lawfulness findings), its pupils' cases, and its census chart."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from events.errors import DomainError
from events.movements import MovementType
from services.access.denials import NotFound
from services.access.tokens import Principal, Role
from services.api.routers import cases
from services.recording.movement_body import MovementCreate
from services.recording.service import check, record
from services.web.movement_questions import (
    PAGES,
    Question,
    all_questions,
    answers,
    questions_for,
    request_body,
)
from services.web.pages import PageRoute, container_of, form_of, render, signed_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "statutory_return"  # events.processing_limits.PURPOSES
School = Annotated[Principal, Depends(signed_in(Role.SCHOOL))]


@router.get("/school")
def school_home(request: Request, principal: School) -> HTMLResponse:
    return render(request, "school_home.html", title="Your school", urn=principal.urn)


@router.get("/school/notify")
def choose_page(request: Request, principal: School) -> HTMLResponse:
    return _choose(request, "", {})


@router.post("/school/notify")
async def choose(request: Request, principal: School) -> Response:
    """The first question: what happened. Each type has its own questions."""
    chosen = (await form_of(request)).get("type", "")
    if chosen not in {t.value for t in PAGES}:
        return _choose(request, chosen, {"type": "Choose what happened"}, 400)
    return RedirectResponse(f"/school/notify/{chosen}", status_code=303)


@router.get("/school/notify/{kind}")
def questions_page(request: Request, principal: School, kind: str) -> HTMLResponse:
    return _questions(request, _kind(kind), {}, {})


@router.post("/school/notify/{kind}")
async def answer(request: Request, principal: School, kind: str) -> Response:
    """Continue checks the answers through the API's own check (the findings the
    register would record, nothing stored); record records them through the one
    recording path; change goes back to the questions with the answers kept."""
    movement_type = _kind(kind)
    form = await form_of(request)
    action = form.pop("action", "continue")
    if action == "change":
        return _questions(request, movement_type, form, {})
    container = container_of(request)
    today = container.registry.clock().date()
    questions = questions_for(movement_type, today)
    try:
        body = MovementCreate.model_validate(
            request_body(movement_type, form, str(principal.urn), today)
        )
    except ValidationError as invalid:
        errors: dict[str, str] = {}
        for error in invalid.errors():
            where = [str(part) for part in error["loc"]]
            name = where[1] if where[0] == "pupil" and len(where) > 1 else where[0]
            question = _question(questions, name)
            errors.setdefault(question.anchor, _plain(question, error["type"]))
        return _questions(request, movement_type, form, errors, status=400)
    try:
        if action == "record":
            receipt = record(container, principal, body)
        else:
            findings = check(container, principal, body)
    except DomainError as refused:
        question = _question(questions, refused.field.removeprefix("pupil."))
        return _questions(
            request, movement_type, form, {question.anchor: refused.message}, 400
        )
    if action != "record":
        return render(
            request,
            "notify_check.html",
            title="Check your answers before recording",
            kind=movement_type.value,
            answers=answers(movement_type, form, today, container.schools.name_of),
            findings=[f.as_dict() for f in findings],
            values=form,
        )
    container.follower.wake()
    return render(
        request,
        "notified.html",
        status=201,
        title="Movement recorded",
        receipt=receipt,
        movement_type=PAGES[movement_type].title.lower(),
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


def _kind(raw: str) -> MovementType:
    """A type a school records on these pages, else this page does not exist."""
    for movement_type in PAGES:
        if movement_type.value == raw:
            return movement_type
    raise NotFound("a school does not record that kind of movement here")


def _question(questions: tuple[Question, ...], name: str) -> Question:
    """The question an error is about (the first one if no question asks it)."""
    by_name = {q.name: q for q in all_questions(questions)}
    return by_name.get(name, questions[0])


def _plain(question: Question, refusal: str) -> str:
    """GOV.UK words for what the request model refused."""
    if refusal == "missing":
        return f"Enter the {question.label[0].lower()}{question.label[1:]}"
    return question.error or f"Check the answer to '{question.label}'"


def _choose(
    request: Request, chosen: str, errors: dict[str, str], status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "notify_type.html",
        status=status,
        title="What happened?",
        errors=errors,
        pages=[(t.value, p.title, p.hint) for t, p in PAGES.items()],
        chosen=chosen,
    )


def _questions(
    request: Request,
    movement_type: MovementType,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    today = container_of(request).registry.clock().date()
    return render(
        request,
        "notify.html",
        status=status,
        title=PAGES[movement_type].title,
        kind=movement_type.value,
        hint=PAGES[movement_type].hint,
        questions=questions_for(movement_type, today),
        values=values,
        errors=errors,
    )
