"""Costs from crawl to index: prices and sliding scales that fixture pages and the
FindTreatment fixture state go through the real Scrapy crawl and the real loader on a real
Elasticsearch node, and arrive in the document with their quote, source, page and date."""

from __future__ import annotations

import pytest

from clinics import costs
from clinics import fields as F
from indexer import fields as doc
from indexer.load import load_files
from search.service import search
from search.types import SearchParams
from tests.crawler.conftest import crawl, read_records

pytestmark = pytest.mark.integration

PAGES = ("bayou-city-ketamine", "spring-creek-kap", "rice-village-cbt")


def _documents(es, index_name) -> dict[str, dict]:
    es.indices.refresh(index=index_name)
    hits = es.search(index=index_name, size=1000, query={"match_all": {}})["hits"]["hits"]
    return {
        source[F.SOURCE_REF]: hit["_source"]
        for hit in hits
        for source in hit["_source"][doc.SOURCES]
    }


def test_a_fixture_pages_prices_arrive_with_their_provenance(
    tmp_path, fixture_site, base_url, es, index_name
):
    urls = [f"{base_url}/clinics/{slug}/" for slug in PAGES]
    result = crawl("clinic_sites", tmp_path / "clinics.jsonl", arguments={"urls": ",".join(urls)})
    crawled = {r[F.SOURCE_URL]: r for r in read_records(result.output)}
    bayou, spring, rice = urls
    today = crawled[bayou][F.FETCHED_AT][:10]  # the day the page was fetched (UTC)
    # the crawl's records carry complete entries
    assert all(costs.valid_entry(e) for r in crawled.values() for e in r.get(F.COSTS, []))
    assert not crawled[rice].get(F.COSTS)  # a page that states no cost has none

    loaded = load_files(es, [result.output], alias=index_name)
    assert loaded.records_loaded == len(urls)
    documents = _documents(es, index_name)

    [offer] = documents[bayou][F.COSTS]  # schema.org makesOffer; "$$" gives no amount
    assert offer == {
        "kind": "price",
        "amount": 450,
        "currency": "USD",
        "unit": "infusion",
        "quote": "IV ketamine infusion: 450.00 USD per infusion",
        "source": "clinic_sites",
        "url": bayou,
        "date": offer["date"],
        "field": "offers",
    }
    assert offer["date"] == today  # the day the page was fetched
    assert documents[bayou][doc.COST_KINDS] == ["price"]

    spring_costs = documents[spring][F.COSTS]
    price = next(e for e in spring_costs if e["kind"] == "price")
    assert (price["amount"], price["unit"], price["url"], price["date"]) == (
        175,
        "visit",
        spring,
        today,
    )
    assert price["quote"] == "Fees: preparation visits are $175 per visit."
    sliding = next(e for e in spring_costs if e["kind"] == "sliding_scale")
    assert sliding["quote"].startswith("We offer a sliding scale")
    assert sliding["source"] == "clinic_sites" and sliding["date"] == today
    assert documents[spring][doc.COST_KINDS] == ["price", "sliding_scale"]
    assert doc.COST_KINDS not in documents[rice]

    # the filter finds the page that states a sliding scale, and only it
    found = search(es, SearchParams(sliding_scale_or_free=True, size=50), index=index_name)
    assert [hit.doc_id for hit in found.hits] == [documents[spring][doc.DOC_ID]]


def test_findtreatment_payment_assistance_arrives_as_a_sliding_scale(
    tmp_path, base_url, es, index_name
):
    result = crawl(
        "findtreatment",
        tmp_path / "ft.jsonl",
        settings={"FINDTREATMENT_API_URL": f"{base_url}/findtreatment/locator/exportsAsJson/v2"},
        arguments={"near": "77030", "radius_mi": "40", "page_size": "50"},
    )
    records = read_records(result.output)
    assert records
    for record in records:
        [entry] = record[F.COSTS]
        assert entry["kind"] == "sliding_scale" and entry["field"] == F.PAYMENT
        assert entry["quote"] == "Sliding fee scale (fee is based on income and other factors)"
        assert entry["source"] == "findtreatment" and entry["url"] == record[F.SOURCE_URL]
        assert entry["date"] == record[F.FETCHED_AT][:10]
    load_files(es, [result.output], alias=index_name)
    documents = _documents(es, index_name)
    assert documents and all(d[doc.COST_KINDS] == ["sliding_scale"] for d in documents.values())
