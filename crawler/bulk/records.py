"""Records of a bulk file through the crawl's pipelines into crawl-format JSONL.

`RecordSink` runs each raw record through the same pipelines as a crawl, offline, the way
`clinics extract` does (crawler.offline.pipelines: provenance, opt-out, clean strings,
phone, links, address, coordinates, classify, scope, geocode, duplicates, validate), and
writes the validated records one JSON object a line, as a crawl's feed does (with orjson:
Scrapy's feed exporter costs more per record than all the cleaning pipelines together).
The output is written to `<file>.part` and renamed when the import finishes, so an import
that fails leaves no half file for the indexer. Beside it go the dead letters
(`<stem>.dead.jsonl`, clinics.deadletter) and the summary (`<stem>.summary.json`, the crawl
summary's keys, so `clinics index` and `clinics status` read it as a crawl's).

`enrich=False` is the lean path of a bulk file whose records are already in scope by what
they state (the NPPES import, crawler.bulk.nppes): classification and geocoding are left to
the indexer, which redoes both on every load (indexer.enrich, through clinics.enrich), so
the records carry what the file says, cleaned (strings, E.164 phones, addresses), and no
codes, evidence or point of their own. The caller's `scope` decides what is kept. The
pydantic validation of every record (a sixth of an import's time) is replaced by
`canonical`: a check of each field such a record can hold, which gives the record exactly
as ProviderRecord's validation and dump would, or None, and then the record goes through
the real validation (and its dead letter when invalid).
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html.entities import html5
from pathlib import Path
from typing import IO, Any

import orjson

from clinics import fields as F
from clinics.deadletter import DeadLetterWriter

# the model's own patterns, so that `Canonical` checks what ProviderRecord checks
from clinics.record import _E164, _EXT, _STATE, _URL, ProviderRecord, npi_check_digit_ok
from crawler.pages import PRIVATE_KEYS
from crawler.pipelines import DropRecord
from crawler.pipelines.classify import ClassifyPipeline
from crawler.pipelines.clean_strings import JUNK, CleanStringsPipeline
from crawler.pipelines.duplicates import DuplicatesPipeline
from crawler.pipelines.geocode import GeocodePipeline
from crawler.pipelines.scope import ScopePipeline
from crawler.pipelines.validate import ValidatePipeline

# Dropped for these reasons, a record is counted but written nowhere: opted-out providers
# asked not to be listed, and a bulk file's out-of-scope rows would outnumber its records.
NOT_DEAD_LETTERED = frozenset({"opted_out"})


def stem(path: Path) -> Path:
    name = path.name
    for suffix in (".jsonl", ".jl", ".json", ".ndjson"):
        if name.endswith(suffix):
            return path.with_name(name[: -len(suffix)])
    return path


def dead_letter_path(output: Path) -> Path:
    base = stem(output)
    return base.with_name(base.name + ".dead.jsonl")


def summary_path(output: Path) -> Path:
    base = stem(output)
    return base.with_name(base.name + ".summary.json")


def progress(total: int | None, unit: str, desc: str, **kwargs: Any):
    """A tqdm bar on stderr, shown only when stderr is a terminal."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit=unit,
        desc=desc,
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        leave=False,
        dynamic_ncols=True,
        **kwargs,
    )


