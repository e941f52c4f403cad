"""Small text helpers shared by the page objects."""

from __future__ import annotations

import re

from parsel import Selector

_SPACE = re.compile(r"\s+")
PLACEHOLDERS = {"", "--", "-", "n/a", "na", "none", "null", "undefined"}


def squash(text: str | None) -> str:
    """Collapse runs of whitespace; None becomes ''."""
    return _SPACE.sub(" ", text or "").strip()


def value(text: object) -> str | None:
    """A source value as a clean string, or None for blanks and placeholders like '--'."""
    if text is None:
        return None
    cleaned = squash(str(text))
    return None if cleaned.lower() in PLACEHOLDERS else cleaned


def decode(body: bytes | str) -> str:
    if isinstance(body, bytes):
        return body.decode("utf-8", errors="replace")
    return body


def visible_text(selector: Selector, limit: int = 20_000) -> str:
    """The page's readable text, at most `limit` chars.

    Scripts, styles, navigation and footers are left out (menus like "Home | Ketamine |
    Contact" are not statements about the practice).
    """
    parts = selector.xpath(
        "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)"
        " and not(ancestor::nav) and not(ancestor::footer)]"
    ).getall()
    text = squash(" ".join(parts))
    return text[:limit]


def is_sample_page(selector: Selector) -> bool:
    marker = selector.xpath('//meta[@name="clinics:sample"]/@content').get()
    return (marker or "").strip().lower() == "true"


def join_address(*parts: str | None) -> str | None:
    kept = [part for part in (squash(p) for p in parts if p) if part]
    return ", ".join(kept) or None
