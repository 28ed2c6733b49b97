"""docs/alerts.md is generated from the rule modules and kept in step."""

from __future__ import annotations

from pathlib import Path

from events.alerts.rulebook import RULE_MODULES
from events.alerts.signal import THRESHOLDS
from services.documents.alerts import render

DOC = Path(__file__).resolve().parents[3] / "docs" / "alerts.md"


def test_the_document_matches_the_rules() -> None:
    # Regenerate with: .venv/bin/pmr docs alerts > docs/alerts.md
    assert DOC.read_text() == render()


def test_every_rule_has_thresholds_and_every_threshold_a_rule() -> None:
    configured = {k for k in THRESHOLDS if k not in ("_about", "version")}
    assert configured == set(RULE_MODULES)
