"""`clinics import table FILE --source NAME`: a directory's CSV or XLSX export to records.

The mapping crawler/sources/tables/NAME.yaml (crawler.bulk.table_config) says which columns
fill which fields. Each row becomes one raw record that goes through the crawl's pipelines
(crawler.bulk.records): strings cleaned, phones to E.164 with their extension, addresses
split and normalized, the source's coordinates checked and marked `source`, codes and
their evidence from the source codes and the record's words, scope, validation. Every row
is accounted for: written, or dead-lettered with the reason (`unreadable_row` for a row
the file itself breaks, `invalid_record`, `out_of_scope`, `duplicate`), or counted as
opted out.
"""

from __future__ import annotations

import csv
import hashlib
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from clinics import fields as F
from clinics.errors import ClinicsError, UsageError
from crawler.bulk.records import RecordSink, progress
from crawler.bulk.table_config import (
    ColumnSpec,
    TableMapping,
    available,
    load_mapping,
    mapping_path,
)
from crawler.directory_config import BOOL_FIELDS, LIST_FIELDS, ConfigError

UNREADABLE = "unreadable_row"
DEFAULT_OUTPUT_DIR = Path("data/import")


@dataclass
class TableResult:
    rows_read: int = 0
    rows_kept: int = 0
    blank_rows: int = 0
    rows_dropped: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"{self.rows_read:,} rows read in {self.seconds:.1f} s: {self.rows_kept:,} records "
            f"written to {self.summary.get('output')}"
        ]
        if self.rows_dropped:
            out.append(
                "rows dropped: "
                + ", ".join(f"{k} {v:,}" for k, v in self.rows_dropped.most_common())
            )
        dead = self.summary.get("dead_letters") or {}
        if dead:
            counts = ", ".join(f"{k} {v:,}" for k, v in dead.items())
            out.append(f"dead letters: {counts} in {self.summary.get('dead_letter_file')}")
        issues = self.summary.get("field_issues") or {}
        if issues:
            out.append(
                "values dropped while cleaning (kept in field_issues): "
                + ", ".join(f"{k} {v:,}" for k, v in issues.items())
            )
        out.append(f"summary: {self.summary.get('summary_file')}")
        return out


class RowError(ValueError):
    """A row that cannot become a record; str() is the reason."""


# ---- reading ------------------------------------------------------------------------------


def _kind_of_file(path: Path, mapping: TableMapping) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise ClinicsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not head:
        raise ClinicsError(f"{path}: empty file (no header)")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if b"\x00" in head:
        raise ClinicsError(f"{path}: a binary file, neither CSV nor XLSX")
    if mapping.format == "xlsx" or path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ClinicsError(f"{path}: not an XLSX file (no zip signature)")
    return "csv"


def _csv_rows(path: Path, mapping: TableMapping) -> Iterator[tuple[int, list[Any]]]:
    """(line number, values), the header first."""
    with open(path, encoding=mapping.encoding, newline="") as handle:
        reader = csv.reader(handle)
        try:
            for values in reader:
                yield reader.line_num, values
        except UnicodeDecodeError as exc:
            raise ClinicsError(
                f"{path}: not {mapping.encoding} text after line {reader.line_num} ({exc.reason}); "
                "set file.encoding in the mapping"
            ) from None
        except csv.Error as exc:
            raise ClinicsError(f"{path}: not CSV at line {reader.line_num} ({exc})") from None


def _xlsx_rows(
    path: Path, mapping: TableMapping, sheet: str | None
) -> Iterator[tuple[int, list[Any]]]:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ClinicsError(f"{path}: not a readable XLSX file ({exc})") from None
    try:
        name = sheet or mapping.sheet
        if name:
            if name not in book.sheetnames:
                raise ClinicsError(
                    f"{path}: no sheet {name!r} (sheets: {', '.join(book.sheetnames)})"
                )
            worksheet = book[name]
        else:
            worksheet = book.worksheets[0]
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        book.close()


