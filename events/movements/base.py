"""What every movement type declares: who records it, what it needs, what it does.

Each movement module fills in one `MovementRules` and owns its type-specific check;
`events.movements.validate` runs the checks common to all types first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from typing import Any


class MovementType(StrEnum):
    """The canonical movement codes on the API and the stream (codes.md)."""

    PERMANENT_EXCLUSION = "permanent_exclusion"
    SUSPENSION = "suspension"
    MANAGED_MOVE = "managed_move"
    OFF_SITE_DIRECTION = "off_site_direction"
    FAIR_ACCESS_PLACEMENT = "fair_access_placement"
    SECTION19_PLACEMENT = "section19_placement"
    ELECTIVE_HOME_EDUCATION = "elective_home_education"
    ROLL_DELETION = "roll_deletion"
    SUSPECTED_OFF_ROLLING = "suspected_off_rolling"
    ADMISSION = "admission"
    PART_TIME_TIMETABLE = "part_time_timetable"
    FLEXI_SCHOOLING = "flexi_schooling"
    SAFEGUARDING_SEPARATION = "safeguarding_separation"


class RecorderKind(StrEnum):
    """Who is asserting the movement."""

    SCHOOL = "school"
    LOCAL_AUTHORITY = "la"
    ADMIN = "admin"


class Side(Enum):
    """Which school a recording school must be: the one the child leaves or joins."""

    FROM = "from_urn"
    TO = "to_urn"
    EITHER = "either"


class RollEffect(Enum):
    """What the movement does to the child's admission registers."""

    NONE = "none"
    # The school acts on a pupil it has on roll (suspends, excludes, directs):
    # evidence of a registration the register may never have been told about.
    CONFIRMS_FROM = "confirms_from"
    LEAVES_FROM = "leaves_from"
    JOINS_TO = "joins_to"
    TRANSFERS = "transfers"


@dataclass(frozen=True)
class Recorder:
    """The organisation recording a movement (never the person)."""

    kind: RecorderKind
    urn: str | None = None
    la_code: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind.value, "urn": self.urn, "la_code": self.la_code}


@dataclass(frozen=True)
class MovementRequest:
    """A movement as asked for, already parsed into domain types."""

    movement_type: MovementType
    effective_date: date
    from_urn: str | None = None
    to_urn: str | None = None
    from_la: str | None = None
    to_la: str | None = None
    deletion_ground: str | None = None
    reasons: tuple[str, ...] = ()
    days: float | None = None
    characteristics: Mapping[str, Any] = field(default_factory=dict)
    date_of_birth: date | None = None
    # Facts of the act a type's law asks about (notice date, consents, end date...).
    details: Mapping[str, Any] = field(default_factory=dict)
    # The kind of school the child leaves, from the schools reference (GIAS).
    from_establishment: Establishment | None = None
    # A provider without a URN (unregistered AP, a tutor), from the providers reference.
    provider_id: str | None = None
    # The LA where the child lives, when known (it arranges s19 provision).
    home_la: str | None = None


class EstablishmentKind(StrEnum):
    """Who runs a school, as far as the law on movements cares (GIAS type)."""

    MAINTAINED = "maintained"
    ACADEMY = "academy"
    INDEPENDENT = "independent"
    NON_MAINTAINED_SPECIAL = "non_maintained_special"
    OTHER = "other"


@dataclass(frozen=True)
class Establishment:
    """A school's kind, and whether it is a special school."""

    kind: EstablishmentKind
    special: bool = False


@dataclass(frozen=True)
class ExclusionReview:
    """How far the review of one permanent exclusion has gone (dates of each step)."""

    excluded_on: date
    governors_on: date | None = None
    governors_outcome: str | None = None
    # When written notice of the board's decision counts as given (post deemed).
    governors_notice_on: date | None = None
    review_requested_on: date | None = None
    review_decided_on: date | None = None
    review_outcome: str | None = None
    review_notice_on: date | None = None
    reconsidered_on: date | None = None
    reconsideration_outcome: str | None = None
    waived_on: date | None = None
    reinstated_on: date | None = None


@dataclass(frozen=True)
class Suspension:
    """One suspension from one school: its first day and its length."""

    urn: str
    starts: date
    days: float


@dataclass(frozen=True)
class PupilFacts:
    """What the child's stream already says, as the rules need it."""

    on_roll: frozenset[str] = frozenset()
    # every school any active movement names, from or to
    schools_named: frozenset[str] = frozenset()
    # school URN -> date the child left its roll (and has not rejoined)
    left_roll: Mapping[str, date] = field(default_factory=dict)
    # school URN -> latest date the school acted on the child as on its roll
    acted_on_roll: Mapping[str, date] = field(default_factory=dict)
    # school URN -> date of the earliest active permanent exclusion from it
    excluded_from: Mapping[str, date] = field(default_factory=dict)
    suspension_days_by_year: Mapping[str, float] = field(default_factory=dict)
    # "2025/26 autumn" -> suspension days in that term, every school counted
    suspension_days_by_term: Mapping[str, float] = field(default_factory=dict)
    # school URN -> the review of the latest permanent exclusion from it
    exclusion_reviews: Mapping[str, ExclusionReview] = field(default_factory=dict)
    # school URN -> date the LA consented to deregistration for home education
    ehe_consents: Mapping[str, date] = field(default_factory=dict)
    # school URN -> date of the latest joint school/LA enquiry into whereabouts
    joint_enquiries: Mapping[str, date] = field(default_factory=dict)
    # every active suspension, in date order (runs of consecutive ones)
    suspensions: tuple[Suspension, ...] = ()


Check = Callable[[MovementRequest, PupilFacts], None]
Derive = Callable[[MovementRequest], dict[str, Any]]


def no_extra_check(request: MovementRequest, facts: PupilFacts) -> None:
    """Types whose only rules are the common ones."""


def nothing_derived(request: MovementRequest) -> dict[str, Any]:
    """Types that add nothing to the details they were sent."""
    return {}


@dataclass(frozen=True)
class MovementRules:
    """One movement type's rules, declared as data plus one check function."""

    movement_type: MovementType
    summary: str
    recorders: frozenset[RecorderKind]
    acting_side: Side
    needs_from: bool
    needs_to: bool
    roll_effect: RollEffect
    allows_future: bool = False
    uses_reasons: bool = False
    uses_days: bool = False
    uses_ground: bool = False
    uses_to: bool = True
    # A ground the type itself implies (EHE deletes under 9(1)(f)).
    implied_ground: str | None = None
    # The details (facts the type's law asks about) this type accepts.
    details: frozenset[str] = frozenset()
    # A provider may be named instead of a school (section 19).
    uses_provider: bool = False
    # The LA where the child lives may record it, whatever the schools' LAs.
    home_la_records: bool = False
    check: Check = no_extra_check
    # Details the register works out when recording (e.g. an academy's direction).
    derive: Derive = nothing_derived

    @property
    def leaves_roll(self) -> bool:
        return self.roll_effect in (RollEffect.LEAVES_FROM, RollEffect.TRANSFERS)
