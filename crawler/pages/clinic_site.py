"""A clinic website page: schema.org JSON-LD and microdata first, plain HTML as a fallback.

Every provider node (MedicalClinic, Physician, LocalBusiness, ...) becomes a record; the
page's readable text goes to the classifier with it. A page without structured data
still gives a record when it names the practice (h1, og:site_name or title) and gives an
address or a phone number. `issues` says what could not be read (broken JSON-LD, ...).
"""

from __future__ import annotations

from parsel import Selector

from clinics import fields as F
from crawler.pages import CLASSIFY_TEXT, LOCATION_INDEX, PageError, jsonld, microdata
from crawler.pages.schema_org import is_provider, node_record
from crawler.pages.text import decode, is_sample_page, squash, value, visible_text

HTML_TYPES = ("text/html", "application/xhtml+xml")


class ClinicSitePage:
    def __init__(self, url: str | None, body: bytes | str, content_type: str | None = None) -> None:
        if content_type and not any(kind in content_type.lower() for kind in HTML_TYPES):
            raise PageError(f"not an HTML page (Content-Type {content_type})")
        text = decode(body)
        if "<" not in text[:2048]:
            raise PageError("not an HTML page (no markup in the first 2 KB)")
        self.url = url
        self.selector = Selector(text=text)
        self.issues: list[str] = []

    def structured_nodes(self) -> list[dict]:
        found: list[dict] = []
        for block in self.selector.xpath('//script[@type="application/ld+json"]/text()').getall():
            values, error = jsonld.parse_block(block)
            if error:
                self.issues.append(error)
            found.extend(node for node in jsonld.nodes(values) if is_provider(node))
        if not found:
            try:
                found = [node for node in microdata.items(self.selector.root) if is_provider(node)]
            except (ValueError, TypeError) as exc:
                self.issues.append(f"microdata unreadable: {exc}")
        return found

    def fallback_record(self) -> dict | None:
        sel = self.selector
        name = (
            value(squash(" ".join(sel.css("h1 ::text").getall())))
            or value(sel.xpath('//meta[@property="og:site_name"]/@content').get())
            or value(sel.css("title::text").get())
        )
        address = value(
            ", ".join(squash(t) for t in sel.css("address ::text").getall() if squash(t))
        )
        phone_link = sel.css('a[href^="tel:"]::attr(href)').get()
        phone = value(phone_link.removeprefix("tel:")) if phone_link else None
        if not name or not (address or phone):
            return None
        return {
            F.SOURCE_REF: self.url,
            F.KIND: "organization",
            F.NAME: name,
            F.ORGANIZATION_NAME: name,
            F.ADDRESS_RAW: address,
            F.PHONE: phone,
            F.WEBSITE: self.url,
            F.DESCRIPTION: value(sel.xpath('//meta[@name="description"]/@content').get()),
            F.EXTRAS: {"extracted_from": "plain_html"},
        }

    def records(self) -> list[dict]:
        nodes = self.structured_nodes()
        records = [node_record(node, self.url) for node in nodes]
        if not records:
            fallback = self.fallback_record()
            records = [fallback] if fallback else []
        if not records:
            return []
        text = visible_text(self.selector)
        sample = is_sample_page(self.selector)
        for index, record in enumerate(records):
            record[CLASSIFY_TEXT] = text
            if len(records) > 1:
                record[LOCATION_INDEX] = index
                record[F.SOURCE_REF] = self.url or record[F.SOURCE_REF]
            if self.url:
                record[F.SOURCE_URL] = self.url
            if sample:
                record[F.IS_SAMPLE] = True
        return records
