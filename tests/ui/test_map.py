"""The results map: the bundled outline always, tiles only when a tile server answers,
numbered points for the hits that have a position, and the search circle."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest
from geopy.distance import geodesic

from search.types import Hit, ResolvedLocation
from ui.render import map as result_map

CENTRE = ResolvedLocation(
    lat=29.7065, lon=-95.399, precision="zip", matched_name="Houston, TX 77030", approximate=True
)
OFFLINE_LAYERS = ["outline", "places", "radius", "centre", "results", "numbers"]


def hit(name: str, document: dict) -> Hit:
    return Hit(doc_id=name, name=name, distance_mi=1.25, document=document, sources=())


HITS = (
    hit("Near", {"location": {"lat": 29.71, "lon": -95.40}}),
    hit("No position", {}),
    hit("Record fields only", {"latitude": 29.75, "longitude": -95.36}),
    hit("<b>Bold</b>", {"location": {"lat": 29.72, "lon": "not a number"}}),
)


def layer_ids(deck) -> list[str]:
    return [layer.id for layer in deck.layers]


@pytest.mark.unit
def test_points_skip_hits_without_a_usable_position_and_keep_their_numbers():
    rows = result_map.points(HITS)
    assert [row["label"] for row in rows] == ["1", "3"]
    assert rows[0]["position"] == [-95.40, 29.71]
    assert rows[1]["tip"] == "3. Record fields only 1.2 mi"


@pytest.mark.unit
@pytest.mark.parametrize("radius_mi", [1, 15, 100])
def test_the_circle_lies_at_the_radius(radius_mi):
    ring = result_map.circle_path(CENTRE.lat, CENTRE.lon, radius_mi)
    assert ring[0] == ring[-1]
    for lon, lat in ring:
        miles = geodesic((CENTRE.lat, CENTRE.lon), (lat, lon)).miles
        assert miles == pytest.approx(radius_mi, rel=0.01)


@pytest.mark.unit
def test_without_a_tile_url_the_map_is_the_outline_and_the_results():
    deck = result_map.build_deck(HITS, CENTRE, 15)
    assert layer_ids(deck) == OFFLINE_LAYERS
    assert deck.initial_view_state.latitude == CENTRE.lat
    assert result_map.outline()["features"], "the bundled outline is not empty"


@pytest.mark.unit
def test_with_no_centre_and_no_hits_the_map_shows_the_country():
    deck = result_map.build_deck((), None, 15)
    assert layer_ids(deck) == ["outline", "places", "results", "numbers"]
    assert (deck.initial_view_state.latitude, deck.initial_view_state.zoom) == (39.0, 3.0)


class TileHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # a 1x1 "tile" for any path
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"\x89PNG\r\n\x1a\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def tile_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TileHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.integration
def test_tiles_are_added_under_the_outline_only_when_the_tile_server_answers(tile_server):
    reachable = f"{tile_server}/tiles/{{z}}/{{x}}/{{y}}.png"
    unreachable = f"http://127.0.0.1:{closed_port()}/{{z}}/{{x}}/{{y}}.png"
    assert layer_ids(result_map.build_deck(HITS, CENTRE, 15, reachable)) == [
        "tiles",
        *OFFLINE_LAYERS,
    ]
    assert layer_ids(result_map.build_deck(HITS, CENTRE, 15, unreachable)) == OFFLINE_LAYERS
