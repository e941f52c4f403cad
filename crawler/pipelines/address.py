"""Address to the HSDS fields (address_1, address_2, city, state_province, postal_code,
country), parsed from address_raw with `usaddress` when the source gave one line; the raw
line is always kept. States become two-letter codes, ZIPs 5 digits (or ZIP+4)."""

from __future__ import annotations

import re
from typing import Any

import usaddress

from clinics import fields as F
from clinics.geocode.states import state_code
from crawler.pipelines import RecordPipeline

_OCCUPANCY = (
    "OccupancyType",
    "OccupancyIdentifier",
    "SubaddressType",
    "SubaddressIdentifier",
    "BuildingName",
)
_STREET_SKIP = {
    "PlaceName",
    "StateName",
    "ZipCode",
    "CountryName",
    "Recipient",
    "NotAddress",
    *_OCCUPANCY,
}
_ZIP = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")
_TAIL = re.compile(
    r"(?:,\s*)?([A-Za-z .]+?),?\s+([A-Za-z]{2}|[A-Za-z ]+?)\s+(\d{5}(?:-\d{4})?)\s*$"
)


# The common shape "street[, unit], city, ST 12345" is read without the CRF tagger.
_COMMON = re.compile(
    r"^(?P<street>\d[^,]*?),\s*"
    r"(?:(?P<unit>(?:suite|ste\.?|unit|apt\.?|room|rm\.?|floor|fl\.?|bldg\.?|#)\s*[\w-]+),\s*)?"
    r"(?P<city>[A-Za-z][A-Za-z .'-]*?),\s*(?P<state>[A-Z]{2})\s+(?P<zip>\d{5}(?:-\d{4})?)$",
    re.IGNORECASE,
)


def parse_address(raw: str) -> dict[str, str] | None:
    """HSDS parts of a one-line US address, or None when it cannot be read."""
    common = _COMMON.match(raw.strip())
    if common:
        out = {
            F.ADDRESS_1: common["street"].strip(),
            F.ADDRESS_2: (common["unit"] or "").strip(),
            F.CITY: common["city"].strip(),
            F.STATE_PROVINCE: common["state"].upper(),
            F.POSTAL_CODE: common["zip"],
        }
        return {key: value for key, value in out.items() if value}
    try:
        parts, kind = usaddress.tag(raw)
    except usaddress.RepeatedLabelError:
        return None
    if kind == "Ambiguous" or not (parts.get("ZipCode") or parts.get("PlaceName")):
        return None
    street = " ".join(value for label, value in parts.items() if label not in _STREET_SKIP)
    occupancy = " ".join(parts[label] for label in _OCCUPANCY if parts.get(label))
    out = {
        F.ADDRESS_1: street.strip(" ,"),
        F.ADDRESS_2: occupancy.strip(" ,"),
        F.CITY: parts.get("PlaceName", "").strip(" ,"),
        F.STATE_PROVINCE: parts.get("StateName", "").strip(" ,."),
        F.POSTAL_CODE: parts.get("ZipCode", "").strip(" ,"),
    }
    return {key: value for key, value in out.items() if value}


def normalize_postal_code(text: str) -> str | None:
    digits = re.sub(r"[\s]", "", text)
    match = _ZIP.match(digits)
    if not match or match.group(1) == "00000":
        return None
    return f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)


def _tidy_city(city: str) -> str:
    return city.title() if city.isupper() or city.islower() else city


class AddressPipeline(RecordPipeline):
    def process_item(self, item: dict, spider: Any = None) -> dict:
        raw = item.get(F.ADDRESS_RAW)
        if raw and not item.get(F.ADDRESS_1):
            parsed = parse_address(raw)
            if parsed is None:
                self.note_issue(
                    item, F.ADDRESS_RAW, "could not be split into street, city, state, ZIP", raw
                )
            else:
                for key, value in parsed.items():
                    item.setdefault(key, value)
        if item.get(F.STATE_PROVINCE):
            code = state_code(str(item[F.STATE_PROVINCE]))
            if code:
                item[F.STATE_PROVINCE] = code
            else:
                self.note_issue(
                    item, F.STATE_PROVINCE, "not a US state", item.pop(F.STATE_PROVINCE)
                )
        if item.get(F.POSTAL_CODE):
            zip_code = normalize_postal_code(str(item[F.POSTAL_CODE]))
            if zip_code:
                item[F.POSTAL_CODE] = zip_code
            else:
                self.note_issue(item, F.POSTAL_CODE, "not a US ZIP code", item.pop(F.POSTAL_CODE))
        if item.get(F.CITY):
            item[F.CITY] = _tidy_city(str(item[F.CITY]))
        if item.get(F.STATE_PROVINCE) and not item.get(F.COUNTRY):
            item[F.COUNTRY] = "US"
        if not raw and (item.get(F.ADDRESS_1) or item.get(F.CITY)):
            region = f"{item.get(F.STATE_PROVINCE, '')} {item.get(F.POSTAL_CODE, '')}".strip()
            parts = [item.get(F.ADDRESS_1), item.get(F.ADDRESS_2), item.get(F.CITY), region]
            item[F.ADDRESS_RAW] = ", ".join(p for p in parts if p)
        return item
