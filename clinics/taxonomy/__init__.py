"""The therapy, condition and provider-type taxonomy (docs/taxonomy.md).

Public API:
- ``THERAPIES``, ``CONDITIONS``, ``PROVIDER_TYPES``: ordered dicts code -> Term.
- ``label(code, lang="en")``: the human label of any code, in English or Spanish ("es",
  from clinics.taxonomy.spanish); a humanized code when unknown (never raises).
- ``therapy_groups()``: [(group label, [codes])] in display order, for the UI.
- ``is_code(kind, code)``: kind is "therapy", "condition" or "provider_type" (plurals too).
- ``term(code)``, ``group_label(group)``, ``BEHAVIORAL_CODES``.
- Source codes (NUCC, SAMHSA): ``source_code_mapping(code)``, ``samhsa_source_codes(...)``,
  ``nucc_source_code(code)``; see clinics.taxonomy.sources and docs/taxonomy.md.

Labels for codes live only here. The classifier is clinics.classify.
"""

from __future__ import annotations

from clinics.taxonomy.sources import (
    SourceMapping,
    is_nucc_code,
    nucc_source_code,
    samhsa_source_codes,
    source_code_mapping,
)
from clinics.taxonomy.spanish import GROUP_LABELS_ES, LABELS_ES
from clinics.taxonomy.terms import (
    CONDITION,
    CONDITION_TERMS,
    PROVIDER_TYPE,
    PROVIDER_TYPE_TERMS,
    THERAPY,
    THERAPY_GROUP_LABELS,
    THERAPY_TERMS,
    Near,
    Term,
)

__all__ = [
    "BEHAVIORAL_CODES",
    "CONDITION",
    "CONDITIONS",
    "KINDS",
    "PROVIDER_TYPE",
    "PROVIDER_TYPES",
    "THERAPIES",
    "THERAPY",
    "THERAPY_GROUP_LABELS",
    "Near",
    "SourceMapping",
    "Term",
    "all_terms",
    "group_label",
    "is_code",
    "is_nucc_code",
    "label",
    "nucc_source_code",
    "samhsa_source_codes",
    "source_code_mapping",
    "term",
    "therapy_groups",
]

THERAPIES: dict[str, Term] = {t.code: t for t in THERAPY_TERMS}
CONDITIONS: dict[str, Term] = {t.code: t for t in CONDITION_TERMS}
PROVIDER_TYPES: dict[str, Term] = {t.code: t for t in PROVIDER_TYPE_TERMS}

KINDS = (THERAPY, CONDITION, PROVIDER_TYPE)
_BY_KIND = {
    THERAPY: THERAPIES,
    "therapies": THERAPIES,
    CONDITION: CONDITIONS,
    "conditions": CONDITIONS,
    PROVIDER_TYPE: PROVIDER_TYPES,
    "provider_types": PROVIDER_TYPES,
}
_ALL: dict[str, Term] = {**PROVIDER_TYPES, **CONDITIONS, **THERAPIES}

# Codes that put a record in scope on their own (clinics.scope).
BEHAVIORAL_CODES: frozenset[str] = frozenset(
    code for code, t in _ALL.items() if t.behavioral_health
)


def all_terms() -> list[Term]:
    """Every term: therapies, then conditions, then provider types."""
    return [*THERAPIES.values(), *CONDITIONS.values(), *PROVIDER_TYPES.values()]


def term(code: str) -> Term | None:
    return _ALL.get(code) if isinstance(code, str) else None


def label(code: object, lang: str = "en") -> str:
    """The human label of a code; unknown codes come back humanized ('foo_bar' -> 'Foo bar')."""
    if isinstance(code, str):
        found = _ALL.get(code)
        if found is not None:
            return LABELS_ES.get(code, found.label) if lang == "es" else found.label
        text = code.replace("_", " ").strip()
        return text[:1].upper() + text[1:] if text else ""
    if code is None:
        return ""
    return str(code)


def group_label(group: str, lang: str = "en") -> str:
    if lang == "es" and group in GROUP_LABELS_ES:
        return GROUP_LABELS_ES[group]
    return THERAPY_GROUP_LABELS.get(group, label(group))


def therapy_groups(lang: str = "en") -> list[tuple[str, list[str]]]:
    """[(group label, [therapy codes])] in display order: ketamine, talk, medical."""
    groups: dict[str, list[str]] = {key: [] for key in THERAPY_GROUP_LABELS}
    for code, t in THERAPIES.items():
        groups.setdefault(t.group or "other", []).append(code)
    return [(group_label(key, lang), codes) for key, codes in groups.items() if codes]


def is_code(kind: str, code: object) -> bool:
    """True when `code` is a code of that kind; False for unknown kinds or non-strings."""
    table = _BY_KIND.get(kind)
    return table is not None and isinstance(code, str) and code in table
