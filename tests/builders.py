"""Builders of provider documents for the tests, and indices that hold them.

Documents are built in code against the real mapping (indexer.mapping.index_body), so the
search, UI and reliability tests do not depend on the crawler or the classifier. The data
sets built with them live beside their tests (tests/search/providers.py,
tests/ui/providers.py).
"""

from __future__ import annotations

import uuid

from elasticsearch import Elasticsearch, helpers

from clinics import fields as F
from indexer import fields
from indexer.mapping import SOURCE_URL_KEY, index_body

KAP = "ketamine_assisted_psychotherapy"


def provider(
    doc_id: str,
    name: str,
    lat: float,
    lon: float,
    *,
    therapies=(),
    conditions=(),
    provider_types=(),
    telehealth=False,
    accepting=False,
    insurance=(),
    languages=("English",),
    description="Fictional sample listing.",
    sources=("sample",),
    website=None,
    phone="+17135550100",
    hours=None,
    city="Houston",
    last_verified="2026-11-01T00:00:00Z",
    costs=(),
    accepting_as_of=None,
) -> dict:
    """One provider document as the loader would store it, with evidence for each code."""
    words = [name, description, *therapies, *conditions]
    site = website or f"https://example.org/{doc_id}"
    evidence = [
        {
            "code": code,
            "kind": kind,
            "quote": f"Fictional sample: we offer {code.replace('_', ' ')}.",
            "url": f"{site.rstrip('/')}/services",
            "date": "2026-11-20",
        }
        for kind, codes in (("therapy", therapies), ("condition", conditions))
        for code in codes
    ]
    extra: dict = {}
    if costs:  # clinics.costs entries, each with its quote, source and date
        extra[F.COSTS] = [dict(entry) for entry in costs]
        extra[fields.COST_KINDS] = sorted({entry["kind"] for entry in costs})
    if accepting_as_of:
        extra[F.ACCEPTING_AS_OF] = accepting_as_of
    return extra | {
        fields.DOC_ID: doc_id,
        F.IS_SAMPLE: True,
        F.KIND: "organization",
        F.NAME: name,
        F.CREDENTIALS: ["MD"] if "Dr." in name else [],
        F.DESCRIPTION: description,
        F.THERAPIES: list(therapies),
        F.CONDITIONS: list(conditions),
        F.EVIDENCE: evidence,
        F.PROVIDER_TYPES: list(provider_types),
        F.ADDRESS_1: f"{sum(map(ord, doc_id)) % 9000 + 100} Sample St",
        F.CITY: city,
        F.STATE_PROVINCE: "TX",
        F.POSTAL_CODE: "77030",
        F.COUNTRY: "US",
        F.PHONE: phone,
        F.WEBSITE: website or f"https://example.org/{doc_id}",
        fields.LOCATION: {"lat": lat, "lon": lon},
        F.GEO_PRECISION: "source",
        F.TELEHEALTH: telehealth,
        F.ACCEPTING_NEW_PATIENTS: accepting,
        F.INSURANCE: list(insurance),
        F.LANGUAGES: list(languages),
        F.HOURS: hours or [],
        fields.SOURCES: [
            {
                F.SOURCE: source,
                F.SOURCE_REF: doc_id,
                SOURCE_URL_KEY: f"https://example.org/{source}/{doc_id}",
                F.FETCHED_AT: "2026-11-20T12:00:00Z",
            }
            for source in sources
        ],
        fields.SOURCE_NAMES: list(sources),
        fields.FIRST_SEEN: "2026-10-01T00:00:00Z",
        fields.LAST_SEEN: "2026-11-20T12:00:00Z",
        fields.LAST_VERIFIED: last_verified,
        fields.NAME_SUGGEST: {"input": [name[:90]]},
        fields.SEARCH_TEXT: " ".join(word.replace("_", " ") for word in words if word),
    }


def _bulk(es: Elasticsearch, index: str, documents: list[dict]) -> None:
    helpers.bulk(
        es,
        ({"_index": index, "_id": doc[fields.DOC_ID], "_source": doc} for doc in documents),
        refresh="wait_for",
    )


def create_index(es: Elasticsearch, name: str, documents: list[dict]) -> None:
    """An index of that name with the real mapping, holding the documents."""
    es.indices.create(index=name, **index_body())
    _bulk(es, name, documents)


def create_alias(es: Elasticsearch, alias: str, documents: list[dict]) -> str:
    """A versioned index holding the documents, behind `alias` (like a real rebuild)."""
    index = f"{alias}-{uuid.uuid4().hex[:8]}"
    create_index(es, index, documents)
    es.indices.put_alias(index=index, name=alias)
    return index


def drop(es: Elasticsearch, alias: str) -> None:
    """The alias's indices (and anything else named after it) removed."""
    es.indices.delete(index=f"{alias}*", ignore_unavailable=True, allow_no_indices=True)
