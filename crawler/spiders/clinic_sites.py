"""Clinic websites from a list of URLs and/or sitemaps (sitemap indexes followed).

Each page goes to the ClinicSitePage object. A page that is not HTML is skipped and
counted; an HTML page that names no provider becomes a dead letter with the reason.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy.utils.sitemap import Sitemap

from crawler import stats
from crawler.pages import PageError
from crawler.pages.clinic_site import ClinicSitePage
from crawler.spiders.base import SourceSpider, csv_arg


class ClinicSitesSpider(SourceSpider):
    name = "clinic_sites"
    source = "clinic_sites"
    arguments: ClassVar[dict[str, str]] = {
        "urls": "clinic page URLs, comma-separated (default: CLINIC_SITES_URLS)",
        "urls_file": "a text file with one URL a line",
        "sitemaps": "sitemap URLs, comma-separated (default: CLINIC_SITES_SITEMAPS)",
        "sample": "1 marks every record as fictional sample data",
    }

    scope_arguments: ClassVar[frozenset[str]] = frozenset({"urls", "urls_file", "sitemaps"})

    def __init__(
        self, urls: str = "", urls_file: str = "", sitemaps: str = "", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.page_urls = csv_arg(urls)
        if urls_file:
            lines = Path(urls_file).read_text(encoding="utf-8").splitlines()
            self.page_urls += [
                line.strip() for line in lines if line.strip() and not line.startswith("#")
            ]
        self.sitemap_urls = csv_arg(sitemaps)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        page_urls = self.page_urls or csv_arg(self.settings.getlist("CLINIC_SITES_URLS"))
        sitemap_urls = self.sitemap_urls or csv_arg(self.settings.getlist("CLINIC_SITES_SITEMAPS"))
        if not (page_urls or sitemap_urls):
            raise ValueError(
                "clinic_sites needs -a urls=URL[,URL], -a urls_file=FILE or -a sitemaps=URL"
            )
        for url in sitemap_urls:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error)
        for url in page_urls:
            yield scrapy.Request(url, callback=self.parse_page, errback=self.on_error)

    def parse_sitemap(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # lxml raises several kinds on junk
            self.dead_letter("unreadable_sitemap", f"not a sitemap ({exc})", url=response.url)
            return
        callback = self.parse_sitemap if sitemap.type == "sitemapindex" else self.parse_page
        for entry in sitemap:
            location = entry.get("loc")
            if location:
                yield scrapy.Request(
                    response.urljoin(location), callback=callback, errback=self.on_error
                )

    def parse_page(self, response: scrapy.http.Response) -> Iterator[dict]:
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        try:
            page = ClinicSitePage(response.url, response.body, content_type or None)
        except PageError as exc:
            self.count(stats.SKIPPED + "not_html")
            self.logger.info("skipped %s: %s", response.url, exc)
            return
        records = page.records()
        if not records:
            detail = "no provider data on the page"
            if page.issues:
                detail += " (" + "; ".join(page.issues) + ")"
            self.dead_letter("no_provider_data", detail, url=response.url)
            return
        yield from self.emit(records, response)
