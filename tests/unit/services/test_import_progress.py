"""The progress line of `pmr import` and `pmr schools import`."""

from __future__ import annotations

import io

from services.cli.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_fills_with_the_share_done():
    bar = ProgressBar(total=200, start=0)
    line = bar.line(50)
    assert line.startswith("[" + "#" * 7 + "." * 23 + "]")
    assert "50/200 movements 25%" in line and "/s" in line and "min left" in line


def test_a_resumed_import_counts_its_rate_from_where_it_resumed():
    bar = ProgressBar(total=1_000_000, start=999_000)
    assert "1,000,000/1,000,000 movements 100%" in bar.line(1_000_000)
    assert ProgressBar(total=0, start=0).line(0).startswith("[" + "#" * 30 + "]")


def test_a_total_that_was_an_estimate_never_reads_above_100_percent():
    bar = ProgressBar(total=900, unit="rows")
    assert "1,000/1,000 rows 100%" in bar.line(1_000)


def test_it_draws_on_a_terminal_and_ends_the_line():
    screen = Terminal()
    bar = ProgressBar(unit="rows", stream=screen)
    bar.show(1_000, 50_000)
    bar.show(50_000, 50_000)
    bar.finish()
    drawn = screen.getvalue()
    assert drawn.count("\r") == 2 and drawn.endswith("\n")
    assert "1,000/50,000 rows 2%" in drawn and "50,000/50,000 rows 100%" in drawn


def test_it_says_nothing_into_a_pipe_or_a_log():
    piped = io.StringIO()
    bar = ProgressBar(unit="rows", stream=piped)
    bar.show(1_000, 50_000)
    bar.finish()
    assert piped.getvalue() == ""
