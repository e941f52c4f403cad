"""Loads under stress on real nodes: searches during a rebuild, and an engine that stops in
the middle of a load (a second, private engine: the shared node is never stopped)."""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from indexer import aliases, load_settings
from indexer.load import load_files
from indexer.retry import EngineUnreachable
from tests.indexer.records import many_records, write_jsonl

pytestmark = pytest.mark.integration


def all_documents(client, alias: str) -> dict[str, dict]:
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, size=10_000, query={"match_all": {}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def test_searches_never_fail_or_go_empty_during_rebuilds(es, index_name, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", many_records(300))
    load_files(es, [path], alias=index_name)
    queries = [
        {"match_all": {}},
        {"term": {"source_names": "npi"}},
        {"match": {"search_text": "provider"}},
        {"term": {"postal_code": "77030"}},
    ]
    failures: list[str] = []
    empty: list[str] = []
    searches = 0
    done = threading.Event()

    def search_loop() -> None:
        nonlocal searches
        while not done.is_set():
            for query in queries:
                try:
                    total = es.search(index=index_name, query=query, size=3)["hits"]["total"]
                except Exception as exc:  # recorded, asserted below
                    failures.append(f"{query}: {exc}")
                    continue
                searches += 1
                if total["value"] == 0:
                    empty.append(str(query))

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        for _ in range(3):
            load_files(es, [path], alias=index_name)
    finally:
        done.set()
        thread.join(timeout=60)
    assert searches > 0
    assert failures == []
    assert empty == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_engine(tmp_path_factory):
    """A second engine on its own port and home, stopped at the end."""
    from clinics import engine, settings

    config = replace(
        settings.load(),
        es_url=f"http://127.0.0.1:{_free_port()}",
        engine_home=Path(tmp_path_factory.mktemp("private-engine")),
        engine_heap=os.environ.get("CLINICS_TEST_ENGINE_HEAP", "512m"),
    )
    engine.start(config)
    try:
        yield config
    finally:
        engine.stop(config)


def test_engine_stopped_mid_load_then_restarted_gives_the_uninterrupted_documents(
    es, index_name, tmp_path, private_engine
):
    from clinics import engine

    path = write_jsonl(tmp_path / "in.jsonl", many_records(1500))
    expected = load_files(es, [path], alias=index_name)
    expected_docs = all_documents(es, index_name)
    assert len(expected_docs) == expected.documents == 1500

    client = Elasticsearch(private_engine.es_url, max_retries=0, request_timeout=10)
    alias = "providers-under-test"
    settings = replace(
        load_settings.load(alias), chunk_docs=100, bulk_threads=1, retries=2, backoff_s=0.05
    )
    chunks = 0

    def stop_after_three_chunks(_sent: int) -> None:
        nonlocal chunks
        chunks += 1
        if chunks == 3:
            engine.stop(private_engine)

    with pytest.raises(EngineUnreachable) as caught:
        load_files(
            client, [path], alias=alias, settings=settings, after_chunk=stop_after_three_chunks
        )
    assert "\n" not in str(caught.value)
    assert "rebuild abandoned, alias not moved" in str(caught.value)

    engine.start(private_engine)
    assert aliases.alias_indices(client, alias) == []  # the alias never moved
    result = load_files(client, [path], alias=alias, settings=settings)
    assert all_documents(client, alias) == expected_docs
    # the partial index of the interrupted run is gone too
    assert aliases.versioned_indices(client, f"{alias}-") == [result.index]
    client.close()
