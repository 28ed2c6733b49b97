"""An operator's landing page: the local authorities the schools reference holds,
each with its queue, findings and census ranking (an operator's scope is every LA)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from services.access.tokens import Principal, Role
from services.web.pages import PageRoute, container_of, la_name, render, signed_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "operations"  # events.processing_limits.PURPOSES
Operator = Annotated[Principal, Depends(signed_in(Role.ADMIN))]


@router.get("/admin")
def landing(request: Request, principal: Operator) -> HTMLResponse:
    """No child is named here: counts of schools per LA, from the reference."""
    schools = container_of(request).schools.schools_per_la()
    las = [
        {"code": code, "name": la_name(code), "schools": count}
        for code, count in schools.items()
    ]
    return render(request, "admin.html", title="Local authorities", las=las)
