"""Term dates, by academic year: the calendar every count of school days uses.

Reference data, not events. An LA loads the dates it sets for its community and
voluntary controlled schools (PUT /v1/la/{la_code}/term-dates/{academic_year}); an
academy, foundation or voluntary aided school loads its own (PUT
/v1/schools/{urn}/term-dates/{academic_year}; School Standards and Framework Act
1998 s41). A school's year falls back on its LA's, then on England's default.
"""

from __future__ import annotations

import json
import time
from datetime import date
from threading import Lock

from events.school_calendar import AcademicYear
from events.term_dates import SchoolCalendar, TermDates
from projections.view import Database

CACHE_SECONDS = 30.0
TABLES = {"la": "la_term_dates", "school": "school_term_dates"}
KEYS = {"la": "la_code", "school": "urn"}


class TermDatesReference:
    """The `la_term_dates` and `school_term_dates` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[tuple[str, str], tuple[float, SchoolCalendar]] = {}
        self._lock = Lock()

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            for owner, table in TABLES.items():
                cur.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} ({KEYS[owner]} TEXT NOT NULL, "
                    "academic_year TEXT NOT NULL, terms TEXT NOT NULL, "
                    f"PRIMARY KEY ({KEYS[owner]}, academic_year))"
                )

    def put(self, la_code: str, term_dates: TermDates) -> None:
        self._put("la", la_code, term_dates)

    def put_school(self, urn: str, term_dates: TermDates) -> None:
        self._put("school", urn, term_dates)

    def _put(self, owner: str, key: str, term_dates: TermDates) -> None:
        terms = [[s.isoformat(), e.isoformat()] for s, e in term_dates.terms]
        table, column = TABLES[owner], KEYS[owner]
        with self.db.transaction() as cur:
            cur.execute(
                f"INSERT INTO {table} ({column}, academic_year, terms) "
                f"VALUES (?, ?, ?) ON CONFLICT ({column}, academic_year) "
                "DO UPDATE SET terms = excluded.terms",
                (key, str(term_dates.academic_year), json.dumps(terms)),
            )
        with self._lock:
            self._cache.clear()

    def calendar(self, la_code: str) -> SchoolCalendar:
        """The LA's school days: its loaded years, the default pattern elsewhere."""
        return SchoolCalendar(self._years("la", la_code), owner=f"LA {la_code}'s")

    def calendar_for(self, la_code: str | None, urn: str | None) -> SchoolCalendar:
        """A school's school days: its own years, else its LA's, else the default.

        Read on every judged movement, so kept for a few seconds (a school's term
        dates change a few times a year)."""
        key = (la_code or "", urn or "")
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
        if cached and now - cached[0] < CACHE_SECONDS:
            return cached[1]
        la = self.calendar(la_code) if la_code else None
        calendar = (
            SchoolCalendar(
                self._years("school", urn), owner=f"school {urn}'s", fallback=la
            )
            if urn
            else la or SchoolCalendar()
        )
        with self._lock:
            self._cache[key] = (now, calendar)
        return calendar

    def _years(self, owner: str, key: str) -> dict[AcademicYear, TermDates]:
        rows = self.db.query(
            f"SELECT academic_year, terms FROM {TABLES[owner]} WHERE {KEYS[owner]} = ?",
            (key,),
        )
        years = {}
        for raw_year, raw_terms in rows:
            year = AcademicYear.parse(str(raw_year))
            terms = tuple(
                (date.fromisoformat(s), date.fromisoformat(e))
                for s, e in json.loads(raw_terms)
            )
            years[year] = TermDates(year, terms)
        return years
