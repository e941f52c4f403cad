"""The crawl summary: pages, records, dropped by reason, errors, duration.

Written as JSON next to the feed (<output>.summary.json, or SUMMARY_FILE) when the spider
closes, and printed to stdout, for `scrapy crawl` and `clinics crawl` alike.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from typing import Any

from scrapy import signals

from crawler import dead_letters, stats
from crawler.outputs import feed_path, summary_path
from crawler.pipelines import DropRecord


def _group(values: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {key[len(prefix) :]: values[key] for key in sorted(values) if key.startswith(prefix)}


# Errors after which records may be missing: a page or API answer that never came or could
# not be read. ("no_provider_data" is a page that came and had no provider on it.)
LOST_PAGE_ERRORS = ("http_", "download_error", "api_error", "unreadable_", "detail_page_failed")


def partial_because(values: dict[str, Any], narrowed_by: tuple[str, ...] = ()) -> list[str]:
    """Why a crawl is not a full crawl of its source; empty when it is.

    Only a full crawl lets the indexer remove the source's records that it no longer saw,
    so anything that may have left records out makes a crawl partial.
    """
    reasons = []
    finish_reason = values.get("finish_reason")
    if finish_reason != "finished":
        reasons.append(f"finish_reason {finish_reason}")
    if narrowed_by:
        reasons.append("narrowed by -a " + ", ".join(narrowed_by))
    lost = {
        kind: count
        for kind, count in _group(values, stats.ERRORS).items()
        if kind.startswith(LOST_PAGE_ERRORS)
    }
    if lost:
        reasons.append("pages lost: " + ", ".join(f"{k} {v}" for k, v in lost.items()))
    if values.get(stats.NPI_CAPPED_INCOMPLETE):
        reasons.append("capped NPI queries left incomplete")
    return reasons


def build_summary(
    values: dict[str, Any],
    *,
    source: str,
    spider: str,
    output: str | None,
    dead_letter_file: str | None,
    duration_s: float,
    started_at: str,
    narrowed_by: tuple[str, ...] = (),
) -> dict:
    dropped = _group(values, stats.DROPPED)
    partial = partial_because(values, narrowed_by)
    return {
        "source": source,
        "spider": spider,
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(duration_s, 3),
        "finish_reason": values.get("finish_reason"),
        "full": not partial,
        "partial_because": partial,
        "pages": values.get("response_received_count", 0),
        "requests": values.get("downloader/request_count", 0),
        "records": values.get("item_scraped_count", 0),
        "dropped": dropped,
        "dropped_total": sum(dropped.values()),
        "errors": _group(values, stats.ERRORS),
        "dead_letters": _group(values, stats.DEAD_LETTERS),
        "skipped": _group(values, stats.SKIPPED),
        "field_issues": _group(values, stats.FIELD_ISSUES),
        "retries": values.get("retry/count", 0),
        "output": output,
        "dead_letter_file": dead_letter_file,
    }


class CrawlSummaryExtension:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.started = time.monotonic()
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlSummaryExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()

    def item_dropped(
        self, item: Any, response: Any, exception: BaseException, spider: Any = None
    ) -> None:
        reason = exception.reason if isinstance(exception, DropRecord) else type(exception).__name__
        self.crawler.stats.inc_value(stats.DROPPED + reason)

    def spider_closed(self, spider: Any, reason: str) -> None:
        dead_file = dead_letters.close(self.crawler)
        values = dict(self.crawler.stats.get_stats())
        values.setdefault("finish_reason", reason)
        source = getattr(spider, "source_name", None) or spider.name
        feed = feed_path(self.crawler.settings)
        summary = build_summary(
            values,
            source=source,
            spider=spider.name,
            output=str(feed) if feed else None,
            dead_letter_file=dead_file,
            duration_s=time.monotonic() - self.started,
            started_at=self.started_at,
            narrowed_by=getattr(spider, "narrowed_by", ()),
        )
        path = summary_path(self.crawler.settings, source)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        summary["summary_file"] = str(path)
        print(json.dumps(summary, indent=2), file=sys.stdout, flush=True)
