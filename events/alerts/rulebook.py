"""Every alert rule, in the order they are asked (one module each under rules/)."""

from __future__ import annotations

from events.alerts.rules import (
    case_deadline_missed,
    identification_attempts_exhausted,
    missing_education_risk,
    move_after_managed_or_direction,
    off_roll_in_year,
    part_time_beyond_span,
    recorded_concerns,
    repeated_moves,
    suspensions,
    vulnerable_child_moved,
)
from events.alerts.signal import AlertRule, ChildView, Signal

ALERT_RULES: tuple[AlertRule, ...] = (
    repeated_moves.fire,
    off_roll_in_year.fire,
    move_after_managed_or_direction.fire,
    vulnerable_child_moved.fire,
    missing_education_risk.fire,
    suspensions.fire,
    recorded_concerns.fire,
)


def signals_for(view: ChildView) -> list[Signal]:
    """Every alert rule's signals for one event."""
    return [signal for rule in ALERT_RULES for signal in rule(view)]


# Each rule id, and the module that states its basis.
RULE_MODULES = {
    repeated_moves.RULE: repeated_moves,
    off_roll_in_year.RULE: off_roll_in_year,
    move_after_managed_or_direction.RULE: move_after_managed_or_direction,
    vulnerable_child_moved.RULE: vulnerable_child_moved,
    missing_education_risk.RULE: missing_education_risk,
    suspensions.NEAR_LIMIT: suspensions,
    suspensions.REPEATED: suspensions,
    recorded_concerns.BREACH: recorded_concerns,
    recorded_concerns.BACKDATED: recorded_concerns,
    recorded_concerns.REPORT: recorded_concerns,
    case_deadline_missed.RULE: case_deadline_missed,
    part_time_beyond_span.RULE: part_time_beyond_span,
    identification_attempts_exhausted.RULE: identification_attempts_exhausted,
}
