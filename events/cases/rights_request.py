"""A family's request about the child's record: to correct it (UK GDPR art 16), to
restrict its use (art 18) or to object to it (art 21), made on the family's page
and answered by the controller (the LA that works the child's record) within one
month of receipt (art 12(3)). The two further months art 12(3) allows for complex
or numerous requests run from receipt, not from any state of this case, so they
are not modelled: the one-month deadline stands, and an extension is a decision
the LA records in its own correspondence.

What is corrected is then corrected through the register's own correction path,
and a restriction or objection upheld is recorded as a processing limit; this case
is the controller's record of the request and its answer.
"""

from __future__ import annotations

from events.cases.definition import LA_ONLY, CaseType, Deadline, Transition

ARTICLE_12 = "UK GDPR art 12(3): without undue delay and within one month of receipt"
KINDS = {
    "correction": "UK GDPR art 16",
    "restriction": "UK GDPR art 18",
    "objection": "UK GDPR art 21",
}

CASE_TYPE = CaseType(
    name="rights_request",
    summary="A request from the family to correct the record, restrict its use or "
    "object to it, until the controller answers.",
    initial_state="received",
    terminal_states=frozenset({"answered"}),
    transitions=(
        Transition(
            "answered",
            frozenset({"received"}),
            "answered",
            LA_ONLY,
            frozenset(
                {"corrected", "restricted", "objection_upheld", "refused_with_reasons"}
            ),
        ),
    ),
    deadlines=(Deadline("answer", "received", 0, ARTICLE_12, calendar_months=1),),
)
