"""What a case type declares: its states, who may move it on, and its deadlines.

Each case type is one module filling in a `CaseType`, as data: the transition map
(re-entering a state is an error unless a transition lists it), the kinds of actor
allowed to make each transition, and deadlines counted in school days from the day
the case entered a state, each citing the rule it comes from, or labelled local
practice where no law sets the figure. Deadlines are evaluated when read (the
queue), never by a timer, on the calendar of the case's school.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from events.term_dates import DEFAULT_CALENDAR, SchoolCalendar


class Actor(StrEnum):
    """Who acts on a case: the school, the LA (officers and panels), or an admin."""

    SCHOOL = "school"
    LA = "la"
    ADMIN = "admin"
    REGISTER = "register"  # the register itself, following recorded movements


SCHOOL_OR_LA = frozenset({Actor.SCHOOL, Actor.LA, Actor.ADMIN})
LA_ONLY = frozenset({Actor.LA, Actor.ADMIN})
SCHOOL_ONLY = frozenset({Actor.SCHOOL, Actor.ADMIN})
REGISTER = frozenset({Actor.REGISTER, Actor.ADMIN})


@dataclass(frozen=True)
class Transition:
    """A named move from one of `from_states` to `to_state`, by these actors."""

    name: str
    from_states: frozenset[str]
    to_state: str
    actors: frozenset[Actor]
    decisions: frozenset[str] = frozenset()  # allowed decision values, if any


@dataclass(frozen=True)
class Deadline:
    """Due `school_days` after the case entered `state`; cites its source."""

    name: str
    state: str
    school_days: int
    source: str
    verified: bool = True  # False: a figure the sources disagree on (kept as data)
    # True: no statute or statutory guidance sets the figure; the LA's own practice.
    local_practice: bool = False
    # A deadline the law sets in calendar months (UK GDPR art 12(3): one month),
    # which school days would get wrong over a holiday; 0: school days.
    calendar_months: int = 0
    # A period the law gives in days, not school days (15 days from a notice).
    calendar_days: int = 0

    def due(self, since: date, calendar: SchoolCalendar = DEFAULT_CALENDAR) -> date:
        if self.calendar_months:
            return months_after(since, self.calendar_months)
        if self.calendar_days:
            return since + timedelta(days=self.calendar_days)
        return calendar.add_school_days(since, self.school_days)


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day if it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    last = (following - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class CaseType:
    """One kind of case."""

    name: str
    summary: str
    initial_state: str
    terminal_states: frozenset[str]
    transitions: tuple[Transition, ...]
    deadlines: tuple[Deadline, ...] = ()
    # Transitions every open case allows (abandon, close as duplicate...).
    any_open: tuple[Transition, ...] = field(default=())
    # Closed states no transition reaches any more, kept for cases closed in them.
    retired_states: frozenset[str] = frozenset()

    def transition(self, name: str) -> Transition | None:
        for t in (*self.transitions, *self.any_open):
            if t.name == name:
                return t
        return None

    def allowed_from(self, state: str) -> list[str]:
        """The transitions a case in this state may make, in declared order."""
        if state in self.terminal_states:
            return []
        named = [t.name for t in self.transitions if state in t.from_states]
        return named + [t.name for t in self.any_open]

    def open_to_people(self, state: str) -> list[str]:
        """The transitions a school or LA may make from this state (not the
        register's own, which follow recorded movements)."""
        people = {Actor.SCHOOL, Actor.LA}
        return [
            name
            for name in self.allowed_from(state)
            if (t := self.transition(name)) is not None and t.actors & people
        ]

    def states(self) -> list[str]:
        seen = [self.initial_state]
        for t in self.transitions:
            for s in (*sorted(t.from_states), t.to_state):
                if s not in seen:
                    seen.append(s)
        return seen

    def next_deadline(
        self,
        state: str,
        since: date,
        calendar: SchoolCalendar = DEFAULT_CALENDAR,
    ) -> tuple[Deadline, date] | None:
        """The earliest deadline running in this state, and its due date."""
        running = [
            (d, d.due(since, calendar)) for d in self.deadlines if d.state == state
        ]
        return min(running, key=lambda pair: pair[1]) if running else None


def closing(name: str, to_state: str, actors: frozenset[Actor]) -> Transition:
    """A transition open to every non-terminal state (filled in by the aggregate)."""
    return Transition(name, frozenset(), to_state, actors)
