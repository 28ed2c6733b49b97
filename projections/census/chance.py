"""How unlikely a flagged spike is by chance, in words a reader can weigh."""

from __future__ import annotations


def by_chance(p_value: float) -> str:
    """A p-value as a reader can weigh it: "about 1 in 40 million by chance"."""
    if p_value <= 0:
        return "practically never by chance"
    odds = 1 / p_value
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if odds >= size:
            return f"about 1 in {_two_figures(odds / size)} {word} by chance"
    return f"about 1 in {_two_figures(odds):,} by chance"


def _two_figures(number: float) -> int:
    """Rounded to two significant figures: 41,666 -> 42,000; 4.2 -> 4."""
    if number < 10:
        return round(number)
    digits = len(str(int(number))) - 2
    return int(round(number, -digits))
