"""LAs' term dates, by academic year: the calendar each LA's deadlines count on.

Reference data, not events (PUT /v1/la/{la_code}/term-dates/{academic_year}); where
an LA has loaded none for a year, England's default pattern stands.
"""

from __future__ import annotations

import json
from datetime import date

from events.school_calendar import AcademicYear
from events.term_dates import SchoolCalendar, TermDates
from projections.view import Database


class TermDatesReference:
    """The `la_term_dates` table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS la_term_dates (la_code TEXT NOT NULL, "
                "academic_year TEXT NOT NULL, terms TEXT NOT NULL, "
                "PRIMARY KEY (la_code, academic_year))"
            )

    def put(self, la_code: str, term_dates: TermDates) -> None:
        terms = [[s.isoformat(), e.isoformat()] for s, e in term_dates.terms]
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO la_term_dates (la_code, academic_year, terms) "
                "VALUES (?, ?, ?) ON CONFLICT (la_code, academic_year) "
                "DO UPDATE SET terms = excluded.terms",
                (la_code, str(term_dates.academic_year), json.dumps(terms)),
            )

    def calendar(self, la_code: str) -> SchoolCalendar:
        """The LA's school days: its loaded years, the default pattern elsewhere."""
        rows = self.db.query(
            "SELECT academic_year, terms FROM la_term_dates WHERE la_code = ?",
            (la_code,),
        )
        years = {}
        for raw_year, raw_terms in rows:
            year = AcademicYear.parse(str(raw_year))
            terms = tuple(
                (date.fromisoformat(s), date.fromisoformat(e))
                for s, e in json.loads(raw_terms)
            )
            years[year] = TermDates(year, terms)
        return SchoolCalendar(years)
