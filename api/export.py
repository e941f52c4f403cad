"""`clinics export FORMAT -o PATH`: the whole index, streamed, in an open format.

| format | what is written |
| --- | --- |
| hsds | an HSDS 3 tabular data package: a directory with one CSV per table and datapackage.json |
| hsds-json | one fully nested HSDS service per line (JSON Lines) |
| geojson | a FeatureCollection: a Point per provider with a position (name, address, phone, therapies, provenance) |
| csv | one flat row per provider at a location |

Documents are read through a point in time with `search_after` (api.store.Store.scan),
one batch ahead in a second thread while the current one is written, so memory stays
flat whatever the size of the index. Output goes to `PATH.partial` first and is renamed
when complete: a failed export never leaves a half file under the final name.
"""

from __future__ import annotations

import csv
import io
import os
import queue
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import orjson

from api import ids, tabular
from api import taxonomy as tax
from api.hsds import Entities
from api.store import Store
from clinics import fields as F
from clinics import taxonomy

FORMATS = ("hsds", "hsds-json", "geojson", "csv")
LIST_SEPARATOR = "; "
PREFETCH_BATCHES = 2

FLAT_COLUMNS = (
    "doc_id",
    "service_id",
    F.NAME,
    F.KIND,
    F.ORGANIZATION_NAME,
    F.ALTERNATE_NAMES,
    F.CREDENTIALS,
    F.NPI,
    F.PROVIDER_TYPES,
    F.THERAPIES,
    F.CONDITIONS,
    F.DESCRIPTION,
    F.ADDRESS_1,
    F.ADDRESS_2,
    F.CITY,
    F.STATE_PROVINCE,
    F.POSTAL_CODE,
    F.COUNTRY,
    F.LATITUDE,
    F.LONGITUDE,
    F.GEO_PRECISION,
    F.PHONE,
    F.PHONE_EXT,
    F.WEBSITE,
    F.EMAIL,
    F.TELEHEALTH,
    F.ACCEPTING_NEW_PATIENTS,
    F.ACCEPTING_AS_OF,
    F.INSURANCE,
    F.PAYMENT,
    F.LANGUAGES,
    F.AGES_SERVED,
    F.HOURS,
    F.EVIDENCE,
    "sources",
    "source_urls",
    "first_seen",
    "last_seen",
    "last_verified",
    F.IS_SAMPLE,
)
JSON_COLUMNS = frozenset({F.HOURS, F.EVIDENCE})


@dataclass
class Summary:
    format: str
    path: str
    documents: int = 0
    written: int = 0  # records, rows or features written (per document)
    skipped: int = 0  # documents a format cannot hold (geojson: no position)


# ---- reading ---------------------------------------------------------------------------


def prefetched(batches: Iterator[list[dict]]) -> Iterator[list[dict]]:
    """The batches, read one ahead in a thread (the engine works while we write)."""
    done = object()
    box: queue.Queue = queue.Queue(maxsize=PREFETCH_BATCHES)
    stop = threading.Event()

    def read() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                box.put(batch)
            box.put(done)
        except BaseException as exc:  # handed to the writer, raised there
            box.put(exc)

    reader = threading.Thread(target=read, name="export-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = box.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while reader.is_alive():  # let the reader see `stop` (it may wait on a full queue)
            try:
                box.get_nowait()
            except queue.Empty:
                reader.join(0.05)


# ---- the flat forms --------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value if item is not None)
    return str(value)


_COMPUTED = frozenset(
    {"doc_id", "service_id", F.LATITUDE, F.LONGITUDE, "sources", "source_urls", *JSON_COLUMNS}
)


def flat_row(document: dict) -> list[str]:
    """The `csv` export's row of one document (FLAT_COLUMNS)."""
    doc_id = str(document.get("doc_id") or "")
    point = document.get("location")
    if not isinstance(point, dict):
        point = {}
    sources = [s for s in document.get("sources") or () if isinstance(s, dict)]
    computed = {
        "doc_id": doc_id,
        "service_id": ids.entity_id("service", doc_id),
        F.LATITUDE: _cell(point.get("lat")),
        F.LONGITUDE: _cell(point.get("lon")),
        "sources": _cell([s.get(F.SOURCE) for s in sources]),
        "source_urls": _cell([s.get("url") for s in sources]),
    }
    for column in JSON_COLUMNS:
        found = document.get(column)
        computed[column] = orjson.dumps(found).decode() if found else ""
    get = document.get
    return [
        computed[column]
        if column in _COMPUTED
        else (value if (value := get(column)).__class__ is str else _cell(value))
        for column in FLAT_COLUMNS
    ]


def _address_line(document: dict) -> str | None:
    parts = [document.get(F.ADDRESS_1), document.get(F.ADDRESS_2), document.get(F.CITY)]
    region = " ".join(
        str(document[k]) for k in (F.STATE_PROVINCE, F.POSTAL_CODE) if document.get(k)
    )
    text = ", ".join(str(p) for p in [*parts, region] if p)
    return text or None


def feature(document: dict) -> dict | None:
    """The GeoJSON Feature of a document; None without a position."""
    point = document.get("location")
    if not isinstance(point, dict):
        return None
    lat, lon = point.get("lat"), point.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    doc_id = str(document.get("doc_id") or "")
    therapies = [c for c in document.get(F.THERAPIES) or () if isinstance(c, str)]
    return {
        "type": "Feature",
        "id": doc_id,
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": {
            "doc_id": doc_id,
            "service_id": ids.entity_id("service", doc_id),
            "name": document.get(F.NAME),
            "address": _address_line(document),
            "city": document.get(F.CITY),
            "state_province": document.get(F.STATE_PROVINCE),
            "postal_code": document.get(F.POSTAL_CODE),
            "phone": document.get(F.PHONE),
            "website": document.get(F.WEBSITE),
            "therapies": therapies,
            "therapy_labels": [taxonomy.label(code) for code in therapies],
            "conditions": list(document.get(F.CONDITIONS) or ()),
            "telehealth": document.get(F.TELEHEALTH),
            "accepting_new_patients": document.get(F.ACCEPTING_NEW_PATIENTS),
            "geo_precision": document.get(F.GEO_PRECISION),
            "sources": [
                {"source": s.get(F.SOURCE), "url": s.get("url"), "fetched_at": s.get(F.FETCHED_AT)}
                for s in document.get("sources") or ()
                if isinstance(s, dict)
            ],
            "last_verified": document.get("last_verified"),
            "is_sample": document.get(F.IS_SAMPLE),
        },
    }


