"""Classification: therapies, conditions, provider types and telehealth, each therapy and
condition with its evidence, from the record's fields, its source codes (NUCC, SAMHSA) and
the page texts a page object passed along (clinics.enrich, the same path as the indexer);
and what the same fields and pages state about costs, with their provenance (clinics.costs)."""

from __future__ import annotations

from typing import Any

from clinics import costs, enrich
from clinics import fields as F
from crawler.pages import CLASSIFY_PAGES, CLASSIFY_TEXT
from crawler.pipelines import RecordPipeline


def page_texts(item: dict) -> list[dict]:
    """The page texts of an item ({"url", "text", "article"}), taken off the item."""
    pages = list(item.pop(CLASSIFY_PAGES, None) or ())
    text = item.pop(CLASSIFY_TEXT, None)
    if text:
        pages.append({enrich.PAGE_URL: item.get(F.SOURCE_URL), enrich.PAGE_TEXT: text})
    return [page for page in pages if isinstance(page, dict)]


class ClassifyPipeline(RecordPipeline):
    def process_item(self, item: dict, spider: Any = None) -> dict:
        pages = page_texts(item)
        enrich.classify_record(item, pages)
        costs.apply_costs(item, pages)
        for field in (F.THERAPIES, F.CONDITIONS, F.PROVIDER_TYPES):
            item.setdefault(field, [])
        return item
