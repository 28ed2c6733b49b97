"""The schools reference: which LA each school belongs to (scopes depend on it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from events.identifiers import URN, LACode
from services.access.scopes import check_school_scope
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.problems import NotFound
from services.api.schemas import SchoolPublic, SchoolUpsert
from services.reference.schools import School

router = APIRouter(prefix="/v1/schools", tags=["schools"])

Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
Viewer = Annotated[
    Principal, Depends(require(Role.SCHOOL, Role.LA, Role.DSL, Role.ADMIN))
]


@router.put("/{urn}", response_model=SchoolPublic, operation_id="upsert_school")
def upsert_school(
    container: ContainerDep, principal: Admin, urn: str, body: SchoolUpsert
) -> SchoolPublic:
    """Create or update a school in the reference (admin)."""
    school = School(
        urn=str(URN.parse(urn, field="urn")),
        la_code=str(LACode.parse(body.la_code, field="la_code")),
        name=body.name,
        phase=body.phase,
        laestab=body.laestab,
        status=body.status,
        type_group=body.type_group,
        establishment_type=body.establishment_type,
    )
    container.schools.upsert(school)
    return _public(school)


@router.get("/{urn}", response_model=SchoolPublic, operation_id="get_school")
def get_school(container: ContainerDep, principal: Viewer, urn: str) -> SchoolPublic:
    """A school in the caller's scope."""
    school = container.schools.get(str(URN.parse(urn, field="urn")))
    if school is None:
        raise NotFound("no such school in the reference")
    check_school_scope(principal, school.urn, school.la_code)
    return _public(school)


def _public(school: School) -> SchoolPublic:
    return SchoolPublic(
        urn=school.urn,
        la_code=school.la_code,
        name=school.name,
        phase=school.phase,
        laestab=school.laestab,
        status=school.status,
        type_group=school.type_group,
        establishment_type=school.establishment_type,
    )
