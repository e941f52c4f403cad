"""`clinics import nppes`: the NPPES monthly file to crawl-format JSONL, streamed.

Input: the monthly zip, or its extracted `npidata_pfile_*.csv` (ISO-8859-1, one row per
NPI, 330 quoted columns). The practice-locations file `pl_pfile_*.csv` is used when it is
in the zip or beside the CSV (or named with `locations=`).

How a row is read, cheapest test first:

1. The raw line (bytes, not decoded, not parsed) is searched for any NUCC code that
   clinics.taxonomy maps (`nucc_mapped_pattern`). About nine rows in ten hold none and are
   counted (`no_behavioral_taxonomy`, or `deactivated` for a deactivated NPI's stub row)
   without being parsed: the CSV parser only sees candidate rows.
2. A candidate is decoded and parsed; deactivated NPIs (a deactivation date and no later
   reactivation) are left out, and a match outside the taxonomy slots is dropped.
3. The provider and each practice location (the main one, then pl_pfile's) go through the
   NPI spider's mapping (crawler.pages.nppes) and the crawl's cleaning pipelines, the lean
   path of crawler.bulk.records: classification and geocoding are left to the indexer,
   which redoes both on every load, so the indexed document is the one the `npi` spider's
   record gives for the same NPI (source `npi`, id `npi:<NPI>:<n>`); scope is decided
   here by the crawl's rule (`ProviderScope`). They were two thirds of the import's time.

The file is taken in blocks of whole lines (about 4 MB). A plain CSV's blocks are cut
without reading them: a short read at each block's nominal end finds the end of the line
there, and a block is then read whole from its offset (`_ranges`, `_read_block`).

With `workers` > 1 (the command's default: one per usable CPU), worker processes, forked
from the main one so that they share its imported modules, do steps 1 to 3: the main
process only cuts the CSV into blocks and hands out their offsets and lengths; each worker
reads its block from the file itself (a descriptor of its own), counts its lines and
stubs, and sends back the JSON lines, dead letters and counts, which the main process
writes in input order: the output is the same bytes as with one process. A worker numbers
the lines of its block from 1; the main process, which knows how many lines came before
the block, turns them into the file's line numbers in the dead letters. A zip member is
one compressed stream that cannot be read at an offset: the main process decompresses it
and sends the blocks themselves to the workers.

Rows that cannot be read (a broken quote, the wrong number of columns) are dead-lettered
with the reason. The practice-locations file is indexed once by NPI into two arrays of
integers (NPI and byte offset, sorted), so memory does not grow with the main file; a kept
provider's extra locations are read back by offset.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import gc
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import zipfile
import zlib
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from clinics import enrich
from clinics import fields as F
from clinics.errors import ClinicsError
from clinics.scope import scope_reason
from clinics.taxonomy import source_code_mapping
from clinics.taxonomy.sources import NUCC_CODES, NUCC_PREFIXES
from crawler.bulk import nppes_format as fmt
from crawler.bulk.records import RecordSink, SinkBatch, progress
from crawler.pages.nppes import Location, Provider, Taxonomy, has_mapped_taxonomy, location_records

SOURCE = "npi"
DEFAULT_API_URL = "https://npiregistry.cms.hhs.gov/api/"
MAIN_MEMBER = re.compile(r"(?:^|/)npidata_pfile_[^/]*\.csv$", re.IGNORECASE)
LOCATION_MEMBER = re.compile(r"(?:^|/)pl_pfile_[^/]*\.csv$", re.IGNORECASE)
HEADER_ONLY = "header"  # npidata_pfile_..._fileheader.csv holds the header only
FILE_DATES = re.compile(r"_(\d{8})-(\d{8})")  # npidata_pfile_<first>-<as of>.csv
READ_BUFFER = 1 << 20
CHUNK_BYTES = 1 << 22
MAX_LINE_BYTES = 64 << 20
MAX_WORKERS = 8  # the default's cap (each worker holds a block and a batch in memory)
PROBE_BYTES = 1 << 14  # read at a block's nominal end to find the end of its last line
BATCHES_PER_WORKER = 2  # batches in flight per worker: memory stays flat

# Reasons a row is not kept (the summary's rows_dropped)
NO_TAXONOMY = "no_behavioral_taxonomy"
DEACTIVATED = "deactivated"
UNREADABLE = "unreadable_row"

# The NUCC codes that clinics.taxonomy maps, as bytes: exact codes and code families.
_MAPPED_CODES = frozenset(code.encode("ascii") for code in NUCC_CODES)
_MAPPED_FAMILIES = tuple(prefix.encode("ascii") for prefix in NUCC_PREFIXES)
# The end `X"` of a quoted ten-character value that is a mapped code or starts with a
# mapped family: a search for the two bytes, then a look back at the twelve before them,
# both inside the regex engine (the codes are ten characters, the families' prefixes four).
_MAPPED_CODE_END = re.compile(
    rb'X"(?<="(?:'
    + b"|".join(
        [re.escape(code[:-1]) for code in sorted(_MAPPED_CODES)]
        + [re.escape(prefix) + b"." * (9 - len(prefix)) for prefix in _MAPPED_FAMILIES]
    )
    + rb')X")',
    re.DOTALL,
)
# A deactivated NPI's row keeps its NPI and dates only: `"<10 digits>","",...`
_STUB = re.compile(rb'\n"[0-9]{10}","",')
_STUB_AT_START = re.compile(rb'"[0-9]{10}","",')


@dataclass
class NppesResult:
    rows_read: int = 0
    rows_kept: int = 0
    rows_dropped: Counter = field(default_factory=Counter)
    records: int = 0
    records_validated: int = 0  # records the fast check left to ProviderRecord's validation
    practice_locations_indexed: int = 0
    seconds: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict)

    def lines(self) -> list[str]:
        rate = self.rows_read / self.seconds if self.seconds else 0.0
        out = [
            f"{self.rows_read:,} rows read in {self.seconds:.1f} s ({rate:,.0f} rows/s): "
            f"{self.rows_kept:,} providers kept, {self.records:,} records written to "
            f"{self.summary.get('output')}"
        ]
        if self.rows_dropped:
            out.append(
                "rows dropped: "
                + ", ".join(f"{k} {v:,}" for k, v in self.rows_dropped.most_common())
            )
        dropped = self.summary.get("records_dropped") or {}
        if dropped:
            out.append("records dropped: " + ", ".join(f"{k} {v:,}" for k, v in dropped.items()))
        dead = self.summary.get("dead_letters") or {}
        if dead:
            counts = ", ".join(f"{k} {v:,}" for k, v in dead.items())
            out.append(f"dead letters: {counts} in {self.summary.get('dead_letter_file')}")
        out.append(f"summary: {self.summary.get('summary_file')}")
        return out


# ---- input ------------------------------------------------------------------------------


@dataclass
class _Input:
    name: str
    stream: IO[bytes]
    size: int  # bytes on disk, for the progress bar
    position: Callable[[], int]  # bytes of the file on disk read so far
    locations: Path | None
    as_of: datetime | None
    path: Path | None = None  # a plain file (read by blocks at offsets); None for a zip member


def _as_of(name: str) -> datetime | None:
    match = FILE_DATES.search(Path(name).name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(2), "%Y%m%d").replace(tzinfo=UTC)
    except ValueError:
        return None


def _data_files(names: list[str], pattern: re.Pattern[str]) -> list[str]:
    return sorted(n for n in names if pattern.search(n) and HEADER_ONLY not in n.lower())


def _beside(path: Path) -> Path | None:
    """The pl_pfile beside an extracted npidata_pfile (same dates when there are several)."""
    candidates = _data_files([p.name for p in path.parent.glob("*")], LOCATION_MEMBER)
    if not candidates:
        return None
    match = FILE_DATES.search(path.name)
    if match:
        same = [n for n in candidates if match.group(0) in n]
        if same:
            return path.parent / same[0]
    return path.parent / candidates[0] if len(candidates) == 1 else None


def _position(handle: Any) -> Callable[[], int]:
    fileno = handle.fileno()
    return lambda: os.lseek(fileno, 0, os.SEEK_CUR)


@contextlib.contextmanager
def open_input(path: Path, locations: Path | None = None) -> Iterator[_Input]:
    """The main file's byte stream and the practice-locations file, from a zip or a CSV."""
    try:
        size = path.stat().st_size
        handle = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise ClinicsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with contextlib.ExitStack() as stack:
        stack.enter_context(handle)
        if size == 0:
            raise ClinicsError(f"{path}: empty file (no NPPES header)")
        magic = handle.read(4)
        handle.seek(0)
        if magic.startswith(b"PK"):
            try:
                archive = stack.enter_context(zipfile.ZipFile(handle))
                names = archive.namelist()
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
                raise ClinicsError(
                    f"{path}: not a readable zip file (truncated or damaged: {exc})"
                ) from None
            mains = _data_files(names, MAIN_MEMBER)
            if not mains:
                raise ClinicsError(f"{path}: the zip holds no npidata_pfile_*.csv")
            if locations is None:
                pl_members = _data_files(names, LOCATION_MEMBER)
                if pl_members:
                    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nppes-")))
                    locations = tmp / Path(pl_members[0]).name
                    try:
                        with archive.open(pl_members[0]) as src, open(locations, "wb") as dst:
                            shutil.copyfileobj(src, dst, READ_BUFFER)
                    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                        raise ClinicsError(
                            f"{path}: {pl_members[0]} cannot be read (damaged zip: {exc})"
                        ) from None
            try:
                member = stack.enter_context(archive.open(mains[0]))
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise ClinicsError(f"{path}: {mains[0]} cannot be read ({exc})") from None
            stream = stack.enter_context(_BufferedMember(member))
            yield _Input(
                name=f"{path}:{mains[0]}",
                stream=stream,
                size=size,
                position=_position(handle),
                locations=locations,
                as_of=_as_of(mains[0]),
            )
            return
        stream = stack.enter_context(open(path, "rb", buffering=READ_BUFFER))
        yield _Input(
            name=str(path),
            stream=stream,
            size=size,
            position=_position(stream),
            locations=locations if locations is not None else _beside(path),
            as_of=_as_of(path.name),
            path=path,
        )


