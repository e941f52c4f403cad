"""Never request a URL or domain on the opt-out list (see crawler/optout.py)."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import IgnoreRequest

from crawler import stats
from crawler.optout import load_optout


class OptOutDownloaderMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.optout = load_optout(crawler.settings.get("OPTOUT_FILE"))

    @classmethod
    def from_crawler(cls, crawler: Any) -> OptOutDownloaderMiddleware:
        return cls(crawler)

    def process_request(self, request: Any, spider: Any = None) -> None:
        reason = self.optout.url_reason(request.url)
        if reason:
            self.crawler.stats.inc_value(stats.SKIPPED + "opted_out_request")
            raise IgnoreRequest(f"opt-out: {reason}: {request.url}")
