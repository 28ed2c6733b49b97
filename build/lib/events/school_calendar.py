"""The academic calendar: academic years, terms, census days and school days.

Census dates are published by DfE each year; the published ones are data, and later
ones follow the observed rule (spring census = third Thursday of January), marked
derived (reference.md §4.1). Term dates and holidays vary by LA: the defaults here
are an approximation kept as data, good enough for counting suspension days and
weeks around census day, not for an individual school's calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from events.errors import InvalidDate

PUBLISHED_SPRING_CENSUS: dict[int, date] = {
    2020: date(2020, 1, 16),
    2021: date(2021, 1, 21),
    2022: date(2022, 1, 20),
    2023: date(2023, 1, 19),
    2024: date(2024, 1, 18),
    2025: date(2025, 1, 16),
    2026: date(2026, 1, 15),
}

_YEAR = re.compile(r"([0-9]{4})-?([0-9]{2})")
# Years the register can hold: UPNs began in 1999; nothing is planned a century out.
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True, order=True)
class AcademicYear:
    """1 September to 31 August, written 2025-26 (EES time_period 202526)."""

    start_year: int

    @classmethod
    def parse(cls, raw: str, field: str = "academic_year") -> AcademicYear:
        match = _YEAR.fullmatch(raw.strip())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise InvalidDate(
                "an academic year is written like 2025-26",
                field=field,
                rule="academic_year_format",
            )
        if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            raise InvalidDate(
                f"an academic year starts between {FIRST_YEAR} and {LAST_YEAR}",
                field=field,
                rule="academic_year_range",
            )
        return cls(int(match[1]))

    @classmethod
    def containing(cls, day: date) -> AcademicYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 8, 31)

    @property
    def ees_time_period(self) -> str:
        return f"{self.start_year}{(self.start_year + 1) % 100:02d}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> AcademicYear:
        return AcademicYear(self.start_year + 1)

    def __str__(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"


@dataclass(frozen=True)
class CensusDate:
    """A census day, and whether it was derived by rule rather than published."""

    date: date
    derived: bool


def third_thursday_of_january(year: int) -> date:
    first = date(year, 1, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(weeks=2)


def spring_census_date(academic_year: AcademicYear) -> CensusDate:
    """The spring (January) census day of an academic year."""
    year = academic_year.start_year + 1
    if year in PUBLISHED_SPRING_CENSUS:
        return CensusDate(PUBLISHED_SPRING_CENSUS[year], derived=False)
    return CensusDate(third_thursday_of_january(year), derived=True)


class Term(StrEnum):
    AUTUMN = "autumn"
    SPRING = "spring"
    SUMMER = "summer"


def term_of(day: date) -> Term:
    """Approximate term: autumn Sep-Dec, spring Jan-Mar, summer Apr-Aug."""
    if day.month >= 9:
        return Term.AUTUMN
    return Term.SPRING if day.month <= 3 else Term.SUMMER


# Default closures (month, day) ranges, inclusive; an approximation kept as data.
DEFAULT_HOLIDAYS: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = (
    ((12, 23), (12, 31)),
    ((1, 1), (1, 3)),
    ((7, 24), (8, 31)),
)


def is_school_day(day: date) -> bool:
    """Monday to Friday outside the default holidays."""
    if day.weekday() >= 5:
        return False
    key = (day.month, day.day)
    return not any(start <= key <= end for start, end in DEFAULT_HOLIDAYS)


def school_days_between(start: date, end: date) -> int:
    """School days from start to end, both included."""
    days = (end - start).days + 1
    return sum(
        1 for n in range(max(days, 0)) if is_school_day(start + timedelta(days=n))
    )


def add_school_days(start: date, n: int) -> date:
    """The date n school days after start (start itself not counted)."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_school_day(day):
            n -= 1
    return day
