"""The LA's register of children not in school (Education Act 1996 s436B, inserted
by CWSA 2026 s38), drawn from the movement log. Before s38 is commenced the same
list is the LA's voluntary one, and says so."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.cnis.information import (
    CnisInformation,
    read_information,
    record_information,
)
from services.cnis.register import register

router = APIRouter(prefix="/v1", tags=["children not in school"])
LaOfficer = Annotated[Principal, Depends(require(Role.LA, Role.ADMIN))]
# What the parents gave is for the LA's work only: an operator runs the register
# but has no need to read a family's names and addresses.
TheLa = Annotated[Principal, Depends(require(Role.LA))]


@router.get(
    "/la/{la_code}/children-not-in-school", operation_id="children_not_in_school"
)
def children_not_in_school(
    container: ContainerDep,
    principal: LaOfficer,
    la_code: str,
    reason: Annotated[str | None, Query(max_length=40)] = None,
    since: Annotated[date | None, Query()] = None,
    cursor: Annotated[int, Query(ge=0, le=10**15)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Children living in the LA's area, of compulsory school age, on no school's
    roll or registered with education arranged elsewhere or part time (cursor
    paged; filters by reason and since)."""
    return register(container, principal, la_code, reason, since, cursor, limit)


@router.put(
    "/la/{la_code}/children-not-in-school/{pupil_key}/information",
    operation_id="put_cnis_information",
)
def put_information(
    container: ContainerDep,
    principal: TheLa,
    la_code: str,
    pupil_key: str,
    body: CnisInformation,
) -> dict[str, Any]:
    """What the parents gave the LA about a child on its register (s436C, s436D),
    kept only in the vault; the answer says which items are held and owed."""
    return record_information(container, principal, la_code, pupil_key, body)


@router.get(
    "/la/{la_code}/children-not-in-school/{pupil_key}/information",
    operation_id="cnis_information",
)
def get_information(
    container: ContainerDep, principal: TheLa, la_code: str, pupil_key: str
) -> dict[str, Any]:
    """What the LA holds about a child on its register (a logged read)."""
    return read_information(container, principal, la_code, pupil_key)
