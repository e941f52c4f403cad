"""The fictional providers of the UI tests (built with tests.builders), indexed behind an
alias of their own by tests/ui/conftest.py. Distances are from the centre of ZIP 77030
(29.7041, -95.401), approximately.
"""

from __future__ import annotations

from tests.builders import KAP, provider

__all__ = ["HOSTILE_NAME", "KAP", "KAP_NEAREST_FIRST", "PROVIDERS", "WEEKDAY_HOURS"]
HOSTILE_NAME = (
    "<script>alert('owned')</script> **Bold** [click](javascript:alert(1)) "
    ":red[red] $x^2$ :smile: # Heading 🧠"
)


WEEKDAY_HOURS = [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}]
# What the fictional sources state about costs (clinics.costs entries with provenance).
KAP_NEAR_COSTS = (
    {
        "kind": "price",
        "amount": 150,
        "currency": "USD",
        "unit": "session",
        "quote": "Fictional sample: preparation and integration sessions are $150.",
        "source": "clinic_sites",
        "url": "https://example.org/kap-near/fees",
        "date": "2026-11-03",
    },
    {
        "kind": "price",
        "amount": 400,
        "amount_max": 650,
        "currency": "USD",
        "unit": "treatment",
        "quote": "Fictional sample: ketamine dosing sessions are $400 to $650 per treatment.",
        "source": "clinic_sites",
        "url": "https://example.org/kap-near/fees",
        "date": "2026-11-03",
    },
    {
        "kind": "sliding_scale",
        "quote": "Fictional sample: we offer a sliding scale for integration sessions.",
        "source": "clinic_sites",
        "url": "https://example.org/kap-near/fees",
        "date": "2026-11-03",
    },
)
CBT_NEAR_COSTS = (
    {
        "kind": "free",
        "quote": "Treatment at no charge or minimal payment for clients who cannot pay",
        "source": "findtreatment",
        "url": "https://example.org/findtreatment/cbt-near",
        "date": "2026-11-20",
        "field": "payment",
    },
)

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
        insurance=("Aetna", "Cigna", "Humana", "UnitedHealthcare", "Blue Cross Blue Shield"),
        languages=("English", "Spanish"),
        sources=("sample", "clinic_sites"),
        hours=WEEKDAY_HOURS,
        last_verified="2026-10-01T00:00:00Z",
        costs=KAP_NEAR_COSTS,
        accepting_as_of="2026-11-01",
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
        costs=CBT_NEAR_COSTS,
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
