"""The offline geocoder: what people type, and where it lands."""

from __future__ import annotations

import pytest

from clinics.geocode.grid import haversine_km
from clinics.geocode.resolver import OfflineResolver

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def resolver(tmp_path_factory) -> OfflineResolver:
    return OfflineResolver(tmp_path_factory.mktemp("geocode-index"))


# text -> (precision, matched name)
FORWARD = [
    # ZIP and ZIP+4
    ("77030", "zip", "Houston, TX 77030"),
    ("77030-1234", "zip", "Houston, TX 77030"),
    ("77030 1234", "zip", "Houston, TX 77030"),
    ("770301234", "zip", "Houston, TX 77030"),
    (" 77479 ", "zip", "Sugar Land, TX 77479"),
    ("\uff17\uff17\uff10\uff13\uff10", "zip", "Houston, TX 77030"),  # full-width digits
    # city and state, code or name, any case, with or without comma
    ("Sugar Land, TX", "city", "Sugar Land, TX"),
    ("Sugar Land, Texas", "city", "Sugar Land, TX"),
    ("sugar land texas", "city", "Sugar Land, TX"),
    ("SUGAR LAND TX", "city", "Sugar Land, TX"),
    ("Houston, Texas, USA", "city", "Houston, TX"),
    ("Houston TX United States", "city", "Houston, TX"),
    ("Washington, IN", "city", "Washington, IN"),
    ("Washington, Indiana", "city", "Washington, IN"),
    ("washington in", "city", "Washington, IN"),
    ("Washington, DC", "city", "Washington, DC"),
    ("Washington D.C.", "city", "Washington, DC"),
    ("New York, New York", "city", "New York, NY"),
    ("Portland, ME", "city", "Portland, ME"),
    ("Portland Oregon", "city", "Portland, OR"),
    ("Kansas City, KS", "city", "Kansas City, KS"),
    ("West Virginia", None, None),  # a state alone is not a place; see STATE_ONLY
    ("St. Louis, MO", "city", "Saint Louis, MO"),
    ("St Louis MO", "city", "Saint Louis, MO"),
    ("Ft Worth, TX", "city", "Fort Worth, TX"),
    ("Medical Center, Houston, TX", "city", "Houston, TX"),
    # city, state and ZIP: the ZIP is the finer answer
    ("Houston, TX 77030", "zip", "Houston, TX 77030"),
    ("Sugar Land TX 77479", "zip", "Sugar Land, TX 77479"),
    # unknown ZIP with a good place: the place
    ("Houston, TX 00000", "city", "Houston, TX"),
    # street addresses: to their ZIP, else their city
    ("6560 Fannin St, Houston, TX 77030", "zip", "Houston, TX 77030"),
    ("6560 Fannin St Houston TX 77030", "zip", "Houston, TX 77030"),
    ("6560 Fannin Street, Suite 1200, Houston, Texas 77030", "zip", "Houston, TX 77030"),
    ("6560 Fannin St Ste 1200 Houston TX 77030-2707", "zip", "Houston, TX 77030"),
    ("6560 Fannin St #1200, Houston, TX", "city", "Houston, TX"),
    ("1 Main St Sugar Land TX", "city", "Sugar Land, TX"),
    ("123 Main Street Springfield Illinois", "city", "Springfield, IL"),
    ("100 Congress Ave, Austin, TX 78701-4042", "zip", "Austin, TX 78701"),
    # PO boxes
    ("PO Box 2000 Houston TX 77252", "zip", "Houston, TX 77252"),
    ("P.O. Box 123, Sugar Land, TX 77487", "zip", "Sugar Land, TX 77487"),
    ("Post Office Box 5, Washington, IN 47501", "zip", "Washington, IN 47501"),
    # coordinates are their own answer
    ("29.7041, -95.4010", "point", "29.70410, -95.40100"),
    ("29.7041 -95.401", "point", "29.70410, -95.40100"),
    ("(29.7041, -95.401)", "point", "29.70410, -95.40100"),
    ("29.7041 N 95.401 W", "point", "29.70410, -95.40100"),
    ("29.7041°N, 95.401°W", "point", "29.70410, -95.40100"),
]


