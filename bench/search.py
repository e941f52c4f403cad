"""Search benchmark: the search module against its own query bodies sent raw, and latency.

Run: .venv/bin/python bench/search.py [--docs 100000 1000000] [--queries 300] [--keep]

For each size it bulk-loads synthetic provider documents (indexer.mapping.index_body(),
raw client, one index `bench-search-<N>`; --keep reuses it on the next run), then:

1. overhead: the same realistic query mix run through search.service.search() end to end
   (sanitize, geocode, build, send, parse into typed results) and, interleaved one by
   one, the exact bodies it sends posted with the raw client; prints the ratio
   (target: search() at most 1.15 x raw);
2. latency: p50 and p95 of search() over the mix, overall and per kind of query.

Uses the engine at ES_URL (default http://127.0.0.1:9200).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the
# search package: the repository root goes in front of it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from elasticsearch import helpers

from clinics import fields as F
from indexer import fields
from indexer.client import get_client
from indexer.mapping import SOURCE_URL_KEY, index_body
from search.service import search
from search.types import GeoPoint, SearchParams

# (name, lat, lon, weight, spread in degrees); Houston is the dense first metro.
METROS = [
    ("Houston", 29.76, -95.37, 30, 0.25),
    ("Dallas", 32.78, -96.80, 10, 0.25),
    ("Austin", 30.27, -97.74, 6, 0.2),
    ("San Antonio", 29.42, -98.49, 6, 0.2),
    ("New York", 40.71, -74.01, 12, 0.2),
    ("Los Angeles", 34.05, -118.24, 10, 0.3),
    ("Chicago", 41.88, -87.63, 8, 0.25),
    ("Phoenix", 33.45, -112.07, 5, 0.25),
    ("Miami", 25.76, -80.19, 5, 0.2),
    ("Denver", 39.74, -104.99, 4, 0.2),
    ("Seattle", 47.61, -122.33, 4, 0.2),
]
HOUSTON_ZIPS = ["77030", "77002", "77005", "77006", "77019", "77024", "77098", "77401", "77478"]
THERAPY_WEIGHTS = {
    "cbt": 30,
    "dbt": 10,
    "act": 8,
    "emdr": 10,
    "exposure_therapy": 5,
    "psychodynamic": 8,
    "mindfulness_based": 7,
    "interpersonal": 4,
    "trauma_focused": 8,
    "family_couples": 8,
    "group_therapy": 6,
    "integration_therapy": 2,
    "medication_management": 10,
    "tms": 2,
    "ketamine_assisted_psychotherapy": 3,
    "ketamine_infusion": 3,
    "ketamine_intramuscular": 1,
    "ketamine_oral": 1,
    "ketamine_at_home": 1,
    "esketamine_spravato": 2,
}
CONDITIONS = [
    "anxiety",
    "depression",
    "ptsd",
    "ocd",
    "bipolar",
    "substance_use",
    "treatment_resistant_depression",
    "panic",
    "social_anxiety",
    "chronic_pain",
]
INSURERS = [
    "Aetna",
    "Cigna",
    "Blue Cross Blue Shield",
    "UnitedHealthcare",
    "Humana",
    "Medicaid",
    "Medicare",
    "Tricare",
    "Self-pay",
    "Ambetter",
]
LANGUAGES = ["Spanish", "Vietnamese", "Chinese", "French", "Arabic", "Hindi"]
FIRST = ["Avery", "Jordan", "Maria", "Wei", "Priya", "Daniel", "Grace", "Omar", "Lena", "Sam"]
LAST = ["Lin", "Garcia", "Nguyen", "Patel", "Smith", "Okafor", "Kim", "Rossi", "Cohen", "Hall"]
WORDS = [
    "Bayou",
    "Cypress",
    "Harbor",
    "Lakeside",
    "Summit",
    "Willow",
    "Northside",
    "Oak",
    "Riverstone",
    "Meadow",
    "Cedar",
    "Horizon",
]
KINDS = [
    "Counseling",
    "Psychiatry",
    "Wellness Center",
    "Ketamine Clinic",
    "Therapy Group",
    "Behavioral Health",
    "Mind Clinic",
]
QUERY_TEXTS = [
    "ketamine",
    "cbt anxiety",
    "emdr trauma",
    "wellness",
    "psychiatry",
    "ketamine depression",
    "bayou",
    "spravato",
]


def provider_types() -> list[str]:
    from clinics import taxonomy

    return sorted(taxonomy.PROVIDER_TYPES)


def synthetic_documents(count: int, seed: int) -> Iterator[dict]:
    rng = random.Random(seed)
    metros = [m for m in METROS for _ in range(m[3])]
    codes, weights = zip(*THERAPY_WEIGHTS.items(), strict=True)
    types = provider_types()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(count):
        city, lat, lon, _, spread = rng.choice(metros)
        individual = rng.random() < 0.6
        if individual:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(['LPC', 'LCSW', 'MD', 'PhD'])}"
        else:
            name = f"{rng.choice(WORDS)} {rng.choice(KINDS)}"
        therapies = sorted(set(rng.choices(codes, weights, k=rng.randint(1, 4))))
        conditions = sorted(set(rng.choices(CONDITIONS, k=rng.randint(1, 3))))
        languages = ["English"] + (["Spanish"] if rng.random() < 0.3 else [])
        if rng.random() < 0.05:
            languages.append(rng.choice(LANGUAGES))
        description = (
            f"{name} offers {', '.join(t.replace('_', ' ') for t in therapies)} "
            f"for {', '.join(conditions).replace('_', ' ')} in {city}."
        )
        doc_id = f"bench:{n}"
        yield {
            fields.DOC_ID: doc_id,
            F.IS_SAMPLE: True,
            F.KIND: "individual" if individual else "organization",
            F.NAME: name,
            F.DESCRIPTION: description,
            F.THERAPIES: therapies,
            F.CONDITIONS: conditions,
            F.PROVIDER_TYPES: [rng.choice(types)] if rng.random() < 0.7 else [],
            F.CITY: city,
            fields.LOCATION: {
                "lat": round(lat + rng.gauss(0, spread), 6),
                "lon": round(lon + rng.gauss(0, spread), 6),
            },
            F.TELEHEALTH: rng.random() < 0.4,
            F.ACCEPTING_NEW_PATIENTS: rng.random() < 0.5,
            F.INSURANCE: sorted(set(rng.choices(INSURERS, k=rng.randint(0, 4)))),
            F.LANGUAGES: languages,
            fields.SOURCES: [
                {
                    F.SOURCE: "bench",
                    F.SOURCE_REF: str(n),
                    SOURCE_URL_KEY: f"https://example.org/bench/{n}",
                    F.FETCHED_AT: "2026-11-01T00:00:00Z",
                }
            ],
            fields.SOURCE_NAMES: ["bench"],
            fields.LAST_VERIFIED: (start + timedelta(days=rng.randint(0, 690))).isoformat(),
            fields.NAME_SUGGEST: {"input": [name]},
            fields.SEARCH_TEXT: description,
        }


def ensure_index(client, count: int, keep: bool, seed: int) -> str:
    name = f"bench-search-{count}"
    if client.indices.exists(index=name):
        have = client.count(index=name)["count"]
        if keep and have == count:
            print(f"  reusing {name} ({have} documents)")
            return name
        client.indices.delete(index=name)
    body = index_body()
    body["settings"] = {**body["settings"], "refresh_interval": "-1"}
    client.indices.create(index=name, **body)
    started = time.perf_counter()
    actions = (
        {"_index": name, "_id": doc[fields.DOC_ID], "_source": doc}
        for doc in synthetic_documents(count, seed)
    )
    loaded = 0
    for ok, _ in helpers.streaming_bulk(
        client.options(request_timeout=120), actions, chunk_size=2000, raise_on_error=True
    ):
        loaded += ok
    client.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
    client.indices.refresh(index=name)
    client.options(request_timeout=600).indices.forcemerge(index=name, max_num_segments=1)
    elapsed = time.perf_counter() - started
    print(f"  loaded {loaded} documents in {elapsed:.0f} s ({loaded / elapsed:.0f} docs/s)")
    return name


@dataclass(frozen=True)
class Query:
    kind: str
    params: SearchParams


def _houston_point(rng: random.Random) -> GeoPoint:
    return GeoPoint(29.76 + rng.gauss(0, 0.12), -95.37 + rng.gauss(0, 0.12))


def _any_point(rng: random.Random) -> GeoPoint:
    _, lat, lon, _, spread = rng.choice(METROS)
    return GeoPoint(lat + rng.gauss(0, spread / 2), lon + rng.gauss(0, spread / 2))


def query_mix(client, index: str, count: int, seed: int) -> list[Query]:
    """A realistic mix: mostly a place and one or two filters, some text, some paging."""
    rng = random.Random(seed)
    ketamine = [c for c in THERAPY_WEIGHTS if "ketamine" in c] + ["esketamine_spravato"]
    makers = [
        (20, "zip only", lambda: SearchParams(near_text=rng.choice(HOUSTON_ZIPS))),
        (
            20,
            "one therapy",
            lambda: SearchParams(
                point=_any_point(rng), therapies=(rng.choice([*ketamine, "cbt", "emdr"]),)
            ),
        ),
        (
            15,
            "three filters",
            lambda: SearchParams(
                point=_houston_point(rng),
                radius_mi=10,
                therapies=("cbt", "dbt"),
                conditions=(rng.choice(CONDITIONS),),
                telehealth=True,
            ),
        ),
        (
            15,
            "text",
            lambda: SearchParams(
                point=_houston_point(rng), text=rng.choice(QUERY_TEXTS), sort="relevance"
            ),
        ),
        (
            10,
            "wide + access",
            lambda: SearchParams(
                point=_any_point(rng),
                radius_mi=50,
                insurance=(rng.choice(INSURERS),),
                languages=("spanish",),
                accepting_new_patients=True,
            ),
        ),
        (
            10,
            "recent",
            lambda: SearchParams(point=_houston_point(rng), radius_mi=25, sort="recent"),
        ),
        (10, "page 2", None),
    ]
    weights = [m[0] for m in makers]
    queries = []
    for _ in range(count):
        _, kind, make = rng.choices(makers, weights)[0]
        if make is None:
            first = SearchParams(point=_houston_point(rng), therapies=("cbt",), size=10)
            after = search(client, first, index=index).next_search_after
            params = replace(first, search_after=after)
        else:
            params = make()
        queries.append(Query(kind, params))
    return queries


class RecordingClient:
    """Passes search calls through, keeps each body (to replay it raw) and the time spent
    inside the client (to tell the module's own time from the engine's)."""

    def __init__(self, client):
        self.client = client
        self.bodies: list[dict] = []
        self.inside_ms = 0.0

    def search(self, **kwargs):
        self.bodies.append(kwargs["body"])
        started = time.perf_counter()
        try:
            return self.client.search(**kwargs)
        finally:
            self.inside_ms += (time.perf_counter() - started) * 1000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def measure(client, index: str, queries: list[Query]) -> dict:
    # the exact bodies search() sends (one per query, two when it falls back beyond radius)
    recorded = []
    for query in queries:
        recorder = RecordingClient(client)
        search(recorder, query.params, index=index)
        recorded.append(recorder.bodies)
    module_ms, raw_ms, own_ms = [], [], []
    by_kind: dict[str, list[float]] = defaultdict(list)
    for n, (query, bodies) in enumerate(zip(queries, recorded, strict=True)):

        def run_module(query=query):
            recorder = RecordingClient(client)
            started = time.perf_counter()
            search(recorder, query.params, index=index)
            elapsed = (time.perf_counter() - started) * 1000
            own_ms.append(elapsed - recorder.inside_ms)
            return elapsed

        def run_raw(bodies=bodies):
            started = time.perf_counter()
            for body in bodies:
                client.search(index=index, body=body)
            return (time.perf_counter() - started) * 1000

        if n % 2:
            raw, module = run_raw(), run_module()
        else:
            module, raw = run_module(), run_raw()
        module_ms.append(module)
        raw_ms.append(raw)
        by_kind[query.kind].append(module)
    return {"module": module_ms, "raw": raw_ms, "own": own_ms, "by_kind": by_kind}


def report(count: int, results: dict) -> None:
    module, raw = results["module"], results["raw"]
    ratio_sum = sum(module) / sum(raw)
    ratio_median = statistics.median(module) / statistics.median(raw)
    print(f"\n== {count:,} documents, {len(module)} queries ==")
    print(f"  search() total {sum(module):.0f} ms, raw bodies total {sum(raw):.0f} ms")
    print(
        f"  overhead: total ratio {ratio_sum:.3f} (median ratio {ratio_median:.3f}); "
        f"target <= 1.15 -> {'OK' if ratio_sum <= 1.15 else 'OVER'}"
    )
    own = results["own"]
    print(
        f"  the module's own time (sanitize, geocode, build, parse; outside the client): "
        f"p50 {percentile(own, 50):.2f} ms, p95 {percentile(own, 95):.2f} ms, "
        f"{sum(own) / sum(raw):.1%} of the raw total"
    )
    print(f"  search() p50 {percentile(module, 50):.1f} ms  p95 {percentile(module, 95):.1f} ms")
    print(f"  raw      p50 {percentile(raw, 50):.1f} ms  p95 {percentile(raw, 95):.1f} ms")
    for kind, values in sorted(results["by_kind"].items()):
        print(
            f"    {kind:<14} n={len(values):<4} p50 {percentile(values, 50):6.1f} ms  "
            f"p95 {percentile(values, 95):6.1f} ms"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the indices")
    args = parser.parse_args(argv)
    client = get_client(request_timeout=120)
    try:
        for count in args.docs:
            print(f"index of {count:,} synthetic documents")
            index = ensure_index(client, count, args.keep, args.seed)
            queries = query_mix(client, index, args.queries, args.seed)
            # warm up: caches, the geocoder's gazetteer, JIT of the engine
            for query in queries[: min(50, len(queries))]:
                search(client, query.params, index=index)
            report(count, measure(client, index, queries))
            if not args.keep:
                client.indices.delete(index=index)
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
