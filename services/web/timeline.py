"""A child's timeline as SVG: each movement at its effective date, and, where it was
recorded later, a line on to the date the register heard of it. Backdated, corrected
and withdrawn entries are named in words and drawn with their own marker shape, never
told apart by colour alone. The SVG has a title and description; the page also lists
the same entries as text."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any

from services.documents.words import day_in_words

WIDTH, ROW, LEFT, RIGHT, TOP = 760, 34, 230, 30, 40
BACKDATED_AFTER_DAYS = 1


def timeline_entries(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history's events with what the drawing and the text both say."""
    entries = []
    for e in events:
        effective = date.fromisoformat(e["effective_date"])
        recorded = datetime.fromisoformat(e["recorded_at"]).date()
        status = e.get("status") or "recorded"
        marks, short = [], []
        if (recorded - effective).days > BACKDATED_AFTER_DAYS:
            marks.append(f"recorded {(recorded - effective).days} days later")
            short.append("backdated")
        if status != "recorded":
            marks.append(status)
            short.append(status)
        entries.append(
            {
                "label": e["type"].replace("_", " "),
                "effective": effective,
                "recorded": recorded,
                "status": status,
                "marks": marks,
                "short": short,
            }
        )
    return entries


def _movements(count: int) -> str:
    return "1 movement" if count == 1 else f"{count} movements"


def timeline_svg(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return ""
    first = min(e["effective"] for e in entries)
    last = max(max(e["recorded"], e["effective"]) for e in entries)
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span

    height = TOP + ROW * len(entries) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="tl-title tl-desc">',
        '<title id="tl-title">Timeline of this child\'s movements</title>',
        f'<desc id="tl-desc">{_movements(len(entries))} from {day_in_words(first)} '
        f"to {day_in_words(last)}. "
        "Circles mark effective dates, squares the date recorded; a dashed line "
        "joins them when the record was backdated.</desc>",
        f'<text x="{LEFT}" y="20" font-size="13">{day_in_words(first)}</text>',
        f'<text x="{WIDTH - RIGHT}" y="20" font-size="13" text-anchor="end">'
        f"{day_in_words(last)}</text>",
    ]
    for i, e in enumerate(entries):
        y = TOP + ROW * i + ROW / 2
        words = e["label"] + (f" ({', '.join(e['short'])})" if e["short"] else "")
        parts.append(
            f'<text x="4" y="{y + 4}" font-size="13">{escape(words[:34])}</text>'
        )
        ex, rx = x(e["effective"]), x(e["recorded"])
        if e["short"] and rx > ex:
            parts.append(
                f'<line x1="{ex}" y1="{y}" x2="{rx}" y2="{y}" stroke="#0b0c0c" '
                'stroke-dasharray="4 3"/>'
            )
            parts.append(
                f'<rect x="{rx - 5}" y="{y - 5}" width="10" height="10" '
                'fill="#ffffff" stroke="#0b0c0c" stroke-width="2"/>'
            )
        fill = "#ffffff" if e["status"] != "recorded" else "#0b0c0c"  # hollow: undone
        parts.append(
            f'<circle cx="{ex}" cy="{y}" r="6" fill="{fill}" stroke="#0b0c0c" '
            'stroke-width="2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
