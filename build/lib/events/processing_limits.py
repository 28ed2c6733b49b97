"""Restrictions and objections (UK GDPR arts 18 and 21), and the purposes they stop.

A child (or parent) may ask the controller to restrict processing while the
accuracy or lawfulness of the record is contested (art. 18), or object to
processing done for a task in the public interest (art. 21(1)). Either is recorded
on the child's stream as an event, and lifted by another. It does not stop what the
law requires the register to do (art. 18(2): "important public interest", legal
claims, the rights of another person; art. 21(1): "compelling legitimate grounds"):
LA casework, safeguarding, statutory returns and the child's own access continue.
It stops every onward use the law does not require: record-level research extracts,
non-statutory exports and deliveries to anyone outside the statutory recipients.

Each onward use names its purpose from `PURPOSES`; `continues_when_limited` is
decided here, once, with the provision that allows it.
Source: UK GDPR arts 18, 21 and 89; Data Protection Act 2018 s 8 and sch 2 para 27.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from events.errors import MovementRuleViolation


class LimitKind(StrEnum):
    """What the child asked for."""

    RESTRICTION = "restriction"  # UK GDPR art. 18
    OBJECTION = "objection"  # UK GDPR art. 21(1)


ARTICLES = {
    LimitKind.RESTRICTION: "UK GDPR art. 18",
    LimitKind.OBJECTION: "UK GDPR art. 21",
}

# Why the child asked (art. 18(1)(a)-(d); art. 21(1)), as codes: no free text here.
GROUNDS = {
    LimitKind.RESTRICTION: frozenset(
        {
            "accuracy_contested",
            "unlawful_processing",
            "needed_for_legal_claim",
            "objection_pending",
        }
    ),
    LimitKind.OBJECTION: frozenset({"particular_situation"}),
}
LIFT_REASONS = frozenset(
    {"accuracy_verified", "request_withdrawn", "compelling_grounds_override",
     "legal_claim_concluded"}
)  # fmt: skip


@dataclass(frozen=True)
class Purpose:
    """An onward use of the register's data, and the law that allows it."""

    code: str
    description: str
    lawful_basis: str
    continues_when_limited: bool


PURPOSES: dict[str, Purpose] = {
    p.code: p
    for p in (
        Purpose("casework", "LA and school casework on a child's movement",
                "Education Act 1996 ss 19, 436A; School Admissions Code; "
                "UK GDPR art. 6(1)(e), 18(2) important public interest", True),
        Purpose("safeguarding", "alerts to designated safeguarding leads and "
                "virtual school heads", "Children Act 2004 s 11; UK GDPR art. "
                "18(2) protection of another person's rights", True),
        Purpose("statutory_return", "returns and notices the regulations require",
                "Education (Pupil Registration) (England) Regulations 2006 reg 12; "
                "Education Act 1996 s 537A", True),
        Purpose("official_statistics", "disclosure-controlled aggregates",
                "Statistics and Registration Service Act 2007; UK GDPR art. 21(6) "
                "(necessary for a task in the public interest)", True),
        Purpose("subject_access", "the child's own record and who looked",
                "UK GDPR art. 15", True),
        Purpose("operations", "running the register: probes, metrics, reference "
                "data, audit", "UK GDPR art. 6(1)(e); art. 32 security", True),
        Purpose("research_extract", "record-level pseudonymised extracts for "
                "approved research", "UK GDPR art. 89 (safeguards); not required "
                "by law", False),
        Purpose("non_statutory_export", "exports and deliveries outside the "
                "statutory recipients", "not required by law", False),
    )
}  # fmt: skip


def _kind(kind: str) -> LimitKind:
    try:
        return LimitKind(kind)
    except ValueError:
        raise MovementRuleViolation(
            f"kind must be one of {', '.join(LimitKind)}",
            field="kind",
            rule="processing_limit_kind",
        ) from None


def check_limit(kind: str, grounds: str) -> LimitKind:
    """The kind asked for, with grounds it admits; refuses what cannot be meant."""
    limit = _kind(kind)
    if grounds not in GROUNDS[limit]:
        raise MovementRuleViolation(
            f"grounds for a {limit} must be one of {', '.join(sorted(GROUNDS[limit]))}",
            field="grounds",
            rule="processing_limit_grounds",
        )
    return limit


def check_lift(kind: str, reason: str, in_force: dict[str, str]) -> LimitKind:
    """A limit in force, lifted for a reason the law recognises."""
    limit = _kind(kind)
    if limit.value not in in_force:
        raise MovementRuleViolation(
            f"no {limit} is in force for this child",
            field="kind",
            rule="processing_limit_not_in_force",
        )
    if reason not in LIFT_REASONS:
        raise MovementRuleViolation(
            f"reason must be one of {', '.join(sorted(LIFT_REASONS))}",
            field="reason",
            rule="processing_limit_lift_reason",
        )
    return limit
