"""The child's record folded into the facts the rules ask about.

Movements are folded in effective-date order (recorded order on ties); steps of the
processes that follow them (exclusion reviews, consents, enquiries) by decision date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from events.movement_entry import MovementEntry
from events.movements import MOVEMENT_TYPES, roll_after
from events.movements.base import (
    ExclusionReview,
    MovementType,
    PupilFacts,
    RollEffect,
    Suspension,
)
from events.movements.steps import StepEntry, StepKind
from events.school_calendar import AcademicYear, term_of


def fold_facts(active: list[MovementEntry], steps: Iterable[StepEntry]) -> PupilFacts:
    """Roll state, suspension days and review progress from active movements."""
    on_roll, left = roll_after((e.movement_type, e.from_urn, e.to_urn) for e in active)
    left_on = {
        e.from_urn: e.effective_date
        for e in active
        if e.from_urn in left and MOVEMENT_TYPES[e.movement_type].leaves_roll
    }
    acted_on = {  # date order: the latest act by each school wins
        e.from_urn: e.effective_date
        for e in active
        if e.from_urn
        and MOVEMENT_TYPES[e.movement_type].roll_effect is RollEffect.CONFIRMS_FROM
    }
    excluded: dict[str, date] = {}
    for e in active:  # date order: the first exclusion from a school wins
        if e.movement_type is MovementType.PERMANENT_EXCLUSION and e.from_urn:
            excluded.setdefault(e.from_urn, e.effective_date)
    by_year, by_term = suspension_days(active)
    steps = sorted(steps, key=lambda s: s.decided_on)
    named = frozenset(u for e in active for u in (e.from_urn, e.to_urn) if u)
    return PupilFacts(
        on_roll=on_roll,
        schools_named=named,
        left_roll=left_on,
        acted_on_roll=acted_on,
        excluded_from=excluded,
        suspension_days_by_year=by_year,
        suspension_days_by_term=by_term,
        exclusion_reviews=exclusion_reviews(active, steps),
        ehe_consents=_latest_by_school(steps, StepKind.EHE_CONSENT_DECISION, "granted"),
        joint_enquiries=_latest_by_school(steps, StepKind.JOINT_ENQUIRY, None),
        suspensions=tuple(
            Suspension(e.from_urn, e.effective_date, e.days)
            for e in active
            if e.movement_type is MovementType.SUSPENSION and e.from_urn and e.days
        ),
    )


def term_key(day: date) -> str:
    """The key of a term in `suspension_days_by_term`, e.g. '2025/26 autumn'."""
    return f"{AcademicYear.containing(day)} {term_of(day)}"


def suspension_days(
    active: Iterable[MovementEntry],
) -> tuple[dict[str, float], dict[str, float]]:
    """Suspension days by academic year and by term, every school counted."""
    by_year: dict[str, float] = defaultdict(float)
    by_term: dict[str, float] = defaultdict(float)
    for e in active:
        if e.movement_type is MovementType.SUSPENSION and e.days:
            by_year[str(AcademicYear.containing(e.effective_date))] += e.days
            by_term[term_key(e.effective_date)] += e.days
    return dict(by_year), dict(by_term)


_NOTICE_FIELDS: Mapping[StepKind, str] = {
    StepKind.GOVERNORS_DECISION: "governors_notice_on",
    StepKind.INDEPENDENT_REVIEW_DECISION: "review_notice_on",
}
_REVIEW_FIELDS: Mapping[StepKind, tuple[str, str | None]] = {
    StepKind.GOVERNORS_DECISION: ("governors_on", "governors_outcome"),
    StepKind.INDEPENDENT_REVIEW_REQUESTED: ("review_requested_on", None),
    StepKind.INDEPENDENT_REVIEW_DECISION: ("review_decided_on", "review_outcome"),
    StepKind.RECONSIDERATION: ("reconsidered_on", "reconsideration_outcome"),
    StepKind.REVIEW_WAIVED: ("waived_on", None),
    StepKind.REINSTATED: ("reinstated_on", None),
}


def exclusion_reviews(
    active: list[MovementEntry], steps: list[StepEntry]
) -> dict[str, ExclusionReview]:
    """Per school, the review of its latest active permanent exclusion."""
    reviews: dict[str, tuple[str, ExclusionReview]] = {}
    for e in active:  # date order: a later exclusion from the same school wins
        if e.movement_type is MovementType.PERMANENT_EXCLUSION and e.from_urn:
            reviews[e.from_urn] = (e.movement_id, ExclusionReview(e.effective_date))
    by_movement = {movement_id: urn for urn, (movement_id, _) in reviews.items()}
    for step in steps:
        urn = by_movement.get(step.movement_id or "")
        names = _REVIEW_FIELDS.get(step.kind)
        if urn is None or names is None:
            continue
        movement_id, review = reviews[urn]
        on, outcome = names
        changes: dict[str, object] = {on: step.decided_on}
        if outcome:
            changes[outcome] = step.outcome
        if step.kind in _NOTICE_FIELDS:
            changes[_NOTICE_FIELDS[step.kind]] = step.notice_on
        reviews[urn] = (movement_id, replace(review, **changes))  # type: ignore[arg-type]
    return {urn: review for urn, (_, review) in reviews.items()}


def _latest_by_school(
    steps: Iterable[StepEntry], kind: StepKind, outcome: str | None
) -> dict[str, date]:
    out: dict[str, date] = {}
    for step in steps:  # decision order: the latest wins
        if step.kind is kind and step.urn:
            if outcome is None or step.outcome == outcome:
                out[step.urn] = step.decided_on
            else:
                out.pop(step.urn, None)
    return out
