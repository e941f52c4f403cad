"""Crawl to index: every fixture clinic page through the real Scrapy crawl and the real
loader on a real Elasticsearch node. The indexed document keeps every therapy and condition
code that `clinics extract` gives the same page, each with its evidence: indexing only adds.
"""

from __future__ import annotations

import urllib.request

import pytest

from clinics import evidence as ev
from clinics import fields as F
from crawler.fixture_sites import clinic_pages
from crawler.offline import extract
from indexer import fields as doc
from indexer.load import load_files
from tests.crawler.conftest import crawl, read_records

pytestmark = pytest.mark.integration


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_indexed_documents_keep_every_code_extract_gives(
    tmp_path, fixture_site, base_url, es, index_name
):
    urls = [f"{base_url}/clinics/{clinic.slug}/" for clinic in clinic_pages.CLINICS]
    result = crawl("clinic_sites", tmp_path / "clinics.jsonl", arguments={"urls": ",".join(urls)})
    crawled = {r[F.SOURCE_URL]: r for r in read_records(result.output)}

    expected: dict[str, tuple[set[str], set[str]]] = {}
    for url in urls:
        offline = extract("clinic_sites", fetch(url), url)
        assert len(offline.records) == 1, (url, offline.problems)
        record = offline.records[0]
        expected[url] = (set(record.get(F.THERAPIES) or ()), set(record.get(F.CONDITIONS) or ()))
        assert expected[url][0], f"{url}: extract found no therapy"
        assert url in crawled, f"{url}: not in the crawl output"
        # the crawl and `clinics extract` read the page the same way
        assert set(crawled[url][F.THERAPIES]) == expected[url][0], url
        assert set(crawled[url][F.CONDITIONS]) == expected[url][1], url

    loaded = load_files(es, [result.output], alias=index_name)
    assert loaded.records_loaded == len(urls)
    es.indices.refresh(index=index_name)
    hits = es.search(index=index_name, size=1000, query={"match_all": {}})["hits"]["hits"]
    by_url: dict[str, dict] = {}
    for hit in hits:
        for source in hit["_source"][doc.SOURCES]:
            by_url[source[F.SOURCE_REF]] = hit["_source"]

    checked = 0
    for url, (therapies, conditions) in expected.items():
        document = by_url[url]
        assert set(document.get(F.THERAPIES) or ()) >= therapies, url
        assert set(document.get(F.CONDITIONS) or ()) >= conditions, url
        for code in [*document.get(F.THERAPIES, []), *document.get(F.CONDITIONS, [])]:
            backing = ev.for_code(document.get(F.EVIDENCE), code)
            assert backing, f"{url}: {code} has no evidence in the index"
            assert all(e.get(ev.QUOTE) or e.get(ev.SOURCE_CODE) for e in backing)
            checked += 1
    print(f"crawl-to-index: {len(urls)} pages, {checked} indexed codes with evidence")
    # the two plain-HTML pages that used to lose every code in the index
    spring_creek = by_url[f"{base_url}/clinics/spring-creek-kap/"]
    assert "ketamine_assisted_psychotherapy" in spring_creek[F.THERAPIES]
    assert {"depression", "anxiety"} <= set(spring_creek[F.CONDITIONS])
    midtown = by_url[f"{base_url}/clinics/midtown-trauma-counseling/"]
    assert {"emdr", "trauma_focused"} <= set(midtown[F.THERAPIES])
    assert "ptsd" in midtown[F.CONDITIONS]
