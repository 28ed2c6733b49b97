"""Census reason codes: 1-3 from the 2020/21 list; before it, one from the old list."""

from __future__ import annotations

from datetime import date

import pytest

from events.errors import ReasonCodeInvalid
from events.movements.reason_codes import check_reasons, code_list_for

FROM_2020 = date(2020, 9, 1)
BEFORE_2020 = date(2020, 8, 31)
# fmt: off
CODES_2020 = [  # codes.md, in census order
    "PP", "PA", "VP", "VA", "OW", "BU", "RA", "LG",
    "DS", "SM", "DA", "DM", "TH", "DB", "MT", "PH",
]
CODES_BEFORE_2020 = [
    "PP", "PA", "VP", "VA", "BU", "RA", "SM", "DA", "DM", "TH", "DB", "OT",
]
# fmt: on


@pytest.mark.parametrize("code", CODES_2020)
def test_every_2020_census_reason_code_is_accepted(code: str) -> None:
    check_reasons((code,), FROM_2020)


@pytest.mark.parametrize("reasons", [("PA",), ("PA", "DB"), ("PA", "DB", "MT")])
def test_one_to_three_reasons_are_accepted_from_2020_21(
    reasons: tuple[str, ...],
) -> None:
    check_reasons(reasons, FROM_2020)


def test_more_than_three_reasons_are_refused() -> None:
    with pytest.raises(ReasonCodeInvalid) as refused:
        check_reasons(("PA", "DB", "MT", "TH"), FROM_2020)

    assert (refused.value.field, refused.value.rule) == ("reason", "reason_too_many")


def test_no_reason_is_refused() -> None:
    with pytest.raises(ReasonCodeInvalid) as refused:
        check_reasons((), FROM_2020)

    assert (refused.value.field, refused.value.rule) == ("reason", "reason_required")


def test_a_repeated_reason_is_refused() -> None:
    with pytest.raises(ReasonCodeInvalid) as refused:
        check_reasons(("DB", "DB"), FROM_2020)

    assert (refused.value.field, refused.value.rule) == ("reason", "reason_repeated")


@pytest.mark.parametrize("code", ["XX", "db", "", "OT"])
def test_a_code_not_on_the_2020_list_is_refused(code: str) -> None:
    with pytest.raises(ReasonCodeInvalid) as refused:
        check_reasons((code,), FROM_2020)

    assert (refused.value.field, refused.value.rule) == (
        "reason",
        "reason_code_unknown",
    )


@pytest.mark.parametrize("code", CODES_BEFORE_2020)
def test_one_reason_from_the_pre_2020_list_is_accepted(code: str) -> None:
    check_reasons((code,), BEFORE_2020)


def test_more_than_one_reason_before_2020_21_is_refused() -> None:
    with pytest.raises(ReasonCodeInvalid) as refused:
        check_reasons(("PA", "DB"), BEFORE_2020)

    assert (refused.value.field, refused.value.rule) == ("reason", "reason_too_many")


@pytest.mark.parametrize("code", ["OW", "LG", "DS", "MT", "PH"])
def test_a_2020_code_before_2020_21_is_refused(code: str) -> None:
    with pytest.raises(ReasonCodeInvalid) as refused:
        check_reasons((code,), BEFORE_2020)

    assert (refused.value.field, refused.value.rule) == (
        "reason",
        "reason_code_unknown",
    )


def test_the_code_list_follows_the_academic_year_of_the_date() -> None:
    assert (code_list_for(BEFORE_2020)[0], code_list_for(FROM_2020)[0]) == (1, 3)
