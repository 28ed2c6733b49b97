"""The events of a child's stream, as stored (topics and fields are the schema).

Changing a class here changes what the store holds: bump `class_version`, add an
`upcast_vN_vN+1` and a golden file (tests/fixtures/golden).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate


class MovementRecorded(Aggregate.Event):
    """A movement of any type and its effective date (recorded time: timestamp)."""

    TOPIC = "pmr.pupil.movement_recorded.v1"
    class_version = 2
    pupil_key: str
    movement_id: str
    movement_type: str
    effective_date: date
    from_urn: str | None
    to_urn: str | None
    from_la: str | None
    to_la: str | None
    deletion_ground: str | None
    regulations: str | None
    reasons: list[str]
    days: float | None
    characteristics: dict[str, Any]
    recorded_by: dict[str, str | None]
    details: dict[str, Any]
    findings: list[dict[str, Any]]
    rules_version: str | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Movements recorded before lawfulness findings carry none."""
        state["details"] = {}
        state["findings"] = []
        state["rules_version"] = None


class StepRecorded(Aggregate.Event):
    """A step in the process following a movement (review, consent, enquiry)."""

    TOPIC = "pmr.pupil.step_recorded.v1"
    class_version = 2
    pupil_key: str
    step_id: str
    step: str
    decided_on: date
    movement_id: str | None
    urn: str | None
    la_code: str | None
    outcome: str | None
    recorded_by: dict[str, str | None]
    notice_given_on: date | None
    notice_by_post: bool

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Steps recorded before notice was asked for say nothing of it."""
        state["notice_given_on"] = None
        state["notice_by_post"] = False


class HomeLaRecorded(Aggregate.Event):
    """The LA where the child lives (it arranges s19 provision and sees the
    child's s19 and home education records)."""

    TOPIC = "pmr.pupil.home_la_recorded.v1"
    pupil_key: str
    la_code: str
    effective_date: date
    recorded_by: dict[str, str | None]


class MovementCorrected(Aggregate.Event):
    """Fields of an earlier movement corrected; names the movement and why."""

    TOPIC = "pmr.pupil.movement_corrected.v1"
    class_version = 2
    pupil_key: str
    movement_id: str
    changes: dict[str, Any]
    reason_code: str
    recorded_by: dict[str, str | None]
    findings: list[dict[str, Any]] | None
    rules_version: str | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Corrections made before findings were not judged (None, not [])."""
        state["findings"] = None
        state["rules_version"] = None


class MovementWithdrawn(Aggregate.Event):
    """An earlier movement withdrawn as wrong; names the movement and why."""

    TOPIC = "pmr.pupil.movement_withdrawn.v1"
    pupil_key: str
    movement_id: str
    reason_code: str
    recorded_by: dict[str, str | None]


class Erased(Aggregate.Event):
    """The child's identity was destroyed (crypto-shredding): the events stay as
    anonymous facts, and nothing links them back to the child any more."""

    TOPIC = "pmr.pupil.erased.v1"
    pupil_key: str
    reason: str
    erased_by: dict[str, str | None]


class ProcessingLimited(Aggregate.Event):
    """The child restricted (art. 18) or objected to (art. 21) onward processing;
    uses the law does not require stop (events.processing_limits)."""

    TOPIC = "pmr.pupil.processing_limited.v1"
    pupil_key: str
    kind: str
    grounds: str
    article: str
    recorded_by: dict[str, str | None]


class ProcessingLimitLifted(Aggregate.Event):
    """A restriction or objection ended (verified, withdrawn, or overridden)."""

    TOPIC = "pmr.pupil.processing_limit_lifted.v1"
    pupil_key: str
    kind: str
    reason: str
    recorded_by: dict[str, str | None]