class _BufferedMember(contextlib.AbstractContextManager):
    """A zip member read through a large buffer (readline at C speed)."""

    def __init__(self, member: IO[bytes]) -> None:
        import io

        self._reader: IO[bytes] = io.BufferedReader(member, READ_BUFFER)  # type: ignore[type-var]

    def __enter__(self) -> IO[bytes]:
        return self._reader

    def __exit__(self, *exc_info: object) -> None:
        self._reader.close()


def _read_header(stream: IO[bytes], name: str, expected: tuple[str, ...], what: str) -> None:
    first = stream.readline(1 << 16)
    if not first.strip():
        raise ClinicsError(f"{name}: empty file (no {what} header)")
    if b"\x00" in first:
        raise ClinicsError(f"{name}: a binary file, not the {what} CSV")
    text = first.decode(fmt.ENCODING).lstrip("\ufeff").lstrip("ï»¿")
    try:
        header = next(csv.reader([text]))
    except csv.Error as exc:
        raise ClinicsError(f"{name}: the header is not CSV ({exc})") from None
    problem = fmt.header_problem(header, expected)
    if problem:
        problem = problem.replace("\n", " ").replace("\r", " ")
        raise ClinicsError(f"{name}: not the {what} header: {problem}")


def _parse(text: str) -> list[str]:
    return next(csv.reader((text,), strict=True))