class RecordSink:
    """Raw records in; cleaned, classified, validated JSONL lines out; every drop counted.

    `dead_letter_reasons`: reasons whose dropped records are also written as dead letters
    (all but NOT_DEAD_LETTERED when None). `duplicates=False` leaves out the duplicate-id
    check (a file whose ids are unique by construction need not hold every id in memory).
    """

    def __init__(
        self,
        source: str,
        output: Path,
        *,
        optout_file: str | None = None,
        duplicates: bool = True,
        dead_letter_reasons: frozenset[str] | None = None,
        input_name: str | None = None,
        enrich: bool = True,
        scope: Callable[[dict[str, Any]], str | None] | None = None,
        fetched_at: str | None = None,
    ) -> None:
        from crawler.offline import pipelines

        self.source = source
        self.output = output
        self.input_name = input_name
        self.chain = [
            p for p in pipelines(source, optout_file) if duplicates or not _is_duplicates(p)
        ]
        self.scope = scope
        self.canonical: Canonical | None = None
        self.validated = 0  # lean path: records `canonical` left to the real validation
        if not enrich:
            # The lean path: no classification, scope (the caller's), geocoding or
            # validation here; `canonical` instead, with ValidatePipeline behind it.
            self.chain = [
                _AlreadyClean(p) if isinstance(p, CleanStringsPipeline) else p
                for p in self.chain
                if not isinstance(p, _ENRICHING)
            ]
            self.validate = ValidatePipeline()
            self.canonical = Canonical(source, fetched_at)
        self.dead_letter_reasons = dead_letter_reasons
        self.dropped: Counter[str] = Counter()
        self.field_issues: Counter[str] = Counter()
        self.written = 0
        self.part = output.with_name(output.name + ".part")
        output.parent.mkdir(parents=True, exist_ok=True)
        self._handle: IO[bytes] = open(self.part, "wb", buffering=1 << 20)  # noqa: SIM115
        dead_letter_path(output).unlink(missing_ok=True)  # a file left by an earlier run
        self.dead = DeadLetterWriter(dead_letter_path(output))
        self.started = datetime.now(UTC)

    def process(self, record: dict[str, Any], *, line: int | None = None) -> str | None:
        """Run one record through the pipelines; None when written, else the drop reason."""
        raw = dict(record)
        try:
            for pipeline in self.chain:
                record = pipeline.process_item(record)
            if self.scope is not None:
                reason = self.scope(record)
                if reason:
                    raise DropRecord(
                        reason, "no behavioral-health provider type, therapy or condition"
                    )
            if self.canonical is not None:
                checked = self.canonical(record)
                if checked is None:
                    self.validated += 1
                    checked = self.validate.process_item(record)
                record = checked
        except DropRecord as exc:
            self.dropped[exc.reason] += 1
            if self._dead_letters(exc.reason):
                self.dead.write(
                    exc.reason,
                    detail=exc.detail or None,
                    record=_public(raw),
                    line=line,
                    source=self.input_name or self.source,
                )
            return exc.reason
        for issue in record.get(F.FIELD_ISSUES) or ():
            self.field_issues[issue.get("field", "?")] += 1
        self._handle.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        self.written += 1
        return None

    def unreadable(self, reason: str, detail: str, *, line: int | None, raw: str | bytes) -> None:
        """A row that could not become a record: dead-lettered with its text."""
        self.dead.write(
            reason, detail=detail, raw=raw, line=line, source=self.input_name or self.source
        )

    def in_memory(self) -> RecordSink:
        """A copy with the same pipelines that writes to memory (a worker process's, in
        crawler.bulk.nppes): `take()` hands over what it wrote, and the main process's sink
        writes it with `add()`, in input order."""
        clone = copy.copy(self)
        clone._reset()
        return clone

    def _reset(self) -> None:
        self._handle = io.BytesIO()
        self.dead = _DeadLetterRows()  # type: ignore[assignment]
        self.dropped = Counter()
        self.field_issues = Counter()
        self.written = 0
        self.validated = 0

    def take(self) -> SinkBatch:
        """What an in-memory sink wrote since the last take (then it starts afresh)."""
        assert isinstance(self._handle, io.BytesIO) and isinstance(self.dead, _DeadLetterRows)
        batch = SinkBatch(
            self._handle.getvalue(),
            self.dead.rows,
            self.dropped,
            self.field_issues,
            self.written,
            self.validated,
        )
        self._reset()
        return batch

    def add(self, batch: SinkBatch) -> None:
        """Write an in-memory sink's batch as if its records had gone through this sink."""
        self._handle.write(batch.lines)
        for reason, fields in batch.dead:
            self.dead.write(reason, **fields)
        self.dropped.update(batch.dropped)
        self.field_issues.update(batch.field_issues)
        self.written += batch.written
        self.validated += batch.validated

    def _dead_letters(self, reason: str) -> bool:
        if self.dead_letter_reasons is None:
            return reason not in NOT_DEAD_LETTERED
        return reason in self.dead_letter_reasons

    def finish(self, summary: dict[str, Any]) -> dict[str, Any]:
        """Close the files, move the output into place and write the summary beside it."""
        self._handle.close()
        self.dead.close()
        os.replace(self.part, self.output)
        finished = datetime.now(UTC)
        full = {
            "source": self.source,
            "importer": summary.pop("importer", None),
            "input": self.input_name,
            "started_at": self.started.isoformat(timespec="seconds"),
            "finished_at": finished.isoformat(timespec="seconds"),
            "records": self.written,
            "records_dropped": dict(sorted(self.dropped.items())),
            "field_issues": dict(sorted(self.field_issues.items())),
            "output": str(self.output),
            "dead_letter_file": str(self.dead.path) if self.dead.total else None,
            "dead_letters": dict(sorted(self.dead.counts.items())),
            **summary,
        }
        path = summary_path(self.output)
        path.write_text(json.dumps(full, indent=2) + "\n", encoding="utf-8")
        full["summary_file"] = str(path)
        return full

    def flush(self) -> None:
        """Write out what is buffered (before a fork: a child must not inherit it)."""
        self._handle.flush()
        self.dead.flush()

    def abort(self) -> None:
        """Close and remove the partial output (dead letters so far are kept)."""
        self._handle.close()
        self.dead.close()
        self.part.unlink(missing_ok=True)


