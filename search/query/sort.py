"""Sort views: distance, relevance or recently verified, each ending on a doc_id tiebreak.

The tiebreak makes the order total, so `search_after` pages never skip or repeat a hit.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer import fields
from search.query.geo import distance_sort
from search.types import GeoPoint


@dataclass(frozen=True)
class SortPlan:
    clauses: list
    distance_position: int | None  # index of the distance in each hit's sort values


def sort_plan(sort: str, point: GeoPoint | None) -> SortPlan:
    """The sort clauses for `sort`; distance comes first or second whenever there is a point."""
    tiebreak = {fields.DOC_ID: "asc"}
    distance = [distance_sort(point)] if point is not None else []
    if sort == "distance" and point is not None:
        return SortPlan([*distance, tiebreak], 0)
    first: dict | str
    if sort == "recent":
        first = {fields.LAST_VERIFIED: {"order": "desc", "missing": "_last"}}
    else:  # relevance, and distance without a point
        first = "_score"
    return SortPlan([first, *distance, tiebreak], 1 if point is not None else None)
