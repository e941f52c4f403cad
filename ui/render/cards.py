"""A result card: who, where, how to reach them, what they offer, and where it came from.

Every crawled value passes through ui.safe before it reaches markdown.
"""

from __future__ import annotations

import streamlit as st

from clinics import fields as F
from indexer import fields as doc
from search.types import Hit, SourceRef
from ui import formatting, vocabulary
from ui.messages import EN, t
from ui.render import costs as costs_view
from ui.safe import md_link, md_text, safe_http_url, tel_url

ADDRESS_FIELDS = (
    F.ADDRESS_1,
    F.ADDRESS_2,
    F.CITY,
    F.STATE_PROVINCE,
    F.POSTAL_CODE,
)
MAX_BADGES = 8
SAMPLE_BADGE = f":orange-badge[{EN['badge.sample']}]"  # in English; badges() translates


def _as_list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def who_line(document: dict) -> str:
    """'MD, PhD · Psychiatrist' (credentials, then provider types)."""
    credentials = ", ".join(md_text(c, 40) for c in _as_list(document.get(F.CREDENTIALS)))
    types = ", ".join(
        md_text(vocabulary.label(code), 80) for code in _as_list(document.get(F.PROVIDER_TYPES))
    )
    organisation = document.get(F.ORGANIZATION_NAME)
    parts = [p for p in (credentials, types) if p]
    if organisation and organisation != document.get(F.NAME):
        parts.append(t("card.at", organisation=md_text(organisation, 200)))
    return " · ".join(parts)


def contact_line(document: dict, name: str = "") -> str:
    parts = []
    phone = document.get(F.PHONE)
    shown = formatting.phone(phone)
    if shown:
        parts.append(":material/call: " + md_link(shown, tel_url(phone)))
    website = safe_http_url(document.get(F.WEBSITE))
    if website:
        text = t("card.website_of", name=name) if name else t("card.website")
        parts.append(":material/language: " + md_link(text, website))
    return " · ".join(parts)


def badges(document: dict) -> str:
    """Markdown badges: a sample marker, therapies, telehealth, sliding scale and free care (as
    a source states them), and accepting new patients (with its date when known)."""
    sample = f":orange-badge[{t('badge.sample')}]"
    out = [sample] if document.get(F.IS_SAMPLE) is True else []
    out += [
        f":violet-badge[{md_text(vocabulary.label(code), 80)}]"
        for code in _as_list(document.get(F.THERAPIES))[:MAX_BADGES]
    ]
    extra = len(_as_list(document.get(F.THERAPIES))) - MAX_BADGES
    if extra > 0:
        out.append(f":gray-badge[{t('badge.more', count=extra)}]")
    if document.get(F.TELEHEALTH) is True:
        out.append(f":blue-badge[{t('badge.telehealth')}]")
    out += costs_view.badges(document)
    if document.get(F.ACCEPTING_NEW_PATIENTS) is True:
        out.append(f":green-badge[{md_text(costs_view.accepting_text(document), 120)}]")
    elif document.get(F.ACCEPTING_NEW_PATIENTS) is False:
        out.append(f":orange-badge[{t('badge.not_accepting')}]")
    return " ".join(out)


def source_line(sources: tuple[SourceRef, ...], last_verified: object) -> str:
    links = [
        md_link(formatting.source_name(ref.source), safe_http_url(ref.url)) for ref in sources[:4]
    ]
    if len(sources) > 4:
        links.append(t("card.source_more", count=len(sources) - 4))
    text = t("card.source", sources=", ".join(links) if links else t("card.source_unknown"))
    verified = formatting.day(last_verified)
    if verified:
        text += t("card.verified", day=verified)
    return text


def render(hit: Hit, number: int, on_open) -> None:
    document = hit.document
    with st.container(border=True, key=f"card_{number}"):
        distance = formatting.distance(hit.distance_mi)
        title = f"**{number}. {md_text(hit.name, 300)}**"
        st.markdown(title + (f" — {distance}" if distance else ""))
        who = who_line(document)
        if who:
            st.markdown(who)
        address = formatting.address_lines(document, ADDRESS_FIELDS)
        if address:
            st.markdown(":material/location_on: " + md_text(address, 400))
        contact = contact_line(document, hit.name)
        if contact:
            st.markdown(contact)
        tags = badges(document)
        if tags:
            st.markdown(tags)
        for line in costs_view.card_lines(document):
            st.markdown(":material/payments: " + line)
        insurance = costs_view.insurance_line(document)
        if insurance:
            st.markdown(":material/health_and_safety: " + insurance)
        st.caption(source_line(hit.sources, document.get(doc.LAST_VERIFIED)))
        st.button(
            t("card.details"),
            key=f"open_{number}",
            on_click=on_open,
            args=(hit.doc_id,),
            help=t("card.details_help"),
        )
