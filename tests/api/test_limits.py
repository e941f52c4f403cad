"""The rate limit (429 + Retry-After) and an engine that is down (503, one sentence)."""

from __future__ import annotations

import pytest

from api import ids
from tests.api.conftest import free_port, start_server, stop_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def limited_api(tmp_path_factory, es_url, small_index):
    server = start_server(
        tmp_path_factory.mktemp("limited"),
        {
            "ES_URL": es_url,
            "CLINICS_INDEX_ALIAS": small_index,
            "CLINICS_API_RATE_LIMIT": "5/minute",
        },
    )
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def engine_down_api(tmp_path_factory, small_index):
    closed = free_port()  # nothing listens there
    server = start_server(
        tmp_path_factory.mktemp("down"),
        {
            "ES_URL": f"http://127.0.0.1:{closed}",
            "CLINICS_INDEX_ALIAS": small_index,
            "CLINICS_API_RATE_LIMIT": "off",
        },
    )
    yield server
    stop_server(server)


def test_rate_limit(limited_api):
    with limited_api.client() as client:
        answers = [client.get("/taxonomies") for _ in range(5)]
        assert [a.status_code for a in answers] == [200] * 5
        refused = client.get("/services")
        assert refused.status_code == 429
        retry = int(refused.headers["retry-after"])
        assert 1 <= retry <= 60
        body = refused.json()
        assert body["status"] == 429 and "try again in" in body["detail"]
        assert refused.headers["access-control-allow-origin"] == "*"
        assert refused.headers["cache-control"] == "no-store"
        assert client.get("/v1/search").status_code == 429


@pytest.mark.parametrize(
    "path",
    [
        "/services",
        "/services?full=true",
        "/service_at_locations",
        "/organizations",
        f"/services/{ids.entity_id('service', 'kap-near')}",
        f"/organizations/{ids.entity_id('organization', 'kap-near')}",
        f"/service_at_locations/{ids.entity_id('service_at_location', 'kap-near')}",
        "/services?format=ndjson",
        "/v1/search?near=77030",
        "/v1/search?lat=29.7&lon=-95.4&therapy=cbt",
    ],
)
def test_engine_down_is_503_in_one_sentence(engine_down_api, path):
    with engine_down_api.client() as client:
        response = client.get(path)
    assert response.status_code == 503, response.text[:300]
    body = response.json()
    detail = body["detail"]
    assert detail.endswith(".") and detail.count(". ") == 0 and "\n" not in detail
    assert "Traceback" not in response.text and "elastic" not in response.text.lower()
    assert int(response.headers["retry-after"]) > 0
    assert response.headers["cache-control"] == "no-store"


def test_engine_down_leaves_the_rest_up(engine_down_api):
    with engine_down_api.client() as client:
        assert client.get("/").status_code == 200
        assert client.get("/taxonomy_terms").status_code == 200
        assert client.get("/openapi.json").status_code == 200
    assert "Traceback" not in engine_down_api.output()
