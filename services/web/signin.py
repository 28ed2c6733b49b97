"""Start page, sign-in and sign-out.

Local use: paste a token from `pmr token`, or (outside production) the development
sign-in mints one for a chosen role and scope. The token is kept in an HttpOnly,
SameSite=Strict cookie and checked by the API's own `authenticate` on every page.
Signing out revokes the token itself (not only the cookie), until it would expire.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.access.tokens import Role, TokenInvalid, issue_token, token_id
from services.api.deps import authenticate
from services.web.pages import (
    HOME,
    SESSION_COOKIE,
    PageRoute,
    container_of,
    form_of,
    page_principal,
    render,
    secure,
    start_session,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "operations"  # events.processing_limits.PURPOSES
PUBLIC_PAGES = frozenset(  # no role: anyone may ask
    {"/", "/sign-in", "/sign-out", "/sign-in/oidc", "/sign-in/oidc/callback"}
)
SCOPE_FIELDS = {
    "school": "urn",
    "la": "la",
    "vsh": "la",
    "dsl": "urn",
    "subject": "pupil_key",
    "researcher": "project",
}


@router.get("/")
async def start(request: Request) -> Response:
    """Signed in: your home page; otherwise what the service is and how to start."""
    try:
        principal = await page_principal(request)
    except TokenInvalid:
        return render(request, "start.html", title="Pupil movement register")
    return RedirectResponse(HOME[principal.role], status_code=303)


@router.get("/sign-in")
def sign_in_page(request: Request) -> HTMLResponse:
    return _sign_in(request)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    """Check the token (pasted or minted) and keep it in the session cookie."""
    form = await _unprotected_form(request)
    settings = container_of(request).settings
    token = form.get("token", "").strip()
    errors: dict[str, str] = {}
    if not token and settings.env != "production" and form.get("role"):
        role = form["role"]
        scope = form.get("scope", "").strip()
        field = SCOPE_FIELDS.get(role)
        if field and not scope:
            errors["scope"] = (
                "Enter the school URN, LA code, pupil key or project for this role"
            )
        else:
            try:
                token = issue_token(
                    settings.jwt_secret,
                    Role(role),
                    urn=scope if field == "urn" else None,
                    la=scope if field == "la" else None,
                    pupil_key=scope if field == "pupil_key" else None,
                    project=scope if field == "project" else None,
                )
            except (ValueError, TokenInvalid):
                errors["role"] = "Choose a role"
    if not token and not errors:
        errors["token"] = "Paste your token, or use the development sign-in"
    if token and not errors:
        try:
            principal = authenticate(container_of(request), token)
        except TokenInvalid:
            errors["token"] = "This token is not valid or has expired"
        else:
            response = RedirectResponse(HOME[principal.role], status_code=303)
            start_session(request, response, token)
            return response
    return _sign_in(request, errors, status=400)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    await form_of(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        container = container_of(request)
        try:
            principal = authenticate(container, token)
        except TokenInvalid:
            pass  # expired or already signed out: nothing left to revoke
        else:
            container.revoked_tokens.revoke(token_id(token), principal.expires)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    secure(response)
    return response


def _sign_in(
    request: Request, errors: dict[str, str] | None = None, status: int = 200
) -> HTMLResponse:
    settings = container_of(request).settings
    return render(
        request,
        "sign_in.html",
        status=status,
        title="Sign in",
        errors=errors or {},
        development=settings.env != "production",
        oidc=bool(settings.oidc_issuer and settings.oidc_client_id),
        roles=[r.value for r in Role],
    )


async def _unprotected_form(request: Request) -> dict[str, str]:
    """Sign-in has no session yet to tie a CSRF token to, so it must come from this
    site: a cross-site post (login CSRF, signing the victim in as the attacker) is
    refused by its Origin and Sec-Fetch-Site headers, which browsers always send."""
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if site is not None:  # every current browser; Origin is "null" under our
        cross = site not in ("same-origin", "none")  # no-referrer policy
    elif origin is not None:
        cross = origin == "null" or urlsplit(origin).netloc != request.url.netloc
    else:
        cross = False  # not a browser: nothing to forge with
    if cross:
        raise HTTPException(403, "sign-in is posted from this site only")
    form = await request.form()
    return {k: str(v) for k, v in form.items()}
