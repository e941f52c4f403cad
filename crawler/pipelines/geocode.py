"""Geocoding of records that came without coordinates, through clinics.geocode.

The query is the record's address (street, city, state, ZIP); the offline geocoder places
it at its ZIP or city, online geocoders (opt-in, see docs/geocoding.md) at the address.
geo_precision says which. Ambiguous places are not guessed: the record keeps no point.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from clinics import fields as F
from crawler.pipelines import RecordPipeline

# GeoMatch.precision -> record geo_precision
PRECISION = {"address": "address", "zip": "zip", "city": "city", "point": "source"}


@lru_cache(maxsize=4096)
def _lookup(query: str) -> tuple[float, float, str] | None:
    from clinics.geocode import geocode

    match = geocode(query)
    if match is None or getattr(match, "ambiguous", False):
        return None
    precision = PRECISION.get(match.precision)
    if precision is None:
        return None
    return match.lat, match.lon, precision


def online_geocoding() -> bool:
    """True when an online geocoder is configured (then the street address matters)."""
    from clinics.geocode import config

    return bool(config.load().online)


def geocode_query(item: dict, with_street: bool = True) -> str | None:
    region = " ".join(p for p in (item.get(F.STATE_PROVINCE), item.get(F.POSTAL_CODE)) if p)
    street = item.get(F.ADDRESS_1) if with_street else None
    parts = [street, item.get(F.CITY), region]
    query = ", ".join(p for p in parts if p)
    if item.get(F.POSTAL_CODE) or (item.get(F.CITY) and item.get(F.STATE_PROVINCE)):
        return query
    return item.get(F.ADDRESS_RAW)


class GeocodePipeline(RecordPipeline):
    def __init__(self, crawler: Any = None) -> None:
        super().__init__(crawler)
        self.enabled = crawler.settings.getbool("GEOCODE_MISSING", True) if crawler else True
        # Offline, a street address is placed at its ZIP: asking by ZIP and city alone
        # gives the same point and lets one lookup serve every provider of the ZIP.
        self.with_street = online_geocoding()

    def process_item(self, item: dict, spider: Any = None) -> dict:
        if not self.enabled or item.get(F.LATITUDE) is not None:
            return item
        query = geocode_query(item, self.with_street)
        found = _lookup(query) if query else None
        if found is None:
            item[F.GEO_PRECISION] = "none"
            if query:
                self.note_issue(
                    item, F.GEO_PRECISION, "address could not be placed on the map", query
                )
            return item
        item[F.LATITUDE], item[F.LONGITUDE], item[F.GEO_PRECISION] = found
        return item
