"""Steps of the processes that follow a movement: reviews, consents, enquiries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from events.movements.steps import StepRequest
from services.access.scopes import pupil_in_scope, recorder_for
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.schemas import StepCreate, StepPublic
from services.recording.service import known_school

router = APIRouter(prefix="/v1", tags=["movements"])

Writer = Annotated[Principal, Depends(require(Role.SCHOOL, Role.LA, Role.ADMIN))]


@router.post(
    "/pupils/{pupil_key}/steps",
    status_code=201,
    response_model=StepPublic,
    operation_id="record_step",
)
def record_step(
    container: ContainerDep, principal: Writer, pupil_key: str, body: StepCreate
) -> StepPublic:
    """Record a governors' decision, review, waiver, LA consent or joint enquiry."""
    pupil_in_scope(container.registry, principal, pupil_key)
    school = known_school(container, body.urn, "urn")
    request = StepRequest(
        kind=body.step,
        decided_on=body.decided_on,
        movement_id=body.movement_id,
        urn=school.urn if school else None,
        la_code=school.la_code if school else None,
        outcome=body.outcome,
        notice_given_on=body.notice_given_on,
        notice_by_post=body.notice_by_post,
    )
    receipt = container.registry.record_step(
        pupil_key,
        request,
        recorder_for(principal),
        container.vault.note_attachment(
            pupil_key, body.notes, lambda _p, step_id: f"step/{step_id}"
        ),
    )
    container.follower.wake()
    return StepPublic(
        step_id=receipt.movement_id,
        pupil_key=pupil_key,
        recorded_at=receipt.recorded_at,
        position=receipt.position,
    )
