"""`clinics import nppes`: the NPPES monthly file in, crawl-format JSONL out.

Synthetic files in the exact published format (crawler.fixture_sites.nppes_file) and the
1,000 real rows of ../shared/data; the column lists are checked against the real header.

The import leaves classification and geocoding to the indexer (docs/sources.md): what it
writes is compared with what the indexer's load makes of it (`indexed`: indexer.enrich, the
enrichment every load runs on every record), and with the `npi` spider's record of the same
NPI through the same enrichment.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clinics import fields as F
from clinics.cli import main
from clinics.record import ProviderRecord
from clinics.scope import is_in_scope
from clinics.taxonomy.sources import nucc_mapping
from crawler.bulk import nppes_format as fmt
from crawler.bulk.nppes import (
    LocationIndex,
    import_nppes,
    is_deactivated,
    row_records,
    taxonomy_codes,
)
from crawler.fixture_sites.nppes_file import (
    LOCATIONS_NAME,
    MAIN_NAME,
    ExtraProvider,
    extra_row,
    write_nppes,
)
from crawler.offline import pipelines
from crawler.pages.npi import NpiApiPage
from crawler.pipelines import DropRecord
from indexer.enrich import enrich

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2025-06-08T00:00:00Z"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# What the indexer computes on every load (classification, costs, geocoding): the import
# leaves it
INDEXER_FIELDS = (
    F.PROVIDER_TYPES,
    F.THERAPIES,
    F.CONDITIONS,
    F.EVIDENCE,
    F.TELEHEALTH,
    F.COSTS,
    F.LATITUDE,
    F.LONGITUDE,
    F.GEO_PRECISION,
)


def indexed(record: dict) -> dict:
    """The record as the indexer's load enriches it before merging (indexer.load)."""
    return enrich(ProviderRecord.from_dict(record))


def canonical(record: dict) -> dict:
    """The record as ProviderRecord's validation and JSON dump give it."""
    return ProviderRecord.from_dict(record).model_dump(mode="json", exclude_none=True)


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding=fmt.ENCODING, newline="") as handle:
        return list(csv.reader(handle))[1:]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> dict:
    """3,000 generated rows plus hand-made ones: a clinic with two further locations (one
    phone with an extension), a counselor whose behavioral code is in slot 15."""
    folder = tmp_path_factory.mktemp("nppes")
    clinic = ExtraProvider(
        name="SAMPLE HARBOR BEHAVIORAL HEALTH CENTER",
        street="100 SAMPLE WAY",
        city="HOUSTON",
        state="TX",
        postal_code="770301234",
        phone="7135550147",
        locations=[
            ("200 FIXTURE RD", "AUSTIN", "TX", "78701", "5125550148"),
            ("300 EXAMPLE ST", "DALLAS", "TX", "752011234", "2145550149"),
        ],
    )
    written = write_nppes(folder, 3000, extra_rows=[clinic], zipped=True)
    return {"folder": folder, "written": written, "rows": read_rows(written.main), "clinic": clinic}


def behavioral_row(row: list[str]) -> bool:
    """Active, and a taxonomy code whose mapping alone puts a record in scope."""
    if is_deactivated(row):
        return False
    for code in taxonomy_codes(row):
        mapping = nucc_mapping(code)
        if mapping and is_in_scope(
            {
                F.PROVIDER_TYPES: mapping.provider_types,
                F.CONDITIONS: mapping.conditions,
                F.THERAPIES: mapping.therapies,
            }
        ):
            return True
    return False


def test_column_lists_are_the_published_header(shared_file):
    for name, expected in (
        ("nppes/npidata_pfile_header.csv", fmt.MAIN_COLUMNS),
        ("nppes/pl_pfile_header.csv", fmt.LOCATION_COLUMNS),
    ):
        with open(shared_file(name), encoding=fmt.ENCODING, newline="") as handle:
            header = next(csv.reader(handle))
        assert fmt.header_problem(header, expected) is None
        assert tuple(header) == expected
    assert len(fmt.MAIN_COLUMNS) == 330


