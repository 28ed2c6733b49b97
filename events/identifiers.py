"""Identifiers of children, schools and local authorities, refusing bad input.

UPN rules: DfE UPN guide / Government Data Standards Catalogue (reference.md §5.1);
URN and LAESTAB: §5.2; LA codes: §5.3. The LA table is data to be corrected as
authorities reorganise, not law; legacy codes stay because old events refer to them
and old UPNs keep the code of the LA that issued them. Every parser first folds the
raw text to ASCII (see _ascii) so one child or school never gets two identities.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from events.errors import InvalidIdentifier

# The 23 letters a UPN uses, in value order (no I, O or S).
UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"

_LONDON = {
    "201": "City of London",
    "202": "Camden",
    "203": "Greenwich",
    "204": "Hackney",
    "205": "Hammersmith and Fulham",
    "206": "Islington",
    "207": "Kensington and Chelsea",
    "208": "Lambeth",
    "209": "Lewisham",
    "210": "Southwark",
    "211": "Tower Hamlets",
    "212": "Wandsworth",
    "213": "Westminster",
    "301": "Barking and Dagenham",
    "302": "Barnet",
    "303": "Bexley",
    "304": "Brent",
    "305": "Bromley",
    "306": "Croydon",
    "307": "Ealing",
    "308": "Enfield",
    "309": "Haringey",
    "310": "Harrow",
    "311": "Havering",
    "312": "Hillingdon",
    "313": "Hounslow",
    "314": "Kingston upon Thames",
    "315": "Merton",
    "316": "Newham",
    "317": "Redbridge",
    "318": "Richmond upon Thames",
    "319": "Sutton",
    "320": "Waltham Forest",
}
_METROPOLITAN = {
    "330": "Birmingham",
    "331": "Coventry",
    "332": "Dudley",
    "333": "Sandwell",
    "334": "Solihull",
    "335": "Walsall",
    "336": "Wolverhampton",
    "340": "Knowsley",
    "341": "Liverpool",
    "342": "St. Helens",
    "343": "Sefton",
    "344": "Wirral",
    "350": "Bolton",
    "351": "Bury",
    "352": "Manchester",
    "353": "Oldham",
    "354": "Rochdale",
    "355": "Salford",
    "356": "Stockport",
    "357": "Tameside",
    "358": "Trafford",
    "359": "Wigan",
    "370": "Barnsley",
    "371": "Doncaster",
    "372": "Rotherham",
    "373": "Sheffield",
    "380": "Bradford",
    "381": "Calderdale",
    "382": "Kirklees",
    "383": "Leeds",
    "384": "Wakefield",
    "390": "Gateshead",
    "391": "Newcastle upon Tyne",
    "392": "North Tyneside",
    "393": "South Tyneside",
    "394": "Sunderland",
    "420": "Isles of Scilly",
}
_SHIRES_AND_UNITARIES = {
    "800": "Bath and North East Somerset",
    "801": "Bristol, City of",
    "802": "North Somerset",
    "803": "South Gloucestershire",
    "805": "Hartlepool",
    "806": "Middlesbrough",
    "807": "Redcar and Cleveland",
    "808": "Stockton-on-Tees",
    "810": "Kingston upon Hull, City of",
    "811": "East Riding of Yorkshire",
    "812": "North East Lincolnshire",
    "813": "North Lincolnshire",
    "815": "North Yorkshire",
    "816": "York",
    "820": "Bedfordshire (legacy)",
    "821": "Luton",
    "822": "Bedford",
    "823": "Central Bedfordshire",
    "825": "Buckinghamshire",
    "826": "Milton Keynes",
    "830": "Derbyshire",
    "831": "Derby",
    "835": "Dorset (legacy, to 2019)",
    "836": "Poole (legacy, to 2019)",
    "837": "Bournemouth (legacy, to 2019)",
    "838": "Dorset",
    "839": "Bournemouth, Christchurch and Poole",
    "840": "County Durham",
    "841": "Darlington",
    "845": "East Sussex",
    "846": "Brighton and Hove",
    "850": "Hampshire",
    "851": "Portsmouth",
    "852": "Southampton",
    "855": "Leicestershire",
    "856": "Leicester",
    "857": "Rutland",
    "860": "Staffordshire",
    "861": "Stoke-on-Trent",
    "865": "Wiltshire",
    "866": "Swindon",
    "867": "Bracknell Forest",
    "868": "Windsor and Maidenhead",
    "869": "West Berkshire",
    "870": "Reading",
    "871": "Slough",
    "872": "Wokingham",
    "873": "Cambridgeshire",
    "874": "Peterborough",
    # Cheshire County Council, abolished 1 April 2009 (split into 895 and 896).
    "875": "Cheshire (legacy, to 2009)",
    "876": "Halton",
    "877": "Warrington",
    "878": "Devon",
    "879": "Plymouth",
    "880": "Torbay",
    "881": "Essex",
    "882": "Southend-on-Sea",
    "883": "Thurrock",
    "884": "Herefordshire",
    "885": "Worcestershire",
    "886": "Kent",
    "887": "Medway",
    "888": "Lancashire",
    "889": "Blackburn with Darwen",
    "890": "Blackpool",
    "891": "Nottinghamshire",
    "892": "Nottingham",
    "893": "Shropshire",
    "894": "Telford and Wrekin",
    "895": "Cheshire East",
    "896": "Cheshire West and Chester",
    "908": "Cornwall",
    "909": "Cumbria (legacy, to 2023)",
    "916": "Gloucestershire",
    "919": "Hertfordshire",
    "921": "Isle of Wight",
    "925": "Lincolnshire",
    "926": "Norfolk",
    "928": "Northamptonshire (legacy, to 2021)",
    "929": "Northumberland",
    "931": "Oxfordshire",
    "933": "Somerset",
    "935": "Suffolk",
    "936": "Surrey",
    "937": "Warwickshire",
    "938": "West Sussex",
    "940": "North Northamptonshire",
    "941": "West Northamptonshire",
    "942": "Cumberland",
    "943": "Westmorland and Furness",
}
ENGLISH_LA_CODES: dict[str, str] = {**_LONDON, **_METROPOLITAN, **_SHIRES_AND_UNITARIES}
# Welsh LAs appear inside UPNs allocated in Wales (UPN/CTF contexts only).
WELSH_UPN_LA_CODES = frozenset(str(code) for code in range(660, 682))
# Pseudo-LA codes DfE accepts in characters 2-4 of a UPN (validation rule 1530 of
# the school census and CIN collections: "a valid post April 1998 LA code or a
# recognised pseudo LA code", listing 001-005 and 701-708; 702 is Service
# Children's Education abroad).
PSEUDO_UPN_LA_CODES = frozenset(
    [f"{code:03d}" for code in range(1, 6)] + [str(code) for code in range(701, 709)]
)

# ASCII digits only: \d would also match full-width and other Unicode digits.
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_ASCII_DIGITS = "0123456789"


def _ascii_digit(char: str) -> str:
    """A Unicode decimal digit (e.g. Arabic-Indic) as its ASCII digit, else the char."""
    digit = unicodedata.decimal(char, None)
    return char if digit is None else str(digit)


def ascii_text(raw: object, field: str) -> str:
    """Raw identifier text folded to ASCII (NFKC, then Unicode digits), else refused."""
    text = unicodedata.normalize("NFKC", str(raw))
    text = "".join(_ascii_digit(char) for char in text).strip()
    if not text.isascii():
        # The raw text is not echoed: a UPN is personal data.
        raise InvalidIdentifier(
            "identifiers are written with ASCII letters and digits only",
            field=field,
            rule="identifier_ascii",
        )
    return text


def upn_check_letter(body12: str) -> str:
    """The check letter for characters 2-13 of a UPN (DfE mod-23, weights 2..13)."""
    total = 0
    for weight, char in enumerate(body12, start=2):
        value = int(char) if char in _ASCII_DIGITS else UPN_ALPHABET.index(char)
        total += value * weight
    return UPN_ALPHABET[total % 23]


@dataclass(frozen=True)
class UPN:
    """Unique Pupil Number: 13 characters, check letter first."""

    value: str

    @classmethod
    def parse(cls, raw: str, field: str = "pupil.upn") -> UPN:
        upn = ascii_text(raw, field).upper()
        if len(upn) != 13 or not _DIGITS.fullmatch(upn[1:12]):
            raise InvalidIdentifier(
                "a UPN is a letter, 11 digits, then a digit or letter (13 characters)",
                field=field,
                rule="upn_format",
            )
        if upn[0] not in UPN_ALPHABET or not (
            upn[12] in _ASCII_DIGITS or upn[12] in UPN_ALPHABET
        ):
            raise InvalidIdentifier(
                "UPN letters are A-Z without I, O and S",
                field=field,
                rule="upn_format",
            )
        if upn_check_letter(upn[1:]) != upn[0]:
            raise InvalidIdentifier(
                "the UPN check letter does not match",
                field=field,
                rule="upn_check_letter",
            )
        la = upn[1:4]
        if not (
            la in ENGLISH_LA_CODES
            or la in WELSH_UPN_LA_CODES
            or la in PSEUDO_UPN_LA_CODES
        ):
            raise InvalidIdentifier(
                f"characters 2-4 of a UPN must be an LA code ('{la}' is not)",
                field=field,
                rule="upn_la_code",
            )
        return cls(upn)

    @property
    def is_temporary(self) -> bool:
        return self.value[12] in UPN_ALPHABET

    @property
    def la_code(self) -> str:
        return self.value[1:4]

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class URN:
    """A school's Unique Reference Number in GIAS: 6 digits."""

    value: str

    @classmethod
    def parse(cls, raw: str, field: str = "urn") -> URN:
        urn = ascii_text(raw, field)
        if len(urn) != 6 or not _DIGITS.fullmatch(urn):
            raise InvalidIdentifier("a URN is 6 digits", field=field, rule="urn_format")
        return cls(urn)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class LACode:
    """An English local authority's old (DfE) 3-digit code."""

    value: str

    @classmethod
    def parse(cls, raw: str, field: str = "la_code") -> LACode:
        code = ascii_text(raw, field)
        if len(code) != 3 or not _DIGITS.fullmatch(code):
            raise InvalidIdentifier(
                "an LA code is 3 digits", field=field, rule="la_code_format"
            )
        if code not in ENGLISH_LA_CODES:
            raise InvalidIdentifier(
                f"{code} is not an English LA code", field=field, rule="la_code_unknown"
            )
        return cls(code)

    @classmethod
    def of_school(cls, raw: str, field: str = "la_code") -> LACode:
        """A school's LA code as GIAS gives it: an English LA's, or one of DfE's
        pseudo-LA codes (702: Service Children's Education abroad)."""
        code = ascii_text(raw, field)
        if code in PSEUDO_UPN_LA_CODES:
            return cls(code)
        return cls.parse(code, field)

    @property
    def name(self) -> str:
        return ENGLISH_LA_CODES.get(self.value, f"pseudo-LA {self.value}")

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class LAESTAB:
    """DfE number: 3-digit LA code and 4-digit establishment number."""

    value: str

    @classmethod
    def parse(cls, raw: str, field: str = "laestab") -> LAESTAB:
        value = ascii_text(raw, field).replace("/", "")
        if len(value) != 7 or not _DIGITS.fullmatch(value):
            raise InvalidIdentifier(
                "a LAESTAB is 7 digits (LA code + establishment number)",
                field=field,
                rule="laestab_format",
            )
        LACode.parse(value[:3], field=field)
        return cls(value)

    @property
    def la_code(self) -> str:
        return self.value[:3]

    def __str__(self) -> str:
        return self.value
