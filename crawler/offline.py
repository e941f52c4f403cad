"""Offline extraction: a saved response through the same page objects and pipelines as a
crawl, with no network and no Scrapy engine (`clinics extract`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinics import evidence as ev
from clinics import fields as F
from clinics.classify import Finding
from clinics.enrich import rejected_mentions
from crawler.directory_config import config_path, load_config
from crawler.pages import PageError
from crawler.pipelines import DropRecord
from crawler.pipelines.address import AddressPipeline
from crawler.pipelines.classify import ClassifyPipeline, page_texts
from crawler.pipelines.clean_strings import CleanStringsPipeline
from crawler.pipelines.coordinates import CoordinatesPipeline
from crawler.pipelines.duplicates import DuplicatesPipeline
from crawler.pipelines.geocode import GeocodePipeline
from crawler.pipelines.links import LinksPipeline
from crawler.pipelines.optout import OptOutPipeline
from crawler.pipelines.phone import PhonePipeline
from crawler.pipelines.provenance import ProvenancePipeline
from crawler.pipelines.scope import ScopePipeline
from crawler.pipelines.validate import ValidatePipeline

OFFLINE_URL_PREFIX = "file://"


@dataclass
class Extraction:
    records: list[dict] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    # per kept record: the mentions the classifier rejected, with their page (--explain)
    rejected: list[list[tuple[Finding, str | None]]] = field(default_factory=list)


def explain_lines(record: dict, rejected: list[tuple[Finding, str | None]]) -> list[str]:
    """Per code: whether it is listed, the evidence kept and the sentences rejected and why."""
    lines = [f"record {record.get(F.ID, '?')}: {record.get(F.NAME, '')}"]
    entries = record.get(F.EVIDENCE) or []
    listed = [*(record.get(F.THERAPIES) or []), *(record.get(F.CONDITIONS) or [])]
    for code in dict.fromkeys([*listed, *(f.code for f, _ in rejected)]):
        lines.append(f"  {code}: {'listed' if code in listed else 'not listed'}")
        for entry in ev.for_code(entries, code):
            if entry.get(ev.SOURCE_CODE):
                lines.append(f"    kept: source code {entry[ev.SOURCE_CODE]}")
                continue
            where = ", ".join(
                str(entry[key]) for key in (ev.FIELD, ev.URL, ev.DATE) if entry.get(key)
            )
            lines.append(f'    kept: "{entry.get(ev.QUOTE)}" ({where})')
        for finding, url in rejected:
            if finding.code == code:
                lines.append(f'    rejected, {finding.reason}: "{finding.quote}" ({url or "?"})')
    return lines


def page_records(
    source: str, body: bytes, url: str, sources_dir: Path | None = None
) -> tuple[list[dict], list[str]]:
    """(raw records, problems) from the page object of `source`; PageError on garbage."""
    if source == "npi":
        from crawler.pages.npi import NpiApiPage

        page = NpiApiPage(url, body)
        return page.records(), [f"API error: {error}" for error in page.errors]
    if source == "findtreatment":
        from crawler.pages.findtreatment import FindTreatmentPage

        return FindTreatmentPage(url, body).records(), []
    if source == "clinic_sites":
        from crawler.pages.clinic_site import ClinicSitePage

        page = ClinicSitePage(url, body)
        records = page.records()
        problems = list(page.issues)
        if not records:
            problems.append("no provider data on the page")
        return records, problems
    if source.startswith("directory:"):
        from crawler.pages.directory import DirectoryDetailPage, DirectoryListPage

        config = load_config(config_path(source.split(":", 1)[1], sources_dir))
        rows = DirectoryListPage(config, url, body).rows()
        if rows:
            return [record for record, _ in rows], []
        detail = DirectoryDetailPage(config, url, body).fields()
        return [], [
            f"no listing rows ({config.row!r}); as a profile page it gives: {sorted(k for k in detail if not k.startswith('_'))}"
        ]
    raise PageError(f"unknown source {source!r}")


def pipelines(source: str, optout_file: str | None = None) -> list[Any]:
    from crawler.optout import load_optout

    return [
        ProvenancePipeline(source=source),
        OptOutPipeline(optout=load_optout(optout_file)),
        CleanStringsPipeline(),
        PhonePipeline(),
        LinksPipeline(),
        AddressPipeline(),
        CoordinatesPipeline(),
        ClassifyPipeline(),
        ScopePipeline(),
        GeocodePipeline(),
        DuplicatesPipeline(),
        ValidatePipeline(),
    ]


def _drop_file_urls(record: dict) -> None:
    for key in (F.SOURCE_URL, F.WEBSITE):
        if str(record.get(key, "")).startswith(OFFLINE_URL_PREFIX):
            del record[key]


def extract(
    source: str,
    body: bytes,
    url: str,
    *,
    optout_file: str | None = None,
    sources_dir: Path | None = None,
) -> Extraction:
    result = Extraction()
    raw_records, result.problems = page_records(source, body, url, sources_dir)
    chain = pipelines(source, optout_file)
    for record in raw_records:
        _drop_file_urls(record)
        rejected = rejected_mentions(record, page_texts(dict(record)))
        try:
            for pipeline in chain:
                record = pipeline.process_item(record)
        except DropRecord as exc:
            result.dropped[exc.reason] += 1
            if exc.reason == "invalid_record":
                result.problems.append(f"invalid record {record.get(F.ID, '?')}: {exc.detail}")
            continue
        result.records.append(record)
        result.rejected.append(rejected)
    return result
