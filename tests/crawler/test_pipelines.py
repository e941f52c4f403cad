"""Pipelines, one concern each: tables of input (junk included) and expected output."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from clinics import fields as F
from crawler.optout import OptOutList
from crawler.pages import CLASSIFY_TEXT, LOCATION_INDEX
from crawler.pipelines import DropRecord
from crawler.pipelines.address import AddressPipeline, normalize_postal_code
from crawler.pipelines.classify import ClassifyPipeline
from crawler.pipelines.clean_strings import CleanStringsPipeline
from crawler.pipelines.coordinates import CoordinatesPipeline
from crawler.pipelines.duplicates import DuplicatesPipeline
from crawler.pipelines.geocode import GeocodePipeline
from crawler.pipelines.links import LinksPipeline
from crawler.pipelines.optout import OptOutPipeline
from crawler.pipelines.phone import PhonePipeline
from crawler.pipelines.provenance import ProvenancePipeline
from crawler.pipelines.scope import ScopePipeline
from crawler.pipelines.validate import ValidatePipeline

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({F.NAME: "  Bayou   City\n Ketamine "}, {F.NAME: "Bayou City Ketamine"}),
        ({F.NAME: "Smith &amp; Jones"}, {F.NAME: "Smith & Jones"}),
        ({F.NAME: "A", F.FAX: "--"}, {F.NAME: "A"}),
        ({F.NAME: "A", F.EMAIL: "undefined"}, {F.NAME: "A"}),
        ({F.NAME: "A", F.WEBSITE: "N/A"}, {F.NAME: "A"}),
        ({F.NAME: "A", F.DESCRIPTION: "null"}, {F.NAME: "A"}),
        (
            {F.NAME: "A", F.LANGUAGES: ["English", " English ", "", "--", "Spanish"]},
            {F.NAME: "A", F.LANGUAGES: ["English", "Spanish"]},
        ),
        ({F.NAME: "A", F.EXTRAS: {"x": " y ", "z": "--"}}, {F.NAME: "A", F.EXTRAS: {"x": "y"}}),
        (
            {F.NAME: "A", F.TELEHEALTH: False, F.LATITUDE: 0.0},
            {F.NAME: "A", F.TELEHEALTH: False, F.LATITUDE: 0.0},
        ),
        ({F.NAME: "A\u00a0B"}, {F.NAME: "A B"}),
    ],
)
def test_clean_strings(item, expected):
    assert CleanStringsPipeline().process_item(item) == expected


@pytest.mark.parametrize(
    ("phone", "expected_phone", "expected_ext", "issue"),
    [
        ("(713) 791-4420", "+17137914420", None, False),
        ("713.522.6710", "+17135226710", None, False),
        ("+1 713-621-8845", "+17136218845", None, False),
        ("7135263390", "+17135263390", None, False),
        ("713-528-9001 ext. 12", "+17135289001", "12", False),
        ("713-000-0000", None, None, True),
        ("0000", None, None, True),
        ("call us", None, None, True),
        ("555-0142", None, None, True),
    ],
)
def test_phone_to_e164(phone, expected_phone, expected_ext, issue):
    item = PhonePipeline().process_item({F.PHONE: phone})
    assert item.get(F.PHONE) == expected_phone
    assert item.get(F.PHONE_EXT) == expected_ext
    assert bool(item.get(F.FIELD_ISSUES)) is issue
    if issue:
        assert item[F.FIELD_ISSUES] == [
            {"field": F.PHONE, "reason": "not a valid phone number", "value": phone}
        ]


def test_invalid_fax_goes_phone_stays():
    item = PhonePipeline().process_item({F.PHONE: "713-791-4420", F.FAX: "--1"})
    assert item[F.PHONE] == "+17137914420" and F.FAX not in item
    assert item[F.FIELD_ISSUES][0]["field"] == F.FAX


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            {F.ADDRESS_RAW: "6560 Fannin St, Suite 1200, Houston, TX 77030"},
            {
                F.ADDRESS_1: "6560 Fannin St",
                F.ADDRESS_2: "Suite 1200",
                F.CITY: "Houston",
                F.STATE_PROVINCE: "TX",
                F.POSTAL_CODE: "77030",
                F.COUNTRY: "US",
            },
        ),
        (
            {F.ADDRESS_RAW: "2520 Kirby Dr Ste 300 Houston Texas 77098-1234"},
            {
                F.ADDRESS_1: "2520 Kirby Dr",
                F.ADDRESS_2: "Ste 300",
                F.CITY: "Houston",
                F.STATE_PROVINCE: "TX",
                F.POSTAL_CODE: "77098-1234",
            },
        ),
        (
            {
                F.ADDRESS_1: "6560 FANNIN ST",
                F.CITY: "HOUSTON",
                F.STATE_PROVINCE: "tx",
                F.POSTAL_CODE: "770302701",
            },
            {
                F.CITY: "Houston",
                F.STATE_PROVINCE: "TX",
                F.POSTAL_CODE: "77030-2701",
                F.ADDRESS_RAW: "6560 FANNIN ST, Houston, TX 77030-2701",
            },
        ),
        ({F.POSTAL_CODE: "00000", F.CITY: "Houston"}, {F.POSTAL_CODE: None}),
        ({F.STATE_PROVINCE: "Atlantis", F.CITY: "Houston"}, {F.STATE_PROVINCE: None}),
    ],
)
def test_address_to_hsds_fields(item, expected):
    raw = item.get(F.ADDRESS_RAW)
    result = AddressPipeline().process_item(dict(item))
    for key, value in expected.items():
        assert result.get(key) == value, key
    if raw:
        assert result[F.ADDRESS_RAW] == raw  # the raw line is kept


def test_address_that_cannot_be_parsed_is_kept_raw_with_an_issue():
    result = AddressPipeline().process_item({F.ADDRESS_RAW: "behind the big oak tree"})
    assert result[F.ADDRESS_RAW] == "behind the big oak tree"
    assert F.ADDRESS_1 not in result
    assert result[F.FIELD_ISSUES][0]["field"] == F.ADDRESS_RAW


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("77030", "77030"),
        ("77030-2701", "77030-2701"),
        ("770302701", "77030-2701"),
        ("7703", None),
        ("abcde", None),
        ("00000", None),
    ],
)
def test_postal_codes(raw, expected):
    assert normalize_postal_code(raw) == expected


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("29.7050", "-95.3975", (29.705, -95.3975, "source")),
        (29.7, -95.4, (29.7, -95.4, "source")),
        ("bad-latitude", "-95.64", (None, None, None)),
        ("95.3", "29.7", (None, None, None)),
        ("29.7", "-195.4", (None, None, None)),
        ("0", "0", (None, None, None)),
        ("nan", "1", (None, None, None)),
        (True, 1, (None, None, None)),
    ],
)
def test_coordinates_range_check(lat, lon, expected):
    item = CoordinatesPipeline().process_item({F.LATITUDE: lat, F.LONGITUDE: lon})
    assert (item.get(F.LATITUDE), item.get(F.LONGITUDE), item.get(F.GEO_PRECISION)) == expected
    assert bool(item.get(F.FIELD_ISSUES)) is (expected[0] is None)


@pytest.mark.parametrize(
    ("item", "therapies", "provider_types"),
    [
        (
            {F.NAME: "A", CLASSIFY_TEXT: "We offer ketamine-assisted psychotherapy (KAP)."},
            {"ketamine_assisted_psychotherapy"},
            set(),
        ),
        (
            {F.NAME: "A", CLASSIFY_TEXT: "CBT for anxiety. We do not offer ketamine."},
            {"cbt"},
            set(),
        ),
        ({F.NAME: "A", F.SOURCE_CODES: ["nucc:2084P0800X"]}, set(), {"psychiatrist"}),
        # a code that arrives without evidence is not kept; the raw words are read again
        ({F.NAME: "A", F.THERAPIES_RAW: ["EMDR"], F.THERAPIES: ["cbt"]}, {"emdr"}, set()),
    ],
)
def test_classify(item, therapies, provider_types):
    result = ClassifyPipeline().process_item(item)
    assert set(result[F.THERAPIES]) == therapies
    assert set(result[F.PROVIDER_TYPES]) == provider_types
    assert CLASSIFY_TEXT not in result


def test_classify_negated_ketamine_is_not_ketamine():
    result = ClassifyPipeline().process_item(
        {F.NAME: "A", CLASSIFY_TEXT: "We do not offer ketamine; CBT only."}
    )
    assert not any(code.startswith("ketamine") for code in result[F.THERAPIES])


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        ({F.PROVIDER_TYPES: ["psychiatrist"]}, True),
        ({F.THERAPIES: ["cbt"]}, True),
        ({F.PROVIDER_TYPES: [], F.THERAPIES: [], F.CONDITIONS: []}, False),
        ({}, False),
    ],
)
def test_scope(item, kept):
    if kept:
        assert ScopePipeline().process_item(item) is item
    else:
        with pytest.raises(DropRecord) as caught:
            ScopePipeline().process_item(item)
        assert caught.value.reason == "out_of_scope"


@pytest.mark.parametrize(
    ("item", "precision"),
    [
        ({F.POSTAL_CODE: "77030", F.CITY: "Houston", F.STATE_PROVINCE: "TX"}, "zip"),
        ({F.CITY: "Sugar Land", F.STATE_PROVINCE: "TX"}, "city"),
        ({F.ADDRESS_RAW: "nowhere at all"}, "none"),
        ({}, "none"),
    ],
)
def test_geocode_fills_missing_points(item, precision):
    result = GeocodePipeline().process_item(dict(item))
    assert result[F.GEO_PRECISION] == precision
    assert (result.get(F.LATITUDE) is None) is (precision == "none")


def test_geocode_leaves_source_points_alone():
    item = {F.LATITUDE: 29.7, F.LONGITUDE: -95.4, F.GEO_PRECISION: "source", F.POSTAL_CODE: "77479"}
    assert GeocodePipeline().process_item(dict(item)) == item


def test_provenance_sets_source_time_sample_and_id():
    clock = lambda: datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # noqa: E731
    pipeline = ProvenancePipeline(source="npi", sample=True, clock=clock)
    item = pipeline.process_item(
        {F.SOURCE_REF: 1234567893, LOCATION_INDEX: 2, F.SOURCE_URL: "https://x.example/"}
    )
    assert item == {
        F.SOURCE: "npi",
        F.SOURCE_REF: "1234567893",
        F.ID: "npi:1234567893:2",
        F.SOURCE_URL: "https://x.example/",
        F.FETCHED_AT: "2026-11-25T12:00:00+00:00",
        F.IS_SAMPLE: True,
    }
    assert ProvenancePipeline(source="s").process_item({F.SOURCE_REF: "r"})[F.ID] == "s:r"


@pytest.mark.parametrize(
    ("item", "dropped"),
    [
        ({F.NPI: "1234567893", F.NAME: "X"}, True),
        ({F.NAME: "Example  Counseling, PLLC"}, True),
        ({F.SOURCE_URL: "https://www.optedout.example/team/"}, True),
        ({F.WEBSITE: "http://sub.optedout.example/"}, True),
        ({F.SOURCE_URL: "https://clinic.example/team/jane/"}, True),
        ({F.SOURCE_URL: "https://clinic.example/team/john"}, False),
        ({F.NAME: "Someone Else", F.NPI: "1234567894"}, False),
    ],
)
def test_optout(item, dropped):
    optout = OptOutList()
    optout.add("npi", "1234567893")
    optout.add("name", "Example Counseling PLLC")
    optout.add("domain", "optedout.example")
    optout.add("url", "https://clinic.example/team/jane")
    pipeline = OptOutPipeline(optout=optout)
    if dropped:
        with pytest.raises(DropRecord) as caught:
            pipeline.process_item(item)
        assert caught.value.reason == "opted_out"
    else:
        assert pipeline.process_item(item) is item


def test_duplicates_within_a_crawl():
    pipeline = DuplicatesPipeline()
    pipeline.process_item({F.ID: "npi:1:0"})
    pipeline.process_item({F.ID: "npi:1:1"})
    with pytest.raises(DropRecord) as caught:
        pipeline.process_item({F.ID: "npi:1:0"})
    assert caught.value.reason == "duplicate"


def _valid() -> dict:
    return {
        F.ID: "npi:1234567893:0",
        F.SOURCE: "npi",
        F.SOURCE_REF: "1234567893",
        F.FETCHED_AT: "2026-11-25T12:00:00+00:00",
        F.NAME: "Jane Sample",
        F.PHONE: "+17137914420",
        CLASSIFY_TEXT: "left over",
        "unknown_source_field": "kept in extras",
    }


def test_validate_passes_a_good_record_as_json_data():
    out = ValidatePipeline().process_item(_valid())
    assert out[F.ID] == "npi:1234567893:0"
    assert out[F.EXTRAS] == {"unknown_source_field": "kept in extras"}
    assert CLASSIFY_TEXT not in out and isinstance(out[F.FETCHED_AT], str)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({F.NAME: None}, "name"),
        ({F.PHONE: "713-791-4420"}, "phone"),
        ({F.FETCHED_AT: "yesterday"}, "fetched_at"),
        ({F.LATITUDE: 29.7}, "latitude/longitude"),
    ],
)
def test_validate_drops_an_invalid_record_with_the_reason(change, message):
    item = _valid()
    item.update(change)
    with pytest.raises(DropRecord) as caught:
        ValidatePipeline().process_item(item)
    assert caught.value.reason == "invalid_record"
    assert message in caught.value.detail


@pytest.mark.parametrize(
    ("item", "website", "email", "issues"),
    [
        (
            {F.WEBSITE: "https://a.example/", F.EMAIL: "care@a.example"},
            "https://a.example/",
            "care@a.example",
            0,
        ),
        (
            {F.WEBSITE: "/about", F.SOURCE_URL: "https://a.example/x/"},
            "https://a.example/about",
            None,
            0,
        ),
        ({F.WEBSITE: "www.a.example"}, "https://www.a.example", None, 0),
        ({F.WEBSITE: "x"}, None, None, 1),
        ({F.WEBSITE: "javascript:void(0)", F.SOURCE_URL: "https://a.example/"}, None, None, 1),
        ({F.EMAIL: "mailto:care@a.example"}, None, "care@a.example", 0),
        ({F.EMAIL: "care at a dot example"}, None, None, 1),
    ],
)
def test_links(item, website, email, issues):
    result = LinksPipeline().process_item(dict(item))
    assert result.get(F.WEBSITE) == website
    assert result.get(F.EMAIL) == email
    assert len(result.get(F.FIELD_ISSUES, [])) == issues
