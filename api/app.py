"""The HSDS 3 read-only API (FastAPI): `clinics api`, or `create_app()` under any ASGI server.

Endpoints (docs/api.md): `/` (version, profile, crisis line), `/services`,
`/services/{id}`, `/service_at_locations`, `/service_at_locations/{id}`,
`/organizations`, `/organizations/{id}`, `/taxonomies`, `/taxonomies/{id}`,
`/taxonomy_terms`, `/taxonomy_terms/{id}`, and our search as an extension, `/v1/search`,
with the parameters of `clinics search`. GET only; OpenAPI at /openapi.json, docs at /docs.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import orjson
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import ids, searching
from api import settings as api_settings
from api import taxonomy as tax
from api.hsds import Entities, timestamp
from api.middleware import CacheHeaders, RateLimit
from api.responses import INTERNAL, JSON, UNAVAILABLE, error, validation_error
from api.store import Filters, Store

log = logging.getLogger("clinics.api")

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PER_PAGE_MINIMAL = 10_000
MAX_PAGE = 10_000_000
MAX_SEARCH_CHARS = 10_000  # longer text is refused (422); the sanitizer keeps 200 anyway
CRISIS = {
    "message": (
        "In crisis or thinking about suicide? Call or text 988, the Suicide & Crisis "
        "Lifeline, any time. In an emergency, call 911."
    ),
    "lines": [
        {
            "name": "988 Suicide & Crisis Lifeline",
            "call": "988",
            "text": "988",
            "chat": "https://988lifeline.org/chat/",
            "hours": "24/7",
        },
        {"name": "Emergency services", "call": "911"},
    ],
    "note": "The providers listed here are for ongoing care; they are not a crisis service.",
}
NOT_ENDORSEMENT = (
    "Listings are collected from public sources and are not endorsements or medical advice. "
    "Check credentials and details with the provider before you book."
)
SEARCH_PARAM_NAMES = frozenset(f.name for f in dataclasses.fields(searching.SearchParams))
# Internal bookkeeping of a stored document left out of /v1/search results.
RESULT_DROPS = frozenset({"merge_block", "field_winners", "source_names", "sources"})

DESCRIPTION = f"""
Read-only Open Referral HSDS {HSDS_VERSION} API of the anxiety and ketamine therapy provider
directory, plus `/v1/search` (the directory's own search: near a place, with filters,
facets, distances and the evidence behind every therapy and condition).

