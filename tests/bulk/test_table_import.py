"""`clinics import table`: CSV and XLSX directory exports through a YAML mapping.

The shipped SAMHSA locator mapping is tested on the real export in ../shared/data (11,375
facilities); the format's options on small files written here.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from clinics import fields as F
from clinics.cli import main
from clinics.record import ProviderRecord
from clinics.scope import is_in_scope
from crawler.bulk.table import import_table
from crawler.bulk.table_config import load_mapping, mapping_path

pytestmark = pytest.mark.unit

SAMHSA = "samhsa/mental_health_facilities_2020.csv"
E164 = re.compile(r"^\+1[2-9]\d{9}$")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_dead(path: Path) -> list[dict]:
    return read_jsonl(path) if path.exists() else []


@pytest.fixture(scope="module")
def samhsa_import(tmp_path_factory) -> dict:
    from tests.shared_data import shared_data_dir

    source = shared_data_dir() / SAMHSA
    if not source.is_file():
        pytest.skip(f"real data file {SAMHSA} not found under {shared_data_dir()}")
    out = tmp_path_factory.mktemp("samhsa") / "samhsa.jsonl"
    result = import_table(source, "samhsa_locator_2020", out)
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        "result": result,
        "records": read_jsonl(out),
        "dead": read_dead(out.with_name("samhsa.dead.jsonl")),
        "rows": rows,
        "summary": json.loads(out.with_name("samhsa.summary.json").read_text()),
    }


def test_samhsa_every_row_read_and_accounted_for(samhsa_import):
    result, records, dead = samhsa_import["result"], samhsa_import["records"], samhsa_import["dead"]
    assert result.rows_read == len(samhsa_import["rows"]) == 11_375
    assert len(records) + len(dead) == result.rows_read
    assert result.rows_kept == len(records)
    assert sum(result.rows_dropped.values()) == len(dead)
    # what is not kept is an exact repeat of a row kept (the export lists some twice)
    assert {row["reason"] for row in dead} <= {"duplicate"}
    unique_rows = {tuple(row.values()) for row in samhsa_import["rows"]}
    assert len(records) == len(unique_rows)
    summary = samhsa_import["summary"]
    assert summary["rows_read"] == 11_375
    assert summary["source"] == "samhsa_locator_2020"
    assert summary["full"] is True


def test_samhsa_records_are_in_scope_mental_health_facilities(samhsa_import):
    for record in samhsa_import["records"]:
        ProviderRecord.from_dict(record)
        assert is_in_scope(record)
        assert "mental_health_clinic" in record[F.PROVIDER_TYPES]
        assert record[F.KIND] == "organization"
        assert record[F.FETCHED_AT] == "2020-01-01T00:00:00Z"
        assert record[F.SOURCE_CODES][0] == "samhsa:typeFacility:MH"
        assert record[F.COUNTRY] == "US"
        listed = set(record[F.THERAPIES]) | set(record[F.CONDITIONS])
        assert listed <= {entry["code"] for entry in record[F.EVIDENCE]}


def test_samhsa_coordinates_phones_and_zips(samhsa_import):
    rows = samhsa_import["rows"]
    by_row = {record[F.EXTRAS]["table_row"]: record for record in samhsa_import["records"]}
    extensions = 0
    for line, row in enumerate(rows, start=2):
        record = by_row.get(line)
        if record is None:
            continue
        assert record[F.GEO_PRECISION] == "source"
        assert record[F.LATITUDE] == pytest.approx(float(row["latitude"]))
        assert record[F.LONGITUDE] == pytest.approx(float(row["longitude"]))
        assert record[F.POSTAL_CODE][:5] == row["zip"].zfill(5)
        if row["zip4"] not in ("", "NA"):
            assert record[F.POSTAL_CODE] == f"{row['zip'].zfill(5)}-{row['zip4'].zfill(4)}"
        digits = re.sub(r"\D", "", row["phone"].split("x")[0])
        if F.PHONE in record:
            assert E164.match(record[F.PHONE])
            assert record[F.PHONE] == f"+1{digits}"
        else:  # a number no area code has: dropped with the reason, never silently
            assert any(i["field"] == F.PHONE for i in record[F.FIELD_ISSUES])
        if "x" in row["phone"] and F.PHONE in record:
            assert record[F.PHONE_EXT] == row["phone"].split("x", 1)[1].strip()
            extensions += 1
    assert extensions > 100
    states = Counter(record[F.STATE_PROVINCE] for record in samhsa_import["records"])
    assert len(states) >= 50


def test_samhsa_mapping_has_its_provenance():
    mapping = load_mapping(mapping_path("samhsa_locator_2020"))
    assert mapping.url and mapping.url.startswith("https://")
    assert mapping.published.date().isoformat() == "2020-01-01"
    assert {"publisher", "via", "license"} <= set(mapping.provenance)
    assert "10.5281/zenodo.5842465" in mapping.provenance["via"]


# ---- the format on small files ------------------------------------------------------------

MAPPING = """
name: tiny
title: A tiny fictional directory
source: tiny_directory
kind: individual
provenance:
  publisher: Fictional Board
  url: https://example.org/roster
  date: 2024-03-15
