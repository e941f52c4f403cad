"""Table mappings: crawler/sources/tables/<name>.yaml read and checked.

A mapping says how one public directory's CSV or XLSX export becomes records, so a
maintainer adds a directory export without Python: the source's name, URL and date (the
date is every record's `fetched_at`), the file's format, which columns fill which record
fields (one column, or several joined, or the first that is not empty), constants, extras,
and the source codes to read from columns (clinics.taxonomy.sources). docs/sources.md
describes the format; a bad mapping fails with one line naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from clinics import fields as F
from crawler.directory_config import BOOL_FIELDS, LIST_FIELDS, TEXT_FIELDS, ConfigError

FORMATS = ("csv", "xlsx")
MAPPABLE_FIELDS = LIST_FIELDS | BOOL_FIELDS | TEXT_FIELDS
CONSTANT_FIELDS = MAPPABLE_FIELDS | {F.KIND, F.SOURCE_CODES}
FIELD_OPTIONS = {"column", "columns", "join", "pick", "pad", "split", "match"}
DEFAULT_PLACEHOLDERS = ("", "NA", "N/A", "n/a", "NULL", "null", "None", "-", "--")


@dataclass(frozen=True)
class ColumnSpec:
    """How one field's value is made from columns."""

    name: str
    columns: tuple[str, ...]
    join: str = " "
    pick: str | None = None  # "first": the first non-empty column instead of joining
    pad: tuple[int, ...] = ()  # zero-pad digit-only values to these widths, per column
    split: str | None = None  # regex splitting the value into a list
    match: str | None = None  # regex: a yes/no field is true when it matches


@dataclass(frozen=True)
class CodeSpec:
    """Source codes read from one column: `prefix` + each value (split by `split`)."""

    column: str
    prefix: str
    split: str | None = None


@dataclass(frozen=True)
class TableMapping:
    name: str
    path: Path
    title: str
    source: str
    url: str | None
    published: datetime
    provenance: dict[str, Any]
    format: str | None
    encoding: str
    sheet: str | None
    source_ref: ColumnSpec
    hash_ref: bool
    fields: tuple[ColumnSpec, ...]
    extras: tuple[ColumnSpec, ...]
    constants: dict[str, Any]
    codes: tuple[CodeSpec, ...]
    placeholders: frozenset[str]
    kind: str | None = None

    def columns(self) -> list[str]:
        """Every column the mapping reads, in first-use order."""
        names: list[str] = []
        for spec in (self.source_ref, *self.fields, *self.extras):
            names.extend(spec.columns)
        names.extend(code.column for code in self.codes)
        return list(dict.fromkeys(names))


