"""The providers index body is explicit, strict, covers every record field and matches its
snapshot. Set CLINICS_UPDATE_SNAPSHOTS=1 to rewrite tests/fixtures/mapping.snapshot.json
after an intended mapping change (and review the diff)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from indexer import fields as doc
from indexer import mapping

pytestmark = pytest.mark.unit

SNAPSHOT = Path(__file__).resolve().parent.parent / "fixtures" / "mapping.snapshot.json"


def test_index_body_matches_snapshot():
    body = mapping.index_body()
    rendered = json.dumps(body, indent=2, sort_keys=True) + "\n"
    if os.environ.get("CLINICS_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert json.loads(SNAPSHOT.read_text(encoding="utf-8")) == body


def test_mapping_is_strict():
    assert mapping.index_body()["mappings"]["dynamic"] == "strict"


@pytest.mark.parametrize("field", doc.RECORD_FIELDS)
def test_every_record_field_is_mapped(field):
    assert field in mapping.index_body()["mappings"]["properties"]


@pytest.mark.parametrize(
    ("field", "expected_type"),
    [
        (doc.LOCATION, "geo_point"),
        (doc.NAME_SUGGEST, "completion"),
        (doc.SEARCH_TEXT, "text"),
        (doc.FIRST_SEEN, "date"),
        (doc.LAST_SEEN, "date"),
        (doc.LAST_VERIFIED, "date"),
        (doc.FIELD_WINNERS, "flattened"),
        (doc.SOURCE_NAMES, "keyword"),
    ],
)
def test_special_fields_have_their_types(field, expected_type):
    assert mapping.index_body()["mappings"]["properties"][field]["type"] == expected_type


@pytest.mark.parametrize("field", ["therapies", "conditions", "provider_types", "languages"])
def test_facets_are_case_insensitive(field):
    prop = mapping.index_body()["mappings"]["properties"][field]
    assert prop == {"type": "keyword", "normalizer": mapping.FACET_NORMALIZER}


def test_shards_and_replicas_are_parameters():
    settings = mapping.index_body(shards=3, replicas=2)["settings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (3, 2)


def test_a_field_mapped_by_two_groups_is_refused(monkeypatch):
    monkeypatch.setattr(
        mapping, "PROPERTY_GROUPS", (mapping.who_properties, mapping.who_properties)
    )
    with pytest.raises(ValueError, match="mapped twice"):
        mapping.provider_properties()
