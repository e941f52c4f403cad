"""NPPES NPI Registry API v2.1 responses: one record per provider practice location.

Both response shapes are read: numbers or strings for `number` and phones, epochs in
seconds or milliseconds, and "--" for empty values. A provider yields one record for its
LOCATION address and one for each entry of `practiceLocations` (ids `npi:<number>:<n>`).
An API error arrives with HTTP 200 and an `Errors` array: `errors` lists them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from clinics.record import loads_bounded
from crawler.pages import PageError
from crawler.pages.nppes import (
    Location,
    Provider,
    Taxonomy,
    location_records,
    provider_url,
    title_case,
)
from crawler.pages.text import decode, value

__all__ = ["NpiApiPage", "epoch_to_iso", "provider_records", "provider_url", "title_case"]


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


def api_provider(result: dict) -> Provider:
    """The neutral NPPES shape (crawler.pages.nppes) of one API result."""
    basic = result.get("basic") or {}
    return Provider(
        number=value(result.get("number")),
        organization=result.get("enumeration_type") == "NPI-2",
        organization_name=basic.get("organization_name"),
        name_prefix=basic.get("name_prefix"),
        first_name=basic.get("first_name"),
        middle_name=basic.get("middle_name"),
        last_name=basic.get("last_name"),
        name_suffix=basic.get("name_suffix"),
        credential=basic.get("credential"),
        taxonomies=[
            Taxonomy(
                code=row.get("code"),
                desc=row.get("desc"),
                state=row.get("state"),
                license=row.get("license"),
                primary=bool(row.get("primary")),
            )
            for row in result.get("taxonomies") or []
            if isinstance(row, dict)
        ],
        enumeration_type=result.get("enumeration_type"),
        created=epoch_to_iso(result.get("created_epoch")),
        last_updated=epoch_to_iso(result.get("last_updated_epoch")),
        status=basic.get("status"),
    )


def api_location(address: dict) -> Location:
    return Location(
        address_1=address.get("address_1"),
        address_2=address.get("address_2"),
        city=address.get("city"),
        state=address.get("state"),
        postal_code=address.get("postal_code"),
        country_code=address.get("country_code"),
        phone=address.get("telephone_number"),
        fax=address.get("fax_number"),
    )


def provider_records(result: dict, url: str | None = None) -> list[dict]:
    """One record per practice location of one API result."""
    addresses = [a for a in result.get("addresses") or [] if isinstance(a, dict)]
    primary = [a for a in addresses if a.get("address_purpose") == "LOCATION"]
    locations = primary[:1] + [
        a for a in result.get("practiceLocations") or [] if isinstance(a, dict)
    ]
    return location_records(
        api_provider(result),
        [api_location(address) for address in locations],
        first_is_primary=bool(primary),
        api_url=url,
    )
