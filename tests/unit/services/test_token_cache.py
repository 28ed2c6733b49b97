"""A verified token is not decoded again until it expires; never trusted after."""

from __future__ import annotations

import time

import jwt
import pytest

from services.access import tokens as auth
from services.access.tokens import Role, TokenInvalid, issue_token, read_token

SECRET = "k3Yq9Wm2Zp7Xv4Rt8Nb5Lc1Dh6Gj0Fs-test"


def test_a_token_is_decoded_once_then_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    token = issue_token(SECRET, Role.SCHOOL, urn="100001", sub="cache-1")
    decoded = []
    real = jwt.decode
    monkeypatch.setattr(
        jwt, "decode", lambda *a, **k: decoded.append(1) or real(*a, **k)
    )

    first, second = read_token(SECRET, token), read_token(SECRET, token)

    assert first == second and first.urn == "100001"
    assert len(decoded) == 1


def test_a_kept_token_is_refused_once_expired(monkeypatch: pytest.MonkeyPatch) -> None:
    token = issue_token(SECRET, Role.LA, la="801", sub="cache-2", ttl=60)
    read_token(SECRET, token)
    later = time.time() + 120
    monkeypatch.setattr(auth.time, "time", lambda: later)

    def expired(*args: object, **kwargs: object) -> None:
        raise jwt.ExpiredSignatureError("expired")

    monkeypatch.setattr(jwt, "decode", expired)  # as the library would, two minutes on
    with pytest.raises(TokenInvalid):
        read_token(SECRET, token)


def test_the_same_token_under_another_secret_is_not_taken_from_the_cache() -> None:
    token = issue_token(SECRET, Role.ADMIN, sub="cache-3")
    read_token(SECRET, token)

    with pytest.raises(TokenInvalid):
        read_token("another-secret-entirely-0123456789", token)
