"""Suspensions: the yearly total nearing the 45-day limit, and repeated suspensions
in one term.

Basis: the 45-school-day limit (Education Act 2002 s51A; 2024 guidance) and the
term triggers for the governing board (2012 Regulations reg 6): a DSL should see the
pattern before the limit is broken. Thresholds: thresholds.json.
"""

from __future__ import annotations

from events.alerts.rules.common import year_of
from events.alerts.signal import AlertSeverity, ChildView, Signal, threshold
from events.movements import MovementType
from events.pupil_facts import term_key

NEAR_LIMIT = "suspension_limit_near"
REPEATED = "repeated_suspensions_in_term"


def fire(view: ChildView) -> list[Signal]:
    current = view.movement
    if current is None or current.movement_type is not MovementType.SUSPENSION:
        return []
    return [*_near_limit(view, current.movement_id), *_repeated(view)]


def _near_limit(view: ChildView, movement_id: str) -> list[Signal]:
    current = view.movement
    assert current is not None
    year = year_of(current)
    in_year = [
        m for m in view.movements
        if m.movement_type is MovementType.SUSPENSION and year_of(m) == year
    ]  # fmt: skip
    total = sum(m.days or 0 for m in in_year)
    if total < threshold(NEAR_LIMIT, "days"):
        return []
    evidence = tuple(m.movement_id for m in in_year)
    return [Signal(NEAR_LIMIT, AlertSeverity.MEDIUM, year, evidence)]


def _repeated(view: ChildView) -> list[Signal]:
    current = view.movement
    assert current is not None
    term = term_key(current.effective_date)
    in_term = [
        m for m in view.movements
        if m.movement_type is MovementType.SUSPENSION
        and term_key(m.effective_date) == term
    ]  # fmt: skip
    if len(in_term) < threshold(REPEATED, "count"):
        return []
    evidence = tuple(m.movement_id for m in in_term)
    return [Signal(REPEATED, AlertSeverity.MEDIUM, term, evidence)]
