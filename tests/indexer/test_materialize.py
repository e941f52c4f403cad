"""The loader stores each document's HSDS export output (api/materialized.py) when asked,
computed from the final merged document; an upsert drops the stored output of the
documents it merges again and computes it anew, also in an index made before the field
existed."""

from __future__ import annotations

import pytest

from api import materialized
from indexer import fields as doc
from indexer import mapping
from indexer.load import load_files
from tests.indexer.records import many_records, record, write_jsonl

pytestmark = pytest.mark.integration


def docs_of(es, alias: str) -> dict[str, dict]:
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=1000, query={"match_all": {}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def _check(docs: dict[str, dict]) -> None:
    for document in docs.values():
        stored = document.pop(doc.HSDS_EXPORT)
        assert stored == materialized.materialize(document)
        assert stored["stamp"] == materialized.stamp()


def test_rebuild_and_upsert_store_the_export_output(es, index_name, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", many_records(12))
    load_files(es, [path], alias=index_name, materialize=materialized.materialize)
    first = docs_of(es, index_name)
    assert len(first) == 12
    _check(first)

    changed = write_jsonl(
        tmp_path / "changed.jsonl",
        [record("npi", "1", name="Renamed Provider", telehealth=True)],
    )
    load_files(es, [changed], "upsert", alias=index_name, materialize=materialized.materialize)
    after = docs_of(es, index_name)
    renamed = [d for d in after.values() if d["name"] == "Renamed Provider"]
    assert renamed and '"Renamed Provider"' in renamed[0][doc.HSDS_EXPORT]["json"]
    _check(after)


def test_without_materialize_no_field(es, index_name, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", many_records(3))
    load_files(es, [path], alias=index_name)
    assert all(doc.HSDS_EXPORT not in d for d in docs_of(es, index_name).values())


def test_the_setting_turns_it_off(es, index_name, tmp_path, monkeypatch):
    monkeypatch.setenv("CLINICS_INDEX_MATERIALIZE_HSDS", "0")
    path = write_jsonl(tmp_path / "in.jsonl", many_records(3))
    load_files(es, [path], alias=index_name, materialize=materialized.materialize)
    docs = docs_of(es, index_name)
    assert len(docs) == 3
    assert all(doc.HSDS_EXPORT not in d for d in docs.values())


def test_upsert_into_an_index_made_before_the_field(es, index_name, tmp_path):
    body = mapping.index_body()
    del body["mappings"]["properties"][doc.HSDS_EXPORT]
    es.indices.create(index=f"{index_name}-old", **body)
    es.indices.put_alias(index=f"{index_name}-old", name=index_name)
    path = write_jsonl(tmp_path / "in.jsonl", many_records(5))
    result = load_files(
        es, [path], "upsert", alias=index_name, materialize=materialized.materialize
    )
    assert result.bulk_errors == 0
    docs = docs_of(es, index_name)
    assert len(docs) == 5
    _check(docs)
