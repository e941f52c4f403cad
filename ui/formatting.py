"""Small pure formatters: distances, dates, phone numbers, places and source names."""

from __future__ import annotations

from datetime import date, datetime

from search.types import ResolvedLocation
from ui.messages import t

# How exact a position is, in words (the catalog's precision.<code>): the searched place
# (ResolvedLocation.precision) and a provider's map position (geo_precision) alike.
PRECISION_CODES = ("point", "source", "address", "zip", "city", "none")
SOURCE_CODES = ("npi", "findtreatment", "clinic_sites", "sample")


def precision_words(code: str) -> str:
    return t(f"precision.{code}") if code in PRECISION_CODES else code


def distance(miles: float | None) -> str:
    if miles is None:
        return ""
    if miles < 0.1:
        return "under 0.1 mi"
    return f"{miles:.1f} mi" if miles < 10 else f"{miles:.0f} mi"


def parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value / 1000).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def day(value: object) -> str:
    """'20 Nov 2026' for a date or ISO string; '' when unknown."""
    parsed = parse_date(value)
    if not parsed:
        return ""
    month = t("dates.months").split()[parsed.month - 1]
    return f"{parsed.day} {month} {parsed.year}"


def phone(value: object) -> str:
    """A phone number for reading: (713) 555-0101 for US numbers, international otherwise."""
    if not isinstance(value, str) or not value.strip():
        return ""
    try:
        import phonenumbers

        number = phonenumbers.parse(value, "US")
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if number.country_code == 1
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return phonenumbers.format_number(number, style)
    except Exception:
        return value.strip()


def location(resolved: ResolvedLocation) -> str:
    """'near Houston, TX 77030 · ZIP centre, approximate'."""
    how = precision_words(resolved.precision)
    approximate = t("location.approximate")
    if resolved.approximate and approximate not in how:
        how += ", " + approximate
    name = resolved.matched_name or f"{resolved.lat:.4f}, {resolved.lon:.4f}"
    text = t("location.near", name=name, how=how)
    if resolved.ambiguous:
        text += " · " + t("location.ambiguous")
    return text


def source_name(source: str | None) -> str:
    if not source:
        return t("source.unknown")
    if source in SOURCE_CODES:
        return t(f"source.{source}")
    if source.startswith("directory:"):
        return t("source.directory", name=source.split(":", 1)[1].replace("_", " "))
    return source.replace("_", " ")


def address_lines(document: dict, fields: tuple[str, ...]) -> str:
    """Address parts joined with commas: '6560 Fannin St, Suite 1200, Houston, TX 77030'."""
    parts = [str(document.get(name) or "").strip() for name in fields]
    street = ", ".join(p for p in parts[:2] if p)
    city = parts[2] if len(parts) > 2 else ""
    state_zip = " ".join(p for p in parts[3:5] if p)
    tail = ", ".join(p for p in (city, state_zip) if p)
    return ", ".join(p for p in (street, tail) if p)
