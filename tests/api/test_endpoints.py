"""Every HSDS endpoint through a real HTTP client against `clinics api` on a real node; every
response body is validated against the published HSDS 3 schemas (jsonschema, formats on)."""

from __future__ import annotations

import pytest

from api import ids
from api import taxonomy as tax
from tests.api import documents

pytestmark = pytest.mark.integration

SMALL = documents.small_set()
DOC_IDS = sorted(doc["doc_id"] for doc in SMALL)
KAP = "ketamine_assisted_psychotherapy"


def _ok(response):
    assert response.status_code == 200, response.text[:500]
    return response.json()


def test_root_document(http):
    body = _ok(http.get("/"))
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"].endswith("/openapi.json")
    assert "988" in body["crisis"]["message"] and "911" in body["crisis"]["message"]
    assert {line["call"] for line in body["crisis"]["lines"]} == {"988", "911"}
    assert "/v1/search" in body["endpoints"]


def test_openapi_and_docs(http):
    spec = _ok(http.get("/openapi.json"))
    paths = set(spec["paths"])
    assert {
        "/",
        "/services",
        "/services/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/organizations",
        "/organizations/{id}",
        "/taxonomies",
        "/taxonomy_terms",
        "/v1/search",
    } <= paths
    assert all(set(methods) == {"get"} for methods in spec["paths"].values())
    docs = http.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


@pytest.mark.parametrize(
    ("path", "item"),
    [
        ("/services", "service_list"),
        ("/services?full=true", "service"),
        ("/service_at_locations", "service_at_location_list"),
        ("/service_at_locations?full=true", "service_at_location"),
        ("/organizations", "organization_list"),
        ("/organizations?full=true", "organization"),
        ("/organizations?full_service=true", "organization"),
        ("/taxonomies", "taxonomy"),
        ("/taxonomy_terms", "taxonomy_term"),
    ],
)
def test_lists_validate(http, hsds, path, item):
    body = _ok(http.get(path, params={"per_page": 100}))
    hsds.check_page(body, item)
    assert body["page_number"] == 1 and body["first_page"] and body["last_page"]
    if item.startswith(("service", "organization")):
        assert body["total_items"] == len(SMALL) == body["size"]


def test_every_service_has_its_entities(http, hsds):
    body = _ok(http.get("/services", params={"per_page": 100}))
    served = sorted(ids.doc_id_of("service", item["id"]) for item in body["contents"])
    assert served == DOC_IDS
    for item in body["contents"]:
        doc_id = ids.doc_id_of("service", item["id"])
        assert item["organization_id"] == ids.entity_id("organization", doc_id)
        assert item["organization"]["id"] == item["organization_id"]


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_details_validate(http, hsds, doc_id):
    service = _ok(http.get(f"/services/{ids.entity_id('service', doc_id)}"))
    hsds.check("service", service)
    sal = _ok(http.get(f"/service_at_locations/{ids.entity_id('service_at_location', doc_id)}"))
    hsds.check("service_at_location", sal)
    organization = _ok(http.get(f"/organizations/{ids.entity_id('organization', doc_id)}"))
    hsds.check("organization", organization)
    nested = _ok(
        http.get(
            f"/organizations/{ids.entity_id('organization', doc_id)}",
            params={"full_service": "true"},
        )
    )
    hsds.check("organization", nested)
    assert nested["services"][0]["id"] == service["id"]
    assert sal["service"]["id"] == service["id"]
    assert sal["location"]["id"] == service["service_at_locations"][0]["location_id"]


def test_service_mapping(http):
    """kap-near: phones, address, schedules, languages, terms as attributes, evidence and
    provenance as metadata."""
    doc = next(d for d in SMALL if d["doc_id"] == "kap-near")
    service = _ok(http.get(f"/services/{ids.entity_id('service', 'kap-near')}"))
    assert service["name"] == doc["name"]
    assert service["url"] == doc["website"]
    assert service["phones"][0]["number"] == doc["phone"]
    assert service["schedules"][0]["byday"] == "MO,TU,WE,TH,FR"
    assert service["schedules"][0]["opens_at"] == "09:00"
    assert [lang["name"] for lang in service["languages"]] == doc["languages"]
    location = service["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (
        doc["location"]["lat"],
        doc["location"]["lon"],
    )
    address = location["addresses"][0]
    assert (address["address_1"], address["city"], address["postal_code"]) == (
        doc["address_1"],
        "Houston",
        "77030",
    )
    codes = {a["taxonomy_term"]["code"]: a for a in service["attributes"]}
    assert {KAP, "cbt", "anxiety", "depression", "telehealth", "accepting_new_patients"} <= set(
        codes
    )
    plans = [a["value"] for a in service["attributes"] if a["taxonomy_term"]["code"] == "insurance"]
    assert plans == doc["insurance"]  # one attribute a plan, in the document's order
    evidence = codes[KAP]["metadata"]
    assert evidence and evidence[0]["last_action_type"] == "evidence"
    assert evidence[0]["replacement_value"] == doc["evidence"][0]["quote"]
    assert evidence[0]["updated_by"] == doc["evidence"][0]["url"]
    provenance = [m for m in service["metadata"] if m["last_action_type"] == "source"]
    assert sorted(m["updated_by"] for m in provenance) == ["clinic_sites", "sample"]
    assert all(m["last_action_date"] == "2026-11-20T12:00:00Z" for m in provenance)
    verified = [m for m in service["metadata"] if m["last_action_type"] == "verified"]
    assert verified[0]["replacement_value"].startswith("2026-10-01")
    assert service["alert"].startswith("Fictional sample")


