"""Provider documents for the API and export tests.

The small set is tests/ui/providers.py's (fictional providers around ZIP 77030, built
with tests/builders.py's `provider()`); `many()` builds thousands more with the same
builder, then varies them the way real loads vary (doc_ids of 20 hex digits, one or two
sources, evidence with quotes or source codes, hours, NPI, addresses in four cities, some
without a position or a street address, phone, website or email), so every HSDS table gets
rows. Indices are made with tests/builders.py's `create_index()`.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

from clinics import fields as record
from indexer import fields
from tests import builders
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
WEEKDAYS = {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}

create_index = builders.create_index


# kap-near states a price, a range and a sliding scale (tests/ui/providers.py); here it
# also offers free care, so one document has every kind of cost.
KAP_NEAR_FREE = {
    "kind": "free",
    "quote": "Fictional sample: integration groups are free of charge.",
    "source": "clinic_sites",
    "url": "https://example.org/kap-near/groups",
    "date": "2026-11-04",
}


def small_set() -> list[dict]:
    """The UI tests' fictional providers (evidence, hours, costs, a hostile name and
    website); kap-near with free care besides its prices and sliding scale."""
    docs = [dict(doc) for doc in ui_providers.PROVIDERS]
    for doc in docs:
        if doc["doc_id"] == "kap-near":
            doc[record.COSTS] = [*doc[record.COSTS], dict(KAP_NEAR_FREE)]
            doc[fields.COST_KINDS] = ["free", "price", "sliding_scale"]
    return docs


def costs_for(n: int) -> list[dict]:
    """What some of many()'s providers state about costs (every seventh one or so): prices
    with and without a unit, a page or a range, cents, sliding scales and free care."""
    page = {"source": "clinic_sites", "url": f"https://example.org/p/{n}/fees"}
    day = f"2026-11-{n % 28 + 1:02d}"
    variant = n % 21
    if variant == 1:
        return [
            {"kind": "price", "amount": 150, "amount_max": 200, "currency": "USD",
             "unit": "session", "quote": "Sessions are $150-$200.", "date": day, **page},
            {"kind": "sliding_scale", "quote": "We offer a sliding scale.", "date": day,
             **page},
        ]  # fmt: skip
    if variant == 8:
        return [
            {"kind": "price", "amount": 99.5, "currency": "USD", "quote": "Intake: $99.50",
             "source": "npi", "date": day, "field": "description"},
            {"kind": "free", "quote": "Treatment at no charge for clients who cannot pay",
             "source": "findtreatment", "date": day, "field": "payment"},
        ]  # fmt: skip
    if variant == 15:
        return [
            {"kind": "price", "amount": 1250, "currency": "USD", "unit": "series",
             "quote": f"A series of six infusions is $1,250 (#{n}).", "date": day, **page},
            {"kind": "price", "amount": 450, "currency": "USD", "unit": "infusion",
             "quote": "Each infusion is $450.", "date": day, **page},
        ]  # fmt: skip
    return []


def doc_id_for(n: int) -> str:
    return hashlib.sha1(f"api-test|{n}".encode()).hexdigest()[:20]


def _source_code(entry: dict) -> dict:
    """An evidence entry that a registry's code gives instead of a quote."""
    code = entry["code"]
    return {
        "code": code,
        "kind": entry["kind"],
        "source_code": f"SAMHSA service code: {code[:4].upper()}",
    }


def many(count: int, seed: int = 11) -> Iterator[dict]:
    rng = random.Random(seed)
    for n in range(count):
        city, state, zip_code, lat, lon = rng.choice(CITIES)
        name = f"Sample {rng.choice(WORDS)} {rng.choice(KINDS)} {n}"
        sources = ["clinic_sites"] + (["npi"] if rng.random() < 0.4 else [])
        document = builders.provider(
            doc_id_for(n),
            name,
            round(lat + rng.gauss(0, 0.1), 6),
            round(lon + rng.gauss(0, 0.1), 6),
            therapies=sorted(set(rng.sample(THERAPIES, rng.randint(0, 3)))),
            conditions=sorted(set(rng.sample(CONDITIONS, rng.randint(0, 2)))),
            provider_types=[rng.choice(PROVIDER_TYPES)] if rng.random() < 0.7 else [],
            telehealth=rng.random() < 0.4,
            accepting=rng.random() < 0.5,
            insurance=sorted(set(rng.sample(INSURERS, rng.randint(0, 2)))),
            languages=["English"] + (["Spanish"] if rng.random() < 0.3 else []),
            description=f"{name} offers care for anxiety in {city}.",
            sources=sources,
            website=f"https://example.org/p/{n}",
            phone=f"+1713555{n % 10000:04d}",
            hours=[dict(WEEKDAYS)] if rng.random() < 0.4 else None,
            city=city,
        )
        document[record.KIND] = rng.choice(["individual", "organization"])
        document[record.STATE_PROVINCE] = state
        document[record.POSTAL_CODE] = zip_code
        document[record.GEO_PRECISION] = "address"
        document[record.EVIDENCE] = [
            entry if rng.random() < 0.7 else _source_code(entry)
            for entry in document[record.EVIDENCE]
        ]
        document[fields.LAST_SEEN] = f"2026-11-{rng.randint(1, 28):02d}T12:00:00Z"
        if rng.random() < 0.1:  # no position at all
            del document[fields.LOCATION]
            document[record.GEO_PRECISION] = "none"
        if rng.random() < 0.15:  # no street address
            del document[record.ADDRESS_1], document[record.POSTAL_CODE]
        elif rng.random() < 0.2:
            document[record.ADDRESS_2] = f"Suite {rng.randint(100, 999)}"
        if rng.random() < 0.1:
            del document[record.PHONE]
        elif rng.random() < 0.1:
            document[record.PHONE_EXT] = str(rng.randint(1, 999))
        if rng.random() < 0.5:
            del document[record.WEBSITE]
        if rng.random() < 0.3:
            document[record.EMAIL] = f"office{n}@example.org"
        if rng.random() < 0.3:
            document[record.NPI] = f"{1000000000 + n}"
        if rng.random() < 0.2:
            document[record.PAYMENT] = ["Sliding scale"]
            document[record.AGES_SERVED] = ["adults"]
        costs = costs_for(n)  # by n, not the generator: the other fields stay as they were
        if costs:
            document[record.COSTS] = costs
            document[fields.COST_KINDS] = sorted({entry["kind"] for entry in costs})
        yield document
