"""schema.org provider nodes (from JSON-LD or microdata) to record dicts."""

from __future__ import annotations

from typing import Any

from clinics import fields as F
from crawler.pages import hours
from crawler.pages.jsonld import types_of
from crawler.pages.text import join_address, value

# MedicalClinic, MedicalBusiness, Physician, Psychiatrist, LocalBusiness and the subtypes
# that clinic sites use; anything else on a page (WebSite, BreadcrumbList, ...) is ignored.
PROVIDER_TYPES = frozenset(
    {
        "MedicalClinic", "MedicalBusiness", "MedicalOrganization", "Physician", "IndividualPhysician",
        "PhysiciansOffice", "Psychiatrist", "Psychologist", "LocalBusiness", "ProfessionalService",
        "HealthAndBeautyBusiness", "Hospital", "Dentist", "Optician", "Pharmacy", "Physiotherapy",
        "DiagnosticLab", "MedicalSpecialty", "Person",
    }
)  # fmt: skip

_HANDLED = {
    "@context", "@type", "@id", "name", "alternateName", "legalName", "description", "telephone",
    "faxNumber", "email", "url", "address", "geo", "openingHours", "openingHoursSpecification",
    "medicalSpecialty", "availableService", "isAcceptingNewPatients", "knowsLanguage",
    "availableLanguage", "paymentAccepted", "image", "logo", "mainEntityOfPage", "hasMap",
}  # fmt: skip


def is_provider(node: dict) -> bool:
    return any(t in PROVIDER_TYPES for t in types_of(node))


def _texts(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("@id")
        text = value(item)
        if text:
            out.append(
                text.rsplit("/", 1)[-1]
                if text.startswith("http") and "schema.org" in text
                else text
            )
    return out


def _first(raw: Any) -> str | None:
    texts = _texts(raw)
    return texts[0] if texts else None


def _address(raw: Any) -> dict:
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    if isinstance(raw, str):
        return {F.ADDRESS_RAW: value(raw)}
    if not isinstance(raw, dict):
        return {}
    street = value(raw.get("streetAddress"))
    city = value(raw.get("addressLocality"))
    region = value(raw.get("addressRegion"))
    postal = value(raw.get("postalCode"))
    country = raw.get("addressCountry")
    if isinstance(country, dict):
        country = country.get("name")
    return {
        F.ADDRESS_RAW: join_address(street, city, f"{region or ''} {postal or ''}"),
        F.CITY: city,
        F.STATE_PROVINCE: region,
        F.POSTAL_CODE: postal,
        F.COUNTRY: value(country),
    }


def _geo(raw: Any) -> dict:
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    if not isinstance(raw, dict):
        return {}
    lat, lon = raw.get("latitude"), raw.get("longitude")
    if lat in (None, "") or lon in (None, ""):
        return {}
    return {F.LATITUDE: lat, F.LONGITUDE: lon}


def _accepting(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = (value(raw) or "").lower()
    if text in ("true", "yes", "https://schema.org/true"):
        return True
    if text in ("false", "no", "https://schema.org/false"):
        return False
    return None


def node_record(node: dict, page_url: str | None) -> dict:
    """One schema.org provider node as a record dict (cleaning is the pipelines' job)."""
    record: dict[str, Any] = {
        F.SOURCE_REF: page_url or value(node.get("@id")),
        F.KIND: "individual" if "Person" in types_of(node) else "organization",
        F.NAME: _first(node.get("name")) or _first(node.get("legalName")),
        F.ALTERNATE_NAMES: _texts(node.get("alternateName")),
        F.DESCRIPTION: _first(node.get("description")),
        F.PHONE: _first(node.get("telephone")),
        F.FAX: _first(node.get("faxNumber")),
        F.EMAIL: (_first(node.get("email")) or "").removeprefix("mailto:") or None,
        F.WEBSITE: _first(node.get("url")) or page_url,
        F.SPECIALTIES_RAW: _texts(node.get("medicalSpecialty")),
        F.THERAPIES_RAW: _texts(node.get("availableService")),
        F.LANGUAGES: _texts(node.get("knowsLanguage")) + _texts(node.get("availableLanguage")),
        F.PAYMENT: _texts(node.get("paymentAccepted")),
        F.ACCEPTING_NEW_PATIENTS: _accepting(node.get("isAcceptingNewPatients")),
        F.EXTRAS: {"schema_type": types_of(node)},
    }
    if record[F.KIND] == "organization":
        record[F.ORGANIZATION_NAME] = record[F.NAME]
    record.update(_address(node.get("address")))
    record.update(_geo(node.get("geo")))
    raw_hours = _texts(node.get("openingHours"))
    rows = [row for text in raw_hours for row in hours.parse_opening_hours(text)]
    spec = node.get("openingHoursSpecification")
    if spec:
        raw_hours += hours.describe_specification(spec)
        rows += hours.parse_specification(spec)
    record[F.HOURS_RAW] = raw_hours
    record[F.HOURS] = rows
    for key, raw in node.items():
        if key not in _HANDLED and not isinstance(raw, dict | list):
            record[F.EXTRAS][key] = raw
    return record
