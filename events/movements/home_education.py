"""Elective home education: deletion under reg 9(1)(f) after a parent's written notice.

No LA consent is needed to deregister from a mainstream school; the ground is
implied by the type, and a different ground is refused.
"""

from __future__ import annotations

from events.errors import GroundNotLawful
from events.movements.base import (
    MovementRequest,
    MovementRules,
    MovementType,
    PupilFacts,
    RecorderKind,
    RollEffect,
    Side,
)

EHE_GROUND = "elective_home_education"


def check_home_education(request: MovementRequest, facts: PupilFacts) -> None:
    """Only the EHE ground fits an EHE deregistration."""
    if request.deletion_ground not in (None, EHE_GROUND):
        raise GroundNotLawful(
            "elective home education is deleted under 9(1)(f) only",
            field="deletion_ground",
            rule="deletion_ground_mismatch",
        )


RULES = MovementRules(
    movement_type=MovementType.ELECTIVE_HOME_EDUCATION,
    summary="A parent's written notice of home education; deletion under 9(1)(f).",
    recorders=frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN}),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.LEAVES_FROM,
    uses_ground=True,
    uses_to=False,
    implied_ground=EHE_GROUND,
    check=check_home_education,
)
