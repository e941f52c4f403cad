"""Engine benchmark: cold start, and the Python bulk helper against raw NDJSON to _bulk.

Run: .venv/bin/python bench/engine.py [--docs 10000] [--rounds 3]
Starts its own engine on a free port with a temporary home (ES_URL is ignored), so it
measures a cold start every time, then loads the same documents both ways into fresh
indices, alternating the order, and prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import tempfile
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

from elasticsearch import Elasticsearch, helpers

from clinics import engine, settings

MAPPING = {
    "properties": {
        "name": {"type": "text"},
        "therapies": {"type": "keyword"},
        "location": {"type": "geo_point"},
        "telehealth": {"type": "boolean"},
    }
}
THERAPIES = ["cbt", "dbt", "emdr", "ketamine_infusion", "ketamine_assisted_psychotherapy"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_documents(count: int) -> list[dict]:
    rng = random.Random(7)
    return [
        {
            "name": f"Provider {i}",
            "therapies": rng.sample(THERAPIES, 2),
            "location": {
                "lat": 29.7 + rng.uniform(-0.3, 0.3),
                "lon": -95.4 + rng.uniform(-0.3, 0.3),
            },
            "telehealth": rng.random() < 0.5,
        }
        for i in range(count)
    ]


def load_with_helper(client: Elasticsearch, index: str, docs: list[dict]) -> float:
    started = time.perf_counter()
    actions = ({"_index": index, "_id": str(i), "_source": doc} for i, doc in enumerate(docs))
    helpers.bulk(client, actions, chunk_size=1000, refresh=False)
    return time.perf_counter() - started


def ndjson_chunks(index: str, docs: list[dict], chunk: int = 1000) -> list[bytes]:
    chunks = []
    for start in range(0, len(docs), chunk):
        lines = []
        for i in range(start, min(start + chunk, len(docs))):
            lines.append(json.dumps({"index": {"_index": index, "_id": str(i)}}))
            lines.append(json.dumps(docs[i]))
        chunks.append(("\n".join(lines) + "\n").encode())
    return chunks


def load_raw(url: str, chunks: list[bytes]) -> float:
    started = time.perf_counter()
    for body in chunks:
        request = urllib.request.Request(
            url + "/_bulk", data=body, headers={"Content-Type": "application/x-ndjson"}
        )
        with urllib.request.urlopen(request) as response:
            result = json.loads(response.read())
            assert not result["errors"], "raw bulk reported errors"
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home:
        config = replace(
            settings.load(),
            es_url=f"http://127.0.0.1:{free_port()}",
            engine_home=Path(home),
        )
        engine.build_launcher(config)
        started = time.perf_counter()
        engine.start(config)
        cold_start = time.perf_counter() - started
        try:
            client = Elasticsearch(config.es_url, request_timeout=120)
            docs = make_documents(args.docs)
            helper_times, raw_times = [], []
            for round_no in range(args.rounds):
                order = ["helper", "raw"] if round_no % 2 == 0 else ["raw", "helper"]
                for kind in order:
                    index = f"bench-{kind}-{round_no}"
                    client.indices.create(index=index, mappings=MAPPING)
                    if kind == "helper":
                        helper_times.append(load_with_helper(client, index, docs))
                    else:
                        raw_times.append(load_raw(config.es_url, ndjson_chunks(index, docs)))
                    client.indices.refresh(index=index)
                    count = client.count(index=index)["count"]
                    assert count == args.docs, f"{index} holds {count} documents"
                    client.indices.delete(index=index)
            helper = statistics.median(helper_times)
            raw = statistics.median(raw_times)
        finally:
            engine.stop(config)

    print(f"engine cold start: {cold_start:.1f} s (launcher already built)")
    print(f"documents per load: {args.docs}, rounds: {args.rounds}")
    print(f"bulk helper:   {helper:.2f} s  ({args.docs / helper:,.0f} docs/s)")
    print(f"raw _bulk:     {raw:.2f} s  ({args.docs / raw:,.0f} docs/s)")
    print(f"throughput ratio helper/raw: {raw / helper:.2f}")


if __name__ == "__main__":
    main()
