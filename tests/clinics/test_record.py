"""ProviderRecord: fields, validation messages, extras, JSON Lines in and out, dead letters."""

from __future__ import annotations

import io
import itertools
import json
import typing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clinics import fields as F
from clinics.deadletter import DeadLetterWriter, read_dead_letters
from clinics.record import (
    GeoPrecision,
    Kind,
    ProviderRecord,
    RecordError,
    npi_check_digit_ok,
    read_jsonl,
    record_id,
    write_jsonl,
)

pytestmark = pytest.mark.unit

FETCHED = "2026-11-20T12:00:00+00:00"


def minimal(**overrides: object) -> dict:
    data = {
        F.SOURCE: "sample",
        F.SOURCE_REF: "kap-1",
        F.NAME: "Sample Bayou Ketamine Therapy",
        F.FETCHED_AT: FETCHED,
        F.IS_SAMPLE: True,
    }
    data.update(overrides)
    return data


def error_of(data: dict) -> str:
    with pytest.raises(RecordError) as caught:
        ProviderRecord.from_dict(data)
    return str(caught.value)


# ---- the schema matches clinics.fields -------------------------------------------------------


def test_model_fields_are_exactly_the_field_constants() -> None:
    constants = {
        value for name, value in vars(F).items() if name.isupper() and isinstance(value, str)
    }
    assert set(ProviderRecord.model_fields) == constants


def test_literals_match_the_constants() -> None:
    assert typing.get_args(GeoPrecision) == F.GEO_PRECISIONS
    assert typing.get_args(Kind) == F.KINDS


# ---- valid records ---------------------------------------------------------------------------


def test_minimal_record_gets_its_id_and_defaults() -> None:
    record = ProviderRecord.from_dict(minimal())
    assert record.id == "sample:kap-1"
    assert record.therapies == [] and record.hours == [] and record.extras == {}
    assert record.geo_precision == "none"
    assert record.fetched_at == datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize("record_id_value", ["sample:kap-1", "sample:kap-1:2"])
def test_id_may_carry_a_location_number(record_id_value: str) -> None:
    assert ProviderRecord.from_dict(minimal(id=record_id_value)).id == record_id_value


def test_record_id_helper() -> None:
    assert record_id("npi", "1234567893") == "npi:1234567893"
    assert record_id("npi", "1234567893", 2) == "npi:1234567893:2"


def test_full_record_round_trips_through_json_line() -> None:
    record = ProviderRecord.from_dict(
        minimal(
            kind="organization",
            npi="1234567893",
            licenses=[{"state": "tx", "number": "12345"}],
            provider_types=["psychiatrist"],
            therapies=["cbt", "ketamine_infusion"],
            conditions=["anxiety"],
            latitude=29.7,
            longitude=-95.4,
            geo_precision="zip",
            phone="+17135550101",
            phone_ext="12",
            website="https://example.org/sample",
            email="info@example.org",
            country="us",
            accepting_as_of="2026-11-01",
            hours=[{"byday": "MO,TU", "opens_at": "09:00", "closes_at": "17:30"}],
            field_issues=[{"field": "fax", "reason": "invalid phone", "value": "123"}],
        )
    )
    line = record.to_json_line()
    assert "\n" not in line
    assert json.loads(line)[F.FETCHED_AT] == "2026-11-20T12:00:00Z"
    assert ProviderRecord.from_json_line(line) == record
    assert record.licenses[0].state == "TX"
    assert record.country == "US"


def test_unknown_keys_move_to_extras_never_dropped() -> None:
    record = ProviderRecord.from_dict(minimal(extras={"a": 1}, typeFacility="MH", miles="1.2", a=2))
    assert record.extras == {"a": 1, "typeFacility": "MH", "miles": "1.2", "a_": 2}


def test_blank_strings_become_none_and_strings_become_lists() -> None:
    record = ProviderRecord.from_dict(
        minimal(city="  ", website="", credentials="LPC", languages=["English", " ", "English"])
    )
    assert record.city is None and record.website is None
    assert record.credentials == ["LPC"]
    assert record.languages == ["English"]


def test_coordinates_as_strings_are_numbers() -> None:
    record = ProviderRecord.from_dict(
        minimal(latitude="29.7065", longitude=" -95.399 ", geo_precision="source")
    )
    assert (record.latitude, record.longitude) == (29.7065, -95.399)


def test_numbers_are_accepted_for_npi_and_source_ref() -> None:
    record = ProviderRecord.from_dict(minimal(source="npi", source_ref=1234567893, npi=1234567893))
    assert record.npi == "1234567893" and record.id == "npi:1234567893"


