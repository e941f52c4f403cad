"""Directory listing and profile pages read with a DirectoryConfig (no Python per site)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from clinics import fields as F
from crawler.directory_config import BOOL_FIELDS, LIST_FIELDS, DirectoryConfig, FieldSpec
from crawler.pages import CLASSIFY_TEXT, PageError
from crawler.pages.text import decode, is_sample_page, squash, value, visible_text


def _texts(selector: Selector, spec: FieldSpec) -> list[str]:
    found = selector.css(spec.css) if spec.css else selector.xpath(spec.xpath or "")
    return [squash(text) for text in found.getall() if squash(text)]


def read_field(selector: Selector, spec: FieldSpec) -> Any:
    texts = _texts(selector, spec)
    if spec.name in BOOL_FIELDS:
        if not texts:
            return None
        return bool(re.search(spec.match or "", " ".join(texts), re.IGNORECASE))
    if spec.name in LIST_FIELDS:
        if spec.split:
            texts = [part.strip() for text in texts for part in re.split(spec.split, text)]
        return [t for t in (value(t) for t in texts) if t]
    return value(spec.join.join(texts)) if texts else None


def read_fields(selector: Selector, specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    out = {}
    for spec in specs:
        extracted = read_field(selector, spec)
        if extracted not in (None, []):
            out[spec.name] = extracted
    return out


def _selector(body: bytes | str) -> Selector:
    text = decode(body)
    if "<" not in text[:2048]:
        raise PageError("not an HTML page (no markup in the first 2 KB)")
    return Selector(text=text)


class DirectoryListPage:
    """One listing page: provider rows, their detail links, and the next page."""

    def __init__(self, config: DirectoryConfig, url: str, body: bytes | str) -> None:
        self.config = config
        self.url = url
        self.selector = _selector(body)

    def rows(self) -> list[tuple[dict, str | None]]:
        """(record, detail_url or None) per row."""
        sample = is_sample_page(self.selector)
        out = []
        for position, row in enumerate(self.selector.css(self.config.row)):
            record: dict[str, Any] = dict(self.config.defaults)
            record.update(read_fields(row, self.config.row_fields))
            detail_url = None
            if self.config.detail_link:
                href = row.css(self.config.detail_link).get()
                detail_url = urljoin(self.url, href.strip()) if href and href.strip() else None
            if self.config.kind:
                record.setdefault(F.KIND, self.config.kind)
            record.setdefault(F.SOURCE_REF, _row_ref(record, detail_url, self.url, position))
            record[F.SOURCE_URL] = detail_url or self.url
            record[CLASSIFY_TEXT] = squash(" ".join(row.css("::text").getall()))
            if sample:
                record[F.IS_SAMPLE] = True
            out.append((record, detail_url))
        return out

    def next_page_url(self) -> str | None:
        if not self.config.next_page:
            return None
        href = self.selector.css(self.config.next_page).get()
        return urljoin(self.url, href.strip()) if href and href.strip() else None


def _row_ref(record: dict, detail_url: str | None, page_url: str, position: int) -> str:
    if detail_url:
        return re.sub(r"^https?://[^/]+", "", detail_url) or detail_url
    name = record.get(F.NAME) or f"row{position}"
    where = record.get(F.POSTAL_CODE) or record.get(F.ADDRESS_RAW) or page_url
    return re.sub(r"[^a-z0-9]+", "-", f"{name} {where}".lower()).strip("-")


class DirectoryDetailPage:
    """A provider's profile page: the fields the config reads there, and its text."""

    def __init__(self, config: DirectoryConfig, url: str, body: bytes | str) -> None:
        self.config = config
        self.url = url
        self.selector = _selector(body)

    def fields(self) -> dict[str, Any]:
        found = read_fields(self.selector, self.config.detail_fields)
        found[CLASSIFY_TEXT] = visible_text(self.selector)
        return found


def merge_detail(row_record: dict, detail: dict) -> dict:
    """The row's record completed by its profile page (profile wins for text fields)."""
    merged = dict(row_record)
    for key, extracted in detail.items():
        if key == CLASSIFY_TEXT:
            merged[key] = f"{row_record.get(key, '')} {extracted}".strip()
        else:
            merged[key] = extracted
    return merged
