"""Why a provider is listed under each therapy and condition: its evidence, as sentences.

"Listed for ketamine-assisted psychotherapy because their site says: '...' (page, date)".
Pure functions that return markdown (escaped with ui.safe); detail.py shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from clinics import evidence as ev
from clinics import fields as F
from ui import formatting, vocabulary
from ui.messages import EN, t
from ui.safe import md_link, md_text, safe_http_url

HEADING = EN["evidence.heading"]  # English; the page shows t("evidence.heading")


def _host(url: object) -> str:
    try:
        return urlsplit(str(url)).hostname or "" if url else ""
    except ValueError:
        return ""


def _who_says(entry: Mapping, website: object) -> str:
    if entry.get(ev.SOURCE_CODE):
        return t("evidence.source_says", code=md_text(entry[ev.SOURCE_CODE], 120))
    own_site = _host(website) and _host(entry.get(ev.URL)) == _host(website)
    key = "evidence.site_says" if own_site else "evidence.listing_says"
    return t(key, quote=md_text(entry.get(ev.QUOTE), 260))


def _where(entry: Mapping) -> str:
    parts = []
    url = entry.get(ev.URL)
    if url:
        parts.append(md_link(t("evidence.page"), safe_http_url(url)))
    when = formatting.day(entry.get(ev.DATE))
    if when:
        parts.append(when)
    return f" ({', '.join(parts)})" if parts else ""


def evidence_lines(document: Mapping) -> list[str]:
    """One markdown line per listed therapy and condition: its label and its best evidence."""
    entries = document.get(F.EVIDENCE) or []
    website = document.get(F.WEBSITE)
    lines = []
    for field in (F.THERAPIES, F.CONDITIONS):
        for code in document.get(field) or []:
            found = ev.for_code(entries, code)
            name = md_text(vocabulary.label(str(code)), 120)
            if not found:
                lines.append(t("evidence.none", name=name))
                continue
            best = found[0]
            more = t("evidence.more", count=len(found) - 1) if len(found) > 1 else ""
            who = _who_says(best, website)
            lines.append(t("evidence.listed", name=name, who=who, where=_where(best), more=more))
    return lines
