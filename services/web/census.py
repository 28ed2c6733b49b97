"""Census-spike pages: one school's chart with its figures and the reasons for any
flag, and an LA's schools ranked, each linked to its chart (the API's reports)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from events.school_calendar import AcademicYear
from projections.census.report import weekly_exits
from services.access.tokens import Principal, Role
from services.api.routers import census
from services.statistics.census_chart import weekly_rows
from services.web.pages import PageRoute, container_of, render, signed_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "casework"  # events.processing_limits.PURPOSES
Reader = Annotated[
    Principal, Depends(signed_in(Role.SCHOOL, Role.LA, Role.DSL, Role.ADMIN))
]
LaReader = Annotated[Principal, Depends(signed_in(Role.LA, Role.DSL, Role.ADMIN))]


@router.get("/schools/{urn}/census")
def school_chart(request: Request, principal: Reader, urn: str) -> HTMLResponse:
    """The chart, and the same figures as a table (scope checked by the API)."""
    container, year = container_of(request), _year(request)
    report = census.school_census_spike(container, principal, urn, year, None)
    chart = census.school_census_spike_chart(container, principal, urn, year)
    school = container.schools.get(report["urn"])
    # The chart's own figures, for the table beneath it (scope checked above).
    census_day, weeks = weekly_exits(
        container.db, report["urn"], AcademicYear.parse(year)
    )
    return render(
        request,
        "school_census.html",
        title="Exits before the January census",
        report=report,
        chart=Markup(bytes(chart.body).decode()),  # noqa: S704  # our own SVG
        year=year,
        weeks=weekly_rows(census_day, weeks),
        school_name=school.name if school else report["urn"],
    )


@router.get("/la/census")
def la_ranking(request: Request, principal: LaReader) -> HTMLResponse:
    """The LA's schools, flagged first, with the reasons for each flag."""
    la = request.query_params.get("la") or principal.la or ""
    year = _year(request)
    ranking: dict[str, Any] = census.la_census_spikes(
        container_of(request), principal, la, year
    )
    names = {
        s["urn"]: getattr(container_of(request).schools.get(s["urn"]), "name", s["urn"])
        for s in ranking["schools"]
    }
    return render(
        request, "la_census.html", title="Exits before the January census",
        ranking=ranking, names=names, year=year,
    )  # fmt: skip


def _year(request: Request) -> str:
    if chosen := request.query_params.get("academic_year"):
        return chosen
    return str(AcademicYear.containing(container_of(request).registry.clock().date()))
