"""Crawl summaries: which crawl a loaded file came from, whether it was complete, and a
record of every load in the crawls index (read by `clinics status`).

A crawl is *full* (every record the source has, so records missing from it are removed
from the index) when the maintainer names the source with `clinics index --full-source
NAME`, or when its summary file proves it: `"full": true`, `"finish_reason": "finished"`,
no `partial_because`, and a `records` count equal to the lines of the file that is loaded
(a summary of another run, or a file cut or appended to after its crawl, proves nothing).
A crawl that cannot prove it is complete never removes anything. The summary is looked for
next to the JSONL: `<file>.summary.json` or `<stem>.summary.json` (for `npi.jsonl`:
`npi.jsonl.summary.json` or `npi.summary.json`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from indexer import fields as doc
from indexer import mapping


@dataclass
class CrawlInfo:
    """What one input file says about its crawl (from its summary, if any).

    `full` is what the summary claims about itself (full, finished, nothing partial);
    `proves_full(lines)` also needs the file to hold exactly the records it counted.
    """

    file: Path
    source: str | None = None
    full: bool = False
    finished_at: str | None = None
    summary: dict | None = None

    def proves_full(self, lines_read: int | None) -> bool:
        if not self.full or self.summary is None or lines_read is None:
            return False
        records = self.summary.get("records")
        return (
            isinstance(records, int) and not isinstance(records, bool) and (records == lines_read)
        )


def claims_full(summary: dict) -> bool:
    """The summary says the crawl covered its whole source and ended normally."""
    return (
        summary.get("full") is True
        and summary.get("finish_reason") == "finished"
        and not summary.get("partial_because")
    )


def summary_paths(path: Path) -> list[Path]:
    return [
        path.with_name(path.name + ".summary.json"),
        path.with_name(path.stem + ".summary.json"),
    ]


def read_crawl_info(path: Path) -> CrawlInfo:
    for candidate in summary_paths(path):
        if candidate.is_file():
            try:
                summary = json.loads(candidate.read_text(encoding="utf-8"))
            except ValueError:
                continue
            if not isinstance(summary, dict):
                continue
            return CrawlInfo(
                file=path,
                source=summary.get("source"),
                full=claims_full(summary),
                finished_at=summary.get("finished_at"),
                summary=summary,
            )
    return CrawlInfo(file=path)


def crawls_index_for(alias: str) -> str:
    """The crawls index that goes with an alias (tests use their own aliases)."""
    return doc.CRAWLS_INDEX if alias == doc.ALIAS else f"{alias}-crawls"


def ensure_index(client, name: str, body: dict) -> None:
    if not client.indices.exists(index=name):
        try:
            client.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])
        except Exception as exc:  # created meanwhile by another load
            if "resource_already_exists" not in str(exc):
                raise


def record_crawls(
    client,
    alias: str,
    index: str,
    per_source: dict[str, dict],
    loaded_at: datetime | None = None,
) -> None:
    """One crawls document per source of this load: {records, finished_at, full, file}."""
    name = crawls_index_for(alias)
    ensure_index(client, name, mapping.crawls_body())
    loaded = (loaded_at or datetime.now(UTC)).isoformat()
    for source, info in sorted(per_source.items()):
        finished = info.get("finished_at") or loaded
        crawl_id = hashlib.sha1(f"{source}|{finished}|{info.get('file')}".encode()).hexdigest()[:20]
        client.index(
            index=name,
            id=crawl_id,
            document={
                mapping.CRAWL_SOURCE: source,
                mapping.CRAWL_FILE: str(info.get("file") or ""),
                mapping.CRAWL_FINISHED_AT: finished,
                mapping.CRAWL_LOADED_AT: loaded,
                mapping.CRAWL_RECORDS: int(info.get("records", 0)),
                mapping.CRAWL_FULL: bool(info.get("full")),
                mapping.CRAWL_INDEX: index,
                mapping.CRAWL_SUMMARY: info.get("summary"),
            },
        )
    client.indices.refresh(index=name)
