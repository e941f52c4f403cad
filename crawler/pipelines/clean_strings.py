"""Clean strings: HTML entities decoded, whitespace collapsed, placeholders removed.

Placeholders ("--", "N/A", "null", "undefined", ...) and empty strings are removed from
fields and lists; lists lose duplicates. Nested values (extras, licenses) are cleaned too.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

from crawler.pages import PRIVATE_KEYS
from crawler.pipelines import RecordPipeline

JUNK = frozenset(
    {
        "",
        "-",
        "--",
        "---",
        "n/a",
        "na",
        "none",
        "null",
        "nil",
        "undefined",
        "unknown",
        "nan",
        "tbd",
        "?",
    }
)
_MISSING = object()


def clean_text(text: str) -> str | None:
    if len(text) <= _CACHED_LENGTH:
        return _clean_short(text)
    return _clean(text)


def _clean(text: str) -> str | None:
    # str.split() splits on exactly what the regex \s matches (Unicode whitespace, the
    # no-break space included): runs collapse to one space and both ends are stripped.
    cleaned = " ".join(html.unescape(text).split())
    return None if cleaned.lower() in JUNK else cleaned


# Short values repeat from record to record ("English", "Anxiety", "Self-pay", "--"):
# they are cleaned once. Long ones (descriptions, page text) are not kept.
_CACHED_LENGTH = 200
_clean_short = lru_cache(maxsize=8192)(_clean)


def clean_value(value: Any) -> Any:
    """The cleaned value, or _MISSING when nothing is left."""
    if isinstance(value, str):
        cleaned = clean_text(value)
        return _MISSING if cleaned is None else cleaned
    if isinstance(value, list | tuple):
        out = []
        for element in value:
            cleaned = clean_value(element)
            if cleaned is not _MISSING and cleaned not in out:
                out.append(cleaned)
        return out
    if isinstance(value, dict):
        out_dict = {}
        for key, element in value.items():
            cleaned = clean_value(element)
            if cleaned is not _MISSING:
                out_dict[key] = cleaned
        return out_dict
    return value


class CleanStringsPipeline(RecordPipeline):
    def process_item(self, item: dict, spider: Any = None) -> dict:
        for key in list(item):
            if key in PRIVATE_KEYS:
                continue  # page text for the classifier keeps its line breaks
            cleaned = clean_value(item[key])
            if cleaned is _MISSING or cleaned is None:
                del item[key]
            else:
                item[key] = cleaned
        return item
