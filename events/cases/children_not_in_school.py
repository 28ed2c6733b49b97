"""The LA's duties to a child on its register of children not in school (Education
Act 1996 ss436C-436I, inserted by the Children's Wellbeing and Schools Act 2026 s38;
not yet commenced, `cwsa_2026_s38_cnis_register`). Opened when the log puts a child
on the register (events/cnis/eligibility.py), closed when the log takes them off.

- s436D: the parent gives the s436C information when the child becomes eligible and
  tells the LA of changes; the LA may ask for updates at most every 3 months
  (events/cnis/update_requests.py).
- s436E: providers above the prescribed time give information when asked.
- s436G: the LA offers support; the home learning environment is considered.
- s436H-436I: information not given can start the school attendance order route.

Every deadline here awaits regulations: each is marked unverified and cites where
its figure comes from. The information itself is personal data held only in the
vault; the case records that it was given, never what it says."""

from __future__ import annotations

from events.cases.definition import LA_ONLY, REGISTER, CaseType, Deadline, Transition
from events.cnis.update_requests import SOONER, WITHIN

REPORTED_15_DAYS = (
    "s436D: 15 days reported for the Bill as introduced (CYP Now); the enacted "
    "period awaits regulations"
)
PROVIDER = "s436E: the period awaits regulations; the register's placeholder"
NOTICE = (
    "s436I (replacing s437 for registered children): the s437(1) notice gave not "
    "less than 15 days; the new period is unverified"
)
HELD = "information_held"
OWED = "information_owed"

# fmt: off
CASE_TYPE = CaseType(
    name="children_not_in_school",
    summary="A child on the LA's register of children not in school: the "
    "information the parents owe and give, updates, providers, support, and the "
    "school attendance order route.",
    initial_state=OWED,
    terminal_states=frozenset({"left_register"}),
    transitions=(
        Transition("parent_information_supplied",
                   frozenset({OWED, "school_attendance_order_route"}), HELD, LA_ONLY),
        Transition("change_notified", frozenset({HELD}), HELD, LA_ONLY),
        Transition("update_requested", frozenset({HELD}), "update_requested",
                   LA_ONLY, frozenset({WITHIN, SOONER})),
        Transition("update_received", frozenset({"update_requested"}), HELD, LA_ONLY),
        Transition("provider_information_requested", frozenset({HELD}),
                   "provider_information_requested", LA_ONLY),
        Transition("provider_information_received",
                   frozenset({"provider_information_requested"}), HELD, LA_ONLY),
        Transition("support_offered", frozenset({OWED, HELD}), HELD, LA_ONLY),
        Transition("home_learning_considered", frozenset({HELD}), HELD, LA_ONLY),
        Transition("attendance_order_notice_served",
                   frozenset({OWED, "update_requested"}),
                   "school_attendance_order_route", LA_ONLY),
    ),
    any_open=(
        Transition(
            "left_register",
            frozenset(),
            "left_register",
            REGISTER | LA_ONLY,
            frozenset({"registered_full_time", "moved_out_of_area",
                       "past_compulsory_school_age", "died"}),
        ),
    ),
    deadlines=(
        Deadline("parent_information", OWED, 0, REPORTED_15_DAYS, verified=False,
                 calendar_days=15),
        Deadline("parent_update", "update_requested", 0, REPORTED_15_DAYS,
                 verified=False, calendar_days=15),
        Deadline("provider_information", "provider_information_requested", 0,
                 PROVIDER, verified=False, calendar_days=15),
        Deadline("attendance_order_notice", "school_attendance_order_route", 0,
                 NOTICE, verified=False, calendar_days=15),
    ),
)
# fmt: on
