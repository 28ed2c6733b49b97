"""The national false-discovery cut-off for flags."""

from __future__ import annotations

import pytest

from projections.census.flags import benjamini_hochberg, national_cut_off
from projections.census.queries import KS4, MAX_P, peer_rates, poisson_tail


def test_benjamini_hochberg_rejects_up_to_the_last_p_under_its_line():
    p_values = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    assert benjamini_hochberg(p_values, 0.05) == 0.008
    assert benjamini_hochberg([0.2, 0.5, 0.9], 0.05) == 0.0
    assert benjamini_hochberg([], 0.05) == 0.0


MODERATE = 14  # exits against 6 expected: p = 0.0036


def england(spikes: int, spike_exits: int = 30) -> float:
    """The cut-off for 200 schools of 300 in Years 10-11 losing 6 before census
    (one loses MODERATE, `spikes` of them spike_exits)."""
    cohorts = {f"{n:06d}": {KS4: 300} for n in range(200)}
    la_of = {urn: ("801", "202", "330", "203")[n % 4] for n, urn in enumerate(cohorts)}
    exits = [spike_exits] * spikes + [MODERATE] + [6] * (199 - spikes)
    totals = {(urn, KS4): (n, 3) for urn, n in zip(cohorts, exits, strict=True)}
    return national_cut_off(
        totals,
        cohorts,
        la_of,
        peer_rates(totals, cohorts, la_of, 0),
        peer_rates(totals, cohorts, la_of, 1),
    )


def test_a_moderate_spike_is_significant_only_among_many_others():
    """Among few outliers it would be one of the expected false flags; among many,
    the share of false ones it adds stays under the rate."""
    moderate = poisson_tail(MODERATE, 6.0)
    assert 0.003 < moderate < 0.004
    assert england(spikes=2) < moderate <= england(spikes=20) <= MAX_P


def test_with_no_school_standing_out_nothing_is_significant():
    assert england(spikes=0) == 0.0


@pytest.mark.parametrize("spikes", [60, 100])
def test_the_cut_off_is_never_looser_than_the_cap(spikes):
    assert england(spikes=spikes, spike_exits=12) <= MAX_P
