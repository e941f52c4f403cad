"""Comparison keys for merging: phone, ZIP, building, unit and name, normalized.

Pure functions, no I/O. Keys are only for matching; documents keep the values as the
winning source gave them. Address lines are read with word tables; the few lines they
cannot split into street and unit are tagged by usaddress (see _read_line).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\D+")
# A hyphen inside a word or number ("A-100", "100-B", "Winston-Salem") joins its halves.
_INNER_HYPHEN = re.compile(r"(?<=[0-9A-Za-z])-(?=[0-9A-Za-z])")
# A unit designator written together with its number: "STE100", "Rm12".
_GLUED_UNIT = re.compile(r"^(suite|ste|unit|apt|rm|room|fl|flr|bldg)(\d+[a-z]?)$")
_ORDINAL_SUFFIX = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def _forms(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Spelling -> canonical word, from canonical word -> its other spellings."""
    return {form: word for word, forms in table.items() for form in (word, *forms)}


# Street types: USPS Publication 28 abbreviations and common variants, read as the full
# word. Full words (not abbreviations) are the canonical form so that a type written into
# the name reads the same once spaces are removed: "Park Way" and "Parkway", "North Park"
# and "Northpark".
STREET_TYPES = _forms(
    {
        "street": ("st", "str", "strt"),
        "avenue": ("ave", "av", "aven", "avn"),
        "boulevard": ("blvd", "boul", "blv"),
        "road": ("rd",),
        "drive": ("dr", "drv", "driv"),
        "lane": ("ln",),
        "parkway": ("pkwy", "pky", "pkway", "parkwy"),
        "highway": ("hwy", "hiway", "hway"),
        "freeway": ("fwy", "frwy"),
        "expressway": ("expy", "expwy", "expw"),
        "turnpike": ("tpke", "tpk"),
        "court": ("ct", "crt"),
        "place": ("pl",),
        "circle": ("cir", "circ", "crcl"),
        "square": ("sq", "sqr"),
        "terrace": ("ter", "terr"),
        "trail": ("trl",),
        "way": ("wy",),
        "plaza": ("plz", "plza"),
        "center": ("ctr", "cntr", "centre"),
        "crossing": ("xing",),
        "crescent": ("cres",),
        "commons": ("cmns",),
        "heights": ("hts",),
        "alley": ("aly",),
        "cove": ("cv",),
        "bend": ("bnd",),
        "ridge": ("rdg",),
        "point": ("pt",),
        "route": ("rte",),
        "loop": (),
        "pike": (),
        "path": (),
        "pass": (),
        "run": (),
        "walk": (),
        "row": (),
    }
)
DIRECTIONALS = _forms(
    {
        "north": ("n",),
        "south": ("s",),
        "east": ("e",),
        "west": ("w",),
        "northeast": ("ne",),
        "northwest": ("nw",),
        "southeast": ("se",),
        "southwest": ("sw",),
    }
)
_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip


def _ordinal(number: int) -> str:
    teen = 10 <= number % 100 <= 20
    suffix = "th" if teen else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# "Fifth" is "5th"; numbers are the canonical form.
ORDINAL_WORDS = {word: _ordinal(number) for number, word in enumerate(_ORDINALS, start=1)}
# Abbreviations inside street names. "St" is "Saint" before a name ("St Marys Rd") and
# "Street" elsewhere (see _street).
NAME_WORDS = {"mt": "mount", "ft": "fort"}
STREET_WORDS = {**STREET_TYPES, **DIRECTIONALS, **ORDINAL_WORDS, **NAME_WORDS}
_STREET_ENDS = frozenset(STREET_TYPES.values()) | frozenset(DIRECTIONALS.values())

# Words that start the unit part of an address line, by the kind of unit they name. A
# suite, unit, apartment, room or "#" are one kind: "Suite 100" is "#100" is "Unit 100".
UNIT_WORDS = {
    **dict.fromkeys(
        ("suite", "suites", "ste", "unit", "apt", "apartment", "room", "rm", "office", "ofc"),
        "suite",
    ),
    **dict.fromkeys(("floor", "fl", "flr"), "floor"),
    **dict.fromkeys(("building", "bldg", "bld"), "building"),
}

