"""API and export benchmark: the HSDS API against the search module, exports against a raw
scroll, side by side in one run.

Run: .venv/bin/python bench/api.py [--docs 100000] [--export-docs 100000] [--queries 300]
     [--clients 8] [--keep]

1. overhead: bench/search.py's realistic 300-query mix (same index, same seed), each
   query run through indexer-free `search()` directly and through `GET /v1/search` of a
   real `clinics api` (uvicorn, 127.0.0.1, rate limit off), interleaved one by one;
   prints both p50s and their ratio (target: API p50 <= 1.3 x search() p50);
2. throughput: the same mix from 8 concurrent HTTP clients (keep-alive), requests/s;
3. exports: every format of `clinics export` over an index of richer documents
   (tests/api/documents.py: evidence, hours, addresses), each document given its HSDS
   export output as `clinics index` stores it (api/materialized.py's materialize, the
   function the loader calls on each final document), each format against a raw scroll
   of the same index (helpers.scan: one scroll, one process, 1,000 a page) that reads the
   same _source as that export: for hsds and hsds-json the stored output and its stamp
   only (api.export.stored_source), for geojson and csv every field a reader gets (all
   but search_text, name_suggest, sources.record and the stored output); one scroll
   before and one after each export; prints documents/s, the ratio (target >= 0.7) and
   the exporter's peak RSS growth. From 20,000 documents hsds, hsds-json and csv are
   exported by worker processes, one per core, each reading its own slice of the point in
   time (api/export.py); the workers' memory is not in the RSS figure.
4. what materializing costs at load: CPU µs a document for materialize(), and the
   index's store size (indices.stats, after a force merge to one segment) with the field
   against a copy of the same documents without it, loaded alongside.

Uses the engine at ES_URL (default http://127.0.0.1:9200).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path and bench/search.py would hide the
# search package: the repository root goes in front, bench/ out.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import httpx  # noqa: E402
from elasticsearch import helpers  # noqa: E402

from api import searching  # noqa: E402
from api.export import FORMATS, MATERIALIZED, export, stored_source  # noqa: E402
from api.materialized import materialize  # noqa: E402
from api.store import Store  # noqa: E402
from indexer.client import get_client  # noqa: E402
from indexer.fields import HSDS_EXPORT  # noqa: E402
from indexer.mapping import index_body  # noqa: E402


def _bench_search():
    """bench/search.py (its index builder, query mix and percentile), loaded by path."""
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_search"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def api_params(params) -> list[tuple[str, str]]:
    """A SearchParams as /v1/search query parameters (the names of `clinics search`)."""
    out: list[tuple[str, str]] = []
    if params.near_text:
        out.append(("near", params.near_text))
    if params.point is not None:
        out += [("lat", repr(params.point.lat)), ("lon", repr(params.point.lon))]
    out.append(("radius_mi", repr(float(params.radius_mi))))
    for name, key in (
        ("therapies", "therapy"),
        ("conditions", "condition"),
        ("provider_types", "provider_type"),
        ("insurance", "insurance"),
        ("languages", "language"),
    ):
        out += [(key, value) for value in getattr(params, name)]
    if params.telehealth:
        out.append(("telehealth", "true"))
    if params.accepting_new_patients:
        out.append(("accepting", "true"))
    if getattr(params, "other_language", None):
        out.append(("other_language", "true"))
    if params.text:
        out.append(("q", params.text))
    out.append(("sort", params.sort))
    out.append(("limit", str(params.size)))
    if params.search_after is not None:
        out.append(("after", json.dumps(list(params.search_after))))
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_api(index: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "CLINICS_INDEX_ALIAS": index, "CLINICS_API_RATE_LIMIT": "off"}
    process = subprocess.Popen(
        [sys.executable, "-m", "clinics.cli", "api", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("clinics api did not start")


def measure_overhead(client, index: str, url: str, queries, percentile) -> dict:
    direct_ms, api_ms = [], []
    mismatches = 0
    with httpx.Client(base_url=url, timeout=60) as http:
        for query in queries[:10]:  # warm both paths
            searching.run_search(client, query.params, index=index)
            http.get("/v1/search", params=api_params(query.params))
        for n, query in enumerate(queries):
            params = api_params(query.params)

            def run_direct(query=query):
                started = time.perf_counter()
                response = searching.run_search(client, query.params, index=index)
                return (time.perf_counter() - started) * 1000, [h.doc_id for h in response.hits]

            def run_api(params=params):
                started = time.perf_counter()
                response = http.get("/v1/search", params=params)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, response.text[:300]
                return elapsed, [r["doc_id"] for r in response.json()["results"]]

            if n % 2:
                (api, api_ids), (direct, direct_ids) = run_api(), run_direct()
            else:
                (direct, direct_ids), (api, api_ids) = run_direct(), run_api()
            direct_ms.append(direct)
            api_ms.append(api)
            mismatches += api_ids != direct_ids
    return {
        "direct_p50": percentile(direct_ms, 50),
        "direct_p95": percentile(direct_ms, 95),
        "api_p50": percentile(api_ms, 50),
        "api_p95": percentile(api_ms, 95),
        "mismatches": mismatches,
    }


def measure_throughput(url: str, queries, clients: int) -> dict:
    local = threading.local()
    statuses: list[int] = []

    def one(query) -> None:
        if not hasattr(local, "http"):
            local.http = httpx.Client(base_url=url, timeout=60)
        statuses.append(local.http.get("/v1/search", params=api_params(query.params)).status_code)

    work = list(queries) * 2
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, work))
    elapsed = time.perf_counter() - started
    return {
        "requests": len(work),
        "seconds": elapsed,
        "rps": len(work) / elapsed,
        "errors": sum(1 for s in statuses if s != 200),
    }


# ---- exports -----------------------------------------------------------------------------


def ensure_export_index(client, count: int, keep: bool) -> str:
    from tests.api import documents

    name = f"bench-api-export-{count}"
    if client.indices.exists(index=name):
        if keep and client.count(index=name)["count"] == count:
            print(f"  reusing {name}")
            return name
        client.indices.delete(index=name)
    plain = f"{name}-without-field"  # the same documents, to compare store sizes
    client.indices.delete(index=plain, ignore_unavailable=True)
    body = index_body()
    body["settings"] = {**body["settings"], "refresh_interval": "-1"}
    client.indices.create(index=name, **body)
    client.indices.create(index=plain, **body)
    started = time.perf_counter()
    cpu = [0.0]

    def actions():
        for document in documents.many(count):
            yield {"_index": plain, "_id": document["doc_id"], "_source": dict(document)}
            # as indexer/load.py _send_documents: computed from the final document
            began = time.process_time()
            document[HSDS_EXPORT] = materialize(document)
            cpu[0] += time.process_time() - began
            yield {"_index": name, "_id": document["doc_id"], "_source": document}

    for _ in helpers.streaming_bulk(
        client.options(request_timeout=120), actions(), chunk_size=500, raise_on_error=True
    ):
        pass
    long = client.options(request_timeout=1800)
    for index in (name, plain):
        client.indices.put_settings(index=index, settings={"refresh_interval": "1s"})
        client.indices.refresh(index=index)
        long.indices.forcemerge(index=index, max_num_segments=1)
    print(
        f"  loaded {count} documents (and a copy without the field) in"
        f" {time.perf_counter() - started:.0f} s; materialize() {cpu[0] / count * 1e6:.0f} µs"
        " CPU a document",
        flush=True,
    )
    with_field, without = _store_mb(client, name), _store_mb(client, plain)
    client.indices.delete(index=plain)
    print(
        f"  store size: {with_field:.1f} MB with the materialized field, {without:.1f} MB"
        f" without (x{with_field / without:.2f}; {(with_field - without) * 1e6 / count:.0f}"
        " bytes a document more)",
        flush=True,
    )
    return name


def _store_mb(client, index: str) -> float:
    stats = client.indices.stats(index=index, metric="store")
    return stats["indices"][index]["primaries"]["store"]["size_in_bytes"] / 1e6


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


class PeakRss:
    def __init__(self) -> None:
        self.peak = self.start = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, rss_mb())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def raw_source(fmt: str) -> dict:
    """The _source the export of `fmt` reads, for its raw scroll."""
    if fmt in MATERIALIZED:
        return stored_source(fmt)
    return {"excludes": searching.SOURCE_EXCLUDES}


def raw_scroll(client, index: str, fmt: str) -> tuple[int, float]:
    started = time.perf_counter()
    count = 0
    for _ in helpers.scan(
        client,
        index=index,
        size=1000,
        query={"query": {"match_all": {}}, "_source": raw_source(fmt)},
    ):
        count += 1
    return count, time.perf_counter() - started


def measure_exports(client, index: str, formats: list[str]) -> list[dict]:
    store = Store(client, index)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        raw_scroll(client, index, "csv")  # warm the engine's caches
        for fmt in formats:
            target = str(Path(folder) / f"out-{fmt}")
            raw_count, raw_s = raw_scroll(client, index, fmt)
            with PeakRss() as memory:
                started = time.perf_counter()
                summary = export(store, fmt, target, progress=False)
                export_s = time.perf_counter() - started
            raw_count2, raw_s2 = raw_scroll(client, index, fmt)
            raw_rate = (raw_count + raw_count2) / (raw_s + raw_s2)
            rate = summary.documents / export_s
            rows.append(
                {
                    "format": fmt,
                    "documents": summary.documents,
                    "export_s": export_s,
                    "export_rate": rate,
                    "raw_rate": raw_rate,
                    "ratio": rate / raw_rate,
                    "rss_growth_mb": memory.peak - memory.start,
                    "workers": summary.workers,
                }
            )
            print(
                f"  {fmt:<10} {summary.documents} docs in {export_s:6.1f} s = {rate:7.0f} docs/s;"
                f" raw scroll {raw_rate:7.0f} docs/s; ratio {rate / raw_rate:.2f};"
                f" peak RSS +{memory.peak - memory.start:.0f} MB"
                + (
                    f" ({summary.workers} sliced workers, peak RSS"
                    f" {summary.worker_peak_mb:.0f} MB each at most)"
                    if summary.workers > 1
                    else ""
                ),
                flush=True,
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="search index size")
    parser.add_argument("--export-docs", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the indices")
    args = parser.parse_args(argv)

    bench = _bench_search()
    client = get_client(request_timeout=120)
    if not args.skip_search:
        print(f"== search mix: {args.queries} queries over {args.docs:,} documents ==", flush=True)
        index = bench.ensure_index(client, args.docs, args.keep, args.seed)
        queries = bench.query_mix(client, index, args.queries, args.seed)
        process, url = start_api(index)
        try:
            overhead = measure_overhead(client, index, url, queries, bench.percentile)
            ratio = overhead["api_p50"] / overhead["direct_p50"]
            print(
                f"  search() p50 {overhead['direct_p50']:.1f} ms (p95 {overhead['direct_p95']:.1f});"
                f" API p50 {overhead['api_p50']:.1f} ms (p95 {overhead['api_p95']:.1f})"
            )
            print(
                f"  API p50 / search() p50 = {ratio:.2f}; target <= 1.3 -> "
                f"{'OK' if ratio <= 1.3 else 'OVER'}; different results: {overhead['mismatches']}"
            )
            throughput = measure_throughput(url, queries, args.clients)
            print(
                f"  {args.clients} concurrent clients: {throughput['requests']} requests in "
                f"{throughput['seconds']:.1f} s = {throughput['rps']:.0f} requests/s "
                f"({throughput['errors']} errors)",
                flush=True,
            )
        finally:
            process.terminate()
            process.wait(timeout=30)
    if not args.skip_export:
        for count in args.export_docs:
            print(f"== exports: {count:,} documents ==", flush=True)
            index = ensure_export_index(client, count, args.keep)
            rows = measure_exports(client, index, args.formats)
            worst = min(rows, key=lambda r: r["ratio"])
            print(
                f"  median ratio {statistics.median(r['ratio'] for r in rows):.2f}; "
                f"lowest {worst['ratio']:.2f} ({worst['format']}); target >= 0.7"
            )
            if not args.keep:
                client.indices.delete(index=index)
    client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
