"""Casework: the LA's queue, a case and its steps, transitions and assignment."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from events.cases import CASE_TYPES
from events.cases.case import Case
from events.cases.opening import Opening
from events.cnis.update_requests import TRANSITION as UPDATE
from events.cnis.update_requests import judged
from events.errors import CaseNotFound, MovementRuleViolation
from events.identifiers import URN, LACode
from events.school_calendar import AcademicYear
from projections.casework.child_cases import days_of
from projections.casework.la_queue import QueueQuery, get_case, queue, school_cases
from projections.casework.returns import returns_by_school
from services.access.audit import audit
from services.access.scopes import (
    actor_for,
    check_la_scope,
    check_may_read_pupil,
    check_school_scope,
    may_see_case,
)
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.work_models import (
    AssignmentCreate,
    CaseCreate,
    CasePublic,
    TransitionCreate,
)
from services.app.bootstrap import Container
from services.recording.service import known_school

router = APIRouter(prefix="/v1", tags=["cases"])

Caseworker = Annotated[Principal, Depends(require(Role.SCHOOL, Role.LA, Role.ADMIN))]
LaReader = Annotated[Principal, Depends(require(Role.LA, Role.DSL, Role.ADMIN))]
Reader = Annotated[
    Principal, Depends(require(Role.SCHOOL, Role.LA, Role.DSL, Role.ADMIN))
]
OPENED_BY_PEOPLE = frozenset({"managed_move", "fair_access", "suspected_off_rolling"})


@router.get("/la/{la_code}/queue", operation_id="la_queue")
def la_queue(
    container: ContainerDep,
    principal: LaReader,
    la_code: str,
    case_type: Annotated[str | None, Query(alias="type", max_length=40)] = None,
    state: Annotated[str | None, Query(max_length=40)] = None,
    school: Annotated[str | None, Query(max_length=20)] = None,
    assignee: Annotated[str | None, Query(max_length=100)] = None,
    overdue: bool | None = None,
    cursor: Annotated[str | None, Query(pattern="^[0-9]{1,7}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Open cases touching the LA, overdue first, then by next deadline."""
    la = str(LACode.parse(la_code, field="la_code"))
    check_la_scope(principal, la)
    _check_known(case_type, state)
    query = QueueQuery(
        la_code=la,
        today=container.registry.clock().date(),
        calendar_of=lambda urn: container.term_dates.calendar_for(la, urn),
        case_type=case_type,
        state=state,
        school_urn=str(URN.parse(school, field="school")) if school else None,
        assignee=assignee,
        overdue=overdue,
        offset=int(cursor or 0),
        limit=limit,
    )
    listed = queue(container.db, query)
    # Each row names a child and what is happening to them: a read, logged.
    audit(container, principal, [r["pupil_key"] for r in listed["data"]], "queue")
    return listed


@router.get("/la/{la_code}/returns", operation_id="la_returns")
def la_returns(
    container: ContainerDep,
    principal: LaReader,
    la_code: str,
    academic_year: Annotated[str, Query(max_length=7)],
) -> dict[str, Any]:
    """Admissions and deletions per school, and how many returns came late."""
    la = str(LACode.parse(la_code, field="la_code"))
    check_la_scope(principal, la)
    year = AcademicYear.parse(academic_year, field="academic_year")
    rows = returns_by_school(container.db, la, year, container.term_dates.calendar(la))
    for row in rows:
        school = container.schools.get(row["urn"])
        row["name"] = school.name if school else None
    return {"la_code": la, "academic_year": str(year), "data": rows}


@router.post(
    "/cases",
    status_code=201,
    operation_id="open_case",
    responses={
        200: {
            "model": CasePublic,
            "description": "The same case was opened before: it is answered as it "
            "stands, and nothing is stored (its notes included)",
        }
    },
)
def open_case(
    container: ContainerDep, principal: Caseworker, body: CaseCreate, response: Response
) -> CasePublic:
    """Open a case by hand: a managed move proposal, a fair access referral, or a
    report of suspected off-rolling. A case is its type, child, school and opening
    date: sending the same again (a retry, a double click) answers the case already
    open instead of opening a second."""
    if body.case_type not in OPENED_BY_PEOPLE:
        raise MovementRuleViolation(
            f"a {body.case_type} case is opened by the register, not by hand",
            field="case_type",
            rule="case_type_not_opened_by_hand",
        )
    pupil = container.registry.get_pupil(body.pupil_key)
    check_may_read_pupil(principal, pupil)
    school = known_school(container, body.school_urn, "school_urn")
    assert school is not None  # the field is required
    urn, la_code = school.urn, school.la_code
    check_school_scope(principal, urn, la_code)
    las = tuple(dict.fromkeys(la for la in (la_code, pupil.home_la) if la))
    source = f"by-hand/{pupil.pupil_key}/{urn}/{body.opened_on.isoformat()}"
    opening = Opening(body.case_type, source, pupil.pupil_key, body.opened_on, urn, las)
    before = _opened_before(container, body.case_type, source)
    if before is not None:
        response.status_code = 200
        return CasePublic(case_id=str(before.id), state=before.state, position=None)
    case_id = container.registry.open_case(
        opening,
        actor_for(principal),
        container.vault.note_attachment(
            pupil.pupil_key, body.notes, lambda _c, case_id: f"case/{case_id}/opened"
        ),
    )
    container.follower.wake()
    return CasePublic(case_id=str(case_id), state=None, position=None)


