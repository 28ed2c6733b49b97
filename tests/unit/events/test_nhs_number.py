"""The NHS number's modulus 11 check (NHS Data Dictionary)."""

from __future__ import annotations

import pytest

from events.errors import InvalidIdentifier
from events.nhs_number import NHSNumber, check_digit

FULL_WIDTH = "".join(chr(0xFF10 + int(d)) for d in "4010232137")  # as typed in CJK


@pytest.mark.parametrize("raw", ["9434765919", "943 476 5919", "943-476-5919",
                                 " 4010232137 ", FULL_WIDTH])  # fmt: skip
def test_valid_numbers_are_normalised(raw: str) -> None:
    parsed = str(NHSNumber.parse(raw))
    assert parsed.isascii() and parsed.isdigit() and len(parsed) == 10


@pytest.mark.parametrize(
    ("raw", "rule"),
    [("9434765918", "nhs_number_check_digit"), ("943476591", "nhs_number_format"),
     ("94347659190", "nhs_number_format"), ("94347659l9", "nhs_number_format")],
)  # fmt: skip
def test_invalid_numbers_are_refused_naming_the_rule(raw: str, rule: str) -> None:
    with pytest.raises(InvalidIdentifier) as refused:
        NHSNumber.parse(raw)
    assert refused.value.rule == rule and refused.value.field == "pupil.nhs_number"
    assert raw not in refused.value.message  # personal data is never echoed


def test_a_sum_giving_ten_has_no_valid_check_digit() -> None:
    # 1,0,0,0,0,0,0,0,1: 10 + 2 = 12, remainder 1, 11 - 1 = 10: no number is valid
    assert check_digit("100000001") is None
    assert check_digit("943476591") == 9  # 299: remainder 2, 11 - 2
    assert check_digit("000000000") == 0  # 11 gives 0
