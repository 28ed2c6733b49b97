"""Hypothesis: identifier parsers refuse with InvalidIdentifier or give one ASCII
normal form, whatever text they are given."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from events.errors import InvalidIdentifier
from events.identifiers import UPN, URN, LACode, upn_check_letter


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_upn_in_one_normal_form_or_refused(raw: str) -> None:
    try:
        upn = UPN.parse(raw)
    except InvalidIdentifier:
        return
    assert str(upn).isascii()
    assert UPN.parse(str(upn)) == upn


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=12))
def test_any_text_is_a_urn_or_la_code_or_refused(raw: str) -> None:
    for parse in (URN.parse, LACode.parse):
        try:
            value = parse(raw)
        except InvalidIdentifier:
            continue
        assert str(value).isascii() and str(value).isdigit()


@given(st.integers(min_value=0, max_value=10**9 - 1))
def test_every_generated_upn_of_a_known_la_parses(serial: int) -> None:
    body = f"801{serial:09d}"

    assert (
        str(UPN.parse(upn_check_letter(body) + body)) == upn_check_letter(body) + body
    )
