"""Published national exit rates: the census-spike baseline of last resort.

A register switched on this autumn has no earlier years, and a new LA may have too
few schools for peers; its schools are then compared with the published national
rate for the year group, scaled to the share of the school year before census day
(exits spread through the year). The rates and their sources are data
(published_rates.json); the report names the baseline it used.
"""

from __future__ import annotations

import json
from importlib.resources import files

from events.school_calendar import AcademicYear, spring_census_date


def annual_rates() -> dict[str, float]:
    raw = json.loads(
        files("projections.census").joinpath("published_rates.json").read_text()
    )
    return {yg: float(v["rate"]) for yg, v in raw["annual_exit_rate"].items()}


ANNUAL = annual_rates()


def pre_census_rates(year: AcademicYear) -> dict[str, float]:
    """Each year group's expected share leaving between 1 September and census day."""
    census = spring_census_date(year).date
    share = (census - year.start).days / 365
    return {year_group: rate * share for year_group, rate in ANNUAL.items()}
