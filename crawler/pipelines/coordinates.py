"""Coordinates: numbers in range, or removed with the reason; source points marked."""

from __future__ import annotations

import math
from typing import Any

from clinics import fields as F
from crawler.pipelines import RecordPipeline


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def check_point(lat_raw: Any, lon_raw: Any) -> tuple[float | None, float | None, str | None]:
    """(lat, lon, None) for a usable point, else (None, None, reason)."""
    lat, lon = _number(lat_raw), _number(lon_raw)
    if lat is None or lon is None:
        return None, None, "not a number"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None, "out of range"
    if lat == 0 and lon == 0:
        return None, None, "0,0 is a placeholder, not a place"
    return lat, lon, None


class CoordinatesPipeline(RecordPipeline):
    def process_item(self, item: dict, spider: Any = None) -> dict:
        has_lat, has_lon = item.get(F.LATITUDE) is not None, item.get(F.LONGITUDE) is not None
        if not (has_lat or has_lon):
            return item
        lat, lon, problem = check_point(item.get(F.LATITUDE), item.get(F.LONGITUDE))
        if problem:
            value = f"{item.get(F.LATITUDE)},{item.get(F.LONGITUDE)}"
            item.pop(F.LATITUDE, None)
            item.pop(F.LONGITUDE, None)
            item.pop(F.GEO_PRECISION, None)
            self.note_issue(item, F.LATITUDE, f"coordinates dropped: {problem}", value)
            return item
        item[F.LATITUDE], item[F.LONGITUDE] = lat, lon
        if item.get(F.GEO_PRECISION) in (None, "none"):
            item[F.GEO_PRECISION] = "source"
        return item
