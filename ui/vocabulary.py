"""Labels and groups of taxonomy codes for the filters, read from clinics.taxonomy.

Labels live only in the taxonomy. This module arranges them for the screen: therapy
groups in the order a person scans them, and a readable fallback for a code the taxonomy
does not know (never the raw snake_case code).
"""

from __future__ import annotations

from dataclasses import dataclass

# Display order and headings of the therapy groups. Group ids are matched loosely so a
# renamed group in the taxonomy still lands under a sensible heading.
THERAPY_GROUP_HEADINGS = (
    ("ketamine", "Ketamine treatments"),
    ("talk", "Talk therapies"),
    ("medical", "Medical"),
)
OTHER_HEADING = "Other"


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


def _taxonomy():
    try:
        from clinics import taxonomy
    except ImportError:  # the taxonomy part is not installed yet
        return None
    return taxonomy


def humanize(code: str) -> str:
    words = str(code).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "Unknown"


def label(code: str) -> str:
    """The taxonomy label of a code (therapy, condition or provider type)."""
    taxonomy = _taxonomy()
    if taxonomy is not None:
        try:
            text = taxonomy.label(code)
        except (KeyError, ValueError, LookupError):
            text = None
        if text and text != code:
            return text
    return humanize(code)


def _heading(group_id: str) -> str:
    lowered = (group_id or "").lower()
    for needle, heading in THERAPY_GROUP_HEADINGS:
        if needle in lowered:
            return heading
    return OTHER_HEADING


def _terms(name: str) -> dict:
    taxonomy = _taxonomy()
    terms = getattr(taxonomy, name, None) if taxonomy is not None else None
    return dict(terms) if terms else {}


def therapy_groups() -> list[tuple[str, list[Choice]]]:
    """[(heading, [Choice, ...]), ...] in display order; empty groups are left out."""
    grouped: dict[str, list[Choice]] = {heading: [] for _, heading in THERAPY_GROUP_HEADINGS}
    grouped[OTHER_HEADING] = []
    for code, term in _terms("THERAPIES").items():
        group = getattr(term, "group", "") or ""
        grouped[_heading(group)].append(Choice(code, getattr(term, "label", None) or label(code)))
    return [(heading, choices) for heading, choices in grouped.items() if choices]


def heading_of_therapy(code: str) -> str:
    term = _terms("THERAPIES").get(code)
    return _heading(getattr(term, "group", "") if term is not None else "")


def choices(name: str) -> list[Choice]:
    """Every code of CONDITIONS or PROVIDER_TYPES in taxonomy order."""
    return [
        Choice(code, getattr(term, "label", None) or label(code))
        for code, term in _terms(name).items()
    ]
