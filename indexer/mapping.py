"""The index bodies: settings and an explicit, strict mapping composed from small parts.

Only server-core Elasticsearch features are used (DESIGN.md section 7): the standard
analyzer, a custom keyword normalizer with the `lowercase` filter (asciifolding lives in a
module we do not ship), geo_point, completion, flattened and dates.

`index_body()` is the providers index; `reports_body()` and `crawls_body()` are the small
bookkeeping indices. tests/indexer/test_mapping.py compares `index_body()` with
tests/fixtures/mapping.snapshot.json (CLINICS_UPDATE_SNAPSHOTS=1 rewrites it).
"""

from __future__ import annotations

from clinics import fields as record
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
        record.IS_SAMPLE: boolean(),
        MERGE_BLOCK: exact_keyword(),
    }


def who_properties() -> dict:
    return {
        record.KIND: facet_keyword(),
        record.NAME: text_with_keyword(),
        record.ALTERNATE_NAMES: plain_text(),
        record.CREDENTIALS: facet_keyword(),
        record.ORGANIZATION_NAME: text_with_keyword(),
        record.NPI: exact_keyword(),
        record.PROVIDER_TYPES: facet_keyword(),
    }


def what_properties() -> dict:
    return {
        record.DESCRIPTION: plain_text(),
        record.THERAPIES: facet_keyword(),
        record.CONDITIONS: facet_keyword(),
        record.EVIDENCE: opaque(),  # shown on the provider page, never searched
    }


def where_properties() -> dict:
    return {
        record.ADDRESS_1: plain_text(),
        record.ADDRESS_2: stored_only(),
        record.CITY: facet_keyword(),
        record.STATE_PROVINCE: facet_keyword(),
        record.POSTAL_CODE: exact_keyword(),
        record.COUNTRY: facet_keyword(),
        record.GEO_PRECISION: facet_keyword(),
        doc.LOCATION: geo_point(),
    }


def contact_properties() -> dict:
    return {
        record.PHONE: exact_keyword(),
        record.PHONE_EXT: stored_only(),
        record.WEBSITE: stored_only(),
        record.EMAIL: stored_only(),
    }


def access_properties() -> dict:
    return {
        record.TELEHEALTH: boolean(),
        record.ACCEPTING_NEW_PATIENTS: boolean(),
        record.ACCEPTING_AS_OF: date(),
        record.INSURANCE: facet_keyword(),
        record.LANGUAGES: facet_keyword(),
        record.PAYMENT: opaque(),
        record.AGES_SERVED: opaque(),
        record.HOURS: opaque(),
    }


def provenance_properties() -> dict:
    return {
        doc.SOURCES: {
            "type": "object",
            "properties": {
                record.SOURCE: facet_keyword(),
                record.SOURCE_REF: exact_keyword(),
                SOURCE_URL_KEY: stored_only(),
                record.FETCHED_AT: date(),
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


PROPERTY_GROUPS = (
    identity_properties,
    who_properties,
    what_properties,
    where_properties,
    contact_properties,
    access_properties,
    provenance_properties,
    search_properties,
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


def reports_body() -> dict:
    """Index of "report incorrect information" messages."""
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0},
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
        "settings": {"number_of_shards": 1, "number_of_replicas": 0},
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
