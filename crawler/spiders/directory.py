"""Directory sites described by YAML (crawler/sources/<name>.yaml): rows, pages, profiles.

    scrapy crawl directory -a name=example      clinics crawl directory:example

`-a config=PATH` reads a config from anywhere; `-a base_url=URL` (or the setting
DIRECTORY_BASE_URLS = {name: url}) replaces the config's base_url.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin

import scrapy
from twisted.python.failure import Failure

from clinics import fields as F
from crawler import stats
from crawler.directory_config import config_path, load_config
from crawler.pages import PageError
from crawler.pages.directory import DirectoryDetailPage, DirectoryListPage, merge_detail
from crawler.spiders.base import SourceSpider

# profiles before the next listing page: the queue stays one listing page long
DETAIL_PRIORITY = 10


class DirectorySpider(SourceSpider):
    name = "directory"
    arguments: ClassVar[dict[str, str]] = {
        "name": "config name: crawler/sources/<name>.yaml",
        "config": "path of a config file (instead of name)",
        "base_url": "replaces the config's base_url",
        "sample": "1 marks every record as fictional sample data",
    }

    def __init__(self, name: str = "", config: str = "", base_url: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not (name or config):
            raise ValueError("directory needs -a name=<config name> or -a config=PATH")
        self.config_name = name
        self.config_file = Path(config) if config else None
        self.base_url_arg = base_url
        self.pages_seen = 0

    def _load(self) -> None:
        sources_dir = Path(self.settings.get("DIRECTORY_SOURCES_DIR"))
        path = self.config_file or config_path(self.config_name, sources_dir)
        self.config = load_config(path)
        self.source = f"directory:{self.config.name}"
        bases = self.settings.getdict("DIRECTORY_BASE_URLS")
        self.base_url = (
            self.base_url_arg or bases.get(self.config.name) or self.config.base_url or ""
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self._load()
        for url in self.config.start_urls:
            absolute = (
                urljoin(self.base_url.rstrip("/") + "/", url.lstrip("/")) if self.base_url else url
            )
            yield scrapy.Request(absolute, callback=self.parse_listing, errback=self.on_error)

    def parse_listing(self, response: scrapy.http.Response) -> Iterator[Any]:
        self.pages_seen += 1
        try:
            page = DirectoryListPage(self.config, response.url, response.body)
        except PageError as exc:
            self.dead_letter("unreadable_page", str(exc), url=response.url)
            return
        rows = page.rows()
        if not rows:
            self.dead_letter(
                "no_rows", f"no element matches listing.row {self.config.row!r}", url=response.url
            )
        for record, detail_url in rows:
            if detail_url and self.config.detail_fields:
                yield scrapy.Request(
                    detail_url,
                    callback=self.parse_detail,
                    errback=self.detail_failed,
                    meta={"row_record": record},
                    priority=DETAIL_PRIORITY,
                )
            else:
                yield from self.emit([record], response)
        next_url = page.next_page_url()
        if next_url and self.pages_seen < self.config.max_pages:
            yield scrapy.Request(next_url, callback=self.parse_listing, errback=self.on_error)

    def parse_detail(self, response: scrapy.http.Response) -> Iterator[dict]:
        row_record = response.meta["row_record"]
        try:
            detail = DirectoryDetailPage(self.config, response.url, response.body).fields()
        except PageError as exc:
            yield from self._row_only(row_record, response.url, str(exc), response)
            return
        yield from self.emit([merge_detail(row_record, detail)], response)

    def detail_failed(self, failure: Failure) -> Iterator[dict]:
        """The profile page failed: keep what the listing row said, with the reason."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        reason = f"HTTP {response.status}" if response is not None else failure.getErrorMessage()
        self.count(stats.ERRORS + "detail_page_failed")
        record = dict(request.meta["row_record"])
        record.setdefault(F.FIELD_ISSUES, []).append(
            {
                "field": "detail_page",
                "reason": f"profile page failed: {reason}",
                "value": request.url,
            }
        )
        yield record

    def _row_only(self, record: dict, url: str, reason: str, response: Any) -> Iterator[dict]:
        self.count(stats.ERRORS + "detail_page_failed")
        record = dict(record)
        record.setdefault(F.FIELD_ISSUES, []).append(
            {"field": "detail_page", "reason": f"profile page unreadable: {reason}", "value": url}
        )
        yield from self.emit([record], response)
