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

import contextlib
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
from api import materialized as stored
from api import taxonomy as tax
from api.hsds import Entities
from api.store import Store
from clinics import fields as F
from clinics import taxonomy
from indexer.fields import HSDS_EXPORT

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
    workers: int = 1  # processes that read and converted (each its own slice)
    worker_peak_mb: float = 0.0  # the largest peak RSS of a worker process (with what it
    # shares with the exporting process it was forked from)


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


_HOURS_AT = FLAT_COLUMNS.index(F.HOURS)
assert FLAT_COLUMNS[_HOURS_AT + 1] == F.EVIDENCE  # the two JSON cells, next to each other


def flat_line(document: dict) -> str:
    """The `csv` export's line of one document: flat_row as csv.writer writes it."""
    cells = flat_row(document)
    first = _HOURS_AT
    head = ",".join(cells[:first])
    tail = ",".join(cells[first + 2 :])
    if (
        head.count(",") == first - 1
        and tail.count(",") == len(cells) - first - 3
        and _plain(head)
        and _plain(tail)
    ):
        return f"{head},{_quoted(cells[first])},{_quoted(cells[first + 1])},{tail}\r\n"
    return _writer_line(cells)


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


# ---- CSV lines -------------------------------------------------------------------------


def _plain(text: str) -> bool:
    return not ('"' in text or "\n" in text or "\r" in text or "\x00" in text)


