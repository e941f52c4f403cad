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
        # A ring of cells r steps out is at least (r - 1) cells away; east-west cells
        # shrink with latitude, so use the narrower width to bound the distance safely.
        cell_km = (
            self.cell_degrees
            * KM_PER_DEGREE
            * max(math.cos(math.radians(min(abs(lat), 89.0))), 0.02)
        )
        max_rings = min(int(max_km / cell_km) + 2, 400)
        best: tuple[T, float] | None = None
        for ring in range(max_rings + 1):
            if best is not None and best[1] <= (ring - 1) * cell_km:
                break
            for cell in _ring_cells(row, col, ring):
                for item_lat, item_lon, item in self._cells.get(cell, ()):
                    distance = haversine_km(lat, lon, item_lat, item_lon)
                    if distance <= max_km and (best is None or distance < best[1]):
                        best = (item, distance)
        return best


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
