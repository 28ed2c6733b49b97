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


def test_a_school_read_by_urn_is_kept_until_another_process_changes_it(
    tmp_path: Path, monkeypatch
):
    """Each movement names a school: it is read once, then kept while the
    reference's version stands (checked at most every VERSION_CHECK_SECONDS); a
    school another process adds is found at once, and one it changes is seen
    after the next check."""
    from services.reference import schools as module

    now = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: now[0])
    db = SQLiteDatabase(str(tmp_path / "ref.sqlite"))
    here, elsewhere = SchoolsReference(db), SchoolsReference(db)
    here.create_tables()
    elsewhere.upsert(School("100001", "801", "A School"))
    assert here.get("100001") == School("100001", "801", "A School")
    elsewhere.upsert(School("100002", "801", "Another School"))
    assert here.get("100002") is not None  # not kept yet: the version is read
    assert here.get("100001") is not None  # kept again under the new version
    elsewhere.upsert(School("100001", "202", "A School"))
    assert here.get("100001").la_code == "801"  # kept, within the check interval
    now[0] += module.VERSION_CHECK_SECONDS + 0.1
    assert here.get("100001").la_code == "202"
    here.upsert(School("100001", "203", "A School"))
    assert here.get("100001").la_code == "203"  # its own change at once
    assert here.get("999999") is None
