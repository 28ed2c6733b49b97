"""What every web page shares: templates (GOV.UK Frontend through its Jinja port),
the signed-in caller, CSRF protection, security headers and HTML error pages.

The pages are a thin face on the API's own functions: they find the caller from a
session cookie holding the same bearer token, admit roles with the same `require`,
and call the same router functions, so scopes, audit and rules are never copied.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    select_autoescape,
)

from events.errors import DomainError
from events.identifiers import LACode
from services.access.tokens import Principal, Role, TokenInvalid
from services.api.deps import authenticate, require
from services.api.problems import OUTAGES, Forbidden, NotFound
from services.app.bootstrap import Container
from services.documents.words import dates_in_text, day_in_words, time_in_words

log = logging.getLogger("pmr.web")
SESSION_COOKIE = "pmr_session"
ROOT = Path(__file__).resolve().parents[2]
# The compiled GOV.UK Frontend from the npm registry (`make assets`).
FRONTEND = Path(
    os.environ.get(
        "PMR_WEB_ASSETS", ROOT / "web" / "node_modules" / "govuk-frontend" / "dist"
    )
)

templates = Environment(
    loader=ChoiceLoader(
        [
            FileSystemLoader(Path(__file__).parent / "templates"),
            PrefixLoader(
                {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}
            ),
        ]
    ),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    """The error summary's links, each to the field it is about."""
    return [{"text": text, "href": f"#{field}"} for field, text in errors.items()]


def choices(
    values: list[str], checked: str | None = None, labels: dict[str, str] | None = None
) -> list[dict[str, object]]:
    """Radio or select items for a list of codes."""
    return [
        {"value": v, "text": (labels or {}).get(v, v.replace("_", " ")),
         "checked": v == checked, "selected": v == checked}
        for v in values
    ]  # fmt: skip


def date_items(values: dict[str, str], name: str) -> list[dict[str, str | None]]:
    """Day, month and year boxes of a GOV.UK date input, keeping what was typed."""
    widths = {"day": 2, "month": 2, "year": 4}
    return [
        {"name": part, "classes": f"govuk-input--width-{width}",
         "value": values.get(f"{name}-{part}")}
        for part, width in widths.items()
    ]  # fmt: skip


def form_date(form: dict[str, str], name: str) -> str | None:
    """A GOV.UK date input's day, month and year as YYYY-MM-DD (None if blank)."""
    parts = [form.get(f"{name}-{p}", "").strip() for p in ("year", "month", "day")]
    if not any(parts):
        return None
    year, month, day = parts
    return f"{year.zfill(4)}-{month.zfill(2)}-{day.zfill(2)}"


templates.globals.update(error_list=error_list, choices=choices, date_items=date_items)


def la_name(code: object) -> str:
    """An LA's name as EES publishes it ("Bristol, City of"), from its code."""
    try:
        return LACode.of_school(str(code)).name
    except DomainError:
        return f"Local authority {code}"


templates.filters.update(
    day=day_in_words, when=time_in_words, dated=dates_in_text, la_name=la_name
)

HOME = {
    Role.SCHOOL: "/school",
    Role.LA: "/la/queue",
    Role.DSL: "/alerts",
    Role.VSH: "/alerts",
    Role.SUBJECT: "/me",
    Role.STATISTICIAN: "/statistics",
    Role.RESEARCHER: "/docs",  # record-level extracts are API-only
    Role.ADMIN: "/admin",
}


# The header's service navigation: each role's own pages, nothing it cannot open.
NAVIGATION: dict[Role | None, list[tuple[str, str]]] = {
    Role.SCHOOL: [("Your school", "/school"), ("Record a movement", "/school/notify"),
                  ("Cases", "/school/cases"), ("Census", "/school/census")],
    Role.LA: [("Cases to work", "/la/queue"), ("Findings", "/la/findings"),
              ("Not in school", "/la/children-not-in-school"),
              ("Census", "/la/census")],
    Role.DSL: [("Alerts", "/alerts")],
    Role.VSH: [("Alerts", "/alerts")],
    Role.STATISTICIAN: [("Statistics", "/statistics")],
    Role.SUBJECT: [("Your child's record", "/me")],
    Role.ADMIN: [("Local authorities", "/admin")],
}  # fmt: skip


