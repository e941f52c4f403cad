"""Open Graph `<meta property="og:...">` tags of a page's head, read by extruct."""

from __future__ import annotations

from typing import Any

from extruct.opengraph import OpenGraphExtractor

from crawler.pages.text import value

_EXTRACTOR = OpenGraphExtractor()


def properties(root: Any) -> dict[str, str]:
    """{"og:site_name": ..., "og:type": ...}: the first non-blank value of each property."""
    found: dict[str, str] = {}
    for item in _EXTRACTOR.extract_items(root):
        for name, raw in item["properties"]:
            text = value(raw)
            if text and name not in found:
                found[name] = text
    return found
