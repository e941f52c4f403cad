"""What every source spider shares: marking fixture data, dead letters and error counts.

Spiders only crawl and page; they hand response bodies to page objects (crawler/pages/)
and yield the records those return.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from clinics import fields as F
from crawler import dead_letters, stats

SAMPLE_HEADER = b"X-Clinics-Sample"


def truthy(text: Any) -> bool:
    return str(text).strip().lower() in ("1", "true", "yes", "on")


def csv_arg(text: Any) -> list[str]:
    if not text:
        return []
    if isinstance(text, list | tuple):
        return [str(t).strip() for t in text if str(t).strip()]
    return [part.strip() for part in str(text).split(",") if part.strip()]


class SourceSpider(scrapy.Spider):
    """Base of the source spiders (it has no name, so Scrapy does not list it)."""

    source: str = ""
    # argument -> one-line help, shown by `clinics sources`
    arguments: ClassVar[dict[str, str]] = {}
    # arguments that narrow a crawl below the source's configured scope: a crawl given one
    # is partial, so the indexer never removes stored records that it did not look for
    scope_arguments: ClassVar[frozenset[str]] = frozenset()
    narrowed_by: tuple[str, ...] = ()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.narrowed_by = tuple(sorted(set(kwargs) & cls.scope_arguments))
        return spider

    def __init__(self, *args: Any, sample: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sample = truthy(sample) if sample is not None else None

    @property
    def source_name(self) -> str:
        return self.source or self.name

    # ---- records --------------------------------------------------------------------------

    def emit(self, records: Iterable[dict], response: scrapy.http.Response) -> Iterator[dict]:
        sample = bool(response.headers.get(SAMPLE_HEADER))
        for record in records:
            if sample:
                record[F.IS_SAMPLE] = True
            record.setdefault(F.SOURCE_URL, response.url)
            yield record

    # ---- errors ---------------------------------------------------------------------------

    def count(self, key: str, amount: int = 1) -> None:
        if self.crawler is not None:
            self.crawler.stats.inc_value(key, amount)

    def dead_letter(
        self, reason: str, detail: str, *, url: str | None = None, raw: Any = None
    ) -> None:
        self.count(stats.ERRORS + reason)
        record = {F.SOURCE_URL: url} if url else None
        dead_letters.write(
            getattr(self, "crawler", None),
            reason,
            detail,
            source=self.source_name,
            record=record,
            raw=raw,
        )
        self.logger.warning("dead letter (%s) %s: %s", reason, url or "", detail)

    def on_error(self, failure: Failure) -> None:
        """Errback of every request: count the failure and keep a dead letter of it."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            response = failure.value.response
            retries = request.meta.get("retry_times", 0)
            self.dead_letter(
                f"http_{response.status}",
                f"HTTP {response.status} after {retries} retries",
                url=request.url,
            )
            return
        if failure.check(scrapy.exceptions.IgnoreRequest):
            self.count(stats.SKIPPED + "robots_or_opt_out")
            return
        self.dead_letter(
            "download_error",
            f"{failure.type.__name__}: {failure.getErrorMessage()}",
            url=request.url,
        )
