"""Which recorded facts open a case, and which move an open case on.

Pure functions of one envelope: the process that follows the log (services/
processes/case_opener.py) carries them out, with ids derived from the source, so a
replay opens nothing twice. Sources: the movement id, or the movement id and a
suffix when one movement opens two cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from events.cases.redating import Redating, redating_for
from events.cases.sixth_day import FULL_TIME_HOURS
from events.cnis.eligibility import ends_entries, limb_of
from events.england_calendar import second_working_day_after
from events.envelope import EventEnvelope
from events.movements.suspension_runs import SIXTH_DAY_AFTER

# Breaches that may hide a removal in the school's interest (off-rolling).
OFF_ROLLING_FAMILIES = ("exclusion.", "deletion.", "ehe.", "managed_move.")
# Reg 9(1)(a): the register follows up whether the named school admits the child.
UNCONFIRMED_DESTINATION = "registered_elsewhere"
# Steps on the child's stream that move the case of the movement they follow on.
OFF_SITE_STEPS: dict[tuple[str, str | None], tuple[str, str | None]] = {
    ("off_site_review_requested", None): ("review_requested", None),
    ("off_site_review", "continue"): ("reviewed", None),
    ("off_site_review", "end"): ("end", "returned"),
}
REVIEW_STEPS: dict[tuple[str, str | None], str] = {
    ("governors_decision", "upheld"): "governors_uphold",
    ("governors_decision", "reinstated"): "reinstate",
    ("independent_review_requested", None): "review_requested",
    ("review_waived", None): "review_waived",
    ("independent_review_decision", "upheld"): "panel_upheld",
    ("independent_review_decision", "recommend_reconsideration"): "panel_recommends",
    ("independent_review_decision", "quashed"): "panel_quashes",
    ("reconsideration", "upheld"): "reconsidered_upheld",
    ("reconsideration", "reinstated"): "reinstate",
    ("reinstated", None): "reinstate",
}


@dataclass(frozen=True)
class Opening:
    """A case to open (if not already open from the same source)."""

    case_type: str
    source: str
    pupil_key: str
    opened_on: date
    school_urn: str | None
    la_codes: tuple[str, ...]
    state: str | None = None  # None: the type's initial state
    # Only when the child is then on no school's roll (the destination unconfirmed).
    unless_on_roll: bool = False


@dataclass(frozen=True)
class FollowOn:
    """A transition for the child's open cases of a type (or one case by source)."""

    case_type: str
    transition: str
    pupil_key: str
    decided_on: date
    decision: str | None = None
    source: str | None = None  # a specific case; None: every open one of the child
    # Open this instead when there is no open case to move on.
    otherwise: Opening | None = None


Action = Opening | FollowOn | Redating


def actions_for(envelope: EventEnvelope) -> list[Action]:
    """What the register does to cases when this event is recorded."""
    if envelope.event_type == "step_recorded":
        return _review_step(envelope)
    if envelope.event_type == "movement_corrected":
        return [*redating_for(envelope.pupil_key, envelope.payload)]
    if envelope.event_type != "movement_recorded":
        return []
    p = envelope.payload
    on = date.fromisoformat(p["effective_date"])
    return [
        *_by_type(envelope, p, on),
        *_by_ground(envelope, p, on),
        *_by_findings(envelope, p, on),
        *_register_duties(envelope, p, on),
    ]


def _register_duties(
    envelope: EventEnvelope, p: dict[str, Any], on: date
) -> list[Action]:
    """A child put on the register of children not in school (events/cnis) opens
    the duties case for the LA where they live (else the school's); full-time
    registration at a school closes it. A child missing education is worked in
    its missing-education case until found."""
    details = p.get("details") or {}
    if ends_entries(p["movement_type"], p.get("to_urn")):
        return [FollowOn("children_not_in_school", "left_register",
                         envelope.pupil_key, on, "registered_full_time")]  # fmt: skip
    limb = limb_of(p["movement_type"], details)
    if limb is None or limb.reason == "missing_education":
        return []
    home = details.get("home_la")
    las = (home,) if home else _las(p)
    return [_opening(envelope, "children_not_in_school", on, "/cnis", la_codes=las)]


def _opening(
    envelope: EventEnvelope, case_type: str, on: date, suffix: str = "", **kw: Any
) -> Opening:
    p = envelope.payload
    las = kw.pop("la_codes", None) or _las(p)
    return Opening(
        case_type=case_type,
        source=p["movement_id"] + suffix,
        pupil_key=envelope.pupil_key,
        opened_on=on,
        school_urn=kw.pop("school_urn", p.get("from_urn") or p.get("to_urn")),
        la_codes=las,
        **kw,
    )


def _las(p: dict[str, Any]) -> tuple[str, ...]:
    """The schools' LAs and the LA where the child lives, each once."""
    home = (p.get("details") or {}).get("home_la")
    return tuple(
        dict.fromkeys(la for la in (p.get("from_la"), p.get("to_la"), home) if la)
    )


