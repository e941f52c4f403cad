"""Comparison keys for merging: phone, ZIP, street address and name, normalized.

Pure functions, no I/O. Keys are only for matching; documents keep the values as the
winning source gave them.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\D+")

# Street designators and directionals with their usual spellings (USPS Publication 28 style).
STREET_WORDS = {
    "street": "st",
    "str": "st",
    "st": "st",
    "avenue": "ave",
    "av": "ave",
    "ave": "ave",
    "boulevard": "blvd",
    "blvd": "blvd",
    "road": "rd",
    "rd": "rd",
    "drive": "dr",
    "dr": "dr",
    "lane": "ln",
    "ln": "ln",
    "parkway": "pkwy",
    "pkwy": "pkwy",
    "highway": "hwy",
    "hwy": "hwy",
    "freeway": "fwy",
    "fwy": "fwy",
    "court": "ct",
    "ct": "ct",
    "place": "pl",
    "pl": "pl",
    "circle": "cir",
    "cir": "cir",
    "square": "sq",
    "terrace": "ter",
    "trail": "trl",
    "way": "way",
    "expressway": "expy",
    "plaza": "plz",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "northeast": "ne",
    "northwest": "nw",
    "southeast": "se",
    "southwest": "sw",
}

# Words that start the unit part of an address line; they and what follows are dropped.
UNIT_WORDS = frozenset(
    {"suite", "ste", "unit", "apt", "apartment", "room", "rm", "floor", "fl", "bldg", "building"}
)

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
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_ALNUM.sub(" ", ascii_text).strip()


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


def address_key(address_1: str | None) -> str | None:
    """Number and street with unit and spelling variants removed: '6560 fannin st'.

    '6560 Fannin Street, Suite 1200' and '6560 FANNIN ST STE 1200' give the same key.
    None when the line has no house number (a PO box or a bare street is not a location).
    """
    if not address_1:
        return None
    words = fold(address_1.replace("#", " suite ")).split()
    kept: list[str] = []
    for word in words:
        if word in UNIT_WORDS:
            break
        kept.append(STREET_WORDS.get(word, word))
    if not kept or not kept[0][0].isdigit() or kept[:2] == ["po", "box"]:
        return None
    return " ".join(kept)


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
