"""Read models built from the register's events; each is rebuildable from the log."""

from __future__ import annotations

from projections.base import Projection
from projections.casework.alerts_inbox import AlertsInbox
from projections.casework.findings import Findings
from projections.casework.la_queue import LaQueue
from projections.casework.processing_limits import ProcessingLimits
from projections.casework.webhook_outbox import WebhookOutbox
from projections.census.spike import CensusSpike
from projections.cnis.register import ChildrenNotInSchool
from projections.history.pupil_history import PupilHistory

PROJECTIONS: dict[str, type[Projection]] = {
    PupilHistory.name: PupilHistory,
    CensusSpike.name: CensusSpike,
    Findings.name: Findings,
    LaQueue.name: LaQueue,
    AlertsInbox.name: AlertsInbox,
    WebhookOutbox.name: WebhookOutbox,
    ProcessingLimits.name: ProcessingLimits,
    ChildrenNotInSchool.name: ChildrenNotInSchool,
}
