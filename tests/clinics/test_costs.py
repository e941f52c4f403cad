"""What a source states about costs (clinics.costs): prices, sliding scales and free care in
page text, listing values and schema.org offers, each kept only with its provenance.

The sentences are made up for these tests; half of them are traps: a price or a sliding
scale that is mentioned, negated, hedged, someone else's, or not a price of care at all.
"""

from __future__ import annotations

import pytest

from clinics import costs
from clinics import fields as F
from clinics.classify import normalize
from clinics.record import ProviderRecord

pytestmark = pytest.mark.unit

P, S, FREE = costs.PRICE, costs.SLIDING_SCALE, costs.FREE

# text -> the entries kept as (kind, amount, amount_max, unit)
OFFERS = [
    ("Individual sessions are $150.", [(P, 150, None, "session")]),
    ("IV ketamine infusions: $450 per infusion.", [(P, 450, None, "infusion")]),
    ("Ketamine infusion – $475", [(P, 475, None, "infusion")]),
    ("A series of six infusions is $2,400.", [(P, 2400, None, "series")]),
    ("Our six-infusion package: $2,550.00", [(P, 2550, None, "series")]),
    ("Therapy: $140/session", [(P, 140, None, "session")]),
    ("Our fee is between $120 and $180 per session.", [(P, 120, 180, "session")]),
    ("Spravato treatments range from $300 to $600 per treatment.", [(P, 300, 600, "treatment")]),
    ("Initial psychiatric evaluation: $325", [(P, 325, None, "evaluation")]),
    ("Our self-pay rate is $95.50 per visit.", [(P, 95.5, None, "visit")]),
    ("Without insurance, our sessions are $175.", [(P, 175, None, "session")]),
    ("Self-pay fee: $200", [(P, 200, None, None)]),
    ("Sliding scale available for those who qualify.", [(S, None, None, None)]),
    ("We offer a sliding fee scale based on household size.", [(S, None, None, None)]),
    ("Fees are based on income.", [(S, None, None, None)]),
    ("Reduced-fee sessions with our associates.", [(S, None, None, None)]),
    ("We offer free counseling for uninsured adults.", [(FREE, None, None, None)]),
    ("All services are provided at no cost to veterans.", [(FREE, None, None, None)]),
    ("Support groups are free of charge.", [(FREE, None, None, None)]),
    (
        "Many clinics charge $500 per infusion, but our infusions are $350.",
        [(P, 350, None, "infusion")],
    ),
    (
        "Sessions are $160. A sliding scale is available.",
        [(P, 160, None, "session"), (S, None, None, None)],
    ),
    ("What does a session cost?\nSessions are $150.", [(P, 150, None, "session")]),
]

# text -> (kind, reason) of what is rejected; nothing is kept
TRAPS = [
    ("Insurance rarely covers $400–$800 infusions elsewhere.", (P, costs.NOT_A_PRICE)),
    ("We do not offer a sliding scale.", (S, "negated")),
    ("No sliding scale.", (S, "negated")),
    ("We don't have a sliding fee at this time.", (S, "negated")),
    ("Sliding scale fees are not available at this time.", (S, "negated")),
    ("Ketamine infusions can cost $400 to $800 per infusion.", (P, "hedged or generic")),
    ("The average infusion costs $500 per infusion.", (P, "hedged or generic")),
    ("Many clinics charge $600 per infusion.", (P, "about someone else")),
    ("Other practices offer a sliding scale.", (S, "about someone else")),
    ("We refer uninsured clients to a clinic with a sliding scale.", (S, "about someone else")),
    ("Is a sliding scale available?", (S, "question")),
    ("How much is a $150 session worth to you?", (P, "question")),
    ("We hope to offer a sliding scale soon.", (S, "hedged or generic")),
    ("$50 off your first session!", (P, costs.NOT_A_PRICE)),
    ("The copay is $30 per visit.", (P, costs.NOT_A_PRICE)),
    ("A $100 deposit is required to book a session.", (P, costs.NOT_A_PRICE)),
    ("Late cancellations are charged $75 per session.", (P, costs.NOT_A_PRICE)),
    ("Medicare pays $120 per session for this service.", (P, costs.NOT_A_PRICE)),
    ("Free 15-minute phone consultation.", (FREE, costs.NOT_A_PRICE)),
    ("Feel free to call us about our services.", (FREE, costs.NOT_A_PRICE)),
    ("Free parking for all appointments.", (FREE, costs.NOT_A_PRICE)),
    ("We raised $25,000 for suicide prevention.", (P, costs.NOT_A_PRICE)),
]

