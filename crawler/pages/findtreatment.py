"""SAMHSA FindTreatment.gov locator responses: one record per facility row.

Coordinates arrive as strings (the coordinates pipeline converts and checks them).
`services[]` entries are {f1 label, f2 code, f3 "a; b; c"}: every value becomes a source
code `samhsa:<f2>:<value>` for the classifier, and the access fields (languages, ages,
payment, insurance) are filled from the codes that carry them.
"""

from __future__ import annotations

import re
from typing import Any

from clinics import fields as F
from clinics.record import loads_bounded
from crawler.pages import PageError
from crawler.pages.text import decode, join_address, value

# service code -> record field that takes its values as they are
SERVICE_FIELDS = {
    "TAP": F.THERAPIES_RAW,
    "SL": F.LANGUAGES,
    "AGE": F.AGES_SERVED,
    "PAY": F.INSURANCE,
    "PYAS": F.PAYMENT,
}


def split_values(text: Any) -> list[str]:
    if not isinstance(text, str):
        return []
    return [part for part in (value(p) for p in text.split(";")) if part]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class FindTreatmentPage:
    """One page of locator results."""

    def __init__(self, url: str | None, body: bytes | str) -> None:
        self.url = url
        try:
            data = loads_bounded(decode(body))
        except ValueError as exc:
            raise PageError(f"not JSON ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
            raise PageError("not a FindTreatment locator response (no 'rows' list)")
        self.data = data

    @property
    def page(self) -> int:
        return _int(self.data.get("page"), 1)

    @property
    def total_pages(self) -> int:
        return _int(self.data.get("totalPages"), 1)

    def records(self) -> list[dict]:
        return [
            facility_record(row, self.url) for row in self.data["rows"] if isinstance(row, dict)
        ]


def _int(raw: Any, default: int) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


def facility_record(row: dict, url: str | None = None) -> dict:
    name1, name2 = value(row.get("name1")), value(row.get("name2"))
    street1, street2 = value(row.get("street1")), value(row.get("street2"))
    city, state, postal = value(row.get("city")), value(row.get("state")), value(row.get("zip"))
    ref = value(row.get("frid")) or _slug(f"{name1 or ''}-{street1 or ''}-{postal or ''}")
    record: dict[str, Any] = {
        F.SOURCE_REF: ref,
        F.KIND: "organization",
        F.NAME: name1,
        F.ORGANIZATION_NAME: name1,
        F.ALTERNATE_NAMES: [name2] if name2 else [],
        F.ADDRESS_1: street1,
        F.ADDRESS_2: street2,
        F.CITY: city,
        F.STATE_PROVINCE: state,
        F.POSTAL_CODE: postal,
        F.COUNTRY: "US",
        F.ADDRESS_RAW: join_address(street1, street2, city, f"{state or ''} {postal or ''}"),
        F.LATITUDE: value(row.get("latitude")),
        F.LONGITUDE: value(row.get("longitude")),
        F.PHONE: value(row.get("phone")),
        F.WEBSITE: value(row.get("website")),
        F.SOURCE_CODES: [],
        F.EXTRAS: {},
    }
    facility_type = value(row.get("typeFacility"))
    if facility_type:
        record[F.SOURCE_CODES].append(f"samhsa:typeFacility:{facility_type}")
        record[F.EXTRAS]["facility_type"] = facility_type
    if value(row.get("intake1")):
        record[F.EXTRAS]["intake_phone"] = value(row.get("intake1"))
    if row.get("miles") is not None:
        record[F.EXTRAS]["miles_from_search"] = row.get("miles")
    for service in row.get("services") or []:
        if not isinstance(service, dict):
            continue
        code = value(service.get("f2"))
        values = split_values(service.get("f3"))
        if not code or not values:
            continue
        record[F.SOURCE_CODES].extend(f"samhsa:{code}:{item}" for item in values)
        target = SERVICE_FIELDS.get(code)
        if target:
            record.setdefault(target, []).extend(values)
        else:
            label = value(service.get("f1")) or code
            record[F.EXTRAS][_slug(label).replace("-", "_")] = values
    if url:
        record[F.SOURCE_URL] = url
    return record
