"""The whole search as URL query parameters, and back: the URL is the shareable search.

Pure functions over plain mappings (st.query_params and st.session_state behave like
mappings), so the round trip is unit-tested without a browser.

    ?near=77030&r=15&therapy=ketamine_assisted_psychotherapy&therapy=cbt&tele=1&sort=distance
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, replace

from search.filters import FILTER_GROUPS, Filter
from search.sanitize import parse_cursor
from search.types import SORT_ORDERS, GeoPoint, SearchParams

RADIUS_CHOICES_MI = (1.0, 2.0, 5.0, 10.0, 15.0, 25.0, 50.0, 100.0)
MAX_TEXT_CHARS = 500  # longer text is cut here; the search module sanitizes again
MAX_VALUES = 30  # values per list parameter
MAX_NUMBER_CHARS = 30  # "-95.40102", "1e2": a number in the URL is never longer
MAX_PAGE = 1000

# query parameter names (each filter's own is its url_key in search.filters)
Q_NEAR = "near"
Q_LAT = "lat"
Q_LON = "lon"
Q_RADIUS = "r"
Q_TEXT = "q"
Q_SORT = "sort"
Q_PAGE = "page"
Q_AFTER = "after"
Q_PROVIDER = "provider"

# session-state keys of the widgets (each filter's own: widget_key)
K_NEAR = "w_near"
K_TEXT = "w_text"
K_RADIUS = "w_radius"
K_SORT = "w_sort"
K_POINT = "s_point"  # (lat, lon) from the browser, not a widget


def per_code(group: Filter) -> bool:
    """Whether a filter is shown as one checkbox per code (one state key each)."""
    return group.widget in ("grouped", "checkboxes")


def widget_key(group: Filter) -> str:
    """A filter's session-state key; for per-code checkboxes, the prefix of each code's key."""
    return f"w_{group.url_key}__" if per_code(group) else f"w_{group.name}"


@dataclass(frozen=True)
class View:
    """A search plus where the person is in it (page of results, open provider)."""

    params: SearchParams
    page: int = 1
    provider: str | None = None


# ---------------------------------------------------------------- small parsers


def _values(query: Mapping, key: str, split_commas: bool = False) -> list[str]:
    """Values of a repeated parameter; codes may also be given comma-separated."""
    raw = query.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    seen: list[str] = []
    for item in items:
        for part in str(item).split(",") if split_commas else [str(item)]:
            part = part.strip()[:100]
            if part and part not in seen:
                seen.append(part)
    return seen[:MAX_VALUES]


def _first(query: Mapping, key: str) -> str | None:
    values = query.get(key)
    if values is None:
        return None
    value = values if isinstance(values, str) else (list(values) or [None])[-1]
    if value is None:
        return None
    value = str(value).strip()[:MAX_TEXT_CHARS]
    return value or None


def _float(text: str | None, low: float, high: float) -> float | None:
    # ASCII only: float() also reads "٣" and "５", which the app never writes in a URL.
    if text is None or len(text) > MAX_NUMBER_CHARS or not text.isascii():
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value) or not low <= value <= high:
        return None
    return value


def _flag(text: str | None) -> bool | None:
    return True if text and text.lower() in ("1", "true", "yes", "on") else None


def _page(text: str | None) -> int:
    """A page number of ASCII digits, at most MAX_PAGE. "²" passes str.isdigit() yet int()
    refuses it; "٣" is read by int() but the app never writes one; both mean page 1."""
    if not text or not text.isascii() or not text.isdecimal() or len(text) > 6:
        return 1
    return max(1, min(int(text), MAX_PAGE))


def _cursor(text: str | None) -> tuple | None:
    """The search_after cursor: a short flat JSON list of sort values (search.sanitize)."""
    return parse_cursor(text)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ---------------------------------------------------------------- URL <-> View


def view_from_query(query: Mapping, default_radius_mi: float = 15.0, size: int = 10) -> View:
    """Read a View from query parameters; anything malformed is ignored, never raised."""
    lat = _float(_first(query, Q_LAT), -90, 90)
    lon = _float(_first(query, Q_LON), -180, 180)
    point = GeoPoint(lat, lon) if lat is not None and lon is not None else None
    radius = _float(_first(query, Q_RADIUS), 0.1, 500) or default_radius_mi
    sort = _first(query, Q_SORT)
    page = _page(_first(query, Q_PAGE))
    after = _cursor(_first(query, Q_AFTER)) if page > 1 else None
    filters: dict = {
        group.name: _flag(_first(query, group.url_key))
        if group.kind == "flag"
        else tuple(_values(query, group.url_key, split_commas=group.kind == "codes"))
        for group in FILTER_GROUPS
    }
    params = SearchParams(
        near_text=None if point else _first(query, Q_NEAR),
        point=point,
        radius_mi=radius,
        **filters,
        text=_first(query, Q_TEXT),
        sort=sort if sort in SORT_ORDERS else "distance",
        size=size,
        search_after=after,
    )
    page = page if after else 1
    return View(params=params, page=page, provider=_first(query, Q_PROVIDER))


def query_from_view(view: View, default_radius_mi: float = 15.0) -> dict[str, str | list[str]]:
    """Query parameters for a View; defaults are left out so shared links stay short."""
    params = view.params
    query: dict[str, str | list[str]] = {}
    if params.point:
        query[Q_LAT] = f"{params.point.lat:.5f}"
        query[Q_LON] = f"{params.point.lon:.5f}"
    elif params.near_text:
        query[Q_NEAR] = params.near_text
    if params.radius_mi != default_radius_mi:
        query[Q_RADIUS] = _number_text(params.radius_mi)
    if params.text:
        query[Q_TEXT] = params.text
    for group in FILTER_GROUPS:
        value = getattr(params, group.name)
        if group.kind == "flag" and value:
            query[group.url_key] = "1"
        elif group.kind != "flag" and value:
            query[group.url_key] = list(value)
    if params.sort != "distance":
        query[Q_SORT] = params.sort
    if view.page > 1 and params.search_after:
        query[Q_PAGE] = str(view.page)
        query[Q_AFTER] = json.dumps(list(params.search_after), separators=(",", ":"))
    if view.provider:
        query[Q_PROVIDER] = view.provider
    return query


def has_search(params: SearchParams) -> bool:
    """Whether there is anything to search for (a place, a position or words)."""
    return bool(params.point or params.near_text or params.text)


def without_paging(params: SearchParams) -> SearchParams:
    return replace(params, search_after=None)


# ---------------------------------------------------------------- widgets <-> SearchParams


def state_from_params(params: SearchParams, state: MutableMapping) -> None:
    """Set the widget values in session state so the widgets show the given search."""
    clear_filters(state)
    state[K_NEAR] = params.near_text or ""
    state[K_TEXT] = params.text or ""
    state[K_RADIUS] = params.radius_mi
    state[K_SORT] = params.sort
    state[K_POINT] = (params.point.lat, params.point.lon) if params.point else None
    for group in FILTER_GROUPS:
        value = getattr(params, group.name)
        if per_code(group):
            for code in value:
                state[widget_key(group) + code] = True
        elif group.kind == "flag":
            state[widget_key(group)] = bool(value)
        else:
            state[widget_key(group)] = list(value)


def clear_filters(state: MutableMapping) -> None:
    """Every filter widget set to "any"."""
    prefixes = tuple(widget_key(group) for group in FILTER_GROUPS if per_code(group))
    for key in list(state.keys()):
        if str(key).startswith(prefixes):
            state[key] = False
    for group in FILTER_GROUPS:
        if not per_code(group):
            state[widget_key(group)] = False if group.kind == "flag" else []


def _checked(state: Mapping, prefix: str) -> tuple[str, ...]:
    return tuple(
        sorted(
            str(key)[len(prefix) :]
            for key, on in state.items()
            if str(key).startswith(prefix) and on
        )
    )


def params_from_state(
    state: Mapping, default_radius_mi: float = 15.0, size: int = 10
) -> SearchParams:
    """The SearchParams that the widget values in session state describe."""
    point = state.get(K_POINT)
    near = (state.get(K_NEAR) or "").strip()[:MAX_TEXT_CHARS] or None
    text = (state.get(K_TEXT) or "").strip()[:MAX_TEXT_CHARS] or None
    radius = state.get(K_RADIUS) or default_radius_mi
    sort = state.get(K_SORT)
    filters: dict = {}
    for group in FILTER_GROUPS:
        key = widget_key(group)
        if per_code(group):
            filters[group.name] = _checked(state, key)
        elif group.kind == "flag":
            filters[group.name] = True if state.get(key) else None
        else:
            filters[group.name] = tuple(state.get(key) or ())
    return SearchParams(
        near_text=None if point else near,
        point=GeoPoint(float(point[0]), float(point[1])) if point else None,
        radius_mi=float(radius),
        **filters,
        text=text,
        sort=sort if sort in SORT_ORDERS else "distance",
        size=size,
    )


def radius_choices(current: float) -> list[float]:
    """The radius slider's stops, including a radius that came from a shared link."""
    return sorted({*RADIUS_CHOICES_MI, float(current)})
