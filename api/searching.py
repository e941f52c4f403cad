"""The one door from the API and the exports to the search package.

The API never builds a search of its own: /v1/search calls the same `search()` as the UI
and `clinics search`, parameters go through the same sanitizer, and the HSDS listings page
through documents with the same filter and text clauses (the query views). Every import
of the search modules is here: when they move, only these lines change.
"""

from __future__ import annotations

from search import defaults as search_defaults
from search import filters as search_filters
from search import sanitize
from search import service as search
from search import types as search_types
from search.query import body as query_body
from search.query import geo as query_geo
from search.query import groups as query_groups
from search.query import text as query_text

SearchUnavailable = search.SearchUnavailable
run_search = search.search
get_provider = search.get_provider
SearchParams = search_types.SearchParams
GeoPoint = search_types.GeoPoint
SearchResponse = search_types.SearchResponse
Hit = search_types.Hit

parse_cursor = sanitize.parse_cursor
plain_text = sanitize.plain_text
clean_text = sanitize.clean_text
clean_radius = sanitize.clean_radius
SORT_ORDERS = search_types.SORT_ORDERS

index_alias = search_defaults.index_alias
DEFAULT_RADIUS_MI = search_defaults.DEFAULT_RADIUS_MI
DEFAULT_SIZE = search_defaults.DEFAULT_SIZE
REQUEST_TIMEOUT_S = search_defaults.REQUEST_TIMEOUT_S

SOURCE_EXCLUDES = query_body.SOURCE_EXCLUDES  # fields a reader never gets
# the filter registry: every filter of the search, with its `clinics search` flag
FILTER_GROUPS = search_filters.FILTER_GROUPS
group_clauses = query_groups.group_clauses  # filter clauses of SearchParams' groups
text_clause = query_text.text_clause  # the free-text clause (plain words, never syntax)
radius_filter = query_geo.radius_filter

__all__ = [
    "DEFAULT_RADIUS_MI",
    "DEFAULT_SIZE",
    "FILTER_GROUPS",
    "REQUEST_TIMEOUT_S",
    "SORT_ORDERS",
    "SOURCE_EXCLUDES",
    "GeoPoint",
    "Hit",
    "SearchParams",
    "SearchResponse",
    "SearchUnavailable",
    "clean_radius",
    "clean_text",
    "get_provider",
    "group_clauses",
    "index_alias",
    "parse_cursor",
    "plain_text",
    "radius_filter",
    "run_search",
    "text_clause",
]
