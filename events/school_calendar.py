"""The academic calendar: academic years, terms, census days and school days.

Census dates are published by DfE each year; the published ones are data, and later
ones follow the observed rule (spring census = third Thursday of January), marked
derived (reference.md §4.1). School days are counted on a school's own calendar
(events.term_dates), England's default pattern (events.england_calendar) where
none is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from events.england_calendar import easter_sunday
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
    """The term a day falls in: autumn September to December, spring from January
    to Easter Sunday (Easter decides where it ends), summer after Easter."""
    if day.month >= 9:
        return Term.AUTUMN
    return Term.SPRING if day < easter_sunday(day.year) else Term.SUMMER
