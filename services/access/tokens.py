"""Bearer tokens: HS256 JWTs carrying a role and its scope (URN, LA code, pupil)."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import jwt

ALGORITHM = "HS256"


class Role(StrEnum):
    """Who the caller is; each route names the roles it admits (default deny)."""

    SCHOOL = "school"
    LA = "la"
    DSL = "dsl"
    VSH = "vsh"  # virtual school head, scoped to an LA
    STATISTICIAN = "statistician"
    RESEARCHER = "researcher"  # record-level extracts, for one approved project
    SUBJECT = "subject"
    ADMIN = "admin"


class TokenInvalid(Exception):
    """Raised for a missing, expired, forged or incomplete token (HTTP 401)."""


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: a role and the scope it acts within."""

    sub: str
    role: Role
    urn: str | None = None
    la: str | None = None
    pupil_key: str | None = None
    project: str | None = None  # a researcher's approved project
    expires: float = field(default=0.0, compare=False)  # the token's exp

    @property
    def scope_label(self) -> str:
        """Where the caller acts, for idempotency scopes and the access log."""
        scope = self.urn or self.la or self.pupil_key or self.project or self.sub
        return f"{self.role}:{scope}"


def issue_token(
    secret: str,
    role: Role,
    *,
    sub: str = "local-user",
    urn: str | None = None,
    la: str | None = None,
    pupil_key: str | None = None,
    project: str | None = None,
    ttl: int = 3600,
) -> str:
    """A signed token for a role and scope (`pmr token`, tests)."""
    claims: dict[str, Any] = {
        "sub": sub,
        "role": role.value,
        "exp": int(time.time()) + ttl,
        "jti": secrets.token_urlsafe(12),  # each token its own, to revoke alone
    }
    scope = (("urn", urn), ("la", la), ("pupil_key", pupil_key), ("project", project))
    for name, value in scope:
        if value is not None:
            claims[name] = value
    _check_scope_claims(claims)
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def token_id(token: str) -> str:
    """The name a token is revoked by (its digest: any token has one, jti or not)."""
    return hashlib.sha256(token.encode()).hexdigest()


def read_token(secret: str, token: str) -> Principal:
    """Verify a token and return its Principal, or raise TokenInvalid; a token seen
    before is not decoded again until it expires."""
    key = hashlib.sha256(f"{secret}|{token}".encode()).digest()
    kept = _VERIFIED.get(key)
    if kept is not None and kept[1] > time.time():
        return kept[0]
    principal, expires = _verify(secret, token)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()  # a crude bound: tokens are re-verified, never trusted stale
    _VERIFIED[key] = (principal, expires)
    return principal


_VERIFIED: dict[bytes, tuple[Principal, float]] = {}
_VERIFIED_MAX = 10_000


def _verify(secret: str, token: str) -> tuple[Principal, float]:
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
        role = Role(str(claims.get("role")))
    except (jwt.PyJWTError, ValueError) as error:
        raise TokenInvalid(str(error)) from None
    _check_scope_claims(claims)
    principal = Principal(
        sub=str(claims["sub"]),
        role=role,
        urn=claims.get("urn"),
        la=claims.get("la"),
        pupil_key=claims.get("pupil_key"),
        project=claims.get("project"),
        expires=float(claims["exp"]),
    )
    return principal, float(claims["exp"])


def _check_scope_claims(claims: dict[str, Any]) -> None:
    for name in ("sub", "urn", "la", "pupil_key", "project"):
        value = claims.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > 100):
            raise TokenInvalid(f"the {name} claim is not a short string")
    role = claims.get("role")
    needs = {
        "school": ("urn",),
        "la": ("la",),
        "vsh": ("la",),
        "subject": ("pupil_key",),
        "researcher": ("project",),
    }.get(str(role), ())
    if role == "dsl" and not (claims.get("urn") or claims.get("la")):
        raise TokenInvalid("a dsl token needs a urn or an la claim")
    for claim in needs:
        if not claims.get(claim):
            raise TokenInvalid(f"a {role} token needs a {claim} claim")
