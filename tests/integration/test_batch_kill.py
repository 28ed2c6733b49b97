"""A server killed (SIGKILL) in the middle of a batch loses nothing it acknowledged:
a client that sends the unanswered batch again with the same keys ends with every
movement, its note and its child's enrolment stored exactly once (the vault rows
commit in the events' transaction, so a replay never answers for a lost note)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from services.access.tokens import Role, issue_token
from services.app.config import DEV_JWT_SECRET
from tests.builders import random_upn
from tests.servicefixtures import free_port, throwaway_database

pytestmark = pytest.mark.integration
PMR = str(Path(sys.executable).parent / "pmr")
BATCHES, SIZE = 8, 150


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [PMR, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("pmr serve did not start")


def a_batch(n: int) -> dict[str, Any]:
    return {
        "movements": [
            {
                "ref": f"b{n}-{i}",
                "idempotency_key": f"batch-{n}-item-{i}",
                "movement": {
                    "type": "suspension",
                    "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14"},
                    "from_urn": "100001",
                    "effective_date": "2026-11-02",
                    "reason": ["DB"],
                    "days": 1,
                    "notes": f"said at the gate, batch {n} item {i}",
                },
            }
            for i in range(SIZE)
        ]
    }


def test_a_batch_resent_after_a_kill_stores_each_movement_once(
    postgres_admin_dsn: str,
) -> None:
    school = {
        "Authorization": "Bearer "
        + issue_token(DEV_JWT_SECRET, Role.SCHOOL, urn="100001")
    }
    admin = {"Authorization": "Bearer " + issue_token(DEV_JWT_SECRET, Role.ADMIN)}
    batches = [a_batch(n) for n in range(BATCHES)]
    with throwaway_database(postgres_admin_dsn) as dsn:
        env = {**os.environ, "PMR_DATABASE_URL": dsn, "PMR_LOG_LEVEL": "WARNING"}
        port = free_port()
        server = serve(env, port)
        base = f"http://127.0.0.1:{port}"
        httpx.put(f"{base}/v1/schools/100001", json={"la_code": "801", "name": "Kill"},
                  headers=admin).raise_for_status()  # fmt: skip
        answered: dict[int, Any] = {}

        def send_all() -> None:
            for n, batch in enumerate(batches):
                with contextlib.suppress(httpx.HTTPError):
                    answer = httpx.post(f"{base}/v1/movements:batch", json=batch,
                                        headers=school, timeout=60)  # fmt: skip
                    answered[n] = answer.json()

        client = threading.Thread(target=send_all)
        client.start()
        while 0 not in answered and client.is_alive():
            time.sleep(0.01)
        time.sleep(0.3)  # into a later batch
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        client.join(timeout=60)
        assert len(answered) < BATCHES  # some batch went unanswered

        server = serve(env, port)
        try:
            for n, batch in enumerate(batches):  # the client sends again what it must
                answer = httpx.post(f"{base}/v1/movements:batch", json=batch,
                                    headers=school, timeout=60)  # fmt: skip
                answer.raise_for_status()
                if n in answered:  # acknowledged before: every item replays as it was
                    first = [d["movement_id"] for d in answered[n]["data"]]
                    assert [d["movement_id"] for d in answer.json()["data"]] == first
                assert {d["status"] for d in answer.json()["data"]} <= {200, 201}
        finally:
            server.kill()
            server.wait(timeout=10)
        with psycopg.connect(dsn) as conn:
            stored = conn.execute(
                "SELECT COUNT(*) FROM registry_events "
                "WHERE topic = 'pmr.pupil.movement_recorded.v1'"
            ).fetchone()
            notes = conn.execute(
                "SELECT COUNT(*), COUNT(DISTINCT pupil_key) FROM vault_records "
                "WHERE purpose = 'note'"
            ).fetchone()
            enrolled = conn.execute("SELECT COUNT(*) FROM vault_index").fetchone()
    assert stored is not None and stored[0] == BATCHES * SIZE
    assert notes == (BATCHES * SIZE, BATCHES * SIZE)
    assert enrolled == (BATCHES * SIZE,)
