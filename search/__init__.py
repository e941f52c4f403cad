"""The search: typed parameters in, typed results out, over the index that indexer/ builds.

- types:     SearchParams, SearchResponse and the result types
- defaults:  every limit, default and boost of the search
- sanitize:  one cleaner per parameter (clamp, trim or drop, with a note; never fail)
- query/:    pure views that build Elasticsearch bodies
- facets:    facet buckets read back from a response
- service:   the one search function (search, get_provider, autocomplete)

The UI, the `clinics search` command and the API call search.service; none of them builds
Elasticsearch JSON.
"""
