"""Managed moves: voluntary, with the parents' consent and the receiving admission
authority's agreement (Suspension and permanent exclusion guidance 2024, managed
moves; reference.md §3.1). A move without the parents' consent is not a managed
move: it is a removal the LA must see.
"""

from __future__ import annotations

from events.lawfulness.finding import (
    GUIDANCE,
    Citation,
    LawRule,
    Severity,
    Situation,
)
from events.movements.base import MovementType

GUIDE = Citation(
    "Suspension and permanent exclusion from maintained schools, academies and "
    "pupil referral units in England (DfE, 2024)",
    "managed moves: voluntary, agreed with the parents and the admission authority",
    f"{GUIDANCE}/school-exclusion",
)


def _no_parental_consent(s: Situation) -> str | None:
    if s.request.details.get("parental_consent") is True:
        return None
    return "no parental consent to the managed move is recorded"


def _no_receiving_agreement(s: Situation) -> str | None:
    if s.request.details.get("receiving_agreement") is True:
        return None
    return "no agreement of the receiving admission authority is recorded"


MANAGED_MOVE = frozenset({MovementType.MANAGED_MOVE})

RULES = (
    LawRule(
        rule="managed_move.no_parental_consent",
        severity=Severity.BREACH,
        summary="A managed move with no parental consent recorded.",
        citation=GUIDE,
        applies_to=MANAGED_MOVE,
        judge=_no_parental_consent,
    ),
    LawRule(
        rule="managed_move.no_receiving_agreement",
        severity=Severity.CONCERN,
        summary="A managed move with no receiving admission authority's agreement "
        "recorded.",
        citation=GUIDE,
        applies_to=MANAGED_MOVE,
        judge=_no_receiving_agreement,
    ),
)
