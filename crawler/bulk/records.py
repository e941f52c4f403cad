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
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson

from clinics import fields as F
from clinics.deadletter import DeadLetterWriter
from crawler.pipelines import DropRecord
from crawler.pipelines.duplicates import DuplicatesPipeline

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
    ) -> None:
        from crawler.offline import pipelines

        self.source = source
        self.output = output
        self.input_name = input_name
        self.chain = [
            p for p in pipelines(source, optout_file) if duplicates or not _is_duplicates(p)
        ]
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

    def abort(self) -> None:
        """Close and remove the partial output (dead letters so far are kept)."""
        self._handle.close()
        self.dead.close()
        self.part.unlink(missing_ok=True)


def _is_duplicates(pipeline: object) -> bool:
    return isinstance(pipeline, DuplicatesPipeline)


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if not key.startswith("_")}