def _opened_before(container: Container, case_type: str, source: str) -> Case | None:
    try:
        return container.registry.get_case(Case.create_id(case_type, source))
    except CaseNotFound:
        return None


@router.get("/cases/{case_id}", operation_id="get_case")
def read_case(container: ContainerDep, principal: Reader, case_id: str) -> Any:
    """A case with its deadlines, allowed transitions and every step (audited)."""
    case = _case_in_scope(container, principal, case_id)
    today = container.registry.clock().date()
    calendar = container.term_dates.calendar_for(
        _working_la(principal, case), case.school_urn
    )
    detail = get_case(container.db, str(case.id), today, calendar)
    if detail is None:  # opened, not yet in the queue projection
        raise CaseNotFound("this case is not in the queue yet; retry shortly")
    audit(container, principal, [case.pupil_key], "case")
    return detail


@router.post(
    "/cases/{case_id}/transitions", status_code=201, operation_id="transition_case"
)
def transition_case(
    container: ContainerDep, principal: Caseworker, case_id: str, body: TransitionCreate
) -> CasePublic:
    """Move a case on: 409 names the current state and the transitions it allows."""
    case = _case_in_scope(container, principal, case_id)
    decided_on = body.decided_on or container.registry.clock().date()
    decision = body.decision
    if case.case_type == "children_not_in_school" and body.transition == UPDATE:
        earlier = days_of(container.db, str(case.id), UPDATE)
        decision = judged(earlier, decided_on)
    receipt = container.registry.transition_case(
        case.id,
        body.transition,
        actor_for(principal),
        decided_on,
        decision,
        container.vault.note_attachment(
            case.pupil_key, body.rationale, lambda c, i: f"case/{i}/{c.version}"
        ),
    )
    container.follower.wake()
    after = container.registry.get_case(case.id)
    return CasePublic(
        case_id=str(case.id), state=after.state, position=receipt.position
    )


@router.post("/cases/{case_id}/assignment", status_code=201, operation_id="assign_case")
def assign_case(
    container: ContainerDep,
    principal: Annotated[Principal, Depends(require(Role.LA, Role.ADMIN))],
    case_id: str,
    body: AssignmentCreate,
) -> CasePublic:
    """Give the case to an officer (or back to the queue with null)."""
    case = _case_in_scope(container, principal, case_id)
    receipt = container.registry.assign_case(
        case.id, body.assignee, actor_for(principal)
    )
    container.follower.wake()
    return CasePublic(case_id=str(case.id), state=case.state, position=receipt.position)


@router.get("/schools/{urn}/cases", operation_id="school_cases")
def list_school_cases(
    container: ContainerDep, principal: Reader, urn: str
) -> dict[str, Any]:
    """The open cases of a school's pupils."""
    school = str(URN.parse(urn, field="urn"))
    la = container.schools.la_of(school)
    check_school_scope(principal, school, la)
    calendar = container.term_dates.calendar_for(la, school)
    rows = school_cases(
        container.db, school, container.registry.clock().date(), calendar
    )
    audit(container, principal, [r["pupil_key"] for r in rows], "school_cases")
    return {"data": rows, "count": len(rows)}


def _check_known(case_type: str | None, state: str | None) -> None:
    """An unknown filter value is refused (422), never answered with nothing."""
    if case_type is not None and case_type not in CASE_TYPES:
        raise MovementRuleViolation(
            f"type is one of {', '.join(sorted(CASE_TYPES))}",
            field="type",
            rule="case_type_unknown",
        )
    types = [CASE_TYPES[case_type]] if case_type else list(CASE_TYPES.values())
    if state is not None and not any(state in t.states() for t in types):
        raise MovementRuleViolation(
            "state is not a state of that case type",
            field="state",
            rule="state_unknown",
        )


def _case_in_scope(container: Container, principal: Principal, raw: str) -> Any:
    try:
        case_id = UUID(raw)
    except ValueError:
        raise CaseNotFound("no such case") from None
    case = container.registry.get_case(case_id)
    if not may_see_case(principal, case.school_urn, case.la_codes):
        raise CaseNotFound("no such case")  # as for a case never opened
    return case


def _working_la(principal: Principal, case: Any) -> str:
    """Deadlines count on the calendar of the LA reading, else the case's first."""
    if principal.la and principal.la in case.la_codes:
        return str(principal.la)
    return str(case.la_codes[0]) if case.la_codes else ""
