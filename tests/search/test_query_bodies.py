"""Query bodies: sanitized params and a point in, the exact Elasticsearch body out.

Each case's expected body is a fixture in tests/fixtures/queries/<case>.json.
CLINICS_UPDATE_SNAPSHOTS=1 rewrites the fixtures (review the diff before committing).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from search.query import (
    autocomplete_body,
    build_beyond_radius_query,
    build_query,
    provider_body,
)
from search.types import GeoPoint, SearchParams

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "queries"
TMC = GeoPoint(lat=29.7069, lon=-95.3972)  # Texas Medical Center, ZIP 77030

CASES = {
    "minimal": lambda: build_query(SearchParams(), TMC),
    "all_filters": lambda: build_query(
        SearchParams(
            radius_mi=5.0,
            therapies=("ketamine_assisted_psychotherapy", "cbt"),
            conditions=("anxiety",),
            provider_types=("psychiatrist",),
            telehealth=True,
            accepting_new_patients=True,
            insurance=("aetna",),
            languages=("spanish",),
        ),
        TMC,
    ),
    "text": lambda: build_query(SearchParams(text="ketamine depression", sort="relevance"), TMC),
    "no_location": lambda: build_query(SearchParams(text="emdr", sort="relevance"), None),
    "sort_recent": lambda: build_query(SearchParams(sort="recent", size=20), TMC),
    "search_after": lambda: build_query(
        SearchParams(therapies=("cbt",), search_after=(1.25, "npi:1234567890")), TMC
    ),
    "beyond_radius": lambda: build_beyond_radius_query(
        SearchParams(radius_mi=2.0, therapies=("tms",), text="clinic"), TMC, 5
    ),
    "autocomplete": lambda: autocomplete_body("sample ba", 8),
    "provider": lambda: provider_body("npi:1234567890"),
}


def _fixture(name: str) -> Path:
    return FIXTURES / f"{name}.json"


@pytest.mark.parametrize("case", sorted(CASES))
def test_query_body_matches_fixture(case):
    body = CASES[case]()
    path = _fixture(case)
    if os.environ.get("CLINICS_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert json.loads(json.dumps(body)) == expected


def _walk(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_body_parses_query_syntax(case):
    keys = set(_walk(CASES[case]()))
    assert not keys & {"query_string", "simple_query_string", "script", "script_score"}


def test_selected_filters_narrow_hits_not_facets():
    body = CASES["all_filters"]()
    # the radius is part of the query (it bounds every count); selections are post filters
    assert [next(iter(c)) for c in body["query"]["bool"]["filter"]] == ["geo_distance"]
    selected = body["post_filter"]["bool"]["filter"]
    assert len(selected) == 7
    # each facet is filtered by the other selections, never by its own
    for name, agg in body["aggs"].items():
        others = agg["filter"]["bool"]["filter"]
        own = [clause for clause in selected if name in json.dumps(clause)]
        assert len(others) == len(selected) - len(own)
        assert all(name not in json.dumps(clause) for clause in others)


def test_text_is_the_only_scored_clause():
    query = CASES["text"]()["query"]["bool"]
    assert list(query["must"][0]) == ["multi_match"]
    assert "should" not in query
