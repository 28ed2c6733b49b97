"""A movement corrected to another date re-dates the cases it opened.

The cases a movement opens on its own effective date (`events.cases.opening`) are
found again by their deterministic ids, (case type, movement id + suffix). A
school's sixth-day duty after suspensions is not among them: it opens on the first
day of the run of suspensions, which a correction re-judges with the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

# (case type, suffix of its source) for each case a movement opens on its date.
OPENED_ON_THE_MOVEMENTS_DATE = (
    ("exclusion_review", ""),
    ("sixth_day_provision", "/sixth-day"),
    ("managed_move", ""),
    ("off_site_direction", ""),
    ("section19", ""),
    ("part_time_arrangement", ""),
    ("separation_education", ""),
    ("home_education", ""),
    ("missing_education", ""),
    ("suspected_off_rolling", ""),
    ("suspected_off_rolling", "/findings"),
    ("suspension_review", "/review"),
)


@dataclass(frozen=True)
class Redating:
    """Open the cases this movement opened on its corrected date instead."""

    pupil_key: str
    movement_id: str
    effective_date: date

    def sources(self) -> list[tuple[str, str]]:
        """(case type, source) of every case the movement may have opened."""
        return [
            (case_type, self.movement_id + suffix)
            for case_type, suffix in OPENED_ON_THE_MOVEMENTS_DATE
        ]


def redating_for(pupil_key: str, payload: dict[str, Any]) -> list[Redating]:
    """A correction that changed the effective date re-dates; others change none."""
    changed = (payload.get("changes") or {}).get("effective_date")
    if not changed:
        return []
    return [
        Redating(pupil_key, payload["movement_id"], date.fromisoformat(str(changed)))
    ]
