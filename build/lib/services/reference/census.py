"""Schools' January census headcounts by year group: the denominators of rates."""

from __future__ import annotations

from collections import defaultdict

from events.school_calendar import AcademicYear
from projections.view import Database
from services.reference import versions

VERSION = "census_headcounts"


class CensusHeadcounts:
    """The `census_headcounts` table: urn x academic year x year group -> pupils."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # academic year -> (version, every school's headcounts): reports read all
        # schools' headcounts on every request, and they change a few times a year.
        self._all: dict[str, tuple[int, dict[str, dict[str, int]]]] = {}

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS census_headcounts (urn TEXT NOT NULL, "
                "academic_year TEXT NOT NULL, year_group TEXT NOT NULL, "
                "headcount INTEGER NOT NULL, "
                "PRIMARY KEY (urn, academic_year, year_group))"
            )
            versions.create_table(cur)

    def put(self, urn: str, year: AcademicYear, headcounts: dict[str, int]) -> None:
        """Replace a school's headcounts for one academic year."""
        with self.db.transaction() as cur:
            cur.execute(
                "DELETE FROM census_headcounts WHERE urn = ? AND academic_year = ?",
                (urn, str(year)),
            )
            cur.executemany(
                "INSERT INTO census_headcounts "
                "(urn, academic_year, year_group, headcount) VALUES (?, ?, ?, ?)",
                [(urn, str(year), yg, n) for yg, n in sorted(headcounts.items())],
            )
            versions.bump(cur, VERSION)

    def of_school(self, urn: str, year: AcademicYear) -> dict[str, int]:
        rows = self.db.query(
            "SELECT year_group, headcount FROM census_headcounts "
            "WHERE urn = ? AND academic_year = ?",
            (urn, str(year)),
        )
        return {str(yg): int(n) for yg, n in rows}

    def all_schools(self, year: AcademicYear) -> dict[str, dict[str, int]]:
        """urn -> year group -> headcount, for every school with a census that year.

        Shared between callers until the headcounts change: do not modify it.
        """
        version = versions.read_version(self.db, VERSION)
        cached = self._all.get(str(year))
        if cached is not None and cached[0] == version:
            return cached[1]
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for urn, yg, n in self.db.query(
            "SELECT urn, year_group, headcount FROM census_headcounts "
            "WHERE academic_year = ?",
            (str(year),),
        ):
            out[str(urn)][str(yg)] = int(n)
        self._all[str(year)] = (version, dict(out))
        return self._all[str(year)][1]
