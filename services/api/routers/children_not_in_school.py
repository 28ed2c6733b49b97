"""The LA's register of children not in school (Education Act 1996 s436B, inserted
by CWSA 2026 s38), drawn from the movement log. Before s38 is commenced the same
list is the LA's voluntary one, and says so."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from events.cnis.eligibility import COMMENCEMENT, REASONS, SOURCE
from events.errors import MovementRuleViolation
from events.identifiers import LACode
from projections.cnis.register import RegisterQuery, register_of
from services.access.audit import audit
from services.access.scopes import check_la_scope
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require

router = APIRouter(prefix="/v1", tags=["children not in school"])
LaOfficer = Annotated[Principal, Depends(require(Role.LA, Role.ADMIN))]
# What s436C(1) asks the register to hold (enacted text unverified: law review
# section 3.2); none of it is held yet, so each entry owes all of it.
MANDATORY = (
    "child_name", "date_of_birth", "home_address",
    "previous_address_if_under_12_months",
    "parents_names_and_addresses", "parents_providing_education",
    "estimated_hours_by_parents", "estimated_hours_by_others",
    "providers_above_prescribed_time",
)  # fmt: skip


@router.get(
    "/la/{la_code}/children-not-in-school", operation_id="children_not_in_school"
)
def children_not_in_school(
    container: ContainerDep,
    principal: LaOfficer,
    la_code: str,
    reason: Annotated[str | None, Query(max_length=40)] = None,
    since: Annotated[date | None, Query()] = None,
    cursor: Annotated[int, Query(ge=0, le=10**15)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Children living in the LA's area, of compulsory school age, on no school's
    roll or registered with education arranged elsewhere or part time (cursor
    paged; filters by reason and since)."""
    la = str(LACode.parse(la_code, field="la_code"))
    check_la_scope(principal, la)
    if reason is not None and reason not in REASONS:
        raise MovementRuleViolation(
            f"reason is one of {', '.join(sorted(REASONS))}",
            field="reason",
            rule="reason_unknown",
        )
    today = container.registry.clock().date()
    listed = register_of(
        container.db,
        RegisterQuery(la, today, reason, since, after=cursor, limit=limit),
    )
    statutory = container.registry.law.in_force(COMMENCEMENT, today)
    audit(
        container, principal, [e["pupil_key"] for e in listed["data"]], "cnis_register"
    )
    return {
        "la_code": la,
        "basis": "statutory_register" if statutory else "voluntary_list",
        "basis_words": (
            f"The register under {SOURCE}."
            if statutory
            else f"The LA's own list: {SOURCE} is not yet in force, so nothing "
            "is judged against it."
        ),
        "data": [_entry(e) for e in listed["data"]],
        "count": listed["count"],
        "total": listed["total"],
        "next_cursor": listed["next_cursor"],
    }


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    limb = REASONS[row["reason"]]
    return {
        "pupil_key": row["pupil_key"],
        "reason": row["reason"],
        "limb": f"s436B condition {limb.limb}",
        "meaning": limb.meaning,
        "movement_id": row["movement_id"],
        "since": row["since"],
        "arrangement_ends": row["until"],
        "school_urn": row["school_urn"] if limb.limb == "C(b)" else None,
        "handed_from_la": row["handed_from"],
        "compulsory_school_age_until": row["compulsory_school_age_until"],
        "information": {"held": [], "owed": list(MANDATORY)},
        "position": row["position"],
    }
