"""Reference data read on every report is kept until its version moves."""

from __future__ import annotations

from pathlib import Path

from events.school_calendar import AcademicYear
from services.app.storage import SQLiteDatabase
from services.reference import versions
from services.reference.census import CensusHeadcounts
from services.reference.schools import School, SchoolsReference

YEAR = AcademicYear(2025)


def test_the_la_map_follows_a_school_moving_la(tmp_path: Path):
    db = SQLiteDatabase(str(tmp_path / "ref.sqlite"))
    schools = SchoolsReference(db)
    schools.create_tables()
    schools.upsert(School("100001", "801", "A School"))
    assert schools.la_map() == {"100001": "801"}
    schools.upsert(School("100001", "202", "A School"))
    assert schools.la_map() == {"100001": "202"}
    assert versions.read_version(db, "schools") == 2


def test_headcounts_follow_a_new_census_return(tmp_path: Path):
    db = SQLiteDatabase(str(tmp_path / "ref.sqlite"))
    census = CensusHeadcounts(db)
    census.create_tables()
    census.put("100001", YEAR, {"11": 150})
    assert census.all_schools(YEAR) == {"100001": {"11": 150}}
    census.put("100001", YEAR, {"11": 148})
    assert census.all_schools(YEAR) == {"100001": {"11": 148}}
    assert census.all_schools(AcademicYear(2024)) == {}
