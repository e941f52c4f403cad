"""Typed parameters and results of the one search (search.service).

The UI and the `clinics search` command build a SearchParams, call
search.service.search(client, params) and render the SearchResponse. Neither builds
Elasticsearch JSON; only search.service does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

SortOrder = Literal["distance", "relevance", "recent"]
SORT_ORDERS: tuple[SortOrder, ...] = get_args(SortOrder)  # the one list of sort names


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lon: float


@dataclass(frozen=True)
class SearchParams:
    """What a person asked for. Values are sanitized (clamped, trimmed) by the search module."""

    near_text: str | None = None  # "77030", "Sugar Land, TX", an address, "29.7, -95.4"
    point: GeoPoint | None = None  # an exact position (browser geolocation); wins over near_text
    radius_mi: float = 15.0
    therapies: tuple[str, ...] = ()  # taxonomy codes, OR within the group
    conditions: tuple[str, ...] = ()
    provider_types: tuple[str, ...] = ()
    telehealth: bool | None = None  # True: only telehealth; None: any
    accepting_new_patients: bool | None = None
    insurance: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    other_language: bool | None = None  # True: only providers listing a language besides English
    sliding_scale_or_free: bool | None = None  # True: a source states a sliding scale or free care
    text: str | None = None  # free text, matched as plain words (never query syntax)
    sort: SortOrder = "distance"
    size: int = 10
    search_after: tuple | None = None  # from SearchResponse.next_search_after


@dataclass(frozen=True)
class SourceRef:
    source: str
    url: str | None
    fetched_at: str | None  # ISO 8601


@dataclass(frozen=True)
class Hit:
    doc_id: str
    name: str
    distance_mi: float | None
    document: dict  # the stored document (record fields of clinics.fields plus indexer.fields)
    sources: tuple[SourceRef, ...]
    matched_filters: tuple[str, ...] = ()  # e.g. ("therapies:ketamine_assisted_psychotherapy",)
    highlights: dict[str, list[str]] = field(default_factory=dict)  # plain text fragments


@dataclass(frozen=True)
class FacetBucket:
    code: str  # taxonomy code or value; labels come from clinics.taxonomy
    count: int
    selected: bool


@dataclass(frozen=True)
class ResolvedLocation:
    lat: float
    lon: float
    precision: str  # zip | city | address | point
    matched_name: str  # "Houston, TX 77030"
    approximate: bool
    ambiguous: bool = False


@dataclass(frozen=True)
class SearchResponse:
    hits: tuple[Hit, ...]
    total: int
    facets: dict[str, tuple[FacetBucket, ...]]  # "therapies", "conditions", "provider_types", ...
    location: ResolvedLocation | None
    # What was searched: the parameters after clamping and dropping (a 400-mile radius is
    # 100 here), the sort after its fallback, the page position if it was kept. Callers show
    # these, never the parameters they asked with.
    params: SearchParams
    warnings: tuple[str, ...] = ()  # sanitizer notes: "radius clamped to 100 miles", ...
    beyond_radius: bool = False  # nothing within the radius: hits are the nearest beyond it
    nearest_beyond_mi: float | None = None
    next_search_after: tuple | None = None
    location_suggestions: tuple[str, ...] = ()  # when near_text matched nothing
    took_ms: int = 0