@pytest.mark.parametrize(("text", "precision", "matched_name"), FORWARD)
def test_forward_geocoding(resolver, text, precision, matched_name):
    match = resolver.lookup(text).best
    if precision is None:
        assert match is None
        return
    assert match is not None, resolver.lookup(text).reason
    assert (match.precision, match.matched_name) == (precision, matched_name)
    assert match.approximate == (precision in ("zip", "city"))


@pytest.mark.parametrize(
    ("text", "postal_code", "city", "state"),
    [
        ("77030", "77030", "Houston", "TX"),
        ("Sugar Land, TX", None, "Sugar Land", "TX"),
        ("29.7041, -95.401", "77030", "Houston", "TX"),  # a point is described by its ZIP
        ("48.8566, 2.3522", None, None, None),  # Paris, France: a point, no US context
    ],
)
def test_matches_name_their_zip_city_and_state(resolver, text, postal_code, city, state):
    match = resolver.lookup(text).best
    assert (match.postal_code, match.city, match.state) == (postal_code, city, state)


def test_a_street_address_says_it_was_placed_at_its_zip(resolver):
    match = resolver.lookup("6560 Fannin St, Houston, TX 77030").best
    assert match.note == "street address placed at its ZIP centre"
    assert match.approximate


def test_city_point_is_the_centre_of_its_zips(resolver):
    sugar_land = resolver.lookup("Sugar Land, TX").best
    assert haversine_km(sugar_land.lat, sugar_land.lon, 29.62, -95.63) < 10


# -- ambiguity -----------------------------------------------------------------------------

AMBIGUOUS = [
    # text -> (first answer, another candidate that must be listed)
    ("Springfield", "Springfield, IL", "Springfield, MO"),
    ("Kansas City", "Kansas City, MO", "Kansas City, KS"),
    ("Portland", "Portland, OR", "Portland, ME"),
    ("Houston", "Houston, TX", "Houston, MS"),
    ("6560 Fannin St, Houston", "Houston, TX", "Houston, PA"),
    # also the name of a state: the city, flagged
    ("Washington", "Washington, DC", "Washington, MI"),
    ("New York", "New York, NY", None),
    # a ZIP in another state than the one named: the ZIP, flagged, with the named city next
    ("Houston, TX 10001", "New York, NY 10001", "Houston, TX"),
]


@pytest.mark.parametrize(("text", "first", "other"), AMBIGUOUS)
def test_ambiguous_text_picks_the_likeliest_and_says_so(resolver, text, first, other):
    found = resolver.lookup(text)
    best = found.best
    assert best.matched_name == first
    assert best.ambiguous
    assert best.candidates[0] == first
    if other is not None:
        assert other in best.candidates
        assert other in [m.matched_name for m in found.matches]
    assert best.note


@pytest.mark.parametrize("text", ["Washington, IN", "Sugar Land", "77030", "Springfield, MA"])
def test_unambiguous_text_is_not_flagged(resolver, text):
    best = resolver.lookup(text).best
    assert not best.ambiguous
    assert best.candidates == ()


def test_washington_indiana_is_in_indiana_not_washington_state(resolver):
    match = resolver.lookup("Washington, IN").best
    assert match.state == "IN"
    assert 38.5 < match.lat < 38.8 and -87.3 < match.lon < -87.0


# -- near misses: suggestions, never a wrong point -----------------------------------------

NEAR_MISSES = [
    ("Huston, TX", "Houston, TX"),
    ("Springfeild, IL", "Springfield, IL"),
    ("Sugarland, TX", "Sugar Land, TX"),
    ("San Fransisco, CA", "San Francisco, CA"),
    ("Los Angles", "Los Angeles, CA"),
    ("Chicgo", "Chicago, IL"),
]