# sentences that state no cost at all
NOTHING = [
    "Judgment-free care for everyone.",
    "Call 713-555-0101 to book.",
    "Since 2015 we have helped 1,200 patients.",
    "Prices: $$",
    "Treatments cost 400 euros per infusion.",
    "Drug-free and stigma-free recovery.",
]


def _shape(entries):
    return [
        (e[costs.KIND], e.get(costs.AMOUNT), e.get(costs.AMOUNT_MAX), e.get(costs.UNIT))
        for e in entries
    ]


@pytest.mark.parametrize(("text", "expected"), OFFERS, ids=[t for t, _ in OFFERS])
def test_the_providers_own_statements_are_kept(text, expected):
    entries, _ = costs.analyze_text(text)
    assert _shape(entries) == expected
    for entry in entries:
        assert entry[costs.QUOTE] and entry[costs.QUOTE] in " ".join(normalize(text).split())
        if entry[costs.KIND] == P:
            assert entry[costs.CURRENCY] == "USD"


@pytest.mark.parametrize(("text", "expected"), TRAPS, ids=[t for t, _ in TRAPS])
def test_mentions_are_not_statements(text, expected):
    entries, rejected = costs.analyze_text(text)
    assert entries == []
    assert expected in {(kind, reason) for kind, _, reason in rejected}


@pytest.mark.parametrize("text", NOTHING)
def test_text_without_a_cost(text):
    assert costs.analyze_text(text)[0] == []


def test_article_text_is_not_the_providers_unless_it_says_our():
    general = "Ketamine infusions are priced at $450 per infusion in Houston."
    assert costs.analyze_text(general, article=True)[0] == []
    assert costs.analyze_text(general)[0] != []
    own = "Our infusions are $450 per infusion."
    assert _shape(costs.analyze_text(own, article=True)[0]) == [(P, 450, None, "infusion")]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("Sliding fee scale (fee is based on income and other factors)", S),
        ("Sliding scale", S),
        ("Treatment at no charge or minimal payment for clients who cannot pay", FREE),
        ("No payment accepted", FREE),
        ("Cash or self-payment", None),
        ("Medicaid", None),
        ("Payment assistance (check with facility for details)", None),
        ("No sliding scale", None),
    ],
)
def test_listing_values(value, kind):
    entries = costs.value_costs([value], F.PAYMENT)
    assert [e[costs.KIND] for e in entries] == ([kind] if kind else [])
    for entry in entries:
        assert entry[costs.QUOTE] == value and entry[costs.FIELD] == F.PAYMENT


def test_schema_org_price_range_and_offers():
    entries = costs.structured_costs(
        "$150-$250",
        [
            {"@type": "Offer", "name": "Ketamine infusion", "price": "450", "priceCurrency": "USD"},
            {
                "@type": "AggregateOffer",
                "lowPrice": 300,
                "highPrice": "600",
                "priceCurrency": "USD",
                "itemOffered": {"@type": "Service", "name": "Spravato treatment"},
            },
            {
                "@type": "OfferCatalog",
                "itemListElement": [
                    {
                        "@type": "Offer",
                        "itemOffered": {"name": "Therapy"},
                        "priceSpecification": {
                            "@type": "UnitPriceSpecification",
                            "price": "175.00",
                            "priceCurrency": "USD",
                            "unitText": "per session",
                        },
                    }
                ],
            },
            {"@type": "Offer", "name": "Free consultation", "price": "0", "priceCurrency": "USD"},
            {"@type": "Offer", "name": "Séance", "price": "90", "priceCurrency": "EUR"},
            {"@type": "Offer", "name": "Session", "price": "90"},  # no currency: not kept
        ],
        "https://clinic.example/",
    )
    assert _shape(entries) == [
        (P, 150, 250, None),
        (P, 450, None, "infusion"),
        (P, 300, 600, "treatment"),
        (P, 175, None, "session"),
    ]
    assert all(e[costs.URL] == "https://clinic.example/" for e in entries)
    assert entries[1][costs.QUOTE] == "Ketamine infusion: 450 USD"
    assert costs.structured_costs("$$", None) == []
    # the node's offers, makesOffer and hasOfferCatalog, each a list or one node
    nested = costs.structured_costs(None, [[entries_offer()], None, entries_offer()])
    assert _shape(nested) == [(P, 450, None, "infusion")] * 2


