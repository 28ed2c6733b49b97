"""Default deny: every route but the probes declares the roles it admits."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute

from events.movements import MovementType
from services.api.main import create_app
from services.api.routers.health import PUBLIC_PATHS
from services.web.signin import PUBLIC_PAGES


def declared_roles(route: APIRoute) -> set[str]:
    roles: set[str] = set()
    stack = list(route.dependant.dependencies)
    while stack:
        dependency = stack.pop()
        roles.update(getattr(dependency.call, "pmr_roles", ()))
        stack.extend(dependency.dependencies)
    return roles


def api_routes(routes: list[Any]) -> list[APIRoute]:
    """APIRoutes, looking inside included routers (FastAPI >= 0.16x nests them)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif (router := getattr(route, "original_router", None)) is not None:
            found.extend(api_routes(router.routes))
    return found


def test_every_route_declares_its_roles() -> None:
    app = create_app()
    routes = api_routes(app.routes)
    assert len(routes) >= 8
    undeclared = [
        r.path
        for r in routes
        if r.path not in PUBLIC_PATHS | PUBLIC_PAGES and not declared_roles(r)
    ]
    assert undeclared == []


def test_openapi_has_an_example_per_movement_type() -> None:
    schema = create_app().openapi()
    body = schema["paths"]["/v1/movements"]["post"]["requestBody"]["content"]
    examples = body["application/json"]["examples"]
    assert {t.value for t in MovementType} == set(examples)