# Titles, credentials and company forms that do not tell two providers apart.
NAME_NOISE = frozenset(
    {
        "dr", "doctor", "mr", "mrs", "ms", "md", "do", "phd", "psyd", "lpc", "lpcs", "lcsw",
        "lmsw", "lmft", "np", "pmhnp", "aprn", "fnp", "bc", "rn", "crna", "ma", "msw",
        "edd", "llc", "pllc", "pc", "pa", "inc", "corp", "co", "ltd", "the", "of", "and",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """Lowercase ASCII: accents removed, everything else but letters and digits a space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def phone_key(phone: str | None) -> str | None:
    """The ten national digits of a US phone (E.164 or not); None when not a usable number."""
    if not phone:
        return None
    digits = _DIGITS.sub("", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or len(set(digits)) == 1:
        return None
    return digits


def zip5(postal_code: str | None) -> str | None:
    """The five-digit ZIP of a ZIP or ZIP+4; None when there is none."""
    if not postal_code:
        return None
    digits = _DIGITS.sub("", postal_code)
    if len(digits) < 5 or digits[:5] == "00000":
        return None
    return digits[:5]


def _words(text: str) -> list[str]:
    """Folded words of an address line; "#" reads as "suite", "STE100" as "ste 100"."""
    if "-" in text:
        text = _INNER_HYPHEN.sub("", text)
    words: list[str] = []
    for word in fold(text.replace("#", " suite ") if "#" in text else text).split():
        glued = None if word.isalpha() or word.isdigit() else _GLUED_UNIT.match(word)
        words += glued.groups() if glued else (word,)
    return words


def _street(words: list[str]) -> str:
    """Street words in canonical spelling, joined without spaces: 'tanbarkplaza'."""
    out = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        if word == "st" and following and STREET_WORDS.get(following) not in _STREET_ENDS:
            out.append("saint")
        else:
            out.append(STREET_WORDS.get(word, word))
    return "".join(out)


def _units(words: list[str]) -> dict[str, str]:
    """Unit kind -> identifier from the unit words of a line: {'suite': '100', 'floor': '3'}.

    A designator takes the identifier after it ("Suite 100"), else the one before it
    ("3rd Floor"); the first kind named wins. A first word that holds a digit and has no
    designator is a suite number ("6560 Fannin St 1200"); other words ("Medical Tower",
    "East Wing") say nothing.
    """
    units: dict[str, str] = {}
    if not words:
        return units
    used: set[int] = set()
    for index, word in enumerate(words):
        kind = UNIT_WORDS.get(word)
        if kind is None:
            continue
        following, previous = index + 1, index - 1
        after = None if following == len(words) or words[following] in UNIT_WORDS else following
        before = (
            None
            if previous < 0
            or previous in used
            or words[previous] in UNIT_WORDS
            or not _is_identifier(words[previous])
            else previous
        )
        pick = (
            after
            if after is not None and (_is_identifier(words[after]) or before is None)
            else before
        )
        if pick is not None:
            used.add(pick)
            units.setdefault(kind, _unit_id(words[pick]))
    if words and 0 not in used and words[0] not in UNIT_WORDS and _is_identifier(words[0]):
        units.setdefault("suite", _unit_id(words[0]))
    return units


def _is_identifier(word: str) -> bool:
    """A unit number or letter: '100', '100b', 'b', '3rd', 'third'."""
    return len(word) == 1 or any(char.isdigit() for char in _unit_id(word))


def _unit_id(word: str) -> str:
    word = ORDINAL_WORDS.get(word, word)
    ordinal = _ORDINAL_SUFFIX.match(word)
    return ordinal.group(1) if ordinal else word


def _split_by_table(words: list[str]) -> tuple[list[str], list[str]]:
    """Street words and unit words of a line after its house number, by the word tables."""
    cut = len(words)
    for index, word in enumerate(words):
        if word in UNIT_WORDS:
            cut = index
            break
    floor_last = (
        cut < len(words)
        and UNIT_WORDS[words[cut]] == "floor"
        and (cut + 1 == len(words) or words[cut + 1] in UNIT_WORDS)
    )
    if floor_last and cut > 1 and _unit_id(words[cut - 1]).isdigit():
        cut -= 1  # "3rd Floor", "Third Floor": the ordinal belongs to the unit
    return words[:cut], words[cut:]


_STREET_LABELS = frozenset(
    {
        "StreetNamePreModifier",
        "StreetNamePreDirectional",
        "StreetNamePreType",
        "StreetName",
        "StreetNamePostType",
        "StreetNamePostDirectional",
        "StreetNamePostModifier",
    }
)
_UNIT_LABELS = frozenset(
    {"OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier"}
)


def _split_by_tagger(line: str) -> tuple[list[str], list[str]] | None:
    """Street words and unit words of a line after its house number, by usaddress.

    None when the tagger reads a PO box or finds no house number and street.
    """
    import usaddress  # loads a model: only lines the tables cannot read need it

    try:
        tokens = usaddress.parse(line.replace(".", " "))  # it reads "S W" better than "S.W."
    except Exception:  # usaddress raises assorted errors on odd input
        return None
    number: list[str] = []
    street: list[str] = []
    unit: list[str] = []
    for token, label in tokens:
        words = _words(token)
        if label.startswith("USPSBox"):
            return None
        if unit or label in _UNIT_LABELS:
            unit += words
        elif label.startswith("AddressNumber") and not street:
            number += words
        elif label in _STREET_LABELS:
            street += words
        # place, state, ZIP, recipient, landmark: not part of the street
    # "4606 Hwy 6 120": the tagger can take the name of a numbered highway for a unit.
    if unit and street and not any(label == "StreetName" for _token, label in tokens):
        street.append(unit.pop(0))
    if not number or not street:
        return None
    return street, unit


@lru_cache(maxsize=1 << 14)
def _read_line(address_1: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """(building key, unit parts) of a first address line; None without a house number."""
    words = _words(address_1)
    if not words or not words[0][0].isdigit():
        return None
    street, unit = _split_by_table(words[1:])
    if not street or STREET_WORDS.get(street[-1]) not in _STREET_ENDS:
        # No street type or directional right before the unit: the tables cannot tell
        # where the street ends ("6560 Fannin St 1200", "2500 SW Fwy 3rd Floor").
        tagged = _split_by_tagger(address_1)
        if tagged:
            street, unit = tagged
    if not street:
        return None
    return f"{words[0]} {_street(street)}", tuple(sorted(_units(unit).items()))


def address_key(address_1: str | None) -> str | None:
    """House number and street, spelling and spacing variants removed, unit dropped.

    '71 Tan Bark Plaza' and '71 TANBARK PLZ' give '71 tanbarkplaza'; '6560 Fannin Street,
    Suite 1200' and '6560 FANNIN ST' give '6560 fanninstreet'. None when the line has no
    house number (a PO box or a bare street is not a location).
    """
    if not address_1:
        return None
    read = _read_line(address_1)
    return read[0] if read else None


@lru_cache(maxsize=1 << 14)
def unit_key(address_1: str | None, address_2: str | None = None) -> str | None:
    """The unit of an address, canonical: 'floor 3, suite 100'; None when there is none.

    Read from the end of address_1 and from address_2 (the first one wins for a kind).
    'Suite 100', 'Ste. 100', '#100' and 'Unit 100' give 'suite 100'.
    """
    units: dict[str, str] = {}
    if address_1:
        read = _read_line(address_1)
        if read:
            units.update(read[1])
    if address_2:
        for kind, identifier in _units(_words(address_2)).items():
            units.setdefault(kind, identifier)
    if not units:
        return None
    return ", ".join(f"{kind} {identifier}" for kind, identifier in sorted(units.items()))


def unit_parts(key: str | None) -> dict[str, str]:
    """The kinds and identifiers of a unit_key: {'floor': '3', 'suite': '100'}."""
    if not key:
        return {}
    return dict(part.split(" ", 1) for part in key.split(", "))


def units_disagree(key_a: str | None, key_b: str | None) -> bool:
    """Both units name the same kind (suite, floor, building) with different identifiers.

    A unit missing on one side, or of a kind the other does not name, is unknown, not
    different: 'Suite 100' agrees with no unit and with 'Floor 3'.
    """
    parts_a, parts_b = unit_parts(key_a), unit_parts(key_b)
    return any(parts_b.get(kind, value) != value for kind, value in parts_a.items())


def name_key(name: str | None) -> str:
    """Name words without titles, credentials and company forms: 'avery lin'."""
    if not name:
        return ""
    return " ".join(word for word in fold(name).split() if word not in NAME_NOISE)


def city_key(city: str | None, state: str | None) -> str | None:
    if not city:
        return None
    return f"{fold(state or '')}|{fold(city)}"


def block_key(postal_code: str | None, city: str | None, state: str | None) -> str:
    """Where a record can only merge with records of the same block: its ZIP5, else its city."""
    zip_code = zip5(postal_code)
    if zip_code:
        return f"zip:{zip_code}"
    place = city_key(city, state)
    return f"city:{place}" if place else "none"