def test_synthetic_import_keeps_exactly_the_behavioral_providers(synthetic, tmp_path):
    written, rows = synthetic["written"], synthetic["rows"]
    out = tmp_path / "npi.jsonl"
    result = import_nppes(written.main, out)
    records = read_jsonl(out)

    expected = {r[fmt.NPI] for r in rows if behavioral_row(r)}
    kept = {r[F.NPI] for r in records}
    assert kept >= expected
    names = {r[fmt.NPI]: r[fmt.ORGANIZATION_NAME] for r in rows}
    # beyond the behavioral codes, only anesthesia practices whose name says ketamine
    assert all("KETAMINE" in names[npi] for npi in kept - expected)
    assert result.rows_read == len(rows)
    assert result.rows_kept + sum(result.rows_dropped.values()) == result.rows_read
    assert result.rows_dropped["deactivated"] == written.kinds["deactivated"]
    assert result.rows_kept == len(kept)
    assert len(expected) == written.kinds["behavioral"] + written.kinds["extra"]
    for record in records:
        assert record == canonical(record)
        assert list(record) == list(canonical(record))  # the model's order, as a crawl's
        assert record[F.SOURCE] == "npi"
        assert record[F.FETCHED_AT] == AS_OF
        assert not any(record.get(name) for name in INDEXER_FIELDS if name != F.GEO_PRECISION)
        assert record[F.GEO_PRECISION] == "none"
        loaded = indexed(record)
        assert loaded[F.PROVIDER_TYPES]
        assert loaded[F.GEO_PRECISION] == "zip"
        assert is_in_scope(loaded)
    assert result.records_validated == 0  # every record was canonical on the fast check
    summary = json.loads((tmp_path / "npi.summary.json").read_text())
    assert summary["full"] is True
    assert summary["rows_read"] == len(rows)
    assert summary["records"] == len(records)
    assert set(summary) >= {"rows_kept", "rows_dropped", "duration_s", "source", "finished_at"}


def test_one_record_per_practice_location_with_its_phone_and_zip(synthetic, tmp_path):
    out = tmp_path / "npi.jsonl"
    import_nppes(synthetic["written"].main, out)
    clinic = synthetic["clinic"]
    mine = sorted((r for r in read_jsonl(out) if r[F.NPI] == clinic.npi), key=lambda r: r[F.ID])
    assert [r[F.ID] for r in mine] == [f"npi:{clinic.npi}:{n}" for n in range(3)]
    assert [(r[F.CITY], r[F.POSTAL_CODE], r[F.PHONE]) for r in mine] == [
        ("Houston", "77030-1234", "+17135550147"),
        ("Austin", "78701", "+15125550148"),
        ("Dallas", "75201-1234", "+12145550149"),
    ]
    assert [r[F.EXTRAS]["location_type"] for r in mine] == [
        "primary",
        "practice_location",
        "practice_location",
    ]
    assert all(indexed(r)[F.PROVIDER_TYPES] == ["mental_health_clinic"] for r in mine)
    assert all(r[F.KIND] == "organization" for r in mine)
    assert mine[0][F.NAME] == "Sample Harbor Behavioral Health Center"


def test_practice_location_extension_is_kept(synthetic, tmp_path):
    written = synthetic["written"]
    index = LocationIndex(written.locations)
    try:
        with_ext = [
            r
            for r in read_rows(written.locations)
            if r[8].strip() and r[0] in _behavioral(synthetic)
        ]
        assert with_ext, "the generator gives some practice-location phones an extension"
        out = tmp_path / "npi.jsonl"
        import_nppes(written.main, out)
        by_phone = {(r[F.NPI], r.get(F.PHONE)): r for r in read_jsonl(out)}
        for pl in with_ext:
            record = by_phone[(pl[0], f"+1{pl[7]}")]
            assert record[F.PHONE_EXT] == pl[8]
    finally:
        index.close()


def _behavioral(synthetic) -> set[str]:
    return {r[fmt.NPI] for r in synthetic["rows"] if behavioral_row(r)}


def test_zip_and_csv_give_the_same_records(synthetic, tmp_path):
    written = synthetic["written"]
    import_nppes(written.main, tmp_path / "csv.jsonl")
    import_nppes(written.zip, tmp_path / "zip.jsonl")
    assert (tmp_path / "csv.jsonl").read_bytes() == (tmp_path / "zip.jsonl").read_bytes()