# ---- conversion (in this process, or in worker processes for the heavy formats) -----------

# Converted in worker processes when there are cores to spare. csv (about 40 us a row)
# costs less to build than to hand to another process; it can still be asked for.
HEAVY = frozenset({"hsds", "hsds-json"})
PACKAGE_TABLES = tuple(t for t in tabular.ORDER if t not in ("taxonomy", "taxonomy_term"))


def convert(fmt: str, documents: list[dict]):
    """One batch in a heavy format: bytes (hsds-json) or {table: (CSV text, rows)} (hsds)."""
    if fmt == "hsds-json":
        return b"".join(orjson.dumps(Entities(d).service_full()) + b"\n" for d in documents)
    if fmt == "csv":
        text = io.StringIO()
        csv.writer(text).writerows(flat_row(d) for d in documents)
        return text.getvalue().encode("utf-8")
    buffers = {table: io.StringIO() for table in PACKAGE_TABLES}
    writers = {table: csv.writer(buffer) for table, buffer in buffers.items()}
    columns = {table: tabular.columns(table) for table in PACKAGE_TABLES}
    counts = dict.fromkeys(PACKAGE_TABLES, 0)
    for document in documents:
        for table, rows in Entities(document).tables().items():
            if rows:
                # HSDS rows hold strings and numbers only; csv writes None as an empty cell
                writers[table].writerows([row.get(c) for c in columns[table]] for row in rows)
                counts[table] += len(rows)
    return {table: (buffers[table].getvalue(), counts[table]) for table in PACKAGE_TABLES}


# ---- writers ---------------------------------------------------------------------------


class LinesWriter:
    """hsds-json, geojson and csv: one stream."""

    def __init__(self, fmt: str, handle: IO[bytes], summary: Summary) -> None:
        self.fmt = fmt
        self.handle = handle
        self.summary = summary
        self.first = True
        if fmt == "csv":
            self.text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True)
            self.csv = csv.writer(self.text)
            self.csv.writerow(FLAT_COLUMNS)
        elif fmt == "geojson":
            handle.write(b'{"type": "FeatureCollection", "features": [\n')

    def write_converted(self, data: bytes, documents: int) -> None:
        self.handle.write(data)  # (csv: its text wrapper writes through, nothing is pending)
        self.summary.written += documents

    def write(self, documents: list[dict]) -> None:
        if self.fmt == "hsds-json":
            self.write_converted(convert(self.fmt, documents), len(documents))
            return
        if self.fmt == "csv":
            self.csv.writerows(flat_row(document) for document in documents)
            self.summary.written += len(documents)
            return
        chunks = []
        if self.fmt == "hsds-json":
            for document in documents:
                chunks.append(orjson.dumps(Entities(document).service_full()))
                chunks.append(b"\n")
            self.summary.written += len(documents)
        else:
            for document in documents:
                item = feature(document)
                if item is None:
                    self.summary.skipped += 1
                    continue
                if not self.first:
                    chunks.append(b",\n")
                self.first = False
                chunks.append(orjson.dumps(item))
                self.summary.written += 1
        self.handle.write(b"".join(chunks))

    def close(self) -> None:
        if self.fmt == "geojson":
            self.handle.write(b"\n]}\n")
        if self.fmt == "csv":
            self.text.flush()
            self.text.detach()


