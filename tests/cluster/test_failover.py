"""A node killed with kill -9 on a real 3-node cluster: searches keep answering in full, a
rebuild load ends with exactly the expected documents or says in one line why it did not
(the alias then still on the previous complete index), and the node comes back to a green
cluster. Each test prints how many searches and documents it ran."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace

import pytest

from clinics.errors import ClinicsError
from indexer import aliases, load_settings
from indexer.load import load_files
from search.service import search
from search.types import SearchParams
from tests.cluster.conftest import clinics, report
from tests.indexer.records import many_records, write_jsonl

pytestmark = pytest.mark.integration

DOCUMENTS = 600
SEARCHES_BEFORE_KILL = 40
SEARCHES_AFTER_KILL = 160
QUERIES = (
    SearchParams(near_text="77030", radius_mi=25),
    SearchParams(near_text="77002", radius_mi=10, sort="distance"),
    SearchParams(near_text="Houston, TX", radius_mi=50, text="provider"),
    SearchParams(near_text="77401", radius_mi=5),
)


def _settings(alias: str, **changes):
    return replace(
        load_settings.load(alias),
        shards=3,
        chunk_docs=50,
        bulk_threads=2,
        retries=6,
        backoff_s=0.5,
        health_timeout_s=90.0,
        **changes,
    )


def _ids(client, alias: str) -> set[str]:
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, size=10_000, source=False, query={"match_all": {}})
    return {hit["_id"] for hit in hits["hits"]["hits"]}


def _holders(client, index: str) -> list[str]:
    """Names of the nodes that hold a primary shard of the index."""
    rows = client.cat.shards(index=index, format="json", h="node,prirep,state")
    return sorted({row["node"] for row in rows if row["prirep"] == "p" and row["node"]})


@pytest.fixture
def loaded(cluster, tmp_path):
    """A providers alias of DOCUMENTS documents (3 shards, 1 replica) on the cluster."""
    cluster.ensure_all_up()
    client = cluster.client(max_retries=0, request_timeout=120)
    cluster.wait_green(client)
    alias = f"test-failover-{int(time.time() * 1000) % 10**8}"
    path = write_jsonl(tmp_path / "providers.jsonl", many_records(DOCUMENTS))
    result = load_files(client, [path], alias=alias, settings=_settings(alias))
    assert result.documents == DOCUMENTS
    index = aliases.alias_indices(client, alias)[0]
    settings = client.indices.get_settings(index=index)[index]["settings"]["index"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == ("3", "1")
    yield client, alias, path
    client.indices.delete(index=f"{alias}*", ignore_unavailable=True, allow_no_indices=True)
    client.close()


def test_searches_survive_a_node_killed_during_them(cluster, loaded):
    """(a) and (c): kill -9 the node of ES_URL (the first listed) while searches run;
    no search fails, none comes back empty or with fewer results than before; with it
    down, `clinics es status` says so and `clinics search` answers; `clinics es start
    --node` starts it again and the cluster is green."""
    _, alias, _ = loaded
    client = cluster.client(request_timeout=10, max_retries=1)  # what the UI uses
    first = cluster.nodes[0]
    known = [node.base_url for node in client.transport.node_pool.all()]
    assert len(known) == 3 and first.url in known  # the client shuffles its pool
    expected = {n: search(client, query, index=alias).total for n, query in enumerate(QUERIES)}
    assert all(expected.values()), expected

    counts = {"searches": 0, "failed": 0, "empty": 0, "incomplete": 0}
    failures: list[str] = []
    killed_at: list[int] = []

    def run_searches() -> None:
        for n in range(SEARCHES_BEFORE_KILL + SEARCHES_AFTER_KILL):
            if n == SEARCHES_BEFORE_KILL:
                killed_at.append(cluster.kill(first))
            query = QUERIES[n % len(QUERIES)]
            counts["searches"] += 1
            try:
                response = search(client, query, index=alias)
            except Exception as exc:  # counted and shown, never hidden
                counts["failed"] += 1
                failures.append(f"{type(exc).__name__}: {exc}"[:200])
                continue
            if response.total == 0:
                counts["empty"] += 1
            elif response.total != expected[n % len(QUERIES)]:
                counts["incomplete"] += 1
                failures.append(f"search {n}: {response.total} != {expected[n % len(QUERIES)]}")

    started = time.monotonic()
    worker = threading.Thread(target=run_searches)
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive(), "the searches did not finish within 300 s"
    seconds = time.monotonic() - started

    # With the node still down, as a user: no ES_URL (the nodes `clinics es start`
    # recorded), `clinics es status` shows it down and `clinics search` answers.
    env = {k: v for k, v in cluster.env.items() if k != "ES_URL"}
    env["CLINICS_INDEX_ALIAS"] = alias
    status = clinics(env, "es", "status")
    assert status.returncode == 0, status.stderr
    assert any(
        line.startswith(first.name) and line.endswith("down") for line in status.stdout.splitlines()
    ), status.stdout
    found = clinics(env, "search", "--near", "77030", "--radius-mi", "25", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] == expected[0]

    rejoin_started = time.monotonic()
    back = clinics(env, "es", "start", "--node", first.name)
    assert back.returncode == 0, back.stderr
    rejoin = time.monotonic() - rejoin_started
    green = cluster.wait_green(client)
    client.close()
    report(
        "searches while a node is killed",
        killed=first.name,
        documents=DOCUMENTS,
        **counts,
        search_seconds=round(seconds, 1),
        rejoin_seconds=round(rejoin, 1),
        green_after_s=round(green, 1),
    )
    assert killed_at, "the node was never killed"
    assert counts["searches"] == SEARCHES_BEFORE_KILL + SEARCHES_AFTER_KILL
    assert (counts["failed"], counts["empty"], counts["incomplete"]) == (0, 0, 0), failures[:5]


def test_a_rebuild_load_survives_a_node_killed_during_it(cluster, loaded, tmp_path):
    """(b) and (c): a rebuild of DOCUMENTS + 200 records; after its third chunk the node
    holding a primary of the new index is killed. The load either ends with exactly the
    expected ids behind the alias, or fails with one line and the alias still on the
    previous complete index. Then the node rejoins and the cluster is green."""
    client, alias, _ = loaded
    before = aliases.alias_indices(client, alias)
    previous_ids = _ids(client, alias)
    assert len(previous_ids) == DOCUMENTS
    path = write_jsonl(tmp_path / "rebuild.jsonl", many_records(DOCUMENTS + 200))
    control = f"{alias}-control"  # the same file loaded on the whole cluster: the ids to expect
    load_files(client, [path], alias=control, settings=_settings(control))
    expected_ids = _ids(client, control)
    client.indices.delete(index=f"{control}*", ignore_unavailable=True, allow_no_indices=True)
    assert len(expected_ids) == DOCUMENTS + 200
    chunks = 0
    victim: list = []

    def kill_after_three_chunks(_sent: int) -> None:
        nonlocal chunks
        chunks += 1
        if chunks == 3:
            loading = [i for i in aliases.versioned_indices(client, f"{alias}-") if i > before[0]]
            assert len(loading) == 1, loading
            holders = _holders(client, loading[0])
            node = next(n for n in cluster.nodes if n.name in holders)
            cluster.kill(node)
            victim.append(node)

    started = time.monotonic()
    outcome = "finished"
    error = ""
    try:
        result = load_files(
            client,
            [path],
            alias=alias,
            settings=_settings(alias),
            after_chunk=kill_after_three_chunks,
        )
    except ClinicsError as exc:
        outcome, error = "failed", str(exc)
    seconds = time.monotonic() - started
    assert victim, "no node was killed (the load sent fewer than three chunks)"
    if outcome == "finished":
        assert result.documents == DOCUMENTS + 200
        assert aliases.alias_indices(client, alias) != before
        assert _ids(client, alias) == expected_ids
    else:
        assert "\n" not in error and error, error
        assert aliases.alias_indices(client, alias) == before
        assert _ids(client, alias) == previous_ids
    rejoin = cluster.restart(victim[0])
    green = cluster.wait_green(client)
    report(
        "rebuild while a node is killed",
        killed=victim[0].name,
        documents=DOCUMENTS + 200,
        chunks=chunks,
        outcome=outcome,
        load_seconds=round(seconds, 1),
        rejoin_seconds=round(rejoin, 1),
        green_after_s=round(green, 1),
        error=repr(error[:160]) if error else "-",
    )
