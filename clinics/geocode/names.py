"""Normalized place-name keys, so "St. Louis", "saint louis" and "SAINT LOUIS" meet."""

from __future__ import annotations

import re
import unicodedata

_WORD_FORMS = {
    "st": "saint",
    "ste": "sainte",
    "ft": "fort",
    "mt": "mount",
    "pt": "point",
}


_DROPPED = str.maketrans("", "", ".'\u2019")
_SEPARATORS = re.compile(r"[\W_]+")


def place_key(text: str) -> str:
    """Lower case, accents and punctuation dropped, common abbreviations spelled out."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _SEPARATORS.sub(" ", text.lower().translate(_DROPPED)).split()
    return " ".join([_WORD_FORMS.get(word, word) for word in words])


def city_label(city: str, state: str, postal_code: str | None = None) -> str:
    """The name shown to people: "Houston, TX" or "Houston, TX 77030"."""
    label = f"{city}, {state}"
    return f"{label} {postal_code}" if postal_code else label
