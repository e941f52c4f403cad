"""Where a crawl writes: the JSONL feed, its dead letters and its summary, side by side.

`clinics crawl -o data/crawl/npi.jsonl` gives data/crawl/npi.dead.jsonl and
data/crawl/npi.summary.json. DEAD_LETTER_FILE and SUMMARY_FILE override the derived paths;
without a feed they go to CRAWL_OUTPUT_DIR under the spider's name.

A resumable crawl (JOBDIR) keeps its journal in the JOBDIR (crawler.extensions) and, when
it resumes, repairs its JSON Lines feed first (`repair_feed`): a torn last line is cut and
the ids of the records already written are read back, so none is written twice.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrapy.settings import BaseSettings


def feed_path(settings: BaseSettings) -> Path | None:
    """The first local file among the FEEDS, if any."""
    feeds = settings.getdict("FEEDS")
    for uri in feeds:
        text = str(uri)
        parts = urlsplit(text)
        if parts.scheme in ("", "file") or len(parts.scheme) == 1:  # C:\ on Windows
            local = unquote(parts.path) if parts.scheme == "file" else text
            if "%(" not in local:
                return Path(local)
    return None


def _stem(path: Path) -> Path:
    name = path.name
    for suffix in (".jsonl", ".jl", ".json", ".ndjson"):
        if name.endswith(suffix):
            return path.with_name(name[: -len(suffix)])
    return path


def _default_base(settings: BaseSettings, spider_name: str) -> Path:
    feed = feed_path(settings)
    if feed is not None:
        return _stem(feed)
    safe = spider_name.replace(":", "-")
    return Path(settings.get("CRAWL_OUTPUT_DIR") or "data/crawl") / safe


def dead_letter_path(settings: BaseSettings, spider_name: str) -> Path:
    explicit = settings.get("DEAD_LETTER_FILE")
    if explicit:
        return Path(explicit)
    base = _default_base(settings, spider_name)
    return base.with_name(base.name + ".dead.jsonl")


def summary_path(settings: BaseSettings, spider_name: str) -> Path:
    explicit = settings.get("SUMMARY_FILE")
    if explicit:
        return Path(explicit)
    base = _default_base(settings, spider_name)
    return base.with_name(base.name + ".summary.json")


# ---- the feed of a resumable crawl ----------------------------------------------------

JSONL_FORMATS = ("jsonl", "jsonlines")


def feed_options(settings: BaseSettings) -> tuple[Path | None, bool, str | None]:
    """(path, overwrite, format) of the first local feed; (None, False, None) without one."""
    path = feed_path(settings)
    if path is None:
        return None, False, None
    for uri, options in settings.getdict("FEEDS").items():
        text = str(uri)
        local = unquote(urlsplit(text).path) if text.startswith("file:") else text
        if Path(local) == path:
            options = dict(options or {})
            return path, bool(options.get("overwrite")), options.get("format")
    return path, False, None


@dataclass
class FeedContents:
    """What a JSON Lines feed holds from a byte offset on: its complete lines, the record
    ids among them, and how many bytes of a torn last line were cut off."""

    records: int = 0
    ids: set[str] = field(default_factory=set)
    cut_bytes: int = 0
    unreadable: int = 0


def _end_of_last_line(handle, size: int, offset: int) -> int:
    """The byte position just after the last newline at or after offset (offset if none)."""
    position = size
    step = 1 << 16
    while position > offset:
        start = max(offset, position - step)
        handle.seek(start)
        chunk = handle.read(position - start)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        position = start
    return offset


def repair_feed(path: Path, offset: int) -> FeedContents:
    """Cut a torn last line (a writer killed in the middle of it) and read the record ids
    of the complete lines after `offset`.

    A line is complete when its newline is on disk: a killed process loses the lines it had
    not yet handed to the kernel, and may leave the start of one line without its end.
    """
    contents = FeedContents()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return contents
    with open(path, "r+b") as handle:
        end = _end_of_last_line(handle, size, offset)
        if end < size:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
            contents.cut_bytes = size - end
        handle.seek(offset)
        for line in handle:
            if not line.strip():
                continue
            contents.records += 1
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):
                contents.unreadable += 1
                continue
            record_id = record.get("id") if isinstance(record, dict) else None
            if isinstance(record_id, str):
                contents.ids.add(record_id)
    return contents
