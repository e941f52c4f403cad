"""Costs and access on the card and the provider page: what a source states about prices,
sliding scales and free care, always with where and when it said so; insurance (the first
few and "+N more"); accepting new patients with its date.

Pure functions that return markdown (crawled text escaped with ui.safe); cards.py and
detail.py show them. Never a price without its source and date: an entry that lacks either
is not shown (clinics.costs.valid_entry), whatever the index holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from clinics import costs
from clinics import fields as F
from ui import formatting
from ui.messages import t
from ui.safe import md_link, md_text, safe_http_url

CARD_PRICES = 2  # price lines on a card; the rest on the provider page
CARD_INSURANCE = 3  # insurance names on a card before "+N more"
# A price's unit in words (the catalog's keys, one per clinics.costs.UNITS)
UNIT_KEYS = {
    "session": "cost.unit.session",
    "infusion": "cost.unit.infusion",
    "treatment": "cost.unit.treatment",
    "series": "cost.unit.series",
    "visit": "cost.unit.visit",
    "consultation": "cost.unit.consultation",
    "evaluation": "cost.unit.evaluation",
    "hour": "cost.unit.hour",
    "month": "cost.unit.month",
}
KIND_KEYS = {costs.SLIDING_SCALE: "cost.sliding_scale", costs.FREE: "cost.free"}
ORDER = {kind: n for n, kind in enumerate(costs.KINDS)}


def entries(document: Mapping) -> list[dict]:
    """The document's complete cost entries: prices first, then sliding scale, then free."""
    found = costs.valid_entries(document.get(F.COSTS))
    return sorted(found, key=lambda entry: ORDER[entry[costs.KIND]])


def money(amount: object) -> str:
    """'$150', '$1,250', '$95.50' (US dollars)."""
    if not isinstance(amount, int | float) or isinstance(amount, bool):
        return ""
    if float(amount).is_integer():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


def what(entry: Mapping) -> str:
    """A statement in words: '$150 per session', '$400–$800 per infusion', 'Sliding scale'."""
    kind = entry[costs.KIND]
    if kind != costs.PRICE:
        return t(KIND_KEYS[kind])
    text = money(entry.get(costs.AMOUNT))
    if entry.get(costs.AMOUNT_MAX) is not None:
        text += "–" + money(entry[costs.AMOUNT_MAX])
    unit = UNIT_KEYS.get(str(entry.get(costs.UNIT)))
    return f"{text} {t(unit)}" if unit else text


def _host(url: object) -> str:
    try:
        host = urlsplit(str(url)).hostname or "" if url else ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def where(entry: Mapping) -> str:
    """The page's site, linked ('example.org'), else the source's name."""
    url = safe_http_url(entry.get(costs.URL))
    host = _host(url) if url else ""
    if host:
        return md_link(host, url)
    return md_text(formatting.source_name(entry.get(costs.SOURCE)), 80)


def provenance_line(entry: Mapping) -> str:
    """'$150 per session · from example.org, 3 Nov 2026' (markdown)."""
    return t(
        "cost.from",
        what=md_text(what(entry), 120),
        where=where(entry),
        day=formatting.day(entry.get(costs.DATE)),
    )


def card_lines(document: Mapping) -> list[str]:
    """The card's cost lines: up to CARD_PRICES prices, one line for sliding scale and one for
    free care (each with its source and date), and how many more the provider page has."""
    found = entries(document)
    prices = [e for e in found if e[costs.KIND] == costs.PRICE]
    lines = [provenance_line(entry) for entry in prices[:CARD_PRICES]]
    for kind in (costs.SLIDING_SCALE, costs.FREE):
        first = next((e for e in found if e[costs.KIND] == kind), None)
        if first:
            lines.append(provenance_line(first))
    hidden = len(prices) - CARD_PRICES
    if hidden > 0:
        lines.append(t("cost.more", count=hidden))
    return lines


def badges(document: Mapping) -> list[str]:
    """Markdown badges for sliding scale and free care (words, never colour alone)."""
    kinds = {entry[costs.KIND] for entry in entries(document)}
    return [
        f":blue-badge[{t(KIND_KEYS[kind])}]"
        for kind in (costs.SLIDING_SCALE, costs.FREE)
        if kind in kinds
    ]


def insurance_line(document: Mapping) -> str:
    """'Insurance: Aetna, Cigna, Humana +2 more' ('' when none is listed)."""
    value = document.get(F.INSURANCE)
    names = [str(v) for v in (value if isinstance(value, list) else [value]) if v]
    if not names:
        return ""
    text = ", ".join(md_text(name, 80) for name in names[:CARD_INSURANCE])
    extra = len(names) - CARD_INSURANCE
    if extra > 0:
        text += " " + t("badge.more", count=extra)
    return t("card.insurance", names=text)


def accepting_text(document: Mapping) -> str:
    """'Accepting new patients (as of 1 Nov 2026)', or without the date when none is known."""
    day = formatting.day(document.get(F.ACCEPTING_AS_OF))
    return t("badge.accepting_as_of", day=day) if day else t("badge.accepting")


def detail_lines(document: Mapping) -> list[str]:
    """The provider page: every statement with the source's words, its page and its day."""
    lines = []
    for entry in entries(document):
        lines.append(
            t(
                "cost.says",
                what=md_text(what(entry), 120),
                quote=md_text(entry.get(costs.QUOTE), 260),
                where=where(entry),
                day=formatting.day(entry.get(costs.DATE)),
            )
        )
    return lines
