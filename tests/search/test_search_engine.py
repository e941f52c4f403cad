"""The search against a real Elasticsearch node, with documents built in code."""

from __future__ import annotations

import socket
import uuid

import pytest
from elasticsearch import Elasticsearch
from geopy.distance import geodesic

from search.defaults import HIGHLIGHT_POST, HIGHLIGHT_PRE
from search.service import SearchUnavailable, autocomplete, get_provider, search
from search.types import GeoPoint, SearchParams
from tests.builders import create_index
from tests.search.providers import KAP, PROVIDERS, TMC, VOCABULARY

pytestmark = pytest.mark.integration

AT_TMC = GeoPoint(*TMC)


@pytest.fixture(scope="module")
def index(es):
    name = f"test-search-{uuid.uuid4().hex[:8]}"
    create_index(es, name, PROVIDERS)
    yield name
    es.indices.delete(index=name, ignore_unavailable=True)


def run(es, index, **params):
    return search(es, SearchParams(**params), index=index, vocabulary=VOCABULARY)


def ids(response):
    return [hit.doc_id for hit in response.hits]


def test_ketamine_within_5_miles_of_77030_nearest_first_with_true_distances(es, index):
    response = run(es, index, near_text="77030", radius_mi=5, therapies=(KAP,))

    assert response.location.precision == "zip"
    assert ids(response) == ["kap-near", "kap-mid", "kap-edge"]
    assert response.total == 3
    origin = (response.location.lat, response.location.lon)
    for hit in response.hits:
        where = hit.document["location"]
        expected = geodesic(origin, (where["lat"], where["lon"])).miles
        assert hit.distance_mi == pytest.approx(expected, abs=0.1)
        assert KAP in hit.document["therapies"]
        assert hit.matched_filters == (f"therapies:{KAP}",)
    distances = [hit.distance_mi for hit in response.hits]
    assert distances == sorted(distances)
    assert response.beyond_radius is False
    assert response.hits[0].sources[0].url == "https://example.org/sample/kap-near"


def _counts(response, group):
    return {b.code: (b.count, b.selected) for b in response.facets[group]}


def test_facets_count_other_choices_of_a_selected_group(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=5, therapies=(KAP,))

    # choosing KAP narrows the hits, not the therapy counts within the radius
    assert _counts(response, "therapies") == {
        KAP: (3, True),
        "cbt": (2, False),
        "emdr": (2, False),
        "dbt": (1, False),
    }
    # other groups count only among KAP providers
    assert _counts(response, "conditions") == {
        "depression": (2, False),
        "anxiety": (1, False),
        "ptsd": (1, False),
    }
    assert _counts(response, "telehealth") == {"true": (2, False), "false": (1, False)}


def test_facets_follow_other_groups_and_keep_selected_codes_with_no_match(es, index):
    response = run(
        es, index, point=AT_TMC, radius_mi=5, therapies=(KAP, "tms"), conditions=("anxiety",)
    )

    assert ids(response) == ["kap-near"]
    # therapy counts among anxiety providers; tms is selected but has none within 5 miles
    assert _counts(response, "therapies") == {
        "cbt": (2, False),
        "dbt": (1, False),
        KAP: (1, True),
        "tms": (0, True),
    }
    # condition counts among KAP or TMS providers
    assert _counts(response, "conditions") == {
        "depression": (2, False),
        "anxiety": (1, True),
        "ptsd": (1, False),
    }


def test_a_selected_value_nobody_has_still_shows_with_zero(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=5, insurance=("Humana",))
    assert response.hits == ()
    assert _counts(response, "insurance") == {
        "aetna": (2, False),
        "cigna": (1, False),
        "self-pay": (1, False),
        "humana": (0, True),
    }


def test_languages_besides_english_are_counted_and_matched(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=5)
    assert _counts(response, "other_language") == {"true": (2, False)}
    chosen = run(es, index, point=AT_TMC, radius_mi=5, other_language=True)
    assert _counts(chosen, "other_language") == {"true": (2, True)}
    assert all(hit.matched_filters == ("other_language:true",) for hit in chosen.hits)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"telehealth": True}, ["cbt-near", "kap-near", "kap-edge"]),
        ({"accepting_new_patients": True}, ["cbt-near", "kap-near", "kap-mid"]),
        ({"insurance": ("AETNA",)}, ["cbt-near", "kap-near"]),
        ({"languages": ("spanish",)}, ["kap-near"]),
        ({"other_language": True}, ["cbt-near", "kap-near"]),
        ({"conditions": ("ptsd",)}, ["emdr-mid", "kap-edge"]),
        ({"provider_types": ("psychologist",)}, ["emdr-mid"]),
        ({"therapies": ("cbt", "dbt")}, ["cbt-near", "kap-near", "dbt-mid"]),
        (
            {"therapies": ("cbt",), "telehealth": True, "insurance": ("aetna",)},
            ["cbt-near", "kap-near"],
        ),
        ({"text": "trauma"}, ["emdr-mid"]),
        ({"text": "ketamin"}, ["kap-near", "kap-mid", "kap-edge"]),  # one typo allowed
        ({"text": "ketamine integration"}, ["kap-near"]),  # every word must match
        ({}, ["cbt-near", "kap-near", "emdr-mid", "kap-mid", "dbt-mid", "kap-edge"]),
    ],
)
def test_each_filter_within_5_miles(es, index, params, expected):
    response = run(es, index, point=AT_TMC, radius_mi=5, **params)
    assert ids(response) == expected
    assert response.total == len(expected)


