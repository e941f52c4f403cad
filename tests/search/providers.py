"""The providers of the search tests (built with tests.builders) and the taxonomy codes
the search accepts in them."""

from __future__ import annotations

from search.sanitize import Vocabulary
from tests.builders import KAP, provider

__all__ = ["KAP", "PROVIDERS", "TMC", "VOCABULARY"]

TMC = (29.7041, -95.401)  # centroid of ZIP 77030 in the `zipcodes` package

VOCABULARY = Vocabulary(
    therapies=frozenset(
        {"ketamine_assisted_psychotherapy", "ketamine_infusion", "cbt", "emdr", "dbt", "tms"}
    ),
    conditions=frozenset({"anxiety", "depression", "ptsd"}),
    provider_types=frozenset({"psychiatrist", "psychologist", "counselor"}),
)


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
