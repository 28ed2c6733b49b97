"""Which recorded facts open which cases, and which move them on."""

from __future__ import annotations

from typing import Any

from events.cases.opening import FollowOn, Opening, actions_for
from events.envelope import EventEnvelope


def movement(movement_type: str, **payload: Any) -> EventEnvelope:
    fields = {
        "movement_id": "m-1",
        "movement_type": movement_type,
        "effective_date": "2026-11-16",
        "from_urn": "100001",
        "from_la": "801",
        "to_urn": None,
        "to_la": None,
        "details": {},
        "findings": [],
        **payload,
    }
    return EventEnvelope(
        "e", "movement_recorded", 2, "pk", "100001", "801", "2026-11-16",
        "2026-11-16T10:00:00+00:00", 1, "o", 1, fields,
    )  # fmt: skip


def kinds(envelope: EventEnvelope) -> list[tuple[str, str]]:
    return [
        ("open" if isinstance(a, Opening) else a.transition, a.case_type)
        for a in actions_for(envelope)
    ]


def test_a_permanent_exclusion_opens_a_review_and_the_home_las_sixth_day_duty():
    actions = actions_for(movement("permanent_exclusion", details={"home_la": "330"}))

    review, duty = actions
    assert isinstance(review, Opening) and isinstance(duty, Opening)
    assert (review.case_type, review.la_codes) == ("exclusion_review", ("801", "330"))
    assert (duty.case_type, duty.la_codes) == ("sixth_day_provision", ("330",))
    assert review.source != duty.source


def test_an_admission_closes_what_it_answers():
    assert kinds(movement("admission")) == [
        ("admitted", "fair_access"),
        ("admitted_elsewhere", "missing_education"),
        ("provided", "sixth_day_provision"),
        ("provided", "separation_education"),
    ]


def test_a_managed_move_completes_a_proposal_or_opens_its_outcome_review():
    follow, registered = actions_for(
        movement("managed_move", to_urn="100002", to_la="801")
    )

    assert isinstance(follow, FollowOn) and follow.transition == "complete"
    # Full-time registration takes the child off any register of children not in
    # school: the duties case, if one is open, is closed.
    assert isinstance(registered, FollowOn)
    assert (registered.case_type, registered.transition, registered.decision) == (
        "children_not_in_school",
        "left_register",
        "registered_full_time",
    )
    assert follow.otherwise is not None
    assert follow.otherwise.state == "outcome_review"


def test_deletions_to_nowhere_known_open_missing_education():
    lost = movement(
        "roll_deletion",
        deletion_ground="continuous_absence_not_located",
        details={"destination_unknown": True},
    )
    elsewhere = movement("roll_deletion", deletion_ground="registered_elsewhere")
    moved = movement("roll_deletion", deletion_ground="moved_away")

    assert kinds(lost) == [("open", "missing_education")]
    (unconfirmed,) = actions_for(elsewhere)
    assert isinstance(unconfirmed, Opening) and unconfirmed.unless_on_roll
    assert actions_for(moved) == []


def test_a_deletion_breach_opens_an_off_rolling_case_and_a_suspension_breach_does_not():
    breach = {"rule": "exclusion.deleted_before_review_concluded", "severity": "breach"}
    cap = {"rule": "suspension.year_limit_45_days", "severity": "breach"}

    deleted = movement(
        "roll_deletion", deletion_ground="permanently_excluded", findings=[breach]
    )
    suspended = movement("suspension", findings=[cap])

    assert ("open", "suspected_off_rolling") in kinds(deleted)
    assert actions_for(suspended) == []


def test_review_steps_move_the_exclusions_own_case():
    step = EventEnvelope(
        "e", "step_recorded", 1, "pk", "100001", "801", None,
        "2026-11-20T10:00:00+00:00", 2, "o", 2,
        {"step": "governors_decision", "outcome": "upheld", "movement_id": "m-1",
         "decided_on": "2026-11-20"},
    )  # fmt: skip

    (follow,) = actions_for(step)

    assert isinstance(follow, FollowOn)
    assert (follow.case_type, follow.transition, follow.source) == (
        "exclusion_review",
        "governors_uphold",
        "m-1",
    )


def _step(**payload: Any) -> EventEnvelope:
    return EventEnvelope(
        "e", "step_recorded", 2, "pk", "100001", "801", None,
        "2026-11-20T10:00:00+00:00", 2, "o", 2, {"movement_id": "m-1", **payload},
    )  # fmt: skip


def test_the_review_window_starts_when_notice_of_the_decision_counts_as_given():
    decided = {"step": "governors_decision", "outcome": "upheld"}
    same_day = _step(**decided, decided_on="2026-11-20", notice_given_on="2026-11-20")
    posted = _step(
        **decided,
        decided_on="2026-11-19",
        notice_given_on="2026-11-19",
        notice_by_post=True,
    )  # Thursday: deemed given on Monday
    unrecorded = _step(**decided, decided_on="2026-11-18")

    assert [str(a.decided_on) for a in actions_for(same_day)] == ["2026-11-20"]
    assert [str(a.decided_on) for a in actions_for(posted)] == ["2026-11-23"]
    assert [str(a.decided_on) for a in actions_for(unrecorded)] == ["2026-11-18"]


def test_off_site_review_steps_move_the_directions_case():
    asked = _step(step="off_site_review_requested", decided_on="2026-11-20")
    ended = _step(step="off_site_review", outcome="end", decided_on="2026-11-27")

    assert [(a.case_type, a.transition) for a in actions_for(asked)] == [
        ("off_site_direction", "review_requested")
    ]
    (end,) = actions_for(ended)
    assert isinstance(end, FollowOn) and (end.transition, end.decision) == (
        "end",
        "returned",
    )


def test_only_full_time_s19_provision_meets_the_sixth_day_duty():
    def placement(hours: float | None) -> list[tuple[str, str]]:
        details = {} if hours is None else {"hours_per_week": hours}
        return kinds(movement("section19_placement", details=details))

    met = ("provided", "sixth_day_provision")
    assert met in placement(25)
    assert met not in placement(15)
    assert met not in placement(None)


def test_a_run_of_suspensions_past_five_days_opens_the_schools_duty_once():
    def suspension(days: float, run_days: float | None) -> list[Any]:
        details = (
            {}
            if run_days is None
            else {
                "suspension_run_days": run_days,
                "suspension_run_started_on": "2026-11-02",
            }
        )
        return actions_for(movement("suspension", days=days, details=details))

    (duty,) = suspension(3, 6)
    assert isinstance(duty, Opening)
    assert (duty.case_type, duty.school_urn, str(duty.opened_on)) == (
        "suspension_sixth_day",
        "100001",
        "2026-11-02",
    )
    assert suspension(2, 8) == []  # the run had already passed five days
    assert suspension(3, None) == []


def test_a_child_put_on_the_register_opens_the_duties_case_for_the_home_la():
    home = movement("elective_home_education", details={"home_la": "202"})
    (duties,) = [
        a
        for a in actions_for(home)
        if getattr(a, "case_type", "") == "children_not_in_school"
    ]
    assert isinstance(duties, Opening) and duties.la_codes == ("202",)
    lost = movement("roll_deletion", deletion_ground="moved_away",
                    details={"destination_unknown": True})  # fmt: skip
    assert all(getattr(a, "case_type", "") != "children_not_in_school"
               for a in actions_for(lost))  # fmt: skip
