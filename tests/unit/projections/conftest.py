"""A fresh SQLite database with the census-spike tables, per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from projections.census.spike import CensusSpike
from projections.view import create_tracking_table
from services.app.storage import SQLiteDatabase


@pytest.fixture
def db(tmp_path: Path) -> SQLiteDatabase:
    db = SQLiteDatabase(str(tmp_path / "census.sqlite"))
    create_tracking_table(db)
    with db.transaction() as cur:
        CensusSpike().create_tables(cur, db.dialect)
    return db
