"""Crawl every fixture source into JSONL files (the demo's sample data).

    from crawler.fixture_sites.crawl_all import crawl_all_fixture_sources
    outputs = crawl_all_fixture_sources("data/demo")   # {source: Path of its JSONL}

or `python -m crawler.fixture_sites.crawl_all OUTPUT_DIR`. Starts the fixture server on a
free port unless `base_url` is given, and runs the four sources through the real Scrapy
engine with politeness delays off (it is our own local server) and is_sample set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.run import CrawlResult, run_scrapy_crawl

FAST_LOCAL_SETTINGS = (
    ("AUTOTHROTTLE_ENABLED", "0"),
    ("DOWNLOAD_DELAY", "0"),
    ("RETRY_BACKOFF_BASE", "0.1"),
    ("HTTPCACHE_ENABLED", "0"),
    ("CLINICS_SAMPLE", "1"),
    ("LOG_LEVEL", "WARNING"),
)


def fixture_crawls(
    base_url: str,
) -> list[tuple[str, str, list[tuple[str, str]], list[tuple[str, str]]]]:
    """(source, spider, settings, arguments) of every fixture source."""
    return [
        (
            "npi",
            "npi",
            [("NPI_API_URL", f"{base_url}/npi/api/")],
            [("city", "Houston"), ("state", "TX")],
        ),
        (
            "findtreatment",
            "findtreatment",
            [("FINDTREATMENT_API_URL", f"{base_url}/findtreatment/locator/exportsAsJson/v2")],
            [("lat", "29.7041"), ("lon", "-95.401"), ("radius_mi", "40"), ("page_size", "5")],
        ),
        ("clinic_sites", "clinic_sites", [], [("sitemaps", f"{base_url}/clinics/sitemap.xml")]),
        ("directory:example", "directory", [], [("name", "example"), ("base_url", base_url)]),
    ]


def crawl_all_fixture_sources(
    output_dir: str | Path, base_url: str | None = None, *, capture: bool = True
) -> dict[str, CrawlResult]:
    """Crawl the four fixture sources; returns {source: CrawlResult} (result.output is the JSONL)."""
    output_dir = Path(output_dir)
    server = None
    if base_url is None:
        from crawler.fixture_sites.server import serve

        server, base_url = serve()
    try:
        results = {}
        for source, spider, settings, arguments in fixture_crawls(base_url):
            output = output_dir / f"{source.replace(':', '-')}.jsonl"
            results[source] = run_scrapy_crawl(
                spider,
                output,
                settings=[*FAST_LOCAL_SETTINGS, *settings],
                arguments=arguments,
                capture=capture,
            )
        return results
    finally:
        if server is not None:
            server.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Crawl every fixture source into OUTPUT_DIR.")
    parser.add_argument("output_dir")
    parser.add_argument("--base-url", help="a running fixture server (default: start one)")
    args = parser.parse_args(argv)
    results = crawl_all_fixture_sources(args.output_dir, args.base_url)
    failed = False
    for source, result in results.items():
        summary = result.summary or {}
        print(f"{source}: {summary.get('records', '?')} records -> {result.output}")
        failed |= result.returncode != 0 or summary.get("finish_reason") != "finished"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
