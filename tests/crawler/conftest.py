"""Fixtures of the crawler tests: the fixture-site server and a crawl runner.

Crawls run `scrapy crawl` in a subprocess (the Twisted reactor cannot restart inside one
pytest process) against the server started here, with politeness delays turned off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.fixture_sites.crawl_all import FAST_LOCAL_SETTINGS
from crawler.run import CrawlResult, run_scrapy_crawl

TEST_SETTINGS = (
    *FAST_LOCAL_SETTINGS,
    ("RETRY_BACKOFF_BASE", "0.05"),
    ("LOG_LEVEL", "INFO"),
    ("OPTOUT_FILE", ""),
)


@pytest.fixture
def fixture_site():
    from crawler.fixture_sites.server import serve

    server, _base_url = serve()
    yield server
    server.shutdown()


@pytest.fixture
def base_url(fixture_site) -> str:
    return fixture_site.base_url


def crawl(
    spider: str,
    output: Path,
    *,
    settings: dict[str, str] | None = None,
    arguments: dict[str, str] | None = None,
) -> CrawlResult:
    merged = dict(TEST_SETTINGS)
    merged.update(settings or {})
    result = run_scrapy_crawl(
        spider,
        output,
        settings=list(merged.items()),
        arguments=list((arguments or {}).items()),
        capture=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.summary is not None, result.stderr[-3000:]
    return result


def read_records(path: Path) -> list[dict]:
    from clinics.record import read_jsonl

    rows = list(read_jsonl(path))
    bad = [(line, error) for line, record, error in rows if error]
    assert not bad, bad[:3]
    return [record.model_dump(mode="json") for _, record, _ in rows]
