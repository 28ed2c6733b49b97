"""Judging one act against the law, for the rule tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from events.lawfulness import LawInForce, Situation, judge
from events.movements import MovementRequest, PupilFacts
from events.movements.managed_move import as_recorded


def rules_broken(
    request: MovementRequest,
    facts: PupilFacts | None = None,
    recorded_on: date | None = None,
    law: LawInForce | None = None,
) -> list[str]:
    """The ids of the rules this act breaks, as the register would store them."""
    situation = Situation(
        as_recorded(request),
        facts or PupilFacts(),
        recorded_on or request.effective_date,
    )
    return [f.rule for f in judge(situation, law or LawInForce())]


def details(**values: Any) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
