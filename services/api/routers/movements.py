"""Recording movements, corrections and withdrawals (schools and LAs)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Response
from pydantic import ValidationError

from events.errors import DomainError, FirstContactLimited
from events.movements.correction import Amendment
from events.registry import MovementReceipt
from services.access.scopes import pupil_in_scope, recorder_for
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.schemas import (
    BatchCreate,
    BatchItemPublic,
    BatchPublic,
    CorrectionCreate,
    FindingPublic,
    MovementCheckPublic,
    MovementPublic,
    ProblemError,
    WithdrawalCreate,
)
from services.recording.movement_body import MOVEMENT_EXAMPLES, MovementCreate
from services.recording.service import (
    BatchItem,
    check,
    idempotency_for,
    known_school,
    record,
    record_many,
)

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
    idempotency = idempotency_for(container, principal, body, idempotency_key)
    receipt = record(container, principal, body, idempotency)
    container.follower.wake()
    if receipt.replayed:
        response.status_code = 200
    response.headers["Location"] = f"/v1/pupils/{receipt.pupil_key}/history"
    return _public(receipt)


@router.post(
    "/movements:batch",
    response_model=BatchPublic,
    operation_id="record_movements_batch",
)
def record_batch(
    container: ContainerDep, principal: Writer, body: BatchCreate
) -> BatchPublic:
    """Record up to 1,000 movements; one bad item never blocks the rest."""
    parsed: dict[int, BatchItem] = {}
    data: list[BatchItemPublic | None] = [None] * len(body.movements)
    for index, item in enumerate(body.movements):
        try:
            movement = MovementCreate.model_validate(item.movement)
        except ValidationError as invalid:
            data[index] = _invalid(item.ref, invalid)
            continue
        key = idempotency_for(container, principal, movement, item.idempotency_key)
        parsed[index] = BatchItem(item.ref, movement, key)
    results = record_many(container, principal, list(parsed.values()))
    for (index, sent), result in zip(parsed.items(), results, strict=True):
        data[index] = _item_public(sent.ref, result)
    container.follower.wake()
    done = [d for d in data if d is not None]
    refused = sum(1 for d in done if d.status >= 400)
    return BatchPublic(data=done, recorded=len(done) - refused, refused=refused)


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
        findings = check(container, principal, body)
    except FirstContactLimited:
        raise  # 429 with Retry-After, as recording answers
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
    pupil_in_scope(container.registry, principal, pupil_key)
    to_school = known_school(container, body.to_urn, "to_urn")
    to_urn = to_school.urn if to_school else None
    to_la = to_school.la_code if to_school else None
    amendment = Amendment(
        effective_date=body.effective_date,
        reasons=tuple(c.strip().upper() for c in body.reason) if body.reason else None,
        days=body.days,
        deletion_ground=body.deletion_ground,
        to_urn=to_urn,
        to_la=to_la,
    )
    receipt = container.registry.correct_movement(
        pupil_key,
        movement_id,
        amendment,
        body.reason_code,
        recorder_for(principal),
        container.vault.note_attachment(
            pupil_key, body.notes, lambda p, m: f"{m}/correction/{p.version}"
        ),
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
    pupil_in_scope(container.registry, principal, pupil_key)
    receipt = container.registry.withdraw_movement(
        pupil_key,
        movement_id,
        body.reason_code,
        recorder_for(principal),
        container.vault.note_attachment(
            pupil_key, body.notes, lambda _p, m: f"{m}/withdrawal"
        ),
    )
    container.follower.wake()
    return _public(receipt)


def _invalid(ref: str, invalid: ValidationError) -> BatchItemPublic:
    errors = [
        ProblemError(
            field=".".join(str(p) for p in e["loc"]) or "movement",
            rule=e["type"],
            message=e["msg"],
        )
        for e in invalid.errors()
    ]
    return BatchItemPublic(ref=ref, status=422, errors=errors)


def _item_public(ref: str, result: MovementReceipt | DomainError) -> BatchItemPublic:
    if isinstance(result, DomainError):
        error = ProblemError(
            field=result.field, rule=result.rule, message=result.message
        )
        return BatchItemPublic(ref=ref, status=result.status_hint, errors=[error])
    public = _public(result)
    return BatchItemPublic(
        ref=ref,
        status=200 if result.replayed else 201,
        movement_id=public.movement_id,
        pupil_key=public.pupil_key,
        position=public.position,
        findings=public.findings,
    )


def _public(receipt: MovementReceipt) -> MovementPublic:
    return MovementPublic(
        movement_id=receipt.movement_id,
        pupil_key=receipt.pupil_key,
        recorded_at=receipt.recorded_at,
        position=receipt.position,
        findings=[FindingPublic.model_validate(f) for f in receipt.findings],
    )
