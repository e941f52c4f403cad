"""Provenance: source, source_url, fetched_at, is_sample and the record id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from clinics import fields as F
from clinics.record import record_id
from crawler.pages import LOCATION_INDEX
from crawler.pipelines import RecordPipeline


class ProvenancePipeline(RecordPipeline):
    def __init__(
        self,
        crawler: Any = None,
        *,
        source: str | None = None,
        sample: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(crawler)
        self._source = source
        self._sample = sample
        self._clock = clock or (lambda: datetime.now(UTC))

    def _source_name(self) -> str:
        if self._source:
            return self._source
        spider = getattr(self.crawler, "spider", None)
        return getattr(spider, "source_name", None) or getattr(spider, "name", "unknown")

    def _is_sample(self) -> bool:
        if self._sample:
            return True
        if self.crawler is None:
            return False
        spider_flag = getattr(self.crawler.spider, "sample", None)
        if spider_flag is not None:
            return bool(spider_flag)
        return self.crawler.settings.getbool("CLINICS_SAMPLE")

    def process_item(self, item: dict, spider: Any = None) -> dict:
        source = self._source_name()
        item[F.SOURCE] = source
        if F.FETCHED_AT not in item:
            item[F.FETCHED_AT] = self._clock().isoformat(timespec="seconds")
        if self._is_sample():
            item[F.IS_SAMPLE] = True
        index = item.pop(LOCATION_INDEX, None)
        ref = item.get(F.SOURCE_REF)
        if ref not in (None, ""):
            item[F.SOURCE_REF] = str(ref)
            item[F.ID] = record_id(source, str(ref), index)
        return item
