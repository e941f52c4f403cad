"""Paging to the end of a 10,000-document index: every service once, in doc_id order, past
the engine's result window (lowered to 1,000 on this index, so most pages take the
search_after path), and a deep page asked for directly."""

from __future__ import annotations

import pytest
from elasticsearch import helpers

from api import ids
from tests.api.conftest import LARGE_COUNT, LARGE_WINDOW

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def doc_ids(es, large_index) -> list[str]:
    return sorted(hit["_id"] for hit in helpers.scan(es, index=large_index, _source=False))


@pytest.mark.parametrize(
    ("path", "kind", "per_page"),
    [("/services", "service", 300), ("/service_at_locations", "service_at_location", 500)],
)
def test_every_service_once(large_api, doc_ids, path, kind, per_page):
    seen: list[str] = []
    page = 1
    with large_api.client() as client:
        while True:
            body = client.get(path, params={"page": page, "per_page": per_page}).json()
            assert body["total_items"] == LARGE_COUNT
            assert body["page_number"] == page
            seen += [ids.doc_id_of(kind, item["id"]) for item in body["contents"]]
            if body["last_page"]:
                break
            page += 1
    assert page == -(-LARGE_COUNT // per_page) > LARGE_WINDOW // per_page
    assert seen == doc_ids  # each once, in doc_id order


def test_a_deep_page_directly(large_api, doc_ids):
    with large_api.client() as client:
        body = client.get("/services", params={"page": 27, "per_page": 250}).json()
        again = client.get("/services", params={"page": 27, "per_page": 250}).json()
        past = client.get("/services", params={"page": 41, "per_page": 250}).json()
    got = [ids.doc_id_of("service", item["id"]) for item in body["contents"]]
    assert got == doc_ids[26 * 250 : 27 * 250]
    assert again == body
    assert past["empty"] and past["total_items"] == LARGE_COUNT


def test_filtered_deep_pages(large_api, es, large_index):
    expected = sorted(
        hit["_id"]
        for hit in helpers.scan(
            es, index=large_index, query={"query": {"term": {"therapies": "cbt"}}}, _source=False
        )
    )
    seen: list[str] = []
    with large_api.client() as client:
        for page in range(1, 100):
            body = client.get(
                "/services", params={"taxonomy_term_id": "cbt", "per_page": 400, "page": page}
            ).json()
            seen += [ids.doc_id_of("service", item["id"]) for item in body["contents"]]
            if body["last_page"]:
                break
    assert len(expected) > LARGE_WINDOW
    assert seen == expected
