"""Loader benchmark: `clinics index` machinery against posting the same documents as
pre-built NDJSON to `_bulk`, and the loader's peak memory as the input grows.

Run: .venv/bin/python bench/index.py [--sizes 10000 100000 1000000] [--workdir DIR]

For each size N, synthetic records (bench/generate.py) are written once to
<workdir>/records-N.jsonl, then, each in a fresh index with the same settings and each in
its own subprocess:

1. prepare: the documents the loader builds (read, validate, enrich, merge, and the
   stored HSDS output unless CLINICS_INDEX_MATERIALIZE_HSDS=0, as `clinics index` does)
   written as pre-built bulk NDJSON (not timed);
2. raw: that NDJSON posted to `_bulk` with urllib3, same chunks and threads as the loader;
3. send: the same documents through the loader's sending machinery (indexer.bulk:
   streaming_bulk helper, threads, retries, error collection);
4. load: the whole `clinics index --mode rebuild` (indexer.load.load_files), from JSONL to
   alias swap, with its peak RSS (ru_maxrss of that process).

Steps 2 and 3 run --repeats times, interleaved, and the medians are compared (the machine
may be shared). Printed ratios: raw_time / send_time (target >= 0.85) and raw_time /
load_time (end to end, enrichment included). Sizes listed in --memory-only run step 4
alone (peak memory at large sizes without the hours of the comparisons). Uses the engine at ES_URL (default http://127.0.0.1:9200).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _client():
    from indexer.client import get_client

    return get_client(request_timeout=300, max_retries=2, retry_on_timeout=True)


def _settings(alias: str):
    from indexer import load_settings

    return load_settings.load(alias)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ---------------------------------------------------------------- child steps


def _materialize():
    """What `clinics index` stores of each document's HSDS output (None: the setting is off)."""
    from api.materialized import materialize
    from indexer.load_settings import load

    return materialize if load().materialize_hsds else None


def child_prepare(records: Path, ndjson: Path) -> dict:
    from clinics.deadletter import DeadLetterWriter
    from indexer import enrich, merge
    from indexer import fields as doc
    from indexer.load import _pass_one
    from indexer.partition import Partitioner, bucket_count

    settings = _settings("bench-prepare")
    materialize = _materialize()
    with_street = enrich.street_level_geocoder()
    count = 0
    with (
        DeadLetterWriter(ndjson.with_suffix(".dead.jsonl")) as dead,
        Partitioner(bucket_count(records.stat().st_size, settings.bucket_bytes)) as parts,
        open(ndjson, "w", encoding="utf-8") as out,
    ):
        _pass_one([records], parts, dead, lambda r: enrich.enrich(r, with_street=with_street))
        for blocks in parts.groups():
            for block, group in blocks.items():
                for document in merge.merge_block(block, group):
                    if materialize is not None:
                        document[doc.HSDS_EXPORT] = materialize(document)
                    out.write(json.dumps({"index": {"_id": document["doc_id"]}}) + "\n")
                    out.write(json.dumps(document, separators=(",", ":"), ensure_ascii=False))
                    out.write("\n")
                    count += 1
    return {"documents": count, "peak_mb": _peak_mb()}


def _fresh_index(client, name: str, settings) -> None:
    from indexer import aliases, replication

    client.indices.delete(index=name, ignore_unavailable=True)
    layout = replication.layout(client, settings)
    aliases.create_index(client, name, layout.shards, layout.replicas, loading=True)


def child_raw(ndjson: Path, index: str) -> dict:
    """Post the pre-built NDJSON in chunks of the loader's size, with as many threads."""
    from concurrent.futures import ThreadPoolExecutor

    import urllib3

    from indexer import aliases

    client = _client()
    settings = _settings(index)
    _fresh_index(client, index, settings)
    url = os.environ.get("ES_URL", "http://127.0.0.1:9200").rstrip("/") + f"/{index}/_bulk"
    pool = urllib3.PoolManager(maxsize=settings.bulk_threads)
    errors = 0

    def post(body: bytes) -> int:
        response = pool.request(
            "POST", url, body=body, headers={"Content-Type": "application/x-ndjson"}, timeout=300
        )
        reply = json.loads(response.data)
        return sum(1 for item in reply["items"] if "error" in next(iter(item.values())))

    started = time.monotonic()
    with ThreadPoolExecutor(settings.bulk_threads) as executor, open(ndjson, "rb") as handle:
        futures = []
        chunk: list[bytes] = []
        for line in handle:
            chunk.append(line)
            if len(chunk) >= 2 * settings.chunk_docs:
                futures.append(executor.submit(post, b"".join(chunk)))
                chunk = []
                while len([f for f in futures if not f.done()]) >= settings.bulk_threads:
                    time.sleep(0.001)
        if chunk:
            futures.append(executor.submit(post, b"".join(chunk)))
        errors = sum(f.result() for f in futures)
    aliases.finish_loading(client, index)
    seconds = time.monotonic() - started
    count = client.count(index=index)["count"]
    client.indices.delete(index=index)
    return {"seconds": seconds, "documents": count, "errors": errors, "peak_mb": _peak_mb()}


