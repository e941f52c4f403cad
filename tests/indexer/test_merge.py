"""Merge decisions and merged documents, from records built here."""

from __future__ import annotations

import pytest

from clinics import fields as F
from indexer import fields as doc
from indexer import mapping, merge

pytestmark = pytest.mark.unit

NPI_A = "1234567893"
NPI_B = "1245319599"


def rec(source="npi", ref="1", **values) -> dict:
    base = {
        "id": f"{source}:{ref}",
        "source": source,
        "source_ref": ref,
        "source_url": f"https://example.org/{source}/{ref}",
        "fetched_at": "2026-11-01T00:00:00Z",
        "kind": "individual",
        "name": "Avery Lin",
        "address_1": "6560 Fannin St",
        "city": "Houston",
        "state_province": "TX",
        "postal_code": "77030",
        "phone": "+17135550101",
    }
    base.update(values)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        # same NPI, addresses agree (spelling variant)
        (rec(npi=NPI_A), rec("clinic_sites", npi=NPI_A, address_1="6560 Fannin Street"), "npi"),
        # same NPI but a different street: another location of the same person
        (rec(npi=NPI_A), rec("clinic_sites", npi=NPI_A, address_1="100 Main St"), None),
        # different NPIs never merge, whatever else agrees
        (rec(npi=NPI_A), rec("clinic_sites", npi=NPI_B), None),
        # no NPI on one side: same street, similar name
        (rec(npi=NPI_A), rec("clinic_sites", name="Dr. Avery Lin, MD", phone=None), "address+name"),
        # same street, different person (group practice)
        (rec(), rec("clinic_sites", name="Jordan Reyes", phone="+17135550999"), None),
        # same phone, similar name, one side has no street
        (rec(), rec("directory:x", name="AVERY LIN LPC", address_1=None), "phone+name"),
        # same phone, similar name, but the streets disagree
        (rec(), rec("directory:x", address_1="900 Other Rd"), None),
        # a person and an organization at one address are two providers
        (rec(), rec("clinic_sites", kind="organization", name="Avery Lin Clinic"), None),
        # same program listed twice by one source with longer names
        (
            rec("findtreatment", "1", kind="organization", name="Bayou Center"),
            rec("findtreatment", "2", kind="organization", name="Bayou Center Adult Program"),
            "address+name",
        ),
        # one suite, spelled two ways, in the first line or in the second
        (
            rec(**{F.ADDRESS_1: "6560 Fannin St Suite 1200"}),
            rec("clinic_sites", **{F.ADDRESS_1: "6560 Fannin Street", F.ADDRESS_2: "#1200"}),
            "address+name",
        ),
        # a suite on one side only is unknown on the other: same building, same name
        (
            rec(**{F.ADDRESS_1: "6560 Fannin St Suite 1200"}),
            rec("clinic_sites", **{F.PHONE: None}),
            "address+name",
        ),
        # two suites of one building are two locations, whatever else agrees
        (
            rec(**{F.ADDRESS_1: "6560 Fannin St Suite 1200"}),
            rec("clinic_sites", **{F.ADDRESS_1: "6560 Fannin St", F.ADDRESS_2: "Ste 300"}),
            None,
        ),
        (
            rec(npi=NPI_A, **{F.ADDRESS_1: "6560 Fannin St Suite 1200"}),
            rec("clinic_sites", npi=NPI_A, **{F.ADDRESS_1: "6560 Fannin St Suite 300"}),
            None,
        ),
    ],
)
def test_match_reason(a, b, reason):
    assert merge.match_reason(a, b) == reason
    assert merge.match_reason(b, a) == reason


@pytest.mark.parametrize(
    ("source", "rank"),
    [("clinic_sites", 0), ("npi", 1), ("findtreatment", 2), ("directory:psych", 3), ("sample", 9)],
)
def test_source_priority(source, rank):
    assert merge.source_rank(source) == rank


def test_clusters_are_connected_components_and_stable():
    records = [
        rec("npi", "1", npi=NPI_A),
        rec("clinic_sites", "x", name="Dr. Avery Lin"),
        rec("directory:d", "9", name="Avery Lin LPC", address_1=None),
        rec("npi", "2", npi=NPI_B, name="Jordan Reyes", phone="+17135550999"),
    ]
    groups = merge.cluster(records)
    assert [[r["id"] for r in g] for g in groups] == [
        ["clinic_sites:x", "npi:1", "directory:d:9"],
        ["npi:2"],
    ]
    assert merge.cluster(list(reversed(records))) == groups


