"""Sign-out revokes the token itself (issue 20, finding 10): the session's token
stops working for the pages and the API until it would have expired, and signing
in again gives a fresh one."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from services.access.tokens import token_id
from services.app.bootstrap import Container
from services.privacy.revoked_tokens import RevokedTokens
from services.web.pages import SESSION_COOKIE
from tests.builders import SCHOOL_A
from tests.conftest import TokenFactory

SAME_SITE = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


def test_a_signed_out_token_no_longer_opens_pages_or_the_api(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    token = auth("school", urn=SCHOOL_A)["Authorization"].removeprefix("Bearer ")
    signed_in = client.post(
        "/sign-in", data={"token": token}, headers=SAME_SITE, follow_redirects=False
    )
    assert signed_in.status_code == 303
    page = client.get("/school")
    assert page.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf, "the sign-out form carries a CSRF token"
    bearer = {"Authorization": f"Bearer {token}"}
    cases = f"/v1/schools/{SCHOOL_A}/cases"
    assert client.get(cases, headers=bearer).status_code == 200

    out = client.post(
        "/sign-out", data={"csrf_token": csrf.group(1)}, follow_redirects=False
    )
    assert out.status_code == 303

    client.cookies.set(SESSION_COOKIE, token)  # the old cookie, kept by an attacker
    again = client.get("/school", follow_redirects=False)
    assert again.status_code in (303, 401)
    assert client.get(cases, headers=bearer).status_code == 401
    pasted = client.post(
        "/sign-in", data={"token": token}, headers=SAME_SITE, follow_redirects=False
    )
    assert pasted.status_code == 400  # a revoked token cannot start a session

    # Another replica (its own memory, the same database) learns of it too.
    other = RevokedTokens(container.db)
    assert other.is_revoked(token_id(token))
    fresh = auth("school", urn=SCHOOL_A)  # the same claims: a new token id
    assert client.get(cases, headers=fresh).status_code == 200
