"""One sanitizer per search parameter: clamp, trim or drop, and say so; never fail.

Each `clean_*` function takes the raw value and a list of notes, returns a safe value and
appends a short human sentence to the notes when it changed something. `sanitize()` runs
them all over a SearchParams. Limits come from search.defaults.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from search import defaults
from search.filters import FILTER_GROUPS, Filter
from search.types import SORT_ORDERS, GeoPoint, SearchParams, SortOrder

_SPACES = re.compile(r"\s+")

# Integers are bounded before any conversion: float(10**400) raises OverflowError and
# str(10**5000) raises ValueError. Every number a search uses is far inside this bound.
MAX_ABS_NUMBER = 10**15
MAX_INT_BITS_AS_TEXT = 10_000  # ~3,000 digits; Python refuses str() past 4,300

# A page position (search_after) is a short flat list of scalars, as the engine returns it.
MAX_CURSOR_VALUES = 4
MAX_CURSOR_CHARS = 2_000
MAX_CURSOR_STRING_CHARS = 500
MAX_CURSOR_DEPTH = 1  # JSON nesting: one list, nothing inside it
SORT_VALUE_MIN = -(2**63)  # sort values of the engine are longs or doubles
SORT_VALUE_MAX = 2**63 - 1
MAX_ITEMS_READ = 200  # values read from one list parameter
MAX_CODE_CHARS = 100  # taxonomy codes are short; a longer value is unknown anyway


class Vocabulary(dict[str, frozenset[str]]):
    """The taxonomy codes each codes filter accepts, by filter name (search.filters)."""

    def codes(self, name: str) -> frozenset[str]:
        return self.get(name, frozenset())


def taxonomy_vocabulary() -> Vocabulary:
    """The accepted codes of every codes filter, from the taxonomy table it names."""
    from clinics import taxonomy

    return Vocabulary(
        {
            group.name: frozenset(getattr(taxonomy, group.taxonomy))
            for group in FILTER_GROUPS
            if group.kind == "codes" and group.taxonomy
        }
    )


def _as_text(value: object) -> str:
    """str(value) that never raises: huge ints and broken __str__ give a short stand-in."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS_AS_TEXT:
        return "(a number too large to show)"
    try:
        return str(value)
    except Exception:
        return f"({type(value).__name__})"


def plain_text(value: object, max_chars: int | None = None) -> str:
    """Text without control characters and with single spaces. With max_chars, only a
    generous prefix is cleaned (a 1 MB value costs no more than a short one); the caller
    still cuts the result to max_chars."""
    text = _as_text(value)
    if max_chars is not None and len(text) > 4 * max_chars + 64:
        text = text[: 4 * max_chars + 64]
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    # Lone surrogates cannot be encoded to JSON for the engine; drop them.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    return _SPACES.sub(" ", text).strip()


def _shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def clean_text(value: object, notes: list[str]) -> str | None:
    if value is None:
        return None
    text = plain_text(value, defaults.MAX_TEXT_CHARS)
    if len(text) > defaults.MAX_TEXT_CHARS:
        text = text[: defaults.MAX_TEXT_CHARS].rstrip()
        notes.append(f"search text shortened to its first {defaults.MAX_TEXT_CHARS} characters")
    return text or None


def clean_near_text(value: object, notes: list[str]) -> str | None:
    if value is None:
        return None
    text = plain_text(value, defaults.MAX_NEAR_TEXT_CHARS)
    if len(text) > defaults.MAX_NEAR_TEXT_CHARS:
        text = text[: defaults.MAX_NEAR_TEXT_CHARS].rstrip()
        notes.append(
            f"location text shortened to its first {defaults.MAX_NEAR_TEXT_CHARS} characters"
        )
    return text or None