def entries_offer() -> dict:
    return {"@type": "Offer", "name": "Ketamine infusion", "price": "450", "priceCurrency": "USD"}


def _record(**values):
    record = {
        F.SOURCE: "clinic_sites",
        F.SOURCE_REF: "x",
        F.NAME: "Sample Clinic",
        F.SOURCE_URL: "https://clinic.example/",
        F.FETCHED_AT: "2026-11-03T10:00:00+00:00",
    }
    record.update(values)
    return record


def test_apply_costs_adds_the_records_source_page_and_day():
    record = _record(
        **{F.PAYMENT: ["Sliding fee scale"], F.DESCRIPTION: "Fictional. Sessions are $150."}
    )
    pages = [
        {"url": "https://clinic.example/fees", "text": "Ketamine infusion: $450 per infusion."}
    ]
    kept = costs.apply_costs(record, pages)
    assert record[F.COSTS] == kept
    by_kind = {(e[costs.KIND], e.get(costs.AMOUNT)): e for e in kept}
    infusion = by_kind[(P, 450)]
    assert infusion[costs.URL] == "https://clinic.example/fees"
    assert infusion[costs.SOURCE] == "clinic_sites" and infusion[costs.DATE] == "2026-11-03"
    assert infusion[costs.QUOTE] == "Ketamine infusion: $450 per infusion."
    session = by_kind[(P, 150)]
    assert session[costs.FIELD] == F.DESCRIPTION and session[costs.URL] == "https://clinic.example/"
    assert by_kind[(S, None)][costs.FIELD] == F.PAYMENT
    assert costs.kinds(kept) == [P, S]
    # a second pass (the indexer's) adds nothing twice
    assert costs.apply_costs(record) == kept


def test_never_a_price_without_its_source_and_date():
    price = {costs.KIND: P, costs.AMOUNT: 150, costs.CURRENCY: "USD", costs.QUOTE: "$150"}
    assert not costs.valid_entry(price)
    assert not costs.valid_entry({**price, costs.SOURCE: "clinic_sites"})
    assert not costs.valid_entry({**price, costs.DATE: "2026-11-03"})
    complete = {**price, costs.SOURCE: "clinic_sites", costs.DATE: "2026-11-03"}
    assert costs.valid_entry(complete)
    assert not costs.valid_entry({**complete, costs.QUOTE: " "})
    assert not costs.valid_entry({**complete, costs.CURRENCY: "EUR"})
    assert not costs.valid_entry({**complete, costs.AMOUNT_MAX: 100})
    assert not costs.valid_entry({**complete, costs.DATE: "last week"})
    # a record without a fetch day keeps no price (apply_costs), and the schema drops one
    record = _record(**{F.DESCRIPTION: "Sessions are $150."})
    record.pop(F.FETCHED_AT)
    assert costs.apply_costs(record) == [] and F.COSTS not in record
    valid = ProviderRecord.from_dict(
        _record(**{F.COSTS: [price, complete, {"kind": "price"}, "junk"]})
    )
    assert valid.costs == [complete]


def test_the_limits_per_kind():
    text = "\n".join(f"Option {n}: ${100 + n} per session." for n in range(12))
    record = _record(**{F.DESCRIPTION: text})
    kept = costs.apply_costs(record)
    assert len(kept) == costs.MAX_PRICES
