"""Provider documents for the API and export tests.

The small set is tests/ui/providers.py's (fictional providers around ZIP 77030, built
with its `provider()` helper); `many()` builds thousands more in the shape the loader
writes (doc_ids of 20 hex digits, several sources, evidence with quotes and source
codes, hours, NPI, addresses, some without a position or a street address), so every
HSDS table gets rows.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

from elasticsearch import Elasticsearch, helpers

from clinics import fields as record
from indexer import fields
from indexer.mapping import SOURCE_URL_KEY, index_body
from tests.ui import providers as ui_providers

THERAPIES = ["ketamine_assisted_psychotherapy", "ketamine_infusion", "cbt", "dbt", "emdr", "tms"]
CONDITIONS = ["anxiety", "depression", "ptsd", "panic", "treatment_resistant_depression"]
PROVIDER_TYPES = ["psychiatrist", "psychologist", "counselor", "mental_health_clinic"]
INSURERS = ["Aetna", "Cigna", "Medicare", "Blue Cross Blue Shield", "Self-pay"]
CITIES = [
    ("Houston", "TX", "77030", 29.7041, -95.401),
    ("Austin", "TX", "78701", 30.2711, -97.7437),
    ("Dallas", "TX", "75201", 32.7876, -96.7994),
    ("Denver", "CO", "80202", 39.7508, -104.9966),
]
WORDS = ["Bayou", "Cedar", "Harbor", "Summit", "Willow", "Meadow", "Horizon", "Oak"]
KINDS = ["Counseling", "Ketamine Clinic", "Psychiatry", "Wellness Center", "Therapy Group"]


def small_set() -> list[dict]:
    """The UI tests' fictional providers (evidence, hours, a hostile name and website)."""
    return [dict(doc) for doc in ui_providers.PROVIDERS]


def doc_id_for(n: int) -> str:
    return hashlib.sha1(f"api-test|{n}".encode()).hexdigest()[:20]


def _evidence(rng: random.Random, site: str, kind: str, code: str) -> dict:
    if rng.random() < 0.7:
        return {
            "code": code,
            "kind": kind,
            "quote": f"We offer {code.replace('_', ' ')} for adults.",
            "url": f"{site}/services",
            "date": "2026-11-20",
        }
    return {"code": code, "kind": kind, "source_code": f"SAMHSA service code: {code[:4].upper()}"}


def many(count: int, seed: int = 11) -> Iterator[dict]:
    rng = random.Random(seed)
    for n in range(count):
        doc_id = doc_id_for(n)
        city, state, zip_code, lat, lon = rng.choice(CITIES)
        name = f"Sample {rng.choice(WORDS)} {rng.choice(KINDS)} {n}"
        therapies = sorted(set(rng.sample(THERAPIES, rng.randint(0, 3))))
        conditions = sorted(set(rng.sample(CONDITIONS, rng.randint(0, 2))))
        site = f"https://example.org/p/{n}"
        sources = ["clinic_sites"] + (["npi"] if rng.random() < 0.4 else [])
        document = {
            fields.DOC_ID: doc_id,
            record.IS_SAMPLE: True,
            record.KIND: rng.choice(["individual", "organization"]),
            record.NAME: name,
            record.DESCRIPTION: f"{name} offers care for anxiety in {city}.",
            record.THERAPIES: therapies,
            record.CONDITIONS: conditions,
            record.EVIDENCE: [
                _evidence(rng, site, kind, code)
                for kind, codes in (("therapy", therapies), ("condition", conditions))
                for code in codes
            ],
            record.PROVIDER_TYPES: [rng.choice(PROVIDER_TYPES)] if rng.random() < 0.7 else [],
            record.CITY: city,
            record.STATE_PROVINCE: state,
            record.COUNTRY: "US",
            record.GEO_PRECISION: "none",
            record.TELEHEALTH: rng.random() < 0.4,
            record.ACCEPTING_NEW_PATIENTS: rng.random() < 0.5,
            record.INSURANCE: sorted(set(rng.sample(INSURERS, rng.randint(0, 2)))),
            record.LANGUAGES: ["English"] + (["Spanish"] if rng.random() < 0.3 else []),
            fields.SOURCES: [
                {
                    record.SOURCE: source,
                    record.SOURCE_REF: f"{source}-{n}",
                    SOURCE_URL_KEY: f"https://example.org/{source}/{n}",
                    record.FETCHED_AT: "2026-11-20T12:00:00Z",
                }
                for source in sources
            ],
            fields.SOURCE_NAMES: sources,
            fields.FIRST_SEEN: "2026-10-01T00:00:00Z",
            fields.LAST_SEEN: f"2026-11-{rng.randint(1, 28):02d}T12:00:00Z",
            fields.LAST_VERIFIED: "2026-11-01T00:00:00Z",
            fields.NAME_SUGGEST: {"input": [name]},
            fields.SEARCH_TEXT: f"{name} {city} " + " ".join(therapies),
        }
        if rng.random() < 0.9:  # some have no position at all
            document[fields.LOCATION] = {
                "lat": round(lat + rng.gauss(0, 0.1), 6),
                "lon": round(lon + rng.gauss(0, 0.1), 6),
            }
            document[record.GEO_PRECISION] = "address"
        if rng.random() < 0.85:  # some have no street address
            document[record.ADDRESS_1] = f"{rng.randint(100, 9999)} Main St"
            document[record.POSTAL_CODE] = zip_code
            if rng.random() < 0.2:
                document[record.ADDRESS_2] = f"Suite {rng.randint(100, 999)}"
        if rng.random() < 0.9:
            document[record.PHONE] = f"+1713555{n % 10000:04d}"
            if rng.random() < 0.1:
                document[record.PHONE_EXT] = str(rng.randint(1, 999))
        if rng.random() < 0.5:
            document[record.WEBSITE] = site
        if rng.random() < 0.3:
            document[record.EMAIL] = f"office{n}@example.org"
        if rng.random() < 0.3:
            document[record.NPI] = f"{1000000000 + n}"
        if rng.random() < 0.4:
            document[record.HOURS] = [
                {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}
            ]
        if rng.random() < 0.2:
            document[record.PAYMENT] = ["Sliding scale"]
            document[record.AGES_SERVED] = ["adults"]
        yield document


def create_index(es: Elasticsearch, name: str, documents) -> int:
    """A providers index named `name` holding the documents; returns how many."""
    es.indices.create(index=name, **index_body())
    count = 0
    for ok, _ in helpers.streaming_bulk(
        es,
        ({"_index": name, "_id": doc[fields.DOC_ID], "_source": doc} for doc in documents),
        chunk_size=1000,
    ):
        count += ok
    es.indices.refresh(index=name)
    return count
