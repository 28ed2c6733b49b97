"""Deletion from the admission register and its lawful grounds.

School Attendance (Pupil Registration) (England) Regulations 2024, reg 9(1): a name
"can and must be deleted if, and only if" one of grounds (a)-(o) applies (reg 9(3)
for pupils not of compulsory school age); any other deletion could be off-rolling.
Events store the regulation version with the ground, because earlier events used the
2006 lettering. The table is data to be corrected. What a ground itself requires
(an exclusion's review concluded, an independent school, the end of compulsory
school age, a joint enquiry) is law about the act: events.lawfulness judges it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from events.errors import GroundNotLawful, MovementRuleViolation
from events.movements.base import (
    MovementRequest,
    MovementRules,
    MovementType,
    PupilFacts,
    RecorderKind,
    RollEffect,
    Side,
)

REGULATIONS_2024_IN_FORCE = date(2024, 8, 19)


@dataclass(frozen=True)
class DeletionGround:
    """One reg 9(1) ground: paragraph, meaning, what it says of the destination."""

    code: str
    regulation: str
    meaning: str
    needs_destination_school: bool = False
    destination_unknown: bool = False


GROUNDS: dict[str, DeletionGround] = {
    g.code: g
    for g in (
        DeletionGround(
            "registered_elsewhere", "9(1)(a)", "registered at another school", True
        ),
        DeletionGround(
            "nursery_not_continuing", "9(1)(b)", "nursery pupil not continuing"
        ),
        DeletionGround(
            "dual_registration_ended",
            "9(1)(c)",
            "dual registered; the other school(s) consent",
            True,
        ),
        DeletionGround(
            "attendance_order_amended",
            "9(1)(d)",
            "school attendance order amended to another school",
            True,
        ),
        DeletionGround(
            "attendance_order_revoked", "9(1)(e)", "school attendance order revoked"
        ),
        DeletionGround(
            "elective_home_education",
            "9(1)(f)",
            "parent's written notice of education otherwise than at school",
        ),
        DeletionGround(
            "moved_away", "9(1)(g)", "no longer lives within reasonable distance"
        ),
        DeletionGround(
            "not_returned_after_leave",
            "9(1)(h)",
            "not returned within 10 school days after leave; not located",
            destination_unknown=True,
        ),
        DeletionGround(
            "continuous_absence_not_located",
            "9(1)(i)",
            "20+ school days' continuous absence; not located",
            destination_unknown=True,
        ),
        DeletionGround("detained", "9(1)(j)", "detained under a sentence of detention"),
        DeletionGround("died", "9(1)(k)", "the pupil has died"),
        DeletionGround(
            "ceased_compulsory_school_age",
            "9(1)(l)",
            "ceasing compulsory school age and not continuing",
        ),
        DeletionGround("boarding_fees_unpaid", "9(1)(m)", "boarding charges unpaid"),
        DeletionGround(
            "independent_school_left",
            "9(1)(n)",
            "ceased to be a pupil of an independent or non-maintained special school",
        ),
        DeletionGround(
            "permanently_excluded",
            "9(1)(o)",
            "permanently excluded and the review process has concluded",
        ),
        DeletionGround(
            "not_compulsory_school_age",
            "9(3)",
            "a pupil not of compulsory school age (nursery, sixth form) has left",
        ),
    )
}


def regulations_for(effective_date: date) -> str:
    """Which Pupil Registration Regulations governed a deletion on that date."""
    return "2024" if effective_date >= REGULATIONS_2024_IN_FORCE else "2006"


def check_ground(request: MovementRequest, facts: PupilFacts) -> None:
    """A lawful ground is required, with what that ground itself requires."""
    code = request.deletion_ground
    if not code:
        raise GroundNotLawful(
            "a deletion from the roll needs a lawful reg 9(1) ground",
            field="deletion_ground",
            rule="deletion_ground_required",
        )
    ground = GROUNDS.get(code)
    if ground is None:
        raise GroundNotLawful(
            f"'{code}' is not a reg 9(1) ground of the 2024 Regulations",
            field="deletion_ground",
            rule="deletion_ground_unknown",
        )
    if ground.needs_destination_school and not request.to_urn:
        raise MovementRuleViolation(
            f"ground {ground.regulation} needs the school the child is registered at",
            field="to_urn",
            rule="destination_school_required",
        )


def destination(request: MovementRequest) -> dict[str, Any]:
    """Marks a deletion whose destination nobody knows (a missing-education risk):
    the not-located grounds, and a move away with neither a new school nor a new
    address known, the items the return must give (2024 Regulations reg 8(3);
    Children missing education guidance, 2024)."""
    ground = GROUNDS.get(request.deletion_ground or "")
    if ground is None:
        return {}
    moved_nowhere_known = (
        ground.code == "moved_away"
        and not request.to_urn
        and request.details.get("destination_known") is not True
    )
    unknown = ground.destination_unknown or moved_nowhere_known
    return {"destination_unknown": True} if unknown else {}


RULES = MovementRules(
    movement_type=MovementType.ROLL_DELETION,
    summary="A deletion from the admission register on a reg 9(1) ground.",
    recorders=frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN}),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.LEAVES_FROM,
    uses_ground=True,
    # destination_known: the school has the new address or school (reg 8(3));
    # school_attendance_order: the pupil is registered under one.
    details=frozenset({"destination_known", "school_attendance_order"}),
    check=check_ground,
    derive=destination,
)
