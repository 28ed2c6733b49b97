"""The case page's timeline: labels whole, dates that do not overlap, a legend."""

from __future__ import annotations

import itertools
import re
from datetime import date

from services.web.timeline import _lines, timeline_svg


def entry(label: str, effective: date, recorded: date, short: list[str]) -> dict:
    return {"label": label, "effective": effective, "recorded": recorded,
            "status": "recorded", "marks": [], "short": short}  # fmt: skip


def test_a_long_label_is_broken_between_words_not_cut() -> None:
    lines = _lines("permanent exclusion (backdated, corrected)")
    assert " ".join(lines) == "permanent exclusion (backdated, corrected)"
    assert len(lines) == 2 and all(len(line) <= 26 for line in lines)


def test_month_labels_never_crowd_and_a_legend_names_each_marker() -> None:
    svg = timeline_svg([
        entry("admission", date(2024, 9, 2), date(2024, 9, 2), []),
        entry("permanent exclusion", date(2026, 1, 12), date(2026, 12, 3),
              ["backdated"]),
    ])  # fmt: skip
    ticks = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="36"', svg)]
    assert len(ticks) >= 4
    assert all(b - a >= 60 for a, b in itertools.pairwise(ticks))
    for words in ("Effective date", "Date recorded", "Recorded later",
                  "Corrected or withdrawn"):  # fmt: skip
        assert words in svg
    assert "GDS Transport" in svg and "(backdated)</tspan>" in svg
