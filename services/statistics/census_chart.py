"""An SVG chart of weekly exits around census day (hand-written: no plotting stack).

Drawn to be read: a labelled count axis, week-beginning dates under the bars, each
week's count on its bar, census day marked and named, the expected weekly exits
before census as a line named in the legend, GOV.UK's font and colours. The same
figures go in a table beside it (`weekly_rows`), for anyone who cannot see it.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any

from services.documents.words import day_in_words

WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 48, 96  # room for the axis, dates and legend
FONT = 'font-family="GDS Transport, arial, sans-serif"'
TEXT, RED, GREY, BLUE, LINE = "#0b0c0c", "#d4351c", "#505a5f", "#1d70b8", "#b1b4b6"
LABEL_EVERY = 4  # weeks between date labels


def week_start(census: date, week: int) -> date:
    """The first day of a week of the series (week 0 begins on census day)."""
    return census + timedelta(days=7 * week)


def weekly_rows(census: date, weeks: dict[int, int]) -> list[dict[str, Any]]:
    """The chart's figures as table rows: each week's first day and its exits."""
    return [
        {"week": week, "from": week_start(census, week).isoformat(),
         "exits": weeks[week], "before_census": week < 0}
        for week in sorted(weeks)
    ]  # fmt: skip


def weekly_svg(
    name: str, year: str, census: date, weeks: dict[int, int], report: dict[str, Any]
) -> str:
    """Bars of exits per week; the expected weekly exits; census day."""
    span = sorted(weeks)
    expected = _expected_per_week(report, census)
    step = _step(max([*weeks.values(), expected, 1.0]))
    top = step * -(-max([*weeks.values(), expected, 1.0]) // step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar = plot_w / len(span)

    def y(count: float) -> float:
        return TOP + plot_h - count * plot_h / top

    title = f"Pupils leaving the roll each week, {name}, {year}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="cs-title cs-desc" {FONT} '
        f'font-size="14" fill="{TEXT}">',
        f'<title id="cs-title">{escape(title)}</title>',
        f'<desc id="cs-desc">{sum(weeks.values())} pupils left in the '
        f"{len(span)} weeks around census day ({day_in_words(census)}); the table "
        "below the chart gives each week's figure.</desc>",
        f'<text x="{LEFT}" y="20" font-size="16" font-weight="bold">'
        f"{escape(title)}</text>",
    ]
    for tick in range(0, int(top) + 1, int(step)):
        parts += [
            f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{WIDTH - RIGHT}" '
            f'y2="{y(tick):.1f}" stroke="{LINE}" stroke-width="1"/>',
            f'<text x="{LEFT - 8}" y="{y(tick) + 5:.1f}" text-anchor="end">'
            f"{tick}</text>",
        ]
    parts.append(
        f'<text transform="translate(16 {TOP + plot_h / 2:.0f}) rotate(-90)" '
        'text-anchor="middle">Pupils</text>'
    )
    for i, week in enumerate(span):
        count, x = weeks[week], LEFT + i * bar
        colour = RED if week < 0 else GREY
        parts.append(
            f'<rect x="{x + bar * 0.1:.1f}" y="{y(count):.1f}" width="{bar * 0.8:.1f}" '
            f'height="{plot_h - (y(count) - TOP):.1f}" fill="{colour}"><title>Week '
            f"from {day_in_words(week_start(census, week))}: {count}</title></rect>"
        )
        if count:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y(count) - 4:.1f}" font-size="12" '
                f'text-anchor="middle">{count}</text>'
            )
        if week % LABEL_EVERY == 0:
            start = week_start(census, week)
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 18}" font-size="12" '
                f'text-anchor="middle">{start.day} {start:%b}</text>'
            )
    census_x = LEFT + span.index(0) * bar if 0 in span else LEFT
    y_expected = y(expected)
    legend_y = HEIGHT - 30
    parts += [
        f'<text x="{LEFT + plot_w / 2:.0f}" y="{TOP + plot_h + 38}" font-size="12" '
        'text-anchor="middle">Week beginning</text>',
        f'<line x1="{census_x:.1f}" y1="{TOP - 6}" x2="{census_x:.1f}" '
        f'y2="{TOP + plot_h}" stroke="{BLUE}" stroke-width="3"/>',
        f'<text x="{census_x + 6:.1f}" y="{TOP + 8}" font-size="12" fill="{BLUE}">'
        f"Census day, {day_in_words(census)}</text>",
        f'<line x1="{LEFT}" y1="{y_expected:.1f}" x2="{census_x:.1f}" '
        f'y2="{y_expected:.1f}" stroke="{TEXT}" stroke-width="2" '
        'stroke-dasharray="6 4"/>',
        f'<rect x="{LEFT}" y="{legend_y - 11}" width="14" height="14" fill="{RED}"/>',
        f'<text x="{LEFT + 20}" y="{legend_y}">Before census day</text>',
        f'<rect x="{LEFT + 170}" y="{legend_y - 11}" width="14" height="14" '
        f'fill="{GREY}"/>',
        f'<text x="{LEFT + 190}" y="{legend_y}">After census day</text>',
        f'<line x1="{LEFT + 330}" y1="{legend_y - 4}" x2="{LEFT + 360}" '
        f'y2="{legend_y - 4}" stroke="{TEXT}" stroke-width="2" '
        'stroke-dasharray="6 4"/>',
        f'<text x="{LEFT + 366}" y="{legend_y}">Expected before census: '
        f"{_per_week(expected)}</text>",
        "</svg>",
    ]
    return "\n".join(parts)


def _step(top: float) -> float:
    """Gridline spacing giving about five lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if top / step <= 6:
            return float(step)
    return float(10 ** len(str(int(top))) // 10)


def _per_week(expected: float) -> str:
    if expected >= 0.1:
        return f"{expected:.1f} a week"
    if expected > 0:
        return f"about 1 every {round(1 / expected)} weeks"
    return "none"


def _expected_per_week(report: dict[str, Any], census: date) -> float:
    """Baseline exits per week before census, summed over year groups."""
    weeks_before = max((census - date(census.year - 1, 9, 1)).days / 7, 1)
    expected = sum(r["expected_before_census"] or 0 for r in report["year_groups"])
    return float(expected) / weeks_before
