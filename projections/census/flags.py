"""How surprising a school's exits must be to flag it: a national false discovery rate.

Every school in England is tested twice (all pre-census exits in Years 10-11, and
exits by unexplained routes), so a fixed p-value cut-off flags a fixed share of
ordinary schools, and what share of the flags are right depends on how many
schools off-roll. Benjamini-Hochberg over all schools' tests instead keeps the
expected share of ordinary schools among the flagged at FALSE_DISCOVERY_RATE,
whatever that prevalence; the cut-off is never looser than MAX_P per test.
"""

from __future__ import annotations

from collections.abc import Iterable

from projections.census.queries import (
    ALL,
    KS4,
    MAX_P,
    UNEXPLAINED,
    Peers,
    Totals,
    baseline_rate,
    poisson_tail,
)

FALSE_DISCOVERY_RATE = 0.1  # at most about 1 flag in 10 at an ordinary school


def benjamini_hochberg(p_values: Iterable[float], rate: float) -> float:
    """The largest p-value the step-up procedure rejects (0.0 if none)."""
    ordered = sorted(p_values)
    tests = len(ordered)
    cut = 0.0
    for rank, p in enumerate(ordered, start=1):
        if p <= rate * rank / tests:
            cut = p
    return cut


def national_cut_off(
    totals: Totals,
    cohorts: dict[str, dict[str, int]],
    la_of: dict[str, str],
    peers: Peers,
    unexplained_peers: Peers,
) -> float:
    """The p-value at or below which a Years 10-11 test counts as significant."""
    p_values = []
    for urn, by_year in cohorts.items():
        cohort = by_year.get(KS4)
        if not cohort:
            continue
        la_code = la_of.get(urn, "")
        observed = totals.get((urn, KS4), (0, 0))
        for measure, scoring in ((ALL, peers), (UNEXPLAINED, unexplained_peers)):
            rate, _ = baseline_rate(scoring.baselines(urn, la_code, KS4))
            if rate:
                p_values.append(poisson_tail(observed[measure], rate * cohort))
    return min(MAX_P, benjamini_hochberg(p_values, FALSE_DISCOVERY_RATE))
