"""The crawl summary: pages, records, dropped by reason, errors, duration; and the journal
that lets a resumed crawl prove it is complete.

The summary is written as JSON next to the feed (<output>.summary.json, or SUMMARY_FILE)
when the spider closes, and printed to stdout, for `scrapy crawl` and `clinics crawl`
alike. A summary left by an earlier crawl is removed when a crawl starts, so a crawl that
dies never leaves an older summary next to its output.

With JOBDIR, a crawl runs in parts (stopped and resumed with the same JOBDIR). Scrapy keeps
its request queue, seen requests and spider state in the JOBDIR, but writes the queue and
the state only when a part closes cleanly: after a SIGKILL (the OOM killer, `docker stop`
past its grace period) they are stale or torn, and a resumed part would silently skip what
was in flight. So each part writes two entries to the journal (`clinics-journal.jsonl` in
the JOBDIR, each written with one write and fsync'd): `start` when it begins, `closed`
once Scrapy's state and the feed are saved. When a part starts:

- the previous part closed cleanly: Scrapy's state is trusted and the crawl goes on; the
  counts of the earlier parts (pages lost, dropped, dead letters) are carried into the
  summary, so a page lost in part 1 still makes the crawl partial;
- the previous part never wrote `closed` (it was killed): nothing of Scrapy's state can be
  trusted, so it is discarded and the crawl starts again from its start URLs, keeping the
  records already in the feed (a torn last line is cut; their ids are given to the
  duplicates pipeline, so none is written twice) and starting the dead letters afresh
  (the crawl writes them again).

`full` needs, besides the conditions of partial_because, an output that holds every part's
records: a feed overwritten on resume (-O), or another feed than the first part's, makes the
crawl partial, and so does a resume whose feed is not a local JSON Lines file.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals

from crawler import dead_letters, stats
from crawler.outputs import (
    JSONL_FORMATS,
    FeedContents,
    feed_options,
    feed_path,
    repair_feed,
    summary_path,
)
from crawler.pipelines import DropRecord

logger = logging.getLogger(__name__)

JOURNAL_NAME = "clinics-journal.jsonl"
# what Scrapy keeps in a JOBDIR (scheduler queue, dupefilter, SpiderState)
SCRAPY_JOB_STATE = ("requests.queue", "requests.seen", "spider.state")
# the duplicates pipeline's ids in spider.state (crawler/pipelines/duplicates.py)
SEEN_IDS_KEY = "clinics_seen_ids"
# counts that add up over the parts of a crawl (the others are per part)
CARRIED_PREFIXES = (
    stats.DROPPED,
    stats.ERRORS,
    stats.SKIPPED,
    stats.DEAD_LETTERS,
    stats.FIELD_ISSUES,
)
CARRIED_KEYS = (
    "response_received_count",
    "downloader/request_count",
    "retry/count",
    stats.NPI_CAPPED_SPLIT,
    stats.NPI_CAPPED_INCOMPLETE,
)


def _group(values: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {key[len(prefix) :]: values[key] for key in sorted(values) if key.startswith(prefix)}


# Errors after which records may be missing: a page or API answer that never came or could
# not be read. ("no_provider_data" is a page that came and had no provider on it.)
LOST_PAGE_ERRORS = ("http_", "download_error", "api_error", "unreadable_", "detail_page_failed")


def partial_because(values: dict[str, Any], narrowed_by: tuple[str, ...] = ()) -> list[str]:
    """Why a crawl is not a full crawl of its source; empty when it is.

    Only a full crawl lets the indexer remove the source's records that it no longer saw,
    so anything that may have left records out makes a crawl partial.
    """
    reasons = []
    finish_reason = values.get("finish_reason")
    if finish_reason != "finished":
        reasons.append(f"finish_reason {finish_reason}")
    if narrowed_by:
        reasons.append("narrowed by -a " + ", ".join(narrowed_by))
    lost = {
        kind: count
        for kind, count in _group(values, stats.ERRORS).items()
        if kind.startswith(LOST_PAGE_ERRORS)
    }
    if lost:
        reasons.append("pages lost: " + ", ".join(f"{k} {v}" for k, v in lost.items()))
    if values.get(stats.NPI_CAPPED_INCOMPLETE):
        reasons.append("capped NPI queries left incomplete")
    return reasons


def build_summary(
    values: dict[str, Any],
    *,
    source: str,
    spider: str,
    output: str | None,
    dead_letter_file: str | None,
    duration_s: float,
    started_at: str,
    narrowed_by: tuple[str, ...] = (),
    resume: dict | None = None,
    also_partial: tuple[str, ...] = (),
    records_before: int = 0,
) -> dict:
    dropped = _group(values, stats.DROPPED)
    partial = [*partial_because(values, narrowed_by), *also_partial]
    return {
        "source": source,
        "spider": spider,
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(duration_s, 3),
        "finish_reason": values.get("finish_reason"),
        "full": not partial,
        "partial_because": partial,
        "pages": values.get("response_received_count", 0),
        "requests": values.get("downloader/request_count", 0),
        "records": records_before + values.get("item_scraped_count", 0),
        "dropped": dropped,
        "dropped_total": sum(dropped.values()),
        "errors": _group(values, stats.ERRORS),
        "dead_letters": _group(values, stats.DEAD_LETTERS),
        "skipped": _group(values, stats.SKIPPED),
        "field_issues": _group(values, stats.FIELD_ISSUES),
        "retries": values.get("retry/count", 0),
        "output": output,
        "dead_letter_file": dead_letter_file,
        "resume": resume,
    }


# ---- the journal of a resumable crawl -------------------------------------------------


class CrawlJournal:
    """Append-only JSON Lines in the JOBDIR; every entry is one write() plus an fsync, so an
    entry is either whole on disk or (a process killed in the middle of it) a torn last
    line, which reading ignores."""

    def __init__(self, jobdir: Path) -> None:
        self.path = Path(jobdir) / JOURNAL_NAME
        self._lock: int | None = None

    def lock(self) -> None:
        """Hold the JOBDIR for this process (released when it exits, even when killed): a
        second crawl on the same JOBDIR would take this part for a killed one."""
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise RuntimeError(
                f"JOBDIR {self.path.parent} is in use by another crawl; "
                "one JOBDIR belongs to one crawl at a time"
            ) from None
        self._lock = descriptor

    def entries(self) -> list[dict]:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        entries = []
        for line in text.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                entries.append(entry)
        return entries

    def append(self, entry: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = (json.dumps(entry, sort_keys=True) + "\n").encode("utf-8")
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@dataclass
class ResumeState:
    """What this part of a JOBDIR crawl knows about the parts before it."""

    journal: CrawlJournal
    part: int = 1
    restarted: bool = False  # the previous part was killed: Scrapy's state was discarded
    carried: dict[str, int] = field(default_factory=dict)  # counts of earlier clean parts
    carried_partial: list[str] = field(default_factory=list)
    kept: FeedContents = field(default_factory=FeedContents)
    seed_ids: bool = False

    def as_summary(self) -> dict:
        return {
            "part": self.part,
            "restarted_after_unclean_stop": self.restarted,
            "records_kept": self.kept.records,
            "torn_bytes_cut": self.kept.cut_bytes,
            "journal": str(self.journal.path),
        }


def _carried_counts(values: dict[str, Any]) -> dict[str, int]:
    return {
        key: value
        for key, value in values.items()
        if isinstance(value, int)
        and not isinstance(value, bool)
        and (key in CARRIED_KEYS or key.startswith(CARRIED_PREFIXES))
    }


def _add_counts(total: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    merged = dict(total)
    for key, value in more.items():
        if isinstance(value, int) and not isinstance(value, bool):
            merged[key] = merged.get(key, 0) + value
    return merged


def _fsync_all(paths: list[Path | None]) -> None:
    """fsync files, and every file and folder under the given folders (the JOBDIR)."""
    for path in paths:
        if path is None or not path.exists():
            continue
        targets = [path, *path.rglob("*")] if path.is_dir() else [path]
        for target in targets:
            descriptor = os.open(target, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


def _discard_scrapy_state(jobdir: Path) -> list[str]:
    removed = []
    for name in SCRAPY_JOB_STATE:
        path = jobdir / name
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(name)
        elif path.exists():
            path.unlink()
            removed.append(name)
    return removed


def prepare_resume(settings: Any) -> ResumeState | None:
    """Read the journal of the JOBDIR and get the JOBDIR and the feed ready for this part
    (see the module docstring); None when the crawl has no JOBDIR."""
    jobdir_setting = settings.get("JOBDIR")
    if not jobdir_setting:
        return None
    jobdir = Path(jobdir_setting)
    journal = CrawlJournal(jobdir)
    journal.lock()
    entries = journal.entries()
    starts = [e for e in entries if e.get("event") == "start" and isinstance(e.get("part"), int)]
    closed = {e.get("part"): e for e in entries if e.get("event") == "closed"}
    state = ResumeState(journal)
    feed, overwrite, feed_format = feed_options(settings)
    has_scrapy_state = any((jobdir / name).exists() for name in SCRAPY_JOB_STATE)

    if starts:
        last = starts[-1]
        state.part = last["part"] + 1
        state.restarted = last["part"] not in closed
        first_of_crawl = starts[0]
    else:
        # no journal: a new crawl, unless Scrapy's state is there without one (a JOBDIR of
        # an older version, or of a crawl killed before its first entry): unprovable
        state.restarted = has_scrapy_state
        first_of_crawl = None

    if state.restarted:
        removed = _discard_scrapy_state(jobdir)
        logger.warning(
            "JOBDIR %s: the previous part of this crawl did not close cleanly (killed?); "
            "its request queue and state cannot be trusted (%s discarded): crawling again "
            "from the start, keeping the records already written",
            jobdir,
            ", ".join(removed) or "nothing",
        )
    elif starts:
        # a clean chain since the last restart: its counts and partial reasons carry over
        chain_start = max(
            (e["part"] for e in starts if e.get("restarted")), default=starts[0]["part"]
        )
        for part in range(chain_start, state.part):
            entry = closed.get(part) or {}
            state.carried = _add_counts(state.carried, entry.get("counts") or {})

    resumed = state.part > 1 or state.restarted
    offset = 0
    if feed is not None and feed.exists() and not overwrite:
        offset = feed.stat().st_size
    if first_of_crawl is not None:
        first_feed = first_of_crawl.get("feed")
        if feed is not None and first_feed == str(feed):
            offset = int(first_of_crawl.get("feed_offset") or 0)
        elif first_feed != (str(feed) if feed else None):
            state.carried_partial.append(
                f"the output changed between parts ({first_feed} then {feed}): "
                "the records of earlier parts are not all in it"
            )
    elif state.restarted:
        offset = 0  # an older JOBDIR: its feed was appended to from the start

    if resumed:
        if feed is None or (feed_format or "jsonl") not in JSONL_FORMATS:
            state.carried_partial.append(
                "the output is not a local JSON Lines file, so the records of earlier "
                "parts cannot be checked"
            )
        elif overwrite:
            state.carried_partial.append(
                "the output was overwritten on resume (-O): the records of earlier parts "
                "are not in it"
            )
        elif feed.exists():
            if feed.stat().st_size < offset:
                state.carried_partial.append(
                    "the output is shorter than when the crawl began: records were lost"
                )
                offset = 0
            state.kept = repair_feed(feed, offset)
            state.seed_ids = True
            if state.kept.cut_bytes:
                logger.warning(
                    "%s: cut a torn last line (%d bytes) left by the killed part",
                    feed,
                    state.kept.cut_bytes,
                )
        elif state.part > 1 and offset > 0:
            state.carried_partial.append("the output of earlier parts is gone")

    journal.append(
        {
            "event": "start",
            "part": state.part,
            "restarted": state.restarted,
            "feed": str(feed) if feed else None,
            "feed_offset": offset,
            "records_kept": state.kept.records,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "pid": os.getpid(),
        }
    )
    return state


class CrawlSummaryExtension:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.started = time.monotonic()
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.resume: ResumeState | None = None
        self._closed_entry: dict | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlSummaryExtension:
        extension = cls(crawler)
        # Built before the scheduler opens the JOBDIR and before the feed is opened: the
        # JOBDIR and the feed are made ready here.
        extension._remove_stale_summary()
        extension.resume = prepare_resume(crawler.settings)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def _source(self, spider: Any) -> str:
        return getattr(spider, "source_name", None) or spider.name

    def _remove_stale_summary(self) -> None:
        spider = getattr(self.crawler, "spider", None)
        if spider is None:
            return
        summary_path(self.crawler.settings, self._source(spider)).unlink(missing_ok=True)

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        if self.resume is not None and self.resume.restarted:
            dead_letters.start_afresh(self.crawler)

    def engine_started(self) -> None:
        """After every spider_opened handler (SpiderState loads spider.state there) and
        before the first request: the duplicates pipeline learns the records kept."""
        if self.resume is None or not self.resume.seed_ids:
            return
        spider = self.crawler.spider
        if not isinstance(getattr(spider, "state", None), dict):
            spider.state = {}
        spider.state[SEEN_IDS_KEY] = set(self.resume.kept.ids)

    def item_dropped(
        self, item: Any, response: Any, exception: BaseException, spider: Any = None
    ) -> None:
        reason = exception.reason if isinstance(exception, DropRecord) else type(exception).__name__
        self.crawler.stats.inc_value(stats.DROPPED + reason)

    def spider_closed(self, spider: Any, reason: str) -> None:
        dead_file = dead_letters.close(self.crawler)
        values = dict(self.crawler.stats.get_stats())
        values.setdefault("finish_reason", reason)
        this_part = _carried_counts(values)
        resume = self.resume
        if resume is not None:
            values = _add_counts(values, resume.carried)  # this part's plus earlier parts'
        source = self._source(spider)
        feed = feed_path(self.crawler.settings)
        summary = build_summary(
            values,
            source=source,
            spider=spider.name,
            output=str(feed) if feed else None,
            dead_letter_file=dead_file,
            duration_s=time.monotonic() - self.started,
            started_at=self.started_at,
            narrowed_by=getattr(spider, "narrowed_by", ()),
            resume=resume.as_summary() if resume else None,
            also_partial=tuple(resume.carried_partial) if resume else (),
            records_before=resume.kept.records if resume else 0,
        )
        if resume is not None:
            self._closed_entry = {
                "event": "closed",
                "part": resume.part,
                "finish_reason": values.get("finish_reason"),
                "counts": this_part,
                "partial_because": partial_because(
                    {**this_part, "finish_reason": values.get("finish_reason")},
                    getattr(spider, "narrowed_by", ()),
                ),
                "records": summary["records"],
            }
        path = summary_path(self.crawler.settings, source)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".tmp")
        partial.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        os.replace(partial, path)
        summary["summary_file"] = str(path)
        print(json.dumps(summary, indent=2), file=sys.stdout, flush=True)

    def engine_stopped(self) -> None:
        """The part closed cleanly: Scrapy saved its queue and state and the feed is closed
        (all spider_closed handlers are done), so the journal may say so."""
        if self.resume is None or self._closed_entry is None:
            return
        self._closed_entry["at"] = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            # on disk before the journal says so, even if the machine loses power next
            _fsync_all([feed_path(self.crawler.settings), self.resume.journal.path.parent])
            self.resume.journal.append(self._closed_entry)
        except OSError as exc:  # the next part will start again: safe, only slower
            logger.error("could not write the crawl journal %s: %s", self.resume.journal.path, exc)
