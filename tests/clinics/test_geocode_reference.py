"""ZIP centres compared with independently published reference points.

Reference: the US Census Bureau Gazetteer files for ZIP Code Tabulation Areas (ZCTAs),
columns INTPTLAT / INTPTLONG (the "internal point" of each ZCTA), from
https://www.census.gov/geographies/reference-files/time-series/geo/gazetteer-files.html
(00601-00603 from the 2010 file; 10020 from 2022_Gaz_zcta_national.txt).

A ZCTA's internal point and a ZIP centroid from other data are computed differently and
ZCTAs only approximate ZIP delivery areas, so they agree only to within a few km; the
tolerance below (5 km) is about the radius of a small urban ZIP. The published figures
for these ZCTAs did not change between the files that carry them.
"""

from __future__ import annotations

import pytest

from clinics.geocode.grid import haversine_km
from clinics.geocode.resolver import OfflineResolver

pytestmark = pytest.mark.unit

TOLERANCE_KM = 5.0

CENSUS_ZCTA_INTERNAL_POINTS = [
    ("00601", 18.180555, -66.749961),  # Adjuntas, PR
    ("00602", 18.361945, -67.175597),  # Aguada, PR
    ("00603", 18.455183, -67.119887),  # Aguadilla, PR
    ("10020", 40.759174, -73.980715),  # New York, NY (Rockefeller Center)
]


@pytest.fixture(scope="module")
def resolver(tmp_path_factory) -> OfflineResolver:
    return OfflineResolver(tmp_path_factory.mktemp("geocode-index"))


@pytest.mark.parametrize(("code", "lat", "lon"), CENSUS_ZCTA_INTERNAL_POINTS)
def test_zip_centre_is_near_the_census_internal_point(resolver, code, lat, lon):
    match = resolver.lookup(code).best
    assert match is not None
    assert haversine_km(match.lat, match.lon, lat, lon) <= TOLERANCE_KM


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        # Great-circle distances that are well known: the haversine used for reverse lookups.
        ((0.0, 0.0), (0.0, 1.0), 111.19),  # one degree of longitude on the equator
        ((0.0, 0.0), (1.0, 0.0), 111.19),  # one degree of latitude
        ((90.0, 0.0), (-90.0, 0.0), 20015.1),  # pole to pole
    ],
)
def test_haversine_distance(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, rel=1e-3)