def _cell(value: Any) -> str:
    """One cell as text: numbers without a spurious '.0', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


# ---- one row to one raw record ------------------------------------------------------------


class RowMapper:
    """Turns one row (column -> cell) into a raw record dict, as the mapping says."""

    def __init__(self, mapping: TableMapping) -> None:
        self.mapping = mapping
        self.placeholders = mapping.placeholders
        self.stamp = mapping.published.isoformat(timespec="seconds")
        self._split = {}
        for spec in (*mapping.fields, *mapping.extras):
            if spec.split:
                self._split[spec.name] = re.compile(spec.split)
        self._codes_split = {
            code.column: re.compile(code.split) for code in mapping.codes if code.split
        }

    def text(self, row: dict[str, Any], column: str) -> str:
        value = _cell(row.get(column))
        return "" if value in self.placeholders else value

    def value(self, row: dict[str, Any], spec: ColumnSpec) -> str:
        parts = []
        for position, column in enumerate(spec.columns):
            part = self.text(row, column)
            width = spec.pad[position] if position < len(spec.pad) else 0
            if width and part.isdigit() and len(part) < width:
                part = part.zfill(width)
            parts.append(part)
        if spec.pick == "first":
            return next((part for part in parts if part), "")
        return spec.join.join(part for part in parts if part)

    def shaped(self, spec: ColumnSpec, text: str) -> Any:
        if spec.name in BOOL_FIELDS:
            return bool(re.search(spec.match or "", text, re.IGNORECASE)) if text else None
        if spec.name in LIST_FIELDS or spec.name in self._split:
            if not text:
                return []
            pattern = self._split.get(spec.name)
            items = pattern.split(text) if pattern else [text]
            return [item.strip() for item in items if item.strip()]
        return text or None

    def record(self, row: dict[str, Any], line: int) -> dict[str, Any]:
        mapping = self.mapping
        ref = self.value(row, mapping.source_ref)
        if not ref:
            raise RowError(f"no source_ref: {', '.join(mapping.source_ref.columns)} empty")
        if mapping.hash_ref:
            ref = hashlib.sha1(
                "\x1f".join(self.text(row, c) for c in mapping.source_ref.columns).encode()
            ).hexdigest()[:16]
        record: dict[str, Any] = {F.SOURCE_REF: ref, F.FETCHED_AT: self.stamp}
        if mapping.url:
            record[F.SOURCE_URL] = mapping.url
        if mapping.kind:
            record[F.KIND] = mapping.kind
        for spec in mapping.fields:
            shaped = self.shaped(spec, self.value(row, spec))
            if shaped not in (None, []):
                record[spec.name] = shaped
        codes = list(mapping.constants.get(F.SOURCE_CODES) or [])
        for code in mapping.codes:
            text = self.text(row, code.column)
            pattern = self._codes_split.get(code.column)
            for item in pattern.split(text) if pattern else [text]:
                if item.strip():
                    codes.append(f"{code.prefix}{item.strip()}")
        if codes:
            record[F.SOURCE_CODES] = list(dict.fromkeys(codes))
        for name, constant in mapping.constants.items():
            if name != F.SOURCE_CODES:
                record.setdefault(name, constant)
        extras: dict[str, Any] = {"table_row": line}
        for spec in mapping.extras:
            shaped = self.shaped(spec, self.value(row, spec))
            if shaped not in (None, []):
                extras[spec.name] = shaped
        record[F.EXTRAS] = extras
        return record


# ---- the import ---------------------------------------------------------------------------


def resolve_mapping(name: str, directory: Path | None = None) -> TableMapping:
    try:
        path = mapping_path(name, directory)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if not path.is_file():
        known = ", ".join(available(directory)) or "none"
        raise UsageError(f"unknown table source {name!r} (known: {known})")
    try:
        return load_mapping(path)
    except ConfigError as exc:
        raise ClinicsError(str(exc)) from None


def _check_header(path: Path, mapping: TableMapping, header: list[str]) -> None:
    present = set(header)
    for column in mapping.columns():
        if column not in present:
            shown = ", ".join(repr(h) for h in header[:12]) + (" ..." if len(header) > 12 else "")
            raise ClinicsError(
                f"{path}: not the {mapping.name} layout: no column {column!r} "
                f"(the header has {shown})"
            )


def import_table(
    file: str | Path,
    source: str,
    output: str | Path | None = None,
    *,
    sheet: str | None = None,
    mappings_dir: Path | None = None,
    optout_file: str | None = None,
) -> TableResult:
    started = time.monotonic()
    path = Path(file)
    mapping = resolve_mapping(source, mappings_dir)
    output = Path(output) if output else DEFAULT_OUTPUT_DIR / f"{mapping.name}.jsonl"
    if not path.is_file():
        raise ClinicsError(f"{path}: no such file")
    kind = _kind_of_file(path, mapping)
    rows = _xlsx_rows(path, mapping, sheet) if kind == "xlsx" else _csv_rows(path, mapping)
    header: list[str] | None = None
    for _line, values in rows:
        cells = [_cell(v) for v in values]
        if any(cells):
            header = [c.lstrip("\ufeff") for c in cells]
            break
    if header is None:
        raise ClinicsError(f"{path}: empty file (no header)")
    _check_header(path, mapping, header)
    mapper = RowMapper(mapping)
    result = TableResult()
    sink = RecordSink(
        mapping.source, output, optout_file=optout_file, duplicates=True, input_name=str(path)
    )
    bar = progress(None, "row", mapping.name)
    try:
        for line, values in rows:
            if not any(_cell(v) for v in values):
                result.blank_rows += 1
                continue
            result.rows_read += 1
            bar.update(1)
            reason = _take(mapper, sink, header, values, line, kind)
            if reason is None:
                result.rows_kept += 1
            else:
                result.rows_dropped[reason] += 1
    except BaseException:
        sink.abort()
        raise
    finally:
        bar.close()
    result.seconds = time.monotonic() - started
    unreadable = result.rows_dropped.get(UNREADABLE, 0)
    result.summary = sink.finish(
        {
            "importer": "table",
            "mapping": str(mapping.path),
            "title": mapping.title,
            "provenance": {k: str(v) for k, v in mapping.provenance.items()},
            "fetched_at": mapper.stamp,
            "rows_read": result.rows_read,
            "rows_kept": result.rows_kept,
            "rows_dropped": dict(result.rows_dropped.most_common()),
            "blank_rows": result.blank_rows,
            "duration_s": round(result.seconds, 3),
            "full": not unreadable,
            "partial_because": [f"{unreadable} unreadable rows"] if unreadable else [],
        }
    )
    return result


def _take(
    mapper: RowMapper,
    sink: RecordSink,
    header: list[str],
    values: list[Any],
    line: int,
    kind: str,
) -> str | None:
    if kind == "csv" and len(values) != len(header):
        sink.unreadable(
            UNREADABLE,
            f"{len(values)} values, the header has {len(header)} columns",
            line=line,
            raw=",".join(_cell(v) for v in values),
        )
        return UNREADABLE
    row = dict(zip(header, values, strict=False))
    try:
        record = mapper.record(row, line)
    except RowError as exc:
        sink.unreadable(UNREADABLE, str(exc), line=line, raw=",".join(_cell(v) for v in values))
        return UNREADABLE
    return sink.process(record, line=line)
