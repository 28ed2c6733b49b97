"""What the register holds about one child, in plain words, for the child or parent.

Built from the same read models the staff see (history, cases, findings), with the
names of schools and LAs, the identity the vault holds, and who has read the record.
The same pack answers `GET /v1/me/export` and an offline request
(`pmr subject-access --pupil-key K`).
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from events.errors import InvalidIdentifier
from events.identifiers import LACode
from events.movements import MOVEMENT_TYPES, MovementType
from projections.casework.la_queue import get_case
from projections.casework.processing_limits import limits_of
from projections.history.pupil_history import HistoryQuery, history
from services.app.bootstrap import Container
from services.documents.words import dates_in_text, day_in_words, time_in_words

WORDS = {
    "permanent_exclusion": "permanently excluded from",
    "suspension": "suspended from",
    "managed_move": "moved by agreement (managed move) from",
    "off_site_direction": "directed to education away from",
    "fair_access_placement": "placed under the fair access protocol at",
    "section19_placement": "given education arranged by the council (section 19)",
    "elective_home_education": "taken off the roll for home education at",
    "roll_deletion": "taken off the roll at",
    "suspected_off_rolling": "reported as possibly off-rolled from",
    "admission": "admitted to",
}


# Notes written in safeguarding work are for professionals unless marked otherwise:
# the adult holding the family's token may be the person a note is about.
PROFESSIONAL_NOTES = ("alert/", "case/", "step/")
WITHHELD_EXEMPTION = (
    "Data Protection Act 2018 Sch 3 Part 5 para 21 (child abuse data asked for by a "
    "person with parental responsibility, where disclosure would not be in the "
    "child's best interests), or the serious harm test for education data (Part 4, "
    "para 17(2)) or social work data (Part 3): disclose only if a person decides "
    "none applies"
)


def note_audience(ref: str) -> str:
    """Who a note is for, by what it was written on: `family` or `professionals`."""
    return "professionals" if ref.startswith(PROFESSIONAL_NOTES) else "family"


def subject_pack(
    container: Container, pupil_key: str, today: date, for_controller: bool = False
) -> dict[str, Any]:
    """The whole record: identity, events in words, cases, findings, who looked.

    The family's pack carries only the notes written for them; the controller's
    (`pmr subject-access`) also lists the withheld ones with the exemption each
    would rely on, for a person to decide."""
    notes = container.vault.notes(pupil_key)
    record = history(container.db, HistoryQuery(pupil_key, None, today))
    identity = container.vault.identity(pupil_key)
    events = [_in_words(container, e) for e in record["events"]]
    case_ids = [
        str(r[0])
        for r in container.db.query(
            "SELECT case_id FROM cases WHERE pupil_key = ? ORDER BY opened_on",
            (pupil_key,),
        )
    ]
    cases = [c for c in (get_case(container.db, i, today) for i in case_ids) if c]
    return {
        "pupil_key": pupil_key,
        "identity": {
            "name": container.vault.name(pupil_key),
            "nhs_number": (container.vault.nhs_number(pupil_key) or {}).get(
                "nhs_number"
            ),
            "upn": identity.upn if identity else None,
            "date_of_birth": identity.date_of_birth.isoformat()
            if identity and identity.date_of_birth
            else None,
        },
        "events": events,
        # What each LA's register of children not in school holds (s436C).
        "children_not_in_school": [
            {"la_code": la, **items}
            for la, items in container.vault.cnis_records(pupil_key)
        ],
        "cases": [
            {
                "case_type": c["case_type"],
                "state": c["state"],
                "opened_on": c["opened_on"],
                "steps": [
                    {k: s[k] for k in ("kind", "transition", "to_state", "decided_on")}
                    for s in c["steps"]
                ],
            }
            for c in cases
        ],
        # Free text written about the child (art. 15 covers it too), by what it
        # was written on: a movement, step, case decision or alert.
        "notes": [
            {"about": ref, "text": text}
            for ref, text in notes
            if note_audience(ref) == "family"
        ],
        **(
            {
                "withheld_notes": [
                    {"about": ref, "text": text, "exemption": WITHHELD_EXEMPTION}
                    for ref, text in notes
                    if note_audience(ref) != "family"
                ]
            }
            if for_controller
            else {}
        ),
        # Restrictions and objections in force (arts 18, 21): what they stop.
        "processing_limits": limits_of(container.db, pupil_key),
        "access_log": container.access_log.for_pupil(pupil_key),
    }


def _in_words(container: Container, event: dict[str, Any]) -> dict[str, Any]:
    kind = event["type"]
    school = container.schools.name_of(event.get("from_urn") or event.get("to_urn"))
    sentence = f"{day_in_words(event['effective_date'])}: {WORDS.get(kind, kind)}"
    if school and MovementType(kind) in MOVEMENT_TYPES:
        sentence += f" {school}"
    if kind == "managed_move" and event.get("to_urn"):
        sentence += f" to {container.schools.name_of(event['to_urn'])}"
    if event.get("days"):
        sentence += f" for {event['days']:g} school days"
    return {
        "said": sentence,
        "movement_id": event.get("movement_id"),
        "type": kind,
        "effective_date": event["effective_date"],
        "recorded_at": event["recorded_at"],
        "school": school,
        "local_authority": _la_name(event.get("from_la") or event.get("to_la")),
        "status": event["status"],
        "findings": [
            {"rule": f["rule"], "severity": f["severity"], "message": f["message"]}
            for f in event.get("findings") or []
        ],
    }


def _la_name(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return LACode.parse(code).name
    except (InvalidIdentifier, KeyError):
        return f"LA {code}"


def as_html(pack: dict[str, Any]) -> str:
    """A readable page of the pack (every value escaped)."""
    e = html.escape
    rows = "".join(
        f"<li>{e(item['said'])}"
        + "".join(
            f"<br><strong>{e(f['severity'].capitalize())}</strong>: "
            f"{e(dates_in_text(f['message']))}"
            for f in item["findings"]
        )
        + "</li>"
        for item in pack["events"]
    )
    notes = "".join(f"<li>{e(n['text'])}</li>" for n in pack["notes"])
    looks = "".join(
        f"<tr><td>{e(time_in_words(a['at']))}</td><td>{e(a['role'])}</td>"
        f"<td>{e(a['organisation'] or '')}</td>"
        f"<td>{e(a['action'].replace('_', ' '))}</td><td>{e(a['purpose'])}</td></tr>"
        for a in pack["access_log"]
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>What the register holds about you</title></head><body>"
        "<h1>What the pupil movement register holds</h1>"
        f"<p>Unique pupil number {e(pack['identity']['upn'] or 'erased')}, born "
        f"{e(day_in_words(pack['identity']['date_of_birth'], 'not known'))}</p>"
        f"<h2>What happened</h2><ul>{rows}</ul>"
        f"<h2>Notes written about you</h2><ul>{notes}</ul>"
        "<h2>Who has looked at this record</h2><table><tr><th>When</th><th>Role</th>"
        f"<th>Organisation</th><th>What</th><th>Why</th></tr>{looks}</table>"
        "</body></html>"
    )
