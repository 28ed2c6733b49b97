"""The Case aggregate and every case type's transition map and deadlines."""

from __future__ import annotations

from collections import deque
from datetime import date

import pytest

from events.cases import CASE_TYPES
from events.cases.case import Case
from events.cases.definition import CaseType, Deadline
from events.errors import InvalidDate, RecorderNotPermitted, TransitionNotAllowed

TODAY = date(2026, 11, 27)
ADMIN = {"kind": "admin", "urn": None, "la_code": None}
SCHOOL = {"kind": "school", "urn": "100001", "la_code": None}
OTHER_SCHOOL = {"kind": "school", "urn": "100002", "la_code": None}
LA = {"kind": "la", "urn": None, "la_code": "801"}
OTHER_LA = {"kind": "la", "urn": None, "la_code": "202"}


def a_case(case_type: str, state: str | None = None) -> Case:
    return Case(
        case_type=case_type,
        pupil_key="pk_case",
        state=state or CASE_TYPES[case_type].initial_state,
        opened_on=date(2026, 11, 2),
        school_urn="100001",
        la_codes=["801"],
        source="m-1",
        opened_by=ADMIN,
    )


def path_to(case_type: CaseType, goal: str) -> list[tuple[str, str | None]]:
    """The shortest list of (transition, decision) from the initial state to goal."""
    seen, todo = {case_type.initial_state}, deque([(case_type.initial_state, [])])
    while todo:
        state, path = todo.popleft()
        if state == goal:
            return path
        for name in case_type.allowed_from(state):
            move = case_type.transition(name)
            assert move is not None
            target = move.to_state
            decision = min(move.decisions) if move.decisions else None
            if target not in seen:
                seen.add(target)
                todo.append((target, [*path, (name, decision)]))
    raise AssertionError(f"{goal} unreachable in {case_type.name}")


@pytest.mark.parametrize(
    ("case_type", "terminal"),
    [
        (c.name, t)
        for c in CASE_TYPES.values()
        for t in sorted(c.terminal_states - c.retired_states)
    ],
)
def test_every_terminal_state_is_reachable_and_then_closed(
    case_type: str, terminal: str
) -> None:
    case = a_case(case_type)
    for name, decision in path_to(CASE_TYPES[case_type], terminal):
        case.transition(CASE_TYPES[case_type], name, ADMIN, TODAY, TODAY, decision)

    assert case.state == terminal
    assert CASE_TYPES[case_type].allowed_from(terminal) == []


def test_a_retired_state_is_still_closed_and_no_longer_reached() -> None:
    for case_type in CASE_TYPES.values():
        assert case_type.retired_states <= case_type.terminal_states
        reached = {t.to_state for t in (*case_type.transitions, *case_type.any_open)}
        assert not case_type.retired_states & reached, case_type.name


def test_a_missing_child_is_enquired_about_located_and_educated() -> None:
    cme = CASE_TYPES["missing_education"]
    case = a_case("missing_education")
    for name, decision in (
        ("enquiries_made", None),
        ("located_not_in_education", None),
        ("education_arranged", "school_attendance_order"),
    ):
        case.transition(cme, name, LA, TODAY, TODAY, decision)
    assert case.state == "in_education" and cme.allowed_from(case.state) == []
    died = a_case("missing_education")
    died.transition(cme, "died", LA, TODAY, TODAY)
    assert died.state == "died"  # not "found"


def test_an_illegal_transition_names_the_state_and_the_allowed_ones() -> None:
    case = a_case("managed_move")

    with pytest.raises(TransitionNotAllowed) as refused:
        case.transition(CASE_TYPES["managed_move"], "approve", LA, TODAY, TODAY)

    assert refused.value.state == "proposed"
    assert refused.value.allowed == ["parents_consent", "abandon"]


@pytest.mark.parametrize("actor", [OTHER_SCHOOL, OTHER_LA])
def test_only_the_cases_school_and_las_act_on_it(actor: dict[str, str | None]) -> None:
    case = a_case("managed_move")

    with pytest.raises(RecorderNotPermitted):
        case.transition(
            CASE_TYPES["managed_move"], "parents_consent", actor, TODAY, TODAY
        )


def test_a_school_may_not_make_a_panels_transition() -> None:
    case = a_case("exclusion_review", "independent_review")

    with pytest.raises(RecorderNotPermitted):
        case.transition(
            CASE_TYPES["exclusion_review"], "panel_upheld", SCHOOL, TODAY, TODAY
        )


def test_a_decision_must_be_one_the_transition_allows() -> None:
    case = a_case("suspected_off_rolling", "investigating")

    with pytest.raises(Exception, match="decision is one of"):
        case.transition(
            CASE_TYPES["suspected_off_rolling"], "conclude", LA, TODAY, TODAY, "guilty"
        )


def test_a_decision_is_not_recorded_ahead_or_before_the_state_began() -> None:
    case = a_case("managed_move")
    managed = CASE_TYPES["managed_move"]

    with pytest.raises(InvalidDate):
        case.transition(managed, "parents_consent", SCHOOL, date(2026, 11, 28), TODAY)
    with pytest.raises(InvalidDate):
        case.transition(managed, "parents_consent", SCHOOL, date(2026, 11, 1), TODAY)


def test_the_register_moves_a_case_on_even_from_a_late_record() -> None:
    case = a_case("fair_access")
    register = {"kind": "register", "urn": None, "la_code": None}

    case.transition(
        CASE_TYPES["fair_access"], "admitted", register, date(2026, 10, 1), TODAY
    )

    assert (case.state, case.state_since) == ("admitted", date(2026, 11, 2))


@pytest.mark.parametrize(
    ("since", "days", "due"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday -> Monday
        (date(2026, 11, 16), 15, date(2026, 12, 7)),
        (date(2026, 12, 22), 1, date(2027, 1, 4)),  # over the Christmas closure
    ],
)
def test_deadlines_count_school_days(since: date, days: int, due: date) -> None:
    deadline = Deadline("d", "s", days, "source")

    assert deadline.due(since) == due


def test_the_next_deadline_is_the_one_running_in_the_state() -> None:
    review = CASE_TYPES["exclusion_review"]

    running = review.next_deadline("review_window", date(2026, 11, 16))

    assert running is not None
    assert (running[0].name, running[1]) == ("parents_review_window", date(2026, 12, 7))
    assert review.next_deadline("concluded", date(2026, 11, 16)) is None


def test_case_ids_come_from_what_opened_them() -> None:
    assert a_case("exclusion_review").id == Case.create_id("exclusion_review", "m-1")
    assert Case.create_id("exclusion_review", "m-1") != Case.create_id(
        "sixth_day_provision", "m-1"
    )
