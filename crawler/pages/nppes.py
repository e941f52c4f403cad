"""NPPES provider data to record dicts: one mapping for the NPI Registry API and the bulk file.

The NPI Registry API (crawler.pages.npi) answers JSON; the NPPES monthly file
(crawler.bulk.nppes) has one CSV row per NPI and a practice-locations file. Both are turned
into the same neutral shape first (`Provider`, its `Taxonomy` slots and its `Location`s), and
this module alone makes record dicts of it, so the same NPI gives the same record whichever
way it came: the same name, credentials, source codes, licenses, address fields and phone.

Scope is decided the same way too: `has_mapped_taxonomy` says whether any taxonomy slot holds
a NUCC code that clinics.taxonomy maps (the behavioral-health codes, and anesthesia for
ketamine clinics); the crawl pipelines' classification and scope check then decide what is
kept (crawler.pipelines.classify, crawler.pipelines.scope).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from clinics import fields as F
from clinics.taxonomy.sources import nucc_mapping
from crawler.pages import LOCATION_INDEX
from crawler.pages.text import PLACEHOLDERS
from crawler.pages.text import value as _squashed_value

_KEEP_UPPER = {
    "LLC",
    "PLLC",
    "PA",
    "PC",
    "LLP",
    "MD",
    "DO",
    "PHD",
    "LPC",
    "LCSW",
    "USA",
    "II",
    "III",
    "IV",
}

_NOT_UPPER = re.compile(r"[^A-Z]")
_LONGEST_PLACEHOLDER = max(map(len, PLACEHOLDERS))

PRIMARY = "primary"
PRACTICE_LOCATION = "practice_location"


def value(text: object) -> str | None:
    """crawler.pages.text.value (a clean string, None for blanks and placeholders), with a
    fast path for the common value that has no whitespace to collapse."""
    if not text:
        return None  # None and "" (most of a file row's columns)
    if type(text) is str and text.isprintable() and "  " not in text:
        cleaned = text.strip()
        if len(cleaned) > _LONGEST_PLACEHOLDER:  # most values: no placeholder is this long
            return cleaned
        return None if cleaned.lower() in PLACEHOLDERS else cleaned
    return _squashed_value(text)


def title_case(name: str | None) -> str | None:
    """'BAYOU CITY KETAMINE & WELLNESS PLLC' -> 'Bayou City Ketamine & Wellness PLLC'."""
    if not name:
        return name
    if not name.isupper():
        return name
    return _title_case(name)


@lru_cache(maxsize=1 << 13)  # city and street names repeat; bounded memory
def _title_case(name: str) -> str:
    words = []
    for word in name.split():
        # an all-letter word is its own bare form (the name is upper case)
        bare = word if word.isascii() and word.isalpha() else _NOT_UPPER.sub("", word)
        words.append(word if bare in _KEEP_UPPER else word.capitalize())
    return " ".join(words)


@dataclass(frozen=True)
class Taxonomy:
    """One taxonomy slot: the NUCC code, its description, and the license that goes with it."""

    code: str | None
    desc: str | None = None
    state: str | None = None
    license: str | None = None
    primary: bool = False


@dataclass
class Provider:
    """What NPPES says about one NPI, whatever the format it came in."""

    number: str | None
    organization: bool
    organization_name: str | None = None
    name_prefix: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    name_suffix: str | None = None
    credential: str | None = None
    taxonomies: Sequence[Taxonomy] = ()
    enumeration_type: str | None = None  # NPI-1 | NPI-2
    created: str | None = None  # ISO date
    last_updated: str | None = None  # ISO date
    status: str | None = None  # A: active


@dataclass
class Location:
    """One practice location: street, city, state, ZIP, country, phone and fax as given."""

    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country_code: str | None = None
    phone: str | None = None
    phone_ext: str | None = None
    fax: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def has_mapped_taxonomy(codes: Iterable[str | None]) -> bool:
    """True when any code is a NUCC code that clinics.taxonomy maps (the scope's first test)."""
    return any(code and nucc_mapping(code) is not None for code in codes)


def provider_fields(provider: Provider) -> dict[str, Any]:
    """The record fields of one provider that every one of its locations shares."""
    number = value(provider.number)
    kind = "organization" if provider.organization else "individual"
    if kind == "organization":
        name = title_case(value(provider.organization_name))
    else:
        parts = [
            value(part)
            for part in (
                provider.name_prefix,
                provider.first_name,
                provider.middle_name,
                provider.last_name,
                provider.name_suffix,
            )
        ]
        name = title_case(" ".join(p for p in parts if p)) or None
    codes, descriptions, licenses = [], [], []
    for row in provider.taxonomies:
        code = value(row.code)
        if not code:
            continue
        codes.append(f"nucc:{code}")
        if value(row.desc):
            descriptions.append(row.desc)
        state, number_on_license = value(row.state), value(row.license)
        if number_on_license and state:
            licenses.append({"state": state, "number": number_on_license})
    credential = value(provider.credential)
    record: dict[str, Any] = {
        F.SOURCE_REF: number,
        F.NPI: number,
        F.KIND: kind,
        F.NAME: name,
        F.CREDENTIALS: [c.strip() for c in credential.split(",")] if credential else [],
        F.SOURCE_CODES: codes,
        F.SPECIALTIES_RAW: descriptions,
        F.LICENSES: licenses,
        F.EXTRAS: {
            "enumeration_type": provider.enumeration_type,
            "npi_created": provider.created,
            "npi_last_updated": provider.last_updated,
            "npi_status": value(provider.status),
        },
    }
    if kind == "organization":
        record[F.ORGANIZATION_NAME] = name
    return record


def location_fields(location: Location) -> dict[str, Any]:
    """The record fields of one practice location."""
    street_1, street_2 = value(location.address_1), value(location.address_2)
    city, state = title_case(value(location.city)), value(location.state)
    postal = value(location.postal_code)
    # join_address(street_1, street_2, city, "state postal") without squashing again: value()
    # gives stripped text without runs of whitespace
    region = f"{state} {postal}" if state and postal else state or postal
    fields = {
        F.ADDRESS_1: title_case(street_1),
        F.ADDRESS_2: title_case(street_2),
        F.CITY: city,
        F.STATE_PROVINCE: state,
        F.POSTAL_CODE: postal,
        F.COUNTRY: value(location.country_code),
        F.ADDRESS_RAW: ", ".join(p for p in (street_1, street_2, city, region) if p) or None,
        F.PHONE: value(location.phone),
        F.FAX: value(location.fax),
    }
    extension = value(location.phone_ext)
    if extension:
        fields[F.PHONE_EXT] = extension
    return fields


def provider_url(api_url: str, number: str) -> str:
    """The API's own URL for one provider: a stable link that anyone can open."""
    return f"{api_url.split('?', 1)[0]}?version=2.1&number={number}"


def location_records(
    provider: Provider,
    locations: Sequence[Location],
    *,
    first_is_primary: bool = True,
    api_url: str | None = None,
) -> list[dict[str, Any]]:
    """One record per location of one provider (the primary practice location first).

    The n-th location carries LOCATION_INDEX n, so its id is `npi:<number>:<n>`.
    """
    base = provider_fields(provider)
    records = []
    for index, location in enumerate(locations):
        record = dict(base)
        record[F.EXTRAS] = dict(
            base[F.EXTRAS],
            location_type=PRIMARY if index == 0 and first_is_primary else PRACTICE_LOCATION,
            **location.extra,
        )
        record.update(location_fields(location))
        record[LOCATION_INDEX] = index
        if api_url and base[F.SOURCE_REF]:
            record[F.SOURCE_URL] = provider_url(api_url, base[F.SOURCE_REF])
        records.append(record)
    return records
