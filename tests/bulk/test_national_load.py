"""Bulk files end to end on the real engine: the real SAMHSA export and a synthetic NPPES
import loaded together, a facility listed by both merged into one document, and
`clinics search` answering ZIP searches in several states.

Bounded: 20,000 synthetic NPPES rows here; bench/nppes.py --load runs 1,000,000.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from clinics.cli import main
from crawler.bulk.nppes import import_nppes
from crawler.bulk.table import import_table
from crawler.fixture_sites.nppes_file import facility_as_nppes, write_nppes
from indexer import fields as doc
from indexer.load import load_files

pytestmark = pytest.mark.integration

SAMHSA = "samhsa/mental_health_facilities_2020.csv"
ROWS = 20_000
# One facility of the export per state, also listed in the NPPES file as an organization
STATES = ("CT", "TX", "CA", "OH", "FL")


def facilities_in_both(samhsa: Path) -> list[dict]:
    """The first facility of each state in STATES whose row has a ZIP+4 and a plain phone."""
    chosen: dict[str, dict] = {}
    with open(samhsa, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            state = row["state"]
            if state in STATES and state not in chosen and "x" not in row["phone"]:
                chosen[state] = row
    return [chosen[state] for state in STATES]


def search_json(argv: list[str], capsys) -> dict:
    status = main(["search", *argv, "--json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return json.loads(captured.out)


def test_samhsa_and_nppes_load_together(es, index_name, tmp_path, shared_file, monkeypatch, capsys):
    samhsa = shared_file(SAMHSA)
    both = facilities_in_both(samhsa)
    written = write_nppes(
        tmp_path / "nppes", ROWS, extra_rows=[facility_as_nppes(row) for row in both]
    )
    npi_out, samhsa_out = tmp_path / "npi.jsonl", tmp_path / "samhsa.jsonl"
    nppes = import_nppes(written.main, npi_out)
    table = import_table(samhsa, "samhsa_locator_2020", samhsa_out)
    assert nppes.rows_read == ROWS + len(both)
    assert table.rows_read == 11_375

    result = load_files(es, [npi_out, samhsa_out], alias=index_name)
    assert result.dead_letters == 0
    assert result.records_loaded == nppes.records + table.rows_kept
    assert result.records_by_source == {
        "npi": nppes.records,
        "samhsa_locator_2020": table.rows_kept,
    }
    es.indices.refresh(index=index_name)
    total = es.count(index=index_name)["count"]
    assert total == result.documents
    assert total < result.records_loaded  # merges happened

    # each facility listed by both is one document with both sources
    merged_both = es.search(
        index=index_name,
        size=100,
        query={
            "bool": {
                "filter": [
                    {"term": {doc.SOURCE_NAMES: "npi"}},
                    {"term": {doc.SOURCE_NAMES: "samhsa_locator_2020"}},
                ]
            }
        },
    )["hits"]["hits"]
    merged_npis = {hit["_source"].get("npi") for hit in merged_both}
    by_name = {hit["_source"]["name"] for hit in merged_both}
    assert len(merged_both) >= len(both), by_name
    for row in both:
        assert any(row["name1"].lower() in name.lower() for name in by_name), row["name1"]
    assert merged_npis - {None}, "the merged documents carry the NPI from NPPES"

    # ZIP searches across states find the facilities, from both sources
    monkeypatch.setenv("CLINICS_INDEX_ALIAS", index_name)
    found_in: Counter = Counter()
    for row in both:
        zip5 = row["zip"].zfill(5)
        response = search_json(["--near", zip5, "--radius-mi", "5", "--limit", "50"], capsys)
        hits = response["hits"]
        assert hits, f"no result near {zip5} ({row['state']})"
        names = [hit["name"] for hit in hits]
        assert any(row["name1"].lower() in name.lower() for name in names), (zip5, names[:10])
        states = Counter(hit["document"].get("state_province") for hit in hits)
        assert states.most_common(1)[0][0] == row["state"]
        found_in.update(name for hit in hits for name in hit["document"][doc.SOURCE_NAMES])
    assert found_in["npi"] and found_in["samhsa_locator_2020"]
