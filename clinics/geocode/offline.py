"""OfflineGeocoder: the offline resolver behind geopy's Geocoder interface."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from clinics.geocode.match import GeoMatch
from clinics.geocode.resolver import OfflineResolver

# Keys of geopy's structured queries (Nominatim style), in address order.
_STRUCTURED_KEYS = ("street", "city", "county", "state", "postalcode", "country")


def to_location(match: GeoMatch) -> Location:
    """A geopy Location whose raw dict is the GeoMatch as a dict."""
    return Location(match.matched_name, (match.lat, match.lon), match.as_dict())


def structured_query_text(query: Mapping[str, Any]) -> str:
    return ", ".join(str(query[key]) for key in _STRUCTURED_KEYS if query.get(key))


class OfflineGeocoder(Geocoder):
    """US ZIPs, cities, addresses (to their ZIP or city) and coordinates, with no network.

    ``raw`` of each Location holds precision, matched_name, source, ambiguous and
    candidates (see clinics.geocode.match.GeoMatch).
    """

    def __init__(self, *, index_dir: Path | None = None, user_agent: str | None = None):
        """index_dir holds the saved indexes; by default CLINICS_GEOCODE_DIR."""
        super().__init__(user_agent=user_agent)
        if index_dir is None:
            from clinics.geocode import config

            index_dir = config.load().index_dir
        self.resolver = OfflineResolver(index_dir)

    def geocode(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        if isinstance(query, Mapping):
            query = structured_query_text(query)
        found = self.resolver.lookup(query)
        if not found.matches:
            return None
        if exactly_one:
            return to_location(found.matches[0])
        return [to_location(match) for match in found.matches]

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        try:
            point = query if isinstance(query, Point) else Point(query)
        except (TypeError, ValueError):
            return None
        match = self.resolver.reverse(point.latitude, point.longitude)
        if match is None:
            return None
        location = to_location(match)
        return location if exactly_one else [location]
