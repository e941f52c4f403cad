"""Normalized place-name keys, so "St. Louis", "saint louis" and "SAINT LOUIS" meet."""

from __future__ import annotations

_WORD_FORMS = {
    "st": "saint",
    "ste": "sainte",
    "ft": "fort",
    "mt": "mount",
    "pt": "point",
}


def place_key(text: str) -> str:
    """Lower case, punctuation dropped, common abbreviations spelled out."""
    text = text.lower().replace(".", "").replace("'", "").replace("\u2019", "")
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(_WORD_FORMS.get(word, word) for word in cleaned.split())


def city_label(city: str, state: str, postal_code: str | None = None) -> str:
    """The name shown to people: "Houston, TX" or "Houston, TX 77030"."""
    label = f"{city}, {state}"
    return f"{label} {postal_code}" if postal_code else label
