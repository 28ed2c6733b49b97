"""Request and response models (pydantic v2): …Create in, …Public out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from events.movements.steps import StepKind
from services.reference.providers import ProviderKind

# Text kept in plain columns: PostgreSQL text cannot hold a NUL character.
NO_NUL = r"^[^\x00]*$"


class CitationPublic(BaseModel):
    """The provision a finding cites."""

    instrument: str
    provision: str
    url: str


class FindingPublic(BaseModel):
    """A rule of law the recorded act breaks (breach) or may break (concern)."""

    rule: str
    severity: Literal["breach", "concern"]
    message: str
    citation: CitationPublic
    rules_version: str | None = None


class MovementPublic(BaseModel):
    """What the register answers when a movement is recorded."""

    movement_id: str
    pupil_key: str
    recorded_at: datetime
    position: int | None
    findings: list[FindingPublic] = Field(
        default_factory=list,
        description="lawfulness findings stored with the movement (empty on replay)",
    )


class ProblemError(BaseModel):
    """One reason a request was refused: the field and the rule."""

    field: str
    rule: str
    message: str


class MovementCheckPublic(BaseModel):
    """What recording this movement would give: refusals or findings, nothing kept."""

    valid: bool
    errors: list[ProblemError]
    findings: list[FindingPublic]


class StepCreate(BaseModel):
    """A step of the process following a movement (POST .../steps)."""

    model_config = ConfigDict(extra="forbid")
    step: StepKind
    decided_on: date
    movement_id: str | None = Field(None, max_length=100)
    urn: str | None = Field(
        None, description="the school, for a step that follows no movement"
    )
    outcome: str | None = Field(None, max_length=40)
    notice_given_on: date | None = Field(
        None,
        description="when written notice of the decision was given or posted "
        "(governors' decision, panel decision)",
    )
    notice_by_post: bool = Field(
        False,
        description="notice sent first class: deemed given on the second working "
        "day after posting",
    )
    notes: str | None = Field(None, max_length=4000, description="stored encrypted")


class StepPublic(BaseModel):
    """A recorded step."""

    step_id: str
    pupil_key: str
    recorded_at: datetime
    position: int | None


class FindingItem(FindingPublic):
    """A finding as the LA lists it, with the movement it was found on."""

    position: int
    seq: int
    movement_id: str
    pupil_key: str
    movement_type: str
    effective_date: date
    recorded_at: datetime
    from_urn: str | None
    to_urn: str | None
    from_la: str | None
    to_la: str | None
    status: str


class FindingsPage(BaseModel):
    """A page of findings, the total matching, and the cursor of the next page."""

    data: list[FindingItem]
    count: int
    next_cursor: str | None


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
    """Find a child's pupil_key by UPN or by NHS number (neither ever goes in a
    URL); exactly one of them."""

    model_config = ConfigDict(extra="forbid")

    upn: str | None = Field(None, max_length=20)
    nhs_number: str | None = Field(None, max_length=20)


class LookupPublic(BaseModel):
    pupil_key: str


class SchoolUpsert(BaseModel):
    """A school in the reference (PUT /v1/schools/{urn})."""

    model_config = ConfigDict(extra="forbid")

    la_code: str
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    phase: str = Field("secondary", max_length=40, pattern=NO_NUL)
    laestab: str | None = Field(None, max_length=20, pattern=NO_NUL)
    status: str = Field("open", max_length=40, pattern=NO_NUL)
    type_group: str | None = Field(
        None,
        max_length=100,
        pattern=NO_NUL,
        description="GIAS EstablishmentTypeGroup (name)",
    )
    establishment_type: str | None = Field(
        None,
        max_length=100,
        pattern=NO_NUL,
        description="GIAS TypeOfEstablishment (name)",
    )


class ProviderUpsert(BaseModel):
    """A provider without a URN (PUT /v1/providers/{provider_id})."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    kind: ProviderKind
    ofsted_urn: str | None = Field(None, description="Ofsted URN, if registered")
    la_code: str


class ProviderPublic(BaseModel):
    provider_id: str
    name: str
    kind: ProviderKind
    ofsted_urn: str | None
    la_code: str


class SchoolPublic(BaseModel):
    urn: str
    la_code: str
    name: str
    phase: str
    laestab: str | None = None
    status: str | None = None
    type_group: str | None = None
    establishment_type: str | None = None


class ErasureCreate(BaseModel):
    """Why a child's identity is erased (services/privacy/erasure.py REASONS)."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(max_length=60)


MAX_BATCH = 1000


class BatchItemCreate(BaseModel):
    """One movement of a batch, with your reference for it and an optional key."""

    model_config = ConfigDict(extra="forbid")
    ref: str = Field(min_length=1, max_length=100, description="your reference")
    idempotency_key: str | None = Field(None, max_length=200)
    # Checked item by item, so one malformed movement never blocks the rest.
    movement: dict[str, Any] = Field(description="a POST /v1/movements body")


class BatchCreate(BaseModel):
    """Up to 1,000 movements (POST /v1/movements:batch)."""

    model_config = ConfigDict(extra="forbid")
    movements: list[BatchItemCreate] = Field(min_length=1, max_length=MAX_BATCH)


class BatchItemPublic(BaseModel):
    """What one item got: a receipt (201, or 200 for a replay) or its problem."""

    ref: str
    status: int
    movement_id: str | None = None
    pupil_key: str | None = None
    position: int | None = None
    findings: list[FindingPublic] = Field(default_factory=list)
    errors: list[ProblemError] = Field(default_factory=list)


class BatchPublic(BaseModel):
    """Every item's result, in the order sent; the batch is durable when answered."""

    data: list[BatchItemPublic]
    recorded: int
    refused: int
