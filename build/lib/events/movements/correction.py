"""Corrections and withdrawals: a mistake is put right by a new event, never an edit.

The register keeps the original entry, the amended entry, the reason and who made it
(long-standing DfE guidance on amending registers, reference.md §1.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from events.errors import MovementRuleViolation

CORRECTION_REASONS: dict[str, str] = {
    "data_entry_error": "a field was entered wrongly",
    "wrong_date": "the effective date was wrong",
    "wrong_school": "the other school was wrong",
    "wrong_pupil": "recorded against the wrong child",
    "duplicate": "the same movement was recorded twice",
    "decision_overturned": "a governing board or review panel overturned the decision",
    "reinstated": "the child was reinstated",
    "cancelled": "the head teacher cancelled the decision before review",
}

CORRECTABLE_FIELDS = ("effective_date", "reasons", "days", "deletion_ground", "to_urn")


@dataclass(frozen=True)
class Amendment:
    """The fields a correction changes; `None` means unchanged."""

    effective_date: date | None = None
    reasons: tuple[str, ...] | None = None
    days: float | None = None
    deletion_ground: str | None = None
    to_urn: str | None = None
    to_la: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in CORRECTABLE_FIELDS)


def check_correction_reason(reason_code: str) -> None:
    """A correction or withdrawal says why, from a fixed list (free text: notes)."""
    if reason_code not in CORRECTION_REASONS:
        raise MovementRuleViolation(
            f"'{reason_code}' is not a correction reason; "
            f"use one of {', '.join(CORRECTION_REASONS)}",
            field="reason_code",
            rule="correction_reason_unknown",
        )


def check_amendment(amendment: Amendment) -> None:
    """A correction changes at least one correctable field."""
    if amendment.is_empty():
        raise MovementRuleViolation(
            f"a correction changes at least one of {', '.join(CORRECTABLE_FIELDS)}",
            field="changes",
            rule="correction_empty",
        )
