"""Builders giving unique, valid test data so tests share databases without cleanup."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from events.identifiers import upn_check_letter
from events.movements import MovementRequest, MovementType, Recorder, RecorderKind

SCHOOL_A = "100001"  # secondary, LA 801 (tests/fixtures/gias_sample.csv)
SCHOOL_B = "100002"  # secondary, LA 801
SCHOOL_C = "100003"  # secondary, LA 202
LA_A = "801"
LA_C = "202"


def random_upn(la_code: str = "801") -> str:
    """A well-formed permanent UPN with a correct check letter."""
    body = la_code + "".join(random.choices("0123456789", k=9))
    return upn_check_letter(body) + body


def on_day(n: int) -> dict[str, date]:
    """effective_date the n-th day after 1 September 2025 (school year 2025-26):
    repeated movements of one child differ, since the same act twice is one."""
    return {"effective_date": date(2025, 9, 1) + timedelta(days=n)}


def random_pupil_key() -> str:
    return "pk_test_" + uuid.uuid4().hex[:20]


def school(urn: str = SCHOOL_A) -> Recorder:
    return Recorder(RecorderKind.SCHOOL, urn=urn)


def local_authority(la_code: str = LA_A) -> Recorder:
    return Recorder(RecorderKind.LOCAL_AUTHORITY, la_code=la_code)


def a_movement(movement_type: MovementType | str, **overrides: Any) -> MovementRequest:
    """A lawful movement of the type between schools A and B, changed by overrides."""
    movement_type = MovementType(movement_type)
    defaults: dict[str, Any] = {
        "movement_type": movement_type,
        "effective_date": date(2026, 1, 8),
        "from_urn": SCHOOL_A,
        "from_la": LA_A,
    }
    defaults.update(_TYPE_DEFAULTS.get(movement_type, {}))
    defaults.update(overrides)
    return MovementRequest(**defaults)


_TYPE_DEFAULTS: dict[MovementType, dict[str, Any]] = {
    MovementType.PERMANENT_EXCLUSION: {"reasons": ("PA",)},
    MovementType.SUSPENSION: {"reasons": ("DB",), "days": 2.0},
    MovementType.MANAGED_MOVE: {"to_urn": SCHOOL_B, "to_la": LA_A},
    MovementType.FAIR_ACCESS_PLACEMENT: {
        "from_urn": None,
        "from_la": None,
        "to_urn": SCHOOL_B,
        "to_la": LA_A,
    },
    MovementType.ADMISSION: {
        "from_urn": None,
        "from_la": None,
        "to_urn": SCHOOL_B,
        "to_la": LA_A,
    },
    MovementType.ROLL_DELETION: {
        "deletion_ground": "moved_away",
        "details": {"destination_known": True},
    },
    MovementType.PART_TIME_TIMETABLE: {
        "details": {
            "hours_per_week": 15,
            "parental_consent": True,
            "end_date": "2026-02-13",
            "next_review_date": "2026-01-22",
            "reason_category": "medical",
        }
    },
    MovementType.FLEXI_SCHOOLING: {"details": {"sessions_at_home_per_week": 2}},
}


@dataclass
class FakeClock:
    """A settable clock: tests decide what 'now' is."""

    now: datetime = field(
        default_factory=lambda: datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    )

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
