"""A database outage answered well: 503 problem+json with Retry-After (never 500),
readiness says so while liveness stays up, and writes resume once the database is
back. Runs against a private PostgreSQL cluster the test stops and starts."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.access.tokens import Role, issue_token
from services.api.main import create_app
from services.app.bootstrap import bootstrap
from services.app.config import Settings
from services.reference.schools import School
from tests.builders import random_upn
from tests.e2e.helpers import movement_body

pytestmark = pytest.mark.integration


def test_an_outage_is_503_with_retry_after_and_writes_resume(server: Any) -> None:
    settings = Settings(env="test", database_url=server.dsn, postgres_connect_timeout=1)
    container = bootstrap(settings)
    container.schools.upsert(School("100001", "801", "Outage Academy"))
    school = {
        "Authorization": "Bearer "
        + issue_token(settings.jwt_secret, Role.SCHOOL, urn="100001")
    }
    try:
        with TestClient(
            create_app(container=container), raise_server_exceptions=False
        ) as c:
            assert (
                c.post(
                    "/v1/movements", json=movement_body("suspension"), headers=school
                ).status_code
                == 201
            )

            server.stop(mode="immediate")
            during = c.post(
                "/v1/movements", json=movement_body("suspension"), headers=school
            )
            ready = c.get("/readyz")
            alive = c.get("/healthz")

            assert during.status_code == 503, during.text
            assert during.headers["content-type"].startswith("application/problem+json")
            assert int(during.headers["Retry-After"]) > 0
            assert ready.status_code == 503
            assert alive.status_code == 200

            server.start()
            statuses = []
            for _ in range(40):  # as a client honouring Retry-After would, faster
                body = movement_body(
                    "suspension",
                    pupil={"upn": random_upn(), "date_of_birth": "2010-03-14"},
                )
                answer = c.post("/v1/movements", json=body, headers=school)
                statuses.append(answer.status_code)
                if answer.status_code == 201:
                    break
                assert answer.status_code == 503, answer.text
                time.sleep(0.25)
            assert statuses[-1] == 201
            assert c.get("/readyz").status_code == 200
    finally:
        container.close()
