"""Website and email: a relative website is resolved against the page, a website that is
not http(s) or an email that is not an address is removed and noted; the record stays."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from clinics import fields as F
from crawler.pipelines import RecordPipeline

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def absolute_website(website: str, page_url: str | None) -> str | None:
    candidate = website.strip()
    if candidate.lower().startswith("www."):
        candidate = "https://" + candidate
    elif page_url and urlsplit(page_url).scheme in ("http", "https"):
        candidate = urljoin(page_url, candidate)
    parts = urlsplit(candidate)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in candidate:
        return None
    return candidate


class LinksPipeline(RecordPipeline):
    def process_item(self, item: dict, spider: Any = None) -> dict:
        website = item.get(F.WEBSITE)
        if website is not None:
            fixed = absolute_website(str(website), item.get(F.SOURCE_URL))
            if fixed is None:
                del item[F.WEBSITE]
                self.note_issue(item, F.WEBSITE, "not an http(s) URL", website)
            else:
                item[F.WEBSITE] = fixed
        email = item.get(F.EMAIL)
        if email is not None:
            cleaned = str(email).strip().removeprefix("mailto:")
            if _EMAIL.match(cleaned):
                item[F.EMAIL] = cleaned
            else:
                del item[F.EMAIL]
                self.note_issue(item, F.EMAIL, "not an email address", email)
        return item