@pytest.mark.parametrize(
    "text",
    [
        'AND OR ( " * ~',
        'name:"x" OR therapies:* AND (cbt~2 || emdr^10) NOT [a TO z] /regex/ \\',
        "x" * 10_240,
        "🧠💊 ketamine 🙂",
        "<script>alert('x')</script><b>cbt</b>",
        "\x00\x01\x1b[31m cbt \x7f",
        "' OR 1=1; --",
        '{"query": {"match_all": {}}}',
        "   ",
    ],
)
def test_hostile_text_returns_normally(es, index, text):
    response = run(es, index, point=AT_TMC, radius_mi=5, text=text)
    assert response.total >= 0
    if len(text) > 200:
        assert any("200" in warning for warning in response.warnings)


def test_highlights_are_plain_text(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=5, text="trauma")
    fragments = response.hits[0].highlights["search_text"]
    assert any("trauma" in fragment for fragment in fragments)
    for fragment in fragments:
        assert HIGHLIGHT_PRE not in fragment and HIGHLIGHT_POST not in fragment
        assert "<em>" not in fragment


def test_nothing_within_the_radius_returns_the_nearest_beyond_it(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=2, therapies=("tms",))

    assert response.beyond_radius is True
    assert ids(response) == ["tms-far"]
    assert response.nearest_beyond_mi == pytest.approx(26.07, abs=0.1)
    assert _counts(response, "therapies")["tms"] == (0, True)


def test_nothing_anywhere_is_an_empty_answer(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=2, text="acupuncture")
    assert response.hits == () and response.beyond_radius is False


@pytest.mark.parametrize("sort", ["distance", "relevance", "recent"])
def test_search_after_pages_through_every_hit_once(es, index, sort):
    seen, after, pages = [], None, 0
    while True:
        response = run(es, index, point=AT_TMC, radius_mi=30, size=3, sort=sort, search_after=after)
        seen.extend(ids(response))
        pages += 1
        after = response.next_search_after
        if after is None:
            break
    assert sorted(seen) == sorted(doc["doc_id"] for doc in PROVIDERS)
    assert pages == 3


def test_recent_sort_puts_the_latest_verified_first(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=30, sort="recent", size=3)
    assert ids(response) == ["kap-far", "kap-mid", "cbt-near"]


def test_relevance_sort_ranks_name_matches_first(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=30, sort="relevance", text="ketamine")
    assert ids(response)[:2] == ["kap-near", "kap-far"]  # "Ketamine" in the name


def test_without_a_location_searches_everywhere_and_says_so(es, index):
    response = run(es, index, text="ketamine")
    assert response.location is None
    assert set(ids(response)) == {"kap-near", "kap-mid", "kap-edge", "kap-far"}
    assert all(hit.distance_mi is None for hit in response.hits)
    assert any("no location" in warning for warning in response.warnings)


def test_a_place_that_matches_nothing_offers_suggestions(es, index):
    response = run(es, index, near_text="Huston, TX", therapies=(KAP,))
    assert response.location is None
    assert response.hits == ()
    assert "Houston, TX" in response.location_suggestions
    assert response.warnings


def test_unknown_codes_are_dropped_and_the_search_still_runs(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=5, therapies=("reiki", KAP))
    assert ids(response) == ["kap-near", "kap-mid", "kap-edge"]
    assert any("reiki" in warning for warning in response.warnings)


def test_a_page_position_from_another_sort_falls_back_to_the_first_page(es, index):
    response = run(es, index, point=AT_TMC, radius_mi=5, search_after=("not-a-number", "x"))
    assert ids(response)[0] == "cbt-near"
    assert any("page position" in warning for warning in response.warnings)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("bay", ["Bayou Ketamine Collective"]),
        ("Medical Cen", ["Medical Center Counseling"]),
        ("zzz", []),
        ("", []),
        ("\x00\x01", []),
        ("🧠" * 500, []),
    ],
)
def test_autocomplete_names(es, index, prefix, expected):
    assert autocomplete(es, prefix, index=index) == expected


def test_one_provider_by_id_with_its_distance(es, index):
    hit = get_provider(es, "emdr-mid", index=index, point=AT_TMC)
    assert hit.name == "Rice Village Trauma Therapy"
    assert hit.distance_mi == pytest.approx(1.22, abs=0.05)
    assert get_provider(es, "no-such-id", index=index) is None
    assert get_provider(es, "", index=index) is None


def test_a_missing_index_is_an_empty_answer_with_a_warning(es):
    response = search(
        es,
        SearchParams(point=AT_TMC),
        index=f"test-missing-{uuid.uuid4().hex}",
        vocabulary=VOCABULARY,
    )
    assert response.hits == ()
    assert any("does not exist" in warning for warning in response.warnings)
    assert autocomplete(es, "bay", index="test-missing-index") == []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_engine_raises_search_unavailable():
    client = Elasticsearch(f"http://127.0.0.1:{_closed_port()}", max_retries=0, request_timeout=2)
    with pytest.raises(SearchUnavailable, match="not reachable"):
        search(client, SearchParams(point=AT_TMC), index="providers", vocabulary=VOCABULARY)
    with pytest.raises(SearchUnavailable):
        autocomplete(client, "bay", index="providers")
