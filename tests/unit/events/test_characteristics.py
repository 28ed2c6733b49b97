"""Pupil characteristics in census codes: year groups, SEN provision, flags."""

from __future__ import annotations

import pytest

from events.characteristics import FLAGS, characteristics, year_group_code
from events.errors import MovementRuleViolation


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("N1", "N1"),
        ("N2", "N2"),
        ("R", "R"),
        ("r", "R"),
        ("1", "1"),
        ("14", "14"),
        (1, "1"),
        (14, "14"),
        (" 7 ", "7"),
    ],
)
def test_census_year_groups_are_accepted(raw: str | int, code: str) -> None:
    assert year_group_code(raw) == code


def test_an_unknown_year_group_stays_unknown() -> None:
    assert year_group_code(None) is None


@pytest.mark.parametrize("raw", ["0", 0, 15, "15", "N3", "Y7", "", "reception", -1])
def test_a_year_group_census_does_not_use_is_refused(raw: str | int) -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        year_group_code(raw)

    assert (refused.value.field, refused.value.rule) == (
        "pupil.year_group",
        "year_group_unknown",
    )


def test_characteristics_refuse_a_bad_year_group_on_the_pupil_field() -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        characteristics("Y12", None, {})

    assert (refused.value.field, refused.value.rule) == (
        "pupil.year_group",
        "year_group_unknown",
    )


@pytest.mark.parametrize("sen", ["N", "K", "E", None])
def test_sen_provision_codes_are_accepted(sen: str | None) -> None:
    assert characteristics(None, sen, {})["sen_provision"] == sen


@pytest.mark.parametrize("sen", ["S", "A", "EHC", ""])
def test_a_sen_provision_code_census_does_not_use_is_refused(sen: str) -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        characteristics(None, sen, {})

    assert (refused.value.field, refused.value.rule) == (
        "pupil.sen_provision",
        "sen_provision_unknown",
    )


def test_an_unknown_flag_is_kept_as_unknown_not_false() -> None:
    out = characteristics("9", "K", {"fsm_eligible": False, "looked_after": True})

    assert {name: out[name] for name in FLAGS} == {
        "fsm_eligible": False,
        "looked_after": True,
        "previously_looked_after": None,
        "child_in_need": None,
        "child_protection_plan": None,
    }


def test_characteristics_carry_only_census_codes_and_flags() -> None:
    out = characteristics(9, "E", {"fsm_eligible": True, "name": "Jo"})  # type: ignore[dict-item]

    assert set(out) == {"year_group", "sen_provision", *FLAGS}