# ---- practice locations -----------------------------------------------------------------


class LocationIndex:
    """NPI -> its rows in pl_pfile, through sorted arrays of NPIs and byte offsets."""

    def __init__(self, path: Path) -> None:
        self.path = path
        npis, offsets = array("q"), array("q")
        self.unreadable = 0
        with open(path, "rb", buffering=READ_BUFFER) as handle:
            _read_header(handle, str(path), fmt.LOCATION_COLUMNS, "NPPES practice-locations")
            offset = handle.tell()
            for line in handle:
                npi = _leading_npi(line)
                if npi is None:
                    self.unreadable += 1
                else:
                    npis.append(npi)
                    offsets.append(offset)
                offset += len(line)
        order = sorted(range(len(npis)), key=npis.__getitem__)
        self.npis = array("q", (npis[i] for i in order))
        self.offsets = array("q", (offsets[i] for i in order))
        del order
        self._handle = open(path, "rb")  # noqa: SIM115

    def __len__(self) -> int:
        return len(self.npis)

    def rows(self, npi: str) -> list[list[str]]:
        try:
            key = int(npi)
        except ValueError:
            return []
        start = bisect.bisect_left(self.npis, key)
        rows = []
        for position in range(start, len(self.npis)):
            if self.npis[position] != key:
                break
            self._handle.seek(self.offsets[position])
            line = self._handle.readline().decode(fmt.ENCODING)
            try:
                row = _parse(line)
            except csv.Error:
                continue
            if len(row) == len(fmt.LOCATION_COLUMNS):
                rows.append(row)
        return rows

    def reopen(self) -> None:
        """A handle of its own (a forked worker's: the inherited one shares its offset)."""
        self._handle = open(self.path, "rb")  # noqa: SIM115

    def close(self) -> None:
        self._handle.close()


def _leading_npi(line: bytes) -> int | None:
    if line[:1] == b'"' and line[11:13] == b'",' and line[1:11].isdigit():
        return int(line[1:11])
    head = line.split(b",", 1)[0].strip().strip(b'"')
    return int(head) if head.isdigit() else None


