"""/v1/search: the same providers in the same order as `clinics search` and as the search
function itself, for the same parameters; facets, evidence, distances and paging."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from api import searching
from tests.api import documents

pytestmark = pytest.mark.integration

KAP = "ketamine_assisted_psychotherapy"

# (API parameters, the same search as `clinics search` arguments)
CASES = [
    ({"near": "77030"}, ["--near", "77030"]),
    ({"near": "77030", "therapy": KAP}, ["--near", "77030", "--therapy", KAP]),
    (
        {"lat": 29.7041, "lon": -95.401, "radius_mi": 5, "condition": ["anxiety", "ptsd"]},
        [
            "--lat",
            "29.7041",
            "--lon",
            "-95.401",
            "--radius-mi",
            "5",
            "--condition",
            "anxiety",
            "ptsd",
        ],
    ),
    ({"near": "77030", "telehealth": "true"}, ["--near", "77030", "--telehealth"]),
    (
        {"near": "77030", "accepting": "true", "insurance": "Aetna"},
        ["--near", "77030", "--accepting", "--insurance", "Aetna"],
    ),
    ({"q": "ketamine", "sort": "relevance"}, ["--q", "ketamine", "--sort", "relevance"]),
    (
        {"near": "77030", "sort": "recent", "limit": 3},
        ["--near", "77030", "--sort", "recent", "--limit", "3"],
    ),
    (
        {"near": "77030", "radius_mi": 1, "therapy": "ketamine_infusion"},
        ["--near", "77030", "--radius-mi", "1", "--therapy", "ketamine_infusion"],
    ),
    ({"near": "77030", "language": "Vietnamese"}, ["--near", "77030", "--language", "Vietnamese"]),
]


def _cli(es_url: str, index: str, args: list[str]) -> dict:
    env = {**os.environ, "ES_URL": es_url, "CLINICS_INDEX_ALIAS": index}
    done = subprocess.run(
        [sys.executable, "-m", "clinics.cli", "search", *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(("params", "args"), CASES, ids=[str(c[0]) for c in CASES])
def test_same_as_clinics_search(http, es_url, small_index, params, args):
    response = http.get("/v1/search", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    cli = _cli(es_url, small_index, args)
    assert [r["doc_id"] for r in body["results"]] == [h["doc_id"] for h in cli["hits"]]
    assert body["total"] == cli["total"]
    assert body["beyond_radius"] == cli["beyond_radius"]
    distances = [r["distance_mi"] for r in body["results"]]
    expected = [
        None if h["distance_mi"] is None else round(h["distance_mi"], 3) for h in cli["hits"]
    ]
    assert distances == expected


def test_same_as_the_search_function(http, es, small_index):
    params = searching.SearchParams(near_text="77030", therapies=(KAP,), size=2)
    direct = searching.run_search(es, params, index=small_index)
    body = http.get("/v1/search", params={"near": "77030", "therapy": KAP, "limit": 2}).json()
    assert [r["doc_id"] for r in body["results"]] == [h.doc_id for h in direct.hits]
    # the next page, through the cursor the response hands out
    assert body["next_after"] is not None
    following = http.get(
        "/v1/search",
        params={"near": "77030", "therapy": KAP, "limit": 2, "after": body["next_after"]},
    ).json()
    then = searching.run_search(
        es,
        searching.SearchParams(
            near_text="77030", therapies=(KAP,), size=2, search_after=direct.next_search_after
        ),
        index=small_index,
    )
    assert [r["doc_id"] for r in following["results"]] == [h.doc_id for h in then.hits]
    assert following["next"] is None or "after=" in following["next"]


def test_results_carry_evidence_facets_and_links(http):
    body = http.get("/v1/search", params={"near": "77030", "therapy": KAP}).json()
    first = body["results"][0]
    doc = next(d for d in documents.small_set() if d["doc_id"] == first["doc_id"])
    assert first["evidence"] == doc["evidence"]
    assert first["sources"][0]["url"].startswith("https://example.org/")
    assert f"therapies:{KAP}" in first["matched_filters"]
    assert first["hsds"]["service_id"]
    assert "merge_block" not in first and "search_text" not in first
    therapies = {b["code"]: b for b in body["facets"]["therapies"]}
    assert therapies[KAP]["selected"] and therapies[KAP]["label"].startswith("Ketamine")
    assert body["location"]["matched_name"]
    service = http.get(f"/services/{first['hsds']['service_id']}")
    assert service.status_code == 200


def test_warnings_and_crisis(http):
    body = http.get(
        "/v1/search", params={"near": "77030", "therapy": "no_such_therapy", "limit": 500}
    ).json()
    assert any("unknown therapy code" in w for w in body["warnings"])
    assert any("page size clamped" in w for w in body["warnings"])
    crisis = http.get("/v1/search", params={"q": "I want to die"}).json()
    assert "988" in crisis["crisis"]["message"]
    nowhere = http.get("/v1/search", params={"near": "zzqx nowhere place"}).json()
    assert nowhere["results"] == [] and nowhere["location"] is None


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"lat": 29.7}, "lat"),
        ({"near": "77030", "lat": 29.7, "lon": -95.4}, "near"),
        ({"lat": 91, "lon": 0}, "lat"),
        ({"radius_mi": "wide"}, "radius_mi"),
        ({"sort": "cheapest"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"after": "[[[1]]]"}, "after"),
        ({"telehealth": "maybe"}, "telehealth"),
    ],
)
def test_bad_search_parameters(http, params, word):
    response = http.get("/v1/search", params=params)
    assert response.status_code == 422
    assert word in response.json()["detail"]


def test_every_filter_of_the_search_is_a_parameter(http):
    """The search's filter registry names each filter's `clinics search` flag; /v1/search
    takes each under the same name (--provider-type: provider_type)."""
    spec = http.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/v1/search"]["get"]["parameters"]}
    for group in searching.FILTER_GROUPS:
        flag = getattr(group, "cli_flag", None)
        if flag is None:
            continue
        assert flag.lstrip("-").replace("-", "_") in names, flag


def test_other_language(http):
    body = http.get("/v1/search", params={"near": "77030", "other_language": "true"}).json()
    expected = {
        d["doc_id"]
        for d in documents.small_set()
        if any(lang.casefold() != "english" for lang in d["languages"])
    }
    assert body["results"] and {r["doc_id"] for r in body["results"]} <= expected
