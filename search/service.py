"""The one search: typed parameters in, typed results out (search.types).

    search(client, SearchParams(near_text="77030", therapies=("cbt",)))

1. every parameter is sanitized (search.sanitize): clamped, trimmed or dropped, with a
   warning, never an error;
2. the location is resolved: an exact point wins, else near_text is geocoded
   (clinics.geocode); a text that matches nothing returns place suggestions instead;
3. the body is built by search.query (pure) and sent once;
4. when nothing lies within the radius, the same filters run without it, nearest first,
   and the response says how far the nearest match is.

An unreachable engine raises SearchUnavailable (one friendly line); a missing index gives
an empty response with a warning.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

import elasticsearch
from geopy.distance import geodesic

from clinics import fields as F
from clinics.errors import ClinicsError
from indexer import fields
from indexer.mapping import SOURCE_URL_KEY
from search import defaults
from search.facets import empty_facets, parse_facets
from search.filters import FILTER_GROUPS
from search.query import (
    autocomplete_body,
    build_beyond_radius_query,
    build_query,
    provider_body,
)
from search.query.sort import sort_plan
from search.query.suggest import SUGGESTION
from search.sanitize import (
    Vocabulary,
    clean_sort_for_location,
    plain_text,
    sanitize,
)
from search.types import (
    GeoPoint,
    Hit,
    ResolvedLocation,
    SearchParams,
    SearchResponse,
    SourceRef,
)

log = logging.getLogger(__name__)

__all__ = [
    "SearchUnavailable",
    "autocomplete",
    "build_query",
    "get_provider",
    "search",
]


class SearchUnavailable(ClinicsError):
    """The engine cannot answer right now (down, unreachable, overloaded)."""


# --- talking to the engine ---------------------------------------------------------------


def _index_missing(exc: elasticsearch.ApiError) -> bool:
    return exc.meta.status == 404 and "index_not_found" in str(exc)


def _unavailable(exc: Exception) -> SearchUnavailable:
    if isinstance(exc, elasticsearch.ApiError):
        return SearchUnavailable(
            f"the search engine could not answer (HTTP {exc.meta.status}: {exc.error}); "
            "please try again in a moment"
        )
    return SearchUnavailable(
        "the search engine is not reachable; is Elasticsearch running? "
        "(start it with `clinics es start`)"
    )


def _send(client, index: str, body: dict) -> dict | None:
    """The raw response, or None when the index does not exist."""
    try:
        return client.search(index=index, body=body).body
    except elasticsearch.NotFoundError as exc:
        if _index_missing(exc):
            return None
        raise _unavailable(exc) from exc
    except elasticsearch.BadRequestError:
        raise
    except (elasticsearch.ApiError, elasticsearch.TransportError) as exc:
        raise _unavailable(exc) from exc


# --- location ------------------------------------------------------------------------------

ECHO_CHARS = 80  # a place quoted back in a warning is cut to this many characters


def _echo(text: str) -> str:
    """The text quoted, at most ECHO_CHARS long as printed (escapes included)."""
    shown = repr(text[: ECHO_CHARS + 1])
    return shown if len(shown) <= ECHO_CHARS else shown[: ECHO_CHARS - 1] + "…"


def _point_location(point: GeoPoint) -> ResolvedLocation:
    return ResolvedLocation(
        lat=point.lat,
        lon=point.lon,
        precision="point",
        matched_name=f"{point.lat:.5f}, {point.lon:.5f}",
        approximate=False,
    )


def resolve_location(
    params: SearchParams, notes: list[str]
) -> tuple[ResolvedLocation | None, tuple[str, ...]]:
    """The searched location, and place suggestions when near_text matched nothing."""
    if params.point is not None:
        return _point_location(params.point), ()
    if not params.near_text:
        return None, ()
    from clinics import geocode as geocoder

    try:
        match = geocoder.geocode(params.near_text)
    except Exception:  # a geocoder failure must not break the search
        log.exception("geocoding %r failed", params.near_text)
        match = None
    if match is None:
        try:
            suggestions = tuple(geocoder.suggest(params.near_text))
        except Exception:
            log.exception("place suggestions for %r failed", params.near_text)
            suggestions = ()
        notes.append(f"no place matches {_echo(params.near_text)}")
        return None, suggestions
    location = ResolvedLocation(
        lat=float(match.lat),
        lon=float(match.lon),
        precision=str(match.precision),
        matched_name=str(match.matched_name),
        approximate=bool(match.approximate),
        ambiguous=bool(getattr(match, "ambiguous", False)),
    )
    if location.ambiguous:
        notes.append(
            f"{_echo(params.near_text)} matches several places; using {location.matched_name}"
        )
    return location, ()


# --- reading the response ------------------------------------------------------------------


def _plain_fragment(fragment: str) -> str:
    return fragment.replace(defaults.HIGHLIGHT_PRE, "").replace(defaults.HIGHLIGHT_POST, "")


def _highlights(raw: dict) -> dict[str, list[str]]:
    return {
        name: [_plain_fragment(fragment) for fragment in fragments]
        for name, fragments in raw.get("highlight", {}).items()
    }


def _sources(document: dict) -> tuple[SourceRef, ...]:
    refs = []
    for item in document.get(fields.SOURCES) or ():
        if isinstance(item, dict) and item.get(F.SOURCE):
            refs.append(
                SourceRef(
                    source=str(item[F.SOURCE]),
                    url=item.get(SOURCE_URL_KEY),
                    fetched_at=item.get(F.FETCHED_AT),
                )
            )
    return tuple(refs)


def matched_filters(params: SearchParams, document: dict) -> tuple[str, ...]:
    """The selected filter values this document satisfies, as "name:value"."""
    return tuple(match for group in FILTER_GROUPS for match in group.matches(params, document))


def _distance_from_document(point: GeoPoint, document: dict) -> float | None:
    location: Any = document.get(fields.LOCATION)
    try:
        lat, lon = float(location["lat"]), float(location["lon"])
    except (TypeError, KeyError, ValueError):
        return None
    return geodesic((point.lat, point.lon), (lat, lon)).miles


def _hit(
    raw: dict, params: SearchParams, point: GeoPoint | None, distance_position: int | None
) -> Hit:
    document = raw.get("_source") or {}
    distance = None
    sort_values = raw.get("sort") or []
    if distance_position is not None and distance_position < len(sort_values):
        value = sort_values[distance_position]
        if isinstance(value, int | float) and value != float("inf"):
            distance = float(value)
    if distance is None and point is not None:
        distance = _distance_from_document(point, document)
    return Hit(
        doc_id=str(document.get(fields.DOC_ID) or raw.get("_id")),
        name=str(document.get(F.NAME) or ""),
        distance_mi=distance,
        document=document,
        sources=_sources(document),
        matched_filters=matched_filters(params, document),
        highlights=_highlights(raw),
    )


def _total(raw: dict) -> int:
    total = raw["hits"].get("total") or 0
    return int(total["value"] if isinstance(total, dict) else total)


# --- the search ----------------------------------------------------------------------------


def search(
    client,
    params: SearchParams,
    *,
    index: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> SearchResponse:
    """Run one search. Never fails on user input; raises SearchUnavailable when the engine is
    down. `vocabulary` overrides the taxonomy codes accepted (tests)."""
    started = time.perf_counter()
    index = index or defaults.index_alias()
    notes: list[str] = []
    params = sanitize(params, notes, vocabulary)
    location, suggestions = resolve_location(params, notes)

    def respond(**values) -> SearchResponse:
        values.setdefault("hits", ())
        values.setdefault("total", 0)
        values.setdefault("facets", empty_facets(params))
        elapsed_ms = int((time.perf_counter() - started) * 1000)
        return SearchResponse(
            location=location,
            params=params,
            warnings=tuple(notes),
            location_suggestions=suggestions,
            took_ms=elapsed_ms,
            **values,
        )

    if params.near_text and location is None and params.point is None:
        return respond()  # the UI offers the suggestions; searching everywhere would mislead

    point = GeoPoint(location.lat, location.lon) if location is not None else None
    sort = clean_sort_for_location(params.sort, point is not None, bool(params.text), notes)
    params = replace(params, sort=sort)
    plan = sort_plan(params.sort, point)
    if params.search_after is not None and len(params.search_after) != len(plan.clauses):
        notes.append("the page position does not fit this search; showing the first page")
        params = replace(params, search_after=None)

    raw, params = _send_or_first_page(client, index, params, point, notes)
    if raw is None:
        notes.append(f"the index {index!r} does not exist yet; load records with `clinics index`")
        return respond()

    hits = tuple(_hit(item, params, point, plan.distance_position) for item in raw["hits"]["hits"])
    facets = parse_facets(params, raw.get("aggregations") or {})
    total = _total(raw)
    if total == 0 and point is not None and params.search_after is None:
        return _beyond_radius(client, index, params, point, facets, respond)
    next_after = None
    more = params.search_after is not None or total > params.size
    if hits and len(hits) == params.size and more:
        next_after = tuple(raw["hits"]["hits"][-1].get("sort") or ()) or None
    return respond(hits=hits, total=total, facets=facets, next_search_after=next_after)


def _send_or_first_page(
    client, index: str, params: SearchParams, point: GeoPoint | None, notes: list[str]
) -> tuple[dict | None, SearchParams]:
    """Send the query; a page position the engine rejects falls back to the first page."""
    try:
        return _send(client, index, build_query(params, point)), params
    except elasticsearch.BadRequestError as exc:
        if params.search_after is None:
            raise _unavailable(exc) from exc
        notes.append("the page position does not fit this search; showing the first page")
        first_page = replace(params, search_after=None)
        try:
            return _send(client, index, build_query(first_page, point)), first_page
        except elasticsearch.BadRequestError as again:
            raise _unavailable(again) from again


def _beyond_radius(client, index, params, point, facets, respond) -> SearchResponse:
    size = min(params.size, defaults.BEYOND_RADIUS_SIZE)
    try:
        raw = _send(client, index, build_beyond_radius_query(params, point, size))
    except elasticsearch.BadRequestError as exc:
        raise _unavailable(exc) from exc
    if raw is None or not raw["hits"]["hits"]:
        return respond(facets=facets)
    plan = sort_plan("distance", point)
    hits = tuple(_hit(item, params, point, plan.distance_position) for item in raw["hits"]["hits"])
    nearest = hits[0].distance_mi
    return respond(
        hits=hits,
        total=len(hits),
        facets=facets,
        beyond_radius=True,
        nearest_beyond_mi=nearest,
    )


# --- one provider ---------------------------------------------------------------------------


def get_provider(
    client, doc_id: str, *, index: str | None = None, point: GeoPoint | None = None
) -> Hit | None:
    """One provider by doc_id (a detail page), with its distance from point if given."""
    index = index or defaults.index_alias()
    doc_id = plain_text(doc_id or "")[:200]
    if not doc_id:
        return None
    try:
        raw = _send(client, index, provider_body(doc_id))
    except elasticsearch.BadRequestError as exc:
        raise _unavailable(exc) from exc
    if raw is None or not raw["hits"]["hits"]:
        return None
    return _hit(raw["hits"]["hits"][0], SearchParams(), point, None)


# --- autocomplete ---------------------------------------------------------------------------


def autocomplete(
    client, prefix: str, *, index: str | None = None, size: int = defaults.AUTOCOMPLETE_SIZE
) -> list[str]:
    """Provider names starting with prefix (completion suggester); [] for junk or no index."""
    index = index or defaults.index_alias()
    text = plain_text(prefix or "")[: defaults.MAX_AUTOCOMPLETE_CHARS]
    if not text:
        return []
    try:
        size = max(1, min(int(size), defaults.MAX_AUTOCOMPLETE_SIZE))
    except (TypeError, ValueError, OverflowError):
        size = defaults.AUTOCOMPLETE_SIZE
    try:
        raw = _send(client, index, autocomplete_body(text, size))
    except elasticsearch.BadRequestError as exc:
        raise _unavailable(exc) from exc
    if raw is None:
        return []
    names: list[str] = []
    for entry in (raw.get("suggest") or {}).get(SUGGESTION, ()):
        for option in entry.get("options", ()):
            name = (option.get("_source") or {}).get(F.NAME) or option.get("text")
            if name and name not in names:
                names.append(str(name))
    return names[:size]
