"""In-memory indexes over the US ZIP data of the `zipcodes` package, built once per process.

The first build reads the package (it inflates 42,000 records) and derives the city
index; both are saved as one JSON file under the geocode directory, keyed by the package
version, so later processes only parse that file. If the directory is not writable the
indexes are rebuilt from the package each time. City and reverse indexes are built on
first use, so a process that only looks up ZIPs never pays for them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from clinics.geocode.grid import PointGrid
from clinics.geocode.names import place_key

logger = logging.getLogger(__name__)

INDEX_FORMAT = 3
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


@dataclass(frozen=True, slots=True)
class CityPlace:
    name: str
    state: str
    lat: float
    lon: float
    zip_count: int


# One row per ZIP: code, city, state, lat, lon, kind, active, other accepted city names.
ZipRow = list
# One row per city: name key, name, state, lat, lon, number of ZIPs.
CityRow = list


class Gazetteer:
    """ZIPs by code; cities by (name key, state), by name key and by state; a reverse grid."""

    def __init__(self, zip_rows: list[ZipRow], load_city_rows, version: str):
        self.version = version
        # Tuples, not the JSON lists: a tuple of strings and numbers is left alone by the
        # garbage collector, so 42,000 rows do not slow down every full collection of the
        # process that holds them (a crawl, the indexer).
        self._zip_rows: dict[str, tuple] = {row[0]: tuple(row) for row in zip_rows}
        self._load_city_rows = load_city_rows

    def zip_row(self, code: str) -> tuple | None:
        """code, city, state, lat, lon, kind, active (the hot path's view of a ZIP)."""
        return self._zip_rows.get(code)

    def zip(self, code: str) -> ZipPlace | None:
        row = self._zip_rows.get(code)
        return None if row is None else ZipPlace(*row[:7])

    @cached_property
    def zips(self) -> dict[str, ZipPlace]:
        return {code: ZipPlace(*row[:7]) for code, row in self._zip_rows.items()}

    # -- cities ----------------------------------------------------------------------------

    @cached_property
    def _city_rows(self) -> dict[str, list[tuple]]:
        # tuples for the garbage collector's sake, as the ZIP rows
        rows = self._load_city_rows()
        return {kind: [tuple(row) for row in rows[kind]] for kind in ("cities", "aliases")}

    @cached_property
    def _city_index(self) -> dict[tuple[str, str], tuple]:
        return {(row[0], row[2]): row for row in self._city_rows["cities"]}

    @cached_property
    def _alias_index(self) -> dict[tuple[str, str], tuple]:
        return {(row[0], row[2]): row for row in self._city_rows["aliases"]}

    def city(self, key: str, state: str) -> CityPlace | None:
        """The city with this name key in this state, or else a place with that other
        accepted name ("West University Place" for ZIPs filed under Houston)."""
        row = self._city_index.get((key, state)) or self._alias_index.get((key, state))
        return None if row is None else CityPlace(*row[1:6])

    def has_city(self, key: str, state: str) -> bool:
        return (key, state) in self._city_index or (key, state) in self._alias_index

    @cached_property
    def cities(self) -> dict[tuple[str, str], CityPlace]:
        return {key: CityPlace(*row[1:6]) for key, row in self._city_index.items()}

    @cached_property
    def alias_cities(self) -> dict[tuple[str, str], CityPlace]:
        """Other names the Postal Service accepts for a ZIP's area ("West University Place")."""
        return {key: CityPlace(*row[1:6]) for key, row in self._alias_index.items()}

    @cached_property
    def cities_by_name(self) -> dict[str, list[CityPlace]]:
        return _group_by_name(self.cities)

    @cached_property
    def alias_cities_by_name(self) -> dict[str, list[CityPlace]]:
        return _group_by_name(self.alias_cities)

    @cached_property
    def cities_by_state(self) -> dict[str, list[CityPlace]]:
        grouped: dict[str, list[CityPlace]] = defaultdict(list)
        for city in self.cities.values():
            grouped[city.state].append(city)
        return {state: _ranked(places) for state, places in grouped.items()}

    @cached_property
    def city_keys(self) -> dict[CityPlace, str]:
        """Every city with its name key (for fuzzy matching)."""
        return {city: key for (key, _state), city in self.cities.items()}

    # -- reverse ---------------------------------------------------------------------------

    @cached_property
    def grid(self) -> PointGrid[ZipPlace]:
        """Active delivery-area ZIPs: the ones that stand for a place people are in."""
        return PointGrid(
            (z.lat, z.lon, z) for z in self.zips.values() if z.active and z.kind == AREA_KIND
        )

    @cached_property
    def fallback_grid(self) -> PointGrid[ZipPlace]:
        return PointGrid((z.lat, z.lon, z) for z in self.zips.values())


def _group_by_name(cities: dict[tuple[str, str], CityPlace]) -> dict[str, list[CityPlace]]:
    grouped: dict[str, list[CityPlace]] = defaultdict(list)
    for (key, _state), city in cities.items():
        grouped[key].append(city)
    return {key: _ranked(places) for key, places in grouped.items()}


def _ranked(places: list[CityPlace]) -> list[CityPlace]:
    """Most ZIPs first: the number of ZIPs is the population proxy this data offers."""
    return sorted(places, key=lambda c: (-c.zip_count, c.state, c.name))


def derive_city_rows(zip_rows: list[ZipRow]) -> tuple[list[CityRow], list[CityRow]]:
    """City rows from each ZIP's city, and alias rows from its other accepted names."""
    primary: dict[tuple[str, str], list[ZipRow]] = defaultdict(list)
    alias: dict[tuple[str, str], list[ZipRow]] = defaultdict(list)
    for row in zip_rows:
        primary[(row[1], row[2])].append(row)
        for name in row[7]:
            alias[(name, row[2])].append(row)
    city_rows = [_city_row(name, state, members) for (name, state), members in primary.items()]
    known = {(row[0], row[2]) for row in city_rows}
    alias_rows = []
    for (name, state), members in alias.items():
        row = _city_row(name, state, members)
        if (row[0], state) not in known:
            alias_rows.append(row)
    return city_rows, alias_rows


def _city_row(name: str, state: str, members: list[ZipRow]) -> CityRow:
    # Centre of the city's delivery-area ZIPs; PO-box and single-organization ZIPs sit on
    # one building and would pull the centre toward the post office.
    areas = [row for row in members if row[5] == AREA_KIND and row[6]] or members
    lat = round(sum(row[3] for row in areas) / len(areas), 5)
    lon = round(sum(row[4] for row in areas) / len(areas), 5)
    return [place_key(name), name, state, lat, lon, len(members)]


def _zip_rows_from_package() -> list[ZipRow]:
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
        active = bool(record.get("active", True))
        rows.append(
            [record["zip_code"], record["city"], record["state"], lat, lon, kind, active, aliases]
        )
    return rows


def package_version() -> str:
    import zipcodes

    return str(zipcodes.__version__)


def package_data_file() -> Path:
    """The file that carries the package's data (for reporting its size)."""
    import zipcodes._zipcodes as compiled

    return Path(compiled.__file__)


def cache_paths(cache_dir: Path, version: str) -> tuple[Path, Path]:
    stem = f"zipcodes-{version}-v{INDEX_FORMAT}"
    return cache_dir / f"{stem}-zips.json", cache_dir / f"{stem}-cities.json"


def _read_json(path: Path | None) -> object:
    if path is None:
        return None
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: object) -> None:
    """Write atomically (temporary file, then rename); a failure only logs."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        logger.debug("geocode index cache not written to %s: %s", path, exc)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _remove_stale_files(cache_dir: Path, keep: set[str]) -> None:
    """Index files of other package versions or formats are never read again."""
    for path in cache_dir.glob("zipcodes-*-v*-*.json"):
        if path.name not in keep:
            with contextlib.suppress(OSError):
                path.unlink()


def _valid_zip_rows(data: object) -> bool:
    return isinstance(data, list) and bool(data) and isinstance(data[0], list)


def _valid_city_rows(data: object) -> bool:
    return isinstance(data, dict) and all(
        isinstance(data.get(k), list) for k in ("cities", "aliases")
    )


def build(cache_dir: Path | None) -> Gazetteer:
    """The gazetteer from the cached ZIP rows, or from the package (saving them for next time).

    City rows are read (or derived and saved) only when a city is first looked up.
    """
    version = package_version()
    zips_path, cities_path = cache_paths(cache_dir, version) if cache_dir else (None, None)
    zip_rows = _read_json(zips_path)
    full_rows: list[ZipRow] | None = None
    if not _valid_zip_rows(zip_rows):
        full_rows = _zip_rows_from_package()
        zip_rows = [row[:7] for row in full_rows]
        if zips_path is not None:
            _write_json(zips_path, zip_rows)
            keep = {path.name for path in (zips_path, cities_path) if path is not None}
            _remove_stale_files(zips_path.parent, keep=keep)

    def load_city_rows() -> dict[str, list[CityRow]]:
        cached = _read_json(cities_path)
        if _valid_city_rows(cached):
            return cached  # type: ignore[return-value]
        cities, aliases = derive_city_rows(full_rows or _zip_rows_from_package())
        city_rows = {"cities": cities, "aliases": aliases}
        if cities_path is not None:
            _write_json(cities_path, city_rows)
        return city_rows

    return Gazetteer(zip_rows, load_city_rows, version)  # type: ignore[arg-type]


def prepare(cache_dir: Path) -> list[Path]:
    """Build and save the whole index now (e.g. at install time); returns the files."""
    zips_path, cities_path = cache_paths(cache_dir, package_version())
    data = build(cache_dir)
    data.cities  # noqa: B018 - reading it derives and saves the city rows
    return [path for path in (zips_path, cities_path) if path.exists()]


_lock = threading.Lock()
_instance: Gazetteer | None = None


def get(cache_dir: Path | None) -> Gazetteer:
    """The process-wide gazetteer, built on first use (cache_dir only speeds up that build)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = build(cache_dir)
    return _instance
