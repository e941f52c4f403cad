"""Provider detail: every field, every source with its link and date, hours, and a report form."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from clinics import fields as F
from indexer import fields as doc
from search.types import Hit
from ui import formatting, services, vocabulary
from ui.render import cards
from ui.render import evidence as evidence_view
from ui.safe import md_link, md_text, plain, safe_http_url, tel_url

# Field -> label, in the order shown. Fields not listed here are shown after these,
# under their own (humanised) names, so nothing a source gave is hidden.
FIELD_LABELS: tuple[tuple[str, str], ...] = (
    (F.KIND, "Kind"),
    (F.CREDENTIALS, "Credentials"),
    (F.PROVIDER_TYPES, "Provider type"),
    (F.ORGANIZATION_NAME, "Organization"),
    (F.ALTERNATE_NAMES, "Also known as"),
    (F.NPI, "NPI number"),
    (F.DESCRIPTION, "Description"),
    (F.THERAPIES, "Therapies"),
    (F.CONDITIONS, "Conditions"),
    (F.TELEHEALTH, "Telehealth"),
    (F.ACCEPTING_NEW_PATIENTS, "Accepting new patients"),
    (F.ACCEPTING_AS_OF, "Accepting, as of"),
    (F.INSURANCE, "Insurance"),
    (F.PAYMENT, "Payment"),
    (F.LANGUAGES, "Languages"),
    (F.AGES_SERVED, "Ages served"),
    (F.PHONE_EXT, "Phone extension"),
    (F.EMAIL, "Email"),
    (F.GEO_PRECISION, "Map position from"),
    (doc.FIRST_SEEN, "First seen"),
    (doc.LAST_SEEN, "Last seen"),
    (doc.LAST_VERIFIED, "Last verified"),
)
KIND_WORDS = {"individual": "Individual provider", "organization": "Organization or clinic"}
CODE_FIELDS = {F.PROVIDER_TYPES, F.THERAPIES, F.CONDITIONS}
DATE_FIELDS = {F.ACCEPTING_AS_OF, doc.FIRST_SEEN, doc.LAST_SEEN, doc.LAST_VERIFIED}
SHOWN_ELSEWHERE = {
    F.NAME,
    F.EVIDENCE,
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
WEEKDAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
MAX_REPORT_CHARS = 2_000


def value_text(name: str, value: object) -> str:
    """Any stored value as plain text; taxonomy codes as labels, dates as days."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name == F.GEO_PRECISION:
        return formatting.PRECISION_WORDS.get(str(value), plain(value))
    if name == F.KIND:
        return KIND_WORDS.get(str(value), plain(value))
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
    listed = {name for name, _ in FIELD_LABELS}
    for name, title in FIELD_LABELS:
        text = value_text(name, document.get(name))
        if text:
            rows.append((title, text))
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
        named = ", ".join(WEEKDAYS.get(d.strip().upper(), d.strip()) for d in days.split(",") if d)
        opens, closes = item.get("opens_at"), item.get("closes_at")
        span = f"{opens}–{closes}" if opens and closes else ""
        note = item.get("description") or ""
        line = " ".join(p for p in (named, span, str(note)) if p)
        lines.append(plain(line or value_text("", item), 300))
    return lines


def _evidence(document: dict) -> None:
    lines = evidence_view.evidence_lines(document)
    if not lines:
        return
    st.subheader(evidence_view.HEADING)
    st.caption(evidence_view.NOTE)
    for line in lines:
        st.markdown("- " + line)


def _sources(hit: Hit) -> None:
    st.subheader("Sources")
    if not hit.sources:
        st.markdown("No source is recorded for this listing.")
    for ref in hit.sources:
        fetched = formatting.day(ref.fetched_at) or "date unknown"
        url = safe_http_url(ref.url)
        link = md_link(ref.url or formatting.source_name(ref.source), url)
        st.markdown(
            f"- **{md_text(formatting.source_name(ref.source))}**: {link} · fetched {fetched}"
        )


def _report_form(hit: Hit) -> None:
    st.subheader("Report incorrect information")
    st.caption(
        "Tell us what is wrong (closed, moved, wrong phone, does not offer a therapy). "
        "Please do not include health details."
    )
    with st.form("report_form", clear_on_submit=True):
        message = st.text_area("What is wrong?", max_chars=MAX_REPORT_CHARS, key="report_message")
        contact = st.text_input(
            "Your email or phone (optional, only if you want us to follow up)",
            max_chars=200,
            key="report_contact",
        )
        sent = st.form_submit_button("Send report")
    if sent:
        if not message.strip():
            st.warning("Please describe what is wrong before sending.")
            return
        _, error = services.add_report(hit.doc_id, message.strip(), contact.strip() or None)
        if error:
            st.error(error)
        else:
            stamp = datetime.now(UTC).strftime("%d %b %Y %H:%M UTC")
            st.success(f"Thank you. Your report was stored ({stamp}); a maintainer will review it.")


def render(hit: Hit, on_back) -> None:
    document = hit.document
    st.button("← Back to results", key="back_to_results", on_click=on_back)
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
            + (f" ({distance} away)" if distance else "")
        )
    phone = document.get(F.PHONE)
    if formatting.phone(phone):
        st.markdown(":material/call: " + md_link(formatting.phone(phone), tel_url(phone)))
    website = safe_http_url(document.get(F.WEBSITE))
    if website:
        st.markdown(":material/language: " + md_link(document.get(F.WEBSITE), website))

    st.subheader("Hours")
    lines = hours_rows(document.get(F.HOURS))
    if lines:
        for line in lines:
            st.text(line)
    else:
        st.markdown("Not listed. Call to check.")

    st.subheader("Details")
    rows = field_rows(document)
    for title, text in rows:
        st.markdown(f"**{md_text(title, 100)}:** {md_text(text, 5_000)}")
    _evidence(document)
    _sources(hit)
    _report_form(hit)
