"""PostgreSQL crashes (immediate shutdown: no checkpoint, crash recovery at restart)
in the middle of a load. Clients retry each movement with the same Idempotency-Key
until it is acknowledged, as the API asks them to (503 + Retry-After). Afterwards
every movement, its note and its child's enrolment are stored exactly once, and
every retry was answered with the first acknowledgement's movement id.

A private cluster of the test's own is crashed, never the shared one. Longer runs:
PMR_FAULT_LONG=1 (more clients, movements and crashes).
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from services.access.tokens import Role, issue_token
from services.api.main import create_app
from services.app.bootstrap import bootstrap
from services.app.config import Settings
from services.reference.schools import School
from tests.e2e.helpers import movement_body

pytestmark = pytest.mark.integration
LONG = os.environ.get("PMR_FAULT_LONG") == "1"
CLIENTS, EACH, CRASHES = (8, 150, 3) if LONG else (4, 40, 1)


def test_a_crash_mid_load_loses_and_doubles_nothing_acknowledged(server: Any) -> None:
    settings = Settings(env="test", database_url=server.dsn, postgres_connect_timeout=1)
    container = bootstrap(settings)
    container.schools.upsert(School("100001", "801", "Crash Academy"))
    headers = {
        "Authorization": "Bearer "
        + issue_token(settings.jwt_secret, Role.SCHOOL, urn="100001")
    }
    acknowledged: dict[str, str] = {}  # idempotency key -> movement id
    statuses: list[int] = []
    lock = threading.Lock()

    def send(client: TestClient, key: str, body: dict[str, Any]) -> None:
        for _ in range(400):  # as long as the outage lasts, a little faster than asked
            answer = client.post(
                "/v1/movements",
                json=body,
                headers={**headers, "Idempotency-Key": key},
            )
            with lock:
                statuses.append(answer.status_code)
            if answer.status_code in (200, 201):
                movement_id = answer.json()["movement_id"]
                with lock:  # a replay answers with the first acknowledgement
                    assert acknowledged.setdefault(key, movement_id) == movement_id
                return
            assert answer.status_code == 503, answer.text
            assert int(answer.headers["Retry-After"]) > 0
            time.sleep(0.05)
        raise AssertionError(f"{key} was never acknowledged")

    def client_load(client: TestClient, n: int) -> None:
        for i in range(EACH):
            body = movement_body("suspension", notes=f"client {n} movement {i}")
            send(client, f"crash-{n}-{i}", body)

    try:
        with TestClient(
            create_app(container=container), raise_server_exceptions=False
        ) as client:
            threads = [
                threading.Thread(target=client_load, args=(client, n))
                for n in range(CLIENTS)
            ]
            for thread in threads:
                thread.start()
            for k in range(CRASHES):  # spread over the load
                due = (k + 1) * CLIENTS * EACH // (CRASHES + 2)
                while len(acknowledged) < due and any(t.is_alive() for t in threads):
                    time.sleep(0.01)
                server.stop(mode="immediate")  # a crash: recovery replays the WAL
                time.sleep(1.0)
                server.start()
                time.sleep(0.5)
            for thread in threads:
                thread.join(timeout=300)
            assert not any(t.is_alive() for t in threads)
    finally:
        container.close()

    assert 503 in statuses and 500 not in statuses
    assert len(acknowledged) == CLIENTS * EACH
    with psycopg.connect(server.dsn) as conn:
        movements = conn.execute(
            "SELECT COUNT(*) FROM registry_events "
            "WHERE topic = 'pmr.pupil.movement_recorded.v1'"
        ).fetchone()
        notes = conn.execute(
            "SELECT COUNT(*) FROM vault_records WHERE purpose = 'note'"
        ).fetchone()
        enrolled = conn.execute("SELECT COUNT(*) FROM vault_index").fetchone()
    assert movements == notes == enrolled == (CLIENTS * EACH,)