def _fail(path: Path, key: str, message: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {message}")


def _regex(path: Path, key: str, pattern: Any) -> str | None:
    if pattern is None:
        return None
    try:
        re.compile(str(pattern))
    except re.error as exc:
        raise _fail(path, key, f"bad regex: {exc}") from None
    return str(pattern)


def _column_spec(path: Path, key: str, name: str, raw: Any) -> ColumnSpec:
    if isinstance(raw, str):
        raw = {"column": raw}
    if isinstance(raw, list):
        raw = {"columns": raw}
    if not isinstance(raw, dict):
        raise _fail(path, key, "must be a column name, a list of columns or a mapping")
    unknown = set(raw) - FIELD_OPTIONS
    if unknown:
        raise _fail(path, key, f"unknown option {sorted(unknown)[0]!r}")
    columns = raw.get("columns", [raw["column"]] if "column" in raw else [])
    if isinstance(columns, str):
        columns = [columns]
    if not columns or not all(isinstance(c, str) and c for c in columns):
        raise _fail(path, key, "needs a column or a list of columns")
    pick = raw.get("pick")
    if pick not in (None, "first"):
        raise _fail(path, f"{key}.pick", "must be 'first'")
    pad = raw.get("pad", ())
    if isinstance(pad, int):
        pad = [pad] * len(columns)
    if not isinstance(pad, list | tuple) or not all(isinstance(p, int) and p >= 0 for p in pad):
        raise _fail(path, f"{key}.pad", "must be a width or a list of widths")
    if name in BOOL_FIELDS and not raw.get("match"):
        raise _fail(path, key, "a yes/no field needs a 'match' regex")
    return ColumnSpec(
        name=name,
        columns=tuple(columns),
        join=str(raw.get("join", " ")),
        pick=pick,
        pad=tuple(pad),
        split=_regex(path, f"{key}.split", raw.get("split")),
        match=_regex(path, f"{key}.match", raw.get("match")),
    )


def _published(path: Path, raw: Any) -> datetime:
    if isinstance(raw, datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=UTC)
    if isinstance(raw, date):
        return datetime(raw.year, raw.month, raw.day, tzinfo=UTC)
    if isinstance(raw, str):
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    raise _fail(
        path, "provenance.date", "is required: the date of the export, YYYY-MM-DD (fetched_at)"
    )


def load_mapping(path: Path) -> TableMapping:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a YAML mapping")
    provenance = data.get("provenance")
    if not isinstance(provenance, dict):
        raise _fail(path, "provenance", "is required (publisher, url, date)")
    url = provenance.get("url")
    if url is not None and not re.match(r"^https?://\S+$", str(url)):
        raise _fail(path, "provenance.url", "must be an http(s) URL")
    file_spec = data.get("file") or {}
    if not isinstance(file_spec, dict):
        raise _fail(path, "file", "must be a mapping")
    fmt = file_spec.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise _fail(path, "file.format", f"must be one of {', '.join(FORMATS)}")
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, dict) or F.NAME not in raw_fields:
        raise _fail(path, "fields.name", "is required")
    fields = []
    for name, raw in raw_fields.items():
        if name not in MAPPABLE_FIELDS:
            raise _fail(
                path,
                f"fields.{name}",
                f"unknown field (one of: {', '.join(sorted(MAPPABLE_FIELDS))})",
            )
        fields.append(_column_spec(path, f"fields.{name}", name, raw))
    raw_extras = data.get("extras") or {}
    if not isinstance(raw_extras, dict):
        raise _fail(path, "extras", "must be a mapping of extras key to column")
    extras = [
        _column_spec(path, f"extras.{name}", str(name), raw) for name, raw in raw_extras.items()
    ]
    ref = data.get("source_ref")
    if ref is None:
        raise _fail(path, "source_ref", "is required (the id column, or columns to hash)")
    hash_ref = isinstance(ref, dict) and bool(ref.get("hash"))
    if isinstance(ref, dict):
        ref = {k: v for k, v in ref.items() if k != "hash"}
    source_ref = _column_spec(path, "source_ref", F.SOURCE_REF, ref)
    constants = data.get("constants") or {}
    if not isinstance(constants, dict):
        raise _fail(path, "constants", "must be a mapping of field to value")
    for name in constants:
        if name not in CONSTANT_FIELDS:
            raise _fail(path, f"constants.{name}", "unknown field")
    codes = []
    for position, raw in enumerate(data.get("codes") or []):
        key = f"codes[{position}]"
        if not isinstance(raw, dict) or not raw.get("column") or not raw.get("prefix"):
            raise _fail(path, key, "needs a column and a prefix (e.g. 'samhsa:typeFacility:')")
        codes.append(
            CodeSpec(
                column=str(raw["column"]),
                prefix=str(raw["prefix"]),
                split=_regex(path, f"{key}.split", raw.get("split")),
            )
        )
    kind = data.get("kind")
    if kind is not None and kind not in F.KINDS:
        raise _fail(path, "kind", f"must be one of {', '.join(F.KINDS)}")
    placeholders = data.get("placeholders", list(DEFAULT_PLACEHOLDERS))
    if not isinstance(placeholders, list):
        raise _fail(path, "placeholders", "must be a list of values that mean 'empty'")
    name = str(data.get("name") or path.stem)
    return TableMapping(
        name=name,
        path=path,
        title=str(data.get("title") or name),
        source=str(data.get("source") or name),
        url=str(url) if url else None,
        published=_published(path, provenance.get("date")),
        provenance=dict(provenance),
        format=fmt,
        encoding=str(file_spec.get("encoding") or "utf-8-sig"),
        sheet=file_spec.get("sheet"),
        source_ref=source_ref,
        hash_ref=hash_ref,
        fields=tuple(fields),
        extras=tuple(extras),
        constants=dict(constants),
        codes=tuple(codes),
        placeholders=frozenset(str(p) for p in placeholders),
        kind=kind,
    )


def mappings_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "sources" / "tables"


def mapping_path(name: str, directory: Path | None = None) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name or ""):
        raise ConfigError(f"table source {name!r}: use letters, digits, '-' and '_' only")
    return (directory or mappings_dir()) / f"{name}.yaml"


def available(directory: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (directory or mappings_dir()).glob("*.yaml"))
