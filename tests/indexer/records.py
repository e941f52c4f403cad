"""Valid ProviderRecord dicts built in tests, and JSONL files of them."""

from __future__ import annotations

import json
from pathlib import Path

from clinics.record import npi_check_digit


def valid_npi(prefix: str) -> str:
    """A 10-digit NPI starting with the 9-digit prefix, with a correct check digit."""
    return prefix + npi_check_digit(prefix)


def record(source: str = "npi", ref: str = "1", **values) -> dict:
    base = {
        "source": source,
        "source_ref": ref,
        "source_url": f"https://example.org/{source.replace(':', '/')}/{ref}",
        "fetched_at": "2026-11-01T00:00:00+00:00",
        "is_sample": True,
        "kind": "individual",
        "name": f"Test Provider {ref}",
        "address_1": f"{100 + len(ref)} Test St",
        "city": "Houston",
        "state_province": "TX",
        "postal_code": "77030",
        "country": "US",
    }
    base.update(values)
    return {k: v for k, v in base.items() if v is not None}


def write_jsonl(path: Path, rows: list) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(row if isinstance(row, str) else json.dumps(row))
            handle.write("\n")
    return path


def many_records(count: int, source: str = "npi") -> list[dict]:
    """Distinct providers spread over a few ZIPs (no two merge)."""
    zips = ("77030", "77002", "77004", "77025", "77401")
    return [
        record(
            source,
            f"r{n}",
            name=f"Provider Number {n}",
            address_1=f"{1000 + n} Test St",
            postal_code=zips[n % len(zips)],
            phone=f"+1713555{n:04d}",
        )
        for n in range(count)
    ]
