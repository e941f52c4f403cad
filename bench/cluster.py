"""Cluster benchmark: one node against a cluster of N nodes, measured in one run.

Run: .venv/bin/python bench/cluster.py [--docs 100000] [--queries 300] [--nodes 3]

For each layout (1 node, then N nodes) it starts the local engine on free ports in a
temporary home (`clinics.engine.start(..., nodes=)`, every node with the same heap; ES_URL
is ignored), then:

1. load: the synthetic documents of bench/search.py sent the way `clinics index` sends
   them (indexer.bulk.BulkSender: its chunks, threads and `wait_for_active_shards`) into an
   index created with the loader's defaults for that cluster (indexer.replication: 0
   replicas on one node, 1 on several), until the index is refreshed and green (yellow on
   one node); documents per second;
2. search: the same 300-query mix as bench/search.py through search.service.search() with
   the client every command uses (all nodes, failover); p50 and p95 after a warm-up.

Prints both layouts side by side and the ratios. Informative only: on a 2-core machine the
nodes of a cluster share the same two cores, so the cluster pays for its replicas and
its coordination and gains no CPU.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the
# search package: the repository root goes in front of it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clinics import engine
from clinics import settings as clinics_settings
from indexer import aliases, replication
from indexer import fields as doc
from indexer import load_settings as load_settings_module
from indexer.bulk import BulkSender
from indexer.client import get_client
from search.service import search as run_search


def _search_bench():
    """bench/search.py (its documents, query mix and percentile), under another name than
    the search package's."""
    import importlib.util

    path = Path(__file__).resolve().parent / "search.py"
    spec = importlib.util.spec_from_file_location("bench_search", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


SEARCH_BENCH = _search_bench()
percentile = SEARCH_BENCH.percentile
query_mix = SEARCH_BENCH.query_mix
synthetic_documents = SEARCH_BENCH.synthetic_documents


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_range(count: int) -> int:
    for first in range(21000, 60000, 37):
        ports = [*range(first, first + count)]
        ports += [p + engine.TRANSPORT_OFFSET for p in ports]
        if all(_free(port) for port in ports):
            return first
    raise RuntimeError("no free ports")


def load(client, index: str, count: int, seed: int) -> dict:
    settings = load_settings_module.load("bench-cluster")
    layout = replication.layout(client, replace(settings, shards=1))
    aliases.create_index(client, index, layout.shards, layout.replicas, loading=True)
    replication.loading(client, index)
    documents = list(synthetic_documents(count, seed))  # built before the clock starts
    started = time.perf_counter()
    sender = BulkSender(
        client, index, settings, wait_for_active_shards=layout.wait_for_active_shards
    )
    try:
        for document in documents:
            sender.index_document(document[doc.DOC_ID], document)
        stats = sender.flush()
    finally:
        sender.close()
    sent = time.perf_counter() - started
    aliases.finish_loading(client, index)
    replication.loaded(client, index)
    replication.wait_until_ready(client, index, layout, timeout_s=600)
    seconds = time.perf_counter() - started
    assert stats.error_count == 0, stats.errors[:3]
    counted = client.count(index=index)["count"]
    assert counted == count, (counted, count)
    store = client.indices.stats(index=index, metric="store")["_all"]
    return {
        "replicas": layout.replicas,
        "wait": layout.wait_for_active_shards,
        "sent_s": sent,
        "load_s": seconds,
        "docs_per_s": count / seconds,
        "primary_mb": store["primaries"]["store"]["size_in_bytes"] / 1e6,
        "total_mb": store["total"]["store"]["size_in_bytes"] / 1e6,
    }


def searches(client, index: str, queries: int, seed: int) -> dict:
    mix = query_mix(client, index, queries, seed)
    for query in mix[:50]:  # warm up: caches, the gazetteer, the engine's JIT
        run_search(client, query.params, index=index)
    times = []
    for query in mix:
        started = time.perf_counter()
        run_search(client, query.params, index=index)
        times.append((time.perf_counter() - started) * 1000)
    return {"p50": percentile(times, 50), "p95": percentile(times, 95), "n": len(times)}


def measure(nodes: int, args) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"bench-cluster-{nodes}-"))
    config = replace(
        clinics_settings.load(),
        es_url=f"http://127.0.0.1:{free_range(nodes)}",
        engine_home=home,
        engine_heap=args.heap,
        engine_start_timeout_s=300.0,
    )
    print(f"\n== {nodes} node{'s' if nodes > 1 else ''} ({args.heap} heap each) ==", flush=True)
    started = time.perf_counter()
    engine.start(config, nodes=nodes, heap=args.heap)
    print(f"  started in {time.perf_counter() - started:.0f} s", flush=True)
    client = get_client(config, request_timeout=300)
    try:
        index = "bench-cluster"
        loaded = load(client, index, args.docs, args.seed)
        print(
            f"  load: {args.docs:,} documents in {loaded['load_s']:.1f} s "
            f"({loaded['docs_per_s']:,.0f} docs/s; sending {loaded['sent_s']:.1f} s), "
            f"{loaded['replicas']} replica(s), wait_for_active_shards={loaded['wait']}, "
            f"store {loaded['primary_mb']:.0f} MB primaries / {loaded['total_mb']:.0f} MB total",
            flush=True,
        )
        searched = searches(client, index, args.queries, args.seed)
        print(
            f"  search: {searched['n']} queries p50 {searched['p50']:.1f} ms "
            f"p95 {searched['p95']:.1f} ms",
            flush=True,
        )
    finally:
        client.close()
        engine.stop(config)
        shutil.rmtree(home, ignore_errors=True)
    return {**loaded, **searched}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--nodes", type=int, default=3, help="size of the cluster (vs 1)")
    parser.add_argument("--heap", default="1g", help="heap of every node, in both layouts")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    one = measure(1, args)
    many = measure(args.nodes, args)
    n = args.nodes
    print(f"\n{'':<26}{'1 node':>12}{f'{n} nodes':>12}{'ratio':>9}")
    rows = [
        ("load docs/s", "docs_per_s", "{:,.0f}"),
        ("load seconds", "load_s", "{:.1f}"),
        ("search p50 ms", "p50", "{:.1f}"),
        ("search p95 ms", "p95", "{:.1f}"),
        ("store MB (all copies)", "total_mb", "{:.0f}"),
    ]
    for label, key, fmt in rows:
        ratio = many[key] / one[key] if one[key] else float("nan")
        print(f"{label:<26}{fmt.format(one[key]):>12}{fmt.format(many[key]):>12}{ratio:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
