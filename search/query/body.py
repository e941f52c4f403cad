"""Whole request bodies, assembled from the named views.

query        bool: `filter` = the radius (what "near" means), `must` = the free text
             (the only scored part)
post_filter  the selected facet groups (therapies, conditions, access, ...)
aggs         one facet per group, each filtered by the other groups' selections
sort         distance | relevance | recent, then doc_id
"""

from __future__ import annotations

from indexer import fields
from indexer.mapping import SOURCE_RECORD
from search.query import geo, text
from search.query.facets import facet_aggregations
from search.query.groups import group_clauses
from search.query.sort import sort_plan
from search.types import GeoPoint, SearchParams

# Fields kept out of returned documents: used only for matching, or bulky bookkeeping
# (each source's full record, kept for re-merging; the HSDS export output computed at
# load time, read only by `clinics export`).
SOURCE_EXCLUDES = [
    fields.SEARCH_TEXT,
    fields.NAME_SUGGEST,
    f"{fields.SOURCES}.{SOURCE_RECORD}",
    fields.HSDS_EXPORT,
]


def _bool(filters: list[dict], must: list[dict]) -> dict:
    if not filters and not must:
        return {"match_all": {}}
    clauses: dict = {}
    if filters:
        clauses["filter"] = filters
    if must:
        clauses["must"] = must
    return {"bool": clauses}


def _must(params: SearchParams) -> list[dict]:
    return [text.text_clause(params.text)] if params.text else []


def build_query(params: SearchParams, point: GeoPoint | None) -> dict:
    """The search body for sanitized params and a resolved point (None: search everywhere)."""
    filters = [geo.radius_filter(point, params.radius_mi)] if point is not None else []
    clauses = group_clauses(params)
    body: dict = {
        "size": params.size,
        "track_total_hits": True,
        "query": _bool(filters, _must(params)),
    }
    if clauses:
        body["post_filter"] = {"bool": {"filter": list(clauses.values())}}
    body["aggs"] = facet_aggregations(params, clauses)
    body["sort"] = sort_plan(params.sort, point).clauses
    if params.text:
        body["highlight"] = text.highlight(params.text)
    if params.search_after is not None:
        body["search_after"] = list(params.search_after)
    body["_source"] = {"excludes": SOURCE_EXCLUDES}
    return body


def build_beyond_radius_query(params: SearchParams, point: GeoPoint, size: int) -> dict:
    """Nothing within the radius: the same filters everywhere, nearest first."""
    filters = [geo.has_location(), *group_clauses(params).values()]
    body: dict = {
        "size": size,
        "track_total_hits": True,
        "query": _bool(filters, _must(params)),
        "sort": sort_plan("distance", point).clauses,
    }
    if params.text:
        body["highlight"] = text.highlight(params.text)
    body["_source"] = {"excludes": SOURCE_EXCLUDES}
    return body


__all__ = ["SOURCE_EXCLUDES", "build_beyond_radius_query", "build_query", "provider_body"]


def provider_body(doc_id: str) -> dict:
    """One provider by its doc_id."""
    return {
        "size": 1,
        "query": {"bool": {"filter": [{"term": {fields.DOC_ID: doc_id}}]}},
        "_source": {"excludes": SOURCE_EXCLUDES},
    }
