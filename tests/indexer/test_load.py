"""`clinics index` machinery against the real node: merging, idempotence, dead letters,
alias lifecycle, failed rebuilds, unreachable engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from elasticsearch import Elasticsearch

from clinics.errors import ClinicsError
from indexer import aliases, load_settings
from indexer import fields as doc
from indexer.load import load_files
from indexer.retry import EngineUnreachable
from tests.indexer.records import many_records, record, valid_npi, write_jsonl

pytestmark = pytest.mark.integration

NPI = valid_npi("167012345")
STREET = "6560 Fannin St"


def docs_of(es, alias: str) -> dict[str, dict]:
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=1000, query={"match_all": {}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def test_same_practice_from_npi_and_its_site_is_one_document(es, index_name, tmp_path):
    npi_file = write_jsonl(
        tmp_path / "npi.jsonl",
        [record("npi", NPI, npi=NPI, name="AVERY LIN", address_1="6560 FANNIN ST STE 1200",
                phone="+17135550101", credentials=["MD"])],
    )  # fmt: skip
    site_file = write_jsonl(
        tmp_path / "site.jsonl",
        [record("clinic_sites", "avery", name="Dr. Avery Lin, MD", address_1="6560 Fannin Street",
                phone="+17135550101", website="https://avery.example", telehealth=True),
         record("clinic_sites", "other", name="Jordan Reyes", address_1="6560 Fannin Street",
                phone="+17135550999")],
    )  # fmt: skip
    result = load_files(es, [npi_file, site_file], alias=index_name)
    assert (result.records_loaded, result.documents, result.dead_letters) == (3, 2, 0)
    docs = docs_of(es, index_name)
    merged = next(d for d in docs.values() if len(d[doc.SOURCES]) == 2)
    assert merged[doc.SOURCE_NAMES] == ["clinic_sites", "npi"]
    assert merged["name"] == "Dr. Avery Lin, MD"  # the clinic's own site wins
    assert merged["npi"] == NPI
    assert merged[doc.FIELD_WINNERS]["name"] == "clinic_sites"
    assert merged[doc.FIELD_WINNERS]["npi"] == "npi"
    assert "AVERY LIN" in merged["alternate_names"]
    assert {s["url"] for s in merged[doc.SOURCES]} == {
        f"https://example.org/npi/{NPI}",
        "https://example.org/clinic_sites/avery",
    }
    assert merged[doc.LOCATION]["lat"] == pytest.approx(29.70, abs=0.1)  # geocoded from the ZIP


def test_loading_twice_gives_the_same_documents(es, index_name, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", many_records(30))
    load_files(es, [path], alias=index_name)
    first = docs_of(es, index_name)
    load_files(es, [path], alias=index_name)
    assert docs_of(es, index_name) == first
    load_files(es, [path], "upsert", alias=index_name)
    assert docs_of(es, index_name) == first
    assert len(first) == 30


def test_bad_lines_go_to_dead_letters_with_line_numbers(es, index_name, tmp_path):
    rows = [
        record("npi", "a"),
        "{not json",
        record("npi", "b", phone="713-555-0101"),
        "",
        record("npi", "c"),
        '["a list"]',
    ]
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    dead = tmp_path / "dead.jsonl"
    result = load_files(es, [path], alias=index_name, dead_letter_path=dead)
    assert (result.records_read, result.records_loaded, result.documents) == (5, 2, 2)
    from clinics.deadletter import read_dead_letters

    letters = read_dead_letters(dead)
    assert [(d["line"], d["reason"]) for d in letters] == [
        (2, "invalid_json"),
        (3, "invalid_record"),
        (6, "invalid_json"),
    ]
    assert letters[0]["raw"] == "{not json" and "record" not in letters[0]
    assert "phone" in letters[1]["detail"]
    assert letters[1]["record"]["source_ref"] == "b" and "raw" not in letters[1]
    assert letters[2]["raw"] == '["a list"]'
    assert all(d["source"] == str(path) for d in letters)


def test_rebuild_keeps_the_previous_index_and_deletes_older_ones(es, index_name, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", many_records(3))
    made = [load_files(es, [path], alias=index_name).index for _ in range(3)]
    assert aliases.alias_indices(es, index_name) == [made[2]]
    assert aliases.versioned_indices(es, f"{index_name}-") == sorted(made[1:])
    assert not es.indices.exists(index=made[0])


def test_upsert_merges_with_stored_documents_and_full_crawls_remove_the_missing(
    es, index_name, tmp_path
):
    npi = write_jsonl(
        tmp_path / "npi.jsonl",
        [record("npi", NPI, npi=NPI, name="Avery Lin", phone="+17135550101", address_1=STREET),
         record("npi", "gone", name="Closed Practice", address_1="1 Gone St", postal_code="77002")],
    )  # fmt: skip
    load_files(es, [npi], "upsert", alias=index_name)
    site = write_jsonl(
        tmp_path / "site.jsonl",
        [
            record(
                "clinic_sites", "avery", name="Avery Lin MD", phone="+17135550101", address_1=STREET
            )
        ],
    )
    load_files(es, [site], "upsert", alias=index_name)
    docs = docs_of(es, index_name)
    assert sorted(tuple(d[doc.SOURCE_NAMES]) for d in docs.values()) == [
        ("clinic_sites", "npi"),
        ("npi",),
    ]
    # a full npi crawl without "Closed Practice": its document goes, the merged one stays
    npi_again = write_jsonl(
        tmp_path / "npi2.jsonl",
        [record("npi", NPI, npi=NPI, name="Avery Lin", phone="+17135550101", address_1=STREET,
                fetched_at="2026-11-20T00:00:00+00:00")],
    )  # fmt: skip
    result = load_files(es, [npi_again], "upsert", alias=index_name, full_sources=["npi"])
    assert result.deleted == 1
    docs = docs_of(es, index_name)
    assert len(docs) == 1
    (only,) = docs.values()
    assert only[doc.SOURCE_NAMES] == ["clinic_sites", "npi"]
    assert only[doc.FIRST_SEEN] == "2026-11-01T00:00:00.000Z" or only[doc.FIRST_SEEN].startswith(
        "2026-11-01"
    )
    assert only[doc.LAST_SEEN].startswith("2026-11-20")


def test_crawl_summary_marks_a_full_crawl(es, index_name, tmp_path):
    first = write_jsonl(tmp_path / "a.jsonl", many_records(4, "findtreatment"))
    load_files(es, [first], "upsert", alias=index_name)
    second = write_jsonl(tmp_path / "b.jsonl", many_records(2, "findtreatment"))
    (tmp_path / "b.summary.json").write_text(
        '{"source": "findtreatment", "full": true, "finished_at": "2026-11-02T00:00:00Z", '
        '"finish_reason": "finished", "partial_because": [], "records": 2}'
    )
    load_files(es, [second], "upsert", alias=index_name)
    assert len(docs_of(es, index_name)) == 2
    from indexer.status import index_status

    status = index_status(es, index_name)
    assert status["by_source"] == {"findtreatment": 2}
    assert status["last_crawls"]["findtreatment"]["full"] is True
    assert status["last_crawls"]["findtreatment"]["finished_at"] == "2026-11-02T00:00:00Z"


@pytest.mark.parametrize(
    "summary",
    [
        {"full": True, "finish_reason": "finished", "partial_because": [], "records": 3},
        {"full": True, "finish_reason": "finished", "partial_because": []},
        {"full": True, "finish_reason": "shutdown", "partial_because": [], "records": 2},
        {"full": True, "finish_reason": "finished", "partial_because": ["x"], "records": 2},
        {"full": False, "finish_reason": "finished", "partial_because": [], "records": 2},
    ],
    ids=["counts-another-file", "no-count", "ended-early", "says-partial", "not-full"],
)
def test_a_summary_that_proves_nothing_removes_nothing(es, index_name, tmp_path, summary):
    load_files(es, [write_jsonl(tmp_path / "a.jsonl", many_records(4, "findtreatment"))],
               "upsert", alias=index_name)  # fmt: skip
    second = write_jsonl(tmp_path / "b.jsonl", many_records(2, "findtreatment"))
    (tmp_path / "b.summary.json").write_text(json.dumps({"source": "findtreatment", **summary}))
    result = load_files(es, [second], "upsert", alias=index_name)
    assert result.deleted == 0 and result.full_sources == []
    assert len(docs_of(es, index_name)) == 4


def test_a_rejected_document_fails_the_rebuild_and_keeps_the_alias(es, index_name, tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", many_records(5))
    kept = load_files(es, [good], alias=index_name).index
    poisoned = [*many_records(5), record("npi", "huge", postal_code="77030" + "9" * 40000)]
    bad = write_jsonl(tmp_path / "bad.jsonl", poisoned)
    dead = tmp_path / "dead.jsonl"
    with pytest.raises(ClinicsError, match="rebuild failed: 1 of 6 documents were rejected"):
        load_files(es, [bad], alias=index_name, dead_letter_path=dead)
    assert aliases.alias_indices(es, index_name) == [kept]
    assert aliases.versioned_indices(es, f"{index_name}-") == [kept]
    assert "bulk_rejected" in dead.read_text()


def test_a_failing_count_check_fails_the_rebuild_and_keeps_the_alias(es, index_name, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", many_records(20))
    kept = load_files(es, [path], alias=index_name).index

    def delete_one_document(_sent: int) -> None:  # someone else deletes a document mid-load
        (loading,) = [i for i in aliases.versioned_indices(es, f"{index_name}-") if i != kept]
        es.indices.refresh(index=loading)
        hit = es.search(index=loading, size=1)["hits"]["hits"][0]
        es.delete(index=loading, id=hit["_id"])

    settings = load_settings.load(index_name)
    from dataclasses import replace

    settings = replace(settings, chunk_docs=100, bulk_threads=1)
    with pytest.raises(ClinicsError, match="holds 19 documents, expected 20"):
        load_files(es, [path], alias=index_name, settings=settings, after_chunk=delete_one_document)
    assert aliases.alias_indices(es, index_name) == [kept]
    assert aliases.versioned_indices(es, f"{index_name}-") == [kept]


def test_an_unreachable_engine_is_one_line_after_retries(tmp_path, index_name):
    path = write_jsonl(tmp_path / "in.jsonl", many_records(2))
    closed = Elasticsearch("http://127.0.0.1:9", max_retries=0, request_timeout=2)
    settings = replace_settings(load_settings.load(index_name), retries=2, backoff_s=0.01)
    with pytest.raises(EngineUnreachable) as caught:
        load_files(closed, [path], alias=index_name, settings=settings)
    message = str(caught.value)
    assert "\n" not in message
    assert "http://127.0.0.1:9" in message and "3 attempts" in message


def test_the_command_reports_an_unreachable_engine_in_one_line(tmp_path, index_name):
    path = write_jsonl(tmp_path / "in.jsonl", many_records(2))
    env = dict(os.environ, ES_URL="http://127.0.0.1:9", CLINICS_ES_RETRIES="1",
               CLINICS_ES_BACKOFF_S="0.01", CLINICS_INDEX_ALIAS=index_name)  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "clinics.cli", "index", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clinics index: Elasticsearch at")


def test_the_command_loads_and_status_reports(es, index_name, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", many_records(3, "directory:demo"))
    env = dict(os.environ, CLINICS_INDEX_ALIAS=index_name)
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "clinics.cli", *a],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    loaded = run("index", str(path), "--mode", "upsert")
    assert loaded.returncode == 0, loaded.stderr
    assert "3 documents" in loaded.stdout
    status = run("status")
    assert status.returncode == 0, status.stderr
    assert f"alias {index_name} ->" in status.stdout
    assert "directory:demo  3" in status.stdout
    assert "(sample data)" in status.stdout


def replace_settings(settings, **changes):
    from dataclasses import replace

    return replace(settings, **changes)


def test_a_rebuild_of_nothing_keeps_the_alias(es, index_name, tmp_path):
    kept = load_files(es, [write_jsonl(tmp_path / "a.jsonl", many_records(2))], alias=index_name)
    empty = write_jsonl(tmp_path / "empty.jsonl", ["{broken"])
    with pytest.raises(ClinicsError, match="rebuild produced no documents"):
        load_files(es, [empty], alias=index_name, dead_letter_path=tmp_path / "dead.jsonl")
    assert aliases.alias_indices(es, index_name) == [kept.index]
    assert aliases.versioned_indices(es, f"{index_name}-") == [kept.index]
