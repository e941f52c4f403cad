"""Log dropped records at DEBUG: they are counted by reason in the crawl summary."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter


class QuietDropsLogFormatter(LogFormatter):
    def dropped(
        self, item: Any, exception: BaseException, response: Any, spider: Any = None
    ) -> dict:
        entry = super().dropped(item, exception, response, spider)
        entry["level"] = logging.DEBUG
        return entry
