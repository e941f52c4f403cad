"""Provider documents built in code for the search tests, and an index holding them."""

from __future__ import annotations

from elasticsearch import Elasticsearch, helpers

from clinics import fields as F
from indexer import fields
from indexer.mapping import SOURCE_URL_KEY, index_body
from search.sanitize import Vocabulary

TMC = (29.7041, -95.401)  # centroid of ZIP 77030 in the `zipcodes` package

VOCABULARY = Vocabulary(
    therapies=frozenset(
        {"ketamine_assisted_psychotherapy", "ketamine_infusion", "cbt", "emdr", "dbt", "tms"}
    ),
    conditions=frozenset({"anxiety", "depression", "ptsd"}),
    provider_types=frozenset({"psychiatrist", "psychologist", "counselor"}),
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
    description="",
    city="Houston",
    last_verified="2026-11-01T00:00:00Z",
    source="sample",
) -> dict:
    words = [name, description, *therapies, *conditions]
    return {
        fields.DOC_ID: doc_id,
        F.IS_SAMPLE: True,
        F.KIND: "organization",
        F.NAME: name,
        F.DESCRIPTION: description,
        F.THERAPIES: list(therapies),
        F.CONDITIONS: list(conditions),
        F.PROVIDER_TYPES: list(provider_types),
        F.CITY: city,
        F.STATE_PROVINCE: "TX",
        fields.LOCATION: {"lat": lat, "lon": lon},
        F.TELEHEALTH: telehealth,
        F.ACCEPTING_NEW_PATIENTS: accepting,
        F.INSURANCE: list(insurance),
        F.LANGUAGES: list(languages),
        fields.SOURCES: [
            {
                F.SOURCE: source,
                F.SOURCE_REF: doc_id,
                SOURCE_URL_KEY: f"https://example.org/{doc_id}",
                F.FETCHED_AT: "2026-11-20T12:00:00Z",
            }
        ],
        fields.SOURCE_NAMES: [source],
        fields.LAST_VERIFIED: last_verified,
        fields.NAME_SUGGEST: {"input": [name]},
        fields.SEARCH_TEXT: " ".join(word.replace("_", " ") for word in words if word),
    }


KAP = "ketamine_assisted_psychotherapy"

# Around the Texas Medical Center; distances from TMC in the comments are approximate.
PROVIDERS = [
    provider(
        "kap-near",
        "Bayou Ketamine Collective",
        29.7080,
        -95.3990,
        therapies=(KAP, "cbt"),
        conditions=("depression", "anxiety"),
        telehealth=True,
        accepting=True,
        insurance=("Aetna",),
        languages=("English", "Spanish"),
        description="Ketamine-assisted psychotherapy with preparation and integration.",
        last_verified="2026-10-01T00:00:00Z",
    ),  # 0.3 mi
    provider(
        "kap-mid",
        "Montrose Mind Clinic",
        29.7440,
        -95.3900,
        therapies=(KAP,),
        conditions=("depression",),
        provider_types=("psychiatrist",),
        accepting=True,
        description="Psychiatry and ketamine therapy for treatment-resistant depression.",
        last_verified="2026-11-20T00:00:00Z",
    ),  # 2.6 mi
    provider(
        "kap-edge",
        "Heights Healing Center",
        29.7650,
        -95.4050,
        therapies=(KAP, "emdr"),
        conditions=("ptsd",),
        telehealth=True,
        insurance=("Cigna",),
        last_verified="2026-09-01T00:00:00Z",
    ),  # 4.2 mi
    provider(
        "kap-far",
        "Sugar Land Ketamine Therapy",
        29.6197,
        -95.6349,
        therapies=(KAP,),
        city="Sugar Land",
        last_verified="2026-11-24T00:00:00Z",
    ),  # 15 mi
    provider(
        "cbt-near",
        "Medical Center Counseling",
        29.7050,
        -95.4020,
        therapies=("cbt",),
        conditions=("anxiety",),
        provider_types=("counselor",),
        telehealth=True,
        accepting=True,
        insurance=("Aetna", "Self-pay"),
        languages=("English", "Vietnamese"),
        description="Cognitive behavioral therapy for anxiety and panic.",
    ),  # 0.1 mi
    provider(
        "emdr-mid",
        "Rice Village Trauma Therapy",
        29.7170,
        -95.4150,
        therapies=("emdr",),
        conditions=("ptsd",),
        provider_types=("psychologist",),
        description="EMDR and trauma-focused care.",
    ),  # 1.3 mi
    provider(
        "dbt-mid",
        "Bellaire DBT Group",
        29.7060,
        -95.4590,
        therapies=("dbt",),
        conditions=("anxiety",),
        city="Bellaire",
    ),  # 3.7 mi
    provider(
        "tms-far",
        "Katy Brain Stimulation",
        29.7858,
        -95.8245,
        therapies=("tms",),
        conditions=("depression",),
        city="Katy",
    ),  # 26 mi
]


def create_index(es: Elasticsearch, name: str, documents: list[dict]) -> None:
    es.indices.create(index=name, **index_body())
    helpers.bulk(
        es,
        ({"_index": name, "_id": doc[fields.DOC_ID], "_source": doc} for doc in documents),
        refresh="wait_for",
    )
