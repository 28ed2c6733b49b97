"""Named dependencies: the container, the caller, and role checks (default deny)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.access.tokens import Principal, Role, TokenInvalid, read_token, token_id
from services.api.problems import Forbidden
from services.app.bootstrap import Container

bearer = HTTPBearer(auto_error=False, description="JWT from `pmr token`")


async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


async def get_principal(
    container: ContainerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None:
        raise TokenInvalid("no bearer token")
    return authenticate(container, credentials.credentials)


def authenticate(container: Container, token: str) -> Principal:
    """The one check of a token, for the API and the pages: signature, expiry,
    scope claims, and not signed out (services.privacy.revoked_tokens)."""
    principal = read_token(container.settings.jwt_secret, token)
    if container.revoked_tokens.is_revoked(token_id(token)):
        raise TokenInvalid("this token was signed out")
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(
    *roles: Role, source: Callable[..., Awaitable[Principal]] = get_principal
) -> Callable[[Principal], Awaitable[Principal]]:
    """A route dependency admitting only these roles; every route declares one.

    `source` finds the caller: the bearer token for the API, the session cookie for
    the web pages (services/web); the role check is this one either way.
    """

    # A default, not Annotated: the annotation could not see this local `source`.
    async def check(principal: Principal = Depends(source)) -> Principal:  # noqa: B008
        if principal.role not in roles:
            raise Forbidden(f"role {principal.role} may not use this endpoint")
        return principal

    check.pmr_roles = roles  # type: ignore[attr-defined]  # read by the route audit test
    return check