@pytest.mark.parametrize(("text", "suggestion"), NEAR_MISSES)
def test_near_misses_get_suggestions_not_points(resolver, text, suggestion):
    found = resolver.lookup(text)
    assert found.best is None
    assert found.reason
    assert found.suggestions[0] == suggestion
    assert resolver.suggest(text)[0] == suggestion


def test_suggestions_for_an_ambiguous_name_are_its_candidates(resolver):
    assert resolver.suggest("Kansas City") == ["Kansas City, MO", "Kansas City, KS"]


def test_no_suggestions_for_an_exact_match(resolver):
    assert resolver.suggest("Sugar Land, TX") == []


def test_a_state_alone_is_not_a_point_but_suggests_its_big_cities(resolver):
    found = resolver.lookup("Texas")
    assert found.best is None
    assert "state" in found.reason
    assert "Houston, TX" in found.suggestions


# -- junk ----------------------------------------------------------------------------------

JUNK = [
    ("", "empty"),
    ("   ", "empty"),
    (",,,", "empty"),
    ("x" * 10_000, "too long"),
    ("Houston\x00TX", "control characters"),
    ("\x1b[31mHouston", "control characters"),
    ("<script>alert(1)</script>", "HTML"),
    ("<b>Houston</b>, TX", "HTML"),
    ("Houston &amp; Dallas", "HTML"),
    ("Paris, France", "not a US state"),
    ("London, UK", "not a US state"),
    ("Toronto, ON", "not a US state"),
    ("Tokyo", "no US place"),
    ("asdfghjkl", "no US place"),
    ("DROP TABLE clinics;", "no US place"),
    ("00000", "no ZIP code 00000"),
    ("99999", "no ZIP code 99999"),
    ("91.5, 10", "out of range"),
    ("45, 200", "out of range"),
    ("!!!", "no letters or digits"),
    (None, "expected text"),
    (77030, "expected text"),
    (b"77030", "expected text"),
]


@pytest.mark.parametrize(("text", "reason"), JUNK)
def test_junk_gives_no_match_and_a_one_line_reason(resolver, text, reason):
    found = resolver.lookup(text)
    assert found.best is None
    assert reason in found.reason
    assert "\n" not in found.reason


# -- reverse -------------------------------------------------------------------------------

REVERSE = [
    # point a few hundred metres from a ZIP centre -> that ZIP
    ((29.7060, -95.4000), "Houston, TX 77030"),
    ((29.6210, -95.6080), "Sugar Land, TX 77478"),
    ((40.7490, -73.9960), "New York, NY 10001"),
    ((38.6540, -87.1727), "Washington, IN 47501"),
]


@pytest.mark.parametrize(("point", "matched_name"), REVERSE)
def test_reverse_finds_the_nearest_zip(resolver, point, matched_name):
    match = resolver.reverse(*point)
    assert match.matched_name == matched_name
    assert match.precision == "zip"
    assert "km away" in match.note


@pytest.mark.parametrize(
    "point",
    [(48.8566, 2.3522), (0.0, 0.0), (95.0, 0.0), (10.0, 500.0), ("north", "west"), (None, None)],
)
def test_reverse_far_from_any_us_zip_or_invalid_is_none(resolver, point):
    assert resolver.reverse(*point) is None


def test_reverse_of_every_houston_zip_centre_lands_on_a_zip_at_that_spot(resolver):
    houston = [
        place
        for place in resolver.data.zips.values()
        if (place.city, place.state, place.kind, place.active)
        == ("Houston", "TX", "STANDARD", True)
    ]
    assert len(houston) > 90
    for place in houston:
        match = resolver.reverse(place.lat, place.lon)
        assert haversine_km(place.lat, place.lon, match.lat, match.lon) < 0.01
