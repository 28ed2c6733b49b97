"""Research projects approved to receive record-level extracts (UK GDPR art. 89).

A researcher's token names one project; the extract is given only while the
project's approval runs, and every child it includes is logged under the project's
purpose. Approval is an operator's act on the strength of a data-sharing decision
made outside the register (for DfE data, its data-sharing approval process): the
register records who approved it, for what purpose, and until when.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from projections.view import Database

DDL = """
CREATE TABLE IF NOT EXISTS research_projects (
    project_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    purpose TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approved_on TEXT NOT NULL,
    approved_until TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class ResearchProject:
    project_id: str
    title: str
    purpose: str
    approved_by: str
    approved_on: date
    approved_until: date

    def approved_on_day(self, day: date) -> bool:
        return self.approved_on <= day <= self.approved_until

    def as_dict(self) -> dict[str, Any]:
        held = asdict(self)
        held["approved_on"] = self.approved_on.isoformat()
        held["approved_until"] = self.approved_until.isoformat()
        return held


class ResearchProjects:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(DDL)

    def approve(self, project: ResearchProject) -> None:
        """Record an approval, or change one (a renewal, an ended project)."""
        held = project.as_dict()
        columns = ", ".join(held)
        marks = ", ".join("?" for _ in held)
        updates = ", ".join(f"{c} = excluded.{c}" for c in held if c != "project_id")
        with self.db.transaction() as cur:
            cur.execute(
                f"INSERT INTO research_projects ({columns}) VALUES ({marks}) "
                f"ON CONFLICT (project_id) DO UPDATE SET {updates}",
                tuple(held.values()),
            )

    def get(self, project_id: str) -> ResearchProject | None:
        rows = self.db.query(
            "SELECT project_id, title, purpose, approved_by, approved_on, "
            "approved_until FROM research_projects WHERE project_id = ?",
            (project_id,),
        )
        return _project(rows[0]) if rows else None

    def all(self) -> list[ResearchProject]:
        rows = self.db.query(
            "SELECT project_id, title, purpose, approved_by, approved_on, "
            "approved_until FROM research_projects ORDER BY project_id"
        )
        return [_project(r) for r in rows]


def _project(row: tuple[Any, ...]) -> ResearchProject:
    pid, title, purpose, by, on, until = row
    return ResearchProject(
        str(pid), str(title), str(purpose), str(by),
        date.fromisoformat(str(on)), date.fromisoformat(str(until)),
    )  # fmt: skip