def test_costs_in_the_service(http, hsds):
    """kap-near states a price, a range, a sliding scale and free care (tests/api/documents.py):
    cost_options with their source and quote, fees_description; kap-mid states none."""
    from tests.api.test_costs import check_costs

    service = _ok(http.get(f"/services/{ids.entity_id('service', 'kap-near')}"))
    hsds.check("service", service)
    check_costs(service)
    organization = _ok(
        http.get(
            f"/organizations/{ids.entity_id('organization', 'kap-near')}",
            params={"full_service": "true"},
        )
    )
    check_costs(organization["services"][0])
    none = _ok(http.get(f"/services/{ids.entity_id('service', 'kap-mid')}"))
    assert not next(d for d in SMALL if d["doc_id"] == "kap-mid").get("costs")
    assert "cost_options" not in none
    assert not any(m["field_name"] == "fees_description" for m in none["metadata"])


def test_hostile_document_is_served_safely(http, hsds):
    service = _ok(http.get(f"/services/{ids.entity_id('service', 'hostile')}"))
    hsds.check("service", service)
    assert "url" not in service  # javascript: is no URL of a service


def test_unknown_and_malformed_ids(http):
    unknown = ids.entity_id("service", "no-such-doc")
    response = http.get(f"/services/{unknown}")
    assert response.status_code == 404 and "No service" in response.json()["detail"]
    other_kind = ids.entity_id("organization", "kap-near")
    assert http.get(f"/services/{other_kind}").status_code == 404
    bad = http.get("/services/not-a-uuid")
    assert bad.status_code == 422 and "UUID" in bad.json()["detail"]
    assert http.get("/taxonomy_terms/00000000-0000-4000-8000-000000000000").status_code == 404
    assert http.get("/taxonomies/00000000-0000-4000-8000-000000000000").status_code == 404


def test_taxonomy(http, hsds):
    body = _ok(http.get(f"/taxonomies/{tax.TAXONOMY_ID}"))
    hsds.check("taxonomy", body)
    top = _ok(http.get("/taxonomy_terms", params={"top_only": "true", "per_page": 100}))
    assert {t["code"] for t in top["contents"]} == {
        "therapies",
        "conditions",
        "provider_types",
        "access",
    }
    children = _ok(
        http.get("/taxonomy_terms", params={"parent_id": tax.term_id("anxiety"), "per_page": 100})
    )
    assert {"panic", "social_anxiety"} <= {t["code"] for t in children["contents"]}
    term = _ok(http.get(f"/taxonomy_terms/{tax.term_id(KAP)}"))
    hsds.check("taxonomy_term", term)
    assert term["code"] == KAP and term["taxonomy_detail"]["id"] == tax.TAXONOMY_ID
    found = _ok(http.get("/taxonomy_terms", params={"search": "ketamine", "per_page": 100}))
    assert KAP in {t["code"] for t in found["contents"]}
    everything = _ok(http.get("/taxonomy_terms", params={"per_page": 500}))
    assert everything["total_items"] == len(tax.terms())


def _service_doc_ids(body) -> list[str]:
    return sorted(ids.doc_id_of("service", item["id"]) for item in body["contents"])


def _kap_doc_ids() -> list[str]:
    return sorted(d["doc_id"] for d in SMALL if KAP in d["therapies"])


@pytest.mark.parametrize("term", [KAP, tax.term_id(KAP)])
def test_filter_by_term(http, term):
    body = _ok(http.get("/services", params={"taxonomy_term_id": term}))
    assert _service_doc_ids(body) == _kap_doc_ids()


