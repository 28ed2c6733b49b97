"""The access log is a hash chain: every read is in it, and any rewrite, deletion or
insertion is found by `verify` (and `pmr audit verify`), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from projections.view import Database
from services.app.bootstrap import Container
from services.app.storage import PostgresDatabase, SQLiteDatabase
from services.privacy.access_log import Access, AccessLog
from tests.builders import SCHOOL_A
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body


def test_every_read_in_a_test_is_logged_and_the_chain_verifies(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    answer = client.post(
        "/v1/movements",
        json=movement_body("suspension"),
        headers=auth("school", urn=SCHOOL_A),
    )
    pupil_key = answer.json()["pupil_key"]
    before = container.access_log.verify()

    client.get(f"/v1/pupils/{pupil_key}/history", headers=auth("school", urn=SCHOOL_A))
    client.get(f"/v1/pupils/{pupil_key}/history", headers=auth("la", la="801"))
    client.get(f"/v1/pupils/{pupil_key}/access-log", headers=auth("admin"))

    after = container.access_log.verify()
    assert after.ok and after.checked == before.checked + 3
    entries = container.access_log.for_pupil(pupil_key)
    assert [(e["action"], e["organisation"]) for e in entries] == [
        ("history", SCHOOL_A), ("history", "801"), ("access_log", "local-user"),
    ]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of its own: these tests tamper with the log on purpose."""
    if request.param == "sqlite":
        yield SQLiteDatabase(str(tmp_path / "log.sqlite"))
        return
    from tests.servicefixtures import throwaway_database

    admin = request.getfixturevalue("postgres_admin_dsn")
    with throwaway_database(admin) as dsn:
        db = PostgresDatabase(dsn)
        yield db
        db.close()


def a_log(db: Database) -> AccessLog:
    log = AccessLog(db)
    log.create_tables()
    return log


def test_a_rewritten_entry_breaks_the_chain_there(fresh: Database) -> None:
    log = a_log(fresh)
    for n in range(3):
        log.record(Access(f"pk_chain_{n}", "la", "801", "history", "public task"))
    assert log.verify().ok
    seq = fresh.query("SELECT seq FROM access_log WHERE pupil_key = 'pk_chain_1'")[0][0]

    with fresh.transaction() as cur:
        cur.execute(
            "UPDATE access_log SET organisation = '999' WHERE pupil_key = 'pk_chain_1'"
        )

    assert log.verify().broken_at == seq


def test_a_deleted_last_entry_is_found_missing(fresh: Database) -> None:
    log = a_log(fresh)
    log.record(Access("pk_chain_last", "la", "801", "history", "public task"))
    assert log.verify().ok

    with fresh.transaction() as cur:
        cur.execute("DELETE FROM access_log WHERE pupil_key = 'pk_chain_last'")

    assert not log.verify().ok
