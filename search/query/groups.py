"""The filter clauses of a search, one per filter of the registry (search.filters) with a
selection. The same clauses narrow the hits (post_filter) and the other filters' facets."""

from __future__ import annotations

from search.filters import FILTER_GROUPS
from search.types import SearchParams


def group_clauses(params: SearchParams) -> dict[str, dict]:
    """Filter clause of every filter with a selection, in registry order."""
    clauses = {}
    for group in FILTER_GROUPS:
        clause = group.clause(params)
        if clause is not None:
            clauses[group.name] = clause
    return clauses
