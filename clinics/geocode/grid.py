"""A fixed-size latitude/longitude grid for nearest-point lookups without a spatial library."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlam = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class PointGrid(Generic[T]):
    """Items bucketed by grid cell; nearest() searches rings of cells outward."""

    def __init__(self, items: Iterable[tuple[float, float, T]], cell_degrees: float = 0.5):
        self.cell_degrees = cell_degrees
        self._cells: dict[tuple[int, int], list[tuple[float, float, T]]] = defaultdict(list)
        for lat, lon, item in items:
            self._cells[self._cell(lat, lon)].append((lat, lon, item))

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self.cell_degrees), math.floor(lon / self.cell_degrees))

    def nearest(self, lat: float, lon: float, max_km: float) -> tuple[T, float] | None:
        """The closest item within max_km and its distance in km, or None."""
        row, col = self._cell(lat, lon)
        # East-west distances shrink with latitude; compare candidates on a flat projection
        # scaled for this latitude (exact enough within a few cells), then measure the
        # winner on the sphere.
        lon_scale = max(math.cos(math.radians(min(abs(lat), 89.0))), 0.02)
        # A ring of cells r steps out is at least (r - 1) cells away; use the narrower
        # (east-west) cell width to bound that distance safely.
        cell_km = self.cell_degrees * KM_PER_DEGREE * lon_scale
        max_rings = min(int(max_km / cell_km) + 2, 400)
        best_item: T | None = None
        best_flat = math.inf
        for ring in range(max_rings + 1):
            if (
                best_item is not None
                and math.sqrt(best_flat) * KM_PER_DEGREE <= (ring - 1) * cell_km
            ):
                break
            for cell in _ring_cells(row, col, ring):
                for item_lat, item_lon, item in self._cells.get(cell, ()):
                    dlat = item_lat - lat
                    dlon = (item_lon - lon) * lon_scale
                    flat = dlat * dlat + dlon * dlon
                    if flat < best_flat:
                        best_flat, best_item, best_lat, best_lon = flat, item, item_lat, item_lon
        if best_item is None:
            return None
        distance = haversine_km(lat, lon, best_lat, best_lon)
        return (best_item, distance) if distance <= max_km else None


def _ring_cells(row: int, col: int, ring: int) -> Iterable[tuple[int, int]]:
    if ring == 0:
        yield (row, col)
        return
    for dc in range(-ring, ring + 1):
        yield (row - ring, col + dc)
        yield (row + ring, col + dc)
    for dr in range(-ring + 1, ring):
        yield (row + dr, col - ring)
        yield (row + dr, col + ring)
