"""The rates `pmr simulate` draws from, calibrated to the domain notes.

Kept apart from the generator so they read, and can be corrected, as data: each
says where it comes from ([V] verified in ../shared/domain/reference.md, or the
arithmetic that derives it from a published figure).
"""

from __future__ import annotations

from datetime import timedelta

# Calibration (census-benchmarks.md), for one cohort followed from Year 7:
# - Ofsted: ~4% of Year 10 do not progress in the same school -> 4.5% a year in
#   Years 10-11 (after census in Y10 plus before census in Y11 is about one year);
# - FFT Datalab: median leaver rate ~13.5% of pupils ever on roll Y7 to Y11 census
#   -> 3.1% a year in Years 7-9 (3 x 3.1 + 1.4 x 4.5 = 15.6% = 13.5% of 115.6%);
# - Datalab: ~7% of a cohort out of state mainstream by spring of Y11 -> 45% of
#   other exits go to home education or whereabouts unknown, and permanent
#   exclusions go to alternative provision (0.45 x 14.6% + 1.0% = 7.6% over the
#   full five years; 6.9% measured between the Year 7 and Year 11 censuses).
EXIT_RATE_KS3 = 0.031
EXIT_RATE_KS4 = 0.045
# Suspensions per pupil a year: 11.31 per 100 across state schools in 2023/24 [V]
# (secondary runs higher; one suspension per pupil at most here).
SUSPENSION_RATE = 0.1131
# Permanent exclusions: 0.13 per 100 pupils across state schools in 2023/24 [V],
# far more in secondary than primary, so about 0.22 per 100 here (part of the exit
# rates above: the deletion under 9(1)(o) follows after the review period). 78% of
# excluded pupils had SEN, were in need or had free school meals (Timpson [V]):
# those pupils are about five times as likely to be excluded as others.
PERMANENT_EXCLUSION_RATE = 0.0022
EXCLUSION_RISK = {True: 2.03, False: 0.36}  # keyed by SEN or FSM; mean about 1
REVIEW_PERIOD = timedelta(days=42)  # decision to deletion: board and review windows
# Census reason codes, persistent disruptive behaviour first (39% of permanent
# exclusions, 51% of suspensions in 2023/24 [V]); the rest spread as assumptions.
EXCLUSION_REASONS = (
    ("DB", 0.39),
    ("PA", 0.16),
    ("VA", 0.14),
    ("OW", 0.10),
    ("DA", 0.09),
    ("PP", 0.07),
    ("VP", 0.05),
)
SUSPENSION_REASONS = (
    ("DB", 0.51),
    ("VA", 0.16),
    ("PP", 0.10),
    ("VP", 0.10),
    ("PA", 0.05),
    ("DA", 0.04),
    ("DM", 0.04),
)
YEAR_GROUPS = ("7", "8", "9", "10", "11")
GROUNDS = (  # (movement type, ground, share of exits)
    ("roll_deletion", "moved_away", 0.25),
    ("roll_deletion", "registered_elsewhere", 0.20),
    ("elective_home_education", None, 0.28),
    ("managed_move", None, 0.10),
    ("roll_deletion", "continuous_absence_not_located", 0.10),
    ("roll_deletion", "not_returned_after_leave", 0.07),
)
# Injected off-rolling goes by the routes a school can steer and that escape the
# results: "encouraged" home education, managed moves, and children deleted as not
# located (the routes Datalab, EPI and the IPPR report describe), not house moves.
OFFROLLING_GROUNDS = (
    ("elective_home_education", None, 0.45),
    ("managed_move", None, 0.20),
    ("roll_deletion", "continuous_absence_not_located", 0.25),
    ("roll_deletion", "not_returned_after_leave", 0.10),
)
SEN = (("N", 0.82), ("K", 0.13), ("E", 0.05))
