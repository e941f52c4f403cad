"""Geo views: the radius filter and the distance sort key."""

from __future__ import annotations

from indexer import fields
from search import defaults
from search.types import GeoPoint


def point_value(point: GeoPoint) -> dict:
    return {"lat": point.lat, "lon": point.lon}


def radius_filter(point: GeoPoint, radius_mi: float) -> dict:
    return {
        "geo_distance": {
            "distance": f"{radius_mi:g}{defaults.DISTANCE_UNIT}",
            "distance_type": defaults.DISTANCE_TYPE,
            fields.LOCATION: point_value(point),
        }
    }


def has_location() -> dict:
    return {"exists": {"field": fields.LOCATION}}


def distance_sort(point: GeoPoint) -> dict:
    return {
        "_geo_distance": {
            fields.LOCATION: point_value(point),
            "order": "asc",
            "unit": defaults.DISTANCE_UNIT,
            "distance_type": defaults.DISTANCE_TYPE,
        }
    }
