"""The filter groups of a search: which parameter filters which field, and how it is faceted.

A group is both a filter (a bool `filter` clause) and a facet (a terms aggregation), so the
two never disagree about field names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from clinics import fields as record
from search import defaults
from search.types import SearchParams

GroupKind = Literal["codes", "values", "flag"]


@dataclass(frozen=True)
class FilterGroup:
    name: str  # facet name in SearchResponse.facets, and the SearchParams attribute
    field: str  # indexed keyword or boolean field
    kind: GroupKind  # codes: taxonomy codes; values: free keywords; flag: boolean
    facet_size: int

    def selected(self, params: SearchParams) -> tuple[str, ...]:
        """The selected values as facet codes ("true" for a flag that is on)."""
        value = getattr(params, self.name)
        if self.kind == "flag":
            return ("true",) if value is True else ()
        return tuple(value)

    def clause(self, params: SearchParams) -> dict | None:
        """The filter clause for this group, or None when nothing is selected."""
        selected = self.selected(params)
        if not selected:
            return None
        if self.kind == "flag":
            return {"term": {self.field: True}}
        return {"terms": {self.field: list(selected)}}


FILTER_GROUPS: tuple[FilterGroup, ...] = (
    FilterGroup(record.THERAPIES, record.THERAPIES, "codes", defaults.TAXONOMY_FACET_SIZE),
    FilterGroup(record.CONDITIONS, record.CONDITIONS, "codes", defaults.TAXONOMY_FACET_SIZE),
    FilterGroup(
        record.PROVIDER_TYPES, record.PROVIDER_TYPES, "codes", defaults.TAXONOMY_FACET_SIZE
    ),
    FilterGroup(record.TELEHEALTH, record.TELEHEALTH, "flag", 2),
    FilterGroup(record.ACCEPTING_NEW_PATIENTS, record.ACCEPTING_NEW_PATIENTS, "flag", 2),
    FilterGroup(record.INSURANCE, record.INSURANCE, "values", defaults.VALUE_FACET_SIZE),
    FilterGroup(record.LANGUAGES, record.LANGUAGES, "values", defaults.VALUE_FACET_SIZE),
)


def group_clauses(params: SearchParams) -> dict[str, dict]:
    """Filter clause of every group with a selection, in FILTER_GROUPS order."""
    clauses = {}
    for group in FILTER_GROUPS:
        clause = group.clause(params)
        if clause is not None:
            clauses[group.name] = clause
    return clauses