class PackageWriter:
    """hsds: one CSV per table in a directory, then datapackage.json."""

    def __init__(self, directory: Path, summary: Summary) -> None:
        self.directory = directory
        self.summary = summary
        self.files = {}
        self.writers = {}
        self.counts = dict.fromkeys(tabular.ORDER, 0)
        self.columns = {table: tabular.columns(table) for table in tabular.ORDER}
        for table in tabular.ORDER:
            handle = open(  # noqa: SIM115 - closed in close()
                directory / tabular.TABLES[table]["path"], "w", encoding="utf-8", newline=""
            )
            self.files[table] = handle
            self.writers[table] = csv.writer(handle)
            self.writers[table].writerow(self.columns[table])
        self._write_taxonomy()

    def _rows(self, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        columns = self.columns[table]
        # HSDS rows hold strings and numbers only; csv writes None as an empty cell
        self.writers[table].writerows([row.get(c) for c in columns] for row in rows)
        self.counts[table] += len(rows)

    def _write_taxonomy(self) -> None:
        self._rows("taxonomy", [tax.taxonomy_object()])
        self._rows("taxonomy_term", [term.as_hsds() for term in tax.terms()])

    def write_converted(self, converted: dict, documents: int) -> None:
        for table, (text, count) in converted.items():
            if count:
                self.files[table].write(text)
                self.counts[table] += count
        self.summary.written += documents

    def write(self, documents: list[dict]) -> None:
        self.write_converted(convert("hsds", documents), len(documents))

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()
        created = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        package = tabular.datapackage(created, self.counts)
        (self.directory / "datapackage.json").write_bytes(
            orjson.dumps(package, option=orjson.OPT_INDENT_2)
        )


# ---- the export ------------------------------------------------------------------------


MIN_DOCUMENTS_FOR_WORKERS = 20_000  # below this, starting processes costs more than it saves


def _workers(fmt: str, total: int, asked: int | None) -> int:
    if asked is not None:
        return max(1, asked)
    if fmt not in HEAVY or total < MIN_DOCUMENTS_FOR_WORKERS:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _noop() -> None:
    return None


def start_pool(workers: int):
    """Worker processes, forked now: before the reader thread and the progress bar start,
    so no thread of ours can be holding a lock when they are copied."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pool.submit(_noop).result()  # with fork, the first task starts every worker
    return pool


def _convert_in_workers(fmt, batches, writer, pool, workers: int, done) -> None:
    """Batches converted by the worker processes, written in order; at most two batches a
    worker are in flight, so memory stays flat."""
    from collections import deque

    pending: deque = deque()

    def finish_one() -> None:
        future, count = pending.popleft()
        writer.write_converted(future.result(), count)
        done(count)

    for documents in batches:
        pending.append((pool.submit(convert, fmt, documents), len(documents)))
        if len(pending) >= 2 * workers:
            finish_one()
    while pending:
        finish_one()


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def check_target(fmt: str, path: str) -> None:
    """Refuse a target that would overwrite something that is not an earlier export."""
    from clinics.errors import UsageError

    if path == "-":
        if fmt == "hsds":
            raise UsageError("hsds writes a directory; give -o a directory path, not -")
        return
    target = Path(path)
    if fmt == "hsds":
        if target.exists() and not target.is_dir():
            raise UsageError(f"{path} exists and is not a directory")
        if target.is_dir() and any(target.iterdir()) and not (target / "datapackage.json").exists():
            raise UsageError(f"{path} is a directory with other files; give a new or empty one")
    elif target.is_dir():
        raise UsageError(f"{path} is a directory; {fmt} writes one file")


def export(
    store: Store,
    fmt: str,
    path: str,
    *,
    progress: bool = True,
    batch: int = 1_000,
    workers: int | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> Summary:
    """Write the whole index in `fmt` to `path` ("-": standard output, not for hsds)."""
    from tqdm import tqdm

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    check_target(fmt, path)
    summary = Summary(fmt, path)
    total = store.count()
    workers = _workers(fmt, total, workers)
    pool = start_pool(workers) if workers > 1 else None
    bar = tqdm(
        total=total,
        unit="doc",
        desc=f"export {fmt}",
        file=sys.stderr,
        disable=not progress,
        mininterval=0.5,
        dynamic_ncols=True,
    )
    target = Path(path) if path != "-" else None
    partial = _partial(target) if target is not None else None
    handle = None
    try:
        if fmt == "hsds":
            _remove(partial)
            partial.mkdir(parents=True)
            writer = PackageWriter(partial, summary)
        else:
            if target is None:
                handle = sys.stdout.buffer
            else:
                if target.parent != Path(""):
                    target.parent.mkdir(parents=True, exist_ok=True)
                handle = open(partial, "wb")  # noqa: SIM115 - closed below
            writer = LinesWriter(fmt, handle, summary)

        def done(count: int) -> None:
            summary.documents += count
            bar.update(count)
            if on_batch is not None:
                on_batch(summary.documents)

        batches = prefetched(store.scan_batches(batch=batch))
        if pool is not None:
            _convert_in_workers(fmt, batches, writer, pool, workers, done)
        else:
            for documents in batches:
                writer.write(documents)
                done(len(documents))
        writer.close()
        if handle is not None and target is not None:
            handle.close()
            handle = None
        if target is not None:
            if fmt == "hsds":
                _remove(target)
            os.replace(partial, target)
    except BaseException:
        if handle is not None and target is not None:
            handle.close()
        if partial is not None:
            _remove(partial)
        raise
    finally:
        bar.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return summary
