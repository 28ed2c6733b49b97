"""School days for one LA: its own term dates where loaded, England's default pattern
otherwise. Statutory deadlines count school days, and LAs set different half terms,
so a case's deadline is counted on the calendar of the LA working it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from events.errors import InvalidDate
from events.school_calendar import AcademicYear, is_school_day


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


@dataclass(frozen=True)
class SchoolCalendar:
    """An LA's school days: term dates by academic year, the default pattern else."""

    term_dates: Mapping[AcademicYear, TermDates] = field(default_factory=dict)

    def is_school_day(self, day: date) -> bool:
        loaded = self.term_dates.get(AcademicYear.containing(day))
        return loaded.is_school_day(day) if loaded else is_school_day(day)

    def add_school_days(self, start: date, n: int) -> date:
        """The date n school days after start (start itself not counted)."""
        day = start
        while n > 0:
            day += timedelta(days=1)
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
