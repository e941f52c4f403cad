"""In-memory indexes over the US ZIP data of the `zipcodes` package, built once per process.

Rows are read from the package (slow the first time: it inflates 42,000 records) and kept
in a small JSON file under the data directory keyed by the package version, so later
processes load in a few tens of milliseconds. If that directory is not writable, the
indexes are simply rebuilt from the package each time.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from clinics.geocode.grid import PointGrid
from clinics.geocode.names import place_key

logger = logging.getLogger(__name__)

INDEX_FORMAT = 1
# ZIP kinds in the package: STANDARD (delivery areas), PO BOX, UNIQUE (one organization),
# MILITARY (APO/FPO, no usable coordinates; left out).
AREA_KIND = "STANDARD"
SKIPPED_KINDS = frozenset({"MILITARY"})


@dataclass(frozen=True, slots=True)
class ZipPlace:
    code: str
    city: str
    state: str
    lat: float
    lon: float
    kind: str
    active: bool
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CityPlace:
    name: str
    state: str
    lat: float
    lon: float
    zip_codes: tuple[str, ...]

    @property
    def zip_count(self) -> int:
        return len(self.zip_codes)


class Gazetteer:
    """ZIPs by code, cities by (name key, state), cities by name key, and a reverse grid."""

    def __init__(self, zips: list[ZipPlace], version: str):
        self.version = version
        self.zips: dict[str, ZipPlace] = {z.code: z for z in zips}
        self.cities: dict[tuple[str, str], CityPlace] = {}
        self.cities_by_name: dict[str, list[CityPlace]] = {}
        self.alias_cities: dict[tuple[str, str], CityPlace] = {}
        self.alias_cities_by_name: dict[str, list[CityPlace]] = {}
        self.cities_by_state: dict[str, list[CityPlace]] = {}
        self._city_keys: dict[CityPlace, str] | None = None
        self._build_cities(zips)
        self.grid: PointGrid[ZipPlace] = PointGrid(
            (z.lat, z.lon, z) for z in zips if z.active and z.kind == AREA_KIND
        )
        self.fallback_grid: PointGrid[ZipPlace] = PointGrid((z.lat, z.lon, z) for z in zips)

    @property
    def city_keys(self) -> dict[CityPlace, str]:
        """Every city with its name key (for fuzzy matching)."""
        if self._city_keys is None:
            self._city_keys = {city: key for (key, _state), city in self.cities.items()}
        return self._city_keys

    def _build_cities(self, zips: list[ZipPlace]) -> None:
        primary: dict[tuple[str, str], list[ZipPlace]] = defaultdict(list)
        alias: dict[tuple[str, str], list[ZipPlace]] = defaultdict(list)
        for z in zips:
            primary[(z.city, z.state)].append(z)
            for name in z.aliases:
                alias[(name, z.state)].append(z)
        for (name, state), members in primary.items():
            city = _city_from_members(name, state, members)
            self.cities[(place_key(name), state)] = city
            self.cities_by_name.setdefault(place_key(name), []).append(city)
            self.cities_by_state.setdefault(state, []).append(city)
        for (name, state), members in alias.items():
            key = (place_key(name), state)
            if key in self.cities:
                continue
            city = _city_from_members(name, state, members)
            self.alias_cities[key] = city
            self.alias_cities_by_name.setdefault(key[0], []).append(city)
        for group in (self.cities_by_name, self.alias_cities_by_name, self.cities_by_state):
            for places in group.values():
                places.sort(key=lambda c: (-c.zip_count, c.state, c.name))


def _city_from_members(name: str, state: str, members: list[ZipPlace]) -> CityPlace:
    # Centre of the city's delivery-area ZIPs; PO-box and single-organization ZIPs sit on
    # one building and would pull the centre toward the post office.
    areas = [z for z in members if z.kind == AREA_KIND and z.active] or members
    lat = sum(z.lat for z in areas) / len(areas)
    lon = sum(z.lon for z in areas) / len(areas)
    codes = tuple(sorted(z.code for z in members))
    return CityPlace(name=name, state=state, lat=round(lat, 5), lon=round(lon, 5), zip_codes=codes)


def _rows_from_package() -> list[list]:
    import zipcodes

    rows = []
    for record in zipcodes.list_all():
        kind = record.get("zip_code_type") or ""
        if kind in SKIPPED_KINDS or record.get("country") not in ("US", ""):
            continue
        try:
            lat, lon = float(record["lat"]), float(record["long"])
        except (TypeError, ValueError, KeyError):
            continue
        if lat == 0.0 and lon == 0.0:
            continue
        aliases = [a for a in record.get("acceptable_cities") or () if a]
        rows.append(
            [
                record["zip_code"],
                record["city"],
                record["state"],
                lat,
                lon,
                kind,
                bool(record.get("active", True)),
                aliases,
            ]
        )
    return rows


def package_version() -> str:
    import zipcodes

    return str(zipcodes.__version__)


def package_data_file() -> Path:
    """The file that carries the package's data (for reporting its size)."""
    import zipcodes._zipcodes as compiled

    return Path(compiled.__file__)


def _cache_path(cache_dir: Path, version: str) -> Path:
    return cache_dir / f"zipcodes-{version}-index-v{INDEX_FORMAT}.json"


def _read_cached_rows(path: Path) -> list[list] | None:
    try:
        with path.open(encoding="utf-8") as handle:
            rows = json.load(handle)
    except (OSError, ValueError):
        return None
    return rows if isinstance(rows, list) and rows else None


def _write_cached_rows(path: Path, rows: list[list]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, separators=(",", ":"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        logger.debug("geocode index cache not written to %s: %s", path, exc)


def build(cache_dir: Path | None) -> Gazetteer:
    version = package_version()
    rows = None
    path = _cache_path(cache_dir, version) if cache_dir is not None else None
    if path is not None:
        rows = _read_cached_rows(path)
    if rows is None:
        rows = _rows_from_package()
        if path is not None:
            _write_cached_rows(path, rows)
    zips = [
        ZipPlace(
            code=row[0],
            city=row[1],
            state=row[2],
            lat=float(row[3]),
            lon=float(row[4]),
            kind=row[5],
            active=bool(row[6]),
            aliases=tuple(row[7]),
        )
        for row in rows
    ]
    return Gazetteer(zips, version)


_lock = threading.Lock()
_instances: dict[Path | None, Gazetteer] = {}


def get(cache_dir: Path | None) -> Gazetteer:
    """The process-wide gazetteer (built on first use)."""
    instance = _instances.get(cache_dir)
    if instance is None:
        with _lock:
            instance = _instances.get(cache_dir)
            if instance is None:
                instance = build(cache_dir)
                _instances[cache_dir] = instance
    return instance
