"""Enrichment at load time: taxonomy codes from the raw words, and a point for records
without one. Re-run on every load, so taxonomy and geocoder improvements reach the index
without a re-crawl.

`enrich(record)` takes a validated ProviderRecord and returns the record as a JSON-ready
dict (None values left out, `fetched_at` in UTC), which is what merging works on.
"""

from __future__ import annotations

from datetime import UTC
from functools import lru_cache
from typing import Any

from clinics import fields as F

GEOCODE_CACHE_SIZE = 50_000


def _classifier():
    try:
        from clinics.classify import classify
    except ImportError:  # the taxonomy part is not installed: keep the crawler's codes
        return None
    return classify


def _geocoder():
    try:
        from clinics.geocode import geocode
    except ImportError:
        return None
    return geocode


def classification_text(record: dict[str, Any]) -> str:
    """The words the classifier reads: description and raw therapies/conditions/specialties."""
    parts = [record.get(F.DESCRIPTION) or ""]
    for field in (F.THERAPIES_RAW, F.CONDITIONS_RAW, F.SPECIALTIES_RAW):
        parts += record.get(field) or []
    return ". ".join(part for part in parts if part)


def has_raw_input(record: dict[str, Any]) -> bool:
    return bool(classification_text(record) or record.get(F.SOURCE_CODES))


def apply_classification(record: dict[str, Any], classify=None) -> None:
    """Replace taxonomy codes with what the classifier reads in the raw fields.

    A record without raw words or source codes keeps the codes it came with; provider
    types are the union of the record's and the classifier's (a type may come from
    structured data the words lack); an explicit telehealth value from the source wins
    over the classifier's guess.
    """
    classify = classify or _classifier()
    if classify is None or not has_raw_input(record):
        return
    result = classify(classification_text(record), tuple(record.get(F.SOURCE_CODES) or ()))
    for field in (F.THERAPIES, F.CONDITIONS, F.PROVIDER_TYPES):
        codes = set(getattr(result, field, ()) or ())
        if field == F.PROVIDER_TYPES:  # types may come from structured data the text lacks
            codes |= set(record.get(field) or ())
        codes = sorted(codes)
        if codes:
            record[field] = codes
        else:
            record.pop(field, None)
    telehealth = getattr(result, F.TELEHEALTH, None)
    if record.get(F.TELEHEALTH) is None and telehealth is not None:
        record[F.TELEHEALTH] = bool(telehealth)


def street_level_geocoder() -> bool:
    """True when the configured geocoder can place a street address (an online service).

    The offline geocoder places addresses at their ZIP centre, so the loader asks it for
    "City, ST ZIP" (cached per place) instead of parsing every street line.
    """
    try:
        from clinics.geocode.config import load
    except ImportError:
        return False
    try:
        return load().online
    except ValueError:
        return False


def geocode_query(record: dict[str, Any], with_street: bool = True) -> str | None:
    """What to ask the geocoder for: the full address, else the ZIP, else 'City, ST'."""
    city, state, postal = (
        record.get(F.CITY),
        record.get(F.STATE_PROVINCE),
        record.get(F.POSTAL_CODE),
    )
    street = record.get(F.ADDRESS_1) if with_street else None
    if street and (postal or (city and state)):
        place = " ".join(part for part in (state, postal) if part)
        return ", ".join(part for part in (street, city, place) if part)
    if postal and city and state:
        return f"{city}, {state} {postal}"
    if postal:
        return postal
    if city and state:
        return f"{city}, {state}"
    return None


@lru_cache(maxsize=GEOCODE_CACHE_SIZE)
def _cached_geocode(query: str):
    geocode = _geocoder()
    if geocode is None:
        return None
    try:
        return geocode(query)
    except Exception:  # a geocoder failure leaves the record without a point, never stops a load
        return None


def apply_geocode(record: dict[str, Any], geocode=None, with_street: bool = True) -> None:
    """Give a record without coordinates the point of its address, ZIP or city."""
    if record.get(F.LATITUDE) is not None:
        return
    query = geocode_query(record, with_street)
    if not query:
        return
    match = geocode(query) if geocode else _cached_geocode(query)
    if match is None or getattr(match, "ambiguous", False):
        return  # an ambiguous place is left without a point rather than guessed
    record[F.LATITUDE] = float(match.lat)
    record[F.LONGITUDE] = float(match.lon)
    record[F.GEO_PRECISION] = str(match.precision)


def utc_iso(value: Any) -> Any:
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value


def to_dict(record) -> dict[str, Any]:
    """A ProviderRecord (or a plain dict) as a JSON-ready dict, `fetched_at` in UTC."""
    if isinstance(record, dict):
        return dict(record)
    data = record.model_dump(mode="json", exclude_none=True)
    data[F.FETCHED_AT] = utc_iso(record.fetched_at)
    return data


def enrich(record, classify=None, geocode=None, with_street: bool = True) -> dict[str, Any]:
    data = to_dict(record)
    apply_classification(data, classify)
    apply_geocode(data, geocode, with_street)
    return data
