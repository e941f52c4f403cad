"""Provider detail: every field, every source with its link and date, hours, and a report form."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from clinics import fields as F
from indexer import fields as doc
from search.types import Hit
from ui import formatting, services, vocabulary
from ui.messages import t
from ui.render import cards
from ui.render import costs as costs_view
from ui.render import evidence as evidence_view
from ui.safe import md_link, md_text, plain, safe_http_url, tel_url

# Field -> label, in the order shown. Fields not listed here are shown after these,
# under their own (humanised) names, so nothing a source gave is hidden.
# (the catalog's field.<name> is each one's title)
FIELD_LABELS: tuple[str, ...] = (
    F.KIND,
    F.CREDENTIALS,
    F.PROVIDER_TYPES,
    F.ORGANIZATION_NAME,
    F.ALTERNATE_NAMES,
    F.NPI,
    F.DESCRIPTION,
    F.THERAPIES,
    F.CONDITIONS,
    F.TELEHEALTH,
    F.ACCEPTING_NEW_PATIENTS,
    F.ACCEPTING_AS_OF,
    F.INSURANCE,
    F.PAYMENT,
    F.LANGUAGES,
    F.AGES_SERVED,
    F.PHONE_EXT,
    F.EMAIL,
    F.GEO_PRECISION,
    doc.FIRST_SEEN,
    doc.LAST_SEEN,
    doc.LAST_VERIFIED,
)
KIND_CODES = ("individual", "organization")  # the catalog's kind.<code>
CODE_FIELDS = {F.PROVIDER_TYPES, F.THERAPIES, F.CONDITIONS}
DATE_FIELDS = {F.ACCEPTING_AS_OF, doc.FIRST_SEEN, doc.LAST_SEEN, doc.LAST_VERIFIED}
SHOWN_ELSEWHERE = {
    F.NAME,
    F.EVIDENCE,
    F.COSTS,  # its own section (ui.render.costs), each statement with its source and date
    doc.COST_KINDS,
    F.ADDRESS_1,
    F.ADDRESS_2,
    F.CITY,
    F.STATE_PROVINCE,
    F.POSTAL_CODE,
    F.COUNTRY,
    F.PHONE,
    F.WEBSITE,
    F.HOURS,
    F.IS_SAMPLE,
    F.LATITUDE,
    F.LONGITUDE,
    doc.DOC_ID,
    doc.LOCATION,
    doc.SOURCES,
    doc.SOURCE_NAMES,
    doc.NAME_SUGGEST,
    doc.SEARCH_TEXT,
    doc.FIELD_WINNERS,
    "merge_block",
}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # the catalog's weekday.<code>
MAX_REPORT_CHARS = 2_000


def value_text(name: str, value: object) -> str:
    """Any stored value as plain text; taxonomy codes as labels, dates as days."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, bool):
        return t("detail.yes") if value else t("detail.no")
    if name == F.GEO_PRECISION:
        code = str(value)
        return (
            formatting.precision_words(code) if code in formatting.PRECISION_CODES else plain(value)
        )
    if name == F.KIND:
        return t(f"kind.{value}") if value in KIND_CODES else plain(value)
    if name in CODE_FIELDS:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(vocabulary.label(str(code)) for code in codes)
    if name in DATE_FIELDS:
        return formatting.day(value) or plain(value)
    if isinstance(value, list):
        return ", ".join(filter(None, (value_text("", item) for item in value)))
    if isinstance(value, dict):
        return "; ".join(
            f"{vocabulary.humanize(str(k))}: {value_text('', v)}"
            for k, v in value.items()
            if value_text("", v)
        )
    return plain(value, 5_000)


def field_rows(document: dict) -> list[tuple[str, str]]:
    rows = []
    listed = set(FIELD_LABELS)
    for name in FIELD_LABELS:
        text = value_text(name, document.get(name))
        if text:
            rows.append((t(f"field.{name}"), text))
    for name in sorted(document):
        if name in listed or name in SHOWN_ELSEWHERE:
            continue
        text = value_text(name, document[name])
        if text:
            rows.append((vocabulary.humanize(name), text))
    return rows


