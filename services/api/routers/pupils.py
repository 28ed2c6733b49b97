"""Reading a child's record: lookup by UPN, history, and who saw it (audited)."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from events.errors import InvalidDate, MovementRuleViolation, PupilNotFound
from events.identifiers import UPN
from events.nhs_number import NHSNumber
from projections.history.pupil_history import HistoryQuery, history
from services.access.audit import audit
from services.access.scopes import check_may_read_pupil, may_read_pupil
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.problems import Forbidden, NotFound, problem
from services.api.schemas import ErasureCreate, LookupCreate, LookupPublic
from services.app.bootstrap import Container
from services.privacy.erasure import erase
from services.recording.service import find_child

router = APIRouter(prefix="/v1/pupils", tags=["pupils"])
EARLIEST_KNOWN = date(2000, 1, 1)
# Of the server's 40 worker threads, at most this many wait for the projection.
WAITERS = threading.BoundedSemaphore(8)
WAIT_SECONDS = 2.0

Reader = Annotated[
    Principal,
    Depends(require(Role.SCHOOL, Role.LA, Role.DSL, Role.ADMIN, Role.SUBJECT)),
]
Finder = Annotated[
    Principal, Depends(require(Role.SCHOOL, Role.LA, Role.DSL, Role.ADMIN))
]
Subject = Annotated[Principal, Depends(require(Role.SUBJECT, Role.ADMIN))]


@router.post("/lookup", response_model=LookupPublic, operation_id="lookup_pupil")
def lookup_pupil(
    container: ContainerDep, principal: Finder, body: LookupCreate
) -> LookupPublic:
    """Find the pupil_key for a UPN or an NHS number, only for a child in the
    caller's scope."""
    if (body.upn is None) == (body.nhs_number is None):
        raise MovementRuleViolation(
            "send either upn or nhs_number", field="upn", rule="one_identifier"
        )
    if body.nhs_number is not None:
        number = str(NHSNumber.parse(body.nhs_number, field="nhs_number"))
        pupil_key = container.vault.find_by_nhs_number(number)
    else:
        pupil_key = find_child(container, UPN.parse(str(body.upn), field="upn"))
    pupil = _pupil_or_none(container, pupil_key)
    if pupil is None or not may_read_pupil(principal, pupil):
        # Same answer for "unknown" and "not yours": existence is not disclosed.
        raise NotFound("no child with this identifier in your scope")
    action = "lookup_nhs_number" if body.nhs_number else "lookup"
    audit(container, principal, [pupil.pupil_key], action)
    return LookupPublic(pupil_key=pupil.pupil_key)


@router.get("/{pupil_key}/history", operation_id="pupil_history", response_model=None)
def pupil_history(
    container: ContainerDep,
    principal: Reader,
    pupil_key: str,
    as_known_at: Annotated[datetime | None, Query()] = None,
    min_position: Annotated[int | None, Query(ge=0)] = None,
) -> Any:
    """The child's movements with effective and recorded times, as known at a moment."""
    today = container.registry.clock().date()
    if as_known_at is not None and not (
        EARLIEST_KNOWN <= as_known_at.date() <= today + timedelta(days=1)
    ):
        raise InvalidDate(
            f"as_known_at lies between {EARLIEST_KNOWN} and today",
            field="as_known_at",
            rule="as_known_at_out_of_range",
        )
    pupil = container.registry.get_pupil(pupil_key)
    check_may_read_pupil(principal, pupil)
    if min_position and not _wait_bounded(container, min_position, pupil_key):
        return problem(
            503,
            "Service Unavailable",
            "the history has not caught up with that position yet",
            "projection_behind",
            headers={"Retry-After": "1"},
        )
    audit(container, principal, [pupil_key], "history")
    record = history(
        container.db,
        HistoryQuery(pupil_key, as_known_at, None if as_known_at else today),
    )
    return visible_to(principal, pupil, record)


@router.get("/{pupil_key}/access-log", operation_id="pupil_access_log")
def pupil_access_log(
    container: ContainerDep, principal: Subject, pupil_key: str
) -> dict[str, Any]:
    """Who read this child's record, when and why (for the child or parent)."""
    if principal.role is Role.SUBJECT and principal.pupil_key != pupil_key:
        raise Forbidden("a subject sees only their own record", field="pupil_key")
    container.registry.get_pupil(pupil_key)  # 404 for a child never held
    entries = container.access_log.for_pupil(pupil_key)
    audit(container, principal, [pupil_key], "access_log")
    return {"pupil_key": pupil_key, "data": entries, "count": len(entries)}


def visible_to(principal: Principal, pupil: Any, record: dict[str, Any]) -> Any:
    """A school sees what names it, and the rest from the moment it first recorded
    the child, by *recorded* time: a date the school can correct (an admission
    moved back to 2011) never opens the child's earlier life to it."""
    if principal.role not in (Role.SCHOOL, Role.DSL) or not principal.urn:
        return record
    urn = principal.urn
    since = min(
        (
            e["recorded_at"]
            for e in record["events"]
            if urn in (e.get("from_urn"), e.get("to_urn"))
        ),
        default=None,
    )

    def shown(event: dict[str, Any]) -> bool:
        names = urn in (event.get("from_urn"), event.get("to_urn"))
        return names or (since is not None and event["recorded_at"] >= since)

    record["events"] = [e for e in record["events"] if shown(e)]
    return record


def _wait_bounded(container: Container, position: int, pupil_key: str) -> bool:
    """Wait for read-your-writes in at most a few threads, briefly: a crowd of
    waiters must not take every worker thread from unrelated requests."""
    if not WAITERS.acquire(blocking=False):
        return False
    try:
        return container.wait_for(position, pupil_key, timeout=WAIT_SECONDS)
    finally:
        WAITERS.release()


def _pupil_or_none(container: Container, pupil_key: str | None) -> Any:
    if pupil_key is None:
        return None
    try:
        return container.registry.get_pupil(pupil_key)
    except PupilNotFound:
        return None


@router.post(
    "/{pupil_key}/erasure",
    status_code=201,
    operation_id="erase_pupil",
    dependencies=[Depends(require(Role.ADMIN))],
)
def erase_pupil(
    container: ContainerDep, pupil_key: str, body: ErasureCreate
) -> dict[str, str]:
    """Destroy the child's identity (crypto-shredding); the erasure is an event."""
    erase(
        container,
        pupil_key,
        body.reason,
        {"kind": "admin", "urn": None, "la_code": None},
    )
    return {"pupil_key": pupil_key, "status": "erased"}
