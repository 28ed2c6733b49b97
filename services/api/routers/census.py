"""January-census spike reports: per school, per LA, and a chart (schools and LAs)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from events.identifiers import URN, LACode
from events.school_calendar import AcademicYear
from projections.census.report import (
    la_report,
    school_report,
    weekly_exits,
)
from services.access.scopes import check_la_scope, check_school_scope
from services.access.tokens import Principal, Role
from services.api.census_models import CensusSpikeReport, LaCensusSpikes
from services.api.deps import ContainerDep, require
from services.api.problems import NotFound
from services.app.bootstrap import Container
from services.statistics.census_chart import weekly_svg
from services.statistics.census_inputs import report_inputs

router = APIRouter(prefix="/v1", tags=["census"])

Reader = Annotated[
    Principal, Depends(require(Role.SCHOOL, Role.LA, Role.DSL, Role.ADMIN))
]
Baseliner = Annotated[Principal, Depends(require(Role.LA, Role.ADMIN))]
YearQuery = Annotated[str, Query(description="academic year, e.g. 2025-26")]


class HeadcountsUpsert(BaseModel):
    """January census headcounts by year group (the denominators of rates)."""

    model_config = ConfigDict(extra="forbid")

    headcounts: dict[str, Annotated[int, Field(ge=0, le=5000)]]


@router.put("/schools/{urn}/census/{academic_year}", operation_id="put_census")
def put_census(
    container: ContainerDep,
    principal: Baseliner,
    urn: str,
    academic_year: str,
    body: HeadcountsUpsert,
) -> dict[str, Any]:
    """Record a school's January census headcounts for an academic year."""
    school = _school_in_scope(container, principal, urn)
    year = AcademicYear.parse(academic_year, field="academic_year")
    container.census.put(school, year, body.headcounts)
    return {"urn": school, "academic_year": str(year), "headcounts": body.headcounts}


@router.get(
    "/schools/{urn}/census-spike",
    operation_id="school_census_spike",
    response_model=CensusSpikeReport,
)
def school_census_spike(
    container: ContainerDep,
    principal: Reader,
    urn: str,
    academic_year: YearQuery,
    as_known_at: Annotated[datetime | None, Query()] = None,
) -> dict[str, Any]:
    """Exits before and after the spring census by year group, scored and flagged."""
    school = _school_in_scope(container, principal, urn)
    year = AcademicYear.parse(academic_year, field="academic_year")
    return school_report(
        container.db, report_inputs(container, year), school, year, as_known_at
    )


@router.get(
    "/schools/{urn}/census-spike.svg",
    operation_id="school_census_spike_chart",
    response_class=Response,
)
def school_census_spike_chart(
    container: ContainerDep, principal: Reader, urn: str, academic_year: YearQuery
) -> Response:
    """Weekly exits around census day against the school's expected rate."""
    school = _school_in_scope(container, principal, urn)
    year = AcademicYear.parse(academic_year, field="academic_year")
    report = school_report(container.db, report_inputs(container, year), school, year)
    census, weeks = weekly_exits(container.db, school, year)
    known = container.schools.get(school)
    svg = weekly_svg(known.name if known else school, str(year), census, weeks, report)
    return Response(svg, media_type="image/svg+xml")


@router.get(
    "/la/{la_code}/census-spikes",
    operation_id="la_census_spikes",
    response_model=LaCensusSpikes,
)
def la_census_spikes(
    container: ContainerDep,
    principal: Annotated[Principal, Depends(require(Role.LA, Role.DSL, Role.ADMIN))],
    la_code: str,
    academic_year: YearQuery,
) -> dict[str, Any]:
    """The LA's schools ranked by spike score, with the reasons for each flag."""
    la = str(LACode.parse(la_code, field="la_code"))
    check_la_scope(principal, la)
    year = AcademicYear.parse(academic_year, field="academic_year")
    return la_report(container.db, report_inputs(container, year), la, year)


def _school_in_scope(container: Container, principal: Principal, raw: str) -> str:
    urn = str(URN.parse(raw, field="urn"))
    school = container.schools.get(urn)
    if school is None:
        raise NotFound("no such school in the reference")
    check_school_scope(principal, urn, school.la_code)
    return urn
