"""Recording movements, corrections and withdrawals (schools and LAs)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Response

from events.characteristics import characteristics
from events.errors import DomainError, MovementRuleViolation
from events.identifiers import UPN, URN, LACode
from events.movements import MovementRequest
from events.movements.correction import Amendment
from events.registry import IdempotencyKey, MovementReceipt
from services.api.auth import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.first_contact import is_first_contact, log_first_contact
from services.api.schemas import (
    MOVEMENT_EXAMPLES,
    CorrectionCreate,
    FindingPublic,
    MovementCheckPublic,
    MovementCreate,
    MovementPublic,
    ProblemError,
    WithdrawalCreate,
)
from services.api.scopes import recorder_for
from services.bootstrap import Container
from services.reference.providers import parse_provider_id
from services.reference.schools import School

router = APIRouter(prefix="/v1", tags=["movements"])

Writer = Annotated[Principal, Depends(require(Role.SCHOOL, Role.LA, Role.ADMIN))]
EXAMPLES = {
    name: {"summary": name, "value": v} for name, v in MOVEMENT_EXAMPLES.items()
}


@router.post(
    "/movements",
    status_code=201,
    response_model=MovementPublic,
    operation_id="record_movement",
)
def record_movement(
    container: ContainerDep,
    principal: Writer,
    response: Response,
    body: Annotated[MovementCreate, Body(openapi_examples=EXAMPLES)],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> MovementPublic:
    """Record a pupil movement; the same Idempotency-Key returns the first answer."""
    upn = UPN.parse(body.pupil.upn, field="pupil.upn")
    request = _movement_request(container, body)
    recorder = recorder_for(principal)
    idempotency = _idempotency(container, principal, body, idempotency_key)
    registry = container.registry
    pupil_key = container.vault.find(str(upn))
    first_contact = pupil_key is not None and is_first_contact(
        container, principal, pupil_key, body.pupil.date_of_birth
    )
    if pupil_key is None:
        registry.check_first_sighting(request, recorder)
        pupil_key = container.vault.enrol(str(upn), body.pupil.date_of_birth)
    receipt = registry.record_movement(pupil_key, request, recorder, idempotency)
    if first_contact and not receipt.replayed:
        log_first_contact(container, principal, pupil_key)
    if not receipt.replayed:
        container.metrics.events_appended.labels(body.type.value).inc()
    if body.notes and not receipt.replayed:
        container.vault.store_note(pupil_key, receipt.movement_id, body.notes)
    container.follower.wake()
    if receipt.replayed:
        response.status_code = 200
    response.headers["Location"] = f"/v1/pupils/{pupil_key}/history"
    return _public(receipt)


@router.post(
    "/movements:check",
    response_model=MovementCheckPublic,
    operation_id="check_movement",
)
def check_movement(
    container: ContainerDep,
    principal: Writer,
    body: Annotated[MovementCreate, Body(openapi_examples=EXAMPLES)],
) -> MovementCheckPublic:
    """What recording this movement would give (refusals, findings); stores nothing."""
    try:
        upn = UPN.parse(body.pupil.upn, field="pupil.upn")
        request = _movement_request(container, body)
        pupil_key = container.vault.find(str(upn))
        if pupil_key is not None:
            is_first_contact(container, principal, pupil_key, body.pupil.date_of_birth)
        findings = container.registry.check_movement(
            pupil_key, request, recorder_for(principal)
        )
    except DomainError as refused:
        error = ProblemError(
            field=refused.field, rule=refused.rule, message=refused.message
        )
        return MovementCheckPublic(valid=False, errors=[error], findings=[])
    public = [FindingPublic.model_validate(f.as_dict()) for f in findings]
    return MovementCheckPublic(valid=True, errors=[], findings=public)


@router.post(
    "/pupils/{pupil_key}/movements/{movement_id}/corrections",
    status_code=201,
    response_model=MovementPublic,
    operation_id="correct_movement",
)
def correct_movement(
    container: ContainerDep,
    principal: Writer,
    pupil_key: str,
    movement_id: str,
    body: CorrectionCreate,
) -> MovementPublic:
    """Correct fields of an earlier movement; the original stays on record."""
    to_urn, to_la = _school(container, body.to_urn, "to_urn")
    amendment = Amendment(
        effective_date=body.effective_date,
        reasons=tuple(c.strip().upper() for c in body.reason) if body.reason else None,
        days=body.days,
        deletion_ground=body.deletion_ground,
        to_urn=to_urn,
        to_la=to_la,
    )
    receipt = container.registry.correct_movement(
        pupil_key, movement_id, amendment, body.reason_code, recorder_for(principal)
    )
    _store_note(
        container, pupil_key, f"{movement_id}/correction/{receipt.position}", body.notes
    )
    container.follower.wake()
    return _public(receipt)


@router.post(
    "/pupils/{pupil_key}/movements/{movement_id}/withdrawal",
    status_code=201,
    response_model=MovementPublic,
    operation_id="withdraw_movement",
)
def withdraw_movement(
    container: ContainerDep,
    principal: Writer,
    pupil_key: str,
    movement_id: str,
    body: WithdrawalCreate,
) -> MovementPublic:
    """Withdraw an earlier movement recorded in error (a new event; nothing erased)."""
    receipt = container.registry.withdraw_movement(
        pupil_key, movement_id, body.reason_code, recorder_for(principal)
    )
    _store_note(container, pupil_key, f"{movement_id}/withdrawal", body.notes)
    container.follower.wake()
    return _public(receipt)


def _movement_request(container: Container, body: MovementCreate) -> MovementRequest:
    from_school = _known_school(container, body.from_urn, "from_urn")
    to_urn, to_la = _school(container, body.to_urn, "to_urn")
    p = body.pupil
    return MovementRequest(
        movement_type=body.type,
        effective_date=body.effective_date,
        from_urn=from_school.urn if from_school else None,
        to_urn=to_urn,
        from_la=from_school.la_code if from_school else None,
        to_la=to_la,
        details=body.details(),
        from_establishment=from_school.establishment() if from_school else None,
        provider_id=_provider(container, body.provider_id),
        home_la=str(LACode.parse(p.home_la, "pupil.home_la")) if p.home_la else None,
        deletion_ground=body.deletion_ground,
        reasons=body.reasons(),
        days=body.days,
        characteristics=characteristics(
            p.year_group, p.sen_provision, p.model_dump(include=_FLAG_FIELDS)
        ),
        date_of_birth=p.date_of_birth,
    )


_FLAG_FIELDS = {
    "fsm_eligible",
    "looked_after",
    "previously_looked_after",
    "child_in_need",
    "child_protection_plan",
}


def _provider(container: Container, raw: str | None) -> str | None:
    """A provider the register knows (a URN-less provider is named once first)."""
    if raw is None:
        return None
    provider_id = parse_provider_id(raw)
    if container.providers.get(provider_id) is None:
        raise MovementRuleViolation(
            f"provider {provider_id} is not in the providers reference; PUT it first",
            field="provider_id",
            rule="provider_unknown",
        )
    return provider_id


def _school(
    container: Container, raw: str | None, field: str
) -> tuple[str | None, str | None]:
    """A well-formed URN the register knows, with its LA (scopes depend on it)."""
    school = _known_school(container, raw, field)
    return (school.urn, school.la_code) if school else (None, None)


def _known_school(container: Container, raw: str | None, field: str) -> School | None:
    if raw is None:
        return None
    urn = str(URN.parse(raw, field=field))
    school = container.schools.get(urn)
    if school is None:
        raise MovementRuleViolation(
            f"school {urn} is not in the schools reference; load GIAS or PUT it first",
            field=field,
            rule="school_unknown",
        )
    return school


def _idempotency(
    container: Container, principal: Principal, body: MovementCreate, key: str | None
) -> IdempotencyKey | None:
    if key is None:
        return None
    # Keyed hash: the fingerprint stored in the event log must not reveal the body.
    secret = container.settings.pseudonym_secret.encode()
    digest = hmac.new(secret, body.model_dump_json().encode(), hashlib.sha256)
    return IdempotencyKey(principal.scope_label, key, digest.hexdigest())


def _store_note(
    container: Container, pupil_key: str, ref: str, notes: str | None
) -> None:
    if notes:
        container.vault.store_note(pupil_key, ref, notes)


def _public(receipt: MovementReceipt) -> MovementPublic:
    return MovementPublic(
        movement_id=receipt.movement_id,
        pupil_key=receipt.pupil_key,
        recorded_at=receipt.recorded_at,
        position=receipt.position,
        findings=[FindingPublic.model_validate(f) for f in receipt.findings],
    )
