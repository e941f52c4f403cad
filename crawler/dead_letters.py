"""The crawl's dead-letter file, shared by the spiders and the pipelines of one crawl.

Rows use clinics.deadletter's format ({"reason", "detail", "source", "record" | "raw"}),
appended, so a resumed crawl (JOBDIR) keeps the rows of its first part. A crawl that starts
again because its previous part was killed removes them first (`start_afresh`): it writes
them all again.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from clinics.deadletter import DeadLetterWriter
from crawler import stats
from crawler.outputs import dead_letter_path

_WRITERS: WeakKeyDictionary[Any, DeadLetterWriter] = WeakKeyDictionary()


def writer_for(crawler: Any) -> DeadLetterWriter:
    writer = _WRITERS.get(crawler)
    if writer is None:
        name = getattr(crawler.spider, "source", None) or getattr(crawler.spider, "name", "crawl")
        writer = DeadLetterWriter(dead_letter_path(crawler.settings, name), mode="a")
        _WRITERS[crawler] = writer
    return writer


def write(crawler: Any, reason: str, detail: str, **kwargs: Any) -> None:
    """Write one dead letter and count it; a crawl without a crawler (tests) only counts."""
    if crawler is None:
        return
    writer_for(crawler).write(reason, detail=detail, **kwargs)
    crawler.stats.inc_value(stats.DEAD_LETTERS + reason)


def start_afresh(crawler: Any) -> None:
    """A crawl that starts again from its start URLs (its previous part was killed) writes
    its dead letters again: the rows of the killed part are removed first."""
    writer = _WRITERS.pop(crawler, None)
    if writer is not None:
        writer.close()
    name = getattr(crawler.spider, "source", None) or getattr(crawler.spider, "name", "crawl")
    dead_letter_path(crawler.settings, name).unlink(missing_ok=True)


def close(crawler: Any) -> str | None:
    writer = _WRITERS.pop(crawler, None)
    if writer is None:
        return None
    writer.close()
    return str(writer.path) if writer.total else None
