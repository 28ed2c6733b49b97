"""Record-level research extracts: for a researcher's approved project only,
pseudonymised, children who restricted or objected to processing left out, every
child included logged under the project (UK GDPR art. 89 safeguards)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from events.school_calendar import AcademicYear
from projections.statistics.research_extract import COLUMNS, research_rows
from services.access.audit import audit
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.problems import Forbidden
from services.api.schemas import NO_NUL
from services.privacy.research_projects import ResearchProject
from services.statistics.csv_files import csv_response

router = APIRouter(prefix="/v1/research", tags=["statistics"])
Researcher = Annotated[Principal, Depends(require(Role.RESEARCHER))]
Controller = Annotated[Principal, Depends(require(Role.ADMIN))]


class ProjectApproval(BaseModel):
    """The controller's approval of one research project's access."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    purpose: str = Field(
        min_length=1,
        max_length=500,
        pattern=NO_NUL,
        description="what the extract is used for",
    )
    approved_on: date = Field(description="from this day")
    approved_until: date = Field(description="to this day, inclusive")


@router.put("/projects/{project_id}", operation_id="approve_research_project")
def approve_research_project(
    container: ContainerDep,
    principal: Controller,
    project_id: Annotated[str, Path(min_length=1, max_length=100, pattern=NO_NUL)],
    body: ProjectApproval,
) -> dict[str, Any]:
    """Approve a project (or change its approval: renew it, or end it early)."""
    project = ResearchProject(
        project_id, body.title, body.purpose, principal.sub,
        body.approved_on, body.approved_until,
    )  # fmt: skip
    container.research_projects.approve(project)
    return project.as_dict()


@router.get("/projects", operation_id="list_research_projects")
def list_research_projects(
    container: ContainerDep, principal: Controller
) -> list[dict[str, Any]]:
    return [p.as_dict() for p in container.research_projects.all()]


@router.get("/movements.csv", operation_id="research_extract", response_class=Response)
def research_extract(
    container: ContainerDep,
    principal: Researcher,
    academic_year: Annotated[str, Query(description="academic year, e.g. 2025-26")],
) -> Response:
    """One year's movements as the record now stands, a row each, under pseudonyms
    that hold for this extract only; every child included is written to the access
    log under the researcher's project."""
    project = container.research_projects.get(principal.project or "")
    today = container.registry.clock().date()
    if project is None or not project.approved_on_day(today):
        raise Forbidden(
            "this token's research project is not approved today", field="project"
        )
    year = AcademicYear.parse(academic_year, field="academic_year")
    rows, included = research_rows(
        container.db, year, container.settings.pseudonym_secret
    )
    # Logged per child under the purpose, with the project as the organisation.
    audit(container, principal, included, "research_extract", "research_extract")
    name = f"movements_research_{str(year).replace('-', '')}.csv"
    return csv_response(COLUMNS, rows, name)
