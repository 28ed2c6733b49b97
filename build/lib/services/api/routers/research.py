"""Record-level research extracts (pseudonymised; children who restricted or
objected to processing left out)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from events.school_calendar import AcademicYear
from projections.research_extract import COLUMNS, research_rows
from services.api.audit import audit
from services.api.auth import Principal, Role
from services.api.deps import ContainerDep, require
from services.csv_files import csv_response

router = APIRouter(prefix="/v1/research", tags=["statistics"])
Researcher = Annotated[Principal, Depends(require(Role.STATISTICIAN, Role.ADMIN))]


@router.get("/movements.csv", operation_id="research_extract", response_class=Response)
def research_extract(
    container: ContainerDep,
    principal: Researcher,
    academic_year: Annotated[str, Query(description="academic year, e.g. 2025-26")],
) -> Response:
    """One year's movements, a row each, under pseudonyms that hold for this
    extract only; every child included is written to the access log."""
    year = AcademicYear.parse(academic_year, field="academic_year")
    rows, included = research_rows(
        container.db, year, container.settings.pseudonym_secret
    )
    audit(container, principal, included, "research_extract", "research_extract")
    name = f"movements_research_{str(year).replace('-', '')}.csv"
    return csv_response(COLUMNS, rows, name)
