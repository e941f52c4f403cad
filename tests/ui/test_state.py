"""The URL carries the whole search: query parameters <-> SearchParams, both ways."""

import pytest

from search.filters import BY_NAME
from search.types import GeoPoint, SearchParams
from ui import state

pytestmark = pytest.mark.unit

FULL = state.View(
    params=SearchParams(
        near_text="77030",
        radius_mi=25,
        therapies=("ketamine_assisted_psychotherapy", "cbt"),
        conditions=("anxiety",),
        provider_types=("psychiatrist",),
        telehealth=True,
        accepting_new_patients=True,
        insurance=("Blue Cross, Blue Shield", "Aetna"),
        languages=("Spanish",),
        text="integration & <b>prep</b>",
        sort="recent",
        size=10,
        search_after=(1.25, "kap-near"),
    ),
    page=3,
    provider="sample:kap-1",
)

ROUND_TRIPS = [
    state.View(SearchParams()),
    state.View(SearchParams(near_text="Sugar Land, TX")),
    state.View(SearchParams(point=GeoPoint(29.70411, -95.40102), radius_mi=5)),
    state.View(SearchParams(text="🧠 emdr", sort="relevance")),
    FULL,
]


@pytest.mark.parametrize("view", ROUND_TRIPS)
def test_view_round_trips_through_the_query(view):
    query = state.query_from_view(view)
    assert state.view_from_query(query) == view


@pytest.mark.parametrize(
    ("view", "query"),
    [
        (state.View(SearchParams()), {}),
        (state.View(SearchParams(near_text="77030")), {"near": "77030"}),
        (
            state.View(SearchParams(near_text="77030", therapies=("cbt", "emdr"), telehealth=True)),
            {"near": "77030", "therapy": ["cbt", "emdr"], "telehealth": "1"},
        ),
        (
            state.View(SearchParams(point=GeoPoint(29.7, -95.4), near_text="ignored")),
            {"lat": "29.70000", "lon": "-95.40000"},
        ),
        (state.View(SearchParams(radius_mi=2.5)), {"r": "2.5"}),
        (state.View(SearchParams(sort="relevance")), {"sort": "relevance"}),
    ],
)
def test_defaults_stay_out_of_the_url(view, query):
    assert state.query_from_view(view) == query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"r": "abc"}, SearchParams()),
        ({"r": "-5"}, SearchParams()),
        ({"r": "nan"}, SearchParams()),
        ({"sort": "drop table"}, SearchParams()),
        ({"lat": "95", "lon": "10"}, SearchParams()),
        ({"lat": "29.7"}, SearchParams()),
        ({"telehealth": "maybe"}, SearchParams()),
        ({"therapy": "cbt,emdr, cbt"}, SearchParams(therapies=("cbt", "emdr"))),
        ({"therapy": ["cbt", "cbt"]}, SearchParams(therapies=("cbt",))),
        (
            {"insurance": "Blue Cross, Blue Shield"},
            SearchParams(insurance=("Blue Cross, Blue Shield",)),
        ),
        ({"q": "  "}, SearchParams()),
        ({"q": "x" * 10_000}, SearchParams(text="x" * state.MAX_TEXT_CHARS)),
        ({"page": "2", "after": "not json"}, SearchParams()),
        ({"page": "2", "after": '{"a": 1}'}, SearchParams()),
        ({"page": "2", "after": "[true]"}, SearchParams()),
        ({"page": "x", "after": "[1]"}, SearchParams()),
    ],
)
def test_malformed_parameters_are_ignored(query, expected):
    assert state.view_from_query(query).params == expected


def test_a_page_without_a_cursor_is_page_one():
    assert state.view_from_query({"page": "4"}).page == 1


def test_widget_state_round_trip():
    session: dict = {state.widget_key(BY_NAME["therapies"]) + "dbt": True}
    params = FULL.params
    state.state_from_params(params, session)
    back = state.params_from_state(session)
    # filters come back in a stable (sorted) order, so equal searches give equal URLs
    expected = SearchParams(
        **{**params.__dict__, "search_after": None, "therapies": tuple(sorted(params.therapies))}
    )
    assert back == expected
    assert (
        session[state.widget_key(BY_NAME["therapies"]) + "dbt"] is False
    )  # an old choice is cleared


def test_position_wins_over_typed_place_in_widget_state():
    session: dict = {}
    state.state_from_params(SearchParams(point=GeoPoint(29.7, -95.4)), session)
    session[state.K_NEAR] = "77030"
    assert state.params_from_state(session).point == GeoPoint(29.7, -95.4)
    assert state.params_from_state(session).near_text is None


@pytest.mark.parametrize(
    ("params", "searchable"),
    [
        (SearchParams(), False),
        (SearchParams(therapies=("cbt",)), False),
        (SearchParams(near_text="77030"), True),
        (SearchParams(point=GeoPoint(1, 2)), True),
        (SearchParams(text="emdr"), True),
    ],
)
def test_has_search(params, searchable):
    assert state.has_search(params) is searchable


def test_radius_from_a_link_is_offered():
    assert 7.0 in state.radius_choices(7)
    assert state.radius_choices(15) == list(state.RADIUS_CHOICES_MI)


@pytest.mark.parametrize("page", ["²", "٣", "５", "3²", "1e3", "-2", " ", "9" * 500])
def test_a_page_that_is_not_plain_ascii_digits_is_page_one(page):
    view = state.view_from_query({"page": page, "after": "[1.5]"})
    assert view.page == 1
    assert view.params.search_after is None


def test_a_page_number_is_capped():
    assert state.view_from_query({"page": "999999", "after": "[1.5]"}).page == state.MAX_PAGE


@pytest.mark.parametrize(
    "query",
    [
        {"lat": "٢٩.٧", "lon": "-٩٥.٤"},  # Arabic-Indic digits: float() reads them
        {"lat": "２９.７", "lon": "-９５.４"},  # full-width digits
        {"r": "٥"},
        {"r": "1" * 400},
    ],
)
def test_numbers_must_be_ascii(query):
    assert state.view_from_query(query).params == SearchParams()


@pytest.mark.parametrize(
    "after",
    [
        "[" * 10_000 + "]" * 10_000,
        "[" * 200 + "]" * 200,
        "[[1]]",
        "[NaN]",
        "[Infinity]",
        "[1e999]",
        "[" + "9" * 100 + "]",
    ],
)
def test_malformed_and_deep_cursors_are_ignored(after):
    view = state.view_from_query({"page": "2", "after": after})
    assert view.params.search_after is None
    assert view.page == 1
