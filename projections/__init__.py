"""Read models built from the register's events; each is rebuildable from the log."""

from __future__ import annotations

from projections.base import Projection
from projections.census_spike import CensusSpike
from projections.findings import Findings
from projections.la_queue import LaQueue
from projections.pupil_history import PupilHistory

PROJECTIONS: dict[str, type[Projection]] = {
    PupilHistory.name: PupilHistory,
    CensusSpike.name: CensusSpike,
    Findings.name: Findings,
    LaQueue.name: LaQueue,
}