file: {format: csv}
source_ref: license
fields:
  name: {columns: [first, last]}
  credentials: {column: creds, split: ","}
  phone: {columns: [phone, alt_phone], pick: first}
  postal_code: {column: zip, pad: 5}
  city: city
  state_province: state
  telehealth: {column: virtual, match: "^y"}
  description: about
constants:
  country: US
codes:
  - {column: nucc, prefix: "nucc:"}
"""
HEADER = ["license", "first", "last", "creds", "phone", "alt_phone", "zip", "city", "state", "virtual", "nucc", "about"]  # fmt: skip
ROWS = [
    [
        "L1",
        "Avery",
        "Sampleford",
        "LPC, LCSW",
        "(303) 555-0101 ext. 12",
        "",
        "80202",
        "Denver",
        "CO",
        "yes",
        "101YP2500X",
        "Offers EMDR for trauma.",
    ],
    [
        "L2",
        "Jordan",
        "Testwell",
        "PhD",
        "",
        "617-555-0102",
        "2116",
        "Boston",
        "MA",
        "no",
        "103TC0700X",
        "",
    ],
    ["L3", "", "", "", "", "", "10001", "New York", "NY", "", "1041C0700X", ""],  # no name
    [
        "L4",
        "Casey",
        "Fixture",
        "DDS",
        "212-555-0104",
        "",
        "10001",
        "New York",
        "NY",
        "",
        "1223G0001X",
        "",
    ],  # dentist
    ["L5", "Riley", "Mockington"],  # a cut row
    [
        "L1",
        "Avery",
        "Sampleford",
        "LPC",
        "303-555-0101",
        "",
        "80202",
        "Denver",
        "CO",
        "",
        "101YP2500X",
        "",
    ],  # same id again
]


@pytest.fixture
def tiny(tmp_path) -> dict:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(MAPPING)
    data = tmp_path / "roster.csv"
    with open(data, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(ROWS)
        writer.writerow([])  # a blank line at the end
    return {"folder": folder, "csv": data, "out": tmp_path / "out" / "tiny.jsonl"}


def test_a_mapping_reads_every_row_and_dead_letters_the_broken(tiny):
    result = import_table(tiny["csv"], "tiny", tiny["out"], mappings_dir=tiny["folder"])
    records = {r[F.SOURCE_REF]: r for r in read_jsonl(tiny["out"])}
    dead = read_dead(tiny["out"].with_name("tiny.dead.jsonl"))
    assert result.rows_read == len(ROWS)
    assert result.blank_rows == 1
    assert len(records) + len(dead) == len(ROWS)
    assert sorted(records) == ["L1", "L2"]
    reasons = Counter(row["reason"] for row in dead)
    assert reasons == {"invalid_record": 1, "out_of_scope": 1, "unreadable_row": 1, "duplicate": 1}
    cut = next(row for row in dead if row["reason"] == "unreadable_row")
    assert cut["line"] == 6 and "3 values, the header has 12 columns" in cut["detail"]

    avery, jordan = records["L1"], records["L2"]
    assert avery[F.ID] == "tiny_directory:L1"
    assert avery[F.NAME] == "Avery Sampleford"
    assert avery[F.CREDENTIALS] == ["LPC", "LCSW"]
    assert (avery[F.PHONE], avery[F.PHONE_EXT]) == ("+13035550101", "12")
    assert avery[F.TELEHEALTH] is True and jordan[F.TELEHEALTH] is False
    assert avery[F.FETCHED_AT] == "2024-03-15T00:00:00Z"
    assert avery[F.SOURCE_URL] == "https://example.org/roster"
    assert avery[F.KIND] == "individual"
    assert "counselor" in avery[F.PROVIDER_TYPES]
    assert {"emdr", "trauma_focused"} & set(avery[F.THERAPIES])
    assert all(entry.get("quote") or entry.get("source_code") for entry in avery[F.EVIDENCE])
    assert avery[F.GEO_PRECISION] in ("zip", "address")  # placed like a crawled record
    assert jordan[F.PHONE] == "+16175550102"  # the first column that has one
    assert jordan[F.POSTAL_CODE] == "02116"  # leading zero restored


def test_xlsx_gives_the_same_records_as_csv(tiny, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Roster"
    sheet.append(HEADER)
    for row in ROWS:
        cells = list(row)
        if len(cells) > 6 and cells[6].isdigit():
            cells[6] = int(cells[6])  # spreadsheets store ZIPs as numbers
        sheet.append(cells)
    xlsx = tmp_path / "roster.xlsx"
    book.save(xlsx)
    csv_out, xlsx_out = tmp_path / "a" / "tiny.jsonl", tmp_path / "b" / "tiny.jsonl"
    import_table(tiny["csv"], "tiny", csv_out, mappings_dir=tiny["folder"])
    import_table(xlsx, "tiny", xlsx_out, mappings_dir=tiny["folder"], sheet="Roster")
    from_csv, from_xlsx = read_jsonl(csv_out), read_jsonl(xlsx_out)
    assert [r[F.SOURCE_REF] for r in from_xlsx] == ["L1", "L2"]
    assert from_xlsx == from_csv


def _run(args: list[str], capsys) -> tuple[int, str]:
    status = main(["import", "table", *args])
    return status, capsys.readouterr().err


def test_wrong_layout_names_the_first_missing_column(tiny, tmp_path, capsys):
    other = tmp_path / "other.csv"
    other.write_text("license,given,family\nL1,A,B\n")
    status, err = _run(
        [
            str(other),
            "--source",
            "tiny",
            "--mappings-dir",
            str(tiny["folder"]),
            "-o",
            str(tmp_path / "o.jsonl"),
        ],
        capsys,
    )
    assert status == 1
    assert err.count("\n") == 1
    assert "no column 'first'" in err


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff" * 100, b"PK\x03\x04broken"])
def test_empty_binary_or_broken_files_are_one_line(content, tiny, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    status, err = _run(
        [
            str(path),
            "--source",
            "tiny",
            "--mappings-dir",
            str(tiny["folder"]),
            "-o",
            str(tmp_path / "o.jsonl"),
        ],
        capsys,
    )
    assert status == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "o.jsonl").exists()


def test_unknown_source_and_bad_mapping(tiny, tmp_path, capsys):
    status, err = _run(
        [str(tiny["csv"]), "--source", "nope", "--mappings-dir", str(tiny["folder"])], capsys
    )
    assert status == 2 and "unknown table source 'nope' (known: tiny)" in err
    (tiny["folder"] / "broken.yaml").write_text(
        MAPPING.replace("  name: {columns: [first, last]}\n", "")
    )
    status, err = _run(
        [str(tiny["csv"]), "--source", "broken", "--mappings-dir", str(tiny["folder"])], capsys
    )
    assert status == 1
    assert "broken.yaml: fields.name: is required" in err