def test_filter_by_group_and_parent_terms(http):
    ketamine = _ok(http.get("/services", params={"taxonomy_term_id": "therapies.ketamine"}))
    expected = sorted(
        d["doc_id"]
        for d in SMALL
        if {KAP, "ketamine_infusion", "esketamine_spravato"} & set(d["therapies"])
    )
    assert _service_doc_ids(ketamine) == expected
    depression = _ok(http.get("/services", params={"taxonomy_term_id": "depression"}))
    expected = sorted(
        d["doc_id"]
        for d in SMALL
        if {"depression", "treatment_resistant_depression"} & set(d["conditions"])
    )
    assert _service_doc_ids(depression) == expected
    telehealth = _ok(http.get("/services", params={"taxonomy_term_id": "telehealth"}))
    assert _service_doc_ids(telehealth) == sorted(d["doc_id"] for d in SMALL if d["telehealth"])
    unknown = _ok(
        http.get("/services", params={"taxonomy_term_id": "00000000-0000-4000-8000-000000000000"})
    )
    assert unknown["total_items"] == 0 and unknown["empty"]


def test_filter_by_organization_text_and_date(http):
    org = ids.entity_id("organization", "kap-mid")
    body = _ok(http.get("/services", params={"organization_id": org}))
    assert _service_doc_ids(body) == ["kap-mid"]
    text = _ok(http.get("/services", params={"search": "Montrose"}))
    assert _service_doc_ids(text) == ["kap-edge"]
    assert _ok(http.get("/services", params={"modified_after": "2030-01-01"}))["total_items"] == 0
    assert _ok(http.get("/services", params={"modified_after": "2026-01-01T00:00:00Z"}))[
        "total_items"
    ] == len(SMALL)
    other = _ok(
        http.get("/services", params={"taxonomy_id": "00000000-0000-4000-8000-000000000000"})
    )
    assert other["total_items"] == 0
    ours = _ok(http.get("/services", params={"taxonomy_id": tax.TAXONOMY_ID}))
    assert ours["total_items"] == len(SMALL)


def test_service_at_locations_by_postcode(http):
    body = _ok(http.get("/service_at_locations", params={"postcode": "77030"}))
    assert body["total_items"] == len(SMALL)
    assert _ok(http.get("/service_at_locations", params={"postcode": "10001"}))["total_items"] == 0
    near = _ok(http.get("/service_at_locations", params={"postcode": "77030", "proximity": 2000}))
    assert 0 < near["total_items"] < len(SMALL)  # within 2 km of the ZIP's centre


def test_minimal_and_paging(http):
    body = _ok(http.get("/services", params={"minimal": "true", "per_page": 1000}))
    assert {"id", "last_modified"} == set(body["contents"][0])
    assert body["total_items"] == len(SMALL)
    seen = []
    for page in range(1, 4):
        body = _ok(http.get("/services", params={"per_page": 3, "page": page}))
        assert body["page_number"] == page and body["total_pages"] == 3
        assert body["last_page"] == (page == 3)
        seen += [item["id"] for item in body["contents"]]
    assert len(seen) == len(set(seen)) == len(SMALL)
    past = _ok(http.get("/services", params={"per_page": 3, "page": 99}))
    assert past["empty"] and past["size"] == 0


def test_ndjson(http, hsds):
    response = http.get("/services", params={"format": "ndjson", "full": "true"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    import json

    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == len(SMALL)
    for line in lines:
        hsds.check("service", line)


def test_headers_cors_etag_cache(http):
    response = http.get("/services", headers={"Origin": "https://example.net"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"].startswith("public, max-age=")
    etag = response.headers["etag"]
    again = http.get("/services", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    plain = http.get("/")
    assert plain.headers["access-control-allow-origin"] == "*"
    preflight = http.options(
        "/services",
        headers={"Origin": "https://example.net", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_get_only(http, method):
    response = http.request(method, "/services", json={})
    assert response.status_code == 405
    assert "read-only" in response.json()["detail"]
    assert response.headers["cache-control"] == "no-store"


def test_bad_parameters_get_a_clear_422(http):
    for params, word in [
        ({"per_page": 0}, "per_page"),
        ({"per_page": 600}, "per_page"),
        ({"page": "x"}, "page"),
        ({"modified_after": "yesterday"}, "modified_after"),
        ({"organization_id": "abc"}, "organization_id"),
        ({"taxonomy_term_id": "no_such_code"}, "taxonomy_term_id"),
        ({"format": "xml"}, "format"),
        ({"full": "perhaps"}, "full"),
    ]:
        response = http.get("/services", params=params)
        assert response.status_code == 422, params
        body = response.json()
        assert word in body["detail"] and body["detail"].endswith(".")
        assert "\n" not in body["detail"]


def test_head_is_a_get_without_the_body(http):
    get = http.get("/services")
    head = http.head("/services")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == get.headers["content-length"]
