"""Validation, last: the record must be a valid ProviderRecord; an invalid one becomes a
dead letter with the one-line reason (and the record as it was), and the crawl goes on.
The item written to the feed is the validated record as JSON-ready data."""

from __future__ import annotations

from typing import Any

from clinics.record import ProviderRecord, RecordError
from crawler import dead_letters
from crawler.pages import PRIVATE_KEYS
from crawler.pipelines import DropRecord, RecordPipeline


class ValidatePipeline(RecordPipeline):
    def process_item(self, item: dict, spider: Any = None) -> dict:
        data = {key: value for key, value in item.items() if key not in PRIVATE_KEYS}
        try:
            record = ProviderRecord.from_dict(data)
        except RecordError as exc:
            source = data.get("source")
            dead_letters.write(self.crawler, "invalid_record", str(exc), source=source, record=data)
            raise DropRecord("invalid_record", str(exc)) from None
        return record.model_dump(mode="json", exclude_none=True)
