"""The index bodies: settings and an explicit, strict mapping composed from small parts.

Only server-core Elasticsearch features are used (docs/architecture.md, "Elasticsearch"):
the standard analyzer, a custom keyword normalizer with the `lowercase` filter
(asciifolding lives in a module we do not ship), geo_point, completion, flattened and
dates.

`index_body()` is the providers index; `reports_body()` and `crawls_body()` are the small
bookkeeping indices. tests/indexer/test_mapping.py compares `index_body()` with
tests/fixtures/mapping.snapshot.json (CLINICS_UPDATE_SNAPSHOTS=1 rewrites it).
"""

from __future__ import annotations

from clinics import fields as F
from indexer import fields as doc

# Document fields the loader adds beyond indexer.fields (bookkeeping for merging).
MERGE_BLOCK = "merge_block"  # the blocking key (ZIP5 or state/city): upsert re-merges per block
SOURCE_URL_KEY = "url"  # sources[].url
SOURCE_FIRST_SEEN = "first_seen"  # sources[].first_seen: when this record was first loaded
SOURCE_RECORD = "record"  # sources[].record: the enriched record, kept for re-merging

FACET_NORMALIZER = "facet"  # lowercase keyword: "CBT" and "cbt" are one facet value
DEFAULT_SHARDS = 1
DEFAULT_REPLICAS = 0

# ---------------------------------------------------------------- field types (parts)


def facet_keyword() -> dict:
    """A keyword filtered and aggregated case-insensitively."""
    return {"type": "keyword", "normalizer": FACET_NORMALIZER}


def exact_keyword() -> dict:
    """An identifier matched exactly (NPI, ZIP, phone)."""
    return {"type": "keyword"}


def stored_only() -> dict:
    """A value kept in _source for display, never searched or aggregated."""
    return {"type": "keyword", "index": False, "doc_values": False}


def opaque() -> dict:
    """Any JSON value (object, list, scalar) kept in _source and not parsed at all."""
    return {"type": "object", "enabled": False}


def plain_text() -> dict:
    return {"type": "text", "analyzer": "standard"}


def text_with_keyword() -> dict:
    """Words for matching plus a lowercase keyword for sorting and exact lookups."""
    return {
        "type": "text",
        "analyzer": "standard",
        "fields": {"keyword": {**facet_keyword(), "ignore_above": 256}},
    }


def boolean() -> dict:
    return {"type": "boolean"}


def date() -> dict:
    return {"type": "date", "format": "strict_date_optional_time||epoch_millis"}


def geo_point() -> dict:
    return {"type": "geo_point"}


def completion() -> dict:
    return {
        "type": "completion",
        "analyzer": "simple",
        "preserve_separators": True,
        "preserve_position_increments": True,
        "max_input_length": 100,
    }


# ---------------------------------------------------------------- groups of fields


def identity_properties() -> dict:
    return {
        doc.DOC_ID: exact_keyword(),
        F.IS_SAMPLE: boolean(),
        MERGE_BLOCK: exact_keyword(),
    }


def who_properties() -> dict:
    return {
        F.KIND: facet_keyword(),
        F.NAME: text_with_keyword(),
        F.ALTERNATE_NAMES: plain_text(),
        F.CREDENTIALS: facet_keyword(),
        F.ORGANIZATION_NAME: text_with_keyword(),
        F.NPI: exact_keyword(),
        F.PROVIDER_TYPES: facet_keyword(),
    }


def what_properties() -> dict:
    return {
        F.DESCRIPTION: plain_text(),
        F.THERAPIES: facet_keyword(),
        F.CONDITIONS: facet_keyword(),
        F.EVIDENCE: opaque(),  # shown on the provider page, never searched
    }


def where_properties() -> dict:
    return {
        F.ADDRESS_1: plain_text(),
        F.ADDRESS_2: stored_only(),
        F.CITY: facet_keyword(),
        F.STATE_PROVINCE: facet_keyword(),
        F.POSTAL_CODE: exact_keyword(),
        F.COUNTRY: facet_keyword(),
        F.GEO_PRECISION: facet_keyword(),
        doc.LOCATION: geo_point(),
    }


def contact_properties() -> dict:
    return {
        F.PHONE: exact_keyword(),
        F.PHONE_EXT: stored_only(),
        F.WEBSITE: stored_only(),
        F.EMAIL: stored_only(),
    }


