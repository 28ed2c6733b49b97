"""The information an LA's register of children not in school holds about a child
(Education Act 1996 s436C): what the parents gave, recorded by the LA, kept only in
the vault under the child's key (so erasure shreds it with the rest), never in an
event, a read model, a log or the stream. Each reading is in the child's access
log. A child who is not on this LA's register today gets the same 404 as a child
the register never held."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from events.cnis.information import held, owed
from events.errors import MovementRuleViolation, PupilNotFound
from events.identifiers import LACode
from projections.cnis.register import RegisterQuery, register_of
from services.access.audit import audit
from services.access.scopes import check_la_scope
from services.access.tokens import Principal

if TYPE_CHECKING:
    from services.app.bootstrap import Container

Text = Field(min_length=1, max_length=300)
Hours = Field(None, ge=0, le=60, description="an estimate, hours a week")


class Parent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Text
    address: str = Text
    provides_education: bool


class Provider(BaseModel):
    """A person or organisation teaching the child above the prescribed time."""

    model_config = ConfigDict(extra="forbid")
    name: str = Text
    provider_type: Literal[
        "tutor", "online_school", "tuition_centre", "alternative_provision",
        "unregistered_setting", "other",
    ]  # fmt: skip
    address_or_website: str = Text
    estimated_hours: float = Field(ge=0, le=60, description="hours a week")


class CnisInformation(BaseModel):
    """What the parents told the LA (s436D), as a whole: a later one replaces it.
    `providers: []` says there is none above the prescribed time; leaving it out
    says it is not known yet."""

    model_config = ConfigDict(extra="forbid")
    supplied_on: date
    child_name: str | None = Field(None, min_length=1, max_length=300)
    home_address: str | None = Field(None, min_length=1, max_length=300)
    at_home_address_since: date | None = None
    previous_address: str | None = Field(None, min_length=1, max_length=300)
    parents: list[Parent] = Field(default_factory=list, max_length=4)
    hours_by_parents: float | None = Hours
    hours_by_others: float | None = Hours
    providers: list[Provider] | None = Field(None, max_length=10)
    special_educational_needs: bool | None = None
    s47_or_child_protection_plan: bool | None = None
    looked_after: bool | None = None
    child_in_need: bool | None = None


def record_information(
    container: Container,
    principal: Principal,
    la_code: str,
    pupil_key: str,
    body: CnisInformation,
) -> dict[str, Any]:
    """Keep what the parents gave; answer which items are held and owed (never the
    values)."""
    la, today = _on_register(container, principal, la_code, pupil_key)
    if body.supplied_on > today:
        raise MovementRuleViolation(
            "supplied_on is after today", field="supplied_on", rule="date_in_future"
        )
    if body.at_home_address_since and body.at_home_address_since > today:
        raise MovementRuleViolation(
            "at_home_address_since is after today",
            field="at_home_address_since",
            rule="date_in_future",
        )
    given = body.model_dump(mode="json", exclude_none=True)
    container.vault.apply(container.vault.cnis_writes(pupil_key, la, given))
    return _summary(container, pupil_key, la, given, today)


def read_information(
    container: Container, principal: Principal, la_code: str, pupil_key: str
) -> dict[str, Any]:
    """What the LA holds, in full: a logged read."""
    la, today = _on_register(container, principal, la_code, pupil_key)
    given = container.vault.cnis_information(pupil_key, la) or {}
    audit(container, principal, [pupil_key], "cnis_information")
    return {**_summary(container, pupil_key, la, given, today), "information": given}


def _on_register(
    container: Container, principal: Principal, la_code: str, pupil_key: str
) -> tuple[str, date]:
    la = str(LACode.parse(la_code, field="la_code"))
    check_la_scope(principal, la)
    today = container.registry.clock().date()
    found = register_of(container.db, RegisterQuery(la, today, pupil_key=pupil_key))
    if not found["data"]:
        raise PupilNotFound("no record for this pupil_key")
    return la, today


def _summary(
    container: Container, pupil_key: str, la: str, given: dict[str, Any], today: date
) -> dict[str, Any]:
    identity = container.vault.identity(pupil_key)
    born = identity.date_of_birth if identity else None
    return {
        "pupil_key": pupil_key,
        "la_code": la,
        "supplied_on": given.get("supplied_on"),
        "held": held(given, born, today),
        "owed": owed(given, born, today),
    }