Each provider at one location is an organization, a service, a location and a
service_at_location. {CRISIS["message"]} {NOT_ENDORSEMENT}
"""

# ---- parameters ------------------------------------------------------------------------

SearchText = Annotated[
    str | None,
    Query(description="Full text search (plain words).", max_length=MAX_SEARCH_CHARS),
]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PerPage = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_PER_PAGE_MINIMAL,
        description=f"Results a page (at most {MAX_PER_PAGE}; {MAX_PER_PAGE_MINIMAL} with "
        "minimal=true).",
    ),
]
Format = Annotated[
    Literal["json", "ndjson"],
    Query(description="`ndjson` streams every result, one a line, without pages."),
]
TermId = Annotated[
    str | None,
    Query(
        description="A taxonomy term's id (or its code): services with that term or one under it.",
        max_length=200,
    ),
]
TaxonomyId = Annotated[str | None, Query(description="A taxonomy's id.", max_length=200)]
OrganizationId = Annotated[str | None, Query(description="An organization's id.", max_length=200)]
ModifiedAfter = Annotated[
    str | None,
    Query(
        description="Only results changed on or after this date or date-time (ISO 8601).",
        max_length=100,
    ),
]
Flag = Annotated[bool, Query()]


def _modified_after(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", "modified_after"),
                    "msg": "must be a date or date-time like 2026-11-01 or 2026-11-01T12:00:00Z",
                }
            ]
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _bad(parameter: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", parameter), "msg": message}])


def _check_per_page(per_page: int, minimal: bool) -> None:
    if per_page > MAX_PER_PAGE and not minimal:
        raise _bad(
            "per_page",
            f"must be at most {MAX_PER_PAGE} ({MAX_PER_PAGE_MINIMAL:,} with minimal=true)",
        )


def _term_filter(term_text: str | None, taxonomy_id: str | None) -> tuple[object, bool]:
    """(TermFilter or None, matches nothing) for taxonomy_term_id and taxonomy_id."""
    if taxonomy_id is not None and taxonomy_id.strip().lower() not in (
        tax.TAXONOMY_ID,
        tax.TAXONOMY_NAME,
    ):
        if not ids.is_uuid(taxonomy_id.strip()):
            raise _bad("taxonomy_id", "must be a taxonomy id (a UUID)")
        return None, True
    if term_text is None or not term_text.strip():
        return None, False
    term = tax.find(term_text.strip())
    if term is None:
        if ids.is_uuid(term_text.strip()):
            return None, True  # a well-formed id of no term: nothing has it
        raise _bad("taxonomy_term_id", "must be the id (UUID) or code of a taxonomy term")
    return tax.filter_for(term), False


def _organization_filter(text: str | None) -> tuple[str | None, bool]:
    if text is None or not text.strip():
        return None, False
    if not ids.is_uuid(text.strip()):
        raise _bad("organization_id", "must be an organization id (a UUID)")
    doc_id = ids.doc_id_of("organization", text.strip())
    return doc_id, doc_id is None


def _listing_filters(
    search: str | None,
    taxonomy_term_id: str | None,
    taxonomy_id: str | None,
    organization_id: str | None,
    modified_after: str | None,
    **place: Any,
) -> Filters:
    """The filters the HSDS list endpoints share, plus `place` (postcode, point, radius)."""
    terms, no_term = _term_filter(taxonomy_term_id, taxonomy_id)
    doc_id, no_org = _organization_filter(organization_id)
    return Filters(
        text=searching.clean_text(search, []),
        terms=terms,
        doc_id=doc_id,
        modified_after=_modified_after(modified_after),
        nothing=no_term or no_org,
        **place,
    )


def _rendered_by(form: str) -> Callable[[dict], dict]:
    """A document as the HSDS form `form` (a method of Entities: service_full, ...)."""

    def render(document: dict) -> dict:
        return getattr(Entities(document), form)()

    return render


def _page_body(total: int, page: int, per_page: int, contents: list) -> dict:
    pages = math.ceil(total / per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _store(request: Request) -> Store:
    return request.app.state.store


def _ndjson(store: Store, filters: Filters, render) -> StreamingResponse:
    store.count(filters)  # an engine that is down answers 503 before anything streams

    def lines() -> Iterator[bytes]:
        try:
            for document in store.scan(filters):
                yield orjson.dumps(render(document)) + b"\n"
        except searching.SearchUnavailable:
            log.warning("the engine went away during an ndjson listing")

    return StreamingResponse(lines(), media_type="application/x-ndjson")


def _listing(
    request: Request,
    filters: Filters,
    page: int,
    per_page: int,
    fmt: str,
    render,
    *,
    minimal: bool = False,
):
    store = _store(request)
    if fmt == "ndjson":
        return _ndjson(store, filters, render)
    if minimal:
        source = {"includes": ["doc_id", "last_seen"]}
        total, documents = store.page(filters, page, per_page, source=source)
        contents = [render(document) for document in documents]
    else:
        total, documents = store.page(filters, page, per_page)
        contents = [render(document) for document in documents]
    return JSON(_page_body(total, page, per_page, contents))


def _minimal(document: dict) -> dict:
    item = {"id": ids.entity_id("service", str(document.get("doc_id") or ""))}
    modified = timestamp(document.get("last_seen"))
    if modified:
        item["last_modified"] = modified
    return item


def _detail(request: Request, kind: str, entity_id: str):
    text = entity_id.strip()
    if not ids.is_uuid(text):
        raise _bad("id", f"must be a {kind.replace('_', ' ')} id (a UUID)")
    doc_id = ids.doc_id_of(kind, text)
    document = _store(request).document(doc_id) if doc_id is not None else None
    if document is None:
        return error(404, f"No {kind.replace('_', ' ')} has the id {text}.")
    return Entities(document)


# ---- /v1/search ----------------------------------------------------------------------


def _codes(values: list[str] | None) -> tuple[str, ...]:
    """Repeated parameters, each possibly comma-separated (codes hold no commas)."""
    out: list[str] = []
    for value in values or ():
        out.extend(part for part in value.split(",") if part.strip())
    return tuple(out)


def _search_result(hit) -> dict:
    document = hit.document
    result = {key: value for key, value in document.items() if key not in RESULT_DROPS}
    doc_id = hit.doc_id
    result["doc_id"] = doc_id
    result["name"] = hit.name
    result["distance_mi"] = None if hit.distance_mi is None else round(hit.distance_mi, 3)
    result["evidence"] = document.get("evidence") or []
    result["sources"] = [
        {"source": ref.source, "url": ref.url, "fetched_at": ref.fetched_at} for ref in hit.sources
    ]
    result["matched_filters"] = list(hit.matched_filters)
    result["highlights"] = hit.highlights
    result["hsds"] = {
        "service_id": ids.entity_id("service", doc_id),
        "organization_id": ids.entity_id("organization", doc_id),
        "location_id": ids.entity_id("location", doc_id),
        "service_at_location_id": ids.entity_id("service_at_location", doc_id),
    }
    return result


def _facets(response) -> dict:
    from clinics import taxonomy

    return {
        group: [
            {
                "code": bucket.code,
                "label": taxonomy.label(bucket.code) if taxonomy.term(bucket.code) else bucket.code,
                "count": bucket.count,
                "selected": bucket.selected,
            }
            for bucket in buckets
        ]
        for group, buckets in response.facets.items()
    }


# ---- the app -------------------------------------------------------------------------


def create_app(
    settings: api_settings.ApiSettings | None = None,
    *,
    client=None,
    index: str | None = None,
) -> FastAPI:
    """The app; `client` and `index` default to ES_URL and CLINICS_INDEX_ALIAS."""
    settings = settings or api_settings.load()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = client is None
        engine = client
        if engine is None:
            from indexer.client import get_client

            engine = get_client(request_timeout=searching.REQUEST_TIMEOUT_S, max_retries=1)
        app.state.store = Store(engine, index or searching.index_alias())
        try:
            yield
        finally:
            if own:
                engine.close()

    app = FastAPI(
        title="Clinic directory: Open Referral HSDS API",
        version=f"1.0 (HSDS {HSDS_VERSION})",
        description=DESCRIPTION,
        default_response_class=JSON,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings

    @app.exception_handler(RequestValidationError)
    async def _on_validation(request: Request, exc: RequestValidationError):
        return validation_error(list(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(request: Request, exc: StarletteHTTPException):
        messages = {
            404: "No such endpoint; see /openapi.json for the ones there are.",
            405: "This API is read-only: only GET (and HEAD) requests are answered.",
        }
        response = error(exc.status_code, messages.get(exc.status_code, str(exc.detail)))
        if exc.status_code == 405:
            response.headers["Allow"] = "GET, HEAD"
        return response

    @app.exception_handler(searching.SearchUnavailable)
    async def _on_unavailable(request: Request, exc: searching.SearchUnavailable):
        log.warning("search engine unavailable: %s", exc)
        return error(503, UNAVAILABLE)

    @app.exception_handler(Exception)
    async def _on_anything(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return error(500, INTERNAL)

    _routes(app)

    # the last added runs first: CORS, then cache headers (on every answer, 429 too), then
    # the rate limit in front of the routes
    if settings.rate_limit:
        app.add_middleware(RateLimit, limit=settings.rate_limit)
    app.add_middleware(CacheHeaders, max_age=settings.cache_seconds)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD"],
        allow_headers=["*"],
        expose_headers=["ETag", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining"],
        max_age=3600,
    )
    return app


def _base_url(request: Request) -> str:
    configured = request.app.state.settings.public_url
    return configured or str(request.base_url).rstrip("/")


def _routes(app: FastAPI) -> None:
    @app.get("/", summary="About this API: HSDS version, profile, crisis line.", tags=["HSDS"])
    def root(request: Request):
        base = _base_url(request)
        return JSON(
            {
                "version": HSDS_VERSION,
                "profile": HSDS_PROFILE,
                "openapi_url": f"{base}/openapi.json",
                "docs_url": f"{base}/docs",
                "name": "Anxiety and ketamine therapy provider directory",
                "crisis": CRISIS,
                "notice": NOT_ENDORSEMENT,
                "endpoints": [
                    "/services",
                    "/services/{id}",
                    "/service_at_locations",
                    "/service_at_locations/{id}",
                    "/organizations",
                    "/organizations/{id}",
                    "/taxonomies",
                    "/taxonomies/{id}",
                    "/taxonomy_terms",
                    "/taxonomy_terms/{id}",
                    "/v1/search",
                ],
                "extensions": {
                    "/v1/search": "the directory's search: the parameters of `clinics search`"
                },
            }
        )

    @app.get("/services", summary="Services, a page at a time.", tags=["HSDS"])
    def services(
        request: Request,
        search: SearchText = None,
        page: PageNumber = 1,
        per_page: PerPage = DEFAULT_PER_PAGE,
        format: Format = "json",
        taxonomy_term_id: TermId = None,
        taxonomy_id: TaxonomyId = None,
        organization_id: OrganizationId = None,
        modified_after: ModifiedAfter = None,
        minimal: Flag = False,
        full: Flag = False,
    ):
        _check_per_page(per_page, minimal)
        filters = _listing_filters(
            search, taxonomy_term_id, taxonomy_id, organization_id, modified_after
        )
        if minimal:
            render = _minimal
        else:
            render = _rendered_by("service_full" if full else "service_list_item")
        return _listing(request, filters, page, per_page, format, render, minimal=minimal)

    @app.get("/services/{id}", summary="One fully nested service.", tags=["HSDS"])
    def service(request: Request, id: str):
        found = _detail(request, "service", id)
        return found if isinstance(found, JSON) else JSON(found.service_full())

    @app.get("/service_at_locations", summary="Services at locations.", tags=["HSDS"])
    def service_at_locations(
        request: Request,
        search: SearchText = None,
        page: PageNumber = 1,
        per_page: PerPage = DEFAULT_PER_PAGE,
        format: Format = "json",
        taxonomy_term_id: TermId = None,
        taxonomy_id: TaxonomyId = None,
        organization_id: OrganizationId = None,
        modified_after: ModifiedAfter = None,
        full: Flag = False,
        postcode: Annotated[
            str | None, Query(description="Only locations with this ZIP code.", max_length=20)
        ] = None,
        proximity: Annotated[
            float | None,
            Query(
                description="With postcode: locations within this many meters of the "
                "ZIP code's centre instead.",
                gt=0,
                le=1_000_000,
                allow_inf_nan=False,
            ),
        ] = None,
    ):
        _check_per_page(per_page, False)
        point = radius = None
        zip_code = searching.plain_text(postcode or "")[:20] or None
        if proximity is not None:
            if zip_code is None:
                raise _bad("proximity", "needs a postcode to measure from")
            point = _postcode_point(zip_code)
            if point is None:
                raise _bad("postcode", "is not a ZIP code we know")
            radius = proximity / 1609.344
            zip_code = None
        filters = _listing_filters(
            search,
            taxonomy_term_id,
            taxonomy_id,
            organization_id,
            modified_after,
            postcode=zip_code,
            point=point,
            radius_mi=radius,
        )
        form = "service_at_location_full" if full else "service_at_location_list_item"
        return _listing(request, filters, page, per_page, format, _rendered_by(form))

    @app.get(
        "/service_at_locations/{id}",
        summary="One fully nested service at a location.",
        tags=["HSDS"],
    )
    def service_at_location(request: Request, id: str):
        found = _detail(request, "service_at_location", id)
        return found if isinstance(found, JSON) else JSON(found.service_at_location_full())

    @app.get("/organizations", summary="Organizations.", tags=["HSDS"])
    def organizations(
        request: Request,
        search: SearchText = None,
        full_service: Flag = False,
        full: Flag = False,
        page: PageNumber = 1,
        per_page: PerPage = DEFAULT_PER_PAGE,
        format: Format = "json",
    ):
        _check_per_page(per_page, False)
        filters = Filters(text=searching.clean_text(search, []))
        if full or full_service:
            services_form = "full" if full_service else "list"

            def render(document):
                return Entities(document).organization_full(services_form)
        else:

            def render(document):
                return Entities(document).organization

        return _listing(request, filters, page, per_page, format, render)

    @app.get("/organizations/{id}", summary="One organization, nested.", tags=["HSDS"])
    def organization(request: Request, id: str, full_service: Flag = False):
        found = _detail(request, "organization", id)
        if isinstance(found, JSON):
            return found
        return JSON(found.organization_full("full" if full_service else "list"))

    @app.get("/taxonomies", summary="The taxonomy of our codes.", tags=["HSDS"])
    def taxonomies(
        search: SearchText = None,
        page: PageNumber = 1,
        per_page: PerPage = DEFAULT_PER_PAGE,
        format: Format = "json",
    ):
        _check_per_page(per_page, False)
        items = [tax.taxonomy_object()]
        if search and not _matches(search, items[0]["name"], items[0]["description"]):
            items = []
        return _memory_page(items, page, per_page, format)

    @app.get("/taxonomies/{id}", summary="One taxonomy.", tags=["HSDS"])
    def taxonomy_detail(id: str):
        text = id.strip()
        if text in (tax.TAXONOMY_ID, tax.TAXONOMY_NAME):
            return JSON(tax.taxonomy_object())
        if not ids.is_uuid(text):
            raise _bad("id", "must be a taxonomy id (a UUID)")
        return error(404, f"No taxonomy has the id {text}.")

    @app.get("/taxonomy_terms", summary="Terms of the taxonomy.", tags=["HSDS"])
    def taxonomy_terms(
        search: SearchText = None,
        page: PageNumber = 1,
        per_page: PerPage = DEFAULT_PER_PAGE,
        format: Format = "json",
        taxonomy_id: TaxonomyId = None,
        top_only: Annotated[bool, Query(description="Only terms without a parent.")] = False,
        parent_id: Annotated[
            str | None, Query(description="Only the children of this term.", max_length=200)
        ] = None,
    ):
        _check_per_page(per_page, False)
        items = list(tax.terms())
        if taxonomy_id is not None and taxonomy_id.strip().lower() not in (
            tax.TAXONOMY_ID,
            tax.TAXONOMY_NAME,
        ):
            if not ids.is_uuid(taxonomy_id.strip()):
                raise _bad("taxonomy_id", "must be a taxonomy id (a UUID)")
            items = []
        if top_only:
            items = [t for t in items if t.parent_code is None]
        if parent_id is not None and parent_id.strip():
            parent = tax.find(parent_id.strip())
            if parent is None and not ids.is_uuid(parent_id.strip()):
                raise _bad("parent_id", "must be the id (UUID) or code of a taxonomy term")
            items = [t for t in items if parent is not None and t.parent_code == parent.code]
        if search:
            items = [t for t in items if _matches(search, t.name, t.code, t.description)]
        return _memory_page([t.as_hsds() for t in items], page, per_page, format)

    @app.get("/taxonomy_terms/{id}", summary="One taxonomy term.", tags=["HSDS"])
    def taxonomy_term(id: str):
        text = id.strip()
        term = tax.find(text)
        if term is None:
            if not ids.is_uuid(text):
                raise _bad("id", "must be a taxonomy term id (a UUID) or code")
            return error(404, f"No taxonomy term has the id {text}.")
        return JSON(term.as_hsds(detail=True))

    @app.get(
        "/v1/search",
        summary="Search providers near a place, with filters (the parameters of `clinics search`).",
        tags=["Extension"],
    )
    def v1_search(
        request: Request,
        near: Annotated[
            str | None,
            Query(description='A ZIP, "City, ST" or an address.', max_length=MAX_SEARCH_CHARS),
        ] = None,
        lat: Annotated[float | None, Query(ge=-90, le=90, allow_inf_nan=False)] = None,
        lon: Annotated[float | None, Query(ge=-180, le=180, allow_inf_nan=False)] = None,
        radius_mi: Annotated[
            float | None,
            Query(gt=0, le=1_000_000, allow_inf_nan=False, description="Radius in miles."),
        ] = None,
        therapy: Annotated[list[str] | None, Query(description="Therapy codes.")] = None,
        condition: Annotated[list[str] | None, Query(description="Condition codes.")] = None,
        provider_type: Annotated[
            list[str] | None, Query(description="Provider type codes.")
        ] = None,
        telehealth: Annotated[bool, Query(description="Only telehealth providers.")] = False,
        accepting: Annotated[
            bool, Query(description="Only providers accepting new patients.")
        ] = False,
        insurance: Annotated[list[str] | None, Query(description="Insurance plans.")] = None,
        language: Annotated[list[str] | None, Query(description="Languages.")] = None,
        other_language: Annotated[
            bool, Query(description="Only providers who list a language besides English.")
        ] = False,
        sliding_scale_or_free: Annotated[
            bool,
            Query(description="Only providers whose source states a sliding scale or free care."),
        ] = False,
        q: Annotated[
            str | None, Query(description="Free text (plain words).", max_length=MAX_SEARCH_CHARS)
        ] = None,
        sort: Annotated[Literal["distance", "relevance", "recent"], Query()] = "distance",
        limit: Annotated[
            int | None, Query(ge=1, le=1_000_000, description="Results a page.")
        ] = None,
        after: Annotated[
            str | None,
            Query(
                description="The next page: `next_after` of the previous response.", max_length=2000
            ),
        ] = None,
    ):
        if (lat is None) != (lon is None):
            raise _bad("lat" if lon is None else "lon", "lat and lon go together")
        if near and lat is not None:
            raise _bad("near", "use either near or lat/lon, not both")
        cursor = None
        if after is not None:
            cursor = searching.parse_cursor(after)
            if cursor is None:
                raise _bad("after", "must be the next_after value of a previous response")
        extra = {}
        if other_language and "other_language" in SEARCH_PARAM_NAMES:
            extra["other_language"] = True
        params = searching.SearchParams(
            **extra,
            near_text=near,
            point=searching.GeoPoint(lat, lon) if lat is not None else None,
            radius_mi=radius_mi if radius_mi is not None else searching.DEFAULT_RADIUS_MI,
            therapies=_codes(therapy),
            conditions=_codes(condition),
            provider_types=_codes(provider_type),
            telehealth=True if telehealth else None,
            accepting_new_patients=True if accepting else None,
            insurance=tuple(insurance or ()),
            languages=tuple(language or ()),
            sliding_scale_or_free=True if sliding_scale_or_free else None,
            text=q,
            sort=sort,
            size=limit if limit is not None else searching.DEFAULT_SIZE,
            search_after=cursor,
        )
        store = _store(request)
        response = searching.run_search(store.client, params, index=store.index)
        return JSON(_search_body(request, response, params))


def _search_body(request: Request, response, params) -> dict:
    from ui.crisis import suggests_crisis

    location = response.location
    next_after = None
    next_url = None
    if response.next_search_after is not None:
        next_after = orjson.dumps(list(response.next_search_after)).decode()
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "after"]
        next_url = "/v1/search?" + urlencode([*query, ("after", next_after)])
    body = {
        "total": response.total,
        "count": len(response.hits),
        "results": [_search_result(hit) for hit in response.hits],
        "facets": _facets(response),
        "location": None
        if location is None
        else {
            "lat": location.lat,
            "lon": location.lon,
            "precision": location.precision,
            "matched_name": location.matched_name,
            "approximate": location.approximate,
            "ambiguous": location.ambiguous,
        },
        "radius_mi": searching.clean_radius(params.radius_mi, []),
        "beyond_radius": response.beyond_radius,
        "nearest_beyond_mi": response.nearest_beyond_mi,
        "warnings": list(response.warnings),
        "location_suggestions": list(response.location_suggestions),
        "next_after": next_after,
        "next": next_url,
        "notice": NOT_ENDORSEMENT,
    }
    if suggests_crisis(params.text, params.near_text):
        body["crisis"] = CRISIS
    return body


def _matches(search: str, *texts: str) -> bool:
    words = searching.plain_text(search, 200)[:200].casefold().split()
    haystack = " ".join(texts).casefold()
    return all(word in haystack for word in words)


def _memory_page(items: list[dict], page: int, per_page: int, fmt: str):
    if fmt == "ndjson":
        body = b"".join(orjson.dumps(item) + b"\n" for item in items)
        return StreamingResponse(iter([body]), media_type="application/x-ndjson")
    start = (page - 1) * per_page
    return JSON(_page_body(len(items), page, per_page, items[start : start + per_page]))


def _postcode_point(zip_code: str):
    """The centre of a ZIP code (the search's geocoder), or None."""
    from clinics import geocode

    try:
        match = geocode.geocode(zip_code)
    except Exception:  # a geocoder failure reads as an unknown ZIP
        log.exception("geocoding postcode %r failed", zip_code)
        return None
    if match is None or str(getattr(match, "precision", "")) != "zip":
        return None
    return searching.GeoPoint(float(match.lat), float(match.lon))
