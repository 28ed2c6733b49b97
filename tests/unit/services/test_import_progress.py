"""The import's progress line."""

from __future__ import annotations

from services.recording.importer import ProgressBar


def test_the_bar_fills_with_the_share_done():
    bar = ProgressBar(total=200, start=0)
    line = bar.line(50)
    assert line.startswith("[" + "#" * 7 + "." * 23 + "]")
    assert "50/200 movements 25%" in line and "/s" in line and "min left" in line


def test_a_resumed_import_counts_its_rate_from_where_it_resumed():
    bar = ProgressBar(total=1_000_000, start=999_000)
    assert "1,000,000/1,000,000 movements 100%" in bar.line(1_000_000)
    assert ProgressBar(total=0, start=0).line(0).startswith("[" + "#" * 30 + "]")
