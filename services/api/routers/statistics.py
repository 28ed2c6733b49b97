"""Disclosure-controlled statistics: the only census figures a statistician sees."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from events.school_calendar import AcademicYear
from projections.census.exit_statistics import (
    META_COLUMNS,
    census_exit_statistics,
    metadata_rows,
    table_columns,
)
from services.access.tokens import Principal, Role
from services.api.census_models import CensusExitStatistics
from services.api.deps import ContainerDep, require
from services.app.bootstrap import Container
from services.statistics.csv_files import csv_response

log = logging.getLogger("pmr.api")
router = APIRouter(prefix="/v1/statistics", tags=["statistics"])

Statistician = Annotated[Principal, Depends(require(Role.STATISTICIAN, Role.ADMIN))]
YearQuery = Annotated[str, Query(description="academic year, e.g. 2025-26")]
LevelQuery = Annotated[
    Literal["national", "region", "la"],
    Query(description="geographic level: national, region or la"),
]


@router.get(
    "/census-exits",
    operation_id="census_exit_statistics",
    response_model=CensusExitStatistics,
)
def census_exits(
    container: ContainerDep,
    principal: Statistician,
    academic_year: YearQuery,
    level: LevelQuery = "national",
) -> dict[str, Any]:
    """Exits off roll before and after the spring census, by year group and route.

    Counts of 1-4, and counts more than 80% of which come from one school, are "c"
    (with complementary cells suppressed so totals cannot reveal them), areas of
    fewer than 3 schools are "c" whole, and counts are rounded to 5 (LA, region)
    or 10 (national). No school or child is named.
    """
    return _table(container, principal, academic_year, level)


@router.get(
    "/census-exits.csv",
    operation_id="census_exit_statistics_csv",
    response_class=Response,
)
def census_exits_csv(
    container: ContainerDep,
    principal: Statistician,
    academic_year: YearQuery,
    level: LevelQuery = "national",
) -> Response:
    """The same table as CSV in the column order of DfE's open data standards."""
    rows = _table(container, principal, academic_year, level)["rows"]
    name = f"census_exits_{level}_{academic_year.replace('-', '')}.csv"
    return csv_response(table_columns(level), rows, name)


@router.get(
    "/census-exits.meta.csv",
    operation_id="census_exit_statistics_metadata",
    response_class=Response,
)
def census_exits_metadata(principal: Statistician) -> Response:
    """The table's metadata file in the shape Explore Education Statistics expects."""
    return csv_response(META_COLUMNS, metadata_rows())


def _table(
    container: Container, principal: Principal, raw_year: str, level: str
) -> dict[str, Any]:
    year = AcademicYear.parse(raw_year, field="academic_year")
    table = census_exit_statistics(
        container.db,
        year,
        level,
        container.census.all_schools(year),
        container.schools.places(),
    )
    # Who pulled which aggregate: no personal data, so the log is the audit.
    log.info(
        "statistics read",
        extra={
            "table": "census_exits",
            "level": level,
            "academic_year": str(year),
            "role": principal.role.value,
            "sub": principal.sub,
        },
    )
    return table
