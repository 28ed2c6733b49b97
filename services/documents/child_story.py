"""A child's whole story for the staff who work with them: movements (with the
findings stored on each), cases, alerts, and the notes written on each of them
with who wrote it, in what role, when and for whom, in one dated list.

Built from what the reader may already see (the history as scoped for them, the
cases and alerts in their scope, the notes on those): nothing here widens a read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.privacy.subject_access import note_audience

Namer = Callable[[dict[str, Any] | None], tuple[str, str]]  # actor -> (who, role)

ROLES = {
    "school": "school",
    "local_authority": "local authority",
    "la": "local authority",
    "admin": "register operator",
    "register": "the register",
    "dsl": "designated safeguarding lead",
    "vsh": "virtual school head",
    "subject": "the child or a parent",
}
AUDIENCE = {
    "family": "the family and professionals",
    "professionals": "professionals only",
}


@dataclass(frozen=True)
class NoteShown:
    author: str
    role: str
    written: str  # a day or moment (ISO; the page puts it in words)
    audience: str
    text: str


@dataclass
class StoryEntry:
    day: str  # ISO day or moment the entry is dated by
    kind: str  # movement, case or alert
    title: str
    where: str = ""
    status: str = ""
    link: str = ""
    findings: list[dict[str, Any]] = field(default_factory=list)
    notes: list[NoteShown] = field(default_factory=list)


def story(
    events: Sequence[dict[str, Any]],
    cases: Sequence[dict[str, Any]],
    alerts: Sequence[dict[str, Any]],
    notes: Sequence[tuple[str, str]],
    school_name: Callable[[str | None], str | None],
    actor: Namer,
) -> list[StoryEntry]:
    """Every entry, oldest first, each with the notes written on it."""
    by_ref = dict(notes)
    entries = [_movement(e, by_ref, school_name, actor) for e in events]
    entries += [_case(c, by_ref, school_name, actor) for c in cases]
    entries += [_alert(a, by_ref, actor) for a in alerts]
    return sorted(entries, key=lambda e: e.day[:10])


def _movement(
    event: dict[str, Any],
    notes: dict[str, str],
    school_name: Callable[[str | None], str | None],
    actor: Namer,
) -> StoryEntry:
    words = event["type"].replace("_", " ").capitalize()
    if event.get("from_urn"):
        words += f" from {school_name(event['from_urn'])}"
    if event.get("to_urn"):
        words += f" to {school_name(event['to_urn'])}"
    if event.get("days"):
        words += f", {event['days']:g} school days"
    status = {"withdrawn": "withdrawn", "corrected": "corrected"}.get(
        event.get("status", ""), ""
    )
    if event.get("backdated"):
        status = ", ".join(s for s in (status, "recorded late") if s)
    movement_id = event["movement_id"]
    who, role = actor(event.get("recorded_by"))
    shown = [_note(notes[movement_id], movement_id, who, role, event["recorded_at"])
             ] if movement_id in notes else []  # fmt: skip
    for amendment in event.get("amendments", []):
        ref = (
            f"{movement_id}/withdrawal"
            if amendment["kind"] == "withdrawn"
            else next((r for r in notes if r.startswith(f"{movement_id}/correction/")
                       and not any(n.text == notes[r] for n in shown)), "")
        )  # fmt: skip
        if ref in notes:
            shown.append(_note(notes[ref], ref, "Whoever corrected it", "correction",
                               amendment["recorded_at"]))  # fmt: skip
    for step in event.get("steps", []):
        if (ref := f"step/{step['step_id']}") in notes:
            who, role = actor({"kind": "school", "urn": step.get("urn")})
            shown.append(_note(notes[ref], ref, who, role, step["recorded_at"]))
    return StoryEntry(
        day=event["effective_date"], kind="movement", title=words,
        where=school_name(event.get("from_urn") or event.get("to_urn")) or "",
        status=status, findings=list(event.get("findings") or []), notes=shown,
    )  # fmt: skip


def _case(
    case: dict[str, Any],
    notes: dict[str, str],
    school_name: Callable[[str | None], str | None],
    actor: Namer,
) -> StoryEntry:
    case_id = case["case_id"]
    steps = case.get("steps") or []
    shown: list[NoteShown] = []
    opened_by = actor(steps[0]["actor"] if steps else None)
    if (ref := f"case/{case_id}/opened") in notes:
        shown.append(_note(notes[ref], ref, *opened_by, case["opened_on"]))
    if (ref := f"request/{case_id}") in notes:
        shown.append(_note(notes[ref], ref, "The family", ROLES["subject"],
                           case["opened_on"]))  # fmt: skip
    for version, step in enumerate(steps, start=1):
        ref = f"case/{case_id}/{version}"
        if ref in notes:
            who, role = actor(step.get("actor"))
            when = step.get("recorded_at") or step.get("decided_on") or ""
            shown.append(_note(notes[ref], ref, who, role, when))
    state = case["state"].replace("_", " ")
    return StoryEntry(
        day=case["opened_on"], kind="case",
        title=f"Case opened: {case['case_type'].replace('_', ' ')}",
        where=school_name(case.get("school_urn")) or "",
        status=f"closed: {state}" if case.get("terminal") else f"open: {state}",
        link=f"/cases/{case_id}", notes=shown,
    )  # fmt: skip


def _alert(alert: dict[str, Any], notes: dict[str, str], actor: Namer) -> StoryEntry:
    alert_id = alert["alert_id"]
    shown: list[NoteShown] = []
    for decision in alert.get("decisions") or []:
        ref = f"alert/{alert_id}/{decision.get('version')}"
        if ref in notes:
            who, role = actor(_org(decision.get("by_org") or ""))
            role = ROLES["dsl"] if role == ROLES["school"] else role  # a school's DSL
            shown.append(_note(notes[ref], ref, who, role, decision.get("at") or ""))
    why = alert["rule"].replace("_", " ").replace(".", ": ")
    return StoryEntry(
        day=alert["raised_at"], kind="alert",
        title=f"Alert raised: {why} ({alert['severity']} severity)",
        status=alert["status"], link=f"/alerts/{alert_id}", notes=shown,
    )  # fmt: skip


def _org(by_org: str) -> dict[str, Any]:
    """An alert decision's organisation (a URN, an LA code or a kind) as an actor."""
    if by_org.isdigit() and len(by_org) == 6:
        return {"kind": "school", "urn": by_org}
    if by_org.isdigit() and len(by_org) == 3:
        return {"kind": "local_authority", "la_code": by_org}
    return {"kind": by_org or "register"}


def _note(text: str, ref: str, who: str, role: str, written: str) -> NoteShown:
    return NoteShown(who, role, written, AUDIENCE[note_audience(ref)], text)
