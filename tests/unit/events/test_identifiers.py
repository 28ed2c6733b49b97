"""UPN, URN, LA code and LAESTAB refuse bad input with a named rule."""

from __future__ import annotations

import random

import pytest

from events.errors import InvalidIdentifier
from events.identifiers import (
    ENGLISH_LA_CODES,
    LAESTAB,
    UPN,
    UPN_ALPHABET,
    URN,
    LACode,
    upn_check_letter,
)


def refused(parse, raw: str) -> str:
    with pytest.raises(InvalidIdentifier) as error:
        parse(raw)
    return error.value.rule


def test_the_dfe_worked_examples_hold():
    assert str(UPN.parse("B801200005001")) == "B801200005001"
    assert refused(UPN.parse, "A801200005001") == "upn_check_letter"
    assert UPN.parse("A80120000501A").is_temporary


def test_a_upn_is_normalised_to_upper_case_without_spaces():
    assert UPN.parse(" b801200005001 ").value == "B801200005001"


@pytest.mark.parametrize("raw", ["B80120000500", "B8012000050011", "B8012000X5001", ""])
def test_a_upn_of_the_wrong_shape_is_refused(raw):
    assert refused(UPN.parse, raw) == "upn_format"


@pytest.mark.parametrize("letter", ["I", "O", "S"])
def test_i_o_and_s_are_never_upn_letters(letter):
    assert refused(UPN.parse, letter + "801200005001") == "upn_format"
    assert refused(UPN.parse, "A8012000050" + "1" + letter) == "upn_format"


def test_a_upn_must_start_with_a_known_la_code():
    body = "999200005001"
    assert refused(UPN.parse, upn_check_letter(body) + body) == "upn_la_code"


@pytest.mark.parametrize("la", ["001", "005", "701", "702", "708"])
def test_a_upn_with_a_pseudo_la_code_dfe_accepts_is_accepted(la):
    # Census and CIN validation rule 1530: 001-005 and 701-708 (702: Service
    # Children's Education abroad)
    body = f"{la}200005001"
    assert UPN.parse(upn_check_letter(body) + body).la_code == la


@pytest.mark.parametrize("la", ["000", "006", "700", "709"])
def test_codes_either_side_of_the_pseudo_ranges_are_refused(la):
    body = f"{la}200005001"
    assert refused(UPN.parse, upn_check_letter(body) + body) == "upn_la_code"


def test_a_upn_allocated_in_wales_is_accepted():
    body = "660200005001"
    assert UPN.parse(upn_check_letter(body) + body).la_code == "660"


def test_every_body_has_exactly_one_valid_check_letter():
    rng = random.Random(7)
    for _ in range(300):
        la = rng.choice(sorted(ENGLISH_LA_CODES))
        tail = "".join(rng.choices("0123456789", k=8))
        last = rng.choice("0123456789" + UPN_ALPHABET)
        body = la + tail + last
        good = upn_check_letter(body)
        assert UPN.parse(good + body).value == good + body
        for other in set(UPN_ALPHABET) - {good}:
            assert refused(UPN.parse, other + body) == "upn_check_letter"
            break


def test_the_field_name_is_the_callers():
    with pytest.raises(InvalidIdentifier) as error:
        UPN.parse("nonsense", field="pupil.upn")
    assert error.value.field == "pupil.upn"


@pytest.mark.parametrize("raw", ["12345", "1234567", "12a456", ""])
def test_a_urn_is_six_digits(raw):
    assert refused(URN.parse, raw) == "urn_format"


def test_a_urn_is_kept_as_text():
    assert str(URN.parse("100001")) == "100001"


def test_la_codes_must_be_english_and_known():
    assert LACode.parse("801").name.startswith("Bristol")
    assert refused(LACode.parse, "999") == "la_code_unknown"
    assert refused(LACode.parse, "660") == "la_code_unknown"  # Wales
    assert refused(LACode.parse, "80") == "la_code_format"


@pytest.mark.parametrize(
    "code", ["838", "839", "940", "941", "942", "943", "909", "928"]
)
def test_new_and_legacy_la_codes_are_known(code):
    assert str(LACode.parse(code)) == code


def test_laestab_is_la_code_plus_establishment_number():
    assert LAESTAB.parse("8014001").la_code == "801"
    assert LAESTAB.parse("801/4001").value == "8014001"
    assert refused(LAESTAB.parse, "801400") == "laestab_format"
    assert refused(LAESTAB.parse, "9994001") == "la_code_unknown"


def full_width(text: str) -> str:
    """ASCII letters and digits as their full-width forms (U+FF01 block)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


def test_a_full_width_upn_is_the_same_upn_as_the_ascii_one():
    wide = "H" + full_width("801200001001")  # "H" then U+FF18, U+FF10, ...
    assert wide != "H801200001001"
    assert UPN.parse(wide) == UPN.parse("H801200001001")
    assert UPN.parse(wide).value.isascii()
    assert UPN.parse(full_width("h801200001001")).value == "H801200001001"


def test_arabic_indic_digits_in_a_urn_are_normalised():
    arabic_indic = "".join(chr(0x0660 + int(d)) for d in "100001")
    assert URN.parse(arabic_indic) == URN.parse("100001")
    assert str(URN.parse("\u0661\u0660\u0660\u0660\u0660\u0661")) == "100001"


def test_every_parser_folds_unicode_digits_to_ascii():
    assert str(LACode.parse(full_width("801"))) == "801"
    wide_laestab = full_width("801") + "\uff0f" + full_width("4001")  # full-width /
    assert LAESTAB.parse(wide_laestab).value == "8014001"
    devanagari = "".join(chr(0x0966 + int(d)) for d in "100001")
    assert str(URN.parse(devanagari)) == "100001"


@pytest.mark.parametrize(
    ("parse", "raw"),
    [
        (UPN.parse, "H80120000100\u00e9"),  # é: a letter, not a digit
        (UPN.parse, "H801200001\u200b001"),  # zero-width space
        (URN.parse, "1000\u043e1"),  # Cyrillic o, looks like a zero
        (LACode.parse, "8\u03a90"),  # Greek capital omega
        (LAESTAB.parse, "801\u20134001"),  # en dash
    ],
)
def test_non_ascii_that_is_not_a_digit_is_refused(parse, raw):
    with pytest.raises(InvalidIdentifier) as error:
        parse(raw, field="the_field")
    assert error.value.rule == "identifier_ascii"
    assert error.value.field == "the_field"
    assert raw not in str(error.value)  # the raw text (personal data) is not echoed


@pytest.mark.parametrize("la", ["875", "820", "835", "836", "837", "909", "928"])
def test_a_upn_issued_by_a_legacy_la_is_accepted(la):
    body = la + "200001001"
    upn = UPN.parse(upn_check_letter(body) + body)
    assert upn.la_code == la


def test_cheshire_before_2009_is_a_known_la():
    assert LACode.parse("875").name.startswith("Cheshire")
