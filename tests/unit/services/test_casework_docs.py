"""docs/casework.md is generated from the case type modules and kept in step."""

from __future__ import annotations

from pathlib import Path

from events.cases import CASE_TYPES
from services.documents.casework import OPENED_BY, render

DOC = Path(__file__).resolve().parents[3] / "docs" / "casework.md"


def test_the_document_matches_the_case_types() -> None:
    # Regenerate with: .venv/bin/pmr docs casework > docs/casework.md
    assert DOC.read_text() == render()


def test_every_case_type_says_what_opens_it() -> None:
    assert set(OPENED_BY) == set(CASE_TYPES)
