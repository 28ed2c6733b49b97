"""Term dates: the calendars every count of school days uses.

An LA loads the dates it fixes for its community and voluntary controlled schools;
an academy, foundation or voluntary aided school (or its LA, or an admin) loads its
own (School Standards and Framework Act 1998 s41). Rules and case deadlines count
on the school's dates, else its LA's, else England's default.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from events.identifiers import LACode
from events.school_calendar import AcademicYear
from events.term_dates import TermDates
from services.access.scopes import check_la_scope, check_school_scope
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.work_models import TermDatesUpsert
from services.recording.service import known_school

router = APIRouter(prefix="/v1", tags=["casework"])


def _checked(academic_year: str, body: TermDatesUpsert) -> TermDates:
    year = AcademicYear.parse(academic_year, field="academic_year")
    return TermDates.checked(year, [(t.start, t.end) for t in body.terms])


@router.put("/la/{la_code}/term-dates/{academic_year}", operation_id="put_term_dates")
def put_term_dates(
    container: ContainerDep,
    principal: Annotated[Principal, Depends(require(Role.LA, Role.ADMIN))],
    la_code: str,
    academic_year: str,
    body: TermDatesUpsert,
) -> TermDatesUpsert:
    """The LA's term dates for a year (its schools' counts then use them)."""
    la = str(LACode.parse(la_code, field="la_code"))
    check_la_scope(principal, la)
    container.term_dates.put(la, _checked(academic_year, body))
    return body


@router.put(
    "/schools/{urn}/term-dates/{academic_year}",
    operation_id="put_school_term_dates",
)
def put_school_term_dates(
    container: ContainerDep,
    principal: Annotated[Principal, Depends(require(Role.SCHOOL, Role.LA, Role.ADMIN))],
    urn: str,
    academic_year: str,
    body: TermDatesUpsert,
) -> TermDatesUpsert:
    """A school's own term dates for a year (they stand before its LA's)."""
    school = known_school(container, urn, "urn")
    urn = school.urn if school else urn
    check_school_scope(principal, urn, school.la_code if school else None)
    container.term_dates.put_school(urn, _checked(academic_year, body))
    return body
