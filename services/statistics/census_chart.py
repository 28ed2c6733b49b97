"""An SVG chart of weekly exits around census day (hand-written: no plotting stack)."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

WIDTH, HEIGHT, PAD = 720, 260, 40


def weekly_svg(
    urn: str, year: str, census: date, weeks: dict[int, int], report: dict[str, Any]
) -> str:
    """Bars of exits per week; a dashed line at the expected weekly exits; census."""
    span = sorted(weeks)
    expected = _expected_per_week(report, census)
    top = max([*weeks.values(), expected, 1.0])
    bar = (WIDTH - 2 * PAD) / len(span)
    scale = (HEIGHT - 2 * PAD) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" '
        f'aria-label="Weekly exits around census day, school {escape(urn)}">',
        f"<title>Exits off roll by week, school {escape(urn)}, {escape(year)}</title>",
        f'<text x="{PAD}" y="20" font-size="13">School {escape(urn)} · {escape(year)} '
        f"· census {census.isoformat()}</text>",
    ]
    for i, week in enumerate(span):
        h = weeks[week] * scale
        x = PAD + i * bar
        colour = "#b2182b" if week < 0 else "#4d4d4d"
        parts.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - PAD - h:.1f}" width="{bar * 0.8:.1f}" '
            f'height="{h:.1f}" fill="{colour}"><title>week {week}: {weeks[week]}'
            "</title></rect>"
        )
    census_x = PAD + span.index(0) * bar if 0 in span else PAD
    y_expected = HEIGHT - PAD - expected * scale
    parts += [
        f'<line x1="{census_x:.1f}" y1="{PAD}" x2="{census_x:.1f}" '
        f'y2="{HEIGHT - PAD}" stroke="#2166ac" stroke-width="2"/>',
        f'<text x="{census_x + 4:.1f}" y="{PAD + 12}" font-size="11">census day</text>',
        f'<line x1="{PAD}" y1="{y_expected:.1f}" x2="{WIDTH - PAD}" '
        f'y2="{y_expected:.1f}" stroke="#999" stroke-dasharray="4 3"/>',
        f'<text x="{WIDTH - PAD - 150}" y="{y_expected - 4:.1f}" font-size="11">'
        f"expected {expected:.2f}/week</text>",
        f'<text x="{PAD}" y="{HEIGHT - 12}" font-size="11">'
        "weeks before (red) and after census day</text>",
        "</svg>",
    ]
    return "\n".join(parts)


def _expected_per_week(report: dict[str, Any], census: date) -> float:
    """Baseline exits per week before census, summed over year groups."""
    weeks_before = max((census - date(census.year - 1, 9, 1)).days / 7, 1)
    expected = sum(r["expected_before_census"] or 0 for r in report["year_groups"])
    return float(expected) / weeks_before
