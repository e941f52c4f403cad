"""Labels and groups of taxonomy codes for the filters, read from clinics.taxonomy.

Labels, therapy groups and their headings live only in the taxonomy. This module turns
them into choices for the screen, with a readable fallback for a code the taxonomy does
not know (never the raw snake_case code).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from clinics import taxonomy
from ui.messages import current

OTHER_HEADING = taxonomy.group_label("other")  # therapies of no known group, unknown codes


def other_heading() -> str:
    return taxonomy.group_label("other", current())


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


def humanize(code: str) -> str:
    words = str(code).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "Unknown"


# Labels and choices depend only on the taxonomy shipped with the code and the language,
# so each is built once per process and language (every rerun of the app asks for them).


def label(code: str) -> str:
    """The taxonomy label of a code (therapy, condition or provider type)."""
    return _label(str(code), current())


@lru_cache(maxsize=4096)
def _label(code: str, lang: str) -> str:
    text = taxonomy.label(code, lang)
    return text if text and taxonomy.term(code) is not None else humanize(code)


def therapy_groups() -> list[tuple[str, list[Choice]]]:
    """[(heading, [Choice, ...]), ...] in the taxonomy's display order."""
    return [(heading, list(group)) for heading, group in _therapy_groups(current())]


@lru_cache(maxsize=8)
def _therapy_groups(lang: str) -> tuple[tuple[str, tuple[Choice, ...]], ...]:
    return tuple(
        (heading, tuple(Choice(code, _label(code, lang)) for code in codes))
        for heading, codes in taxonomy.therapy_groups(lang)
    )


def choices(table: str) -> list[Choice]:
    """Every code of a taxonomy table (CONDITIONS, PROVIDER_TYPES) in taxonomy order."""
    return list(_choices(table, current()))


@lru_cache(maxsize=16)
def _choices(table: str, lang: str) -> tuple[Choice, ...]:
    return tuple(Choice(code, _label(code, lang)) for code in getattr(taxonomy, table))
