"""Lawfulness findings for the LA: every unlawful or doubtful movement in its area."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from events.errors import MovementRuleViolation
from events.identifiers import URN, LACode
from events.lawfulness import LAW_RULES, Severity
from projections.casework.findings import FindingsQuery, list_findings
from services.access.audit import audit
from services.access.scopes import check_la_scope
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.schemas import FindingItem, FindingsPage

router = APIRouter(prefix="/v1", tags=["findings"])

LaReader = Annotated[Principal, Depends(require(Role.LA, Role.DSL, Role.ADMIN))]
RULE_IDS = frozenset(rule.rule for rule in LAW_RULES)
CURSOR = re.compile(r"([0-9]{1,18})\.([0-9]{1,6})")


@router.get(
    "/la/{la_code}/findings",
    response_model=FindingsPage,
    operation_id="la_findings",
)
def la_findings(
    container: ContainerDep,
    principal: LaReader,
    la_code: str,
    rule: Annotated[str | None, Query(max_length=80)] = None,
    school: Annotated[str | None, Query(max_length=20)] = None,
    severity: Annotated[Severity | None, Query()] = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    status: Annotated[str, Query(pattern="^(open|superseded|withdrawn)$")] = "open",
    cursor: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> FindingsPage:
    """Findings on movements naming the LA's schools, oldest first, cursor paged."""
    la = str(LACode.parse(la_code, field="la_code"))
    check_la_scope(principal, la)
    if rule is not None and rule not in RULE_IDS:
        raise MovementRuleViolation(
            "no such lawfulness rule (see docs/lawfulness.md)",
            field="rule",
            rule="rule_unknown",
        )
    query = FindingsQuery(
        la_code=la,
        rule=rule,
        school_urn=str(URN.parse(school, field="school")) if school else None,
        severity=severity.value if severity else None,
        date_from=date_from,
        date_to=date_to,
        status=status,
        after=_after(cursor),
        limit=limit,
    )
    items, total, last = list_findings(container.db, query)
    audit(container, principal, [item["pupil_key"] for item in items], "findings")
    return FindingsPage(
        data=[FindingItem.model_validate(item) for item in items],
        count=total,
        next_cursor=f"{last[0]}.{last[1]}" if last else None,
    )


def _after(cursor: str | None) -> tuple[int, int] | None:
    if cursor is None:
        return None
    match = CURSOR.fullmatch(cursor)
    if match is None:
        raise MovementRuleViolation(
            "cursor is the next_cursor of the previous page",
            field="cursor",
            rule="cursor_format",
        )
    return int(match[1]), int(match[2])