def test_behavioral_code_in_the_last_slot_is_found(tmp_path):
    folder = tmp_path / "f"
    provider = ExtraProvider(
        name="AVERY SAMPLEFORD",
        street="1 TEST ST",
        city="DENVER",
        state="CO",
        postal_code="80202",
        phone="3035550100",
        organization=False,
        taxonomy="207Q00000X",
    )
    written = write_nppes(folder, 0, extra_rows=[provider])
    rows = read_rows(written.main)
    rows[0][fmt.TAXONOMY_CODES[14]] = "106H00000X"
    with open(written.main, "w", encoding=fmt.ENCODING, newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(fmt.MAIN_COLUMNS)
        writer.writerows(rows)
    result = import_nppes(written.main, tmp_path / "o.jsonl")
    (record,) = read_jsonl(tmp_path / "o.jsonl")
    assert result.rows_kept == 1
    assert indexed(record)[F.PROVIDER_TYPES] == ["marriage_family_therapist"]
    assert record[F.SOURCE_CODES] == ["nucc:207Q00000X", "nucc:106H00000X"]


def test_real_rows_give_their_behavioral_providers(shared_file, tmp_path):
    sample = shared_file("nppes/npidata_pfile_sample_1000.csv")
    taxonomy = shared_file("nucc/taxonomy.csv")
    folder = tmp_path / "real"
    folder.mkdir()
    # the sample beside no practice-locations file: the main locations only
    main_copy = folder / "npidata_pfile_sample.csv"
    main_copy.symlink_to(sample.resolve())
    out = tmp_path / "real.jsonl"
    result = import_nppes(main_copy, out, taxonomy_file=taxonomy)
    records = {r[F.NPI]: r for r in read_jsonl(out)}
    rows = read_rows(sample)
    assert result.rows_read == len(rows) == 1000
    assert result.rows_kept + sum(result.rows_dropped.values()) == 1000
    deactivated = {r[fmt.NPI] for r in rows if is_deactivated(r)}
    assert len(deactivated) == result.rows_dropped["deactivated"] > 0
    assert not deactivated & set(records)
    behavioral = {r[fmt.NPI] for r in rows if behavioral_row(r)}
    assert set(records) == behavioral
    assert len(behavioral) >= 20
    for row in rows:
        record = records.get(row[fmt.NPI])
        if record is None:
            continue
        a = fmt.PRACTICE_ADDRESS
        postal = row[a + 4]
        assert record[F.POSTAL_CODE].replace("-", "") == postal
        assert record[F.STATE_PROVINCE] == row[a + 3]
        if row[a + 6]:
            assert record[F.PHONE] == "+1" + row[a + 6]
        assert record[F.SPECIALTIES_RAW], "descriptions come from the NUCC file"
        assert record == canonical(record)
        assert is_in_scope(indexed(record))
    assert result.records_validated == 0


def test_same_record_as_the_npi_api_for_the_same_npi(synthetic, tmp_path):
    """The API's JSON through the spider's mapping and pipelines, and the file's row through
    the import: the same fields, and the same record once the indexer's load has classified
    and geocoded both."""
    written, rows = synthetic["written"], synthetic["rows"]
    index = LocationIndex(written.locations)
    pl_rows = read_rows(written.locations)
    with_ext = {r[0] for r in pl_rows if r[8].strip()}  # the API gives no extension
    pl_npis = {r[0] for r in pl_rows} - with_ext
    behavioral = _behavioral(synthetic)
    chosen = [r for r in rows if r[fmt.NPI] in behavioral and r[fmt.NPI] in pl_npis][:3]
    chosen += [r for r in rows if r[fmt.NPI] in behavioral and r[fmt.ENTITY_TYPE] == "2"][:3]
    chosen += [r for r in rows if r[fmt.NPI] in behavioral and r[fmt.ENTITY_TYPE] == "1"][:3]
    descriptions = {code: f"Description of {code}" for r in chosen for code in taxonomy_codes(r)}
    url = "https://npiregistry.cms.hhs.gov/api/?version=2.1&postal_code=77030&limit=200&skip=0"
    taxonomy_file = tmp_path / "nucc.csv"
    with open(taxonomy_file, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Code", "Classification", "Specialization"])
        out.writerows([code, text, ""] for code, text in descriptions.items())
    import_nppes(written.main, tmp_path / "npi.jsonl", taxonomy_file=taxonomy_file)
    imported: dict[str, list[dict]] = {}
    for record in read_jsonl(tmp_path / "npi.jsonl"):
        imported.setdefault(record[F.NPI], []).append(record)
    try:
        for row in chosen:
            api = NpiApiPage(
                url, json.dumps({"result_count": 1, "results": [_as_api(row, index, descriptions)]})
            )
            from_api = _cleaned(api.records())
            # the shared mapping through the crawl's pipelines gives the spider's record
            assert _cleaned(row_records(row, index, descriptions=descriptions)) == from_api
            from_file = imported[row[fmt.NPI]]
            assert [_stated(r) for r in from_file] == [_stated(r) for r in from_api]
            assert [_loaded(r) for r in from_file] == [_loaded(r) for r in from_api]
            assert from_file
            # the spider's record has what the indexer computes: codes, evidence, a point
            assert all(r[F.PROVIDER_TYPES] and r[F.LATITUDE] is not None for r in from_api)
    finally:
        index.close()


def _stated(record: dict) -> dict:
    """The fields the import sets: all but what the indexer computes (and the note the
    crawl's geocoding leaves when it cannot place an address)."""
    out = {k: v for k, v in record.items() if k not in INDEXER_FIELDS}
    out[F.FIELD_ISSUES] = [i for i in record[F.FIELD_ISSUES] if i["field"] != F.GEO_PRECISION]
    return out


def _loaded(record: dict) -> dict:
    """The record after the indexer's enrichment (the spider's geocoding note left out)."""
    out = indexed(record)
    out[F.FIELD_ISSUES] = [i for i in out[F.FIELD_ISSUES] if i["field"] != F.GEO_PRECISION]
    return out


def _cleaned(records: list[dict]) -> list[dict]:
    chain = pipelines("npi", None)
    out = []
    for record in records:
        record[F.FETCHED_AT] = AS_OF
        for pipeline in chain:
            record = pipeline.process_item(record)
        out.append(record)
    return out


def _epoch_ms(text: str) -> int | None:
    if not text:
        return None
    moment = datetime.strptime(text, "%m/%d/%Y").replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def _dashed(phone: str) -> str:
    return f"{phone[:3]}-{phone[3:6]}-{phone[6:]}" if phone else ""


def _as_api(row: list[str], index: LocationIndex, descriptions: dict[str, str]) -> dict:
    """The NPI API v2.1 JSON of one file row, the way the API words it."""
    a, m = fmt.PRACTICE_ADDRESS, fmt.column("Provider First Line Business Mailing Address")
    organization = row[fmt.ENTITY_TYPE] == "2"
    basic = {"status": "A"}
    if organization:
        basic["organization_name"] = row[fmt.ORGANIZATION_NAME]
    else:
        basic.update(
            first_name=row[fmt.FIRST_NAME],
            last_name=row[fmt.LAST_NAME],
            middle_name=row[fmt.MIDDLE_NAME] or "--",
            name_prefix=row[fmt.NAME_PREFIX] or "--",
            credential=row[fmt.CREDENTIAL],
        )

    def address(purpose: str, start: int) -> dict:
        return {
            "address_purpose": purpose,
            "address_1": row[start],
            "address_2": row[start + 1],
            "city": row[start + 2],
            "state": row[start + 3],
            "postal_code": row[start + 4],
            "country_code": row[start + 5],
            "telephone_number": _dashed(row[start + 6]),
            "fax_number": _dashed(row[start + 7]),
        }

    return {
        "number": row[fmt.NPI],
        "enumeration_type": "NPI-2" if organization else "NPI-1",
        "created_epoch": _epoch_ms(row[fmt.ENUMERATION_DATE]),
        "last_updated_epoch": _epoch_ms(row[fmt.LAST_UPDATE]),
        "basic": basic,
        "taxonomies": [
            {
                "code": row[i],
                "desc": descriptions[row[i]],
                "license": row[i + 1],
                "state": row[i + 2] or None,
                "primary": row[i + 3] == "Y",
            }
            for i in fmt.TAXONOMY_CODES
            if row[i]
        ],
        "addresses": [address("MAILING", m), address("LOCATION", a)],
        "practiceLocations": [
            {
                "address_1": pl[1],
                "address_2": pl[2],
                "city": pl[3],
                "state": pl[4],
                "postal_code": pl[5],
                "country_code": pl[6],
                "telephone_number": pl[7],
                "fax_number": pl[9],
            }
            for pl in index.rows(row[fmt.NPI])
        ],
    }


# ---- bad input ---------------------------------------------------------------------------


def _run(args: list[str], capsys) -> tuple[int, str]:
    status = main(["import", "nppes", *args])
    return status, capsys.readouterr().err


def test_wrong_header_names_the_first_unexpected_column(synthetic, tmp_path, capsys):
    bad = tmp_path / "npidata_pfile_bad.csv"
    lines = synthetic["written"].main.read_bytes().split(b"\r\n", 1)
    header = lines[0].replace(b'"Provider Credential Text"', b'"Credential"')
    bad.write_bytes(header + b"\r\n" + lines[1])
    status, err = _run([str(bad), "-o", str(tmp_path / "o.jsonl")], capsys)
    assert status == 1
    assert err.count("\n") == 1
    assert "unexpected column 11 'Credential'" in err
    assert "'Provider Credential Text'" in err
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("kind", ["truncated_zip", "binary", "empty", "header_of_another_file"])
def test_bad_input_is_one_line_and_status_1(kind, synthetic, tmp_path, capsys):
    written = synthetic["written"]
    if kind == "truncated_zip":
        path = tmp_path / "NPPES_Data_Dissemination_June_2025_V2.zip"
        path.write_bytes(written.zip.read_bytes()[: written.zip.stat().st_size // 2])
        expected = "not a readable zip file"
    elif kind == "binary":
        path = tmp_path / "npidata_pfile_x.csv"
        path.write_bytes(bytes(range(256)) * 64)
        expected = "binary"
    elif kind == "empty":
        path = tmp_path / "npidata_pfile_x.csv"
        path.write_bytes(b"")
        expected = "empty file"
    else:
        path = tmp_path / "npidata_pfile_x.csv"
        path.write_bytes(written.locations.read_bytes())
        expected = "unexpected column 2"
    status, err = _run([str(path), "-o", str(tmp_path / "o.jsonl")], capsys)
    assert status == 1, err
    assert err.count("\n") == 1, err
    assert expected in err
    assert "Traceback" not in err
    assert not (tmp_path / "o.jsonl").exists()


def test_zip_damaged_inside_is_one_line_without_traceback(synthetic, tmp_path):
    """Through the real command: a zip whose directory is intact but whose data is not."""
    data = bytearray(synthetic["written"].zip.read_bytes())
    with zipfile.ZipFile(synthetic["written"].zip) as archive:
        info = archive.getinfo(MAIN_NAME)
    middle = info.header_offset + 100 + info.compress_size // 2
    data[middle : middle + 4096] = bytes(4096)
    path = tmp_path / "NPPES_Data_Dissemination_damaged.zip"
    path.write_bytes(bytes(data))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "clinics.cli",
            "import",
            "nppes",
            str(path),
            "-o",
            str(tmp_path / "o.jsonl"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_unreadable_rows_are_dead_lettered_with_the_reason(synthetic, tmp_path):
    written = synthetic["written"]
    folder = tmp_path / "f"
    folder.mkdir()
    main_file = folder / MAIN_NAME
    lines = written.main.read_bytes().split(b"\r\n")
    behavioral = _behavioral(synthetic)
    target = next(
        i for i, line in enumerate(lines[1:], start=1) if line[1:11].decode() in behavioral
    )
    lines[target] = lines[target].rsplit(b",", 1)[0]  # one column short
    main_file.write_bytes(b"\r\n".join(lines))
    (folder / LOCATIONS_NAME).write_bytes(written.locations.read_bytes())
    result = import_nppes(main_file, tmp_path / "o.jsonl")
    assert result.rows_dropped["unreadable_row"] == 1
    assert result.rows_kept + sum(result.rows_dropped.values()) == result.rows_read
    (dead,) = [json.loads(line) for line in (tmp_path / "o.dead.jsonl").read_text().splitlines()]
    assert dead["reason"] == "unreadable_row"
    assert "329 columns, expected 330" in dead["detail"]
    assert dead["line"] == target + 1
    summary = json.loads((tmp_path / "o.summary.json").read_text())
    assert summary["full"] is False


def test_extra_row_helper_is_a_full_row():
    row = extra_row(ExtraProvider("X", "1 A ST", "B", "TX", "77030", "7135550100"))
    assert len(row) == len(fmt.MAIN_COLUMNS)


# ---- values the fast path does not take --------------------------------------------------

ODD_VALUES = [
    # (column, value): each in a row of its own; the import must give what the crawl's
    # pipelines give (cleaned, noted in field_issues, or dead-lettered as invalid_record)
    (fmt.ORGANIZATION_NAME, "SMITH &amp; JONES   COUNSELING"),
    (fmt.ORGANIZATION_NAME, "N/A"),  # no name: invalid_record
    (fmt.CREDENTIAL, "LPC, N/A, LPC"),
    (fmt.PRACTICE_ADDRESS, "  12   MAIN ST\t"),
    (fmt.PRACTICE_ADDRESS + 3, "ZZ"),  # not a US state: noted, removed
    (fmt.PRACTICE_ADDRESS + 4, "1234"),  # not a ZIP: noted, removed
    (fmt.PRACTICE_ADDRESS + 5, "de"),  # a foreign country code, lower case
    (fmt.PRACTICE_ADDRESS + 6, "1115550100"),  # no such area code: noted, removed
    (fmt.PRACTICE_ADDRESS + 7, "713555010"),  # nine digits
    (fmt.TAXONOMY_CODES[0] + 1, "unknown"),  # a placeholder license number: invalid_record
    (fmt.TAXONOMY_CODES[0] + 2, "T1"),  # not a state: invalid_record
    (fmt.NPI, "1234567890"),  # fails the NPI check digit: invalid_record
]


def test_odd_values_give_what_the_crawl_pipelines_give(tmp_path):
    providers = [
        ExtraProvider(
            name=f"SAMPLE {n} BEHAVIORAL HEALTH",
            street="100 SAMPLE WAY",
            city="HOUSTON",
            state="TX",
            postal_code="77030",
            phone="7135550147",
        )
        for n in range(len(ODD_VALUES))
    ]
    written = write_nppes(tmp_path / "f", 0, extra_rows=providers)
    rows = read_rows(written.main)
    for row, (column, odd) in zip(rows, ODD_VALUES, strict=True):
        row[fmt.TAXONOMY_CODES[0] + 1], row[fmt.TAXONOMY_CODES[0] + 2] = "L123", "TX"
        row[column] = odd
    with open(written.main, "w", encoding=fmt.ENCODING, newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(fmt.MAIN_COLUMNS)
        writer.writerows(rows)
    out = tmp_path / "npi.jsonl"
    result = import_nppes(written.main, out)
    imported = {r[F.NPI]: r for r in read_jsonl(out)}
    dead = [json.loads(line) for line in (tmp_path / "npi.dead.jsonl").read_text().splitlines()]

    crawl_records, crawl_invalid = {}, set()
    for row in rows:
        (record,) = row_records(row)
        record[F.FETCHED_AT] = AS_OF
        try:
            (cleaned,) = _cleaned([record])
        except DropRecord as exc:
            assert exc.reason == "invalid_record"
            crawl_invalid.add(row[fmt.NPI])
            continue
        crawl_records[row[fmt.NPI]] = cleaned
    assert crawl_invalid == {d["record"][F.NPI] for d in dead} and len(crawl_invalid) == 4
    assert all(d["reason"] == "invalid_record" for d in dead)
    assert set(imported) == set(crawl_records)
    for npi, record in imported.items():
        assert record == canonical(record)
        assert _stated(record) == _stated(crawl_records[npi])
    assert result.records_validated >= 3  # the fast check left these to the real one
    issues = {i["field"] for r in imported.values() for i in r[F.FIELD_ISSUES]}
    assert {F.STATE_PROVINCE, F.POSTAL_CODE, F.PHONE, F.FAX} <= issues


# ---- worker processes --------------------------------------------------------------------


def _quoted_line(row: list[str]) -> bytes:
    return ("\r\n".join(['"' + '","'.join(row) + '"', ""])).encode(fmt.ENCODING)


@pytest.fixture(scope="module")
def with_bad_rows(synthetic, tmp_path_factory) -> dict:
    """The synthetic file with a behavioral row cut short (unreadable) and another whose
    license number is a placeholder (invalid_record), far apart."""
    folder = tmp_path_factory.mktemp("nppes-bad")
    written = synthetic["written"]
    lines = written.main.read_bytes().split(b"\r\n")
    behavioral = _behavioral(synthetic)
    targets = [i for i, line in enumerate(lines[1:], start=1) if line[1:11].decode() in behavioral]
    cut, invalid = targets[10], targets[-10]
    lines[cut] = lines[cut].rsplit(b",", 1)[0]  # one column short
    row = next(csv.reader([lines[invalid].decode(fmt.ENCODING)]))
    row[fmt.TAXONOMY_CODES[0] + 1] = "unknown"
    lines[invalid] = _quoted_line(row).rstrip(b"\r\n")
    (folder / MAIN_NAME).write_bytes(b"\r\n".join(lines))
    (folder / LOCATIONS_NAME).write_bytes(written.locations.read_bytes())
    return {"main": folder / MAIN_NAME, "cut_line": cut + 1, "invalid_npi": row[fmt.NPI]}


def _outputs(out: Path) -> tuple[bytes, bytes, dict]:
    summary = json.loads(out.with_name(out.stem + ".summary.json").read_text())
    counts = {
        k: summary[k]
        for k in (
            "records",
            "records_dropped",
            "field_issues",
            "dead_letters",
            "rows_read",
            "rows_kept",
            "rows_dropped",
            "full",
        )
    }
    dead = out.with_name(out.stem + ".dead.jsonl")
    return out.read_bytes(), dead.read_bytes(), counts


def test_two_workers_write_the_same_bytes_as_one(with_bad_rows, tmp_path, monkeypatch):
    # Small blocks: many batches in flight, so the order of their results is put to the test
    monkeypatch.setattr("crawler.bulk.nppes.CHUNK_BYTES", 1 << 16)
    one = import_nppes(with_bad_rows["main"], tmp_path / "one.jsonl", workers=1)
    two = import_nppes(with_bad_rows["main"], tmp_path / "two.jsonl", workers=2)
    records, dead, counts = _outputs(tmp_path / "one.jsonl")
    assert _outputs(tmp_path / "two.jsonl") == (records, dead, counts)
    assert (one.rows_kept, one.records, one.rows_dropped) == (
        two.rows_kept,
        two.records,
        two.rows_dropped,
    )
    assert one.records_validated == two.records_validated >= 1
    assert counts["dead_letters"]["unreadable_row"] == 1
    assert counts["dead_letters"]["invalid_record"] >= 1  # one per location of that provider
    assert records.count(b"\n") == counts["records"] > 300


def test_zip_with_workers_gives_the_bytes_of_the_csv_in_one_process(
    synthetic, tmp_path, monkeypatch
):
    # A zip member's blocks are read by the main process and sent to the workers
    monkeypatch.setattr("crawler.bulk.nppes.CHUNK_BYTES", 1 << 16)
    written = synthetic["written"]
    one = import_nppes(written.main, tmp_path / "csv.jsonl", workers=1)
    two = import_nppes(written.zip, tmp_path / "zip.jsonl", workers=2)
    assert (tmp_path / "csv.jsonl").read_bytes() == (tmp_path / "zip.jsonl").read_bytes()
    assert (one.rows_read, one.rows_kept, one.rows_dropped) == (
        two.rows_read,
        two.rows_kept,
        two.rows_dropped,
    )


@pytest.mark.parametrize(
    "ending", [b"", b"\r\n", b"\r\n\r\n", b"\r\n  \r\n", b"\r\n   ", b"\r\nlast"]
)
@pytest.mark.parametrize("block", [1, 7, 100, 1 << 16])
def test_blocks_read_at_offsets_are_the_blocks_of_the_stream(ending, block, tmp_path, monkeypatch):
    """What a worker reads of a plain file (`_ranges`, `_read_block`): whole lines, the
    same lines as the stream's blocks (`_chunks`), whatever the block size and file end."""
    import io

    from crawler.bulk.nppes import _chunks, _ranges, _read_block

    monkeypatch.setattr("crawler.bulk.nppes.PROBE_BYTES", 5)
    body = b"\r\n".join(b"row %d " % i + b"x" * (i % 13) for i in range(200)) + ending
    path = tmp_path / "f.csv"
    path.write_bytes(b"header\r\n" + body)
    with open(path, "rb") as handle:
        handle.readline()
        ranges = list(_ranges(handle.fileno(), handle.tell(), block))
        blocks = [_read_block(handle.fileno(), offset, length) for offset, length in ranges]
    assert all(b.endswith(b"\n") for b in blocks if b)  # a last line of blanks: none
    assert [o + n for o, n in ranges[:-1]] == [o for o, _ in ranges[1:]]  # no gap, no overlap
    assert ranges[-1][0] + ranges[-1][1] == path.stat().st_size
    assert b"".join(blocks) == b"".join(_chunks(io.BytesIO(body), block))


def test_candidate_lines_are_those_with_a_quoted_mapped_code():
    """The scan (`_candidates`) against a plain reading of each line: a line is a
    candidate when a quoted ten-character value ending in X is a mapped code or starts
    with a mapped family."""
    from crawler.bulk.nppes import _MAPPED_CODES, _MAPPED_FAMILIES, _candidates

    def plain(line: bytes) -> bool:
        values = line.split(b'"')[1::2]  # a value between quotes, as the scan sees it
        return any(
            len(v) == 10
            and v.endswith(b"X")
            and (v in _MAPPED_CODES or v.startswith(_MAPPED_FAMILIES))
            for v in values
        )

    mapped = sorted(_MAPPED_CODES)
    lines = [
        b'"1234567890","","x"',
        b'"1234567890","%s","y"' % mapped[0],
        b'"1234567890","207Q00000X","%s"' % mapped[-1],  # the second code is the mapped one
        b'"1234567890","%sZZZZZX"' % _MAPPED_FAMILIES[0],  # a family: any code in it
        b'"1234567890","%sZZZZZY"' % _MAPPED_FAMILIES[0],  # not a code (no X)
        b'"1234567890","A%s"' % mapped[1],  # eleven characters: not the code
        b'"1234567890",%s"' % mapped[2],  # not quoted before
        b'"1234567890","%s","%s"' % (mapped[3], mapped[4]),  # two on one line: once
        b'"1234567890","122300000X","X"',
    ]
    chunk = b"\r\n".join(lines) + b"\r\n"
    found = [line.rstrip(b"\r\n") for _offset, line in _candidates(chunk)]
    assert found == [line for line in lines if plain(line)]
    assert len(found) == 4
    assert all(chunk[offset : offset + len(line)] == line for offset, line in _candidates(chunk))
    unended = b"\r\n".join(lines[:8])  # the last line a candidate without its line end
    assert [line for _o, line in _candidates(unended)][-1] == lines[7]


def test_a_broken_row_in_a_worker_batch_is_dead_lettered(with_bad_rows, tmp_path, monkeypatch):
    monkeypatch.setattr("crawler.bulk.nppes.CHUNK_BYTES", 1 << 16)
    result = import_nppes(with_bad_rows["main"], tmp_path / "o.jsonl", workers=2)
    assert result.rows_dropped["unreadable_row"] == 1
    assert result.rows_kept + sum(result.rows_dropped.values()) == result.rows_read
    dead = [json.loads(line) for line in (tmp_path / "o.dead.jsonl").read_text().splitlines()]
    (unreadable,) = [d for d in dead if d["reason"] == "unreadable_row"]
    assert "329 columns, expected 330" in unreadable["detail"]
    assert unreadable["line"] == with_bad_rows["cut_line"]
    invalid = [d["record"][F.NPI] for d in dead if d["reason"] == "invalid_record"]
    assert invalid and set(invalid) == {with_bad_rows["invalid_npi"]}
    assert json.loads((tmp_path / "o.summary.json").read_text())["full"] is False


def test_an_error_in_a_worker_is_one_clinics_error_and_no_output(synthetic, tmp_path, monkeypatch):
    import multiprocessing

    from clinics.errors import ClinicsError

    def broken(*args, **kwargs):
        raise RuntimeError("a bug\nin the mapping")

    # The workers are forked after this: they run the broken function
    monkeypatch.setattr("crawler.bulk.nppes._take_row", broken)
    with pytest.raises(ClinicsError) as raised:
        import_nppes(synthetic["written"].main, tmp_path / "o.jsonl", workers=2)
    assert str(raised.value) == "a worker process failed: RuntimeError: a bug in the mapping"
    assert not (tmp_path / "o.jsonl").exists()
    assert not (tmp_path / "o.jsonl.part").exists()
    assert multiprocessing.active_children() == []


def _big_file(synthetic, folder: Path, times: int) -> Path:
    """The synthetic rows `times` over (the same NPIs again: enough rows to stop midway)."""
    folder.mkdir()
    head, body = synthetic["written"].main.read_bytes().split(b"\r\n", 1)
    with open(folder / MAIN_NAME, "wb") as out:
        out.write(head + b"\r\n" + body * times)
    (folder / LOCATIONS_NAME).write_bytes(synthetic["written"].locations.read_bytes())
    return folder / MAIN_NAME


def _processes() -> Iterator[tuple[int, list[bytes]]]:
    """(pid, the fields of /proc/<pid>/stat after the command name: state, parent, group,
    ...) of every process that still has one."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        yield int(entry.name), stat[stat.rfind(b")") + 2 :].split()


def _descendants(pid: int) -> list[int]:
    return [child for child, fields in _processes() if int(fields[1]) == pid]


def _in_group(group: int) -> list[int]:
    return [
        member for member, fields in _processes() if int(fields[2]) == group and fields[0] != b"Z"
    ]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("how", ["ctrl_c", "worker_killed"])
def test_interrupted_or_killed_worker_ends_cleanly(how, synthetic, tmp_path):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) or a worker
    killed: one line on stderr, no traceback, no output file, no process left behind."""
    import os
    import signal
    import time

    main_file = _big_file(synthetic, tmp_path / "big", 40)  # 120,000 rows, 145 MB
    out = tmp_path / "o.jsonl"
    command = [sys.executable, "-m", "clinics.cli", "import", "nppes", str(main_file)]
    process = subprocess.Popen(
        [*command, "-o", str(out), "--workers", "2"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while len(_descendants(process.pid)) < 2 and process.poll() is None:
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.05)
        time.sleep(0.5)  # some batches under way
        if how == "ctrl_c":
            os.killpg(process.pid, signal.SIGINT)
        else:
            os.kill(_descendants(process.pid)[0], signal.SIGKILL)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    if how == "ctrl_c":
        assert process.returncode == 130, err  # the CLI's status for an interrupt
        assert err == "clinics import: interrupted\n"
    else:
        assert process.returncode == 1, err
        assert err == (
            "clinics import: a worker process ended unexpectedly (killed, or out of memory)\n"
        )
    deadline = time.monotonic() + 10
    while _in_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _in_group(process.pid) == []
    assert not out.exists()
    assert not out.with_name(out.name + ".part").exists()
