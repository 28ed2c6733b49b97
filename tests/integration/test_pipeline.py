"""The whole pipeline as a user runs it: pmr serve, pmr relay, pmr project all."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.access.tokens import Role, issue_token
from services.app.config import DEV_JWT_SECRET
from services.kafka.envelope import TOPIC
from tests.builders import random_upn
from tests.integration.kafka_helpers import new_topic
from tests.servicefixtures import pmr_server, tansu_broker, throwaway_database

pytestmark = pytest.mark.integration
PMR = str(Path(sys.executable).parent / "pmr")


@pytest.fixture
def fresh_dsn(postgres_admin_dsn: str) -> Iterator[str]:
    with throwaway_database(postgres_admin_dsn) as dsn:
        yield dsn


def bearer(role: Role, **claims: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(DEV_JWT_SECRET, role, **claims)}"}


def test_a_movement_reaches_the_history_through_kafka(fresh_dsn: str) -> None:
    with tansu_broker() as (bootstrap, _broker):
        new_topic(bootstrap, partitions=2, name=TOPIC)
        env = {
            **os.environ,
            "PMR_DATABASE_URL": fresh_dsn,
            "PMR_KAFKA_BOOTSTRAP": bootstrap,
            "PMR_LOG_LEVEL": "WARNING",
            "PMR_KAFKA_SESSION_TIMEOUT_MS": "6000",
        }
        with pmr_server(env) as base:
            workers = [
                subprocess.Popen([PMR, *args], env=env)
                for args in (["relay"], ["project", "all"])
            ]
            try:
                school = {"la_code": "801", "name": "Pipeline Academy"}
                httpx.put(
                    f"{base}/v1/schools/100001", json=school, headers=bearer(Role.ADMIN)
                ).raise_for_status()
                body = {
                    "type": "suspension",
                    "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14"},
                    "from_urn": "100001",
                    "effective_date": "2026-01-08",
                    "reason": ["DB"],
                    "days": 1,
                }
                created = httpx.post(
                    f"{base}/v1/movements",
                    json=body,
                    headers=bearer(Role.SCHOOL, urn="100001"),
                )
                assert created.status_code == 201, created.text
                receipt = created.json()
                history = None
                deadline = time.monotonic() + 90
                while time.monotonic() < deadline:
                    history = httpx.get(
                        f"{base}/v1/pupils/{receipt['pupil_key']}/history",
                        params={"min_position": receipt["position"]},
                        headers=bearer(Role.SCHOOL, urn="100001"),
                        timeout=10,
                    )
                    if history.status_code == 200:
                        break
                    assert history.status_code == 503  # not yet projected: retry
                assert history is not None and history.status_code == 200
                assert [e["type"] for e in history.json()["events"]] == ["suspension"]
                ready = httpx.get(f"{base}/readyz").json()
                assert ready["relay_lag"] == 0
                _a_deletion_reaches_the_census_report(base)
            finally:
                for worker in workers:
                    worker.terminate()
                    worker.wait(timeout=20)


def _a_deletion_reaches_the_census_report(base: str) -> None:
    """The census-spike projection runs as its own consumer group."""
    deletion = {
        "type": "roll_deletion",
        "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14", "year_group": 11},
        "from_urn": "100001",
        "effective_date": "2026-01-08",
        "deletion_ground": "moved_away",
    }
    school = bearer(Role.SCHOOL, urn="100001")
    httpx.post(f"{base}/v1/movements", json=deletion, headers=school).raise_for_status()
    deadline, exits = time.monotonic() + 90, 0
    while time.monotonic() < deadline and not exits:
        report = httpx.get(
            f"{base}/v1/schools/100001/census-spike",
            params={"academic_year": "2025-26"},
            headers=school,
            timeout=10,
        ).json()
        exits = sum(r["exits_before_census"] for r in report["year_groups"])
        time.sleep(0.2)
    assert exits == 1
