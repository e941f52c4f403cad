"""Duplicates within a crawl: a record id seen before is dropped (counted as duplicate).

The ids seen live in the spider's state, so a crawl resumed with the same JOBDIR still
knows what its first part wrote.
"""

from __future__ import annotations

from typing import Any

from clinics import fields as F
from crawler.pipelines import DropRecord, RecordPipeline


class DuplicatesPipeline(RecordPipeline):
    def __init__(self, crawler: Any = None) -> None:
        super().__init__(crawler)
        self._local: set[str] = set()

    def _seen(self) -> set[str]:
        spider = getattr(self.crawler, "spider", None)
        state = getattr(spider, "state", None)
        if isinstance(state, dict):
            return state.setdefault("clinics_seen_ids", set())
        return self._local

    def process_item(self, item: dict, spider: Any = None) -> dict:
        key = item.get(F.ID)
        if not key:
            return item  # validation will say what is missing
        seen = self._seen()
        if key in seen:
            raise DropRecord("duplicate", key)
        seen.add(key)
        return item
