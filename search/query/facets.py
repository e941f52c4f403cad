"""Facet views: one aggregation per filter of the registry, for multi-select with post_filter.

Selected filters are applied as a `post_filter`, so they narrow the hits but not the
aggregations. Each filter's aggregation is a `filter` aggregation holding the selections
of all OTHER filters around the filter's own counts (search.filters.Filter.aggregations):
choosing one therapy still counts every therapy, while the counts follow the conditions,
insurance, ... that are chosen.
"""

from __future__ import annotations

from search.filters import FILTER_GROUPS, Filter
from search.types import SearchParams

VALUES = "values"
SELECTED = "selected"


def _others_filter(group: Filter, clauses: dict[str, dict]) -> dict:
    others = [clause for name, clause in clauses.items() if name != group.name]
    if not others:
        return {"match_all": {}}
    return {"bool": {"filter": others}}


def facet_aggregations(params: SearchParams, clauses: dict[str, dict]) -> dict:
    return {
        group.name: {
            "filter": _others_filter(group, clauses),
            "aggs": group.aggregations(params, VALUES, SELECTED),
        }
        for group in FILTER_GROUPS
    }
