"""Clean strings: HTML entities decoded, whitespace collapsed, placeholders removed.

Placeholders ("--", "N/A", "null", "undefined", ...) and empty strings are removed from
fields and lists; lists lose duplicates. Nested values (extras, licenses) are cleaned too.
"""

from __future__ import annotations

import html
import re
from typing import Any

from crawler.pipelines import RecordPipeline

_SPACE = re.compile(r"\s+")
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
    cleaned = _SPACE.sub(" ", html.unescape(text).replace("\u00a0", " ")).strip()
    return None if cleaned.lower() in JUNK else cleaned


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
            cleaned = clean_value(item[key])
            if cleaned is _MISSING or cleaned is None:
                del item[key]
            else:
                item[key] = cleaned
        return item