def test_conflicts_go_to_the_best_source_then_the_newest():
    records = [
        rec("npi", "1", npi=NPI_A, website="https://npi.example", accepting_new_patients=False),
        rec(
            "clinic_sites",
            "a",
            name="Dr. Avery Lin",
            website="https://old.example",
            fetched_at="2026-10-01T00:00:00Z",
        ),
        rec("clinic_sites", "b", name="Avery Lin MD", website="https://new.example"),
    ]
    document = merge.build_document("zip:77030", records)
    assert document["website"] == "https://new.example"
    assert document["name"] == "Avery Lin MD"
    assert document["accepting_new_patients"] is False  # only npi says it
    assert document[doc.FIELD_WINNERS]["website"] == "clinic_sites"
    assert document[doc.FIELD_WINNERS]["accepting_new_patients"] == "npi"
    assert document["npi"] == NPI_A


def test_document_keeps_every_source_and_unions_what_is_offered():
    records = [
        rec("npi", "1", therapies=["cbt"], languages=["English"]),
        rec("clinic_sites", "a", therapies=["ketamine_assisted_psychotherapy", "cbt"],
            languages=["Spanish"], latitude=29.7, longitude=-95.4, geo_precision="source"),
    ]  # fmt: skip
    document = merge.build_document("zip:77030", records)
    assert document["therapies"] == ["cbt", "ketamine_assisted_psychotherapy"]
    assert document["languages"] == ["Spanish", "English"]
    assert document[doc.SOURCE_NAMES] == ["clinic_sites", "npi"]
    assert [(s["source"], s["url"]) for s in document[doc.SOURCES]] == [
        ("clinic_sites", "https://example.org/clinic_sites/a"),
        ("npi", "https://example.org/npi/1"),
    ]
    assert document[doc.LOCATION] == {"lat": 29.7, "lon": -95.4}
    assert document[doc.FIRST_SEEN] == document[doc.LAST_SEEN] == "2026-11-01T00:00:00Z"
    assert document[doc.LAST_VERIFIED] == "2026-11-01T00:00:00Z"
    assert document[doc.NAME_SUGGEST]["input"] == ["Avery Lin"]
    assert merge.records_of(document) == sorted(records, key=merge.record_order)


def test_evidence_of_every_source_is_kept_once_for_the_listed_codes():
    cbt_site = {"code": "cbt", "kind": "therapy", "quote": "We offer CBT.", "url": "https://a/"}
    cbt_code = {"code": "cbt", "kind": "therapy", "source_code": "SAMHSA service code: CBT"}
    stale = {"code": "dbt", "kind": "therapy", "quote": "We offer DBT.", "url": "https://a/"}
    records = [
        rec("findtreatment", "1", therapies=["cbt"], evidence=[cbt_code]),
        rec("clinic_sites", "a", therapies=["cbt"], evidence=[cbt_site, cbt_site, stale]),
    ]
    document = merge.build_document("zip:77030", records)
    assert document["therapies"] == ["cbt"]
    assert document[F.EVIDENCE] == [cbt_site, cbt_code]  # best source first; dbt is not listed


def test_the_best_geo_precision_wins_the_location():
    records = [
        rec("clinic_sites", "a", latitude=29.0, longitude=-95.0, geo_precision="zip"),
        rec("directory:d", "b", latitude=29.7, longitude=-95.4, geo_precision="address"),
    ]
    document = merge.build_document("zip:77030", records)
    assert document[doc.LOCATION] == {"lat": 29.7, "lon": -95.4}
    assert document["geo_precision"] == "address"
    assert document[doc.FIELD_WINNERS][doc.LOCATION] == "directory:d"


def test_directory_only_listing_is_not_verified():
    document = merge.build_document("zip:77030", [rec("directory:d", "b")])
    assert doc.LAST_VERIFIED not in document