def _number(value: object) -> float | None:
    """A finite float, or None. Integers outside ±MAX_ABS_NUMBER are clamped to it before
    conversion, so 10**400 reads as "very large" (and is then clamped by the caller)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = max(-MAX_ABS_NUMBER, min(MAX_ABS_NUMBER, value))
    elif isinstance(value, str) and len(value) > 100:
        return None  # no number a person types is this long
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
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


def clean_sort(value: object, notes: list[str]) -> SortOrder:
    for order in SORT_ORDERS:
        if value == order:
            return order
    notes.append(f"unknown sort {plain_text(value, 30)[:30]!r}; sorting by distance")
    return "distance"


def _as_values(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        first = itertools.islice(value, MAX_ITEMS_READ)  # the rest would be dropped anyway
        return [item for item in first if item is not None]
    return [value]


def _limit_count(noun: str, values: list[str], notes: list[str]) -> list[str]:
    if len(values) > defaults.MAX_VALUES_PER_GROUP:
        notes.append(f"only the first {defaults.MAX_VALUES_PER_GROUP} {noun} filters are used")
        return values[: defaults.MAX_VALUES_PER_GROUP]
    return values


def clean_codes(
    noun: str, value: object, known: frozenset[str], notes: list[str]
) -> tuple[str, ...]:
    """Taxonomy codes of one group: normalized, de-duplicated, unknown codes dropped."""
    codes: list[str] = []
    for raw in _as_values(value):
        code = plain_text(raw, MAX_CODE_CHARS).lower().replace(" ", "_").replace("-", "_")
        if not code:
            continue
        if code not in known:
            notes.append(f"unknown {noun} code {_shorten(code, 40)!r} ignored")
            continue
        if code not in codes:
            codes.append(code)
    return tuple(_limit_count(noun, codes, notes))


def clean_values(noun: str, value: object, notes: list[str]) -> tuple[str, ...]:
    """Free values of one group (insurance, languages): trimmed, lowercase, de-duplicated."""
    values: list[str] = []
    for raw in _as_values(value):
        text = plain_text(raw, defaults.MAX_VALUE_CHARS).lower()
        if len(text) > defaults.MAX_VALUE_CHARS:
            notes.append(f"{noun} value shortened to {defaults.MAX_VALUE_CHARS} characters")
            text = text[: defaults.MAX_VALUE_CHARS].rstrip()
        if text and text not in values:
            values.append(text)
    return tuple(_limit_count(noun, values, notes))


def clean_flag(noun: str, value: object, notes: list[str]) -> bool | None:
    """True restricts to providers that offer it; False and None both mean "any"."""
    if value is None or value is False:
        return None
    if value is True:
        return True
    text = plain_text(value, 20).lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("false", "no", "0", "off", ""):
        return None
    notes.append(f"{noun} filter {_shorten(text, 20)!r} not understood; ignored")
    return None


def _cursor_value_ok(item: object) -> bool:
    """One sort value the engine could have returned: null, a long, a finite double or a
    short string that is valid UTF-8 (no lone surrogates)."""
    if item is None:
        return True
    if isinstance(item, bool):
        return False
    if isinstance(item, int):
        return SORT_VALUE_MIN <= item <= SORT_VALUE_MAX
    if isinstance(item, float):
        return math.isfinite(item)
    if isinstance(item, str):
        if len(item) > MAX_CURSOR_STRING_CHARS:
            return False
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    return False


def clean_search_after(value: object, notes: list[str]) -> tuple | None:
    if value is None:
        return None
    items = _as_values(value) if isinstance(value, list | tuple) else []
    if not items or len(items) > MAX_CURSOR_VALUES or not all(map(_cursor_value_ok, items)):
        notes.append("ignored an invalid page position; showing the first page")
        return None
    return tuple(items)


def json_depth_at_most(text: str, limit: int) -> bool:
    """Whether the JSON text nests arrays and objects at most `limit` deep, checked without
    parsing (json.loads recurses once per level and raises RecursionError when deep)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return False
        elif char in "]}":
            depth -= 1
    return True


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a sort value")


def parse_cursor(text: object) -> tuple | None:
    """A page position from its JSON text (a URL parameter, `clinics search --after`):
    a flat list of 1..MAX_CURSOR_VALUES sort values, or None for anything else. Length
    and nesting are checked before parsing; NaN, Infinity and huge numbers are refused."""
    if not isinstance(text, str) or not text or len(text) > MAX_CURSOR_CHARS:
        return None
    if not json_depth_at_most(text, MAX_CURSOR_DEPTH):
        return None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, list):
        return None
    return clean_search_after(value, [])


def clean_sort_for_location(
    sort: SortOrder, has_point: bool, has_text: bool, notes: list[str]
) -> SortOrder:
    """Distance sort needs a point; without one, sort by relevance (with text) or recency."""
    if sort != "distance" or has_point:
        return sort
    fallback: SortOrder = "relevance" if has_text else "recent"
    notes.append(f"no location given: searching everywhere, sorted by {fallback}")
    return fallback


def clean_filter(
    group: Filter, value: object, vocabulary: Vocabulary, notes: list[str]
) -> tuple[str, ...] | bool | None:
    """The value of one filter of the registry, cleaned by its kind."""
    if group.kind == "codes":
        return clean_codes(group.noun, value, vocabulary.codes(group.name), notes)
    if group.kind == "values":
        return clean_values(group.noun, value, notes)
    return clean_flag(group.noun, value, notes)


def sanitize(
    params: SearchParams, notes: list[str], vocabulary: Vocabulary | None = None
) -> SearchParams:
    """A copy of params with every value inside its limits; notes say what changed."""
    vocabulary = vocabulary or taxonomy_vocabulary()
    near_text = clean_near_text(params.near_text, notes)
    point = clean_point(params.point, notes)
    radius_mi = clean_radius(params.radius_mi, notes)
    filters: dict[str, Any] = {
        group.name: clean_filter(group, getattr(params, group.name), vocabulary, notes)
        for group in FILTER_GROUPS
    }
    return replace(
        params,
        near_text=near_text,
        point=point,
        radius_mi=radius_mi,
        **filters,
        text=clean_text(params.text, notes),
        sort=clean_sort(params.sort, notes),
        size=clean_size(params.size, notes),
        search_after=clean_search_after(params.search_after, notes),
    )
