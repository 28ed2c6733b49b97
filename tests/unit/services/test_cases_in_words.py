"""A family's view of casework names no state code."""

from __future__ import annotations

from events.cases import CASE_TYPES
from services.privacy.cases_in_words import NOW, cases_in_words


def test_every_state_of_every_case_type_has_family_words() -> None:
    states = {
        state
        for c in CASE_TYPES.values()
        for state in (c.initial_state, *c.terminal_states,
                      *(t.to_state for t in (*c.transitions, *c.any_open)))
    }  # fmt: skip
    assert states - set(NOW) == set()


def test_a_sixth_day_duty_reads_as_what_must_happen() -> None:
    case = {"case_type": "sixth_day_provision", "state": "duty_open",
            "opened_on": "2026-11-16"}  # fmt: skip
    (said,) = cases_in_words([case])
    assert said.endswith("Opened 16 November 2026: education has to be arranged "
                         "for your child.")  # fmt: skip
    assert "duty_open" not in said and "duty open" not in said
