"""The real engine through the official client: geo_point, geo_distance, distance sort."""

import pytest
from geopy.distance import geodesic

pytestmark = pytest.mark.integration

TEXAS_MEDICAL_CENTER = (29.7069, -95.3972)
DOCUMENTS = {
    "near": (29.7100, -95.4000),  # about 0.3 mi
    "middle": (29.7600, -95.3700),  # downtown Houston, about 4 mi
    "far": (29.6197, -95.6349),  # Sugar Land, about 15 mi
}


def test_geo_distance_query_finds_documents_nearest_first(es, index_name):
    es.indices.create(
        index=index_name, mappings={"properties": {"location": {"type": "geo_point"}}}
    )
    for doc_id, (lat, lon) in DOCUMENTS.items():
        es.index(index=index_name, id=doc_id, document={"location": {"lat": lat, "lon": lon}})
    es.indices.refresh(index=index_name)

    lat, lon = TEXAS_MEDICAL_CENTER
    response = es.search(
        index=index_name,
        query={"geo_distance": {"distance": "10mi", "location": {"lat": lat, "lon": lon}}},
        sort=[{"_geo_distance": {"location": {"lat": lat, "lon": lon}, "unit": "mi"}}],
    )

    hits = response["hits"]["hits"]
    assert [hit["_id"] for hit in hits] == ["near", "middle"]
    for hit in hits:
        expected = geodesic(TEXAS_MEDICAL_CENTER, DOCUMENTS[hit["_id"]]).miles
        assert hit["sort"][0] == pytest.approx(expected, abs=0.05)
