"""Response shapes of the census reports and statistics, for the OpenAPI document.

The reports are built as dicts in projections/; these models name and type what
clients may rely on. Definitions: docs/census-spike-methodology.md and
docs/disclosure-control.md.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Score(BaseModel):
    expected_before_census: float | None = Field(
        description="baseline rate x cohort: the exits an ordinary school would have"
    )
    baseline_rate: float | None
    spike_score: float | None = Field(description="observed / expected")
    p_value: float | None = Field(description="Poisson P(X >= observed)")


class Comparisons(BaseModel):
    own_earlier_years: float | None
    la: float | None
    national: float | None


class ReasonMix(BaseModel):
    stated: int
    disputed: int = Field(description="named in a suspected off-rolling report")
    none: int
    unexplained_routes: int


class YearGroupReport(Score):
    year_group: str = Field(description="7 ... 11, or 10-11 for Years 10-11 together")
    cohort: int | None = Field(description="headcount at the spring census")
    exits_before_census: int
    exits_after_census: int
    backdated_exits: int = Field(
        description="recorded after census day with an effective date before it"
    )
    rate_before_census: float | None
    baseline: str = Field(description="la_and_national, national, la or none")
    unexplained_before_census: int
    unexplained: Score
    comparisons: Comparisons
    flagged: bool
    reasons: list[str]
    grounds: dict[str, int]
    reason_mix: ReasonMix


class Thresholds(BaseModel):
    min_exits: int
    min_spike_score: float
    max_p_value: float = Field(description="the national cut-off in use")
    false_discovery_rate: float
    max_p_value_cap: float


class OfstedStyle(BaseModel):
    year10_cohort: int | None
    leavers: int
    share: float | None
    met: bool
    two_years_running: bool


class LeaverRate(BaseModel):
    cohort_year7: str
    year11_cohort: int | None
    leavers: int
    ever_on_roll: int | None
    rate: float | None
    complete: bool


class Live(BaseModel):
    live: bool
    days_to_census: int | None = None
    exits_so_far: int | None = None
    projected_by_census: float | None = None


class CensusSpikeReport(BaseModel):
    """One school's exits around the spring census in one academic year."""

    urn: str
    la_code: str | None
    academic_year: str
    census_date: str
    census_date_derived: bool
    as_known_at: str | None
    backdated_exits: int
    flagged: bool
    thresholds: Thresholds
    key_stage_4: YearGroupReport
    year_groups: list[YearGroupReport]
    reason_mix: ReasonMix
    ofsted_style: OfstedStyle
    leaver_rate: LeaverRate
    live: Live


class LaSchool(BaseModel):
    urn: str
    flagged: bool
    max_spike_score: float
    backdated_exits: int
    exits_before_census: int
    reasons: list[str]
    ofsted_style_met: bool


class LaCensusSpikes(BaseModel):
    """The LA's schools, flagged first, then by spike score."""

    la_code: str
    academic_year: str
    census_date: str
    schools: list[LaSchool]
    count: int


Published = int | float | str  # a count, a percentage, or a GSS symbol


class StatisticsRow(BaseModel):
    """One geography x year group x exit route; geography columns vary by level."""

    model_config = ConfigDict(extra="allow")

    time_period: str
    time_identifier: str
    geographic_level: str
    country_code: str
    country_name: str
    year_group: str
    exit_route: str
    census_headcount: Published
    exits_before_census: Published
    exits_after_census: Published
    exits_before_census_percent: Published
    exits_after_census_percent: Published


class DisclosurePolicyApplied(BaseModel):
    threshold: int
    min_schools: int
    min_denominator: int
    rounded_to: int


class CensusExitStatistics(BaseModel):
    academic_year: str
    census_date: str
    level: str
    policy: DisclosurePolicyApplied
    rows: list[StatisticsRow]
