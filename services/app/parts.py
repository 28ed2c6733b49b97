"""What the parts that read across the register need of it, as a Protocol: the
store, the log's follower, the reference data and the settings. The container
satisfies it; statistics, census reports and metrics take it instead of the
container's type, so no part imports the composition root."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Protocol

from events.registry import Registry
from projections.runner import LogFollower
from projections.view import Database
from services.app.config import Settings
from services.reference.census import CensusHeadcounts
from services.reference.schools import SchoolsReference


class ReadSide(Protocol):
    @property
    def settings(self) -> Settings: ...
    @property
    def registry(self) -> Registry: ...
    @property
    def db(self) -> Database: ...
    @property
    def follower(self) -> LogFollower: ...
    @property
    def schools(self) -> SchoolsReference: ...
    @property
    def census(self) -> CensusHeadcounts: ...
    def applied(self, projection: str) -> Hashable: ...
