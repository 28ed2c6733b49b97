"""Request and response models (pydantic v2): …Create in, …Public out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from events.movements import MovementType

MOVEMENT_EXAMPLES: dict[str, dict[str, Any]] = {
    "permanent_exclusion": {
        "type": "permanent_exclusion",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 11,
        },
        "from_urn": "100001",
        "effective_date": "2026-01-08",
        "reason": ["PA"],
    },
    "suspension": {
        "type": "suspension",
        "pupil": {"upn": "H801200001001", "year_group": 10},
        "from_urn": "100001",
        "effective_date": "2025-11-03",
        "reason": ["DB", "VA"],
        "days": 2.5,
    },
    "managed_move": {
        "type": "managed_move",
        "pupil": {"upn": "H801200001001", "year_group": 9},
        "from_urn": "100001",
        "to_urn": "100002",
        "effective_date": "2026-02-02",
    },
    "roll_deletion": {
        "type": "roll_deletion",
        "pupil": {"upn": "H801200001001", "year_group": 11},
        "from_urn": "100001",
        "effective_date": "2025-12-12",
        "deletion_ground": "moved_away",
    },
    "elective_home_education": {
        "type": "elective_home_education",
        "pupil": {"upn": "H801200001001", "year_group": 11},
        "from_urn": "100001",
        "effective_date": "2025-12-01",
        "notes": "parent's letter received 28 Nov",
    },
    "off_site_direction": {
        "type": "off_site_direction",
        "pupil": {"upn": "H801200001001", "year_group": 9},
        "from_urn": "100001",
        "to_urn": "100007",
        "effective_date": "2026-02-09",
    },
    "fair_access_placement": {
        "type": "fair_access_placement",
        "pupil": {"upn": "H801200001001", "year_group": 10},
        "to_urn": "100002",
        "effective_date": "2026-02-02",
    },
    "section19_placement": {
        "type": "section19_placement",
        "pupil": {"upn": "H801200001001", "year_group": 11},
        "from_urn": "100001",
        "to_urn": "100007",
        "effective_date": "2026-01-15",
    },
    "suspected_off_rolling": {
        "type": "suspected_off_rolling",
        "pupil": {"upn": "H801200001001", "year_group": 11},
        "from_urn": "100001",
        "to_urn": "100002",
        "effective_date": "2026-01-09",
        "notes": "left on 'EHE' two days before census after repeated suspensions",
    },
    "admission": {
        "type": "admission",
        "pupil": {"upn": "H801200001001", "year_group": 7},
        "to_urn": "100002",
        "effective_date": "2025-09-03",
    },
}


class PupilIn(BaseModel):
    """Who the movement is about; the UPN and date of birth go to the vault only."""

    model_config = ConfigDict(extra="forbid")

    upn: str = Field(min_length=1, max_length=20, description="13-character UPN")
    date_of_birth: date | None = None
    year_group: str | int | None = None
    sen_provision: Literal["N", "K", "E"] | None = None
    fsm_eligible: bool | None = None
    looked_after: bool | None = None
    previously_looked_after: bool | None = None
    child_in_need: bool | None = None
    child_protection_plan: bool | None = None


class MovementCreate(BaseModel):
    """A movement to record (POST /v1/movements)."""

    model_config = ConfigDict(extra="forbid")

    type: MovementType
    pupil: PupilIn
    from_urn: str | None = None
    to_urn: str | None = None
    effective_date: date
    deletion_ground: str | None = None
    reason: str | list[str] | None = Field(
        None, description="census reason code(s), up to 3"
    )
    days: float | None = Field(None, description="suspension length in school days")
    notes: str | None = Field(None, max_length=4000, description="stored encrypted")

    def reasons(self) -> tuple[str, ...]:
        if self.reason is None:
            return ()
        raw = [self.reason] if isinstance(self.reason, str) else self.reason
        return tuple(code.strip().upper() for code in raw)


class MovementPublic(BaseModel):
    """What the register answers when a movement is recorded."""

    movement_id: str
    pupil_key: str
    recorded_at: datetime
    position: int | None


class CorrectionCreate(BaseModel):
    """Fields to correct on an earlier movement, and why."""

    model_config = ConfigDict(extra="forbid")

    reason_code: str
    effective_date: date | None = None
    reason: list[str] | None = None
    days: float | None = None
    deletion_ground: str | None = None
    to_urn: str | None = None
    notes: str | None = Field(None, max_length=4000)


class WithdrawalCreate(BaseModel):
    """Withdraw an earlier movement recorded in error."""

    model_config = ConfigDict(extra="forbid")

    reason_code: str
    notes: str | None = Field(None, max_length=4000)


class LookupCreate(BaseModel):
    """Find a child's pupil_key by UPN (the UPN never goes in a URL)."""

    model_config = ConfigDict(extra="forbid")

    upn: str


class LookupPublic(BaseModel):
    pupil_key: str


class SchoolUpsert(BaseModel):
    """A school in the reference (PUT /v1/schools/{urn})."""

    model_config = ConfigDict(extra="forbid")

    la_code: str
    name: str = Field(min_length=1, max_length=200)
    phase: str = "secondary"
    laestab: str | None = None
    status: str = "open"


class SchoolPublic(BaseModel):
    urn: str
    la_code: str
    name: str
    phase: str
    laestab: str | None = None
    status: str | None = None