# ---- rows to records --------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)  # about 7,300 days in twenty years: dates repeat
def _iso_date(text: str) -> str | None:
    """'05/23/2005' -> '2005-05-23'; None when it is not such a date."""
    text = text.strip()
    if len(text) != 10 or text[2] != "/" or text[5] != "/":
        return None
    month, day, year = text[:2], text[3:5], text[6:]
    if not (month.isdigit() and day.isdigit() and year.isdigit()):
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def is_deactivated(row: list[str]) -> bool:
    """Deactivated and not reactivated since (a stub row has only the deactivation date)."""
    deactivated = _iso_date(row[fmt.DEACTIVATION_DATE])
    if not deactivated and not row[fmt.DEACTIVATION_DATE].strip():
        return False
    reactivated = _iso_date(row[fmt.REACTIVATION_DATE])
    return not (reactivated and deactivated and reactivated >= deactivated)


def taxonomy_codes(row: list[str]) -> list[str]:
    return [row[i].strip() for i in fmt.TAXONOMY_CODES if row[i].strip()]


def row_provider(row: list[str], descriptions: dict[str, str] | None = None) -> Provider:
    """The neutral NPPES shape (crawler.pages.nppes) of one main-file row."""
    organization = row[fmt.ENTITY_TYPE].strip() == fmt.ENTITY_ORGANIZATION
    taxonomies = []
    for position in fmt.TAXONOMY_CODES:
        code = row[position].strip()
        if code:
            taxonomies.append(
                Taxonomy(
                    code=code,
                    desc=(descriptions or {}).get(code),
                    license=row[position + 1],
                    state=row[position + 2],
                    primary=row[position + 3].strip() == "Y",
                )
            )
    return Provider(
        number=row[fmt.NPI],
        organization=organization,
        organization_name=row[fmt.ORGANIZATION_NAME],
        name_prefix=row[fmt.NAME_PREFIX],
        first_name=row[fmt.FIRST_NAME],
        middle_name=row[fmt.MIDDLE_NAME],
        last_name=row[fmt.LAST_NAME],
        name_suffix=row[fmt.NAME_SUFFIX],
        credential=row[fmt.CREDENTIAL],
        taxonomies=taxonomies,
        enumeration_type="NPI-2" if organization else "NPI-1",
        created=_iso_date(row[fmt.ENUMERATION_DATE]),
        last_updated=_iso_date(row[fmt.LAST_UPDATE]),
        status="A",  # deactivated NPIs are left out before this
    )


def row_location(row: list[str]) -> Location:
    a = fmt.PRACTICE_ADDRESS
    return Location(
        address_1=row[a],
        address_2=row[a + 1],
        city=row[a + 2],
        state=row[a + 3],
        postal_code=row[a + 4],
        country_code=row[a + 5],
        phone=row[a + 6],
        fax=row[a + 7],
    )


def practice_location(row: list[str]) -> Location:
    """One pl_pfile row (NPI, street 1 and 2, city, state, ZIP, country, phone, ext, fax)."""
    return Location(
        address_1=row[1],
        address_2=row[2],
        city=row[3],
        state=row[4],
        postal_code=row[5],
        country_code=row[6],
        phone=row[7],
        phone_ext=row[8],
        fax=row[9],
    )


def row_records(
    row: list[str],
    locations: LocationIndex | None = None,
    *,
    descriptions: dict[str, str] | None = None,
    api_url: str = DEFAULT_API_URL,
) -> list[dict[str, Any]]:
    """The raw records (before the pipelines) of one main-file row: one per location."""
    places = [row_location(row)]
    if locations is not None:
        places += [practice_location(r) for r in locations.rows(row[fmt.NPI])]
    return location_records(row_provider(row, descriptions), places, api_url=api_url)


