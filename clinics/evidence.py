"""Evidence entries: why a therapy or condition code is on a record.

An entry is a dict with CODE and KIND and either QUOTE (the provider's own sentence, with
the URL of its page, the DATE that page was fetched and, for record fields, FIELD) or
SOURCE_CODE (the registry or locator code that says it). clinics.enrich writes them;
the index stores them; the UI and `clinics extract --explain` show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

CODE = "code"
KIND = "kind"  # "therapy" | "condition"
QUOTE = "quote"  # the sentence, trimmed to about 200 characters
URL = "url"  # the page the sentence is on
DATE = "date"  # when that page was fetched (YYYY-MM-DD)
FIELD = "field"  # the record field the words came from, when they are not page text
SOURCE_CODE = "source_code"  # "NUCC 2084P0800X", "SAMHSA service code: EMDR"

KEYS = (CODE, KIND, QUOTE, URL, DATE, FIELD, SOURCE_CODE)


def for_code(entries: Iterable[Any], code: str) -> list[Mapping[str, Any]]:
    """The entries that back one code, quotes first, in their order."""
    found = [e for e in entries or () if isinstance(e, Mapping) and e.get(CODE) == code]
    return sorted(found, key=lambda e: 0 if e.get(QUOTE) else 1)
