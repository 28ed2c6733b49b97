"""The school's form as GOV.UK question pages: which questions each movement type
asks, drawn from that type's own rules (`MovementRules`: whether it names a
receiving school, reason codes, days, a ground, and the details its law asks
about), and how the answers become the API's request body, so the form can say
everything the API can and nothing the type does not use."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events.movements import MOVEMENT_TYPES, MovementType, Side
from events.movements.reason_codes import code_list_for
from events.movements.roll_deletion import GROUNDS
from services.documents.words import day_in_words

YES_NO = (("yes", "Yes"), ("no", "No"))


@dataclass(frozen=True)
class Question:
    """One question on a page; `name` is the form field and the API field it
    fills (pupil facts go under `pupil`). A radio answer may reveal more questions."""

    name: str
    kind: str  # text, number, date, radios, checkboxes, reasons, textarea
    label: str
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()
    reveals: tuple[tuple[str, tuple[Question, ...]], ...] = ()
    width: int = 10
    error: str = ""  # the plain message when the request model refuses it
    helper: bool = False  # asked only to reveal others; not an API field

    @property
    def anchor(self) -> str:
        """The id the error summary links to."""
        return {"date": f"{self.name}-day", "reasons": "reason_1"}.get(
            self.kind, self.name
        )

    def revealed_by(self, value: str) -> tuple[Question, ...]:
        return next((qs for v, qs in self.reveals if v == value), ())


@dataclass(frozen=True)
class TypePage:
    movement_type: MovementType
    title: str
    hint: str
    date_label: str
    to_label: str = ""


PAGES = {
    page.movement_type: page
    for page in (
        TypePage(MovementType.SUSPENSION, "A suspension",
                 "The head teacher suspended the pupil for a fixed period.",
                 "First day of the suspension"),
        TypePage(MovementType.PERMANENT_EXCLUSION, "A permanent exclusion",
                 "The head teacher excluded the pupil permanently.",
                 "Date the exclusion took effect"),
        TypePage(MovementType.MANAGED_MOVE, "A managed move",
                 "The pupil moves to another school by agreement.",
                 "Date the pupil starts at the new school", "Receiving school's URN"),
        TypePage(MovementType.OFF_SITE_DIRECTION, "An off-site direction",
                 "The pupil is directed to be educated somewhere else for a time "
                 "(section 29A), still on your roll.",
                 "Date the direction starts",
                 "URN of the school or unit the pupil is directed to, if it has one"),
        TypePage(MovementType.ELECTIVE_HOME_EDUCATION, "Elective home education",
                 "A parent told you in writing they will educate the pupil at home.",
                 "Date the pupil comes off roll"),
        TypePage(MovementType.ROLL_DELETION, "Taking a pupil off roll",
                 "The pupil is deleted from your admission register on one of the "
                 "grounds the regulations allow.",
                 "Date the pupil comes off roll",
                 "URN of the pupil's new school, if you know it"),
        TypePage(MovementType.ADMISSION, "An admission",
                 "The pupil joins your roll.", "First day on your roll"),
        TypePage(MovementType.FAIR_ACCESS_PLACEMENT, "A fair access placement",
                 "The pupil is placed with you under the fair access protocol.",
                 "First day on your roll"),
        TypePage(MovementType.PART_TIME_TIMETABLE, "A part-time timetable",
                 "The pupil attends for less than the full school week for a time.",
                 "Date the timetable starts"),
        TypePage(MovementType.FLEXI_SCHOOLING, "Flexi-schooling",
                 "The head agreed the pupil is educated at home for some sessions.",
                 "Date the arrangement starts"),
        TypePage(MovementType.SAFEGUARDING_SEPARATION, "A safeguarding separation",
                 "The pupil is kept apart from others on site to keep children safe.",
                 "First day of the separation"),
    )
}  # fmt: skip


def yes_no(name: str, label: str, hint: str = "", **more: Any) -> Question:
    return Question(name, "radios", label, hint, YES_NO, **more)


def on_date(name: str, label: str, hint: str = "") -> Question:
    example = "for example 27 3 2026"
    return Question(
        name, "date", label, hint or example.capitalize(),
        error=f"{label} must be a real date, {example}",
    )  # fmt: skip


NOTICE_DATE = on_date("notice_date", "Date the written notice was given")
LA_NOTICE_DATE = on_date(
    "la_notice_date",
    "Date you told the local authority that maintains the EHC plan",
    "Leave blank if you have not told it yet",
)
DESTINATION_KNOWN = yes_no(
    "destination_known",
    "Do you know the pupil's new address or new school?",
    "If not, the local authority opens a missing education case",
)
PART_TIME_REASONS = (
    ("medical", "A medical need"),
    ("reintegration", "Returning to school after an absence or exclusion"),
    ("behaviour", "Behaviour"),
    ("other", "Something else"),
)

# The details a type's law asks about, each as a question (events.movements).
DETAILS: dict[str, Question] = {
    "parental_consent": yes_no(
        "parental_consent", "Did the parents agree to it?",
        "A managed move or part-time timetable needs the parents' agreement"),
    "receiving_agreement": yes_no(
        "receiving_agreement", "Did the receiving school agree to take the pupil?"),
    "trial": yes_no(
        "trial", "Is it a trial placement before the pupil joins the other roll?",
        "A trial is recorded as an off-site direction"),
    "notice_date": yes_no(
        "notice_given", "Have you given the parents written notice of the direction?",
        reveals=(("yes", (NOTICE_DATE,)),), helper=True),
    "end_date": on_date("end_date", "Last day of the arrangement",
                        "Full-time attendance resumes after it. Leave blank if none"),
    "hours_per_week": Question(
        "hours_per_week", "number", "Hours a week the pupil is taught", width=3,
        error="Enter the hours a week as a number, for example 15"),
    "reason_category": Question(
        "reason_category", "radios", "Why a part-time timetable?",
        options=PART_TIME_REASONS),
    "next_review_date": on_date(
        "next_review_date", "Date of the next review with the pupil and parents"),
    "sessions_at_home_per_week": Question(
        "sessions_at_home_per_week", "number",
        "Sessions a week the pupil is educated at home", "A whole number from 1 to 9",
        width=3, error="Enter the sessions a week as a whole number, for example 2"),
    "s47_enquiries": yes_no(
        "s47_enquiries", "Is the child subject to section 47 child protection "
        "enquiries?"),
    "school_attendance_order": yes_no(
        "school_attendance_order",
        "Is the pupil registered with you under a school attendance order?"),
    "misses_public_examination": yes_no(
        "misses_public_examination",
        "Does the pupil miss a public examination or national curriculum test?"),
}  # fmt: skip

FLAGS = (
    ("looked_after", "Looked after by a local authority"),
    ("previously_looked_after", "Previously looked after"),
    ("child_in_need", "A child in need"),
    ("child_protection_plan", "On a child protection plan"),
)
SEN = (("N", "No special educational needs"), ("K", "SEN support"),
       ("E", "An education, health and care (EHC) plan"))  # fmt: skip
PUPIL_FIELDS = frozenset(
    {"upn", "date_of_birth", "year_group", "sen_provision", *(f for f, _ in FLAGS)}
)


def questions_for(kind: MovementType, today: date) -> tuple[Question, ...]:
    """The questions a type asks, in the order a school answers them."""
    rules = MOVEMENT_TYPES[kind]
    page = PAGES[kind]
    asked: list[Question] = [
        Question("upn", "text", "Unique pupil number (UPN)",
                 "13 characters, for example A801200000001", width=20,
                 error="Enter the pupil's unique pupil number (UPN)"),
        on_date("date_of_birth", "Date of birth",
                "Needed if the pupil is new to your school. For example, 14 3 2010"),
        Question("year_group", "text", "Year group", "R, or a number from 1 to 14",
                 width=3, error="Enter the year group as R or a number from 1 to 14"),
        on_date("effective_date", page.date_label),
    ]  # fmt: skip
    if rules.uses_to and rules.acting_side is not Side.TO:
        asked.append(Question("to_urn", "text", page.to_label, "6 digits", width=10))
    if rules.uses_reasons:
        most, codes = code_list_for(today)
        asked.append(
            Question(
                "reason",
                "reasons",
                "Reasons",
                f"Choose up to {most}, the main reason first",
                tuple((code, f"{code}: {text}") for code, text in codes.items()),
                width=most,
            )
        )
    if rules.uses_days:
        asked.append(
            Question(
                "days",
                "number",
                "Length in school days",
                "For example 2, or 0.5 for a lunchtime",
                width=3,
                error="Enter the number of school days as a number, for "
                "example 2 or 0.5",
            )
        )
    if rules.uses_ground and not rules.implied_ground:
        grounds = tuple(
            (g.code, f"{g.meaning} ({g.regulation})")
            for g in sorted(GROUNDS.values(), key=lambda g: g.regulation)
        )
        moved = (("moved_away", (DESTINATION_KNOWN,)),)
        asked.append(
            Question(
                "deletion_ground",
                "radios",
                "Why is the pupil coming off roll?",
                options=grounds,
                reveals=moved,
            )
        )
    order = list(DETAILS)
    # Two details are revealed by other answers: the LA's notice by an EHC plan,
    # whether the destination is known by the moved-away ground.
    details = sorted(rules.details - {"la_notice_date", "destination_known"},
                     key=order.index)  # fmt: skip
    asked += [DETAILS[name] for name in details]
    ehc = (("E", (LA_NOTICE_DATE,)),) if "la_notice_date" in rules.details else ()
    asked += [
        Question("flags", "checkboxes", "Which of these apply to the pupil?",
                 "Select all that apply", FLAGS),
        Question("sen_provision", "radios", "Special educational needs",
                 options=SEN, reveals=ehc),
        Question("notes", "textarea", "Notes (optional)",
                 "Stored encrypted. The local authority and the child's family can "
                 "read them: write nothing you would not show the family.",
                 error="Notes must be 4,000 characters or fewer"),
    ]  # fmt: skip
    return tuple(asked)


def answered(
    questions: tuple[Question, ...], form: dict[str, str]
) -> Iterator[Question]:
    """Every question that counts: top-level ones, and revealed ones whose
    revealing answer was given (a hidden answer is not sent)."""
    for question in questions:
        yield question
        yield from answered(question.revealed_by(form.get(question.name, "")), form)


def all_questions(questions: tuple[Question, ...]) -> Iterator[Question]:
    """Every question, revealed or not."""
    for question in questions:
        yield question
        for _, revealed in question.reveals:
            yield from all_questions(revealed)


def request_body(
    kind: MovementType, form: dict[str, str], school: str, today: date
) -> dict[str, Any]:
    """The API request the answers stand for; blank answers are left out."""
    rules = MOVEMENT_TYPES[kind]
    joining = rules.acting_side is Side.TO
    body: dict[str, Any] = {
        "type": kind.value,
        "pupil": {},
        "from_urn": None if joining else school,
        "to_urn": school if joining else None,
    }
    for question in answered(questions_for(kind, today), form):
        if question.helper:
            continue
        target = body["pupil"] if question.name in PUPIL_FIELDS else body
        if question.kind == "checkboxes":
            target = body["pupil"]
            for flag, _ in question.options:
                if form.get(flag) == "yes":
                    target[flag] = True
            continue
        value = _value(question, form)
        if value is not None:
            target[question.name] = value
    body["pupil"].setdefault("upn", "")
    return {k: v for k, v in body.items() if v is not None}


def _value(question: Question, form: dict[str, str]) -> Any:
    if question.kind == "date":
        parts = [form.get(f"{question.name}-{p}", "").strip()
                 for p in ("year", "month", "day")]  # fmt: skip
        if not any(parts):
            return None
        year, month, day = parts
        return f"{year.zfill(4)}-{month.zfill(2)}-{day.zfill(2)}"
    if question.kind == "reasons":
        codes = [form.get(f"reason_{n}", "").strip() for n in range(1, 4)]
        return [c for c in codes if c] or None
    raw = form.get(question.name, "").strip()
    if question.options == YES_NO:
        return {"yes": True, "no": False}.get(raw)
    return raw or None


@dataclass(frozen=True)
class Answer:
    label: str
    text: str
    anchor: str = field(default="")


def answers(
    kind: MovementType,
    form: dict[str, str],
    today: date,
    school_name: Callable[[str], str | None],
) -> list[Answer]:
    """What was answered, in words, for the check-your-answers page (a school
    by its name as well as its URN, so a mistyped URN shows)."""
    shown: list[Answer] = [Answer("What happened", PAGES[kind].title, "")]
    for question in answered(questions_for(kind, today), form):
        text = _in_words(question, form)
        if question.name == "to_urn" and text:
            text = f"{school_name(text)} ({text})"
        if text:
            shown.append(Answer(question.label, text, question.anchor))
    return shown


def _in_words(question: Question, form: dict[str, str]) -> str:
    labels = dict(question.options)
    if question.kind == "checkboxes":
        ticked = [text for flag, text in question.options if form.get(flag) == "yes"]
        return ", ".join(ticked) or "None of these"
    if question.kind == "reasons":
        codes = _value(question, form) or []
        return "; ".join(labels.get(c, c) for c in codes)
    value = _value(question, form)
    if value is None or value == "":
        return ""
    if question.kind == "date":
        return day_in_words(value, blank=str(value))
    if question.options:
        return labels.get(str(form.get(question.name)), str(value))
    return str(value)