def load_descriptions(path: Path) -> dict[str, str]:
    """NUCC code -> "Classification, Specialization" (as the NPI API words `desc`), from
    the NUCC code set CSV (columns Code, Classification, Specialization)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"Code", "Classification"} - set(reader.fieldnames or ())
            if missing:
                raise ClinicsError(
                    f"{path}: not the NUCC taxonomy CSV (no {', '.join(sorted(missing))} column)"
                )
            out = {}
            for row in reader:
                code = (row.get("Code") or "").strip().upper()
                label = (row.get("Classification") or "").strip()
                special = (row.get("Specialization") or "").strip()
                if code and label:
                    out[code] = f"{label}, {special}" if special else label
            return out
    except OSError as exc:
        raise ClinicsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (csv.Error, UnicodeError) as exc:
        raise ClinicsError(f"{path}: not the NUCC taxonomy CSV ({exc})") from None


# ---- scope -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def codes_in_scope(codes: tuple[str, ...]) -> bool:
    """True when the provider types and conditions that these source codes map to put a
    record in scope. Classification only adds to those (a record's words never take a
    behavioral-health provider type or condition away; `psychotherapist` gives way only to
    a licensed clinician type), so such a record is in scope whatever its words say."""
    types: list[str] = []
    conditions: list[str] = []
    for code in codes:
        mapping = source_code_mapping(code)
        if mapping is not None:
            types += mapping.provider_types
            conditions += mapping.conditions
    return scope_reason({F.PROVIDER_TYPES: types, F.CONDITIONS: conditions}) is None


class ProviderScope:
    """The crawl's scope rule for one cleaned NPPES record, without classifying most of them.

    A record whose taxonomy codes put it in scope is kept (`codes_in_scope`); the others
    (anesthesia codes only) are classified the crawl's way, on a copy of what
    classification reads, and kept when their words put them in scope (a ketamine clinic's
    name). A provider's records share those fields, so the answer serves its next record.
    """

    def __init__(self) -> None:
        self._last: tuple[Any, str | None] = (None, None)

    def __call__(self, record: dict[str, Any]) -> str | None:
        codes = record.get(F.SOURCE_CODES) or ()
        if codes_in_scope(tuple(codes)):
            return None
        scratch = {k: v for k, v in record.items() if k in _CLASSIFIED_FIELDS}
        key = repr(scratch)
        if self._last[0] == key:
            return self._last[1]
        enrich.classify_record(scratch)
        reason = scope_reason(scratch)
        self._last = (key, reason)
        return reason


# What classification reads of a record (clinics.enrich): its words and its source codes.
_CLASSIFIED_FIELDS = frozenset(
    {*enrich.TEXT_FIELDS, F.SOURCE_CODES, F.SOURCE_URL, F.WEBSITE, F.FETCHED_AT, F.PROVIDER_TYPES}
)


# ---- the import -------------------------------------------------------------------------


def import_nppes(
    path: str | Path,
    output: str | Path,
    *,
    locations: str | Path | None = None,
    taxonomy_file: str | Path | None = None,
    optout_file: str | None = None,
    api_url: str = DEFAULT_API_URL,
    fetched_at: datetime | None = None,
    workers: int = 1,
) -> NppesResult:
    """Stream one NPPES file into crawl-format JSONL at `output` (see the module docstring).

    `workers` > 1: that many worker processes scan, parse, map and clean the blocks of the
    file (forked; where fork is not available, one process does it all)."""
    started = time.monotonic()
    path, output = Path(path), Path(output)
    descriptions = load_descriptions(Path(taxonomy_file)) if taxonomy_file else None
    result = NppesResult()
    with open_input(path, Path(locations) if locations else None) as source:
        _read_header(source.stream, source.name, fmt.MAIN_COLUMNS, "NPPES")
        as_of = fetched_at or source.as_of or _mtime(path)
        stamp = as_of.astimezone(UTC).isoformat(timespec="seconds")
        index = LocationIndex(source.locations) if source.locations else None
        result.practice_locations_indexed = len(index) if index else 0
        sink = RecordSink(
            SOURCE,
            output,
            optout_file=optout_file,
            duplicates=False,  # one row per NPI: ids are unique by construction
            dead_letter_reasons=frozenset({"invalid_record"}),
            input_name=source.name,
            enrich=False,  # classification and geocoding are the indexer's (module docstring)
            scope=ProviderScope(),
            fetched_at=stamp,
        )
        try:
            pool = None
            if workers > 1 and _can_fork():
                state = (index, descriptions, api_url, stamp, source.path)
                pool = _Workers(workers, sink, result, state)
            try:
                _read_rows(source, sink, result, index, descriptions, api_url, stamp, pool)
            finally:
                if pool is not None:
                    pool.close()
        except BaseException:
            sink.abort()
            raise
        finally:
            if index is not None:
                index.close()
    result.records = sink.written
    result.records_validated = sink.validated
    result.seconds = time.monotonic() - started
    unreadable = result.rows_dropped.get(UNREADABLE, 0)
    result.summary = sink.finish(
        {
            "importer": "nppes",
            "fetched_at": stamp,
            "locations_file": str(source.locations) if source.locations else None,
            "practice_locations_indexed": result.practice_locations_indexed,
            "rows_read": result.rows_read,
            "rows_kept": result.rows_kept,
            "rows_dropped": dict(result.rows_dropped.most_common()),
            "duration_s": round(result.seconds, 3),
            "rows_per_s": round(result.rows_read / result.seconds, 1) if result.seconds else None,
            # A full import lets the indexer remove this source's records it no longer holds.
            "full": not unreadable,
            "partial_because": [f"{unreadable} unreadable rows"] if unreadable else [],
        }
    )
    return result


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def _chunks(stream: IO[bytes], size: int | None = None) -> Iterator[bytes]:
    """The stream in blocks of whole lines (each block ends with a line end)."""
    size = size or CHUNK_BYTES
    rest = b""
    while True:
        block = stream.read(size)
        if not block:
            if rest.strip():
                yield rest if rest.endswith(b"\n") else rest + b"\n"
            return
        if rest:
            block = rest + block
        cut = block.rfind(b"\n") + 1
        if not cut:
            if len(block) > MAX_LINE_BYTES:
                raise ClinicsError(_LONG_LINE)
            rest = block
            continue
        rest = block[cut:]
        yield block if cut == len(block) else block[:cut]


_LONG_LINE = f"a line longer than {MAX_LINE_BYTES >> 20} MB: not the NPPES CSV"


def _ranges(fd: int, start: int, size: int | None = None) -> Iterator[tuple[int, int]]:
    """(offset, length) of the blocks of whole lines of the file open as `fd`, from `start`
    (after the header) to its end: each about CHUNK_BYTES long, its end found by a short
    read at the nominal end (the block itself is not read here)."""
    end_of_file = os.fstat(fd).st_size
    size = size or CHUNK_BYTES
    offset = start
    while offset < end_of_file:
        nominal = offset + size
        if nominal >= end_of_file:
            yield offset, end_of_file - offset
            return
        probe = nominal - 1  # a line end right before the nominal end ends this block
        while True:
            window = os.pread(fd, PROBE_BYTES, probe)
            found = window.find(b"\n")
            if found >= 0:
                stop = probe + found + 1
                break
            probe += len(window)
            if probe - nominal > MAX_LINE_BYTES:
                raise ClinicsError(_LONG_LINE)
            if not window or probe >= end_of_file:
                stop = end_of_file
                break
        yield offset, stop - offset
        offset = stop


def _read_block(fd: int, offset: int, length: int) -> bytes:
    """One block of `_ranges` (as `_chunks` gives it: a last line without its line end
    gets one, a last line of blanks only is left out)."""
    chunk = os.pread(fd, length, offset)
    while len(chunk) < length:  # a short read: a regular file gives it only at its end
        more = os.pread(fd, length - len(chunk), offset + len(chunk))
        if not more:
            break
        chunk += more
    if chunk and not chunk.endswith(b"\n"):
        cut = chunk.rfind(b"\n") + 1
        chunk = chunk + b"\n" if chunk[cut:].strip() else chunk[:cut]
    return chunk


def _candidates(chunk: bytes) -> Iterator[tuple[int, bytes]]:
    """(offset, line) of each line of `chunk` that holds a mapped NUCC code, quoted.

    Taxonomy codes are the only values that end in X followed by the closing quote, and a
    line has one to three of them: the regex engine jumps from one `X"` to the next and
    looks at the ten characters before it (`_MAPPED_CODE_END`, all in C); the line is cut
    out only on a hit, and the search goes on from the next line.
    """
    search = _MAPPED_CODE_END.search
    find, rfind = chunk.find, chunk.rfind
    match = search(chunk)
    while match is not None:
        end = match.start() + 1
        start = rfind(b"\n", 0, end) + 1
        stop = find(b"\n", end) + 1 or len(chunk)  # or a last line without its end
        yield start, chunk[start:stop]
        match = search(chunk, stop)


def _read_rows(
    source: _Input,
    sink: RecordSink,
    result: NppesResult,
    index: LocationIndex | None,
    descriptions: dict[str, str] | None,
    api_url: str,
    stamp: str,
    pool: _Workers | None = None,
) -> None:
    bar = progress(source.size, "B", "nppes", unit_scale=True)
    try:
        if pool is not None:
            pool.run(source, bar)
            return
        fd = source.stream.fileno() if source.path is not None else None
        last = 0
        for task, done in _block_tasks(source):
            counts = _take_block(
                _block(task, fd), sink, index, descriptions, api_url, stamp, result.rows_read + 2
            )
            _add_counts(result, *counts)
            bar.update(done - last)
            last = done
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ClinicsError(
            f"{source.name}: damaged or truncated after {result.rows_read:,} rows ({exc})"
        ) from None
    finally:
        bar.close()


def _block_tasks(source: _Input) -> Iterator[tuple[bytes | tuple[int, int], int]]:
    """(task, bytes of the file done once it is written) for each block of `source`: a
    plain CSV's blocks as (offset, length), read where they are taken (`_block`); a zip
    member's, one compressed stream, as the bytes themselves."""
    if source.path is not None:
        for offset, length in _ranges(source.stream.fileno(), source.stream.tell()):
            yield (offset, length), offset + length
    else:
        for chunk in _chunks(source.stream):
            yield chunk, source.position()


