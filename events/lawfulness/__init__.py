"""Lawfulness: what happened, judged against the law in force on its effective date.

Validity checks (events.movements) refuse what cannot be true or identified. These
rules never refuse: each broken rule becomes a finding stored in the event when it
is recorded, so the act stays visible and reaches the LA. One module per family of
rules, each citing its provision.
"""

from __future__ import annotations

from dataclasses import replace

from events.lawfulness import (
    deletions,
    exclusions,
    home_education,
    managed_moves,
    off_site,
    part_time,
    suspensions,
)
from events.lawfulness.finding import (
    Citation,
    Finding,
    LawRule,
    Severity,
    Situation,
)
from events.lawfulness.law_in_force import EDITION, LawInForce

LAW_RULES: tuple[LawRule, ...] = (
    *suspensions.RULES,
    *exclusions.RULES,
    *deletions.RULES,
    *home_education.RULES,
    *off_site.RULES,
    *managed_moves.RULES,
    *part_time.RULES,
)


def judge(situation: Situation, law: LawInForce) -> list[Finding]:
    """Every rule in force on the effective date that this act breaks."""
    request = situation.request
    situation = replace(
        situation,
        calendar=law.calendar_for(
            request.from_la or request.to_la, request.from_urn or request.to_urn
        ),
    )
    version = law.rules_version(request.effective_date)
    findings = []
    for rule in LAW_RULES:
        if request.movement_type not in rule.applies_to:
            continue
        if not law.judges(rule, request.effective_date):
            continue
        message = rule.judge(situation)
        if message is not None:
            findings.append(
                Finding(rule.rule, rule.severity, message, rule.citation, version)
            )
    return findings


__all__ = [
    "EDITION",
    "LAW_RULES",
    "Citation",
    "Finding",
    "LawInForce",
    "LawRule",
    "Severity",
    "Situation",
    "judge",
]
