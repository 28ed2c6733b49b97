"""The findings read model: rows from the findings stored in events, superseded by a
correction's findings, closed by a withdrawal; one test body on SQLite and Postgres."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from events.envelope import EventEnvelope
from projections.casework.findings import Findings, FindingsQuery, list_findings
from projections.history.pupil_history import PupilHistory
from projections.view import Database, create_tracking_table
from services.app.storage import PostgresDatabase, SQLiteDatabase

# Far above any real log position: PostgreSQL tests share one database per run.
POSITIONS = itertools.count(10**12 + random.randrange(10**9) * 1000)


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database: Any = SQLiteDatabase(str(tmp_path / "findings.sqlite"))
    else:
        database = PostgresDatabase(request.getfixturevalue("postgres_dsn"))
    create_tracking_table(database)
    with database.transaction() as cur:
        Findings().create_tables(cur, database.dialect)
    yield database
    database.close()


def a_finding(rule: str, severity: str = "breach") -> dict[str, Any]:
    return {
        "rule": rule,
        "severity": severity,
        "message": "m",
        "citation": {"instrument": "i", "provision": "p", "url": "https://x"},
        "rules_version": "2026.11/2024-08-19",
    }


def envelope(event_type: str, **payload: Any) -> EventEnvelope:
    return EventEnvelope(
        event_id=str(uuid.uuid4()),
        event_type=event_type,
        version=2,
        pupil_key="pk_" + payload["movement_id"][:8],
        school_urn=payload.get("from_urn"),
        la_code=payload.get("from_la"),
        effective_date=payload.get("effective_date"),
        recorded_at="2026-03-02T10:00:00+00:00",
        position=next(POSITIONS),
        originator_id=str(uuid.uuid4()),
        originator_version=1,
        payload=payload,
    )


def recorded(la: str, findings: list[dict[str, Any]], **fields: Any) -> EventEnvelope:
    payload: dict[str, Any] = {
        "movement_id": str(uuid.uuid4()),
        "movement_type": "roll_deletion",
        "effective_date": "2026-03-02",
        "from_urn": "100001",
        "to_urn": None,
        "from_la": la,
        "to_la": None,
        "findings": findings,
    }
    return envelope("movement_recorded", **{**payload, **fields})


def apply(db: Database, *batch: EventEnvelope) -> None:
    with db.transaction() as cur:
        Findings().apply(cur, list(batch))


def rules_for(db: Database, la: str, **filters: Any) -> list[str]:
    rows, _, _ = list_findings(db, FindingsQuery(la_code=la, **filters))
    return [row["rule"] for row in rows]


def an_la() -> str:
    return "L" + uuid.uuid4().hex[:6]


def test_each_finding_is_a_row_for_the_las_of_both_schools(db: Database) -> None:
    la, other = an_la(), an_la()
    move = recorded(
        la, [a_finding("a.one"), a_finding("a.two", "concern")], to_la=other
    )
    move.payload["to_la"] = other

    apply(db, move, move)  # applied twice (a crash before commit): still once

    assert rules_for(db, la) == ["a.one", "a.two"]
    assert rules_for(db, other) == ["a.one", "a.two"]
    assert rules_for(db, la, severity="concern") == ["a.two"]


def test_a_correction_supersedes_and_a_withdrawal_closes(db: Database) -> None:
    la = an_la()
    move = recorded(la, [a_finding("a.before")])
    movement_id = move.payload["movement_id"]
    correction = envelope(
        "movement_corrected",
        movement_id=movement_id,
        changes={"effective_date": "2026-03-03"},
        findings=[a_finding("a.after")],
    )

    apply(db, move, correction)  # in one batch, in log order

    assert rules_for(db, la) == ["a.after"]
    assert rules_for(db, la, status="superseded") == ["a.before"]
    apply(db, envelope("movement_withdrawn", movement_id=movement_id))
    assert rules_for(db, la) == []
    assert rules_for(db, la, status="withdrawn") == ["a.after"]


def test_a_correction_from_before_findings_leaves_them_standing(db: Database) -> None:
    la = an_la()
    move = recorded(la, [a_finding("a.kept")])
    old = envelope(
        "movement_corrected",
        movement_id=move.payload["movement_id"],
        changes={},
        findings=None,
    )

    apply(db, move, old)

    assert rules_for(db, la) == ["a.kept"]


def test_pages_follow_the_cursor_to_the_end(db: Database) -> None:
    la = an_la()
    apply(db, *(recorded(la, [a_finding(f"a.{n}")]) for n in range(5)))

    seen, after = [], None
    while True:
        rows, total, after = list_findings(
            db, FindingsQuery(la_code=la, after=after, limit=2)
        )
        seen += [row["rule"] for row in rows]
        if after is None:
            break

    assert total == 5
    assert seen == [f"a.{n}" for n in range(5)]


def test_history_tables_made_before_findings_gain_the_new_columns(
    tmp_path: Path,
) -> None:
    db = SQLiteDatabase(str(tmp_path / "old.sqlite"))
    with db.transaction() as cur:  # the shape history_movements had before
        cur.execute(
            "CREATE TABLE history_movements (movement_id TEXT PRIMARY KEY, "
            "pupil_key TEXT NOT NULL, position BIGINT NOT NULL, "
            "movement_type TEXT NOT NULL, effective_date TEXT NOT NULL, "
            "recorded_at TEXT NOT NULL, from_urn TEXT, to_urn TEXT, from_la TEXT, "
            "to_la TEXT, deletion_ground TEXT, regulations TEXT, "
            "reasons TEXT NOT NULL, days REAL, characteristics TEXT NOT NULL, "
            "recorded_by TEXT NOT NULL)"
        )
        PupilHistory().create_tables(cur, db.dialect)
        columns = {
            row[1] for row in cur.execute("PRAGMA table_info(history_movements)")
        }

    assert {"details", "findings", "rules_version"} <= columns