def _block(task: bytes | tuple[int, int], fd: int | None) -> bytes:
    """The bytes of one task of `_block_tasks`, read from `fd` when it is an offset."""
    if isinstance(task, bytes):
        return task
    assert fd is not None
    return _read_block(fd, *task)


def _add_counts(result: NppesResult, kept: int, dropped: Counter[str], lines: int) -> None:
    result.rows_read += lines
    result.rows_kept += kept
    result.rows_dropped.update(dropped)


def _take_block(
    chunk: bytes,
    sink: RecordSink,
    index: LocationIndex | None,
    descriptions: dict[str, str] | None,
    api_url: str,
    stamp: str,
    first_line: int,
) -> tuple[int, Counter[str], int]:
    """The rows of one block of whole lines (steps 1 to 3): (kept, dropped by reason, lines).

    `first_line` is the number given to the block's first line in dead letters: its line
    number in the file, or 1 in a worker (the main process adds the lines before it)."""
    dropped: Counter[str] = Counter()
    lines = chunk.count(b"\n")
    stubs = len(_STUB.findall(chunk)) + (1 if _STUB_AT_START.match(chunk) else 0)
    candidates = kept = 0
    for offset, raw in _candidates(chunk):
        candidates += 1
        reason = _take_row(raw, sink, index, descriptions, api_url, stamp)
        if reason is None:
            kept += 1
            continue
        dropped[reason] += 1
        if reason == UNREADABLE:  # the line number only when it is needed
            line_no = first_line + chunk.count(b"\n", 0, offset)
            sink.unreadable(UNREADABLE, _unreadable_detail(raw), line=line_no, raw=_text(raw))
    if stubs:
        dropped[DEACTIVATED] += stubs
    skipped = lines - candidates - stubs
    if skipped:
        dropped[NO_TAXONOMY] += skipped
    return kept, dropped, lines


