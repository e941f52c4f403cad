"""Retries of 429 and 5xx with exponential backoff, honoring Retry-After.

Scrapy's own RetryMiddleware retries at once; this one waits first: the server's
Retry-After (seconds or an HTTP date) when given, else RETRY_BACKOFF_BASE * 2**(n-1) for
the n-th retry, never more than RETRY_BACKOFF_MAX. Exceptions (timeouts, resets) are
retried as Scrapy does.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message

from crawler import stats


def retry_after_seconds(header: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header value, or None when absent or unreadable."""
    if not header:
        return None
    text = header.decode("latin-1") if isinstance(header, bytes) else header
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(retry_number: int, base: float, cap: float) -> float:
    return min(cap, base * 2 ** max(0, retry_number - 1))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            wait = backoff_seconds(
                retry.meta.get("retry_times", 1), self.backoff_base, self.backoff_max
            )
        wait = min(wait, self.backoff_max)
        if wait > 0:
            self.crawler.stats.inc_value(stats.RETRY_WAITED, wait)
            await asyncio.sleep(wait)
        return retry
