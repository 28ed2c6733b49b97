"""Every problem `type` the API answers with resolves to a page that explains it.

Problem types are relative URIs (`/problems/upn-check-letter`, RFC 9457 §3.1.1),
served here. The domain's and the services' refusals are read from the source that
raises them (the same reading as `docs/lawfulness.md`); the few the HTTP layer makes
itself are described below.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from services.documents.lawfulness import ValidityRule, raises_in

ROOT = Path(__file__).resolve().parents[2]
# The problems the HTTP layer raises itself: status and what it means.
GENERAL: dict[str, tuple[int, str]] = {
    "validation": (422, "The body or query does not parse: each error names the "
                   "field and what it must be."),
    "unauthorized": (401, "No valid bearer token was sent, or it has expired or "
                     "been revoked (signed out)."),
    "forbidden": (403, "The caller's role may not use this route, or the school or "
                  "LA named is outside its scope."),
    "not-found": (404, "There is nothing here the caller may know of: an unknown "
                  "resource and one outside the caller's scope answer the same."),
    "http": (405, "The method or path is not one the API serves."),
    "body-too-large": (413, "The request body is larger than the API accepts."),
    "database-unavailable": (503, "The register's database could not be reached in "
                             "time: retry after the Retry-After seconds."),
    "internal": (500, "Something went wrong that the caller cannot put right; quote "
                 "the correlation id to the operator."),
}  # fmt: skip


@cache
def _raised() -> dict[str, list[ValidityRule]]:
    found: dict[str, list[ValidityRule]] = {}
    for folder in ("events", "services"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for rule in raises_in(path, ROOT):
                found.setdefault(rule.rule.replace("_", "-"), []).append(rule)
    return found


def known_types() -> set[str]:
    return set(GENERAL) | set(_raised())


async def _page(request: Request) -> HTMLResponse:
    slug = request.path_params["slug"]
    rows: list[tuple[int, str, str]] = []
    if slug in GENERAL:
        status, meaning = GENERAL[slug]
        rows.append((status, "-", meaning))
    rows += [(r.status, r.field or "-", r.message) for r in _raised().get(slug, [])]
    if not rows:
        return HTMLResponse(
            "<!doctype html><title>Unknown problem</title><p>No such problem type.",
            status_code=404,
        )
    items = "".join(
        f"<tr><td>{status}</td><td><code>{html.escape(field)}</code></td>"
        f"<td>{html.escape(message)}</td></tr>"
        for status, field, message in sorted(set(rows))
    )
    title = html.escape(slug.replace("-", " "))
    return HTMLResponse(
        f"<!doctype html><html lang=en><title>Problem: {title}</title>"
        f"<h1>Problem: {title}</h1><p>Rule <code>{html.escape(slug)}</code>. "
        "The response names the field and the rule; nothing was stored.</p>"
        "<table><tr><th>status</th><th>field</th><th>when</th></tr>"
        f"{items}</table></html>"
    )


def install(app: FastAPI) -> None:
    app.add_route("/problems/{slug}", _page, include_in_schema=False)
