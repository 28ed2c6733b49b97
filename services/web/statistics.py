"""A statistician's page: the disclosure-controlled census exit table, with CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from events.school_calendar import AcademicYear
from services.access.tokens import Principal, Role
from services.api.routers import statistics
from services.web.pages import PageRoute, container_of, render, signed_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "official_statistics"  # events.processing_limits.PURPOSES
Statistician = Annotated[Principal, Depends(signed_in(Role.STATISTICIAN, Role.ADMIN))]
LEVELS = ["national", "region", "la"]


@router.get("/statistics")
def tables(request: Request, principal: Statistician) -> HTMLResponse:
    year, level = _choice(request)
    table: dict[str, Any] = statistics.census_exits(
        container_of(request),
        principal,
        year,
        level,  # type: ignore[arg-type]
    )
    return render(
        request, "statistics.html", title="Exits around the January census",
        table=table, year=year, level=level, levels=LEVELS,
    )  # fmt: skip


@router.get("/statistics/census-exits.csv")
def download(request: Request, principal: Statistician) -> Response:
    year, level = _choice(request)
    return statistics.census_exits_csv(
        container_of(request),
        principal,
        year,
        level,  # type: ignore[arg-type]
    )


def _choice(request: Request) -> tuple[str, str]:
    today = container_of(request).registry.clock().date()
    last_complete = AcademicYear(AcademicYear.containing(today).start_year - 1)
    year = request.query_params.get("academic_year") or str(last_complete)
    level = request.query_params.get("level") or "national"
    return year, level if level in LEVELS else "national"