def test_doc_id_is_stable_and_depends_on_block_and_members():
    a = [rec("npi", "1"), rec("clinic_sites", "x")]
    assert merge.doc_id("zip:77030", a) == merge.doc_id("zip:77030", list(reversed(a)))
    assert merge.doc_id("zip:77030", a) != merge.doc_id("zip:77031", a)


def test_first_seen_survives_a_newer_fetch():
    old = merge.build_document("zip:77030", [rec(fetched_at="2026-01-01T00:00:00Z")])
    newer = merge.build_document(
        "zip:77030", [rec(fetched_at="2026-11-01T00:00:00Z")], merge.first_seen_of(old)
    )
    assert newer[doc.FIRST_SEEN] == "2026-01-01T00:00:00Z"
    assert newer[doc.LAST_SEEN] == "2026-11-01T00:00:00Z"
    assert newer[doc.SOURCES][0][mapping.SOURCE_FIRST_SEEN] == "2026-01-01T00:00:00Z"


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Avery Lin", "Dr. Avery Lin, MD", True),
        ("Lin, Avery", "Avery Lin", True),
        ("Avery Linn", "Avery Lin", True),
        ("Jon Smith", "John Smith", True),
        ("Bayou Center", "Bayou Center Adult Program", True),
        ("Test Provider A", "Test Provider C", False),
        ("Houston Ketamine Clinic", "Houston Anxiety Clinic", False),
        ("Avery Lin", "Jordan Reyes", False),
        ("Clinic", "Bayou Clinic", False),
        ("", "Avery Lin", False),
        ("MD", "Avery Lin", False),
    ],
)
def test_similar_names(a, b, similar):
    assert merge.similar_names(a, b) is similar
    assert merge.similar_names(b, a) is similar


def locator_listing(ref: str, address_1: str, name: str, phone: str, **more) -> dict:
    """A treatment locator's listing of an organization in ZIP 77030."""
    values = {F.KIND: "organization", F.NAME: name, F.ADDRESS_1: address_1, F.PHONE: phone}
    return rec("findtreatment", ref, **values, **more)


def test_a_facility_listed_with_a_joined_and_a_spaced_street_is_one_document():
    records = [
        locator_listing("1", "71 Tan Bark Plaza", "Tanbark Recovery Center", "+17135550140"),
        locator_listing("2", "71 Tanbark Plaza", "Tanbark Recovery Center", "+17135550140"),
    ]
    documents = merge.merge_block("zip:77030", records)
    assert len(documents) == 1
    assert [entry[F.SOURCE_REF] for entry in documents[0][doc.SOURCES]] == ["1", "2"]


def test_two_suites_of_one_building_stay_two_documents():
    records = [
        locator_listing("1", "2000 Main St Suite 100", "Harbor Light Counseling", "+17135550150"),
        locator_listing("2", "2000 Main St Ste 200", "Cypress Ketamine Clinic", "+17135550160"),
    ]
    documents = merge.merge_block("zip:77030", records)
    assert len(documents) == 2
    assert sorted(document[F.ADDRESS_1] for document in documents) == [
        "2000 Main St Ste 200",
        "2000 Main St Suite 100",
    ]


def test_one_suite_spelled_three_ways_is_one_document():
    records = [
        locator_listing("1", "2000 Main St Suite 100", "Harbor Light Counseling", "+17135550150"),
        locator_listing("2", "2000 Main Street Ste. 100", "Harbor Light Counseling", None),
        locator_listing(
            "3", "2000 Main St", "Harbor Light Counseling LLC", None, **{F.ADDRESS_2: "#100"}
        ),
    ]
    assert len(merge.merge_block("zip:77030", records)) == 1


def test_a_listing_without_a_suite_does_not_join_two_suites():
    # the same name in two suites: the listing without one matches both, joins only one
    records = [
        locator_listing("1", "2000 Main St Suite 100", "Harbor Light Counseling", "+17135550150"),
        locator_listing("2", "2000 Main St Suite 300", "Harbor Light Counseling", "+17135550170"),
        locator_listing("3", "2000 Main St", "Harbor Light Counseling", "+17135550150"),
    ]
    groups = merge.cluster(records)
    assert [[record[F.SOURCE_REF] for record in group] for group in groups] == [["1", "3"], ["2"]]
    assert merge.cluster(list(reversed(records))) == groups
