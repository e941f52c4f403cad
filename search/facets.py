"""Facets read from a response: buckets per filter group, the selected ones flagged.

The aggregations themselves are built by search.query.facets; this module reads them back
into FacetBucket tuples for SearchResponse.facets.
"""

from __future__ import annotations

from search.filters import FILTER_GROUPS
from search.query.facets import SELECTED, VALUES
from search.types import FacetBucket, SearchParams


def parse_facets(params: SearchParams, aggregations: dict) -> dict[str, tuple[FacetBucket, ...]]:
    """Buckets per group, selected ones flagged; a selected code with no match counts 0."""
    facets = {}
    for group in FILTER_GROUPS:
        counts = group.counts(aggregations.get(group.name) or {}, VALUES, SELECTED)
        selected = group.selected(params)
        for code in selected:
            counts.setdefault(code, 0)
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        facets[group.name] = tuple(
            FacetBucket(code=code, count=count, selected=code in selected)
            for code, count in ordered
        )
    return facets


def empty_facets(params: SearchParams) -> dict[str, tuple[FacetBucket, ...]]:
    return parse_facets(params, {})