def container_of(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def settle(container: Container, position: int | None) -> None:
    """Let the page that follows a change show it (read-your-writes, bounded)."""
    if position and not container.settings.kafka_bootstrap:
        container.follower.wait_for(position, 2.0)


async def page_principal(request: Request) -> Principal:
    """The caller, from the session cookie (the same token and check as the API)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise TokenInvalid("not signed in")
    principal = authenticate(container_of(request), token)
    request.state.principal = principal  # the header's navigation reads it
    return principal


def signed_in(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A page's role check: the API's `require`, fed from the session."""
    return require(*roles, source=page_principal)


def start_session(request: Request, response: Response, token: str) -> None:
    """Keep the caller's token in an HttpOnly, SameSite=Strict cookie."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        # Secure in production whatever the scheme the app sees (behind a TLS
        # proxy it may see http).
        secure=request.url.scheme == "https"
        or container_of(request).settings.env == "production",
        max_age=3600,
    )
    secure(response)


def csrf_token(request: Request) -> str:
    """Tied to the session token: a form from another site cannot carry it."""
    secret = container_of(request).settings.jwt_secret.encode()
    session = (request.cookies.get(SESSION_COOKIE) or "").encode()
    return hmac.new(secret, b"csrf:" + session, hashlib.sha256).hexdigest()


async def form_of(request: Request) -> dict[str, str]:
    """The posted form, after its CSRF token is checked (403 otherwise)."""
    form = await request.form()
    sent = str(form.get("csrf_token") or "")
    if not hmac.compare_digest(sent, csrf_token(request)):
        raise Forbidden("this form has expired or did not come from this service")
    return {k: str(v) for k, v in form.items() if k != "csrf_token"}


def render(
    request: Request, template: str, status: int = 200, **context: Any
) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    role = _role_of(request)
    html = templates.get_template(template).render(
        request=request,
        csrf_token=csrf_token(request),
        cspNonce=nonce,
        signed_in=role is not None,
        role=role.value if role else None,
        navigation=_navigation(request.url.path, role),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    secure(response, nonce)
    return response


def _navigation(path: str, role: Role | None) -> list[dict[str, object]]:
    """The role's pages, the one shown marked current (or active: the nearest one
    above it, so /school/notify/x marks "Record a movement", not "Your school")."""
    links = NAVIGATION.get(role, [])
    above = [href for _, href in links if path.startswith(href + "/")]
    nearest = max(above, key=len) if above and path not in dict(links).values() else ""
    return [
        {"href": href, "text": text, "current": href == path,
         "active": href == nearest}
        for text, href in links
    ]  # fmt: skip


def _role_of(request: Request) -> Role | None:
    """Who the session is, for the header's navigation (None: signed out, or a
    session no longer valid, which the page's own check has dealt with)."""
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None:  # the page's own check authenticated it already
        return known.role
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:  # a page without a role check (start, sign-in, an error page)
        return authenticate(container_of(request), token).role
    except (TokenInvalid, DomainError):
        return None


def secure(response: Response, nonce: str = "") -> None:
    """Security headers on every page (CSP without inline script but the
    template's one nonce'd line)."""
    script = f"script-src 'self' 'nonce-{nonce}'" if nonce else "script-src 'self'"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; {script}; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"


class PageRoute(APIRoute):
    """Errors on a page are pages: signed out goes to sign-in, 403/404/503 are
    explained in plain words (the API answers problem+json instead)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handler(request)
            except TokenInvalid:
                return RedirectResponse("/sign-in", status_code=303)
            except Forbidden as refused:
                return _error(request, 403, "You cannot see this page", refused.detail)
            except NotFound as missing:
                return _error(request, 404, "Page not found", missing.detail)
            except DomainError as error:
                status = getattr(error, "status_hint", 422)
                title = "Page not found" if status == 404 else "There is a problem"
                return _error(request, status, title, str(error))
            except OUTAGES:
                log.warning("page answered 503: the database is unreachable")
                return _error(
                    request,
                    503,
                    "Sorry, the service is unavailable",
                    "Try again in a few minutes.",
                )

        return page


def _error(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    return render(request, "error.html", status=status, title=title, detail=detail)
