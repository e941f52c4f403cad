"""Geocoding for the whole project: offline by default, online geocoders as an opt-in.

    from clinics.geocode import geocode, reverse, suggest, GeoMatch
    geocode("77030")          # GeoMatch(lat=29.7041, lon=-95.401, precision="zip", ...)
    reverse(29.70, -95.40)    # nearest ZIP and its city
    suggest("Huston, TX")     # ["Houston, TX"]

See docs/geocoding.md.
"""

from clinics.geocode.match import PRECISIONS, GeoMatch
from clinics.geocode.resolver import Lookup
from clinics.geocode.service import geocode, get_geocoder, lookup, reset, reverse, suggest

__all__ = [
    "PRECISIONS",
    "GeoMatch",
    "Lookup",
    "geocode",
    "get_geocoder",
    "lookup",
    "reset",
    "reverse",
    "suggest",
]
