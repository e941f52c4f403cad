"""A small bundled outline basemap (outline.geojson) for maps that must work offline."""
