"""The LA's register of children not in school (Education Act 1996 s436B, inserted
by CWSA 2026 s38), read for one LA within the caller's scope, each child on the page
a logged read: the one path the API, the LA's page and `pmr export cnis` share.
Before s38 is commenced the same list is the LA's voluntary one, and says so."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from events.cnis.eligibility import COMMENCEMENT, REASONS, SOURCE
from events.cnis.information import held, owed
from events.errors import MovementRuleViolation
from events.identifiers import LACode
from projections.cnis.register import RegisterQuery, register_of
from services.access.audit import audit
from services.access.scopes import check_la_scope
from services.access.tokens import Principal

if TYPE_CHECKING:
    from services.app.bootstrap import Container


def register(
    container: Container,
    principal: Principal,
    la_code: str,
    reason: str | None = None,
    since: date | None = None,
    cursor: int = 0,
    limit: int = 100,
    action: str = "cnis_register",
) -> dict[str, Any]:
    """One page of the register, each child on it a logged read as `action`."""
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
    audit(container, principal, [e["pupil_key"] for e in listed["data"]], action)
    return {
        "la_code": la,
        "basis": "statutory_register" if statutory else "voluntary_list",
        "basis_words": (
            f"The register under {SOURCE}."
            if statutory
            else f"The LA's own list: {SOURCE} is not yet in force, so nothing "
            "is judged against it."
        ),
        "data": [_entry(container, e, la, today) for e in listed["data"]],
        "count": listed["count"],
        "total": listed["total"],
        "next_cursor": listed["next_cursor"],
    }


def _entry(
    container: Container, row: dict[str, Any], la: str, today: date
) -> dict[str, Any]:
    limb = REASONS[row["reason"]]
    given = container.vault.cnis_information(row["pupil_key"], la) or {}
    identity = container.vault.identity(row["pupil_key"])
    born = identity.date_of_birth if identity else None
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
        "information": {
            "held": held(given, born, today),
            "owed": owed(given, born, today),
            "supplied_on": given.get("supplied_on"),
        },
        "position": row["position"],
    }