def child_send(ndjson: Path, index: str) -> dict:
    """The same documents through the loader's BulkSender (documents read before timing
    starts in slices, so the timing holds sending, not file reading)."""
    from indexer import aliases
    from indexer.bulk import BulkSender

    client = _client()
    settings = _settings(index)
    _fresh_index(client, index, settings)
    seconds = 0.0
    sender = BulkSender(client, index, settings)
    with open(ndjson, encoding="utf-8") as handle:
        while True:
            batch = []
            for action_line in handle:
                document = json.loads(next(handle))
                batch.append((json.loads(action_line)["index"]["_id"], document))
                if len(batch) >= 20_000:
                    break
            if not batch:
                break
            started = time.monotonic()
            for doc_id, document in batch:
                sender.index_document(doc_id, document)
            seconds += time.monotonic() - started
    started = time.monotonic()
    stats = sender.flush()
    sender.close()
    aliases.finish_loading(client, index)
    seconds += time.monotonic() - started
    count = client.count(index=index)["count"]
    client.indices.delete(index=index)
    return {
        "seconds": seconds,
        "documents": count,
        "errors": stats.error_count,
        "peak_mb": _peak_mb(),
    }


def child_load(records: Path, alias: str) -> dict:
    from indexer.load import load_files

    client = _client()
    started = time.monotonic()
    result = load_files(
        client,
        [records],
        "rebuild",
        alias=alias,
        dead_letter_path=records.with_suffix(".dead.jsonl"),
        materialize=_materialize(),
    )
    seconds = time.monotonic() - started
    for name in [result.index, *result.previous_indices, f"{alias}-crawls"]:
        client.indices.delete(index=name, ignore_unavailable=True)
    return {
        "seconds": seconds,
        "documents": result.documents,
        "stages": result.stage_seconds,
        "peak_mb": _peak_mb(),
    }


# ---------------------------------------------------------------- parent


def run_child(step: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", step, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"{step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median_run(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda run: run["seconds"])
    return ordered[len(ordered) // 2]


def ensure_records(workdir: Path, size: int) -> Path:
    path = workdir / f"records-{size}.jsonl"
    if not path.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        import generate

        partial = path.with_suffix(".partial")
        with open(partial, "w", encoding="utf-8") as out:
            generate.write(size, out)
        partial.rename(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="loader benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workdir", default=str(ROOT / "data" / "bench"))
    parser.add_argument("--repeats", type=int, default=3, help="raw/send runs, interleaved")
    parser.add_argument(
        "--memory-only",
        type=int,
        nargs="*",
        default=[],
        help="sizes (also listed in --sizes) for which only the loader runs (peak memory)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        step, *rest = args.child
        steps = {"prepare": child_prepare, "raw": child_raw, "send": child_send, "load": child_load}
        first = Path(rest[0])
        out = steps[step](first, rest[1] if step in ("raw", "send", "load") else Path(rest[1]))
        print(json.dumps(out))
        return 0
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        records = ensure_records(workdir, size)
        if size in args.memory_only:
            load = run_child("load", str(records), f"bench-index-load-{size}")
            row = {
                "records": size,
                "documents": load["documents"],
                "load_s": round(load["seconds"], 1),
                "load_records_per_s": round(size / load["seconds"]),
                "load_stages_s": {k: round(v, 1) for k, v in load["stages"].items()},
                "load_peak_mb": round(load["peak_mb"], 1),
                "input_mb": round(records.stat().st_size / 2**20, 1),
            }
            print(json.dumps(row), flush=True)
            continue
        ndjson = workdir / f"documents-{size}.ndjson"
        prepared = run_child("prepare", str(records), str(ndjson))
        raws, sends = [], []
        for _ in range(args.repeats):  # interleaved, medians: the machine may be shared
            raws.append(run_child("raw", str(ndjson), f"bench-index-raw-{size}"))
            sends.append(run_child("send", str(ndjson), f"bench-index-send-{size}"))
        raw = _median_run(raws)
        send = _median_run(sends)
        load = run_child("load", str(records), f"bench-index-load-{size}")
        ndjson.unlink(missing_ok=True)
        docs = prepared["documents"]
        counts = {raw["documents"], send["documents"], load["documents"], docs}
        assert len(counts) == 1, (raw, send, load, docs)
        row = {
            "records": size,
            "documents": docs,
            "raw_s": round(raw["seconds"], 2),
            "send_s": round(send["seconds"], 2),
            "load_s": round(load["seconds"], 2),
            "raw_docs_per_s": round(docs / raw["seconds"]),
            "send_docs_per_s": round(docs / send["seconds"]),
            "load_records_per_s": round(size / load["seconds"]),
            "send_ratio": round(raw["seconds"] / send["seconds"], 3),
            "end_to_end_ratio": round(raw["seconds"] / load["seconds"], 3),
            "load_stages_s": {k: round(v, 1) for k, v in load["stages"].items()},
            "load_peak_mb": round(load["peak_mb"], 1),
            "input_mb": round(records.stat().st_size / 2**20, 1),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    print()
    print(f"{'records':>9} {'docs':>9} {'raw/s':>8} {'send/s':>8} {'load/s':>8} "
          f"{'send ratio':>10} {'e2e ratio':>9} {'peak MB':>8} {'input MB':>8}")  # fmt: skip
    for r in rows:
        if "send_ratio" not in r:
            continue
        print(
            f"{r['records']:>9} {r['documents']:>9} {r['raw_docs_per_s']:>8} "
            f"{r['send_docs_per_s']:>8} {r['load_records_per_s']:>8} {r['send_ratio']:>10} "
            f"{r['end_to_end_ratio']:>9} {r['load_peak_mb']:>8} {r['input_mb']:>8}"
        )
    print("send ratio = raw _bulk time / loader sending time (target >= 0.85); "
          "e2e ratio = raw _bulk time / whole `clinics index` time")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
