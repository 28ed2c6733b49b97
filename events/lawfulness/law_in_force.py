"""Which law judges an act: the rules in force on its effective date.

Regulations change on known dates (the 2024 Pupil Registration Regulations replaced
those of 2006 on 19 August 2024); provisions of the Children's Wellbeing and Schools
Act 2026 start on dates that commencement regulations will set. Those dates are data
(`commencements.json`), unset until made, and can be set without a code change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files

from events.lawfulness.finding import LawRule
from events.term_dates import DEFAULT_CALENDAR, SchoolCalendar

# (LA code, URN) -> the school's calendar; the composition root reads term dates.
CalendarSource = Callable[[str | None, str | None], SchoolCalendar]


def default_calendar(la_code: str | None, urn: str | None) -> SchoolCalendar:
    return DEFAULT_CALENDAR


# The edition of the rule set in this code: bump it whenever a rule changes, so a
# finding says which rules found it.
EDITION = "2026.12"

# Dates the law this register applies changed, whatever the commencements say.
FIXED_CHANGES = (
    date(2006, 9, 1),  # Pupil Registration Regulations 2006 (SI 2006/1751)
    date(2024, 8, 19),  # Pupil Registration Regulations 2024 (SI 2024/208)
    # Suspension and permanent exclusion guidance, 2026 edition; the 2010 off-site
    # direction Regulations applied to academies and PRUs (law-review §2.3).
    date(2026, 7, 26),
)


def _shipped_commencements() -> dict[str, date | None]:
    raw = json.loads(
        files("events.lawfulness").joinpath("commencements.json").read_text()
    )
    return {
        key: date.fromisoformat(value) if value else None
        for key, value in raw.items()
        if not key.startswith("_")
    }


@dataclass(frozen=True)
class LawInForce:
    """Commencement dates, and the questions rules ask of them."""

    commencements: Mapping[str, date | None] = field(
        default_factory=_shipped_commencements
    )
    # Each school's calendar, for every count of school days a rule makes.
    calendars: CalendarSource = field(default=default_calendar, compare=False)

    @classmethod
    def with_overrides(
        cls,
        overrides: Mapping[str, date | None],
        calendars: CalendarSource = default_calendar,
    ) -> LawInForce:
        """The shipped dates, with some set (or unset) by configuration."""
        dates = _shipped_commencements()
        unknown = set(overrides) - set(dates)
        if unknown:
            raise ValueError(f"unknown commencement keys: {sorted(unknown)}")
        dates.update(overrides)
        return cls(dates, calendars)

    def calendar_for(self, la_code: str | None, urn: str | None) -> SchoolCalendar:
        return self.calendars(la_code, urn)

    def judges(self, rule: LawRule, effective_date: date) -> bool:
        """Whether the rule was law on the act's effective date."""
        if rule.in_force_from and effective_date < rule.in_force_from:
            return False
        if rule.in_force_until and effective_date >= rule.in_force_until:
            return False
        if rule.commencement is None:
            return True
        commenced = self.commencements.get(rule.commencement)
        return commenced is not None and effective_date >= commenced

    def in_force(self, commencement: str, on: date) -> bool:
        """Whether a provision awaiting commencement was in force on that day."""
        commenced = self.commencements.get(commencement)
        return commenced is not None and on >= commenced

    def rules_version(self, effective_date: date) -> str:
        """The rule set's edition and the latest change in force on that date."""
        changes = [d for d in FIXED_CHANGES if d <= effective_date]
        changes += [d for d in self.commencements.values() if d and d <= effective_date]
        regime = max(changes) if changes else FIXED_CHANGES[0]
        return f"{EDITION}/{regime.isoformat()}"
