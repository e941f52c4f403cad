"""Facet views: one aggregation per filter group, for multi-select with post_filter.

Selected filters are applied as a `post_filter`, so they narrow the hits but not the
aggregations. Each group's aggregation is a `filter` aggregation holding the selections
of all OTHER groups around a `terms` aggregation: choosing one therapy still counts every
therapy, while the counts follow the conditions, insurance, ... that are chosen.
"""

from __future__ import annotations

from search.query.groups import FILTER_GROUPS, FilterGroup
from search.types import SearchParams

VALUES = "values"
SELECTED = "selected"


def _others_filter(group: FilterGroup, clauses: dict[str, dict]) -> dict:
    others = [clause for name, clause in clauses.items() if name != group.name]
    if not others:
        return {"match_all": {}}
    return {"bool": {"filter": others}}


def _terms(group: FilterGroup, params: SearchParams) -> dict:
    aggs: dict = {VALUES: {"terms": {"field": group.field, "size": group.facet_size}}}
    selected = group.selected(params)
    if group.kind == "values" and selected:
        # A selected value outside the top buckets still gets its exact count.
        aggs[SELECTED] = {
            "terms": {"field": group.field, "size": len(selected), "include": list(selected)}
        }
    return aggs


def facet_aggregations(params: SearchParams, clauses: dict[str, dict]) -> dict:
    return {
        group.name: {"filter": _others_filter(group, clauses), "aggs": _terms(group, params)}
        for group in FILTER_GROUPS
    }
