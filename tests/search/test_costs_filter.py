"""The "sliding scale or free care" filter (search.filters, sliding_scale_or_free) against a
real Elasticsearch node: counted, chosen, matched, and a price alone is not enough."""

from __future__ import annotations

import uuid

import pytest

from search.service import search
from search.types import GeoPoint, SearchParams
from tests.builders import create_index, provider
from tests.search.providers import TMC, VOCABULARY

pytestmark = pytest.mark.integration


def _entry(kind: str, **values) -> dict:
    return {
        "kind": kind,
        "quote": f"Fictional sample: {kind.replace('_', ' ')}.",
        "source": "clinic_sites",
        "url": "https://example.org/fees",
        "date": "2026-11-03",
        **values,
    }


PRICE = _entry("price", amount=150, currency="USD", unit="session")
DOCUMENTS = [
    provider("sliding", "Sample Sliding Scale Counseling", 29.7050, -95.4000,
             therapies=("cbt",), costs=(_entry("sliding_scale"), PRICE)),
    provider("free", "Sample Free Community Clinic", 29.7060, -95.4010,
             therapies=("cbt",), costs=(_entry("free"),)),
    provider("priced", "Sample Priced Infusions", 29.7070, -95.4020,
             therapies=("ketamine_infusion",), costs=(PRICE,)),
    provider("silent", "Sample Quiet Practice", 29.7080, -95.4030, therapies=("cbt",)),
]  # fmt: skip


@pytest.fixture(scope="module")
def index(es):
    name = f"test-costs-{uuid.uuid4().hex[:8]}"
    create_index(es, name, DOCUMENTS)
    yield name
    es.indices.delete(index=name, ignore_unavailable=True)


def run(es, index, **params):
    return search(
        es,
        SearchParams(point=GeoPoint(*TMC), radius_mi=5, **params),
        index=index,
        vocabulary=VOCABULARY,
    )


def test_counted_before_it_is_chosen(es, index):
    response = run(es, index)
    assert response.total == 4
    buckets = {b.code: (b.count, b.selected) for b in response.facets["sliding_scale_or_free"]}
    assert buckets == {"true": (2, False)}


def test_only_a_stated_sliding_scale_or_free_care_matches(es, index):
    response = run(es, index, sliding_scale_or_free=True)
    assert sorted(hit.doc_id for hit in response.hits) == ["free", "sliding"]
    assert all(hit.matched_filters == ("sliding_scale_or_free:true",) for hit in response.hits)
    buckets = {b.code: (b.count, b.selected) for b in response.facets["sliding_scale_or_free"]}
    assert buckets == {"true": (2, True)}
    # the stored entries come back whole, with their provenance
    sliding = next(hit for hit in response.hits if hit.doc_id == "sliding")
    assert sliding.document["costs"][1] == PRICE


def test_combined_with_another_filter(es, index):
    response = run(es, index, sliding_scale_or_free=True, therapies=("ketamine_infusion",))
    assert response.hits == ()
    response = run(es, index, sliding_scale_or_free=False)
    assert response.total == 4  # False means any, like every flag
