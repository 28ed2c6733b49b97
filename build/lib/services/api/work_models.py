"""Request and response models of casework and alerts (…Create in, …Public out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CaseCreate(BaseModel):
    """A case opened by hand (POST /v1/cases)."""

    model_config = ConfigDict(extra="forbid")
    case_type: Literal["managed_move", "fair_access", "suspected_off_rolling"]
    pupil_key: str = Field(max_length=100)
    school_urn: str = Field(description="the school the case is about")
    opened_on: date
    notes: str | None = Field(None, max_length=4000, description="stored encrypted")


class TransitionCreate(BaseModel):
    """Move a case on (POST /v1/cases/{case_id}/transitions)."""

    model_config = ConfigDict(extra="forbid")
    transition: str = Field(max_length=60)
    decided_on: date | None = Field(None, description="default: today")
    decision: str | None = Field(None, max_length=60)
    rationale: str | None = Field(None, max_length=4000, description="stored encrypted")


class AssignmentCreate(BaseModel):
    """Give a case to an officer (an LA's own reference for them)."""

    model_config = ConfigDict(extra="forbid")
    assignee: str | None = Field(max_length=100)


class CasePublic(BaseModel):
    """A case after a change."""

    case_id: str
    state: str | None
    position: int | None


class TermPublic(BaseModel):
    """One term (or half term): its first and last day."""

    model_config = ConfigDict(extra="forbid")
    start: date
    end: date


class TermDatesUpsert(BaseModel):
    """An LA's terms for one academic year (PUT .../term-dates/{academic_year})."""

    model_config = ConfigDict(extra="forbid")
    terms: list[TermPublic] = Field(min_length=1, max_length=12)


class SnoozeCreate(BaseModel):
    """Quiet an alert until a time, and why."""

    model_config = ConfigDict(extra="forbid")
    until: datetime
    reason: str = Field(min_length=1, max_length=2000, description="stored encrypted")


class ResolutionCreate(BaseModel):
    """Close an alert with an outcome."""

    model_config = ConfigDict(extra="forbid")
    outcome: Literal[
        "no_further_action", "referred_to_social_care", "referred_to_la", "in_education"
    ]
    note: str | None = Field(None, max_length=4000, description="stored encrypted")


class AlertDecisionPublic(BaseModel):
    """An alert after a decision."""

    alert_id: str
    status: str
    position: int | None


class WebhookCreate(BaseModel):
    """Where to POST your alerts (https; http only to this machine in development)."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=500)


class WebhookPublic(BaseModel):
    """A registered webhook; `secret` is returned once, at registration."""

    webhook_id: str
    owner: str
    url: str
    secret: str | None = None
