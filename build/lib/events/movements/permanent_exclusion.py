"""Permanent exclusion: a head teacher's decision (Education Act 2002 s51A).

The child stays on roll until the review process has run; the later deletion is a
`roll_deletion` on ground `permanently_excluded`, reg 9(1)(o).
"""

from __future__ import annotations

from events.movements.base import (
    MovementRequest,
    MovementRules,
    MovementType,
    PupilFacts,
    RecorderKind,
    RollEffect,
    Side,
)
from events.movements.reason_codes import check_reasons


def check_permanent_exclusion(request: MovementRequest, facts: PupilFacts) -> None:
    """Census reason codes (1-3 from 2020/21) are required."""
    check_reasons(request.reasons, request.effective_date)


RULES = MovementRules(
    movement_type=MovementType.PERMANENT_EXCLUSION,
    summary="A head teacher's decision to exclude permanently.",
    recorders=frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN}),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.CONFIRMS_FROM,
    uses_to=False,
    uses_reasons=True,
    check=check_permanent_exclusion,
)