@dataclass
class SinkBatch:
    """What an in-memory sink wrote: JSON lines, dead letters (the writer's arguments, in
    order) and counters."""

    lines: bytes
    dead: list[tuple[str, dict[str, Any]]]
    dropped: Counter[str]
    field_issues: Counter[str]
    written: int
    validated: int


class _DeadLetterRows:
    """Dead letters kept as DeadLetterWriter.write's arguments, to be written elsewhere."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, dict[str, Any]]] = []

    def write(self, reason: str, **fields: Any) -> None:
        self.rows.append((reason, fields))


def _is_duplicates(pipeline: object) -> bool:
    return isinstance(pipeline, DuplicatesPipeline)


class _AlreadyClean:
    """CleanStringsPipeline for records that are nearly always clean already (a bulk
    mapping's values are stripped, without placeholders or runs of spaces): a look at each
    value, and the real pipeline only for a record with a value it would change."""

    def __init__(self, pipeline: CleanStringsPipeline) -> None:
        self.pipeline = pipeline

    def process_item(self, item: dict, spider: Any = None) -> dict:
        texts: list[str] = []  # every string of the record, looked at together below
        empty = []
        for key, value in item.items():
            kind = type(value)
            if kind is str:
                texts.append(value)
            elif value is None:
                if key not in PRIVATE_KEYS:
                    empty.append(key)
            elif key in PRIVATE_KEYS or kind is int or kind is bool or kind is float:
                continue
            elif not _strings_of(value, texts):
                return self.pipeline.process_item(item)
        if texts and not _all_clean(texts):
            return self.pipeline.process_item(item)
        for key in empty:
            del item[key]
        return item


def _strings_of(value: Any, texts: list[str]) -> bool:
    """Add the strings of a list (of strings or flat dicts) or flat dict to `texts`; False
    when it holds anything cleaning could change other than a string (a repeat, None in a
    list, deeper nesting)."""
    if type(value) is dict:
        for item in value.values():
            if type(item) is str:
                texts.append(item)
            elif not (item is None or type(item) in (int, bool, float)):
                return False
        return True
    if type(value) is not list:
        return False
    for item in value:
        if type(item) is str:
            texts.append(item)
        elif type(item) is not dict or not _strings_of(item, texts):
            return False
    return len(value) < 2 or _unique(value)


def _all_clean(texts: list[str]) -> bool:
    """True when clean_text leaves every one of `texts` as it is: all of them checked at
    once (joined with "|"; a "|" beside a space inside a value only sends the record the
    long way)."""
    if "" in texts or not JUNK.isdisjoint(map(str.lower, texts)):
        return False
    joined = "|".join(texts)
    if not (
        joined.isprintable()
        and "  " not in joined
        and " |" not in joined
        and "| " not in joined
        and joined[0] != " "
        and joined[-1] != " "
    ):
        return False
    if "&" in joined:  # an entity, or only a URL's query string
        # the checks above leave only what html.unescape could change to clean_text
        return all(unescape_keeps(text) for text in texts if "&" in text)
    return True


# What html.unescape replaces (the HTML5 character reference grammar): "&#" and decimal
# digits, "&#x" and hex digits, or "&" and a name of up to 32 characters, each with an
# optional ";".
_CHARACTER_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# Names html.unescape also takes without their ";" (amp, lt, copy, frac12, ...): at most 6
_LONGEST_BARE_NAME = max(len(name) for name in html5 if not name.endswith(";"))


def unescape_keeps(text: str) -> bool:
    """html.unescape(text) == text, decided without building the unescaped text (a URL's
    "&number=..." costs html.unescape a dictionary lookup per prefix of 32 characters).

    unescape replaces every numeric reference; a named one when the whole name is an
    entity, or else when one of its prefixes of two or more characters is; a prefix shorter
    than the name cannot end in ";", so only the bare names (six characters at most) can
    match there.
    """
    for match in _CHARACTER_REFERENCE.finditer(text):
        name = match.group(1)
        if name[0] == "#" or name in html5:
            return False
        for end in range(min(len(name) - 1, _LONGEST_BARE_NAME), 1, -1):
            if name[:end] in html5:
                return False
    return True


def _unique(items: list) -> bool:
    try:
        return len(set(items)) == len(items)
    except TypeError:  # dicts (licenses): compared the way clean_value compares them
        return all(item not in items[:n] for n, item in enumerate(items))


# Left out of the lean path: the indexer classifies and geocodes, the caller decides scope.
_ENRICHING = (ClassifyPipeline, ScopePipeline, GeocodePipeline, ValidatePipeline)


class Canonical:
    """A cleaned record as ProviderRecord's validation and dump give it, or None.

    Knows the fields a bulk file's lean record holds (the NPPES mapping's) and checks each
    the way ProviderRecord does; any other field, or a value it is not sure of, gives None,
    and the caller validates the record for real. It runs after the cleaning pipelines, so
    a string is already stripped, without runs of spaces or placeholders, and a list holds
    no repeats. tests/bulk check that what it returns is what
    ProviderRecord.from_dict(record).model_dump(mode="json", exclude_none=True) is.
    """

    def __init__(self, source: str, fetched_at: str | None) -> None:
        self.fetched_at = fetched_at
        self.fetched_at_json: str | None = None
        sample = {F.SOURCE: source, F.SOURCE_REF: "0", F.NAME: "-"}
        dumped = ProviderRecord.from_dict({**sample, F.FETCHED_AT: fetched_at or _EPOCH})
        dumped_json = dumped.model_dump(mode="json", exclude_none=True)
        if fetched_at:
            self.fetched_at_json = dumped_json[F.FETCHED_AT]
        # Every field in the model's order, with the default its dump writes (None: none).
        self.defaults = {name: dumped_json.get(name) for name in ProviderRecord.model_fields}
        self._layouts: dict[tuple[str, ...], Any] = {}
        self.checks = {
            F.ID: _text,
            F.SOURCE: _text,
            F.SOURCE_REF: _text,
            F.SOURCE_URL: _url,
            F.IS_SAMPLE: _bool,
            F.KIND: _kind,
            F.NAME: _text,
            F.CREDENTIALS: _texts,
            F.ORGANIZATION_NAME: _text,
            F.NPI: _npi,
            F.LICENSES: _licenses,
            F.SPECIALTIES_RAW: _texts,
            F.SOURCE_CODES: _texts,
            F.ADDRESS_RAW: _text,
            F.ADDRESS_1: _text,
            F.ADDRESS_2: _text,
            F.CITY: _text,
            F.STATE_PROVINCE: _text,
            F.POSTAL_CODE: _text,
            F.COUNTRY: _two_letters,
            F.PHONE: _e164,
            F.PHONE_EXT: _extension,
            F.FAX: _e164,
            F.EXTRAS: _extras,
            F.FIELD_ISSUES: _issues,
        }

    def __call__(self, record: dict[str, Any]) -> dict[str, Any] | None:
        if record.get(F.FETCHED_AT) != self.fetched_at or self.fetched_at_json is None:
            return None
        keys = tuple(record)
        layout = self._layouts.get(keys)
        if layout is None:
            layout = self._layouts[keys] = self._layout(keys) or False
        if not layout:
            return None
        template, texts, checks = layout
        for key in texts:  # plain text fields (the most): a non-empty string
            value = record[key]
            if type(value) is not str or not value:
                return None
        for key, check in checks:
            if not check(record[key]):
                return None
        ref, record_id = record[F.SOURCE_REF], record[F.ID]
        base = f"{record[F.SOURCE]}:{ref}"
        if record_id != base and not (
            record_id.startswith(base + ":") and record_id[len(base) + 1 :].isdigit()
        ):
            return None
        out = template.copy()  # the model's order, its defaults
        out.update(record)
        out[F.FETCHED_AT] = self.fetched_at_json
        return out

    def _layout(self, keys: tuple[str, ...]) -> tuple[dict, tuple, list] | None:
        """For records with these fields: the dict of the dump's fields in the model's
        order with their defaults, the plain text fields, and the check of each other
        field; None when a field is one this class does not check, or a required one is
        missing."""
        if any(key not in self.checks and key != F.FETCHED_AT for key in keys):
            return None
        if not {F.ID, F.SOURCE, F.SOURCE_REF, F.NAME} <= set(keys):
            return None
        template = {
            name: default
            for name, default in self.defaults.items()
            if default is not None or name in keys
        }
        checked = [key for key in keys if key != F.FETCHED_AT]
        texts = tuple(key for key in checked if self.checks[key] is _text)
        checks = [(key, self.checks[key]) for key in checked if self.checks[key] is not _text]
        return template, texts, checks


_EPOCH = "1970-01-01T00:00:00+00:00"


def _text(value: Any) -> bool:
    return type(value) is str and value != "" and value.strip() == value


def _texts(value: Any) -> bool:
    if type(value) is not list:
        return False
    for item in value:
        if not _text(item):
            return False
    return len(value) < 2 or len(set(value)) == len(value)


def _bool(value: Any) -> bool:
    return type(value) is bool


def _kind(value: Any) -> bool:
    return value == "individual" or value == "organization"


def _url(value: Any) -> bool:
    return _text(value) and _URL.match(value) is not None


def _npi(value: Any) -> bool:
    return type(value) is str and value.isascii() and npi_check_digit_ok(value)


def _two_letters(value: Any) -> bool:
    return type(value) is str and _STATE.match(value) is not None


def _e164(value: Any) -> bool:
    return type(value) is str and value.isascii() and _E164.match(value) is not None


def _extension(value: Any) -> bool:
    return type(value) is str and value.isascii() and _EXT.match(value) is not None


_LICENSE_KEYS = ["state", "number"]


def _licenses(value: Any) -> bool:
    if type(value) is not list:
        return False
    for item in value:
        if not (
            type(item) is dict
            and list(item) == _LICENSE_KEYS
            and _two_letters(item["state"])
            and _text(item["number"])
        ):
            return False
    return True


def _extras(value: Any) -> bool:
    if type(value) is not dict:
        return False
    for key, item in value.items():
        if type(key) is not str or not (item is None or type(item) is str):
            return False
    return True


_ISSUE_KEYS = ["field", "reason", "value"]


def _issues(value: Any) -> bool:
    if type(value) is not list:
        return False
    for item in value:
        if not (
            type(item) is dict
            and list(item) == _ISSUE_KEYS
            and _text(item["field"])
            and _text(item["reason"])
            and type(item["value"]) is str
        ):
            return False
    return True


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if not key.startswith("_")}
