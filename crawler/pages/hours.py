"""schema.org opening hours to HSDS schedule rows, the raw text kept by the caller.

Reads `openingHours` strings ("Mo-Fr 09:00-17:00", "Mo,We 10:00-18:00", "Sa 10:00-14:00")
and `openingHoursSpecification` objects. A row is {"byday": "MO,TU", "opens_at": "09:00",
"closes_at": "17:00"}. What cannot be read is left out (the raw value stays in hours_raw).
"""

from __future__ import annotations

import re
from typing import Any

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = {
    "mo": "MO", "mon": "MO", "monday": "MO",
    "tu": "TU", "tue": "TU", "tues": "TU", "tuesday": "TU",
    "we": "WE", "wed": "WE", "wednesday": "WE",
    "th": "TH", "thu": "TH", "thur": "TH", "thurs": "TH", "thursday": "TH",
    "fr": "FR", "fri": "FR", "friday": "FR",
    "sa": "SA", "sat": "SA", "saturday": "SA",
    "su": "SU", "sun": "SU", "sunday": "SU",
}  # fmt: skip
_SPEC = re.compile(r"^\s*([A-Za-z,\-\s]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")


def _day(token: str) -> str | None:
    return _DAY_NAMES.get(token.strip().lower().rsplit("/", 1)[-1])


def _days(text: str) -> list[str] | None:
    result: list[str] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            first, last = (_day(p) for p in part.split("-", 1))
            if not first or not last:
                return None
            i, j = DAYS.index(first), DAYS.index(last)
            span = DAYS[i : j + 1] if i <= j else DAYS[i:] + DAYS[: j + 1]
            result.extend(span)
        else:
            day = _day(part)
            if not day:
                return None
            result.append(day)
    return list(dict.fromkeys(result)) or None


def _time(text: str) -> str | None:
    hours, minutes = text.split(":")
    if int(hours) > 24 or int(minutes) > 59:
        return None
    return f"{int(hours) % 24:02d}:{minutes}"


def parse_opening_hours(text: str) -> list[dict[str, str]]:
    """'Mo-Fr 09:00-17:00' -> [{'byday': 'MO,TU,WE,TH,FR', 'opens_at': ..., 'closes_at': ...}]."""
    rows = []
    for chunk in re.split(r"[;\n]", text):
        match = _SPEC.match(chunk)
        if not match:
            continue
        days = _days(match.group(1))
        opens, closes = _time(match.group(2)), _time(match.group(3))
        if days and opens and closes:
            rows.append({"byday": ",".join(days), "opens_at": opens, "closes_at": closes})
    return rows


def parse_specification(spec: Any) -> list[dict[str, str]]:
    """An openingHoursSpecification object (or a list of them) to schedule rows."""
    specs = spec if isinstance(spec, list) else [spec]
    rows = []
    for item in specs:
        if not isinstance(item, dict):
            continue
        raw_days = item.get("dayOfWeek")
        tokens = raw_days if isinstance(raw_days, list) else [raw_days]
        days = [d for d in (_day(str(t)) for t in tokens if t) if d]
        try:
            opens = _time(str(item.get("opens", ""))[:5])
            closes = _time(str(item.get("closes", ""))[:5])
        except ValueError:
            continue
        if days and opens and closes:
            rows.append(
                {"byday": ",".join(dict.fromkeys(days)), "opens_at": opens, "closes_at": closes}
            )
    return rows


def describe_specification(spec: Any) -> list[str]:
    """A raw, readable form of an openingHoursSpecification for hours_raw."""
    return [
        f"{row['byday']} {row['opens_at']}-{row['closes_at']}" for row in parse_specification(spec)
    ]
