"""docs/lawfulness.md is generated from the rule modules and kept in step."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

from events.lawfulness import LAW_RULES
from services.documents.lawfulness import render, validity_rules

DOC = Path(__file__).resolve().parents[3] / "docs" / "lawfulness.md"


def test_the_document_matches_the_rule_modules() -> None:
    # Regenerate with: .venv/bin/pmr docs lawfulness > docs/lawfulness.md
    assert DOC.read_text() == render()


def test_every_lawfulness_rule_has_a_stable_dotted_id_and_a_citation() -> None:
    # One id may have successive editions (the law moved on); they never overlap.
    editions: dict[str, list[tuple[date, date]]] = {}
    for rule in LAW_RULES:
        span = (rule.in_force_from or date.min, rule.in_force_until or date.max)
        editions.setdefault(rule.rule, []).append(span)
    for rule_id, spans in editions.items():
        ordered = sorted(spans)
        for (_, until), (start, _) in pairwise(ordered):
            assert until <= start, f"{rule_id}: editions overlap"
    for rule in LAW_RULES:
        family, _, name = rule.rule.partition(".")
        assert family and name, rule.rule
        assert rule.citation.url.startswith("https://"), rule.rule


def test_validity_rules_are_read_from_the_source_raises() -> None:
    rules = validity_rules()
    by_rule = {r.rule: r for r in rules}
    assert by_rule["already_left_roll"].field == "from_urn"
    duplicates = {(r.module, r.status) for r in rules if r.rule == "movement_duplicate"}
    assert ("events/record_checks.py", 409) in duplicates
    assert by_rule["upn_check_letter"].status == 422
    assert "suspension_45_day_cap" not in by_rule  # a finding now, not a refusal
