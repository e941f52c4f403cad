"""`clinics es snapshot create|list|restore` on the 3-node cluster, as a user runs them:
snapshot, delete the index, restore, and the same documents are back behind the alias.
Restoring a snapshot that does not exist is one line and exit 2."""

from __future__ import annotations

import time

import pytest

from indexer import aliases
from indexer.load import load_files
from tests.cluster.conftest import clinics, report
from tests.cluster.test_failover import _settings
from tests.indexer.records import many_records, write_jsonl

pytestmark = pytest.mark.integration


def _documents(client, alias: str) -> dict[str, dict]:
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, size=10_000, query={"match_all": {}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def test_snapshot_delete_restore_gives_the_same_documents_and_alias(cluster, tmp_path):
    client = cluster.client(request_timeout=120)
    alias = f"test-snapshot-{int(time.time() * 1000) % 10**8}"
    path = write_jsonl(tmp_path / "providers.jsonl", many_records(300))
    load_files(client, [path], alias=alias, settings=_settings(alias))
    index = aliases.alias_indices(client, alias)[0]
    before = _documents(client, alias)
    name = f"{alias}-backup"
    try:
        made = clinics(cluster.env, "es", "snapshot", "create", name)
        assert made.returncode == 0, made.stderr
        assert f"snapshot {name}" in made.stdout and "SUCCESS" in made.stdout
        assert index in made.stdout

        listed = clinics(cluster.env, "es", "snapshot", "list")
        assert listed.returncode == 0, listed.stderr
        assert name in listed.stdout

        client.indices.delete(index=index)
        assert aliases.alias_indices(client, alias) == []

        restored = clinics(cluster.env, "es", "snapshot", "restore", name)
        assert restored.returncode == 0, restored.stderr
        assert f"alias {alias} -> {index}" in restored.stdout
        assert aliases.alias_indices(client, alias) == [index]
        after = _documents(client, alias)
        assert after == before
        health = client.cluster.health(index=index, wait_for_status="green", timeout="60s")
        assert health["status"] == "green"

        missing = clinics(cluster.env, "es", "snapshot", "restore", "no-such-snapshot")
        assert missing.returncode == 2
        assert missing.stderr.count("\n") == 1, missing.stderr
        assert "no snapshot 'no-such-snapshot'" in missing.stderr
        report("snapshot and restore", documents=len(after), indices=made.stdout.count(","))
    finally:
        client.options(ignore_status=404).snapshot.delete(repository="clinics", snapshot=name)
        client.indices.delete(index=f"{alias}*", ignore_unavailable=True, allow_no_indices=True)
        client.close()
