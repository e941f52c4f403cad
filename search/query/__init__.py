"""Query bodies of the search, assembled from small named views (pelias-style).

- groups:  the filter groups (field, kind, facet size) shared by filters and facets
- geo:     radius filter and distance sort
- text:    the scored free-text clause and its highlight
- sort:    distance | relevance | recent, with a doc_id tiebreak
- facets:  per-group aggregations for multi-select with post_filter
- suggest: name autocomplete
- body:    whole bodies (build_query, build_beyond_radius_query, provider_body)

Every function here is pure: params in, a dict out. Nothing here talks to Elasticsearch.
"""

from search.query.body import build_beyond_radius_query, build_query, provider_body
from search.query.suggest import autocomplete_body

__all__ = ["autocomplete_body", "build_beyond_radius_query", "build_query", "provider_body"]
