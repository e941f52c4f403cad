"""`clinics index`: JSONL records in, one merged document per provider-at-location out.

    load_files(client, paths, mode="rebuild" | "upsert", alias=..., full_sources=...)

Pass one streams every file (clinics.record.read_jsonl), sends bad lines to the dead-letter
file with their line number and reason, enriches the good records (indexer.enrich) and
spreads them over temporary bucket files by merge block (indexer.partition). Pass two
merges one bucket at a time (indexer.merge) and sends the documents with the bulk helper
(indexer.bulk). Memory holds one bucket, never the whole input.

- rebuild: a new versioned index is loaded, refreshed and counted, then the alias moves
  to it in one atomic call; the previous index is kept, older ones deleted. Any failure
  deletes the new index and leaves the alias where it was.
- upsert: the index behind the alias is updated in place (created if there is none). The
  documents already in a touched block are merged again with the new records, replacing
  records of the same id; records of a source loaded as a full crawl that this load does
  not contain are removed, in every block.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from clinics import fields as F
from clinics.deadletter import DeadLetterWriter
from clinics.errors import ClinicsError, UsageError
from indexer import aliases, crawls, enrich, mapping, merge, replication
from indexer import fields as doc
from indexer import load_settings as load_settings_module
from indexer import normalize as norm
from indexer.bulk import BulkSender, BulkStats
from indexer.partition import Partitioner, bucket_count
from indexer.retry import EngineUnreachable, with_retries

MODES = ("rebuild", "upsert")
EXISTING_BATCH_BLOCKS = 200
SCROLL_PAGE = 500


@dataclass
class LoadResult:
    mode: str
    alias: str
    index: str
    records_read: int = 0
    records_loaded: int = 0
    dead_letters: int = 0
    dead_letter_path: Path | None = None
    documents: int = 0
    deleted: int = 0
    bulk_errors: int = 0
    bulk_error_samples: list[str] = field(default_factory=list)
    previous_indices: list[str] = field(default_factory=list)
    deleted_indices: list[str] = field(default_factory=list)
    full_sources: list[str] = field(default_factory=list)
    records_by_source: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def summary_lines(self) -> list[str]:
        lines = [
            f"{self.mode}: {self.records_loaded} records from {self.records_read} lines -> "
            f"{self.documents} documents in {self.index} (alias {self.alias}) "
            f"in {self.seconds:.1f}s",
        ]
        if self.records_by_source:
            by_source = ", ".join(f"{k}: {v}" for k, v in sorted(self.records_by_source.items()))
            lines.append(f"records by source: {by_source}")
        if self.deleted:
            lines.append(f"removed {self.deleted} documents no longer in a full crawl")
        if self.dead_letters:
            lines.append(f"{self.dead_letters} bad lines written to {self.dead_letter_path}")
        if self.bulk_errors:
            lines.append(f"{self.bulk_errors} documents rejected by Elasticsearch:")
            lines += [f"  {sample}" for sample in self.bulk_error_samples[:10]]
        if self.previous_indices:
            lines.append(f"previous index kept: {', '.join(self.previous_indices)}")
        if self.deleted_indices:
            lines.append(f"older indices deleted: {', '.join(self.deleted_indices)}")
        return lines


def _progress(total: int | None, unit: str, desc: str):
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit=unit,
        desc=desc,
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        leave=False,
        dynamic_ncols=True,
    )


def default_dead_letter_path(paths: list[Path]) -> Path:
    first = paths[0]
    return first.with_name(first.name + ".index-dead-letters.jsonl")


@dataclass
class _Pass1:
    partitioner: Partitioner
    read: int = 0
    loaded: int = 0
    by_source: Counter = field(default_factory=Counter)
    finished_by_source: dict[str, str] = field(default_factory=dict)
    files_by_source: dict[str, str] = field(default_factory=dict)
    lines_by_file: Counter = field(default_factory=Counter)


def _pass_one(
    paths: list[Path], partitioner: Partitioner, dead: DeadLetterWriter, enrich_record
) -> _Pass1:
    from clinics.record import read_jsonl

    state = _Pass1(partitioner)
    bar = _progress(None, "rec", "reading")
    try:
        for path in paths:
            for line_no, record, error in read_jsonl(path):
                state.read += 1
                state.lines_by_file[str(path)] += 1
                bar.update(1)
                if record is None:
                    dead.write(
                        getattr(error, "reason", "invalid_record"),
                        detail=str(error),
                        line=line_no,
                        source=str(path),
                        record=getattr(error, "record", None),
                        raw=getattr(error, "raw", None),
                    )
                    continue
                try:
                    data = enrich_record(record)
                except Exception as exc:  # a bug or bad value in enrichment loses one record only
                    dead.write(
                        "enrich_failed",
                        detail=f"{type(exc).__name__}: {exc}"[:300],
                        line=line_no,
                        source=str(path),
                        record=enrich.to_dict(record),
                    )
                    continue
                block = norm.block_key(
                    data.get(F.POSTAL_CODE), data.get(F.CITY), data.get(F.STATE_PROVINCE)
                )
                partitioner.add(block, data)
                state.loaded += 1
                source = data[F.SOURCE]
                state.by_source[source] += 1
                state.files_by_source.setdefault(source, str(path))
                fetched = data.get(F.FETCHED_AT) or ""
                if fetched > state.finished_by_source.get(source, ""):
                    state.finished_by_source[source] = fetched
    finally:
        bar.close()
    return state


def _proven_full(infos: list[crawls.CrawlInfo], pass1: _Pass1) -> set[str]:
    """Sources whose crawl summary proves a full crawl of exactly the file that was read.

    A source counts only when every file of it that was loaded proves it: one partial file
    of a source must not let another file's summary remove that source's records.
    """
    proven: dict[str, bool] = {}
    for info in infos:
        if not info.source:
            continue
        ok = info.proves_full(pass1.lines_by_file.get(str(info.file)))
        proven[info.source] = proven.get(info.source, True) and ok
    return {source for source, ok in proven.items() if ok}


def _dead_letter_bulk_errors(dead: DeadLetterWriter, stats: BulkStats) -> list[str]:
    samples = []
    for error in stats.errors:
        dead.write("bulk_rejected", detail=f"{error.op} {error.doc_id}: {error.reason}")
        samples.append(f"{error.doc_id}: {error.reason}")
    return samples


def _retrying(client, settings, what: str, call: Callable):
    return with_retries(
        call, what=what, client=client, retries=settings.retries, backoff_s=settings.backoff_s
    )


def _fetch_existing(client, index: str, blocks: list[str]) -> list[dict]:
    """Stored documents of the given merge blocks (without their materialized export
    output: the documents are merged again and that output computed anew)."""
    found: list[dict] = []
    search_after = None
    while True:
        body = {
            "size": SCROLL_PAGE,
            "query": {"terms": {mapping.MERGE_BLOCK: blocks}},
            "sort": [{doc.DOC_ID: "asc"}],
            "_source": {"excludes": [doc.HSDS_EXPORT]},
        }
        if search_after:
            body["search_after"] = search_after
        page = client.search(index=index, **body)["hits"]["hits"]
        found += [hit["_source"] for hit in page]
        if len(page) < SCROLL_PAGE:
            return found
        search_after = page[-1]["sort"]


def _blocks_holding_sources(client, index: str, sources: list[str]) -> Iterable[str]:
    """Every merge block with a document from one of the sources (terms agg, paged)."""
    after = None
    while True:
        composite = {
            "size": 1000,
            "sources": [{"block": {"terms": {"field": mapping.MERGE_BLOCK}}}],
        }
        if after:
            composite["after"] = after
        response = client.search(
            index=index,
            size=0,
            query={"terms": {doc.SOURCE_NAMES: sources}},
            aggs={"blocks": {"composite": composite}},
        )
        agg = response["aggregations"]["blocks"]
        for bucket in agg["buckets"]:
            yield bucket["key"]["block"]
        after = agg.get("after_key")
        if not after or not agg["buckets"]:
            return


def _remerge_upsert(
    block: str, new_records: list[dict], existing_docs: list[dict], full_sources: set[str]
) -> tuple[list[dict], set[str]]:
    """Documents of one block after an upsert, and the existing ids that must go."""
    new_ids = {record[F.ID] for record in new_records}
    kept: list[dict] = []
    first_seen: dict[str, str] = {}
    for existing in existing_docs:
        first_seen.update(merge.first_seen_of(existing))
        for record in merge.records_of(existing):
            if record.get(F.ID) in new_ids or record.get(F.SOURCE) in full_sources:
                continue
            kept.append(record)
    documents = merge.merge_block(block, kept + new_records, first_seen)
    gone = {d[doc.DOC_ID] for d in existing_docs} - {d[doc.DOC_ID] for d in documents}
    return documents, gone


def load_files(
    client,
    paths: Iterable[str | Path],
    mode: str = "rebuild",
    *,
    alias: str | None = None,
    index_prefix: str | None = None,
    full_sources: Iterable[str] = (),
    dead_letter_path: str | Path | None = None,
    settings: load_settings_module.LoadSettings | None = None,
    classify=None,
    geocode=None,
    after_chunk: Callable[[int], None] | None = None,
    materialize: Callable[[dict], dict] | None = None,
) -> LoadResult:
    """Load JSONL files into the index behind `alias` (see the module docstring).

    `materialize`: what to store under indexer.fields.HSDS_EXPORT of each final document,
    computed from it right before it is sent (`clinics index` passes
    api.materialized.materialize; the indexer may not import the api package). Setting
    CLINICS_INDEX_MATERIALIZE_HSDS=0 leaves it out: a smaller index, slower HSDS exports."""
    if mode not in MODES:
        raise UsageError(f"--mode must be one of {', '.join(MODES)} (got {mode!r})")
    started = time.monotonic()
    files: list[Path] = [Path(p) for p in paths]
    if not files:
        raise UsageError("give at least one JSONL file")
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    settings = settings or load_settings_module.load(alias, index_prefix)
    if alias or index_prefix:
        from dataclasses import replace

        settings = replace(
            settings,
            alias=alias or settings.alias,
            index_prefix=index_prefix or (f"{alias}-" if alias else settings.index_prefix),
        )
    if not settings.materialize_hsds:
        materialize = None
    infos = [crawls.read_crawl_info(path) for path in files]
    full = set(full_sources)  # and, after pass one, the crawls whose summary proves it
    dead_path = Path(dead_letter_path or settings.dead_letters or default_dead_letter_path(files))
    _retrying(client, settings, "checking the engine", lambda: client.info())
    aliases.check_alias_is_free(client, settings.alias)
    result = LoadResult(mode=mode, alias=settings.alias, index="", full_sources=sorted(full))
    result.dead_letter_path = dead_path

    with_street = enrich.street_level_geocoder()

    def enrich_record(record):
        return enrich.enrich(record, classify=classify, geocode=geocode, with_street=with_street)

    input_bytes = sum(os.path.getsize(p) for p in files)
    with (
        DeadLetterWriter(dead_path) as dead,
        Partitioner(bucket_count(input_bytes, settings.bucket_bytes), settings.tmp_dir) as parts,
    ):
        pass1 = _pass_one(files, parts, dead, enrich_record)
        full |= _proven_full(infos, pass1)
        result.full_sources = sorted(full)
        result.stage_seconds["read_enrich_partition"] = time.monotonic() - started
        merge_started = time.monotonic()
        result.records_read = pass1.read
        result.records_loaded = pass1.loaded
        result.records_by_source = dict(pass1.by_source)
        if mode == "rebuild":
            _rebuild(client, settings, parts, result, dead, after_chunk, materialize)
        else:
            _upsert(client, settings, parts, result, dead, full, after_chunk, materialize)
        result.dead_letters = dead.total
        result.stage_seconds["merge_send_finish"] = time.monotonic() - merge_started
    per_source = {}
    for source, count in pass1.by_source.items():
        info = next((i for i in infos if i.source == source), None)
        per_source[source] = {
            "records": count,
            "finished_at": (info.finished_at if info and info.finished_at else None)
            or pass1.finished_by_source.get(source),
            "full": source in full or mode == "rebuild",
            "file": pass1.files_by_source.get(source),
            "summary": info.summary if info else None,
        }
    _retrying(
        client,
        settings,
        "recording the crawls",
        lambda: crawls.record_crawls(client, settings.alias, result.index, per_source),
    )
    result.seconds = time.monotonic() - started
    return result


def _send_documents(
    sender: BulkSender, documents: Iterable[dict], materialize: Callable[[dict], dict] | None
) -> int:
    """The one place provider documents are written: each final merged document, with its
    materialized export output (when asked) computed from it right before it goes."""
    count = 0
    for document in documents:
        document.pop(doc.HSDS_EXPORT, None)
        if materialize is not None:
            document[doc.HSDS_EXPORT] = materialize(document)
        sender.index_document(document[doc.DOC_ID], document)
        count += 1
    return count


def _rebuild(
    client, settings, parts: Partitioner, result: LoadResult, dead, after_chunk, materialize
) -> None:
    index = aliases.new_index_name(settings.index_prefix)
    result.index = index
    layout = _retrying(
        client, settings, "reading the cluster", lambda: replication.layout(client, settings)
    )

    def create() -> None:
        aliases.create_index(client, index, layout.shards, layout.replicas, True)
        replication.loading(client, index)

    _retrying(client, settings, f"creating {index}", create)
    bar = _progress(parts.rows, "rec", "indexing")
    sender = BulkSender(
        client,
        index,
        settings,
        on_sent=_chained(bar.update, after_chunk),
        wait_for_active_shards=layout.wait_for_active_shards,
    )
    try:
        built = 0
        for blocks in parts.groups():
            for block, records in blocks.items():
                built += _send_documents(sender, merge.merge_block(block, records), materialize)
        stats = sender.flush()
        result.documents = built
        if built == 0:
            raise ClinicsError(
                f"rebuild produced no documents (every line was bad or the input is empty); "
                f"alias {settings.alias} not moved"
                + (f"; dead letters in {dead.path}" if dead.total else "")
            )
        result.bulk_errors = stats.error_count
        result.bulk_error_samples = _dead_letter_bulk_errors(dead, stats)
        if stats.error_count:
            raise ClinicsError(
                f"rebuild failed: {stats.error_count} of {built} documents were rejected "
                f"(first: {result.bulk_error_samples[0]}); alias {settings.alias} not moved; "
                f"details in {dead.path}"
            )
        _retrying(client, settings, "refreshing", lambda: aliases.finish_loading(client, index))
        _retrying(client, settings, "finishing", lambda: replication.loaded(client, index))
        try:
            _retrying(
                client,
                settings,
                f"waiting for {index} to be {layout.ready_status}",
                lambda: replication.wait_until_ready(
                    client, index, layout, settings.health_timeout_s
                ),
            )
        except EngineUnreachable:
            raise
        except ClinicsError as exc:
            raise ClinicsError(f"rebuild failed: {exc}; alias {settings.alias} not moved") from None
        counted = _retrying(
            client, settings, "counting", lambda: client.count(index=index)["count"]
        )
        if counted != built:
            raise ClinicsError(
                f"rebuild failed: {index} holds {counted} documents, expected {built}; "
                f"alias {settings.alias} not moved"
            )
        previous = _retrying(
            client,
            settings,
            "moving the alias",
            lambda: aliases.swap_alias(client, settings.alias, index),
        )
    except BaseException as exc:
        sender.close()
        bar.close()
        deleted = aliases.delete_quietly(client, index)
        if isinstance(exc, EngineUnreachable):
            note = (
                "" if deleted else f"; partial index {index} is left and goes at the next rebuild"
            )
            raise EngineUnreachable(f"{exc}; rebuild abandoned, alias not moved{note}") from None
        raise
    sender.close()
    bar.close()
    result.previous_indices = previous
    result.deleted_indices = _retrying(
        client,
        settings,
        "deleting older indices",
        lambda: aliases.delete_older(client, settings.index_prefix, {index, *previous}),
    )


def _chained(*callbacks):
    live = [cb for cb in callbacks if cb]

    def call(n: int) -> None:
        for cb in live:
            cb(n)

    return call


def _ensure_upsert_index(client, settings) -> str:
    current = aliases.alias_indices(client, settings.alias)
    if len(current) > 1:
        raise ClinicsError(
            f"alias {settings.alias} points to {len(current)} indices ({', '.join(current)}); "
            "upsert needs exactly one"
        )
    if current:
        return current[0]
    index = aliases.new_index_name(settings.index_prefix)
    layout = replication.layout(client, settings)
    aliases.create_index(client, index, layout.shards, layout.replicas)
    aliases.swap_alias(client, settings.alias, index)
    return index


def _upsert(
    client, settings, parts, result: LoadResult, dead, full: set[str], after_chunk, materialize
):
    index = _retrying(
        client, settings, "preparing the index", lambda: _ensure_upsert_index(client, settings)
    )
    result.index = index
    if materialize is not None:  # an index made before the field existed (strict mapping)
        _retrying(
            client,
            settings,
            "adding the export field to the mapping",
            lambda: client.indices.put_mapping(index=index, properties=mapping.export_properties()),
        )
    layout = _retrying(
        client,
        settings,
        "reading the index settings",
        lambda: replication.layout_of_index(client, index, settings),
    )
    bar = _progress(parts.rows, "rec", "indexing")
    sender = BulkSender(
        client,
        index,
        settings,
        on_sent=_chained(bar.update, after_chunk),
        wait_for_active_shards=layout.wait_for_active_shards,
    )
    built = 0
    gone_total: set[str] = set()

    def process(blocks: dict[str, list[dict]]) -> None:
        nonlocal built
        names = list(blocks)
        existing: dict[str, list[dict]] = defaultdict(list)
        for start in range(0, len(names), EXISTING_BATCH_BLOCKS):
            batch = names[start : start + EXISTING_BATCH_BLOCKS]
            stored = _retrying(
                client,
                settings,
                "reading stored documents",
                lambda batch=batch: _fetch_existing(client, index, batch),
            )
            for document in stored:
                existing[document[mapping.MERGE_BLOCK]].append(document)
        for block, records in blocks.items():
            documents, gone = _remerge_upsert(block, records, existing.get(block, []), full)
            built += _send_documents(sender, documents, materialize)
            for doc_id in sorted(gone):
                sender.delete_document(doc_id)
            gone_total.update(gone)

    try:
        for blocks in parts.groups():
            process(blocks)
        if full:
            sender.flush()
            _retrying(client, settings, "refreshing", lambda: client.indices.refresh(index=index))
            stale = [
                block
                for block in _retrying(
                    client,
                    settings,
                    "listing blocks of full crawls",
                    lambda: list(_blocks_holding_sources(client, index, sorted(full))),
                )
                if block not in parts.blocks_seen
            ]
            for start in range(0, len(stale), EXISTING_BATCH_BLOCKS):
                process({block: [] for block in stale[start : start + EXISTING_BATCH_BLOCKS]})
        stats = sender.flush()
    finally:
        sender.close()
        bar.close()
    _retrying(client, settings, "refreshing", lambda: client.indices.refresh(index=index))
    result.documents = built
    result.deleted = len(gone_total)
    result.bulk_errors = stats.error_count
    result.bulk_error_samples = _dead_letter_bulk_errors(dead, stats)
