"""Read models built from the register's events; each is rebuildable from the log."""

from __future__ import annotations

from projections.alerts_inbox import AlertsInbox
from projections.base import Projection
from projections.census_spike import CensusSpike
from projections.findings import Findings
from projections.la_queue import LaQueue
from projections.processing_limits import ProcessingLimits
from projections.pupil_history import PupilHistory
from projections.webhook_outbox import WebhookOutbox

PROJECTIONS: dict[str, type[Projection]] = {
    PupilHistory.name: PupilHistory,
    CensusSpike.name: CensusSpike,
    Findings.name: Findings,
    LaQueue.name: LaQueue,
    AlertsInbox.name: AlertsInbox,
    WebhookOutbox.name: WebhookOutbox,
    ProcessingLimits.name: ProcessingLimits,
}
