"""Scope: records outside mental-health care are dropped (counted as out_of_scope)."""

from __future__ import annotations

from typing import Any

from clinics.scope import scope_reason
from crawler.pipelines import DropRecord, RecordPipeline


class ScopePipeline(RecordPipeline):
    def process_item(self, item: dict, spider: Any = None) -> dict:
        reason = scope_reason(item)
        if reason:
            raise DropRecord(reason, "no behavioral-health provider type, therapy or condition")
        return item
