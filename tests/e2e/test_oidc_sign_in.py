"""Sign-in through an OpenID Connect provider, against a local stub issuer: the
code flow with PKCE starts a session with the role the provider states; a token
signed by another key, a replayed state or an account with no role is refused."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from services.api.main import create_app
from services.app.bootstrap import bootstrap
from services.app.config import Settings
from services.web import oidc
from services.web.pages import SESSION_COOKIE
from tests.servicefixtures import free_port

CLIENT_ID = "pmr-register"


class StubIssuer:
    """Discovery, authorize (approves at once), token (checks PKCE) and JWKS."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.signing_key = self.key  # a test may swap in a key the JWKS lacks
        self.claims: dict[str, Any] = {"pmr_role": "la", "pmr_la": "801"}
        self.codes: dict[str, dict[str, str]] = {}
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                args = dict(urllib.parse.parse_qsl(query))
                if path == "/.well-known/openid-configuration":
                    self._json(stub.discovery())
                elif path == "/jwks":
                    public = jwt.algorithms.RSAAlgorithm.to_jwk(
                        stub.key.public_key(), as_dict=True
                    )
                    self._json({"keys": [{**public, "kid": "k1", "use": "sig"}]})
                elif path == "/authorize":
                    code = f"code-{len(stub.codes)}"
                    stub.codes[code] = args
                    back = urllib.parse.urlencode(
                        {"code": code, "state": args["state"]}
                    )
                    self.send_response(302)
                    self.send_header("Location", f"{args['redirect_uri']}?{back}")
                    self.end_headers()

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                asked = stub.codes.pop(form.get("code", ""), None)
                challenge = (
                    base64.urlsafe_b64encode(
                        hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                    )
                    .rstrip(b"=")
                    .decode()
                )
                if asked is None or asked["code_challenge"] != challenge:
                    self.send_response(400)
                    self.end_headers()
                    return
                now = int(time.time())
                id_token = jwt.encode(
                    {"iss": stub.url, "aud": CLIENT_ID, "sub": "officer-7",
                     "iat": now, "exp": now + 300, "nonce": asked["nonce"],
                     **stub.claims},
                    stub.signing_key, algorithm="RS256", headers={"kid": "k1"},
                )  # fmt: skip
                self._json({"id_token": id_token, "token_type": "Bearer"})

            def _json(self, value: Any) -> None:
                body = json.dumps(value).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def discovery(self) -> dict[str, str]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
        }


@pytest.fixture
def issuer() -> Iterator[StubIssuer]:
    stub = StubIssuer()
    yield stub
    stub.server.shutdown()
    oidc._DISCOVERED.clear()


@pytest.fixture
def client(issuer: StubIssuer, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        env="test",
        database_url=f"sqlite:///{tmp_path / 'oidc.sqlite'}",
        oidc_issuer=issuer.url,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret="stub-secret",
    )
    container = bootstrap(settings, start_follower=False)
    with TestClient(create_app(container=container)) as client:
        yield client
    container.close()


def through_provider(client: TestClient) -> httpx.Response:
    """The browser's trip: to the provider, and back to the callback."""
    start = client.get("/sign-in/oidc", follow_redirects=False)
    assert start.status_code == 303
    back = httpx.get(start.headers["location"], follow_redirects=False)
    assert back.status_code == 302
    callback = urllib.parse.urlsplit(back.headers["location"])
    return client.get(f"{callback.path}?{callback.query}", follow_redirects=False)


def test_the_provider_signs_an_officer_in_with_the_role_it_states(client) -> None:
    assert "Sign in with your organisation" in client.get("/sign-in").text
    signed_in = through_provider(client)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/la/queue"
    assert SESSION_COOKIE in client.cookies
    assert client.get("/la/queue").status_code == 200


def test_a_token_signed_by_another_key_is_refused(client, issuer) -> None:
    issuer.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused = through_provider(client)
    assert refused.status_code == 403 and SESSION_COOKIE not in client.cookies


def test_a_callback_without_its_own_state_is_refused(client, issuer) -> None:
    start = client.get("/sign-in/oidc", follow_redirects=False)
    back = httpx.get(start.headers["location"], follow_redirects=False)
    callback = urllib.parse.urlsplit(back.headers["location"])
    code = dict(urllib.parse.parse_qsl(callback.query))["code"]
    forged = client.get(f"{callback.path}?code={code}&state=forged")
    assert forged.status_code == 403 and SESSION_COOKIE not in client.cookies


def test_an_account_without_a_role_here_is_refused(client, issuer) -> None:
    issuer.claims = {"pmr_role": "subject"}
    assert through_provider(client).status_code == 403
    assert SESSION_COOKIE not in client.cookies
