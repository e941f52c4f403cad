"""Fictional provider documents for the UI tests, indexed behind an alias of their own.

Documents are built in code against the real mapping (indexer.mapping.index_body), so the
UI tests do not depend on the crawler or the classifier. Distances are from the centre of
ZIP 77030 (29.7041, -95.401), approximately.
"""

from __future__ import annotations

import uuid

from elasticsearch import Elasticsearch, helpers

from clinics import fields as F
from indexer import fields
from indexer.mapping import SOURCE_URL_KEY, index_body

KAP = "ketamine_assisted_psychotherapy"
HOSTILE_NAME = (
    "<script>alert('owned')</script> **Bold** [click](javascript:alert(1)) "
    ":red[red] $x^2$ :smile: # Heading 🧠"
)


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
    last_verified="2026-11-01T00:00:00Z",
) -> dict:
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
    return {
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
        F.CITY: "Houston",
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


WEEKDAY_HOURS = [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}]

PROVIDERS = [
    provider(
        "kap-near",
        "Sample Bayou Ketamine Collective",
        29.7065,
        -95.3990,
        therapies=(KAP, "cbt"),
        conditions=("anxiety", "depression"),
        telehealth=True,
        accepting=True,
        insurance=("Aetna",),
        languages=("English", "Spanish"),
        sources=("sample", "clinic_sites"),
        hours=WEEKDAY_HOURS,
        last_verified="2026-10-01T00:00:00Z",
    ),  # 0.2 mi
    provider(
        "kap-mid",
        "Dr. Sample Avery Lin",
        29.7180,
        -95.4100,
        therapies=(KAP, "esketamine_spravato"),
        conditions=("depression",),
        provider_types=("psychiatrist",),
        accepting=True,
        insurance=("Medicare",),
        last_verified="2026-11-24T00:00:00Z",
    ),  # 1.1 mi
    provider(
        "kap-edge",
        "Sample Montrose Mind Clinic",
        29.7440,
        -95.3900,
        therapies=(KAP, "emdr"),
        conditions=("ptsd",),
        telehealth=True,
        languages=("English", "Vietnamese"),
        last_verified="2026-09-01T00:00:00Z",
    ),  # 2.8 mi
    provider(
        "kap-far",
        "Sample Katy Ketamine Therapy",
        29.7858,
        -95.8245,
        therapies=(KAP,),
        conditions=("anxiety",),
    ),  # 26 mi
    provider(
        "cbt-near",
        "Sample Medical Center Counseling",
        29.7050,
        -95.4020,
        therapies=("cbt",),
        conditions=("anxiety",),
        provider_types=("counselor",),
        telehealth=True,
        accepting=True,
        insurance=("Aetna", "Self-pay"),
    ),  # 0.1 mi
    provider(
        "emdr-mid",
        "Sample Rice Village Trauma Therapy",
        29.7170,
        -95.4150,
        therapies=("emdr",),
        conditions=("ptsd",),
        provider_types=("psychologist",),
    ),
    provider(
        "iv-mid",
        "Sample Galleria Infusion Center",
        29.7370,
        -95.4610,
        therapies=("ketamine_infusion",),
        conditions=("treatment_resistant_depression",),
    ),
    provider(
        "hostile",
        HOSTILE_NAME,
        29.7300,
        -95.4300,
        therapies=("dbt",),
        conditions=("anxiety",),
        website="javascript:alert(1)",
        phone="<b>call</b>",
        description="# Big **markdown** <img src=x onerror=alert(1)> [link](http://x)",
    ),
]

# Nearest first from 77030 among the KAP providers within 15 miles.
KAP_NEAREST_FIRST = [
    "Sample Bayou Ketamine Collective",
    "Dr. Sample Avery Lin",
    "Sample Montrose Mind Clinic",
]


def create_alias(es: Elasticsearch, alias: str, documents: list[dict] | None = None) -> str:
    """A versioned index holding the documents, behind `alias` (like a real rebuild)."""
    index = f"{alias}-{uuid.uuid4().hex[:8]}"
    es.indices.create(index=index, **index_body())
    helpers.bulk(
        es,
        (
            {"_index": index, "_id": doc[fields.DOC_ID], "_source": doc}
            for doc in (PROVIDERS if documents is None else documents)
        ),
        refresh="wait_for",
    )
    es.indices.put_alias(index=index, name=alias)
    return index


def drop(es: Elasticsearch, alias: str) -> None:
    es.indices.delete(index=f"{alias}*", ignore_unavailable=True, allow_no_indices=True)
