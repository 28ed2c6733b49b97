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
    "503": "not ready or busy; retry after the Retry-After seconds",
}
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
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, meaning in PROBLEMS.items():
                responses[status] = {
                    "description": meaning,
                    "content": {"application/problem+json": {"schema": problem}},
                }
    app.openapi_schema = purposes.install(schema)
    return schema