def _quoted(cell: str) -> str:
    """One cell as csv.writer writes it (QUOTE_MINIMAL)."""
    if "," in cell or not _plain(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _writer_line(values) -> str:
    """A row through csv.writer itself: for the rows the fast paths leave to it."""
    text = io.StringIO()
    csv.writer(text).writerow(values)
    return text.getvalue()


_JOIN, _PERCENT, _FORMAT = 0, 1, 2  # how the values of a row become a line


class RowLines:
    """CSV lines of HSDS row dicts in a table's columns, byte for byte what csv.writer
    writes (QUOTE_MINIMAL, CRLF). Made once per order of keys: when the keys are the
    first columns, the values joined (and the empty cells after them); when they are in
    column order with gaps, a %-template; otherwise a str.format template. A row with a
    comma, quote, line break or NUL in a value, or a None, goes through csv.writer.
    csv.writer costs several times as much a row, and an export writes some eighteen
    rows a document."""

    __slots__ = ("columns", "commas", "layouts", "position")

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.position = {name: n for n, name in enumerate(columns)}
        self.commas = len(columns) - 1
        self.layouts: dict[tuple, tuple[int, str, str]] = {}

    def _layout(self, keys: tuple) -> tuple[int, str, str]:
        places = [self.position.get(key) for key in keys]
        cells = [""] * len(self.columns)
        if None not in places and places == sorted(places):
            for at in places:
                cells[at] = "%s"
            template = ",".join(cells) + "\r\n"
            if places == list(range(len(keys))):
                layout = (_JOIN, "," * (len(self.columns) - len(keys)) + "\r\n", template)
            else:
                layout = (_PERCENT, "", template)
        else:
            for n, at in enumerate(places):
                if at is not None:
                    cells[at] = f"{{{n}}}"
            layout = (_FORMAT, "", ",".join(cells) + "\r\n")
        self.layouts[keys] = layout
        return layout

    def text(self, rows: list[dict]) -> str:
        """The lines of many rows, then the whole text checked at once (as many commas,
        CRs and LFs as the layouts hold, no quote, no NUL); when that fails, row by row."""
        layouts = self.layouts
        out = []
        append = out.append
        for row in rows:
            keys = tuple(row)
            kind, suffix, template = layouts.get(keys) or self._layout(keys)
            if kind == _JOIN:
                try:
                    append(",".join(row.values()) + suffix)
                    continue
                except TypeError:  # a number, or a None: the template
                    kind = _PERCENT
            values = tuple(row.values())
            if None in values:
                return "".join([self.line(row) for row in rows])
            append(template % values if kind == _PERCENT else template.format(*values))
        text = "".join(out)
        lines = len(out)
        if (
            text.count(",") == lines * self.commas
            and text.count("\n") == lines
            and text.count("\r") == lines
            and '"' not in text
            and "\x00" not in text
        ):
            return text
        return "".join([self.line(row) for row in rows])

    def line(self, row: dict) -> str:
        """One row's line (checked on its own)."""
        values = tuple(row.values())
        if None not in values:
            kind, _, template = self.layouts.get(tuple(row)) or self._layout(tuple(row))
            text = template.format(*values) if kind == _FORMAT else template % values
            if text.count(",") == self.commas and _plain(text[:-2]):
                return text
        return _writer_line([row.get(c) for c in self.columns])


# ---- conversion (in this process, or in worker processes for the heavy formats) -----------

PACKAGE_TABLES = stored.PACKAGE_TABLES


def convert(fmt: str, documents: list[dict]):
    """One batch in a heavy format: bytes (hsds-json, csv) or {table: (CSV text, rows)}
    (hsds)."""
    if fmt == "hsds-json":
        return b"".join(orjson.dumps(Entities(d).service_full()) + b"\n" for d in documents)
    if fmt == "csv":
        return "".join([flat_line(d) for d in documents]).encode("utf-8")
    rows: dict[str, list[dict]] = {table: [] for table in PACKAGE_TABLES}
    for document in documents:
        for table, found in Entities(document).tables().items():
            if found:
                rows[table].extend(found)
    formats = row_lines()
    return {table: (formats[table].text(found), len(found)) for table, found in rows.items()}


_ROW_LINES: dict[str, RowLines] = {}


def row_lines() -> dict[str, RowLines]:
    if not _ROW_LINES:
        _ROW_LINES.update({t: RowLines(tabular.columns(t)) for t in tabular.ORDER})
    return _ROW_LINES


# ---- the materialized formats (api/materialized.py) --------------------------------------

# Written from the output stored in each document at load time: what the reads fetch.
MATERIALIZED = {"hsds-json": stored.JSON, "hsds": stored.TABLES}


def stored_source(fmt: str) -> dict:
    return {"includes": [f"{HSDS_EXPORT}.{stored.STAMP}", f"{HSDS_EXPORT}.{MATERIALIZED[fmt]}"]}


def stored_batches(
    store: Store,
    fmt: str,
    batch: int,
    pit_id: str | None = None,
    part: tuple[int, int] | None = None,
) -> Iterator[list[tuple]]:
    """Batches of (stored output, None) or, for a document whose output is missing or of
    another stamp, (None, the document), read in the same point in time."""
    key = MATERIALIZED[fmt]
    for hits, current_pit in store.scan_hits(
        source=stored_source(fmt), batch=batch, pit_id=pit_id, part=part
    ):
        items = [stored.current((hit.get("_source") or {}).get(HSDS_EXPORT), key) for hit in hits]
        if None not in items:
            yield [(item, None) for item in items]
            continue
        missing = [hit["_id"] for hit, item in zip(hits, items, strict=True) if item is None]
        found = store.documents_by_id(missing, current_pit)
        lost = [doc_id for doc_id in missing if doc_id not in found]
        if lost:
            raise RuntimeError(f"documents {lost[:3]} vanished from the point in time")
        yield [
            (item, None) if item is not None else (None, found[hit["_id"]])
            for hit, item in zip(hits, items, strict=True)
        ]


def convert_stored(fmt: str, items: list):
    """A batch of stored_batches in hsds-json (bytes) or hsds ({table: (CSV text, rows)}):
    the same as convert() of the documents."""
    if fmt == "hsds-json":
        lines = [
            text if text is not None else orjson.dumps(Entities(document).service_full()).decode()
            for text, document in items
        ]
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    texts: dict[str, list[str]] = {table: [] for table in PACKAGE_TABLES}
    counts = dict.fromkeys(PACKAGE_TABLES, 0)
    for tables, document in items:
        if tables is None:
            for table, (text, count) in convert("hsds", [document]).items():
                if count:
                    texts[table].append(text)
                    counts[table] += count
            continue
        for table, (text, count) in tables.items():
            texts[table].append(text)
            counts[table] += count
    return {table: ("".join(texts[table]), counts[table]) for table in PACKAGE_TABLES}


def _batches(
    store: Store, fmt: str, batch: int, pit_id: str | None = None, part=None
) -> Iterator[list]:
    if fmt in MATERIALIZED:
        return stored_batches(store, fmt, batch, pit_id, part)
    return store.scan_batches(batch=batch, pit_id=pit_id, part=part)


def _converted(fmt: str, found: list):
    return convert_stored(fmt, found) if fmt in MATERIALIZED else convert(fmt, found)


# ---- writers ---------------------------------------------------------------------------


def _append_file(path: Path, handle) -> None:
    """The bytes of the file at `path` appended to an open file: in the kernel
    (copy_file_range) where it can, through our memory where it cannot."""
    handle.flush()
    target = handle.fileno()
    with open(path, "rb") as part:
        source = part.fileno()
        left = os.fstat(source).st_size
        # (both offsets move together: the plain copy goes on from where the kernel stopped)
        with contextlib.suppress(OSError):  # another file system, an old kernel
            while left > 0:
                copied = os.copy_file_range(source, target, left)
                if copied == 0:
                    break
                left -= copied
        if left > 0:
            with os.fdopen(os.dup(target), "ab") as out:
                shutil.copyfileobj(part, out, COPY_CHUNK)


class LinesWriter:
    """hsds-json, geojson and csv: one stream."""

    def __init__(self, fmt: str, handle: IO[bytes], summary: Summary) -> None:
        self.fmt = fmt
        self.handle = handle
        self.summary = summary
        self.first = True
        if fmt == "csv":
            handle.write(_writer_line(FLAT_COLUMNS).encode("utf-8"))
        elif fmt == "geojson":
            handle.write(b'{"type": "FeatureCollection", "features": [\n')

    def write_converted(self, data: bytes, documents: int) -> None:
        self.handle.write(data)
        self.summary.written += documents

    def append_part(self, path: Path, documents: int) -> None:
        """A worker's converted documents (api/export.py, sliced exports)."""
        _append_file(path, self.handle)
        self.summary.written += documents

    def write(self, documents: list[dict]) -> None:
        if self.fmt in ("hsds-json", "csv"):
            self.write_converted(convert(self.fmt, documents), len(documents))
            return
        chunks = []
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

    def append_part(self, paths: dict[str, Path], counts: dict[str, int], documents: int) -> None:
        """A worker's rows of every table (api/export.py, sliced exports)."""
        for table, path in paths.items():
            if counts.get(table):
                _append_file(path, self.files[table])
                self.counts[table] += counts[table]
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
COPY_CHUNK = 1 << 20
# Exported by worker processes, each reading its own slice, when there are cores to spare
SLICED = frozenset({"hsds", "hsds-json", "csv"})


def _workers(fmt: str, total: int, asked: int | None) -> int:
    if asked is not None:
        return max(1, asked)
    if fmt not in SLICED or total < MIN_DOCUMENTS_FOR_WORKERS:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _part_paths(folder: Path, fmt: str, n: int):
    if fmt == "hsds":
        return {table: folder / f"{n}-{table}.csv" for table in PACKAGE_TABLES}
    return folder / f"{n}.part"


def _export_slice(
    store: Store, fmt: str, n: int, slices: int, pit_id: str, batch: int, folder: Path, messages
) -> None:
    """One worker process: slice n of the point in time, read through its own connection,
    converted and written to its part files; progress and the end (or the error) are
    sent to the exporting process."""
    try:
        store = store.reconnected()
        counts = dict.fromkeys(PACKAGE_TABLES, 0)
        documents = 0
        paths = _part_paths(folder, fmt, n)
        if fmt == "hsds":
            files = {t: open(p, "w", encoding="utf-8", newline="") for t, p in paths.items()}  # noqa: SIM115
        else:
            files = {"": open(paths, "wb")}  # noqa: SIM115
        try:
            for found in prefetched(_batches(store, fmt, batch, pit_id, (n, slices))):
                converted = _converted(fmt, found)
                if fmt == "hsds":
                    for table, (text, count) in converted.items():
                        if count:
                            files[table].write(text)
                            counts[table] += count
                else:
                    files[""].write(converted)
                documents += len(found)
                messages.put(("progress", n, len(found)))
        finally:
            for handle in files.values():
                handle.close()
            store.client.close()
        import resource

        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        messages.put(("done", n, documents, counts, peak_mb))
    except BaseException as exc:  # handed to the exporting process, raised there
        messages.put(("error", n, exc))


class Slices:
    """The worker processes of a sliced export: one per slice of one point in time
    (the engine's sliced search), forked before any thread of ours starts; each writes
    its own part files, which the exporting process appends in slice order."""

    def __init__(
        self, store: Store, fmt: str, slices: int, pit_id: str, batch: int, folder: Path
    ) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.fmt = fmt
        self.folder = folder
        self.peak_mb = 0.0
        self.messages = context.Queue()
        self.processes = [
            context.Process(
                target=_export_slice,
                args=(store, fmt, n, slices, pit_id, batch, folder, self.messages),
                name=f"export-slice-{n}",
                daemon=True,
            )
            for n in range(slices)
        ]
        for process in self.processes:
            process.start()

    def wait(self, done: Callable[[int], None]) -> dict[int, tuple[int, dict]]:
        """Until every slice is written: progress to `done`; a worker's error raised."""
        finished: dict[int, tuple[int, dict]] = {}
        while len(finished) < len(self.processes):
            try:
                message = self.messages.get(timeout=1)
            except queue.Empty:
                for n, process in enumerate(self.processes):
                    if n not in finished and process.exitcode is not None:
                        raise RuntimeError(
                            f"export worker {n} stopped (exit code {process.exitcode})"
                        ) from None
                continue
            if message[0] == "progress":
                done(message[2])
            elif message[0] == "done":
                finished[message[1]] = (message[2], message[3])
                self.peak_mb = max(self.peak_mb, message[4])
            else:
                raise message[2]
        for process in self.processes:
            process.join()
        return finished

    def append(self, writer, finished: dict[int, tuple[int, dict]]) -> None:
        for n in range(len(self.processes)):
            documents, counts = finished[n]
            paths = _part_paths(self.folder, self.fmt, n)
            if self.fmt == "hsds":
                writer.append_part(paths, counts, documents)
            else:
                writer.append_part(paths, documents)

    def stop(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join(5)
        self.messages.close()


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
    target = Path(path) if path != "-" else None
    partial = _partial(target) if target is not None else None
    workers = _workers(fmt, total, workers)
    sliced = workers > 1 and fmt in SLICED and target is not None
    pit_id = store.open_pit() if sliced else None
    slices = None
    parts = partial.with_name(partial.name + "-parts") if partial is not None else None
    handle = None
    bar = None
    try:
        if pit_id is not None:
            _remove(parts)
            parts.mkdir(parents=True)
            # forked now: before the progress bar's or any reader's thread starts
            slices = Slices(store, fmt, workers, pit_id, batch, parts)
            summary.workers = workers
        bar = tqdm(
            total=total,
            unit="doc",
            desc=f"export {fmt}",
            file=sys.stderr,
            disable=not progress,
            mininterval=0.5,
            dynamic_ncols=True,
        )
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

        if slices is not None:
            slices.append(writer, slices.wait(done))
            summary.worker_peak_mb = slices.peak_mb
        elif not sliced:  # (sliced without a point in time: the index does not exist)
            for found in prefetched(_batches(store, fmt, batch)):
                if fmt in MATERIALIZED:
                    writer.write_converted(convert_stored(fmt, found), len(found))
                else:
                    writer.write(found)
                done(len(found))
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
        if slices is not None:
            slices.stop()
        if parts is not None and parts.exists():
            _remove(parts)
        if pit_id is not None:
            store.close_pit(pit_id)
        if bar is not None:
            bar.close()
    return summary
