"""The search page in AppTest against a real node: search, filters, URL, crisis, empty states."""

from __future__ import annotations

import json

import pytest
from geopy.distance import geodesic

from search.filters import BY_NAME
from tests.ui import providers
from tests.ui.apptest_helpers import all_text, card_names, healthy, query_of, start, texts, unescape
from ui import crisis, state

pytestmark = pytest.mark.integration

KAP = providers.KAP


def test_typing_a_zip_lists_providers_nearest_first(ui_env):
    app = start()
    assert card_names(app) == []
    app.text_input(key=state.K_NEAR).input("77030")
    app.button[0].click()  # the form's Search button
    app.run()
    assert healthy(app)
    names = card_names(app)
    assert names[:2] == ["Sample Medical Center Counseling", "Sample Bayou Ketamine Collective"]
    assert "Sample Katy Ketamine Therapy" not in names  # 26 miles away
    assert any(
        "near Houston, TX 77030 · ZIP centre, approximate" in m for m in texts(app, "markdown")
    )


def test_choosing_kap_shows_the_kap_providers_nearest_first(ui_env):
    app = start({"near": "77030"})
    app.checkbox(key=state.widget_key(BY_NAME["therapies"]) + KAP).check().run()
    assert card_names(app) == providers.KAP_NEAREST_FIRST
    assert query_of(app)["therapy"] == KAP


def test_filter_labels_carry_live_counts(ui_env):
    app = start({"near": "77030"})
    label = unescape(app.checkbox(key=state.widget_key(BY_NAME["therapies"]) + KAP).label)
    assert label == "Ketamine-assisted psychotherapy (KAP) (3)"
    assert (
        app.checkbox(key=state.widget_key(BY_NAME["telehealth"])).label
        == "Telehealth available (3)"
    )


@pytest.mark.parametrize(
    ("widget", "kind", "value", "expected"),
    [
        (
            "w_condition__ptsd",
            "checkbox",
            True,
            {"Sample Montrose Mind Clinic", "Sample Rice Village Trauma Therapy"},
        ),
        (
            state.widget_key(BY_NAME["telehealth"]),
            "checkbox",
            True,
            {
                "Sample Bayou Ketamine Collective",
                "Sample Montrose Mind Clinic",
                "Sample Medical Center Counseling",
            },
        ),
        (
            state.widget_key(BY_NAME["accepting_new_patients"]),
            "checkbox",
            True,
            {
                "Sample Bayou Ketamine Collective",
                "Dr. Sample Avery Lin",
                "Sample Medical Center Counseling",
            },
        ),
        (
            state.widget_key(BY_NAME["provider_types"]),
            "multiselect",
            ["psychiatrist"],
            {"Dr. Sample Avery Lin"},
        ),
        (
            state.widget_key(BY_NAME["insurance"]),
            "multiselect",
            ["medicare"],
            {"Dr. Sample Avery Lin"},
        ),
        (
            state.widget_key(BY_NAME["languages"]),
            "multiselect",
            ["vietnamese"],
            {"Sample Montrose Mind Clinic"},
        ),
        ("w_therapy__ketamine_infusion", "checkbox", True, {"Sample Galleria Infusion Center"}),
    ],
)
def test_each_filter_narrows_the_results(ui_env, widget, kind, value, expected):
    app = start({"near": "77030"})
    element = getattr(app, kind)(key=widget)
    element.set_value(value).run()
    assert healthy(app)
    assert set(card_names(app)) == expected


def test_sort_by_recently_verified(ui_env):
    app = start({"near": "77030", "therapy": KAP})
    app.radio(key=state.K_SORT).set_value("recent").run()
    assert card_names(app) == [
        "Dr. Sample Avery Lin",  # 24 Nov
        "Sample Bayou Ketamine Collective",  # 1 Oct
        "Sample Montrose Mind Clinic",  # 1 Sep
    ]
    assert query_of(app)["sort"] == "recent"


def test_the_url_round_trips_the_whole_search(ui_env):
    app = start()
    app.text_input(key=state.K_NEAR).input("77030")
    app.text_input(key=state.K_TEXT).input("ketamine")
    app.selectbox(key=state.K_RADIUS).set_value(25.0)
    app.button[0].click().run()
    app.checkbox(key=state.widget_key(BY_NAME["therapies"]) + KAP).check().run()
    app.checkbox(key=state.widget_key(BY_NAME["telehealth"])).check().run()
    app.radio(key=state.K_SORT).set_value("relevance").run()
    shown = card_names(app)
    query = query_of(app)
    assert query == {
        "near": "77030",
        "q": "ketamine",
        "r": "25",
        "therapy": KAP,
        "telehealth": "1",
        "sort": "relevance",
    }

    reopened = start(query)
    assert card_names(reopened) == shown
    assert reopened.text_input(key=state.K_NEAR).value == "77030"
    assert reopened.text_input(key=state.K_TEXT).value == "ketamine"
    assert reopened.checkbox(key=state.widget_key(BY_NAME["therapies"]) + KAP).value is True
    assert reopened.checkbox(key=state.widget_key(BY_NAME["telehealth"])).value is True
    assert reopened.radio(key=state.K_SORT).value == "relevance"
    assert query_of(reopened) == query