def _text(raw: bytes) -> str:
    return raw.decode(fmt.ENCODING)


def _unreadable_detail(raw: bytes) -> str:
    try:
        row = _parse(_text(raw))
    except csv.Error as exc:
        return f"not CSV: {exc}"
    if len(row) != len(fmt.MAIN_COLUMNS):
        return (
            f"{len(row)} columns, expected {len(fmt.MAIN_COLUMNS)} "
            "(a line break inside a value, or a cut line)"
        )
    entity = row[fmt.ENTITY_TYPE].strip()
    return f"Entity Type Code {entity!r} is neither 1 (individual) nor 2 (organization)"


def _take_row(
    raw: bytes,
    sink: RecordSink,
    index: LocationIndex | None,
    descriptions: dict[str, str] | None,
    api_url: str,
    stamp: str,
) -> str | None:
    """Parse one candidate line and write its records: None when kept, else the reason."""
    try:
        row = _parse(_text(raw))
    except csv.Error:
        return UNREADABLE
    if len(row) != len(fmt.MAIN_COLUMNS):
        return UNREADABLE
    if is_deactivated(row):
        return DEACTIVATED
    if not has_mapped_taxonomy(taxonomy_codes(row)):
        return NO_TAXONOMY
    if row[fmt.ENTITY_TYPE].strip() not in (fmt.ENTITY_INDIVIDUAL, fmt.ENTITY_ORGANIZATION):
        return UNREADABLE
    first_reason = None
    written = False
    for record in row_records(row, index, descriptions=descriptions, api_url=api_url):
        record[F.FETCHED_AT] = stamp
        reason = sink.process(record)
        if reason is None:
            written = True
        elif first_reason is None:
            first_reason = reason
    return None if written else (first_reason or "no_record")


# ---- worker processes ---------------------------------------------------------------------


def default_workers() -> int:
    """The command's default: one worker per CPU this process may use, at most MAX_WORKERS."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count() or 1
    return max(1, min(usable, MAX_WORKERS))


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def _worker_errors() -> Iterator[None]:
    """A worker's death or failure as one ClinicsError line (no traceback)."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield
    except BrokenProcessPool:
        raise ClinicsError(
            "a worker process ended unexpectedly (killed, or out of memory)"
        ) from None
    except ClinicsError:
        raise
    except Exception as exc:
        raise ClinicsError(
            f"a worker process failed: {type(exc).__name__}: {exc}".replace("\n", " ")
        ) from None


