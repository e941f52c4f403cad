"""One sanitizer per search parameter: clamp, trim or drop, and say so; never fail.

Each `clean_*` function takes the raw value and a list of notes, returns a safe value and
appends a short human sentence to the notes when it changed something. `sanitize()` runs
them all over a SearchParams. Limits come from indexer.search_defaults.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from clinics import fields as record
from indexer import search_defaults as defaults
from indexer.search_types import GeoPoint, SearchParams

SORT_ORDERS = ("distance", "relevance", "recent")

GROUP_NOUNS = {
    record.THERAPIES: "therapy",
    record.CONDITIONS: "condition",
    record.PROVIDER_TYPES: "provider type",
    record.INSURANCE: "insurance",
    record.LANGUAGES: "language",
}

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Vocabulary:
    """The taxonomy codes a filter group accepts (from clinics.taxonomy)."""

    therapies: frozenset[str]
    conditions: frozenset[str]
    provider_types: frozenset[str]

    def codes(self, group: str) -> frozenset[str]:
        return {
            record.THERAPIES: self.therapies,
            record.CONDITIONS: self.conditions,
            record.PROVIDER_TYPES: self.provider_types,
        }[group]


def taxonomy_vocabulary() -> Vocabulary:
    from clinics import taxonomy

    return Vocabulary(
        therapies=frozenset(taxonomy.THERAPIES),
        conditions=frozenset(taxonomy.CONDITIONS),
        provider_types=frozenset(taxonomy.PROVIDER_TYPES),
    )


def plain_text(value: object) -> str:
    """Text without control characters and with single spaces."""
    text = value if isinstance(value, str) else str(value)
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    # Lone surrogates cannot be encoded to JSON for the engine; drop them.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    return _SPACES.sub(" ", text).strip()


def _shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def clean_text(value: object, notes: list[str]) -> str | None:
    if value is None:
        return None
    text = plain_text(value)
    if len(text) > defaults.MAX_TEXT_CHARS:
        text = text[: defaults.MAX_TEXT_CHARS].rstrip()
        notes.append(f"search text shortened to its first {defaults.MAX_TEXT_CHARS} characters")
    return text or None


def clean_near_text(value: object, notes: list[str]) -> str | None:
    if value is None:
        return None
    text = plain_text(value)
    if len(text) > defaults.MAX_NEAR_TEXT_CHARS:
        text = text[: defaults.MAX_NEAR_TEXT_CHARS].rstrip()
        notes.append(
            f"location text shortened to its first {defaults.MAX_NEAR_TEXT_CHARS} characters"
        )
    return text or None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def clean_point(value: object, notes: list[str]) -> GeoPoint | None:
    if value is None:
        return None
    lat = _number(getattr(value, "lat", None))
    lon = _number(getattr(value, "lon", None))
    if lat is None or lon is None or not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        notes.append("ignored an invalid map position (latitude -90..90, longitude -180..180)")
        return None
    return GeoPoint(lat=lat, lon=lon)


def clean_radius(value: object, notes: list[str]) -> float:
    radius = _number(value)
    if radius is None:
        notes.append(f"radius not understood; using {defaults.DEFAULT_RADIUS_MI:g} miles")
        return defaults.DEFAULT_RADIUS_MI
    if radius < defaults.MIN_RADIUS_MI:
        notes.append(f"radius raised to the minimum of {defaults.MIN_RADIUS_MI:g} miles")
        return defaults.MIN_RADIUS_MI
    if radius > defaults.MAX_RADIUS_MI:
        notes.append(f"radius clamped to {defaults.MAX_RADIUS_MI:g} miles")
        return defaults.MAX_RADIUS_MI
    return radius


def clean_size(value: object, notes: list[str]) -> int:
    number = _number(value)
    if number is None:
        notes.append(f"page size not understood; using {defaults.DEFAULT_SIZE}")
        return defaults.DEFAULT_SIZE
    size = int(number)
    if size < defaults.MIN_SIZE:
        notes.append(f"page size raised to {defaults.MIN_SIZE}")
        return defaults.MIN_SIZE
    if size > defaults.MAX_SIZE:
        notes.append(f"page size clamped to {defaults.MAX_SIZE}")
        return defaults.MAX_SIZE
    return size


def clean_sort(value: object, notes: list[str]) -> str:
    if value in SORT_ORDERS:
        return value  # type: ignore[return-value]
    notes.append(f"unknown sort {plain_text(value)[:30]!r}; sorting by distance")
    return "distance"


def _as_values(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [item for item in value if item is not None]
    return [value]


def _limit_count(group: str, values: list[str], notes: list[str]) -> list[str]:
    if len(values) > defaults.MAX_VALUES_PER_GROUP:
        notes.append(
            f"only the first {defaults.MAX_VALUES_PER_GROUP} {GROUP_NOUNS[group]} filters are used"
        )
        return values[: defaults.MAX_VALUES_PER_GROUP]
    return values


def clean_codes(
    group: str, value: object, known: frozenset[str], notes: list[str]
) -> tuple[str, ...]:
    """Taxonomy codes of one group: normalized, de-duplicated, unknown codes dropped."""
    codes: list[str] = []
    for raw in _as_values(value):
        code = plain_text(raw).lower().replace(" ", "_").replace("-", "_")
        if not code:
            continue
        if code not in known:
            notes.append(f"unknown {GROUP_NOUNS[group]} code {_shorten(code, 40)!r} ignored")
            continue
        if code not in codes:
            codes.append(code)
    return tuple(_limit_count(group, codes, notes))


def clean_values(group: str, value: object, notes: list[str]) -> tuple[str, ...]:
    """Free values of one group (insurance, languages): trimmed, lowercase, de-duplicated."""
    values: list[str] = []
    for raw in _as_values(value):
        text = plain_text(raw).lower()
        if len(text) > defaults.MAX_VALUE_CHARS:
            notes.append(
                f"{GROUP_NOUNS[group]} value shortened to {defaults.MAX_VALUE_CHARS} characters"
            )
            text = text[: defaults.MAX_VALUE_CHARS].rstrip()
        if text and text not in values:
            values.append(text)
    return tuple(_limit_count(group, values, notes))


def clean_flag(name: str, value: object, notes: list[str]) -> bool | None:
    """True restricts to providers that offer it; False and None both mean "any"."""
    if value is None or value is False:
        return None
    if value is True:
        return True
    text = plain_text(value).lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("false", "no", "0", "off", ""):
        return None
    notes.append(f"{name.replace('_', ' ')} filter {_shorten(text, 20)!r} not understood; ignored")
    return None


def clean_search_after(value: object, notes: list[str]) -> tuple | None:
    if value is None:
        return None
    items = _as_values(value)
    scalar = all(item is None or isinstance(item, str | int | float) for item in items)
    if not items or len(items) > 4 or not scalar:
        notes.append("ignored an invalid page position; showing the first page")
        return None
    return tuple(items)


def clean_sort_for_location(sort: str, has_point: bool, has_text: bool, notes: list[str]) -> str:
    """Distance sort needs a point; without one, sort by relevance (with text) or recency."""
    if sort != "distance" or has_point:
        return sort
    fallback = "relevance" if has_text else "recent"
    notes.append(f"no location given: searching everywhere, sorted by {fallback}")
    return fallback


def sanitize(
    params: SearchParams, notes: list[str], vocabulary: Vocabulary | None = None
) -> SearchParams:
    """A copy of params with every value inside its limits; notes say what changed."""
    vocabulary = vocabulary or taxonomy_vocabulary()
    return replace(
        params,
        near_text=clean_near_text(params.near_text, notes),
        point=clean_point(params.point, notes),
        radius_mi=clean_radius(params.radius_mi, notes),
        therapies=clean_codes(record.THERAPIES, params.therapies, vocabulary.therapies, notes),
        conditions=clean_codes(record.CONDITIONS, params.conditions, vocabulary.conditions, notes),
        provider_types=clean_codes(
            record.PROVIDER_TYPES, params.provider_types, vocabulary.provider_types, notes
        ),
        telehealth=clean_flag(record.TELEHEALTH, params.telehealth, notes),
        accepting_new_patients=clean_flag(
            record.ACCEPTING_NEW_PATIENTS, params.accepting_new_patients, notes
        ),
        insurance=clean_values(record.INSURANCE, params.insurance, notes),
        languages=clean_values(record.LANGUAGES, params.languages, notes),
        text=clean_text(params.text, notes),
        sort=clean_sort(params.sort, notes),
        size=clean_size(params.size, notes),
        search_after=clean_search_after(params.search_after, notes),
    )
