"""What a lawfulness rule says when an act breaks it: a finding citing its provision.

A finding never refuses anything. The movement is stored with its findings inside
the event, computed once when recorded (never on replay), so a later change of the
rules leaves what was found at the time as it was found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from events.movements.base import MovementRequest, MovementType, PupilFacts
from events.term_dates import DEFAULT_CALENDAR, SchoolCalendar


class Severity(StrEnum):
    """A breach: the act broke the law. A concern: it may have; the LA should look."""

    BREACH = "breach"
    CONCERN = "concern"


@dataclass(frozen=True)
class Citation:
    """The provision a rule rests on."""

    instrument: str
    provision: str
    url: str

    def as_dict(self) -> dict[str, str]:
        return {
            "instrument": self.instrument,
            "provision": self.provision,
            "url": self.url,
        }


@dataclass(frozen=True)
class Finding:
    """One rule broken by one recorded act, as stored in the event."""

    rule: str
    severity: Severity
    message: str
    citation: Citation
    rules_version: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "citation": self.citation.as_dict(),
            "rules_version": self.rules_version,
        }


@dataclass(frozen=True)
class Situation:
    """Everything a rule may look at: the act, the child's record, when it was told,
    and the calendar of the school acting (every count of school days uses it)."""

    request: MovementRequest
    facts: PupilFacts
    recorded_on: date
    calendar: SchoolCalendar = DEFAULT_CALENDAR

    def counted_on(self, day: date) -> str:
        """Which calendar counted, for a finding's message."""
        return f"counted on {self.calendar.counted_on(day)}"


# A rule's test: None when the act meets it, else the message of the finding.
Judge = Callable[[Situation], str | None]


@dataclass(frozen=True)
class LawRule:
    """One requirement a lawful act must meet, and the law it comes from.

    `in_force_from`/`in_force_until` bound the effective dates it judges; a rule
    whose provision awaits commencement names it in `commencement` (a key of the
    commencement table, data that can be set) and judges nothing until then.
    """

    rule: str
    severity: Severity
    summary: str
    citation: Citation
    applies_to: frozenset[MovementType]
    judge: Judge
    in_force_from: date | None = None
    in_force_until: date | None = None
    commencement: str | None = None


LEGISLATION = "https://www.legislation.gov.uk"
GUIDANCE = "https://www.gov.uk/government/publications"
