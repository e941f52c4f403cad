"""Cleaning and recognising what people type: junk, coordinates, ZIP codes, states."""

from __future__ import annotations

import re
import unicodedata

from clinics.geocode.states import LONGEST_SPELLING_WORDS, state_code

MAX_QUERY_CHARS = 300


class BadQuery(ValueError):
    """Text that cannot be a place; str(exc) is a one-line reason."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&[a-zA-Z]+;|&#\d+;")
_COORDINATES = re.compile(
    r"""^\(?\s*
    (?P<lat>[+-]?\d{1,3}(?:\.\d+)?)\s*°?\s*(?P<ns>[NSns])?
    \s*(?:,|;|\s)\s*
    (?P<lon>[+-]?\d{1,3}(?:\.\d+)?)\s*°?\s*(?P<ew>[EWew])?
    \s*\)?$""",
    re.VERBOSE | re.ASCII,
)
# A bare ZIP or ZIP+4 with nothing else around it but spaces (the fast path).
PLAIN_ZIP = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$", re.ASCII)
_ZIP_ONLY = re.compile(r"^(\d{5})(?:\s*-?\s*\d{4})?$", re.ASCII)
_TRAILING_ZIP = re.compile(r"(?:^|[\s,]+)(\d{5})(?:\s*-\s*\d{4})?$", re.ASCII)
_COUNTRY_SUFFIX = re.compile(
    r"[\s,]+(?:u\.?s\.?a?\.?|united\s+states(?:\s+of\s+america)?|america)$", re.IGNORECASE
)


def clean(text: object) -> str:
    """The text with whitespace collapsed, or BadQuery saying why it cannot be a place."""
    if not isinstance(text, str):
        raise BadQuery(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"too long ({len(text)} characters; a place is at most {MAX_QUERY_CHARS})")
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if _CONTROL.search(text):
        raise BadQuery("contains control characters")
    if _HTML.search(text):
        raise BadQuery("looks like HTML, not a place")
    text = " ".join(text.split()).strip(" ,;")
    if not text:
        raise BadQuery("empty")
    if not any(ch.isalnum() for ch in text):
        raise BadQuery("no letters or digits")
    return text


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """(lat, lon) for "29.7, -95.4", "29.7 -95.4" or "29.7N 95.4W"; None if not coordinates.

    Raises BadQuery for coordinates out of range.
    """
    found = _COORDINATES.match(text)
    if not found:
        return None
    lat, lon = float(found["lat"]), float(found["lon"])
    if found["ns"] and found["ns"].upper() == "S":
        lat = -abs(lat)
    if found["ew"] and found["ew"].upper() == "W":
        lon = -abs(lon)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise BadQuery(f"coordinates out of range: {text}")
    return lat, lon


def zip_only(text: str) -> str | None:
    """The five-digit ZIP when the whole text is a ZIP or ZIP+4."""
    found = _ZIP_ONLY.match(text)
    return found[1] if found else None


def split_trailing_zip(text: str) -> tuple[str, str | None]:
    """("Houston, TX", "77030") for "Houston, TX 77030-1234"."""
    found = _TRAILING_ZIP.search(text)
    if not found:
        return text, None
    return text[: found.start()].strip(" ,"), found[1]


def strip_country(text: str) -> str:
    """Drop a trailing ", USA" / "United States"."""
    return _COUNTRY_SUFFIX.sub("", text).strip(" ,")


def split_trailing_state(text: str) -> list[tuple[str, str]]:
    """Every (rest, state code) reading of text that ends with a state, longest name first."""
    words = text.replace(",", " ").split()
    readings = []
    for size in range(min(LONGEST_SPELLING_WORDS, len(words) - 1), 0, -1):
        code = state_code(" ".join(words[-size:]))
        if code:
            readings.append((" ".join(words[:-size]), code))
    return readings
