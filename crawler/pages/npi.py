"""NPPES NPI Registry API v2.1 responses: one record per provider practice location.

Both response shapes are read: numbers or strings for `number` and phones, epochs in
seconds or milliseconds, and "--" for empty values. A provider yields one record for its
LOCATION address and one for each entry of `practiceLocations` (ids `npi:<number>:<n>`).
An API error arrives with HTTP 200 and an `Errors` array: `errors` lists them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from clinics import fields as F
from clinics.record import loads_bounded
from crawler.pages import LOCATION_INDEX, PageError
from crawler.pages.text import decode, join_address, value

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


def title_case(name: str | None) -> str | None:
    """'BAYOU CITY KETAMINE & WELLNESS PLLC' -> 'Bayou City Ketamine & Wellness PLLC'."""
    if not name:
        return name
    if not name.isupper():
        return name
    words = []
    for word in name.split():
        bare = re.sub(r"[^A-Z]", "", word)
        words.append(word if bare in _KEEP_UPPER else word.capitalize())
    return " ".join(words)


def epoch_to_iso(raw: Any) -> str | None:
    """Epoch seconds or milliseconds (number or string) to an ISO date."""
    try:
        number = float(raw)
    except (TypeError, ValueError):
        return None
    if number > 1e11:  # milliseconds
        number /= 1000
    try:
        return datetime.fromtimestamp(number, tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


class NpiApiPage:
    """One page of NPI API results."""

    def __init__(self, url: str | None, body: bytes | str) -> None:
        self.url = url
        try:
            data = loads_bounded(decode(body))
        except ValueError as exc:
            raise PageError(f"not JSON ({exc})") from None
        if not isinstance(data, dict) or not ("results" in data or "Errors" in data):
            raise PageError("not an NPI API v2.1 response (no 'results' or 'Errors')")
        self.data = data

    @property
    def errors(self) -> list[str]:
        rows = self.data.get("Errors") or []
        return [
            f"{row.get('field', '?')}: {row.get('description', 'error')} (#{row.get('number', '?')})"
            if isinstance(row, dict)
            else str(row)
            for row in rows
        ]

    @property
    def results(self) -> list[dict]:
        rows = self.data.get("results") or []
        return [row for row in rows if isinstance(row, dict)]

    @property
    def result_count(self) -> int:
        try:
            return int(self.data.get("result_count", len(self.results)))
        except (TypeError, ValueError):
            return len(self.results)

    def records(self) -> list[dict]:
        records = []
        for result in self.results:
            records.extend(provider_records(result, self.url))
        return records


def _provider_fields(result: dict) -> dict:
    basic = result.get("basic") or {}
    number = value(result.get("number"))
    kind = "organization" if result.get("enumeration_type") == "NPI-2" else "individual"
    if kind == "organization":
        name = title_case(value(basic.get("organization_name")))
    else:
        parts = [
            value(basic.get(key))
            for key in ("name_prefix", "first_name", "middle_name", "last_name", "name_suffix")
        ]
        name = title_case(" ".join(p for p in parts if p)) or None
    taxonomies = [row for row in result.get("taxonomies") or [] if isinstance(row, dict)]
    credential = value(basic.get("credential"))
    record: dict[str, Any] = {
        F.SOURCE_REF: number,
        F.NPI: number,
        F.KIND: kind,
        F.NAME: name,
        F.CREDENTIALS: [c.strip() for c in credential.split(",")] if credential else [],
        F.SOURCE_CODES: [f"nucc:{row['code']}" for row in taxonomies if value(row.get("code"))],
        F.SPECIALTIES_RAW: [row["desc"] for row in taxonomies if value(row.get("desc"))],
        F.LICENSES: [
            {"state": row["state"], "number": row["license"]}
            for row in taxonomies
            if value(row.get("license")) and value(row.get("state"))
        ],
        F.EXTRAS: {
            "enumeration_type": result.get("enumeration_type"),
            "npi_created": epoch_to_iso(result.get("created_epoch")),
            "npi_last_updated": epoch_to_iso(result.get("last_updated_epoch")),
            "npi_status": value(basic.get("status")),
        },
    }
    if kind == "organization":
        record[F.ORGANIZATION_NAME] = name
    return record


def _location_fields(address: dict) -> dict:
    street_1, street_2 = value(address.get("address_1")), value(address.get("address_2"))
    city, state = title_case(value(address.get("city"))), value(address.get("state"))
    postal = value(address.get("postal_code"))
    return {
        F.ADDRESS_1: title_case(street_1),
        F.ADDRESS_2: title_case(street_2),
        F.CITY: city,
        F.STATE_PROVINCE: state,
        F.POSTAL_CODE: postal,
        F.COUNTRY: value(address.get("country_code")),
        F.ADDRESS_RAW: join_address(street_1, street_2, city, f"{state or ''} {postal or ''}"),
        F.PHONE: value(address.get("telephone_number")),
        F.FAX: value(address.get("fax_number")),
    }


def provider_url(api_url: str, number: str) -> str:
    """The API's own URL for one provider: a stable link that anyone can open."""
    return f"{api_url.split('?', 1)[0]}?version=2.1&number={number}"


def provider_records(result: dict, url: str | None = None) -> list[dict]:
    """One record per practice location of one API result."""
    provider = _provider_fields(result)
    addresses = [a for a in result.get("addresses") or [] if isinstance(a, dict)]
    primary = [a for a in addresses if a.get("address_purpose") == "LOCATION"]
    locations = primary[:1] + [
        a for a in result.get("practiceLocations") or [] if isinstance(a, dict)
    ]
    records = []
    for index, address in enumerate(locations):
        record = dict(provider)
        record[F.EXTRAS] = dict(
            provider[F.EXTRAS],
            location_type="primary" if index == 0 and primary else "practice_location",
        )
        record.update(_location_fields(address))
        record[LOCATION_INDEX] = index
        if url and provider[F.SOURCE_REF]:
            record[F.SOURCE_URL] = provider_url(url, provider[F.SOURCE_REF])
        records.append(record)
    return records
