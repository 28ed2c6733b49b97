"""The NHS number: the consistent identifier for children that regulations under
the Children Act 2004 s16LC (inserted by the Children's Wellbeing and Schools Act
2026 s4) may name; the government has said it will be the NHS number.

Ten digits, the last a modulus 11 check digit (NHS Data Dictionary, "NHS Number":
weights 10 to 2 on the first nine digits; 11 minus the remainder of the sum divided
by 11, 11 giving 0 and 10 meaning the number is not valid). Written with spaces
(943 476 5919) or hyphens as often as without: those are removed, as a UPN is
folded to ASCII. The number itself is never echoed in an error: it is personal."""

from __future__ import annotations

from dataclasses import dataclass

from events.errors import InvalidIdentifier
from events.identifiers import ascii_text

COMMENCEMENT = "cwsa_2026_s4_consistent_identifier"
# Children Act 2004 s16LC: why a consistent identifier may be left out when
# information is processed (the reasons the Act allows, as codes).
NOT_INCLUDED_REASONS = {
    "not_known_finding_would_delay": "not known, and finding it out would cause "
    "undue delay (s16LC)",
    "more_detrimental_to_the_child": "including it would be more detrimental to "
    "the child's welfare than leaving it out (s16LC)",
}


def check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit, or None where the sum gives 10 (no valid number)."""
    weights = range(10, 1, -1)
    total = sum(int(d) * w for d, w in zip(first_nine, weights, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


@dataclass(frozen=True)
class NHSNumber:
    value: str

    @classmethod
    def parse(cls, raw: object, field: str = "pupil.nhs_number") -> NHSNumber:
        text = ascii_text(raw, field).replace(" ", "").replace("-", "")
        if len(text) != 10 or not text.isdigit():
            raise InvalidIdentifier(
                "an NHS number is 10 digits", field=field, rule="nhs_number_format"
            )
        if check_digit(text[:9]) != int(text[9]):
            raise InvalidIdentifier(
                "the NHS number's check digit does not match",
                field=field,
                rule="nhs_number_check_digit",
            )
        return cls(text)

    def __str__(self) -> str:
        return self.value
