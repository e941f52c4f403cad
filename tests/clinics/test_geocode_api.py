"""The one entry point (geocode, reverse, suggest, get_geocoder) and the geopy interface."""

from __future__ import annotations

import dataclasses

import pytest
import zipcodes
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

import clinics.geocode as geo
from clinics.geocode.offline import OfflineGeocoder

pytestmark = pytest.mark.unit

# Published extent of the City of Houston GIS "ZIPCODE" layer, which covers the ZIP areas of
# the Houston region (geohwp.houstontx.gov .../02_BaseData_Boundaries/COH/MapServer/0,
# metadata <bounding>): west, east, south, north in degrees.
HOUSTON_REGION_WEST, HOUSTON_REGION_EAST = -96.484941, -94.304713
HOUSTON_REGION_SOUTH, HOUSTON_REGION_NORTH = 28.827068, 30.695195


@pytest.fixture(scope="module", autouse=True)
def offline_settings(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLINICS_GEOCODER", "offline")
        patch.setenv("CLINICS_GEOCODE_DIR", str(tmp_path_factory.mktemp("geocode")))
        geo.reset()
        yield
    geo.reset()


def test_geocode_returns_a_frozen_geomatch():
    match = geo.geocode("77030")
    assert isinstance(match, geo.GeoMatch)
    assert (match.lat, match.lon) == pytest.approx((29.7041, -95.401))
    assert match.precision == "zip"
    assert match.matched_name == "Houston, TX 77030"
    assert match.approximate and not match.ambiguous
    assert match.source == "zipcodes"
    assert (match.postal_code, match.city, match.state) == ("77030", "Houston", "TX")
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.lat = 0.0  # type: ignore[misc]


@pytest.mark.parametrize(
    "text", ["", "x" * 10_000, "\x00", "<p>hi</p>", "Paris, France", None, 42, ["77030"]]
)
def test_geocode_never_raises_for_bad_input(text):
    assert geo.geocode(text) is None


@pytest.mark.parametrize(
    ("lat", "lon"), [(None, None), ("a", "b"), (float("nan"), 0.0), (1e9, 1e9)]
)
def test_reverse_never_raises_for_bad_input(lat, lon):
    assert geo.reverse(lat, lon) is None


def test_reverse_names_the_nearest_zip_and_city():
    match = geo.reverse(29.706, -95.400)
    assert (match.postal_code, match.city, match.state) == ("77030", "Houston", "TX")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huston, TX", ["Houston, TX"]),
        ("77030", []),
        ("", []),
        (None, []),
    ],
)
def test_suggest(text, expected):
    assert geo.suggest(text)[: len(expected) or None] == expected


def test_suggest_respects_the_limit():
    assert len(geo.suggest("Chicgo", limit=2)) == 2


def test_as_dict_round_trips():
    match = geo.geocode("Springfield")
    assert geo.GeoMatch.from_dict(match.as_dict()) == match


# -- every Houston ZIP ---------------------------------------------------------------------


def _houston_zips() -> list[str]:
    return sorted(z["zip_code"] for z in zipcodes.filter_by(city="Houston", state="TX"))


def test_the_data_has_about_190_houston_zips():
    assert 150 <= len(_houston_zips()) <= 250


@pytest.mark.parametrize("code", _houston_zips())
def test_every_houston_zip_resolves_inside_the_houston_region(code):
    match = geo.geocode(code)
    assert match is not None
    assert (match.city, match.state, match.postal_code) == ("Houston", "TX", code)
    assert HOUSTON_REGION_SOUTH <= match.lat <= HOUSTON_REGION_NORTH
    assert HOUSTON_REGION_WEST <= match.lon <= HOUSTON_REGION_EAST


# -- geopy interface -----------------------------------------------------------------------


def test_get_geocoder_is_offline_by_default():
    geocoder = geo.get_geocoder()
    assert isinstance(geocoder, OfflineGeocoder)
    assert isinstance(geocoder, Geocoder)
    assert geo.get_geocoder() is geocoder


def test_offline_geocoder_returns_a_location_with_raw_details():
    location = geo.get_geocoder().geocode("Washington, IN")
    assert isinstance(location, Location)
    assert location.address == "Washington, IN"
    assert location.raw["precision"] == "city"
    assert location.raw["matched_name"] == "Washington, IN"
    assert location.raw["source"] == "zipcodes"
    assert location.raw["ambiguous"] is False
    assert location.raw["candidates"] == []


def test_exactly_one_false_lists_the_ranked_candidates():
    locations = geo.get_geocoder().geocode("Springfield", exactly_one=False)
    assert [loc.address for loc in locations[:3]] == [
        "Springfield, IL",
        "Springfield, MA",
        "Springfield, MO",
    ]
    assert all(loc.raw["ambiguous"] for loc in locations)


def test_exactly_one_true_picks_the_likeliest_and_says_it_was_ambiguous():
    location = geo.get_geocoder().geocode("Springfield", exactly_one=True)
    assert location.address == "Springfield, IL"
    assert location.raw["ambiguous"] is True
    assert "Springfield, MO" in location.raw["candidates"]


def test_structured_queries_work_like_text():
    location = geo.get_geocoder().geocode({"city": "Sugar Land", "state": "TX"})
    assert location.address == "Sugar Land, TX"


@pytest.mark.parametrize("query", [(29.706, -95.4), "29.706, -95.4", Point(29.706, -95.4)])
def test_geopy_reverse_accepts_geopy_points(query):
    location = geo.get_geocoder().reverse(query)
    assert location.raw["postal_code"] == "77030"
    assert geo.get_geocoder().reverse(query, exactly_one=False)[0].address == location.address


def test_geopy_reverse_of_nonsense_is_none():
    assert geo.get_geocoder().reverse("not a point") is None
    assert geo.get_geocoder().geocode("") is None


def test_the_fast_zip_match_equals_one_built_the_ordinary_way():
    fast = geo.GeoMatch.of_zip("77030", "Houston", "TX", 29.7041, -95.401)
    ordinary = geo.GeoMatch(
        lat=29.7041,
        lon=-95.401,
        precision="zip",
        matched_name="Houston, TX 77030",
        approximate=True,
        postal_code="77030",
        city="Houston",
        state="TX",
    )
    assert fast == ordinary
    assert fast.as_dict() == ordinary.as_dict()
    assert hash(fast) == hash(ordinary)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.lat = 0.0  # type: ignore[misc]


def test_offline_geocoder_can_be_built_directly_like_any_geopy_geocoder():
    geocoder = OfflineGeocoder()
    assert geocoder.geocode("77030-1234").raw["postal_code"] == "77030"
    assert geocoder.geocode("Huston, TX") is None
