"""Classification: therapies, conditions, provider types and telehealth from the record's
text, its source codes (NUCC, SAMHSA) and the page text a page object passed along."""

from __future__ import annotations

from typing import Any

from clinics import fields as F
from clinics.classify import classify, classify_record
from crawler.pages import CLASSIFY_TEXT
from crawler.pipelines import RecordPipeline


class ClassifyPipeline(RecordPipeline):
    def process_item(self, item: dict, spider: Any = None) -> dict:
        found = classify_record(item)
        page_text = item.pop(CLASSIFY_TEXT, None)
        if page_text:
            found = found.merge(classify(page_text))
        item[F.THERAPIES] = list(found.therapies)
        item[F.CONDITIONS] = list(found.conditions)
        item[F.PROVIDER_TYPES] = list(found.provider_types)
        if not isinstance(item.get(F.TELEHEALTH), bool) and found.telehealth is not None:
            item[F.TELEHEALTH] = found.telehealth
        return item