def _by_type(envelope: EventEnvelope, p: dict[str, Any], on: date) -> list[Action]:
    key, kind = envelope.pupil_key, p["movement_type"]
    home = (p.get("details") or {}).get("home_la")
    if kind == "permanent_exclusion":
        duty_las = (home,) if home else _las(p)
        return [
            _opening(envelope, "exclusion_review", on),
            _opening(
                envelope, "sixth_day_provision", on, "/sixth-day", la_codes=duty_las
            ),
        ]
    if kind == "managed_move":
        review = _opening(envelope, "managed_move", on, state="outcome_review")
        return [FollowOn("managed_move", "complete", key, on, otherwise=review)]
    if kind == "off_site_direction":
        return [_opening(envelope, "off_site_direction", on)]
    if kind in ("fair_access_placement", "admission"):
        return [
            FollowOn("fair_access", "admitted", key, on),
            FollowOn("missing_education", "admitted_elsewhere", key, on),
            *_full_time_provision(key, on),
        ]
    if kind == "section19_placement":
        hours = (p.get("details") or {}).get("hours_per_week")
        full_time = isinstance(hours, int | float) and hours >= FULL_TIME_HOURS
        met = _full_time_provision(key, on) if full_time else []
        return [_opening(envelope, "section19", on), *met]
    if kind == "part_time_timetable":
        return [_opening(envelope, "part_time_arrangement", on)]
    if kind == "safeguarding_separation":
        duty_las = (home,) if home else _las(p)
        return [_opening(envelope, "separation_education", on, la_codes=duty_las)]
    if kind == "elective_home_education":
        return _home_education(envelope, on)
    if kind == "suspected_off_rolling":
        return [_opening(envelope, "suspected_off_rolling", on)]
    if kind == "suspension":
        return [*_sixth_day_of_suspension(envelope, p), *_board_review(envelope, p)]
    return []


# Findings on a suspension that oblige the board to consider reinstatement.
BOARD_REVIEW_FINDINGS = frozenset(
    {"suspension.term_over_15_days", "suspension.misses_public_examination"}
)


def _board_review(envelope: EventEnvelope, p: dict[str, Any]) -> list[Action]:
    rules = {f["rule"] for f in p.get("findings") or []}
    if not rules & BOARD_REVIEW_FINDINGS:
        return []
    on = date.fromisoformat(p["effective_date"])
    return [_opening(envelope, "suspension_review", on, "/review")]


def _sixth_day_of_suspension(
    envelope: EventEnvelope, p: dict[str, Any]
) -> list[Action]:
    """A run of suspensions passing five school days with this one opens the
    school's duty, counted from the run's first day; later ones in the run don't."""
    details = p.get("details") or {}
    run_days = details.get("suspension_run_days")
    if not run_days or run_days - (p.get("days") or 0) > SIXTH_DAY_AFTER:
        return []
    started = date.fromisoformat(details["suspension_run_started_on"])
    return [_opening(envelope, "suspension_sixth_day", started, "/sixth-day")]


def _full_time_provision(key: str, on: date) -> list[Action]:
    """A school place or full-time s19 provision meets the duties to educate."""
    return [
        FollowOn(case_type, "provided", key, on)
        for case_type in ("sixth_day_provision", "separation_education")
    ]


def _home_education(envelope: EventEnvelope, on: date) -> list[Action]:
    return [
        _opening(envelope, "home_education", on),
        FollowOn("missing_education", "home_educated", envelope.pupil_key, on),
    ]


def _by_ground(envelope: EventEnvelope, p: dict[str, Any], on: date) -> list[Action]:
    if p["movement_type"] != "roll_deletion":
        return []
    ground = p.get("deletion_ground")
    if ground == "elective_home_education":
        return _home_education(envelope, on)
    if (p.get("details") or {}).get("destination_unknown"):
        return [_opening(envelope, "missing_education", on)]
    if ground == UNCONFIRMED_DESTINATION:
        return [_opening(envelope, "missing_education", on, unless_on_roll=True)]
    return []


def _by_findings(envelope: EventEnvelope, p: dict[str, Any], on: date) -> list[Action]:
    breaches = [
        f
        for f in p.get("findings") or []
        if f["severity"] == "breach" and f["rule"].startswith(OFF_ROLLING_FAMILIES)
    ]
    if not breaches:
        return []
    return [_opening(envelope, "suspected_off_rolling", on, "/findings")]


def _review_step(envelope: EventEnvelope) -> list[Action]:
    p = envelope.payload
    key = (p["step"], p.get("outcome"))
    if not p.get("movement_id"):
        return []
    if key in OFF_SITE_STEPS:
        transition, decision = OFF_SITE_STEPS[key]
        on = date.fromisoformat(p["decided_on"])
        return [
            FollowOn(
                "off_site_direction",
                transition,
                envelope.pupil_key,
                on,
                decision,
                source=p["movement_id"],
            )
        ]
    if p["step"] == "representations_made":
        return [
            Opening(
                "suspension_review",
                f"{p['movement_id']}/representations",
                envelope.pupil_key,
                date.fromisoformat(p["decided_on"]),
                p.get("urn"),
                (p["la_code"],) if p.get("la_code") else (),
                state="board_review_on_representations",
            )
        ]
    if p["step"] == "suspension_review_decision":
        on = date.fromisoformat(p["decided_on"])
        return [
            FollowOn("suspension_review", "considered", envelope.pupil_key, on, key[1])
        ]
    if key not in REVIEW_STEPS:
        return []
    return [
        FollowOn(
            "exclusion_review",
            REVIEW_STEPS[key],
            envelope.pupil_key,
            _window_starts(p),
            source=p["movement_id"],
        )
    ]


def _window_starts(p: dict[str, Any]) -> date:
    """A decision given in writing starts the next window when notice counts as
    given (first-class post: the second working day after posting); else on the
    day decided."""
    notice = p.get("notice_given_on")
    if not notice:
        return date.fromisoformat(p["decided_on"])
    given = date.fromisoformat(notice)
    return second_working_day_after(given) if p.get("notice_by_post") else given
