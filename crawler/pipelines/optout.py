"""Opt-out: records of providers, pages or domains on the opt-out list are dropped.

They are counted (dropped/opted_out) but never written anywhere, not even as dead letters.
"""

from __future__ import annotations

from typing import Any

from clinics import fields as F
from crawler.optout import OptOutList, load_optout
from crawler.pipelines import DropRecord, RecordPipeline


class OptOutPipeline(RecordPipeline):
    def __init__(self, crawler: Any = None, *, optout: OptOutList | None = None) -> None:
        super().__init__(crawler)
        if optout is None and crawler is not None:
            optout = load_optout(crawler.settings.get("OPTOUT_FILE"))
        self.optout = optout or OptOutList()

    def process_item(self, item: dict, spider: Any = None) -> dict:
        if not self.optout:
            return item
        reason = (
            self.optout.provider_reason(item.get(F.NPI), item.get(F.NAME))
            or self.optout.provider_reason(None, item.get(F.ORGANIZATION_NAME))
            or self.optout.url_reason(item.get(F.SOURCE_URL))
            or self.optout.url_reason(item.get(F.WEBSITE))
        )
        if reason:
            raise DropRecord("opted_out", reason)
        return item