def access_properties() -> dict:
    return {
        F.TELEHEALTH: boolean(),
        F.ACCEPTING_NEW_PATIENTS: boolean(),
        F.ACCEPTING_AS_OF: date(),
        F.INSURANCE: facet_keyword(),
        F.LANGUAGES: facet_keyword(),
        F.PAYMENT: opaque(),
        F.COSTS: opaque(),  # clinics.costs entries with their provenance, shown, never searched
        doc.COST_KINDS: facet_keyword(),  # the "sliding scale or free" filter
        F.AGES_SERVED: opaque(),
        F.HOURS: opaque(),
    }


def provenance_properties() -> dict:
    return {
        doc.SOURCES: {
            "type": "object",
            "properties": {
                F.SOURCE: facet_keyword(),
                F.SOURCE_REF: exact_keyword(),
                SOURCE_URL_KEY: stored_only(),
                F.FETCHED_AT: date(),
                SOURCE_FIRST_SEEN: date(),
                SOURCE_RECORD: opaque(),
            },
        },
        doc.SOURCE_NAMES: facet_keyword(),
        doc.FIELD_WINNERS: {"type": "flattened"},
        doc.FIRST_SEEN: date(),
        doc.LAST_SEEN: date(),
        doc.LAST_VERIFIED: date(),
    }


def search_properties() -> dict:
    return {
        doc.NAME_SUGGEST: completion(),
        doc.SEARCH_TEXT: plain_text(),
    }


def export_properties() -> dict:
    """The HSDS export output computed at load time (api/materialized.py): stored, opaque."""
    return {doc.HSDS_EXPORT: opaque()}


PROPERTY_GROUPS = (
    identity_properties,
    who_properties,
    what_properties,
    where_properties,
    contact_properties,
    access_properties,
    provenance_properties,
    search_properties,
    export_properties,
)


def provider_properties() -> dict:
    properties: dict = {}
    for group in PROPERTY_GROUPS:
        part = group()
        clash = properties.keys() & part.keys()
        if clash:
            raise ValueError(f"field mapped twice: {sorted(clash)}")
        properties.update(part)
    return dict(sorted(properties.items()))


# ---------------------------------------------------------------- index bodies


def index_settings(shards: int = DEFAULT_SHARDS, replicas: int = DEFAULT_REPLICAS) -> dict:
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "analysis": {
            "normalizer": {
                FACET_NORMALIZER: {"type": "custom", "char_filter": [], "filter": ["lowercase"]}
            }
        },
    }


def index_body(shards: int = DEFAULT_SHARDS, replicas: int = DEFAULT_REPLICAS) -> dict:
    """Settings and mappings of a providers index (one merged provider-at-location a doc)."""
    return {
        "settings": index_settings(shards, replicas),
        "mappings": {
            "dynamic": "strict",
            "_source": {"enabled": True},
            "properties": provider_properties(),
        },
    }


REPORT_DOC_ID = "doc_id"
REPORT_MESSAGE = "message"
REPORT_CONTACT = "contact"
REPORT_CREATED_AT = "created_at"


def bookkeeping_settings() -> dict:
    """A small index: one shard, and a copy on a second node whenever there is one (no
    replica on a single node, so it stays green there)."""
    return {"number_of_shards": 1, "auto_expand_replicas": "0-1"}


def reports_body() -> dict:
    """Index of "report incorrect information" messages."""
    return {
        "settings": bookkeeping_settings(),
        "mappings": {
            "dynamic": "strict",
            "properties": {
                REPORT_DOC_ID: exact_keyword(),
                REPORT_MESSAGE: plain_text(),
                REPORT_CONTACT: stored_only(),
                REPORT_CREATED_AT: date(),
            },
        },
    }


CRAWL_SOURCE = "source"
CRAWL_FILE = "file"
CRAWL_FINISHED_AT = "finished_at"
CRAWL_LOADED_AT = "loaded_at"
CRAWL_RECORDS = "records"
CRAWL_FULL = "full"
CRAWL_INDEX = "index"
CRAWL_SUMMARY = "summary"


def crawls_body() -> dict:
    """Index of loaded crawls: one document per (source, load), read by `clinics status`."""
    return {
        "settings": bookkeeping_settings(),
        "mappings": {
            "dynamic": "strict",
            "properties": {
                CRAWL_SOURCE: exact_keyword(),
                CRAWL_FILE: stored_only(),
                CRAWL_FINISHED_AT: date(),
                CRAWL_LOADED_AT: date(),
                CRAWL_RECORDS: {"type": "long"},
                CRAWL_FULL: boolean(),
                CRAWL_INDEX: exact_keyword(),
                CRAWL_SUMMARY: opaque(),
            },
        },
    }