class _Workers:
    """Worker processes forked from this one, each given one block of the file at a time
    (its offset and length; a zip member's blocks themselves); their results are written
    through `sink` in the order of the blocks."""

    def __init__(
        self, count: int, sink: RecordSink, result: NppesResult, state: tuple[Any, ...]
    ) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.sink, self.result = sink, result
        self.pending: deque[tuple[Any, int]] = deque()  # (future, bytes done when written)
        self.limit = count * BATCHES_PER_WORKER
        self.bar: Any = None
        self.shown = 0
        sink.flush()  # nothing of this process's buffers is copied into a worker
        # Ctrl-C (the terminal sends it to every process of the group): workers ignore it
        # (_worker_start) and this process only notes it, then stops at the next block it
        # hands out or writes (`_check`). A KeyboardInterrupt raised anywhere else could
        # land inside the executor's own locking and leave its shutdown waiting forever.
        # The note is taken from before the fork, so no Ctrl-C is lost.
        self.interrupted = False
        self.previous: Any = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._interrupt)
        gc.freeze()  # the modules' objects stay shared: a worker's collections skip them
        try:
            self.pool = ProcessPoolExecutor(
                count,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_start,
                initargs=(os.getpid(), sink, *state),
            )
            self.pool.submit(int).result()  # fork them now, before any thread starts
        except BaseException:
            self.close()
            raise
        finally:
            gc.unfreeze()

    def _interrupt(self, signum: int, frame: Any) -> None:
        self.interrupted = True

    def _check(self) -> None:
        if self.interrupted:
            raise KeyboardInterrupt

    def run(self, source: _Input, bar: Any) -> None:
        """Hand out the blocks of `source`, write the results in order, update `bar`."""
        self.bar = bar
        for task, done in _block_tasks(source):  # a worker reads a plain CSV's block itself
            self.submit(task, done)
        self.drain()

    def submit(self, task: bytes | tuple[int, int], done: int) -> None:
        self._check()
        with _worker_errors():  # a pool broken by a dead worker refuses new batches too
            self.pending.append((self.pool.submit(_work, task), done))
        while len(self.pending) >= self.limit:
            self._write(*self.pending.popleft())

    def drain(self) -> None:
        while self.pending:
            self._write(*self.pending.popleft())

    def _write(self, future: Any, done: int) -> None:
        with _worker_errors():
            kept, dropped, lines, batch = future.result()
        self._check()
        # A worker numbers its block's lines from 1: the header and the lines before it
        before = self.result.rows_read + 1
        for _reason, fields in batch.dead:
            if fields.get("line") is not None:
                fields["line"] += before
        self.sink.add(batch)
        _add_counts(self.result, kept, dropped, lines)
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        """Stop the workers (the batches not started are dropped) and wait for them."""
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if getattr(self, "previous", None) is not None:
            signal.signal(signal.SIGINT, self.previous)  # Ctrl-C raises again from here on
            self.previous = None


_WORKER: dict[str, Any] = {}


def _worker_start(
    parent: int,
    sink: RecordSink,
    index: LocationIndex | None,
    descriptions: dict[str, str] | None,
    api_url: str,
    stamp: str,
    main_file: Path | None,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process stops the workers
    _end_with(parent)
    if index is not None:
        index.reopen()
    _WORKER.update(
        sink=sink.in_memory(),
        state=(index, descriptions, api_url, stamp),
        # a descriptor of its own (pread does not move the shared one's offset, but this
        # one stays valid whatever the main process does with its own)
        fd=os.open(main_file, os.O_RDONLY) if main_file is not None else None,
    )


def _end_with(parent: int) -> None:
    """Linux: this worker gets SIGTERM when the main process ends, however it ends."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)


def _work(task: bytes | tuple[int, int]) -> tuple[int, Counter[str], int, SinkBatch]:
    """A worker's part: one block (read here from its offset and length, or given), as
    _read_rows takes it in one process; its lines numbered from 1 in dead letters."""
    sink = _WORKER["sink"]
    index, descriptions, api_url, stamp = _WORKER["state"]
    chunk = _block(task, _WORKER["fd"])
    kept, dropped, lines = _take_block(chunk, sink, index, descriptions, api_url, stamp, 1)
    return kept, dropped, lines, sink.take()
