"""Elective home education: deletion under reg 9(1)(f) after a parent's written notice.

The ground is implied by the type, and a different ground is refused. Where the LA
must consent first (special schools; once commenced, children subject to s47
enquiries or a child protection plan) a deletion without recorded consent is a
breach finding (events.lawfulness.home_education). An LA may record home education
for a child at one of its schools.
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
    recorders=frozenset(
        {RecorderKind.SCHOOL, RecorderKind.LOCAL_AUTHORITY, RecorderKind.ADMIN}
    ),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.LEAVES_FROM,
    uses_ground=True,
    uses_to=False,
    implied_ground=EHE_GROUND,
    details=frozenset({"s47_enquiries", "school_attendance_order"}),
    home_la_records=True,
    check=check_home_education,
)
