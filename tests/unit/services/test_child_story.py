"""The child's story: one dated list, each note under what it was written on, with
its author, role, date and audience."""

from __future__ import annotations

from typing import Any

from services.documents.child_story import story

NAMES = {"100001": "Hillside Academy", "100002": "Riverside School"}


def actor(who: dict[str, Any] | None) -> tuple[str, str]:
    who = who or {}
    if who.get("urn"):
        return NAMES[who["urn"]], "school"
    if who.get("la_code"):
        return "Bristol, City of", "local authority"
    return "The register", "following a recorded movement"


def movement(mid: str, day: str, **more: Any) -> dict[str, Any]:
    return {"movement_id": mid, "type": "managed_move", "effective_date": day,
            "recorded_at": f"{day}T10:00:00+00:00", "from_urn": "100001",
            "to_urn": "100002", "recorded_by": {"kind": "school", "urn": "100001"},
            "findings": [], "status": "recorded", "amendments": [], "steps": [],
            **more}  # fmt: skip


def test_entries_are_in_date_order_with_their_notes_and_authors() -> None:
    events = [movement("m2", "2026-03-02"), movement("m1", "2026-01-12")]
    cases = [{"case_id": "c1", "case_type": "managed_move", "state": "open",
              "opened_on": "2026-01-13", "school_urn": "100001", "terminal": False,
              "steps": [{"actor": {"kind": "register"}},
                        {"actor": {"kind": "local_authority", "la_code": "801"},
                         "recorded_at": "2026-02-01T09:00:00+00:00"}]}]  # fmt: skip
    alerts = [{"alert_id": "a1", "rule": "vulnerable_child_moved", "severity": "high",
               "status": "resolved", "raised_at": "2026-01-12T11:00:00+00:00",
               "decisions": [{"version": 3, "by_org": "100001",
                              "at": "2026-01-14T09:00:00+00:00"}]}]  # fmt: skip
    notes = [("m1", "Agreed with mum"), ("case/c1/2", "Visited the new school"),
             ("alert/a1/3", "Referred to the front door")]  # fmt: skip
    told = story(events, cases, alerts, notes, NAMES.get, actor)
    assert [e.kind for e in told] == ["movement", "alert", "case", "movement"]
    first, alert, case, _ = told
    assert first.title == "Managed move from Hillside Academy to Riverside School"
    (note,) = first.notes
    assert (note.author, note.role, note.audience) == (
        "Hillside Academy",
        "school",
        "the family and professionals",
    )
    (case_note,) = case.notes
    assert case_note.author == "Bristol, City of" and case_note.audience == (
        "professionals only"
    )
    (alert_note,) = alert.notes
    assert alert_note.role == "designated safeguarding lead"
    assert alert_note.written.startswith("2026-01-14")
    assert case.link == "/cases/c1" and alert.link == "/alerts/a1"


def test_a_note_on_something_not_shown_is_not_placed() -> None:
    told = story([movement("m1", "2026-01-12")], [], [], [("alert/zz/2", "x")],
                 NAMES.get, actor)  # fmt: skip
    assert [n for e in told for n in e.notes] == []
