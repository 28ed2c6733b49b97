"""The LA's register of children not in school as a CSV for its own returns
(`pmr export cnis --la 801 --out DIR`): the minimum that identifies each child to
the LA and says why they are on the register and where their duties case stands.
Read through the register's one path, so the scope check and the access log (the
action `cnis_export`, in each child's log) are the API's. The file is the LA's
personal data: written readable by its owner only, never logged."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from events.cases.children_not_in_school import CASE_TYPE
from projections.casework.child_cases import open_case_of
from services.access.tokens import Principal, Role
from services.app.bootstrap import Container, bootstrap
from services.cnis.register import register

COLUMNS = (
    "pupil_key", "upn", "date_of_birth", "reason", "limb", "since",
    "arrangement_ends", "school_urn", "handed_from_la",
    "compulsory_school_age_until", "duties_state", "next_deadline",
    "next_deadline_due", "next_deadline_verified", "overdue", "information_owed",
    "basis",
)  # fmt: skip
PAGE = 500


def write_return(
    container: Container, principal: Principal, la: str, out: Path
) -> Path:
    """Write every child on the LA's register today; the path written."""
    today = container.registry.clock().date()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"children_not_in_school_{la}_{today.isoformat()}.csv"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        for entry, basis in _entries(container, principal, la):
            writer.writerow(_row(container, principal, entry, basis, today))
    return path


def _entries(
    container: Container, principal: Principal, la: str
) -> Iterator[tuple[dict[str, Any], str]]:
    cursor = 0
    while True:
        page = register(
            container, principal, la, cursor=cursor, limit=PAGE, action="cnis_export"
        )
        for entry in page["data"]:
            yield entry, page["basis"]
        if page["next_cursor"] is None:
            return
        cursor = page["next_cursor"]


def _row(
    container: Container,
    principal: Principal,
    entry: dict[str, Any],
    basis: str,
    today: date,
) -> dict[str, Any]:
    identity = container.vault.identity(entry["pupil_key"])  # None once erased
    duties = open_case_of(
        container.db, entry["pupil_key"], CASE_TYPE.name, today,
        lambda urn: container.term_dates.calendar_for(principal.la, urn),
    ) or {}  # fmt: skip
    deadline = duties.get("next_deadline") or {}
    born = identity.date_of_birth if identity else None
    return {
        **{k: entry.get(k) for k in COLUMNS},
        "upn": identity.upn if identity else "",
        "date_of_birth": born.isoformat() if born else "",
        "duties_state": duties.get("state", ""),
        "next_deadline": deadline.get("name", ""),
        "next_deadline_due": deadline.get("due", ""),
        "next_deadline_verified": deadline.get("verified", ""),
        "overdue": duties.get("overdue", ""),
        "information_owed": ";".join(entry["information"]["owed"]),
        "basis": basis,
    }


def export_cnis(code: str, out: Path) -> tuple[Path, int]:
    """`pmr export cnis`: the operator acts as the LA (its scope, its log entry)."""
    from services.app.config import Settings

    container = bootstrap(Settings(), start_follower=False)
    try:
        principal = Principal(sub="cli", role=Role.LA, la=code)
        path = write_return(container, principal, code, out)
    finally:
        container.close()
    with path.open(encoding="utf-8") as written:
        return path, sum(1 for _ in written) - 1
