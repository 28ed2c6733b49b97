"""Alerts on what the register itself found or was told:

- lawfulness_breach: every breach finding of the lawfulness rules (events.lawfulness);
- deletion_backdated_over_census: a deletion recorded after the January census with
  an effective date before it (the census count excluded a child still on roll, or
  the register was told late of a pre-census exit) (census-benchmarks.md);
- off_rolling_report: a suspected off-rolling report (Ofsted inspection handbook).
"""

from __future__ import annotations

from events.alerts.rules.common import leaves_roll
from events.alerts.signal import AlertSeverity, ChildView, Signal
from events.movements import MovementType
from events.school_calendar import AcademicYear, spring_census_date

BREACH = "lawfulness_breach"
BACKDATED = "deletion_backdated_over_census"
REPORT = "off_rolling_report"


def fire(view: ChildView) -> list[Signal]:
    current = view.movement
    if current is None:
        return []
    evidence = (current.movement_id,)
    signals = []
    findings = view.envelope.payload.get("findings") or []
    if any(f["severity"] == "breach" for f in findings):
        signals.append(
            Signal(BREACH, AlertSeverity.HIGH, current.movement_id, evidence)
        )
    census = spring_census_date(AcademicYear.containing(current.effective_date)).date
    recorded = current.recorded_on
    if leaves_roll(current) and recorded and current.effective_date < census < recorded:
        signals.append(
            Signal(BACKDATED, AlertSeverity.HIGH, current.movement_id, evidence)
        )
    if current.movement_type is MovementType.SUSPECTED_OFF_ROLLING:
        signals.append(
            Signal(REPORT, AlertSeverity.HIGH, current.movement_id, evidence)
        )
    return signals