# ---- invalid records: field and reason in one line --------------------------------------------

INVALID = [
    ("missing name", {F.NAME: None}, "name:"),
    ("blank name", {F.NAME: "  "}, "name:"),
    ("missing fetched_at", {F.FETCHED_AT: None}, "fetched_at:"),
    (
        "naive fetched_at",
        {F.FETCHED_AT: "2026-11-20T12:00:00"},
        "fetched_at: Input should have timezone",
    ),
    ("phone not e164", {F.PHONE: "713-555-0101"}, "phone: must be E.164"),
    ("fax not e164", {F.FAX: "(713) 555-0101"}, "fax: must be E.164"),
    ("phone ext letters", {F.PHONE_EXT: "x12"}, "phone_ext: must be 1 to 10 digits"),
    ("npi short", {F.NPI: "12345"}, "npi: must be 10 digits"),
    ("npi bad check digit", {F.NPI: "1234567890"}, "npi: fails the NPI check digit"),
    (
        "latitude out of range",
        {F.LATITUDE: 91, F.LONGITUDE: 0, F.GEO_PRECISION: "zip"},
        "latitude:",
    ),
    (
        "longitude out of range",
        {F.LATITUDE: 0, F.LONGITUDE: -181, F.GEO_PRECISION: "zip"},
        "longitude:",
    ),
    ("latitude alone", {F.LATITUDE: 29.7, F.GEO_PRECISION: "zip"}, "both or neither"),
    ("point without precision", {F.LATITUDE: 29.7, F.LONGITUDE: -95.4}, "geo_precision: must say"),
    ("precision without point", {F.GEO_PRECISION: "address"}, "latitude/longitude are not set"),
    ("bad precision", {F.GEO_PRECISION: "street"}, "geo_precision:"),
    ("bad kind", {F.KIND: "person"}, "kind:"),
    ("bad license state", {F.LICENSES: [{"state": "Texas", "number": "1"}]}, "licenses.0.state"),
    ("license without number", {F.LICENSES: [{"state": "TX"}]}, "licenses.0.number"),
    ("hours bad day", {F.HOURS: [{"byday": "Monday"}]}, "hours: row 0: byday"),
    ("hours bad time", {F.HOURS: [{"byday": "MO", "opens_at": "9am"}]}, "hours: row 0: opens_at"),
    ("website not url", {F.WEBSITE: "example.org"}, "website: must be an http(s) URL"),
    ("email", {F.EMAIL: "not-an-email"}, "email: must be an email"),
    ("country", {F.COUNTRY: "USA"}, "country: must be an ISO 3166-1"),
    ("unknown therapy", {F.THERAPIES: ["ketamine"]}, "is not a therapy code"),
    ("code not snake case", {F.CONDITIONS: ["Anxiety"]}, "not a snake_case"),
    ("provider type from another kind", {F.PROVIDER_TYPES: ["cbt"]}, "is not a provider_type code"),
    ("id mismatch", {F.ID: "npi:999"}, "id: must be 'sample:kap-1'"),
    ("extras not a dict", {F.EXTRAS: [1, 2]}, "extras:"),
    (
        "latitude not a number",
        {F.LATITUDE: float("nan"), F.LONGITUDE: 0, F.GEO_PRECISION: "zip"},
        "latitude: Input should be a finite number",
    ),
    (
        "latitude a bool",
        {F.LATITUDE: True, F.LONGITUDE: 0, F.GEO_PRECISION: "zip"},
        "latitude: must be a number",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [pytest.param(o, m, id=name) for name, o, m in INVALID],
)
def test_invalid_records_say_which_field_and_why(overrides: dict, message: str) -> None:
    data = minimal(**overrides)
    for key in [k for k, v in data.items() if v is None]:
        del data[key]
    error = error_of(data)
    assert message in error
    assert "\n" not in error


@pytest.mark.parametrize(
    ("npi", "ok"),
    [("1234567893", True), ("1234567890", False), ("123456789", False), ("abcdefghij", False)],
)
def test_npi_check_digit(npi: str, ok: bool) -> None:
    assert npi_check_digit_ok(npi) is ok


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "invalid JSON"),
        ("[1, 2]", "not a JSON object"),
        ('"text"', "not a JSON object"),
        ("{}", "source: is required"),
    ],
)
def test_from_json_line_errors(line: str, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        ProviderRecord.from_json_line(line)


# ---- files -------------------------------------------------------------------------------


def _lines() -> list[str]:
    good = ProviderRecord.from_dict(minimal()).to_json_line()
    other = ProviderRecord.from_dict(minimal(source_ref="kap-2")).to_json_line()
    return [good, "", "{broken", json.dumps(minimal(phone="555")), "   ", other, "[]"]


def test_read_jsonl_yields_line_numbers_records_and_reasons(tmp_path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(_lines()) + "\n", encoding="utf-8")
    rows = list(read_jsonl(path))
    assert [(n, r is not None) for n, r, _ in rows] == [
        (1, True),
        (3, False),
        (4, False),
        (6, True),
        (7, False),
    ]
    reasons = {n: e for n, _, e in rows if e}
    assert reasons[3].startswith("invalid JSON")
    assert reasons[4].startswith("phone: must be E.164")
    assert reasons[7].startswith("not a JSON object")


@pytest.mark.parametrize("mode", ["text", "bytes", "str path"])
def test_read_jsonl_accepts_files_and_paths(tmp_path, mode: str) -> None:
    content = "\n".join(_lines())
    if mode == "text":
        source = io.StringIO(content)
    elif mode == "bytes":
        source = io.BytesIO(content.encode())
    else:
        path = tmp_path / "r.jsonl"
        path.write_text(content, encoding="utf-8")
        source = str(path)
    assert sum(1 for _, r, _ in read_jsonl(source) if r) == 2


def test_read_jsonl_streams() -> None:
    line = ProviderRecord.from_dict(minimal()).to_json_line() + "\n"
    endless = itertools.repeat(line)  # would never end if read_jsonl read everything first
    first = list(itertools.islice(read_jsonl(endless), 3))  # type: ignore[arg-type]
    assert [n for n, _, _ in first] == [1, 2, 3]


def test_write_jsonl_round_trip(tmp_path) -> None:
    records = [ProviderRecord.from_dict(minimal(source_ref=f"r{i}")) for i in range(3)]
    path = tmp_path / "out.jsonl"
    assert write_jsonl(records, path) == 3
    assert [r for _, r, _ in read_jsonl(path)] == records
    buffer = io.StringIO()
    assert write_jsonl(records, buffer) == 3
    assert buffer.getvalue().count("\n") == 3


# ---- dead letters -------------------------------------------------------------------------


def test_dead_letter_file_is_created_only_when_needed(tmp_path) -> None:
    path = tmp_path / "sub" / "dead.jsonl"
    with DeadLetterWriter(path) as writer:
        pass
    assert not path.exists()
    assert writer.total == 0


def test_dead_letter_rows_and_counts(tmp_path) -> None:
    path = tmp_path / "dead.jsonl"
    with DeadLetterWriter(path) as writer:
        writer.write(
            "invalid_json", detail="invalid JSON: ...", raw=b"{broken", line=3, source="npi"
        )
        writer.write("out_of_scope", record={"name": "Sample Dental"}, source="npi")
        writer.write("out_of_scope", record={"name": "Sample Eye Care"})
    rows = read_dead_letters(path)
    assert rows[0] == {
        "reason": "invalid_json",
        "detail": "invalid JSON: ...",
        "source": "npi",
        "line": 3,
        "raw": "{broken",
    }
    assert rows[1]["record"] == {"name": "Sample Dental"}
    assert writer.counts == {"invalid_json": 1, "out_of_scope": 2}


def test_dead_letter_writer_on_an_open_file() -> None:
    buffer = io.StringIO()
    writer = DeadLetterWriter(buffer)
    writer.write("invalid_record", detail="phone: must be E.164", record={"x": 1})
    writer.close()
    assert json.loads(buffer.getvalue())["reason"] == "invalid_record"
    assert writer.path is None


# ---- the docs stay true -----------------------------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "record-format.md"


@pytest.mark.parametrize("field", sorted(ProviderRecord.model_fields))
def test_every_field_is_documented(field: str) -> None:
    assert f"`{field}`" in DOC.read_text(encoding="utf-8")


def test_the_documented_example_line_is_a_valid_record() -> None:
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("\n```", 1)[0]
    record = ProviderRecord.from_json_line(example)
    assert record.is_sample and record.to_json_line() == example


def test_dead_letters_are_on_disk_before_close(tmp_path) -> None:
    path = tmp_path / "dead.jsonl"
    writer = DeadLetterWriter(path, mode="a")
    writer.write("invalid_record", detail="name: is required", record={})
    assert read_dead_letters(path) == [
        {"reason": "invalid_record", "detail": "name: is required", "record": {}}
    ]
    writer.close()
