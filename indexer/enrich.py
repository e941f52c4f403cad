"""Enrichment at load time, through the shared path (clinics.enrich): taxonomy codes from
the record's own words and source codes, added to the codes and evidence the crawler kept,
and a point for records without one. Re-run on every load, so taxonomy and geocoder
improvements reach the index without a re-crawl; a load never drops a code that has evidence.

`enrich(record)` takes a validated ProviderRecord and returns the record as a JSON-ready
dict (None values left out, `fetched_at` in UTC), which is what merging works on.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from clinics import costs
from clinics import enrich as shared
from clinics import fields as F

street_level_geocoder = shared.street_level_geocoder
geocode_query = shared.geocode_query


def apply_classification(record: dict[str, Any], analyzer=None) -> None:
    """Add what the record's fields and source codes say to the codes it has evidence for."""
    shared.classify_record(record, analyzer=analyzer)


def apply_geocode(record: dict[str, Any], geocode=None, with_street: bool = True) -> None:
    """Give a record without coordinates the point of its address, ZIP or city."""
    shared.place_record(record, geocode, with_street)


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
    """`classify` is an analyzer like clinics.classify.analyze (tests pass their own)."""
    data = to_dict(record)
    apply_classification(data, classify)
    costs.apply_costs(data)  # what the fields say about costs, kept with their provenance
    apply_geocode(data, geocode, with_street)
    return data
