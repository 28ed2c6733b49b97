"""The API documented as it behaves, and its docs page served without a CDN.

Every operation lists the problem responses it can give as application/problem+json
(the error registry in problems.py answers them all); the Swagger UI page (version 5,
which reads the OpenAPI 3.1 this app serves) loads its scripts and styles from the
`swagger-ui-dist` npm package (`make assets`), served by the app itself, so it
renders on an LA network with no internet.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from services.api import purposes

log = logging.getLogger("pmr.api")
ASSETS = "/docs-assets"
ROOT = Path(__file__).resolve().parents[2]
SWAGGER_UI = Path(
    os.environ.get("PMR_DOCS_ASSETS", ROOT / "web" / "node_modules" / "swagger-ui-dist")
)
PROBLEMS = {
    "401": "no valid bearer token",
    "403": "outside the caller's scope",
    "404": "nothing here the caller may know of",
    "409": "conflicts with what is recorded (a duplicate, a reused key, a state)",
    "413": "request body too large",
    "422": "refused: names the field and the rule",
    "429": "too many wrong first contacts with a child; retry after Retry-After",
    "503": "not ready or busy; retry after the Retry-After seconds",
}
PROBES = frozenset({"healthz", "readyz", "metrics"})
# Operations that can conflict with what is recorded (a duplicate, a reused key, a
# state that does not allow the step).
CONFLICTS = frozenset(
    {"record_movement", "correct_movement", "withdraw_movement", "record_step",
     "open_case", "transition_case", "assign_case", "acknowledge_alert",
     "snooze_alert", "resolve_alert"}
)  # fmt: skip
# Operations without a path parameter that name a child in the body (404 when it is
# not the caller's to know).
NAMES_A_CHILD = frozenset({"lookup_pupil", "open_case", "make_rights_request"})
# Operations that identify a child by UPN and date of birth (first contact).
FIRST_CONTACT = frozenset({"record_movement", "check_movement"})


def _example(status: int, title: str, rule: str, detail: str, field: str) -> Any:
    errors = [{"field": field, "rule": rule, "message": detail}] if field else None
    body = {"type": f"/problems/{rule.replace('_', '-')}", "title": title,
            "status": status, "detail": detail}  # fmt: skip
    return {**body, "errors": errors} if errors else body


EXAMPLES: dict[str, Any] = {
    "401": _example(401, "Unauthorized", "unauthorized",
                    "a valid bearer token is required", ""),
    "403": _example(403, "Forbidden", "forbidden",
                    "this school is outside your scope", "urn"),
    "404": _example(404, "Not Found", "not_found", "no record for this pupil_key", ""),
    "409": _example(409, "Conflict", "movement_duplicate",
                    "this movement is already recorded", "body"),
    "413": _example(413, "Content Too Large", "body_too_large",
                    "the request body is too large", ""),
    "422": _example(422, "Unprocessable Content", "upn_check_letter",
                    "the UPN check letter does not match", "pupil.upn"),
    "429": _example(429, "Too Many Requests", "first_contact_limited",
                    "too many wrong dates of birth for this child today",
                    "pupil.date_of_birth"),
    "503": _example(503, "Service Unavailable", "database_unavailable",
                    "the register's database is unavailable; retry shortly", ""),
}  # fmt: skip
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "rule": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}


def install(app: FastAPI) -> None:
    """Problem responses in the OpenAPI document; /docs from local assets."""
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    if (SWAGGER_UI / "swagger-ui-bundle.js").is_file():
        app.mount(ASSETS, StaticFiles(directory=SWAGGER_UI), name="docs-assets")
        app.add_route("/docs", _docs_page, include_in_schema=False)
    else:  # the API and /openapi.json work without it
        log.warning("Swagger UI not found at %s: run `make assets`", SWAGGER_UI)
        app.add_route("/docs", _no_docs_page, include_in_schema=False)


async def _no_docs_page(request: Request) -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html><title>API docs</title><p>The docs page needs the "
        "swagger-ui-dist assets (<code>make assets</code>, or set PMR_DOCS_ASSETS). "
        'The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p>',
        status_code=503,
    )


async def _docs_page(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Pupil movement register",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
    )


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
        PROBLEM_SCHEMA
    )
    problem = {"$ref": "#/components/schemas/Problem"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in statuses_of(path, method, operation.get("operationId", "")):
                responses[status] = {
                    "description": PROBLEMS[status],
                    "content": {
                        "application/problem+json": {
                            "schema": problem,
                            "example": EXAMPLES[status],
                        }
                    },
                }
    app.openapi_schema = purposes.install(schema)
    return schema


def statuses_of(path: str, method: str, operation_id: str) -> list[str]:
    """The problem statuses an operation can answer with (docs/errors.md)."""
    if operation_id in PROBES:
        return ["503"]
    statuses = ["401", "403", "422", "503"]
    if "{" in path or operation_id in NAMES_A_CHILD:
        statuses.append("404")
    if method in ("post", "put", "patch"):
        statuses.append("413")
    if operation_id in CONFLICTS:
        statuses.append("409")
    if operation_id in FIRST_CONTACT:
        statuses.append("429")
    return sorted(statuses)
