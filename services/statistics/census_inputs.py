"""What a census report reads besides the exits, and keeping its baselines warm."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from events.school_calendar import AcademicYear
from projections.census.report import ReportInputs, warm_baselines
from projections.census.spike import CensusSpike
from services.reference.versions import read_versions

if TYPE_CHECKING:
    from services.app.parts import ReadSide

log = logging.getLogger("pmr.census")


def report_inputs(container: ReadSide, year: AcademicYear) -> ReportInputs:
    """Headcounts this year and the two before, each school's LA, and the version
    that says when baselines computed from them go stale."""
    earlier = [AcademicYear(year.start_year - n) for n in (1, 2)]
    return ReportInputs(
        cohorts=container.census.all_schools(year),
        la_of=container.schools.la_map(),
        earlier_cohorts={str(y): container.census.all_schools(y) for y in earlier},
        version=(
            container.settings.database_url,  # positions repeat across databases
            container.applied(CensusSpike.name),
            read_versions(container.db),
        ),
        today=container.registry.clock().date(),
    )


def warm_current_year(container: ReadSide) -> None:
    """Recompute this academic year's baselines once the log is caught up, so the
    next report reads them instead of paying for them (embedded mode)."""
    year = AcademicYear.containing(container.registry.clock().date())
    warm_baselines(container.db, report_inputs(container, year), year)
    log.debug("census baselines warmed", extra={"academic_year": str(year)})
