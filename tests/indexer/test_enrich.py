"""Load-time enrichment: codes from the raw words, points for records without one."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from indexer import enrich
from indexer.partition import Partitioner, bucket_count

pytestmark = pytest.mark.unit


@dataclass
class Match:
    lat: float
    lon: float
    precision: str
    ambiguous: bool = False


KAP = "ketamine_assisted_psychotherapy"
PAGE_EVIDENCE = {
    "code": KAP,
    "kind": "therapy",
    "quote": "We offer ketamine-assisted psychotherapy.",
    "url": "https://clinic.example/services",
    "date": "2026-11-20",
}


@pytest.mark.parametrize(
    ("record", "therapies", "provider_types", "telehealth"),
    [
        ({"description": "We offer IV ketamine."}, ["ketamine_infusion"], None, None),
        # codes the crawler found in page text survive: their evidence is on the record
        ({"therapies": [KAP], "evidence": [PAGE_EVIDENCE]}, [KAP], None, None),
        (
            {"therapies_raw": ["EMDR"], "therapies": [KAP], "evidence": [PAGE_EVIDENCE]},
            ["emdr", KAP],
            None,
            None,
        ),
        # a code with no evidence at all is not kept (trust over reach)
        ({"therapies": ["cbt"]}, None, None, None),
        ({"source_codes": ["2084P0800X"]}, None, ["psychiatrist"], None),
        ({"description": "x", "provider_types": ["counselor"]}, None, ["counselor"], None),
        # the source's explicit telehealth answer wins over the words
        ({"description": "Telehealth CBT.", "telehealth": False}, ["cbt"], None, False),
        # a mention is not an offer
        ({"description": "What is ketamine? Studies show it may help."}, None, None, None),
    ],
)
def test_classification_only_adds_to_evidenced_codes(record, therapies, provider_types, telehealth):
    enrich.apply_classification(record)
    assert record.get("therapies") == therapies
    assert record.get("provider_types") == provider_types
    assert record.get("telehealth") == telehealth
    for code in record.get("therapies") or ():
        assert any(e["code"] == code for e in record["evidence"]), code


def test_field_evidence_names_the_field_page_and_day():
    record = {
        "source_url": "https://clinic.example/",
        "fetched_at": "2026-11-20T12:00:00Z",
        "therapies_raw": ["Spravato"],
        "source_codes": ["samhsa:service:EMDR"],
    }
    enrich.apply_classification(record)
    spravato = [e for e in record["evidence"] if e["code"] == "esketamine_spravato"]
    assert spravato == [
        {
            "code": "esketamine_spravato",
            "kind": "therapy",
            "quote": "Spravato",
            "url": "https://clinic.example/",
            "date": "2026-11-20",
            "field": "therapies_raw",
        }
    ]


@pytest.mark.parametrize(
    ("record", "query"),
    [
        (
            {
                "address_1": "6560 Fannin St",
                "city": "Houston",
                "state_province": "TX",
                "postal_code": "77030",
            },
            "6560 Fannin St, Houston, TX 77030",
        ),
        ({"address_1": "6560 Fannin St", "postal_code": "77030"}, "6560 Fannin St, 77030"),
        ({"postal_code": "77030"}, "77030"),
        ({"city": "Sugar Land", "state_province": "TX"}, "Sugar Land, TX"),
        ({"city": "Sugar Land"}, None),
        ({}, None),
    ],
)
def test_geocode_query(record, query):
    assert enrich.geocode_query(record) == query


@pytest.mark.parametrize(
    ("record", "match", "expected"),
    [
        ({"postal_code": "77030"}, Match(29.7, -95.4, "zip"), (29.7, -95.4, "zip")),
        ({"postal_code": "77030", "latitude": 1.0, "longitude": 2.0, "geo_precision": "source"},
         Match(29.7, -95.4, "zip"), (1.0, 2.0, "source")),
        ({"city": "Washington", "state_province": "IN"}, Match(1, 2, "city", ambiguous=True),
         (None, None, None)),
        ({"postal_code": "99999"}, None, (None, None, None)),
    ],
)  # fmt: skip
def test_geocode_gives_a_point_only_when_missing_and_unambiguous(record, match, expected):
    enrich.apply_geocode(record, lambda query: match)
    assert (
        record.get("latitude"),
        record.get("longitude"),
        record.get("geo_precision"),
    ) == expected


def test_the_real_offline_geocoder_places_a_zip():
    record = {"postal_code": "77030"}
    enrich.apply_geocode(record)
    assert record["geo_precision"] == "zip"
    assert abs(record["latitude"] - 29.70) < 0.1


@pytest.mark.parametrize(
    ("input_bytes", "bucket_bytes", "buckets"),
    [(0, 100, 1), (100, 100, 1), (101, 100, 2), (10**9, 8 * 2**20, 120), (10**12, 1, 4096)],
)
def test_bucket_count_grows_with_input(input_bytes, bucket_bytes, buckets):
    assert bucket_count(input_bytes, bucket_bytes) == buckets


def test_partitioner_returns_each_block_whole_and_cleans_up(tmp_path):
    with Partitioner(4, tmp_path) as parts:
        for n in range(40):
            parts.add(f"zip:{n % 7:05d}", {"n": n})
        seen = {}
        for blocks in parts.groups():
            for block, records in blocks.items():
                assert block not in seen
                seen[block] = [r["n"] for r in records]
    assert seen["zip:00000"] == [0, 7, 14, 21, 28, 35]
    assert sum(len(v) for v in seen.values()) == 40
    assert list(tmp_path.iterdir()) == []


def test_partitioner_keeps_awkward_text_and_blocks_exactly(tmp_path):
    record = {"name": 'Tab\there, new\nline, \u2028 and "quotes"', "n": 1.5, "x": None}
    blocks = ["city:houston\ttx", "zip:77030", 'zip:"odd"']
    with Partitioner(2, tmp_path) as parts:
        for block in blocks:
            parts.add(block, record)
        seen = {block: group[block] for group in parts.groups() for block in group}
    assert seen == {block: [record] for block in blocks}


@pytest.mark.parametrize(
    ("record", "therapies"),
    [
        ({"name": "Bushwick ACT"}, None),  # Assertive Community Treatment team
        ({"name": "North Star Housing", "alternate_names": ["ACT Program"]}, None),
        ({"name": "Harbor Clinic", "description": "We offer ACT for anxiety."}, ["act"]),
    ],
)
def test_an_acronym_in_a_name_names_the_program_not_a_therapy(record, therapies):
    enrich.apply_classification(record)
    assert record.get("therapies") == therapies
