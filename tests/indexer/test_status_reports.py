"""Status of the index and "report incorrect information", on the real node."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from indexer import reports, status
from indexer.load import load_files
from tests.indexer.records import many_records, record, write_jsonl

pytestmark = pytest.mark.integration


def test_status_of_a_missing_alias(es, index_name):
    found = status.index_status(es, index_name)
    assert (found["index"], found["documents"], found["by_source"]) == (None, 0, {})
    assert status.is_sample_index(es, index_name) is False


def test_status_counts_by_source_and_finds_the_oldest_verification(es, index_name, tmp_path):
    rows = [
        *many_records(3, "npi"),
        record("clinic_sites", "x", name="Site One", address_1="9 Site Rd",
               fetched_at="2026-10-05T00:00:00+00:00", is_sample=False),
        record("directory:demo", "y", name="Listed Only", address_1="7 List Ln",
               fetched_at="2026-09-01T00:00:00+00:00", is_sample=False),
    ]  # fmt: skip
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    loaded = load_files(es, [path], alias=index_name)
    found = status.index_status(es, index_name)
    assert found["index"] == loaded.index
    assert found["documents"] == 5
    assert found["by_source"] == {"npi": 3, "clinic_sites": 1, "directory:demo": 1}
    assert found["oldest_last_verified"].startswith("2026-10-05")
    assert set(found["last_crawls"]) == {"npi", "clinic_sites", "directory:demo"}
    assert found["last_crawls"]["npi"]["records"] == 3
    assert found["sample"] is True
    assert status.is_sample_index(es, index_name) is True
    text = "\n".join(status.format_status(found))
    assert "directory:demo" in text and "oldest last_verified: 2026-10-05" in text


def test_real_data_is_not_a_sample_index(es, index_name, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [record("npi", "1", is_sample=False)])
    load_files(es, [path], alias=index_name)
    assert status.is_sample_index(es, index_name) is False


def test_reports_are_stored_with_a_timestamp_newest_first(es, index_name):
    index = f"{index_name}-reports"
    first = reports.add_report(
        es, "doc-1", "Phone number is wrong", index=index, now=datetime(2026, 11, 1, tzinfo=UTC)
    )
    second = reports.add_report(
        es, "doc-2", "Closed", contact="me@example.org", index=index,
        now=datetime(2026, 11, 2, tzinfo=UTC),
    )  # fmt: skip
    listed = reports.list_reports(es, 10, index=index)
    assert [r["id"] for r in listed] == [second, first]
    assert listed[0]["doc_id"] == "doc-2"
    assert listed[0]["contact"] == "me@example.org"
    assert listed[1]["created_at"].startswith("2026-11-01")


def test_a_report_needs_a_message(es, index_name):
    with pytest.raises(ValueError, match="needs a message"):
        reports.add_report(es, "doc-1", "   ", index=f"{index_name}-reports")
    assert reports.list_reports(es, index=f"{index_name}-none") == []
