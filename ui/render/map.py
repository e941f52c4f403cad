"""The results map: points and the search centre over a bundled outline, tiles when set.

The outline (ui/basemap/outline.geojson) ships with the app, so the map still shows where
things are when no tile server can be reached. Map tiles are drawn under it only when
CLINICS_UI_TILE_URL is set and the server answers.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import pydeck as pdk

from clinics import fields as F
from indexer import fields as doc
from search.types import Hit, ResolvedLocation
from ui import formatting

OUTLINE_FILE = Path(__file__).resolve().parent.parent / "basemap" / "outline.geojson"
RESULT_COLOUR = [124, 58, 237, 230]
CENTRE_COLOUR = [220, 38, 38, 255]
RADIUS_COLOUR = [220, 38, 38, 160]
OUTLINE_COLOUR = [100, 116, 139, 255]
METRES_PER_MILE = 1609.344


@lru_cache(maxsize=1)
def outline() -> dict:
    return json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))


def _lines(data: dict) -> dict:
    return {**data, "features": [f for f in data["features"] if f["properties"]["kind"] != "place"]}


def _places(data: dict) -> list[dict]:
    return [
        {"name": f["properties"]["name"], "position": f["geometry"]["coordinates"]}
        for f in data["features"]
        if f["properties"]["kind"] == "place"
    ]


@lru_cache(maxsize=1)
def outline_layers() -> tuple[pdk.Layer, pdk.Layer]:
    """The bundled outline and its place names: the same on every map, so built once per
    process (pydeck serialises a layer without changing it)."""
    data = outline()
    lines = pdk.Layer(
        "GeoJsonLayer",
        data=_lines(data),
        id="outline",
        stroked=True,
        filled=False,
        get_line_color=OUTLINE_COLOUR,
        line_width_min_pixels=1.5,
    )
    places = pdk.Layer(
        "TextLayer",
        data=_places(data),
        id="places",
        get_position="position",
        get_text="name",
        get_size=13,
        get_color=[71, 85, 105, 255],
        get_alignment_baseline="'top'",
        get_pixel_offset=[0, 6],
    )
    return lines, places


@lru_cache(maxsize=8)
def tiles_reachable(url_template: str) -> bool:
    """One quick request for a world tile; cached for the life of the process."""
    from urllib.request import Request, urlopen

    probe = url_template.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0")
    try:
        with urlopen(Request(probe, method="GET"), timeout=2) as answer:
            return 200 <= answer.status < 300
    except Exception:
        return False


def circle_path(lat: float, lon: float, radius_mi: float, steps: int = 72) -> list[list[float]]:
    """A closed ring of points radius_mi from the centre (spherical Earth; fine for a map)."""
    earth_mi = 3958.8
    angular = radius_mi / earth_mi
    lat1, lon1 = math.radians(lat), math.radians(lon)
    ring = []
    for step in range(steps + 1):
        bearing = 2 * math.pi * step / steps
        lat2 = math.asin(
            math.sin(lat1) * math.cos(angular)
            + math.cos(lat1) * math.sin(angular) * math.cos(bearing)
        )
        lon2 = lon1 + math.atan2(
            math.sin(bearing) * math.sin(angular) * math.cos(lat1),
            math.cos(angular) - math.sin(lat1) * math.sin(lat2),
        )
        ring.append([round(math.degrees(lon2), 5), round(math.degrees(lat2), 5)])
    return ring


def zoom_for(radius_mi: float, lat: float, diameter_px: float = 300) -> float:
    """The zoom at which the search circle is about diameter_px across (deck.gl: 512 px tiles)."""
    metres_per_pixel_at_zoom_0 = 78_271.5 * max(math.cos(math.radians(lat)), 0.1)
    wanted = 2 * max(radius_mi, 0.5) * METRES_PER_MILE / diameter_px
    return max(2.0, min(15.0, math.log2(metres_per_pixel_at_zoom_0 / wanted)))


def points(hits: tuple[Hit, ...]) -> list[dict]:
    rows = []
    for number, hit in enumerate(hits, start=1):
        where = hit.document.get(doc.LOCATION) or {}
        lat, lon = where.get("lat"), where.get("lon")
        if lat is None or lon is None:
            lat, lon = hit.document.get(F.LATITUDE), hit.document.get(F.LONGITUDE)
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            continue
        rows.append(
            {
                "position": [float(lon), float(lat)],
                "label": str(number),
                # deck.gl shows tooltip text as text, never as HTML
                "tip": f"{number}. {hit.name} {formatting.distance(hit.distance_mi)}".strip(),
            }
        )
    return rows


def build_deck(
    hits: tuple[Hit, ...],
    centre: ResolvedLocation | None,
    radius_mi: float,
    tile_url: str | None = None,
) -> pdk.Deck:
    layers: list[pdk.Layer] = []
    if tile_url and tiles_reachable(tile_url):
        layers.append(
            pdk.Layer(
                "TileLayer",
                data=tile_url,
                min_zoom=0,
                max_zoom=19,
                tile_size=256,
                id="tiles",
            )
        )
    layers.extend(outline_layers())
    rows = points(hits)
    if centre is not None:
        circle = [{"position": [centre.lon, centre.lat], "tip": "Search centre"}]
        ring = [{"path": circle_path(centre.lat, centre.lon, radius_mi), "tip": "Search radius"}]
        layers.append(
            pdk.Layer(
                "PathLayer",
                data=ring,
                id="radius",
                get_path="path",
                get_color=RADIUS_COLOUR,
                get_width=2,
                width_units="'pixels'",
            )
        )
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=circle,
                id="centre",
                get_position="position",
                get_fill_color=CENTRE_COLOUR,
                get_radius=6,
                radius_units="'pixels'",
                pickable=True,
            )
        )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            data=rows,
            id="results",
            get_position="position",
            get_fill_color=RESULT_COLOUR,
            get_line_color=[255, 255, 255, 255],
            stroked=True,
            line_width_min_pixels=1,
            get_radius=9,
            radius_units="'pixels'",
            pickable=True,
        )
    )
    layers.append(
        pdk.Layer(
            "TextLayer",
            data=rows,
            id="numbers",
            get_position="position",
            get_text="label",
            get_size=11,
            get_color=[255, 255, 255, 255],
        )
    )
    if centre is not None:
        lat, lon, zoom = centre.lat, centre.lon, zoom_for(radius_mi, centre.lat)
    elif rows:
        lat = sum(r["position"][1] for r in rows) / len(rows)
        lon = sum(r["position"][0] for r in rows) / len(rows)
        zoom = 9.0
    else:
        lat, lon, zoom = 39.0, -96.0, 3.0
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom),
        map_style=None,
        map_provider=None,
        tooltip={"text": "{tip}"},
    )
