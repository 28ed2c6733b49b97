"""School days for one school: its own term dates where loaded (academies, foundation
and voluntary aided schools set their own), else its LA's, else England's default
pattern. Every count of school days, rules and case deadlines alike, uses one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from events.england_calendar import is_school_day, is_working_day
from events.errors import InvalidDate
from events.school_calendar import AcademicYear


@dataclass(frozen=True)
class TermDates:
    """One academic year's terms (half terms as separate ranges), first to last day."""

    academic_year: AcademicYear
    terms: tuple[tuple[date, date], ...]

    @classmethod
    def checked(
        cls, academic_year: AcademicYear, terms: Sequence[tuple[date, date]]
    ) -> TermDates:
        """Terms inside the year, each starting before it ends, in order, apart."""
        if not terms:
            raise InvalidDate("at least one term", field="terms", rule="terms_required")
        ordered = sorted(terms)
        for start, end in ordered:
            if start > end:
                raise InvalidDate(
                    "a term ends on or after it starts",
                    field="terms",
                    rule="term_order",
                )
            if not (academic_year.contains(start) and academic_year.contains(end)):
                raise InvalidDate(
                    f"terms lie within {academic_year}",
                    field="terms",
                    rule="term_outside_year",
                )
        for (_, end), (start, _) in pairwise(ordered):
            if start <= end:
                raise InvalidDate(
                    "terms do not overlap", field="terms", rule="terms_overlap"
                )
        return cls(academic_year, tuple(ordered))

    def is_school_day(self, day: date) -> bool:
        return day.weekday() < 5 and any(s <= day <= e for s, e in self.terms)


DEFAULT_OWNER = "England's default calendar (no term dates loaded)"


@dataclass(frozen=True)
class SchoolCalendar:
    """School days by academic year: the owner's term dates where loaded, its
    fallback's else (a school falls back on its LA's), England's default last.

    Bank holidays are never school days, whatever the term dates say."""

    term_dates: Mapping[AcademicYear, TermDates] = field(default_factory=dict)
    owner: str = DEFAULT_OWNER
    fallback: SchoolCalendar | None = None

    def _loaded(self, year: AcademicYear) -> tuple[str, TermDates] | None:
        if year in self.term_dates:
            return self.owner, self.term_dates[year]
        return self.fallback._loaded(year) if self.fallback else None

    def counted_on(self, day: date) -> str:
        """Whose calendar counts the school days of the year that day falls in."""
        loaded = self._loaded(AcademicYear.containing(day))
        return f"{loaded[0]} term dates" if loaded else DEFAULT_OWNER

    def is_default_for(self, day: date) -> bool:
        return self._loaded(AcademicYear.containing(day)) is None

    def is_school_day(self, day: date) -> bool:
        loaded = self._loaded(AcademicYear.containing(day))
        if loaded is None:
            return is_school_day(day)
        return loaded[1].is_school_day(day) and is_working_day(day)

    def add_school_days(self, start: date, n: int) -> date:
        """The date n school days after start (start itself not counted)."""
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_school_day(day):
                n -= 1
        return day

    def school_days_before(self, end: date, n: int) -> date:
        """The date n school days before end (end itself not counted)."""
        day = end
        while n > 0:
            day -= timedelta(days=1)
            if self.is_school_day(day):
                n -= 1
        return day

    def school_days_between(self, start: date, end: date) -> int:
        """School days from start to end, both included."""
        days = (end - start).days + 1
        return sum(
            1
            for n in range(max(days, 0))
            if self.is_school_day(start + timedelta(days=n))
        )


DEFAULT_CALENDAR = SchoolCalendar()
