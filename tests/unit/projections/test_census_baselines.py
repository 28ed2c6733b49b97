"""Baselines: middle-half means of other schools; the LA's weighed against England."""

from __future__ import annotations

import pytest

from projections.census.queries import (
    NATIONAL_WEIGHT,
    Peers,
    baseline_rate,
    trimmed_mean,
)


def schools(prefix: str, count: int, rate: float) -> dict[str, float]:
    return {f"{prefix}{n:03d}": rate for n in range(count)}


def test_the_las_rate_counts_as_its_schools_against_the_nations():
    peers = Peers(
        {
            ("801", "10-11"): schools("801", 10, 0.04),
            ("202", "10-11"): schools("202", 30, 0.01),
        }
    )
    rates = peers.baselines("801000", "801", "10-11")
    assert rates["la"] == pytest.approx(0.04)
    assert rates["national"] == pytest.approx(0.01)  # 9 high of 39: the top quarter
    rate, source = baseline_rate(rates)
    weight = 9 / (9 + NATIONAL_WEIGHT)
    assert rate == pytest.approx(weight * 0.04 + (1 - weight) * 0.01)
    assert source == "la_and_national"


def test_a_small_la_or_one_with_no_exits_is_compared_with_the_nation():
    peers = Peers(
        {
            ("801", "10-11"): schools("801", 4, 0.04),  # 3 others: under MIN_PEERS
            ("202", "10-11"): schools("202", 20, 0.0),
            ("330", "10-11"): schools("330", 20, 0.02),
        }
    )
    assert baseline_rate(peers.baselines("801000", "801", "10-11"))[1] == "national"
    rate, source = baseline_rate(peers.baselines("202000", "202", "10-11"))
    assert source == "national" and rate == pytest.approx(
        trimmed_mean([0.0] * 19 + [0.02] * 20 + [0.04] * 4)
    )


def test_the_interquartile_mean_ignores_the_highest_and_lowest_quarters():
    assert trimmed_mean(
        [0.0, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.5]
    ) == pytest.approx(0.01)
    assert trimmed_mean([0.03]) == pytest.approx(0.03)