def test_pages_follow_search_after_and_the_url_keeps_the_page(ui_env, monkeypatch):
    monkeypatch.setenv("CLINICS_UI_PAGE_SIZE", "3")
    app = start({"near": "77030"})
    first = card_names(app)
    app.button(key="page_next").click().run()
    second = card_names(app)
    assert len(first) == 3 and second and not set(first) & set(second)
    query = query_of(app)
    assert query["page"] == "2" and "after" in query
    assert card_names(start(query)) == second
    app.button(key="page_prev").click().run()
    assert card_names(app) == first


@pytest.mark.parametrize(
    "words", ["I want to die", "suicidal thoughts", "how do I kill myself", "end my life"]
)
def test_crisis_words_open_the_crisis_panel_above_results(ui_env, words):
    app = start({"near": "77030", "q": words})
    assert crisis.PANEL_TITLE in texts(app, "subheader")
    assert healthy(app)


def test_no_crisis_panel_for_an_ordinary_search(ui_env):
    app = start({"near": "77030", "q": "ketamine"})
    assert crisis.PANEL_TITLE not in texts(app, "subheader")


@pytest.mark.parametrize("query", [{}, {"near": "77030"}, {"near": "nowhere at all"}])
def test_the_crisis_line_and_sample_notice_are_always_shown(ui_env, query):
    app = start(query)
    assert any("988" in e and "911" in e for e in texts(app, "error"))
    assert any("Sample data" in w for w in texts(app, "warning"))


def test_every_fictional_listing_is_marked_on_its_card(ui_env):
    app = start({"near": "77030"})
    names = card_names(app)
    marked = [m for m in texts(app, "markdown") if "Fictional sample" in m]
    assert names and len(marked) == len(names)


def test_unknown_place_offers_suggestions(ui_env):
    app = start({"near": "Huston, TX"})
    assert any("could not find" in w for w in texts(app, "warning"))
    suggestions = [b for b in app.button if b.key and b.key.startswith("suggest_")]
    assert suggestions, "expected place suggestions"
    suggestions[0].click().run()
    assert card_names(app)
    assert "Houston" in query_of(app)["near"]


def test_no_results_names_the_filters_to_relax(ui_env):
    app = start({"near": "77030", "therapy": KAP, "condition": "ptsd", "insurance": "medicare"})
    assert card_names(app) == []
    assert any("No providers match" in w for w in texts(app, "warning"))
    relax = {b.label: b for b in app.button if b.key and b.key.startswith("relax_")}
    assert any(label.startswith("Without Condition") for label in relax)
    next(b for label, b in relax.items() if "Insurance" in label).click().run()
    assert card_names(app) == ["Sample Montrose Mind Clinic"]


def test_nothing_within_the_radius_shows_the_nearest_beyond_it(ui_env):
    app = start({"near": "77030", "r": "1", "therapy": "ketamine_infusion"})
    assert any("Nothing matches within 1 miles" in w for w in texts(app, "warning"))
    assert card_names(app) == ["Sample Galleria Infusion Center"]


def test_unreachable_engine_gives_a_friendly_message(ui_env, monkeypatch):
    monkeypatch.setenv("ES_URL", "http://127.0.0.1:9")  # discard port: nothing listens
    app = start({"near": "77030"})
    assert healthy(app)
    assert any("not reachable" in e for e in texts(app, "error"))
    assert "Traceback" not in all_text(app)
    assert card_names(app) == []


def _radius_ring_miles(app) -> float:
    """How far the map's search ring lies from its centre, read from the chart sent."""
    chart = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    layer = next(layer for layer in chart["layers"] if layer["id"] == "radius")
    centre = (chart["initialViewState"]["latitude"], chart["initialViewState"]["longitude"])
    lon, lat = layer["data"][0]["path"][0][:2]
    return geodesic(centre, (lat, lon)).miles


def test_a_shared_link_past_the_largest_radius_shows_the_radius_searched(ui_env):
    # Dallas: the sample providers are about 225 miles away, inside 400 but beyond 100
    app = start({"lat": "32.7767", "lon": "-96.7970", "r": "400"})
    assert healthy(app)
    warnings = texts(app, "warning")
    assert any("Nothing matches within 100 miles" in w for w in warnings)
    assert not any("400" in w for w in warnings)
    assert any("radius clamped to 100 miles" in c for c in texts(app, "caption"))
    assert _radius_ring_miles(app) == pytest.approx(100, rel=0.02)
