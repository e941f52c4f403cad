"""Costs and access on the card and the provider page: prices with their source and date,
sliding scale and free care, insurance (first three and "+N more"), accepting new patients
with its date; and the "sliding scale or free care" filter, in AppTest on a real node."""

from __future__ import annotations

import pytest

from search.filters import BY_NAME
from tests.ui import providers
from tests.ui.apptest_helpers import all_text, card_names, healthy, start, texts, unescape
from ui import state
from ui.render import costs as costs_view

PRICE = providers.KAP_NEAR_COSTS[0]
RANGE = providers.KAP_NEAR_COSTS[1]
SLIDING = providers.KAP_NEAR_COSTS[2]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (PRICE, "$150 per session"),
        (RANGE, "$400–$650 per treatment"),
        ({**PRICE, "amount": 1250, "unit": "series"}, "$1,250 for the series"),
        ({**PRICE, "amount": 95.5, "unit": None}, "$95.50"),
        (SLIDING, "Sliding scale"),
        (providers.CBT_NEAR_COSTS[0], "Free or no-charge care"),
    ],
)
def test_what_a_statement_says(entry, expected):
    assert costs_view.what(entry) == expected


@pytest.mark.unit
def test_a_card_line_names_the_source_and_the_day():
    line = unescape(costs_view.provenance_line(PRICE))
    assert line == (
        "$150 per session · from [example.org](https://example.org/kap-near/fees), 3 Nov 2026"
    )


@pytest.mark.unit
def test_never_a_price_without_its_source_and_date():
    undated = {key: value for key, value in PRICE.items() if key != "date"}
    nameless = {key: value for key, value in PRICE.items() if key != "source"}
    document = {"costs": [undated, nameless, "junk"]}
    assert costs_view.card_lines(document) == []
    assert costs_view.detail_lines(document) == []
    assert costs_view.badges(document) == []


@pytest.mark.unit
def test_insurance_shows_three_then_how_many_more():
    assert costs_view.insurance_line({"insurance": ["Aetna"]}) == "Insurance: Aetna"
    line = costs_view.insurance_line({"insurance": ["A", "B", "C", "D", "E"]})
    assert line == "Insurance: A, B, C +2 more"
    assert costs_view.insurance_line({}) == ""


@pytest.mark.unit
def test_accepting_new_patients_with_its_date():
    document = {"accepting_new_patients": True, "accepting_as_of": "2026-11-01"}
    assert costs_view.accepting_text(document) == "Accepting new patients (as of 1 Nov 2026)"
    assert costs_view.accepting_text({"accepting_new_patients": True}) == "Accepting new patients"


def _card_text(app) -> str:
    return "\n".join(texts(app, "markdown"))


@pytest.mark.integration
def test_the_card_shows_prices_with_source_and_date_and_insurance(ui_env):
    app = start({"near": "77030", "therapy": providers.KAP})
    assert healthy(app)
    assert card_names(app)[0] == "Sample Bayou Ketamine Collective"
    shown = _card_text(app)
    assert (
        "$150 per session · from [example.org](https://example.org/kap-near/fees), 3 Nov 2026"
        in shown
    )
    assert "$400–$650 per treatment · from [example.org]" in shown
    assert (
        "Sliding scale · from [example.org](https://example.org/kap-near/fees), 3 Nov 2026" in shown
    )
    assert ":blue-badge[Sliding scale]" in shown
    assert "Insurance: Aetna, Cigna, Humana +2 more" in shown
    assert ":green-badge[Accepting new patients (as of 1 Nov 2026)]" in shown
    # a listing whose sources state no price shows none
    assert shown.count("per session · from") == 1


@pytest.mark.integration
def test_the_provider_page_quotes_every_statement(ui_env):
    app = start({"near": "77030", "provider": "kap-near"})
    assert healthy(app)
    assert "Costs" in texts(app, "subheader")
    shown = all_text(app)
    assert (
        "**$150 per session**: “Fictional sample: preparation and integration sessions are "
        "$150.” ([example.org](https://example.org/kap-near/fees), 3 Nov 2026)"
    ) in shown
    assert "**Sliding scale**: “Fictional sample: we offer a sliding scale" in shown
    assert "call to confirm" in shown
    assert "Cost kinds" not in shown  # the index's keyword is not a detail row


@pytest.mark.integration
def test_costs_in_spanish(ui_env):
    app = start({"near": "77030", "therapy": providers.KAP, "lang": "es"})
    assert healthy(app)
    shown = _card_text(app)
    assert "$150 por sesión · según [example.org]" in shown
    assert "Seguro médico: Aetna, Cigna, Humana +2 más" in shown
    assert ":green-badge[Acepta pacientes nuevos (al 1 nov 2026)]" in shown
    assert ":blue-badge[Tarifa según ingresos]" in shown


@pytest.mark.integration
def test_the_sliding_scale_or_free_filter(ui_env):
    app = start({"near": "77030"})
    key = state.widget_key(BY_NAME["sliding_scale_or_free"])
    assert app.checkbox(key=key).label == "Sliding scale or free care (2)"
    app.checkbox(key=key).check().run()
    assert healthy(app)
    assert set(card_names(app)) == {
        "Sample Bayou Ketamine Collective",
        "Sample Medical Center Counseling",
    }
    assert app.query_params["sliding"] in ("1", ["1"])
    free_card = _card_text(app)
    assert "Free or no-charge care · from [example.org]" in free_card
