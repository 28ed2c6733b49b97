"""Disclosure-controlled statistics of every movement route (JSON, and CSV with its
metadata in the Explore Education Statistics open-data shape)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Hashable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from events.school_calendar import AcademicYear
from projections.census.exit_statistics import META_COLUMNS
from projections.history.pupil_history import PupilHistory
from projections.statistics.movement_statistics import (
    BREAKDOWNS,
    columns,
    metadata,
    movement_statistics,
)
from services.access.tokens import Principal
from services.api.deps import ContainerDep
from services.api.problems import NotFound
from services.api.routers.statistics import LevelQuery, Statistician, YearQuery
from services.api.schemas import NO_NUL
from services.app.bootstrap import Container
from services.reference.versions import read_versions
from services.statistics.csv_files import csv_response
from services.statistics.releases import freeze, regenerate, releases

log = logging.getLogger("pmr.api")
CACHED_TABLES = 64
_CACHE: dict[Hashable, dict[str, Any]] = {}
router = APIRouter(prefix="/v1/statistics", tags=["statistics"])

By = Annotated[
    Literal[
        "sen_provision",
        "fsm_eligible",
        "looked_after",
        "child_in_need",
        "child_protection_plan",
        "year_group",
        "ethnicity_major",
        "reason",
        "lawfulness",
    ]
    | None,
    Query(description="one pupil characteristic to break the counts down by"),
]


@router.get("/movements", operation_id="movement_statistics")
def movements(
    container: ContainerDep,
    principal: Statistician,
    academic_year: YearQuery,
    level: LevelQuery = "national",
    by: By = None,
) -> dict[str, Any]:
    """Movements by term, route and (optionally) a pupil characteristic; the hidden
    moves per permanent exclusion; each group's relative risk of each route.

    Counts below the threshold, and counts mostly from one school, are "c" with
    complementary cells suppressed across every total of the table; areas of fewer
    than 3 schools are "c" whole; counts are rounded (5 for LA and region, 10
    nationally). Definitions: docs/movement-statistics.md.
    """
    return _table(container, principal, academic_year, level, by)


@router.get(
    "/movements.csv", operation_id="movement_statistics_csv", response_class=Response
)
def movements_csv(
    container: ContainerDep,
    principal: Statistician,
    academic_year: YearQuery,
    level: LevelQuery = "national",
    by: By = None,
) -> Response:
    """The same counts as CSV in the column order of DfE's open data standards."""
    rows = _table(container, principal, academic_year, level, by)["rows"]
    name = f"movements_{level}_{academic_year.replace('-', '')}.csv"
    return csv_response(columns(level, by), rows, name)


@router.get(
    "/movements.meta.csv",
    operation_id="movement_statistics_metadata",
    response_class=Response,
)
def movements_metadata(principal: Statistician, by: By = None) -> Response:
    """The data file's metadata in the shape Explore Education Statistics expects
    (ask with the same `by` as the data file: without one, the pupil-group filter
    is left out of both)."""
    return csv_response(META_COLUMNS, metadata(by))


def _table(
    container: Container, principal: Principal, raw: str, level: str, by: str | None
) -> dict[str, Any]:
    year = AcademicYear.parse(raw, field="academic_year")
    assert by is None or by in BREAKDOWNS  # the query's Literal admits no other
    # The audit's linear programmes take seconds for a whole country by a fine
    # breakdown; the table changes only when the history or a reference does.
    key = (
        container.settings.database_url,  # positions repeat across databases
        str(year),
        level,
        by,
        container.applied(PupilHistory.name),
        read_versions(container.db),
    )
    table = _CACHE.get(key)
    if table is None:
        table = movement_statistics(
            container.db,
            year,
            level,
            container.schools.places(),
            by,
            headcounts=container.census.all_schools(year),
        )
        if len(_CACHE) >= CACHED_TABLES:
            _CACHE.pop(next(iter(_CACHE)))  # the oldest
        _CACHE[key] = table
    log.info(  # no personal data: the log is the audit of who pulled what
        "statistics read",
        extra={"table": "movements", "level": level, "academic_year": str(year),
               "by": by, "role": principal.role.value, "sub": principal.sub},
    )  # fmt: skip
    return table


class ReleaseCreate(BaseModel):
    """Freeze a year's movement statistics at the log's current position."""

    model_config = ConfigDict(extra="forbid")
    academic_year: str = Field(max_length=7, description="e.g. 2025-26")


@router.post("/releases", status_code=201, operation_id="create_statistics_release")
def create_release(
    container: ContainerDep, principal: Statistician, body: ReleaseCreate
) -> dict[str, Any]:
    """A release: the files' digests, the log position and the rules version."""
    year = AcademicYear.parse(body.academic_year, field="academic_year")
    return freeze(container, year).public()


@router.get("/releases", operation_id="list_statistics_releases")
def list_releases(container: ContainerDep, principal: Statistician) -> dict[str, Any]:
    """Every release, oldest first."""
    found = [r.public() for r in releases(container)]
    return {"data": found, "count": len(found)}


@router.get(
    "/releases/{release_id}/{name}",
    operation_id="statistics_release_file",
    response_class=Response,
)
def release_file(
    container: ContainerDep,
    principal: Statistician,
    release_id: Annotated[str, PathParam(max_length=100, pattern=NO_NUL)],
    name: Annotated[str, PathParam(max_length=200, pattern=NO_NUL)],
) -> Response:
    """One file of a release, made again from the log and checked against its
    digest (409 if it no longer reproduces)."""
    with tempfile.TemporaryDirectory() as scratch:
        try:
            written = regenerate(container, release_id, Path(scratch))
        except KeyError:
            raise NotFound("no such release") from None
        chosen = next((p for p in written if p.name == name), None)
        if chosen is None:
            raise NotFound("no such file in this release")
        content = chosen.read_bytes()
    kind = "text/markdown" if name.endswith(".md") else "text/csv"
    return Response(content, media_type=f"{kind}; charset=utf-8")
