"""A family reads who looked at the record in sentences, repeats grouped."""

from __future__ import annotations

from services.privacy.looked_in_words import looks_in_words


def look(at: str, role: str = "dsl", action: str = "alert") -> dict[str, str]:
    return {"at": at, "role": role, "organisation": "100001", "action": action,
            "purpose": "public task"}  # fmt: skip


def test_sixteen_reads_of_an_alert_are_one_sentence_with_a_count() -> None:
    looks = [look(f"2026-12-01T09:{m:02d}:00+00:00") for m in range(16)]
    looks.append(look("2026-11-30T10:00:00+00:00", role="la", action="history"))
    said = [s["said"] for s in looks_in_words(looks)]
    assert said == [
        "The safeguarding lead at 100001 read a safeguarding alert about your child "
        "16 times, last on 1 December 2026, 9:15am, as part of the work the law "
        "gives them (public task).",
        "The local authority (100001) read your child's movements on 30 November "
        "2026, 10am, as part of the work the law gives them (public task).",
    ]
