"""Nothing personal in clear: not in the database, not in the server's log.

Runs the real server (`pmr serve`) as a user would, sends a UPN, a date of birth and
a free-text note, reads the record back, then searches every byte the server wrote.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from services.access.tokens import Role, issue_token
from services.app.config import DEV_JWT_SECRET
from tests.builders import random_upn
from tests.servicefixtures import pmr_server

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "gias_sample.csv"
PMR = str(Path(sys.executable).parent / "pmr")


@contextlib.contextmanager
def server(env: dict[str, str], log: Path) -> Iterator[str]:
    subprocess.run(
        [PMR, "schools", "import", str(FIXTURE)],
        env=env,
        check=True,
        capture_output=True,
    )
    with log.open("wb") as sink, pmr_server(env, output=sink) as base:
        yield base


def exercise(base: str, upn: str) -> None:
    """Record, look up, read: everything that touches personal data."""
    token = issue_token(DEV_JWT_SECRET, Role.SCHOOL, urn="100001")
    school = {"Authorization": f"Bearer {token}"}
    body = {
        "type": "elective_home_education",
        "pupil": {"upn": upn, "date_of_birth": "2011-07-29", "year_group": 10},
        "from_urn": "100001",
        "effective_date": "2026-01-08",
        "notes": "Mother says Zebedee-Quartz will be taught at home",
    }
    created = httpx.post(f"{base}/v1/movements", json=body, headers=school)
    assert created.status_code == 201, created.text
    key = created.json()["pupil_key"]
    found = httpx.post(f"{base}/v1/pupils/lookup", json={"upn": upn}, headers=school)
    assert found.json() == {"pupil_key": key}
    bad = httpx.post(
        f"{base}/v1/movements",
        headers=school,
        json={**body, "pupil": {**body["pupil"], "upn": upn[:-1] + "X"}},
    )
    assert bad.status_code == 422
    history = httpx.get(
        f"{base}/v1/pupils/{key}/history",
        params={"min_position": created.json()["position"]},
        headers=school,
    )
    assert history.status_code == 200


SECRETS = ("2011-07-29", "Zebedee-Quartz", "Mother says")


def assert_absent(blob: bytes, upn: str, where: str) -> None:
    for needle in (upn, upn[:-1] + "X", *SECRETS):
        assert needle.encode() not in blob, f"{needle!r} found in clear in {where}"


def test_sqlite_file_and_server_log_hold_nothing_personal(tmp_path: Path) -> None:
    upn = random_upn()
    env = {**os.environ, "PMR_DATA_DIR": str(tmp_path), "PMR_LOG_LEVEL": "DEBUG"}
    env.pop("PMR_DATABASE_URL", None)
    log = tmp_path / "server.log"
    with server(env, log) as base:
        exercise(base, upn)
    files = list(tmp_path.glob("pmr.sqlite*"))
    blob = b"".join(path.read_bytes() for path in files)
    assert b"elective_home_education" in blob  # the event itself is there
    assert_absent(blob, upn, "the SQLite files")
    assert b'"route"' in log.read_bytes()  # the log was written, and is JSON
    assert_absent(log.read_bytes(), upn, "server log")


@pytest.mark.integration
def test_postgres_tables_and_server_log_hold_nothing_personal(
    tmp_path: Path, postgres_dsn: str
) -> None:
    upn = random_upn()
    env = {**os.environ, "PMR_DATABASE_URL": postgres_dsn, "PMR_LOG_LEVEL": "DEBUG"}
    log = tmp_path / "server.log"
    with server(env, log) as base:
        exercise(base, upn)
    dump = bytearray()
    with psycopg.connect(postgres_dsn) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        for (table,) in tables:
            for (row,) in conn.execute(f'SELECT t::text FROM "{table}" t'):
                dump += row.encode()
    assert b"elective_home_education" in dump  # the event itself is there
    assert_absent(bytes(dump), upn, "PostgreSQL")
    assert_absent(log.read_bytes(), upn, "server log")
