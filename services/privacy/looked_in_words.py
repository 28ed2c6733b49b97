"""Who looked at a child's record and why, as a family reads it: one sentence per
kind of look, repeated looks grouped ("read the alert 16 times, last on ...")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.documents.words import time_in_words

WHO = {
    "school": "Staff at {org}",
    "dsl": "The safeguarding lead at {org}",
    "la": "The local authority ({org})",
    "vsh": "The virtual school head ({org})",
    "admin": "An operator of the register",
    "statistician": "A statistician",
    "researcher": "An approved researcher",
    "subject": "You",
}
WHAT = {
    "history": "read your child's movements",
    "name": "was shown your child's name",
    "queue": "saw your child in their list of cases",
    "cnis_register": "saw your child on its register of children not in school",
    "cnis_information": "read what its register of children not in school holds "
    "about your child",
    "cnis_export": "wrote your child, with UPN and date of birth, into its file of "
    "children not in school",
    "case": "read a case about your child",
    "school_cases": "saw your child in the school's list of cases",
    "alert": "read a safeguarding alert about your child",
    "alerts": "saw your child in their list of safeguarding alerts",
    "findings": "read what the register found about a movement",
    "lookup": "looked your child up",
    "lookup_nhs_number": "looked your child up by NHS number",
    "nhs_number": "was shown your child's NHS number",
    "movement_check": "checked a movement before recording it",
    "first_contact": "identified your child to record a movement",
    "first_contact_failed": "tried to identify your child and did not match",
    "first_contact_limit_reached": "was stopped after too many tries to identify "
    "your child",
    "first_contact_refused_at_limit": "was refused after too many tries to identify "
    "your child",
    "research_extract": "included your child, without name or UPN, in a research "
    "extract",
    "access_log": "read this list of who looked",
    "subject_access_log": "read this list of who looked",
    "subject_record": "read this record",
    "subject_export": "downloaded this record",
}
WHY = {
    "public task": "as part of the work the law gives them (public task)",
    "subject access": "because you asked to see it",
}


def looks_in_words(
    looks: list[dict[str, Any]], name_of: Callable[[str], str] = str
) -> list[dict[str, Any]]:
    """Each kind of look once, most recent first: who, what, why, how often, when.
    `name_of` names an organisation from its URN or LA code."""
    grouped: dict[tuple[str, str, str, str], list[str]] = {}
    for look in looks:
        key = (look["role"], look.get("organisation") or "", look["action"],
               look.get("purpose") or "")  # fmt: skip
        grouped.setdefault(key, []).append(look["at"])
    sentences = []
    for (role, org, action, purpose), times in grouped.items():
        who = WHO.get(role, role.capitalize()).format(
            org=name_of(org) if org else "an organisation"
        )
        what = WHAT.get(action, action.replace("_", " "))
        why = WHY.get(purpose, purpose)
        often = "" if len(times) == 1 else f" {len(times)} times"
        last = max(times)
        when = ("on " if len(times) == 1 else ", last on ") + time_in_words(last)
        sentence = f"{who} {what}{often}{' ' if len(times) == 1 else ''}{when}, {why}."
        sentences.append({"said": sentence, "last": last, "times": len(times)})
    return sorted(sentences, key=lambda s: s["last"], reverse=True)
