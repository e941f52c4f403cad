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
from ui.safe import md_link, md_text, safe_http_url

HEADING = "Why these therapies and conditions are listed"
NOTE = (
    "Each one is listed only where the provider's own words or a source's code say it; "
    "a listing is not an endorsement. Check with the provider before you go."
)
NO_EVIDENCE = "No evidence is stored for this listing's therapies and conditions."


def _host(url: object) -> str:
    try:
        return urlsplit(str(url)).hostname or "" if url else ""
    except ValueError:
        return ""


def _who_says(entry: Mapping, website: object) -> str:
    if entry.get(ev.SOURCE_CODE):
        return "the source says so (" + md_text(entry[ev.SOURCE_CODE], 120) + ")"
    own_site = _host(website) and _host(entry.get(ev.URL)) == _host(website)
    speaker = "their site says" if own_site else "their listing says"
    return f"{speaker}: “{md_text(entry.get(ev.QUOTE), 260)}”"


def _where(entry: Mapping) -> str:
    parts = []
    url = entry.get(ev.URL)
    if url:
        parts.append(md_link("source page", safe_http_url(url)))
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
                lines.append(f"Listed for **{name}**: no evidence stored.")
                continue
            best = found[0]
            more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
            lines.append(
                f"Listed for **{name}** because {_who_says(best, website)}{_where(best)}{more}"
            )
    return lines
