"""Everything that talks to Elasticsearch: index design, loading, merging and search."""
