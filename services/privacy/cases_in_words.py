"""A child's cases as a family reads them: what each is about and where it stands,
without the register's state names ("duty open", "deregistered")."""

from __future__ import annotations

from typing import Any

from events.cases import CASE_TYPES
from services.documents.words import day_in_words

NOW = {
    "duty_open": "education has to be arranged for your child",
    "provided": "full-time education has been arranged",
    "not_needed": "no longer needed",
    "returned": "your child went back to school",
    "deregistered": "your child was taken off the school roll for home education",
    "enquiry": "the local authority is asking about your child's education",
    "suitable": "the local authority found the home education suitable",
    "school_attendance_order": "the local authority made a school attendance order",
    "governors_review": "the governors are considering the exclusion",
    "review_window": "you can ask for an independent review",
    "independent_review": "an independent review panel is considering it",
    "reconsideration": "the governors are considering it again",
    "reinstated": "your child was taken back",
    "concluded": "finished",
    "board_review": "the governors are considering the suspensions",
    "in_place": "a part-time timetable is in place",
    "ended": "ended",
    "proposed": "proposed, waiting for your agreement",
    "consented": "you agreed; waiting for the new school",
    "agreed": "the new school agreed",
    "approved": "approved",
    "outcome_review": "the move is being reviewed",
    "reviewed": "the move was reviewed",
    "abandoned": "not going ahead",
    "directed": "your child was directed to education elsewhere",
    "review_requested": "a review of the direction was asked for",
    "referred": "referred for a school place",
    "allocated": "a school place was allocated",
    "escalated": "passed to the local authority to decide",
    "admitted": "your child was admitted to a school",
    "withdrawn": "withdrawn",
    "arranged": "education is arranged by the local authority",
    "open": "the local authority is looking for your child's school",
    "enquiring": "the local authority is making enquiries",
    "in_education": "your child is in education",
    "located_not_in_education": "your child was found; education is being arranged",
    "handed_to_another_la": "passed to the local authority where your child lives",
    "left_england": "your child left England",
    "died": "closed",
    "found": "your child was found",
    "reported": "reported to the local authority",
    "investigating": "the local authority is looking into it",
    "received": "received; the local authority must answer within one month",
    "answered": "answered",
    "information_owed": "the local authority is waiting for the information the law "
    "asks parents to give about your child's education",
    "information_held": "the local authority holds the information it needs",
    "update_requested": "the local authority has asked you for an update",
    "provider_information_requested": "the local authority has asked a provider of "
    "your child's education for information",
    "school_attendance_order_route": "the local authority has served notice that it "
    "may make a school attendance order",
    "left_register": "your child is no longer on the register of children not in "
    "school",
    "one_child": "the local authority found both records are your child's",
    "two_children": "the local authority found the records are two children",
}


def cases_in_words(cases: list[dict[str, Any]]) -> list[str]:
    """One sentence per case: what it is, when it began, where it stands."""
    said = []
    for case in cases:
        kind = CASE_TYPES.get(case["case_type"])
        about = kind.summary if kind else case["case_type"].replace("_", " ")
        now = NOW.get(case["state"], case["state"].replace("_", " "))
        said.append(f"{about} Opened {day_in_words(case['opened_on'])}: {now}.")
    return said
