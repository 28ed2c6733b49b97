"""The wire form of a movement: the body of `POST /v1/movements`, each item of a
batch and each line of `pmr import` (pydantic v2). Every entry point parses a
movement with this one model before calling the recording path."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from events.movements import DETAIL_NAMES, MovementType
from events.movements.reason_codes import REASON_CODE_LISTS
from events.movements.roll_deletion import GROUNDS

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
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 10,
        },
        "from_urn": "100001",
        "effective_date": "2025-11-03",
        "reason": ["DB", "VA"],
        "days": 2.5,
    },
    "managed_move": {
        "type": "managed_move",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 9,
        },
        "from_urn": "100001",
        "to_urn": "100002",
        "effective_date": "2026-02-02",
    },
    "roll_deletion": {
        "type": "roll_deletion",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 11,
        },
        "from_urn": "100001",
        "effective_date": "2025-12-12",
        "deletion_ground": "moved_away",
    },
    "elective_home_education": {
        "type": "elective_home_education",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 11,
        },
        "from_urn": "100001",
        "effective_date": "2025-12-01",
        "notes": "parent's letter received 28 Nov",
    },
    "off_site_direction": {
        "type": "off_site_direction",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 9,
        },
        "from_urn": "100001",
        "to_urn": "100007",
        "effective_date": "2026-02-09",
    },
    "fair_access_placement": {
        "type": "fair_access_placement",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 10,
        },
        "to_urn": "100002",
        "effective_date": "2026-02-02",
    },
    "section19_placement": {
        "type": "section19_placement",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 11,
        },
        "from_urn": "100001",
        "to_urn": "100007",
        "effective_date": "2026-01-15",
    },
    "suspected_off_rolling": {
        "type": "suspected_off_rolling",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 11,
        },
        "from_urn": "100001",
        "to_urn": "100002",
        "effective_date": "2026-01-09",
        "notes": "left on 'EHE' two days before census after repeated suspensions",
    },
    "admission": {
        "type": "admission",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2010-03-14",
            "year_group": 7,
        },
        "to_urn": "100002",
        "effective_date": "2025-09-03",
    },
    "part_time_timetable": {
        "type": "part_time_timetable",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2012-05-02",
            "year_group": 8,
        },
        "from_urn": "100001",
        "effective_date": "2026-01-12",
        "hours_per_week": 15,
        "parental_consent": True,
        "reason_category": "medical",
        "end_date": "2026-02-13",
        "next_review_date": "2026-01-26",
    },
    "flexi_schooling": {
        "type": "flexi_schooling",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2016-05-02",
            "year_group": 4,
        },
        "from_urn": "100001",
        "effective_date": "2026-01-12",
        "sessions_at_home_per_week": 2,
    },
    "safeguarding_separation": {
        "type": "safeguarding_separation",
        "pupil": {
            "upn": "H801200001001",
            "date_of_birth": "2011-05-02",
            "year_group": 10,
        },
        "from_urn": "100001",
        "effective_date": "2026-09-14",
        "days": 3,
    },
}


PartTimeReason = Literal["medical", "reintegration", "behaviour", "other"]

# Documented, not enforced here: the domain parses (and normalises) identifiers and
# refuses with the rule broken, so the schema says what a valid value looks like.
UPN_DOC: JsonDict = {
    "pattern": "^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$",
    "example": "H801200001001",
}
URN_DOC: JsonDict = {"pattern": "^[0-9]{6}$", "example": "100001"}
LA_DOC: JsonDict = {"pattern": "^[0-9]{3}$", "example": "801"}
GROUND_DOC: JsonDict = {"enum": [*sorted(GROUNDS), None]}
REASON_CODES = sorted({c for _, _, codes in REASON_CODE_LISTS for c in codes})


class PupilIn(BaseModel):
    """Who the movement is about; the UPN and date of birth go to the vault only."""

    model_config = ConfigDict(extra="forbid")

    upn: str = Field(
        min_length=1,
        max_length=20,
        description="13-character UPN",
        json_schema_extra=UPN_DOC,
    )
    former_upn: str | None = Field(
        None,
        min_length=1,
        max_length=20,
        description="the child's earlier UPN (a temporary one now replaced, or a "
        "duplicate retired): the register finds the child by either",
        json_schema_extra=UPN_DOC,
    )
    name: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="the child's name as the school holds it: kept only in the "
        "vault, encrypted under the child's key, shown only to staff whose work "
        "needs it (each showing is in the child's access log)",
    )
    nhs_number: str | None = Field(
        None,
        min_length=1,
        max_length=20,
        description="the child's NHS number (10 digits, modulus 11 check; spaces "
        "allowed): the consistent identifier of Children Act 2004 s16LC. Kept only "
        "in the vault with its own blind index, never in events, read models, logs "
        "or the stream; every read of it is in the child's access log",
        json_schema_extra={"example": "9434765919"},
    )
    nhs_number_not_included: (
        Literal["not_known_finding_would_delay", "more_detrimental_to_the_child"] | None
    ) = Field(
        None,
        description="why the NHS number is left out, as s16LC allows",
    )
    date_of_birth: date | None = None
    year_group: str | int | None = None
    sen_provision: Literal["N", "K", "E"] | None = None
    ethnicity: str | None = Field(
        None,
        max_length=10,
        description="school census ethnicity code (e.g. WBRI, MWBA, NOBT); only "
        "its major group is kept",
    )
    fsm_eligible: bool | None = None
    looked_after: bool | None = None
    previously_looked_after: bool | None = None
    child_in_need: bool | None = None
    child_protection_plan: bool | None = None
    home_la: str | None = Field(
        None,
        description="LA code where the child lives (it arranges s19)",
        json_schema_extra=LA_DOC,
    )


class MovementCreate(BaseModel):
    """A movement to record (POST /v1/movements)."""

    model_config = ConfigDict(extra="forbid")

    type: MovementType
    pupil: PupilIn
    from_urn: str | None = Field(None, json_schema_extra=URN_DOC)
    to_urn: str | None = Field(None, json_schema_extra=URN_DOC)
    effective_date: date
    deletion_ground: str | None = Field(
        None, description="reg 9 ground", json_schema_extra=GROUND_DOC
    )
    reason: str | list[str] | None = Field(
        None,
        description="census reason code(s), up to 3; the list in force depends on "
        f"the academic year: {', '.join(REASON_CODES)}",
    )
    days: float | None = Field(
        None, description="suspension or off-site direction length in school days"
    )
    notes: str | None = Field(None, max_length=4000, description="stored encrypted")
    notice_date: date | None = Field(
        None, description="off-site direction: written notice given to the parents"
    )
    la_notice_date: date | None = Field(
        None,
        description="off-site direction: notice given to the LA that maintains the "
        "child's EHC plan",
    )
    end_date: date | None = Field(
        None,
        description="off-site direction, part-time timetable, flexi-schooling, "
        "safeguarding separation: last day",
    )
    trial: bool | None = Field(
        None, description="a 'trial' placement: recorded as an off-site direction"
    )
    parental_consent: bool | None = Field(
        None,
        description="managed move, part-time timetable: the parents consented",
    )
    receiving_agreement: bool | None = Field(
        None, description="managed move: the receiving admission authority agreed"
    )
    s47_enquiries: bool | None = Field(
        None, description="home education: the child is subject to s47 enquiries"
    )
    provider_id: str | None = Field(
        None, max_length=64, description="s19: a provider without a URN"
    )
    hours_per_week: float | None = Field(
        None, description="s19, part-time timetable: hours a week"
    )
    reason_category: (
        Literal["medical", "reintegration", "behaviour", "other"] | None
    ) = Field(None, description="part-time timetable: why")
    next_review_date: date | None = Field(
        None, description="part-time timetable: the next review with the parents"
    )
    destination_known: bool | None = Field(
        None,
        description="deletion: the school knows the new address or school (reg 8(3)); "
        "a move away without it opens a missing-education case",
    )
    school_attendance_order: bool | None = Field(
        None,
        description="deletion or home education: the pupil is registered under a "
        "school attendance order",
    )
    sessions_at_home_per_week: int | None = Field(
        None, description="flexi-schooling: sessions a week educated at home (1-9)"
    )
    misses_public_examination: bool | None = Field(
        None,
        description="suspension: the pupil misses a public examination or national "
        "curriculum test",
    )

    def reasons(self) -> tuple[str, ...]:
        if self.reason is None:
            return ()
        raw = [self.reason] if isinstance(self.reason, str) else self.reason
        return tuple(code.strip().upper() for code in raw)

    def details(self) -> dict[str, Any]:
        """The facts a type's law asks about, as sent (dates as ISO text)."""
        values = self.model_dump(include=set(DETAIL_NAMES), exclude_none=True)
        return {
            k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()
        }
