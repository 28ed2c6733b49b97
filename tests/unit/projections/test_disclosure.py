"""Disclosure control: small counts hidden, complements too, rounding, percentages."""

from __future__ import annotations

import itertools

import pytest

from projections.statistics.disclosure import (
    CONFIDENTIAL,
    LOW,
    NOT_AVAILABLE,
    DisclosurePolicy,
    dominated_cells,
    percentage,
    protect,
    rounded,
    suppressed_cells,
)

POLICY = DisclosurePolicy()


def test_counts_of_one_to_four_are_suppressed_and_zero_is_not():
    counts = {"a": 0, "b": 1, "c": 4, "d": 5, "total": 10}
    hidden = suppressed_cells(counts, [], POLICY)
    assert hidden == {"b", "c"}


def test_a_lone_suppressed_cell_takes_its_smallest_complement():
    # total 30 = 3 + 12 + 15: publishing 12, 15 and 30 would give the 3 away.
    counts = {"total": 30, "small": 3, "middle": 12, "large": 15}
    hidden = suppressed_cells(counts, [("total", ["small", "middle", "large"])], POLICY)
    assert hidden == {"small", "middle"}


def test_a_hidden_zero_is_not_chosen_as_the_complement():
    counts = {"total": 9, "small": 2, "zero": 0, "rest": 7}
    hidden = suppressed_cells(counts, [("total", ["small", "zero", "rest"])], POLICY)
    assert hidden == {"small", "rest"}


def test_no_additive_group_is_left_with_exactly_one_hidden_cell():
    """A 2-way table (rows x columns, with margins): every line is protected."""
    values = [[3, 20, 40], [25, 1, 30], [50, 60, 70]]
    counts: dict = {}
    for r, c in itertools.product(range(3), range(3)):
        counts[(r, c)] = values[r][c]
    for r in range(3):
        counts[(r, "T")] = sum(values[r])
    for c in range(3):
        counts[("T", c)] = sum(values[r][c] for r in range(3))
    counts[("T", "T")] = sum(map(sum, values))
    groups = [((r, "T"), [(r, c) for c in range(3)]) for r in (*range(3), "T")]
    groups += [(("T", c), [(r, c) for r in range(3)]) for c in (*range(3), "T")]
    hidden = suppressed_cells(counts, groups, POLICY)
    assert {(0, 0), (1, 1)} <= hidden
    for total, members in groups:
        assert sum(cell in hidden for cell in [total, *members]) != 1


@pytest.mark.parametrize(
    "n, base, expected",
    [(0, 5, 0), (7, 5, 5), (8, 5, 10), (12, 5, 10), (15, 10, 20), (14, 10, 10)],
)
def test_rounding_half_up(n, base, expected):
    assert rounded(n, base) == expected


def test_a_non_zero_count_that_rounds_to_zero_is_low():
    assert rounded(4, 10) == LOW
    assert rounded(4, 1) == 4


def test_protect_rounds_by_level_and_marks_suppressed_cells():
    counts = {"total": 57, "one": 2, "two": 25, "three": 30}
    groups = [("total", ["one", "two", "three"])]
    la = protect(counts, groups, POLICY, "la")
    assert la == {"total": 55, "one": CONFIDENTIAL, "two": CONFIDENTIAL, "three": 30}
    national = protect(counts, groups, POLICY, "national")
    assert national["total"] == 60 and national["three"] == 30


def test_percentages_come_from_published_values_only():
    assert percentage(10, 200, POLICY) == 5.0
    assert percentage(CONFIDENTIAL, 200, POLICY) == CONFIDENTIAL
    assert percentage(5, 5, POLICY) == CONFIDENTIAL  # denominator under 10
    assert percentage(5, NOT_AVAILABLE, POLICY) == NOT_AVAILABLE


def test_a_count_mostly_from_one_contributor_is_treated_as_small():
    counts = {"total": 40, "a": 10, "b": 30}
    largest = {"total": 20, "a": 9, "b": 12}  # a: 9 of 10 from one school
    assert dominated_cells(counts, largest, POLICY) == {"a"}
    published = protect(counts, [("total", ["a", "b"])], POLICY, "la", {"a"})
    assert published == {"total": 40, "a": CONFIDENTIAL, "b": CONFIDENTIAL}
