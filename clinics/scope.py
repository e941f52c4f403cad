"""Scope of the directory: mental-health care.

A record is in scope when it has a behavioral-health provider type, a therapy, or a
behavioral-health condition (clinics.taxonomy.BEHAVIORAL_CODES). Anesthesiologists, nurse
anesthetists and chronic pain are in the taxonomy for ketamine clinics but do not put a
record in scope on their own. Everything else (dentists, optometrists, podiatrists,
chiropractors, ...) is out of scope: dropped with the reason "out_of_scope" and counted,
never indexed.

Scope reads codes only: classify first (clinics.enrich.classify_record).
"""

from __future__ import annotations

from collections.abc import Iterable

from clinics import fields as F
from clinics.taxonomy import BEHAVIORAL_CODES, THERAPIES

OUT_OF_SCOPE = "out_of_scope"


def scope_reason(item: object) -> str | None:
    """None when in scope, else "out_of_scope".

    `item` is a ProviderRecord, a record dict, or a Classification (anything with
    provider_types / therapies / conditions). Never raises: junk is out of scope.
    """
    provider_types = _codes(item, F.PROVIDER_TYPES)
    therapies = _codes(item, F.THERAPIES)
    conditions = _codes(item, F.CONDITIONS)
    if any(code in THERAPIES for code in therapies):
        return None
    if any(code in BEHAVIORAL_CODES for code in (*provider_types, *conditions)):
        return None
    return OUT_OF_SCOPE


def is_in_scope(item: object) -> bool:
    return scope_reason(item) is None


def _codes(item: object, name: str) -> tuple[str, ...]:
    value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
    if isinstance(value, str) or not isinstance(value, Iterable):
        return ()
    return tuple(code for code in value if isinstance(code, str))
