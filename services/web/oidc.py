"""Sign-in through an OpenID Connect provider (authorisation code flow with PKCE).

The LA's or DfE's identity provider authenticates the person and states, in the ID
token, the register's role and scope for them: `pmr_role` (school, la, dsl, vsh,
statistician, admin) with `pmr_urn` or `pmr_la`. The register checks the token
(signature from the provider's JWKS, issuer, audience, expiry, nonce) and then keeps
a session token of its own, verified on every page like any API token.

Configure with PMR_OIDC_ISSUER, PMR_OIDC_CLIENT_ID and PMR_OIDC_CLIENT_SECRET; the
redirect URI to register with the provider is https://<host>/sign-in/oidc/callback.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.parse
import urllib.request
from typing import Any

import jwt
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.access.tokens import Role, issue_token
from services.api.problems import Forbidden
from services.web.pages import HOME, PageRoute, container_of, secure, start_session

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PURPOSE = "operations"  # events.processing_limits.PURPOSES
FLOW_COOKIE = "pmr_oidc"
FLOW_SECONDS = 600
TIMEOUT = 5  # seconds for each call to the provider
_DISCOVERED: dict[str, dict[str, Any]] = {}


@router.get("/sign-in/oidc")
def begin(request: Request) -> Response:
    """Send the browser to the provider with a fresh state, nonce and PKCE pair."""
    settings = container_of(request).settings
    if not settings.oidc_issuer or not settings.oidc_client_id:
        raise Forbidden("sign-in with an identity provider is not set up here")
    provider = discover(settings.oidc_issuer)
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        .rstrip(b"=")
        .decode()
    )
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": _callback(request),
            "scope": "openid",
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    response = RedirectResponse(
        f"{provider['authorization_endpoint']}?{query}", status_code=303
    )
    until = time.time() + FLOW_SECONDS
    flow = _seal(
        settings.jwt_secret,
        {"state": state, "nonce": nonce, "verifier": verifier, "until": until},
    )
    # Lax: the provider's redirect back is a top-level navigation from its site.
    response.set_cookie(
        FLOW_COOKIE, flow, httponly=True, samesite="lax",
        secure=request.url.scheme == "https", max_age=FLOW_SECONDS,
    )  # fmt: skip
    secure(response)
    return response


@router.get("/sign-in/oidc/callback")
def callback(request: Request) -> Response:
    """Check the state, exchange the code, verify the ID token, start a session."""
    settings = container_of(request).settings
    if not settings.oidc_issuer or not settings.oidc_client_id:
        raise Forbidden("sign-in with an identity provider is not set up here")
    flow = _unseal(settings.jwt_secret, request.cookies.get(FLOW_COOKIE, ""))
    state = request.query_params.get("state", "")
    if flow is None or not hmac.compare_digest(state, str(flow["state"])):
        raise Forbidden("this sign-in has expired or did not start here; try again")
    provider = discover(settings.oidc_issuer)
    answer = _post(
        provider["token_endpoint"],
        {
            "grant_type": "authorization_code",
            "code": request.query_params.get("code", ""),
            "redirect_uri": _callback(request),
            "client_id": settings.oidc_client_id,
            "client_secret": settings.oidc_client_secret or "",
            "code_verifier": str(flow["verifier"]),
        },
    )
    claims = verify_id_token(
        str(answer.get("id_token", "")), provider, settings.oidc_issuer,
        settings.oidc_client_id, str(flow["nonce"]),
    )  # fmt: skip
    role = _role(claims)
    token = issue_token(
        settings.jwt_secret,
        role,
        sub=f"oidc:{claims['sub']}"[:100],
        urn=claims.get("pmr_urn"),
        la=claims.get("pmr_la"),
    )
    response = RedirectResponse(HOME[role], status_code=303)
    start_session(request, response, token)
    response.delete_cookie(FLOW_COOKIE)
    return response


def discover(issuer: str) -> dict[str, Any]:
    """The provider's endpoints from its discovery document (kept per process)."""
    if issuer not in _DISCOVERED:
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        _DISCOVERED[issuer] = _get(url)
    return _DISCOVERED[issuer]


def verify_id_token(
    id_token: str, provider: dict[str, Any], issuer: str, audience: str, nonce: str
) -> dict[str, Any]:
    """Signature (the provider's JWKS), issuer, audience, expiry and nonce."""
    try:
        key = jwt.PyJWKClient(provider["jwks_uri"]).get_signing_key_from_jwt(id_token)
        claims: dict[str, Any] = jwt.decode(
            id_token, key.key, algorithms=["RS256", "ES256"], audience=audience,
            issuer=issuer, options={"require": ["exp", "iat", "sub", "nonce"]},
        )  # fmt: skip
    except jwt.PyJWTError as error:  # shown as a page: sign-in failed, and why
        raise Forbidden(
            f"the identity provider's token is not valid: {error}"
        ) from None
    if not hmac.compare_digest(str(claims.get("nonce")), nonce):
        raise Forbidden("the identity provider's token is for another sign-in")
    return claims


def _role(claims: dict[str, Any]) -> Role:
    try:
        role = Role(str(claims.get("pmr_role")))
    except ValueError:
        raise Forbidden("your account has no role in this register") from None
    if role is Role.SUBJECT:  # families are identified in person, not by an IdP
        raise Forbidden("your account has no role in this register")
    return role


def _callback(request: Request) -> str:
    return str(request.url_for("callback"))


def _get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:  # noqa: S310
        found: dict[str, Any] = json.load(answer)
    return found


def _post(url: str, form: dict[str, str]) -> dict[str, Any]:
    body = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310
        found: dict[str, Any] = json.load(answer)
    return found


def _seal(secret: str, value: dict[str, Any]) -> str:
    return jwt.encode(value, secret, algorithm="HS256")


def _unseal(secret: str, sealed: str) -> dict[str, Any] | None:
    try:
        value: dict[str, Any] = jwt.decode(sealed, secret, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    return value if float(value.get("until", 0)) > time.time() else None
