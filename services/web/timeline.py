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

WIDTH, ROW, LEFT, RIGHT, TOP = 760, 44, 230, 30, 48
LABEL_CHARS = 26  # per line of a label, two lines at most
TICK_GAP = 80  # least pixels between month labels
TEXT, GRID = "#0b0c0c", "#b1b4b6"
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


def _lines(words: str, width: int = LABEL_CHARS) -> list[str]:
    """A label on at most two lines, broken between words (never cut short)."""
    first, rest = "", words
    while rest and len(first) + len(rest.split(" ", 1)[0]) + 1 <= width:
        head, _, rest = rest.partition(" ")
        first = f"{first} {head}".strip()
    return [first, rest] if first and rest else [first or rest]


def _month_ticks(first: date, last: date, x: Any) -> list[str]:
    """The first of each month in view, thinned so labels never overlap."""
    ticks, month = [], date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            ticks.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    step = max(1, -(-len(ticks) * TICK_GAP // (WIDTH - LEFT - RIGHT)))
    labels = [(tick, f"{tick:%b %Y}") for tick in ticks[::step]]
    if len(labels) < 2:  # a few weeks: name the first and last days instead
        labels = [(first, f"{first.day} {first:%b}"), (last, f"{last.day} {last:%b}")]
    parts = []
    for tick, label in labels:
        at = x(tick)
        parts += [
            f'<line x1="{at:.1f}" y1="{TOP - 8}" x2="{at:.1f}" y2="{TOP - 2}" '
            f'stroke="{TEXT}"/>',
            f'<text x="{at:.1f}" y="{TOP - 12}" font-size="12" text-anchor="middle">'
            f"{label}</text>",
        ]
    return parts


def timeline_svg(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return ""
    first = min(e["effective"] for e in entries)
    last = max(max(e["recorded"], e["effective"]) for e in entries)
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span

    legend_y = TOP + ROW * len(entries) + 24
    height = legend_y + 16
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="tl-title tl-desc" '
        f'font-family="GDS Transport, arial, sans-serif" font-size="14" '
        f'fill="{TEXT}">',
        '<title id="tl-title">Timeline of this child\'s movements</title>',
        f'<desc id="tl-desc">{_movements(len(entries))} from {day_in_words(first)} '
        f"to {day_in_words(last)}. Circles mark effective dates, squares the date "
        "recorded; a dashed line joins them when the record was backdated; a hollow "
        "circle is a movement corrected or withdrawn.</desc>",
        f'<line x1="{LEFT}" y1="{TOP - 2}" x2="{WIDTH - RIGHT}" y2="{TOP - 2}" '
        f'stroke="{GRID}"/>',
        *_month_ticks(first, last, x),
    ]
    for i, e in enumerate(entries):
        y = TOP + ROW * i + ROW / 2
        words = e["label"] + (f" ({', '.join(e['short'])})" if e["short"] else "")
        lines = _lines(words)
        top = y + 5 - 8 * (len(lines) - 1)
        parts.append(
            f'<text x="4" y="{top:.1f}">'
            + "".join(
                f'<tspan x="4" dy="{0 if n == 0 else 16}">{escape(line)}</tspan>'
                for n, line in enumerate(lines)
            )
            + "</text>"
        )
        ex, rx = x(e["effective"]), x(e["recorded"])
        if e["short"] and rx > ex:
            parts.append(
                f'<line x1="{ex}" y1="{y}" x2="{rx}" y2="{y}" stroke="{TEXT}" '
                'stroke-dasharray="4 3"/>'
            )
            parts.append(
                f'<rect x="{rx - 5}" y="{y - 5}" width="10" height="10" '
                f'fill="#ffffff" stroke="{TEXT}" stroke-width="2"/>'
            )
        fill = "#ffffff" if e["status"] != "recorded" else TEXT  # hollow: undone
        parts.append(
            f'<circle cx="{ex}" cy="{y}" r="6" fill="{fill}" stroke="{TEXT}" '
            'stroke-width="2"/>'
        )
    parts += _legend(legend_y)
    parts.append("</svg>")
    return "".join(parts)


def _legend(y: float) -> list[str]:
    return [
        f'<circle cx="10" cy="{y - 5}" r="6" fill="{TEXT}"/>',
        f'<text x="22" y="{y}">Effective date</text>',
        f'<rect x="145" y="{y - 10}" width="10" height="10" fill="#ffffff" '
        f'stroke="{TEXT}" stroke-width="2"/>',
        f'<text x="162" y="{y}">Date recorded</text>',
        f'<line x1="290" y1="{y - 5}" x2="320" y2="{y - 5}" stroke="{TEXT}" '
        'stroke-dasharray="4 3"/>',
        f'<text x="326" y="{y}">Recorded later</text>',
        f'<circle cx="462" cy="{y - 5}" r="6" fill="#ffffff" stroke="{TEXT}" '
        'stroke-width="2"/>',
        f'<text x="474" y="{y}">Corrected or withdrawn</text>',
    ]
