"""Reading documents for the HSDS listings, the detail pages and the exports.

- `page()`: one page of a listing in doc_id order, with the HSDS filters. The filter and
  text clauses are the search's own (api.searching); only the paging is here. Pages
  inside the engine's result window use from/size; deeper pages continue from the last
  position of an earlier page (`search_after`), remembered per listing, so paging a large
  index to the end costs one request a page.
- `document()`: one document by doc_id through the search's get_provider.
- `scan()`: every matching document through a point in time and `search_after` in
  `_shard_doc` order (memory stays flat whatever the index size); the exports and
  `format=ndjson` use it. `scan_hits()` is the same walk with a chosen `_source` (the
  hsds exports read only the output stored at load time, api/materialized.py) and
  `documents_by_id()` fetches whole documents in the same point in time.

Engine failures become searching.SearchUnavailable (one line, as the search says it; the
API answers 503 with a sentence of its own); a missing index reads as an empty one.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import elasticsearch

from api import searching
from api.taxonomy import TermFilter

DOC_ID = "doc_id"
LAST_SEEN = "last_seen"
POSTAL_CODE = "postal_code"
RESULT_WINDOW = 10_000  # the engine's default index.max_result_window
WALK_BATCH = 5_000  # sort values read per request when walking to a deep page
POSITIONS_KEPT = 4_096  # remembered (listing, offset) -> position entries
SCAN_BATCH = 1_000
PIT_KEEP_ALIVE = "2m"


@dataclass(frozen=True)
class Filters:
    """The HSDS listing parameters, already checked."""

    text: str | None = None
    terms: TermFilter | None = None
    doc_id: str | None = None  # organization_id, decoded
    modified_after: str | None = None  # RFC 3339
    postcode: str | None = None
    point: object | None = None  # searching.GeoPoint, with radius_mi
    radius_mi: float | None = None
    nothing: bool = False  # a filter that matches nothing (an unknown term or taxonomy)

    def key(self) -> tuple:
        return (
            self.text,
            self.terms,
            self.doc_id,
            self.modified_after,
            self.postcode,
            self.point,
            self.radius_mi,
            self.nothing,
        )


def _term_clauses(terms: TermFilter) -> list[dict]:
    params = searching.SearchParams(
        therapies=terms.therapies,
        conditions=terms.conditions,
        provider_types=terms.provider_types,
        telehealth=terms.telehealth,
        accepting_new_patients=terms.accepting_new_patients,
    )
    clauses = list(searching.group_clauses(params).values())
    # a group term selects its codes in several groups: any of them (OR), like one facet
    if len(clauses) > 1 and not (terms.telehealth or terms.accepting_new_patients):
        clauses = [{"bool": {"should": clauses, "minimum_should_match": 1}}]
    if terms.has_insurance:
        clauses.append({"exists": {"field": "insurance"}})
    if terms.any_access:
        access = searching.SearchParams(telehealth=True, accepting_new_patients=True)
        should = [*searching.group_clauses(access).values(), {"exists": {"field": "insurance"}}]
        clauses.append({"bool": {"should": should, "minimum_should_match": 1}})
    return clauses


def listing_query(filters: Filters) -> dict:
    if filters.nothing:
        return {"bool": {"must_not": [{"match_all": {}}]}}
    clauses: list[dict] = []
    if filters.doc_id is not None:
        clauses.append({"term": {DOC_ID: filters.doc_id}})
    if filters.terms is not None:
        clauses.extend(_term_clauses(filters.terms))
    if filters.modified_after:
        clauses.append({"range": {LAST_SEEN: {"gte": filters.modified_after}}})
    if filters.postcode:
        clauses.append({"term": {POSTAL_CODE: filters.postcode}})
    if filters.point is not None and filters.radius_mi is not None:
        clauses.append(searching.radius_filter(filters.point, filters.radius_mi))
    must = [searching.text_clause(filters.text)] if filters.text else []
    if not clauses and not must:
        return {"match_all": {}}
    query: dict = {}
    if clauses:
        query["filter"] = clauses
    if must:
        query["must"] = must
    return {"bool": query}


def _unavailable(exc: Exception) -> searching.SearchUnavailable:
    if isinstance(exc, elasticsearch.ApiError):
        return searching.SearchUnavailable(
            f"the search engine could not answer (HTTP {exc.meta.status}); try again in a moment"
        )
    return searching.SearchUnavailable(
        "the search engine is not reachable; is Elasticsearch running? "
        "(start it with `clinics es start`)"
    )


def _index_missing(exc: elasticsearch.ApiError) -> bool:
    return exc.meta.status == 404 and "index_not_found" in str(exc)


class Store:
    def __init__(self, client, index: str, connect: Callable[[], object] | None = None) -> None:
        """`connect` makes a new client like `client` (default: indexer.client.get_client,
        the engine of the settings, as `clinics export` and `clinics api` connect): the
        worker processes of an export (api/export.py) each need a connection of their own."""
        self.client = client
        self.index = index
        self.connect = connect
        self._positions: OrderedDict[tuple, list] = OrderedDict()
        self._lock = threading.Lock()
        self._window: int | None = None

    def result_window(self) -> int:
        """How deep from/size may page: the index's max_result_window (read once)."""
        if self._window is None:
            window = RESULT_WINDOW
            try:
                found = self.client.indices.get_settings(
                    index=self.index, name="index.max_result_window", include_defaults=True
                ).body
                values = []
                for item in found.values():
                    for part in ("settings", "defaults"):
                        value = (item.get(part) or {}).get("index", {}).get("max_result_window")
                        if value is not None:
                            values.append(value)
                            break
                numbers = [int(v) for v in values if v is not None]
                window = min(numbers) if numbers else RESULT_WINDOW
            except (elasticsearch.ApiError, elasticsearch.TransportError, ValueError):
                return RESULT_WINDOW  # asked again next time
            self._window = window
        return self._window

    # ---- engine access ---------------------------------------------------------------

    def _search(self, body: dict, **options) -> dict | None:
        try:
            return self.client.search(index=self.index, body=body, **options).body
        except elasticsearch.NotFoundError as exc:
            if _index_missing(exc):
                return None
            raise _unavailable(exc) from exc
        except (elasticsearch.ApiError, elasticsearch.TransportError) as exc:
            raise _unavailable(exc) from exc

    # ---- pages -----------------------------------------------------------------------

    def _remember(self, key: tuple, offset: int, position: list) -> None:
        with self._lock:
            self._positions[(key, offset)] = position
            self._positions.move_to_end((key, offset))
            while len(self._positions) > POSITIONS_KEPT:
                self._positions.popitem(last=False)

    def _nearest_position(self, key: tuple, offset: int) -> tuple[int, list | None]:
        with self._lock:
            best, position = 0, None
            for (known_key, known_offset), value in self._positions.items():
                if known_key == key and best < known_offset <= offset:
                    best, position = known_offset, value
            return best, position

    def _walk(self, query: dict, key: tuple, offset: int) -> list | None:
        """The sort position just before `offset` (None: before the first document)."""
        reached, position = self._nearest_position(key, offset)
        while reached < offset:
            size = min(WALK_BATCH, offset - reached)
            body: dict = {
                "size": size,
                "query": query,
                "sort": [{DOC_ID: "asc"}],
                "_source": False,
                "track_total_hits": False,
            }
            if position is not None:
                body["search_after"] = position
            raw = self._search(body)
            hits = (raw or {}).get("hits", {}).get("hits", [])
            if not hits:
                return None if reached == 0 else position
            position = hits[-1]["sort"]
            reached += len(hits)
            self._remember(key, reached, position)
            if len(hits) < size:
                break
        return position

    def page(
        self, filters: Filters, page: int, per_page: int, source: object = True
    ) -> tuple[int, list[dict]]:
        """(total matching, the documents of that page) in doc_id order."""
        query = listing_query(filters)
        offset = (page - 1) * per_page
        body: dict = {
            "size": per_page,
            "query": query,
            "sort": [{DOC_ID: "asc"}],
            "track_total_hits": True,
            "_source": {"excludes": searching.SOURCE_EXCLUDES} if source is True else source,
        }
        if offset + per_page <= self.result_window():
            body["from"] = offset
        else:
            total = self._total(query)
            if offset >= total:
                return total, []  # past the end: never walk there
            position = self._walk(query, filters.key(), offset)
            if position is None and offset > 0:
                return self._total(query), []
            if position is not None:
                body["search_after"] = position
        raw = self._search(body)
        if raw is None:
            return 0, []
        hits = raw["hits"]["hits"]
        total = raw["hits"]["total"]
        total = int(total["value"] if isinstance(total, dict) else total)
        if hits:
            self._remember(filters.key(), offset + len(hits), hits[-1]["sort"])
        return total, [hit.get("_source") or {} for hit in hits]

    def _total(self, query: dict) -> int:
        raw = self._search({"size": 0, "query": query, "track_total_hits": True})
        if raw is None:
            return 0
        total = raw["hits"]["total"]
        return int(total["value"] if isinstance(total, dict) else total)

    # ---- one document ----------------------------------------------------------------

    def document(self, doc_id: str) -> dict | None:
        hit = searching.get_provider(self.client, doc_id, index=self.index)
        return None if hit is None else hit.document

    # ---- everything ------------------------------------------------------------------

    def count(self, filters: Filters | None = None) -> int:
        return self._total(listing_query(filters or Filters()))

    def scan(self, filters: Filters | None = None, *, batch: int = SCAN_BATCH) -> Iterator[dict]:
        """Every matching document, through a point in time (a consistent view)."""
        for documents in self.scan_batches(filters, batch=batch):
            yield from documents

    def reconnected(self) -> Store:
        """The same store through a new client (`connect`), for a forked process."""
        connect = self.connect
        if connect is None:
            from indexer.client import get_client as connect
        return Store(connect(), self.index, self.connect)

    def open_pit(self) -> str | None:
        """A point in time of the index (None when the index does not exist)."""
        try:
            pit = self.client.open_point_in_time(index=self.index, keep_alive=PIT_KEEP_ALIVE)
        except elasticsearch.NotFoundError as exc:
            if _index_missing(exc):
                return None
            raise _unavailable(exc) from exc
        except (elasticsearch.ApiError, elasticsearch.TransportError) as exc:
            raise _unavailable(exc) from exc
        return pit["id"]

    def close_pit(self, pit_id: str) -> None:
        # a PIT left open expires by itself after PIT_KEEP_ALIVE
        with contextlib.suppress(elasticsearch.ApiError, elasticsearch.TransportError):
            self.client.close_point_in_time(id=pit_id)

    def scan_batches(
        self,
        filters: Filters | None = None,
        *,
        batch: int = SCAN_BATCH,
        pit_id: str | None = None,
        part: tuple[int, int] | None = None,
    ) -> Iterator[list[dict]]:
        """Every matching document, a batch at a time, in `_shard_doc` order of one point
        in time: what the index held when the scan began. With `pit_id`, that point in
        time (opened by the caller, who closes it); with `part` = (n, parts), only the
        n-th of that many slices of it (the engine's sliced search)."""
        for hits, _ in self.scan_hits(filters, batch=batch, pit_id=pit_id, part=part):
            yield [hit.get("_source") or {} for hit in hits]

    def scan_hits(
        self,
        filters: Filters | None = None,
        *,
        source: object = True,
        batch: int = SCAN_BATCH,
        pit_id: str | None = None,
        part: tuple[int, int] | None = None,
    ) -> Iterator[tuple[list[dict], str]]:
        """As scan_batches, but the hits themselves (`_id`, and `_source` as `source`
        selects: True is every field a reader gets) with the point in time's latest id,
        for documents_by_id in the same point in time."""
        if pit_id is not None:
            yield from self._pit_hits(pit_id, filters, batch, part, source)
            return
        opened = self.open_pit()
        if opened is None:
            return
        last = [opened]
        try:
            yield from self._pit_hits(opened, filters, batch, part, source, last)
        finally:
            self.close_pit(last[0])

    def documents_by_id(self, ids: list[str], pit_id: str) -> dict[str, dict]:
        """{_id: document} of these ids in the point in time (every field a reader gets)."""
        body: dict = {
            "size": len(ids),
            "query": {"ids": {"values": ids}},
            "pit": {"id": pit_id, "keep_alive": PIT_KEEP_ALIVE},
            "track_total_hits": False,
            "_source": {"excludes": searching.SOURCE_EXCLUDES},
        }
        try:
            raw = self.client.search(body=body).body
        except (elasticsearch.ApiError, elasticsearch.TransportError) as exc:
            raise _unavailable(exc) from exc
        return {hit["_id"]: hit.get("_source") or {} for hit in raw["hits"]["hits"]}

    def _pit_hits(
        self,
        pit_id: str,
        filters: Filters | None,
        batch: int,
        part: tuple[int, int] | None,
        source: object,
        last: list[str] | None = None,
    ) -> Iterator[tuple[list[dict], str]]:
        query = listing_query(filters or Filters())
        after = None
        while True:
            body: dict = {
                "size": batch,
                "query": query,
                "sort": [{"_shard_doc": "asc"}],
                "pit": {"id": pit_id, "keep_alive": PIT_KEEP_ALIVE},
                "track_total_hits": False,
                "_source": {"excludes": searching.SOURCE_EXCLUDES} if source is True else source,
            }
            if part is not None:
                body["slice"] = {"id": part[0], "max": part[1]}
            if after is not None:
                body["search_after"] = after
            try:
                raw = self.client.search(body=body).body
            except (elasticsearch.ApiError, elasticsearch.TransportError) as exc:
                raise _unavailable(exc) from exc
            pit_id = raw.get("pit_id", pit_id)
            if last is not None:
                last[0] = pit_id
            hits = raw["hits"]["hits"]
            if not hits:
                return
            yield hits, pit_id
            if len(hits) < batch:
                return
            after = hits[-1]["sort"]