def hours_rows(hours: object) -> list[str]:
    """HSDS schedule rows (byday, opens_at, closes_at, description) as readable lines."""
    if not hours:
        return []
    items = hours if isinstance(hours, list) else [hours]
    lines = []
    for item in items:
        if not isinstance(item, dict):
            lines.append(plain(item, 300))
            continue
        days = str(item.get("byday") or item.get("weekday") or item.get("day") or "")
        named = ", ".join(_weekday(d.strip()) for d in days.split(",") if d)
        opens, closes = item.get("opens_at"), item.get("closes_at")
        span = f"{opens}–{closes}" if opens and closes else ""
        note = item.get("description") or ""
        line = " ".join(p for p in (named, span, str(note)) if p)
        lines.append(plain(line or value_text("", item), 300))
    return lines


def _weekday(code: str) -> str:
    return t(f"weekday.{code.upper()}") if code.upper() in WEEKDAYS else code


def _evidence(document: dict) -> None:
    lines = evidence_view.evidence_lines(document)
    _quoted_section(t("evidence.heading"), t("evidence.note"), lines)


def _costs(document: dict) -> None:
    _quoted_section(t("cost.heading"), t("cost.note"), costs_view.detail_lines(document))


def _quoted_section(heading: str, note: str, lines: list[str]) -> None:
    """A heading, its note and one bullet per quoted statement; nothing when there is
    nothing to quote."""
    if not lines:
        return
    st.subheader(heading)
    st.caption(note)
    for line in lines:
        st.markdown("- " + line)


def _sources(hit: Hit) -> None:
    st.subheader(t("detail.sources"))
    if not hit.sources:
        st.markdown(t("detail.no_source"))
    for ref in hit.sources:
        fetched = formatting.day(ref.fetched_at) or t("detail.date_unknown")
        url = safe_http_url(ref.url)
        link = md_link(ref.url or formatting.source_name(ref.source), url)
        st.markdown(
            f"- **{md_text(formatting.source_name(ref.source))}**: {link} · "
            + t("detail.fetched", day=fetched)
        )


def _report_form(hit: Hit) -> None:
    st.subheader(t("report.title"))
    st.caption(t("report.caption"))
    with st.form("report_form", clear_on_submit=True):
        message = st.text_area(
            t("report.message"), max_chars=MAX_REPORT_CHARS, key="report_message"
        )
        contact = st.text_input(
            t("report.contact"),
            max_chars=200,
            key="report_contact",
        )
        sent = st.form_submit_button(t("report.send"))
    if sent:
        if not message.strip():
            st.warning(t("report.empty"))
            return
        _, error = services.add_report(hit.doc_id, message.strip(), contact.strip() or None)
        if error:
            st.error(error)
        else:
            stamp = datetime.now(UTC).strftime("%d %b %Y %H:%M UTC")
            st.success(t("report.thanks", stamp=stamp))


def render(hit: Hit, on_back) -> None:
    document = hit.document
    st.button(t("provider.back"), key="back_to_results", on_click=on_back)
    st.header(md_text(hit.name, 300), anchor=False)
    who = cards.who_line(document)
    if who:
        st.markdown(who)
    tags = cards.badges(document)
    if tags:
        st.markdown(tags)
    address = " ".join(
        filter(
            None,
            (
                formatting.address_lines(document, cards.ADDRESS_FIELDS),
                document.get(F.COUNTRY),
            ),
        )
    )
    if address:
        distance = formatting.distance(hit.distance_mi)
        st.markdown(
            ":material/location_on: "
            + md_text(address, 400)
            + (t("detail.away", distance=distance) if distance else "")
        )
    phone = document.get(F.PHONE)
    if formatting.phone(phone):
        st.markdown(":material/call: " + md_link(formatting.phone(phone), tel_url(phone)))
    website = safe_http_url(document.get(F.WEBSITE))
    if website:
        st.markdown(":material/language: " + md_link(document.get(F.WEBSITE), website))

    st.subheader(t("detail.hours"))
    lines = hours_rows(document.get(F.HOURS))
    if lines:
        for line in lines:
            st.text(line)
    else:
        st.markdown(t("detail.hours_none"))

    st.subheader(t("detail.details"))
    rows = field_rows(document)
    for title, text in rows:
        st.markdown(f"**{md_text(title, 100)}:** {md_text(text, 5_000)}")
    _costs(document)
    _evidence(document)
    _sources(hit)
    _report_form(hit)
