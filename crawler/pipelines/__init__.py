"""Item pipelines, one concern a file, in the order of ITEM_PIPELINES (crawler/settings.py):

provenance -> opt-out -> clean strings -> phone -> address -> coordinates -> classify ->
scope -> geocode -> duplicates -> validate.

Each pipeline works on a record dict and can be used without a crawler (unit tests build
them directly). A record that must go is dropped with DropRecord(reason, detail); the
reason is counted in the crawl summary. A value that cannot be cleaned is removed and
noted in the record's field_issues; the record is kept.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from clinics import fields as F
from crawler import stats


class DropRecord(DropItem):
    """Drop a record for a counted reason (out_of_scope, opted_out, duplicate, ...)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class RecordPipeline:
    """Base: optional crawler (settings and stats), and the field-issue helper."""

    def __init__(self, crawler: Any = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> RecordPipeline:
        return cls(crawler)

    @property
    def settings(self) -> Any:
        return self.crawler.settings if self.crawler is not None else None

    def count(self, key: str, amount: int = 1) -> None:
        if self.crawler is not None:
            self.crawler.stats.inc_value(key, amount)

    def note_issue(self, item: dict, field: str, reason: str, value: Any) -> None:
        """Remove nothing; record why `field`'s value was dropped or changed."""
        item.setdefault(F.FIELD_ISSUES, []).append(
            {
                "field": field,
                "reason": reason,
                "value": value
                if isinstance(value, str | int | float | bool) or value is None
                else str(value),
            }
        )
        self.count(stats.FIELD_ISSUES + field)
