"""Sending documents with the bulk helper: chunks sent by a few threads while the next
chunk is prepared, each chunk retried while the engine is unreachable, and every
per-document failure reported (never silently dropped).

Documents are serialized once, in the caller's thread, and handed to
`helpers.streaming_bulk` as (header, bytes) through `expand_action_callback`, so the
sending threads only frame and post them. Serializing is the loader's largest cost after
enrichment, so it uses orjson (about 8x the standard library on our documents); a value
orjson refuses (an integer beyond 64 bits, a key that is not a string) falls back to the
standard library, which writes the same JSON.
"""

from __future__ import annotations

import json
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import orjson
from elasticsearch import helpers

from indexer.load_settings import LoadSettings
from indexer.retry import with_retries


@dataclass
class BulkError:
    doc_id: str
    op: str
    status: int
    reason: str


@dataclass
class BulkStats:
    indexed: int = 0
    deleted: int = 0
    errors: list[BulkError] = field(default_factory=list)
    error_count: int = 0

    MAX_KEPT_ERRORS = 1000

    def add_error(self, error: BulkError) -> None:
        self.error_count += 1
        if len(self.errors) < self.MAX_KEPT_ERRORS:
            self.errors.append(error)


def _describe(item_error) -> str:
    if isinstance(item_error, dict):
        kind = item_error.get("type", "error")
        reason = item_error.get("reason", "")
        caused = item_error.get("caused_by", {})
        extra = (
            f" ({caused.get('reason')})"
            if isinstance(caused, dict) and caused.get("reason")
            else ""
        )
        return f"{kind}: {reason}{extra}"[:500]
    return str(item_error)[:500]


def _pre_serialized(action: tuple) -> tuple:
    """Actions are already (header bytes, body bytes or None): the helper only frames them.

    The helper reads a header only to report errors when raise_on_error is set, which
    BulkSender never sets (it collects per-document errors from the response instead).
    """
    return action


def _header(op: str, index: str, doc_id: str) -> bytes:
    return orjson.dumps({op: {"_index": index, "_id": doc_id}})


def serialize(document: dict) -> bytes:
    try:
        # orjson over-allocates its buffer and shrinks it in place, so a held result pins
        # about three times its size; an exact-size copy frees that buffer at once.
        return bytes(memoryview(orjson.dumps(document)))
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class BulkSender:
    """Collects index/delete actions into chunks and sends them in background threads."""

    def __init__(
        self,
        client,
        index: str,
        settings: LoadSettings,
        on_sent=None,
        wait_for_active_shards: str | None = None,
    ) -> None:
        self.client = client
        self.index = index
        self.settings = settings
        # Each bulk request waits until this many copies of a shard are active before it
        # writes (indexer.replication): an acknowledged document is then on that many nodes.
        self._write_options: dict[str, Any] = (
            {"wait_for_active_shards": wait_for_active_shards} if wait_for_active_shards else {}
        )
        self.stats = BulkStats()
        self._chunk: list[tuple] = []
        self._chunk_bytes = 0
        self._pending: deque[Future] = deque()
        self._pool = ThreadPoolExecutor(max_workers=settings.bulk_threads)
        self._on_sent = on_sent

    def index_document(self, doc_id: str, document: dict) -> None:
        body = serialize(document)
        header = _header("index", self.index, doc_id)
        self._add((header, body), len(header) + len(body) + 2)

    def delete_document(self, doc_id: str) -> None:
        self._add((_header("delete", self.index, doc_id), None), 64)

    def _add(self, action: tuple, size: int) -> None:
        # Requests are sized by bytes as well as by documents: a chunk is sent before an
        # action would take it past chunk_bytes, so a request is never larger than
        # chunk_bytes unless it holds one document alone (and records are capped in size,
        # clinics.record.MAX_RECORD_BYTES, so a document stays far below the engine's
        # limits on a request and on the bytes it may hold in memory for indexing).
        if self._chunk and self._chunk_bytes + size > self.settings.chunk_bytes:
            self._submit()
        self._chunk.append(action)
        self._chunk_bytes += size
        if (
            len(self._chunk) >= self.settings.chunk_docs
            or self._chunk_bytes >= self.settings.chunk_bytes
        ):
            self._submit()

    def _submit(self) -> None:
        if not self._chunk:
            return
        chunk, self._chunk, self._chunk_bytes = self._chunk, [], 0
        while len(self._pending) >= self.settings.bulk_threads:
            self._collect(self._pending.popleft())
        self._pending.append(self._pool.submit(self._send, chunk))

    def _send(self, chunk: list[tuple]) -> list[tuple[bool, dict]]:
        # The helper's types describe actions as dicts; ours are pre-serialized
        # (header, body) pairs that _pre_serialized hands through unchanged.
        actions: Any = chunk
        expand: Any = _pre_serialized

        def attempt() -> list[tuple[bool, dict]]:
            return list(
                helpers.streaming_bulk(
                    self.client,
                    actions,
                    chunk_size=len(chunk),
                    # the chunk is already sized; this only keeps the helper from
                    # splitting it again (its framing adds a few bytes per action)
                    max_chunk_bytes=self.settings.chunk_bytes * 2,
                    raise_on_error=False,
                    raise_on_exception=True,
                    max_retries=3,
                    initial_backoff=self.settings.backoff_s,
                    # 429: the engine is busy; 503: too few copies of a shard are active
                    # (a node was lost and its copies are being rebuilt elsewhere)
                    retry_on_status=(429, 503),
                    expand_action_callback=expand,
                    **self._write_options,
                )
            )

        return with_retries(
            attempt,
            what=f"sending {len(chunk)} documents to {self.index}",
            client=self.client,
            retries=self.settings.retries,
            backoff_s=self.settings.backoff_s,
        )

    def _collect(self, future: Future) -> None:
        results = future.result()
        for ok, item in results:
            op, info = next(iter(item.items()))
            if ok:
                if op == "delete":
                    self.stats.deleted += 1
                else:
                    self.stats.indexed += 1
            elif op == "delete" and info.get("status") == 404:
                self.stats.deleted += 1  # already gone: the wanted state
            else:
                self.stats.add_error(
                    BulkError(
                        doc_id=str(info.get("_id")),
                        op=op,
                        status=int(info.get("status", 0)),
                        reason=_describe(info.get("error")),
                    )
                )
        if self._on_sent:
            self._on_sent(len(results))

    def flush(self) -> BulkStats:
        """Send what is left and wait for every chunk; raises the first sending failure."""
        self._submit()
        try:
            while self._pending:
                self._collect(self._pending.popleft())
        finally:
            for future in self._pending:
                future.cancel()
            self._pending.clear()
        return self.stats

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
