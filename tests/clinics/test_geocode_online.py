"""Online geocoding (opt-in) against a real local HTTP server speaking Nominatim's format,
and the fallback to offline data when the service is unreachable. No internet needed."""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.extra.rate_limiter import RateLimiter

import clinics.geocode as geo
from clinics.geocode.config import GeocodeSettings
from clinics.geocode.online import FallbackGeocoder

pytestmark = pytest.mark.integration

USER_AGENT = "clinics-tests/1.0"

FANNIN = {
    "place_id": 1,
    "lat": "29.7069",
    "lon": "-95.3979",
    "display_name": "6560, Fannin Street, Texas Medical Center, Houston, Harris County, Texas, 77030, United States",
    "class": "building",
    "type": "yes",
    "addresstype": "building",
    "address": {
        "house_number": "6560",
        "road": "Fannin Street",
        "city": "Houston",
        "state": "Texas",
        "ISO3166-2-lvl4": "US-TX",
        "postcode": "77030",
        "country": "United States",
        "country_code": "us",
    },
}
SPRINGFIELDS = [
    {
        "place_id": 2,
        "lat": "39.7990",
        "lon": "-89.6440",
        "display_name": "Springfield, Sangamon County, Illinois, United States",
        "class": "boundary",
        "type": "administrative",
        "addresstype": "city",
        "address": {"city": "Springfield", "state": "Illinois", "ISO3166-2-lvl4": "US-IL"},
    },
    {
        "place_id": 3,
        "lat": "37.2090",
        "lon": "-93.2923",
        "display_name": "Springfield, Greene County, Missouri, United States",
        "class": "boundary",
        "type": "administrative",
        "addresstype": "city",
        "address": {"city": "Springfield", "state": "Missouri", "ISO3166-2-lvl4": "US-MO"},
    },
]
# q -> (HTTP status, body)
ANSWERS = {
    "6560 fannin st, houston, tx": (200, [FANNIN]),
    "springfield": (200, SPRINGFIELDS),
    "sugar land, tx": (200, []),
    "broken": (500, {"error": "internal"}),
}


class NominatimLike(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def do_GET(self):
        url = urlparse(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        type(self).requests.append(
            {"path": url.path, "params": params, "agent": self.headers.get("User-Agent")}
        )
        if url.path == "/reverse":
            status, body = 200, FANNIN
        else:
            status, body = ANSWERS.get(params.get("q", "").lower(), (200, []))
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nominatim_like():
    server = ThreadingHTTPServer(("127.0.0.1", 0), NominatimLike)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def served(nominatim_like):
    NominatimLike.requests = []
    return NominatimLike.requests


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def settings_for(domain: str, tmp_path, **extra) -> GeocodeSettings:
    values = {
        "service": "nominatim",
        "user_agent": USER_AGENT,
        "domain": domain,
        "scheme": "http",
        "timeout_s": 5.0,
        "min_delay_s": 0.0,
        "index_dir": tmp_path / "index",
        "online_cache_file": tmp_path / "online-cache.sqlite3",
    }
    values.update(extra)
    return GeocodeSettings(**values)


# -- a reachable service -------------------------------------------------------------------


def test_online_answer_carries_precision_source_and_provider_raw(nominatim_like, served, tmp_path):
    geocoder = geo.get_geocoder(settings_for(nominatim_like, tmp_path))
    location = geocoder.geocode("6560 Fannin St, Houston, TX")
    assert location.address == FANNIN["display_name"]
    assert (location.latitude, location.longitude) == (29.7069, -95.3979)
    raw = location.raw
    assert raw["precision"] == "address"
    assert raw["approximate"] is False
    assert raw["source"] == "nominatim"
    assert (raw["postal_code"], raw["city"], raw["state"]) == ("77030", "Houston", "TX")
    assert raw["provider"]["place_id"] == 1


def test_requests_carry_the_user_agent_and_stay_in_the_us(nominatim_like, served, tmp_path):
    geo.get_geocoder(settings_for(nominatim_like, tmp_path)).geocode("6560 Fannin St, Houston, TX")
    (request,) = served
    assert request["agent"] == USER_AGENT
    assert request["params"]["countrycodes"] == "us"


def test_answers_are_cached_on_disk_across_geocoders(nominatim_like, served, tmp_path):
    settings = settings_for(nominatim_like, tmp_path)
    first = geo.get_geocoder(settings).geocode("6560 Fannin St, Houston, TX")
    second = geo.get_geocoder(settings).geocode("6560 fannin st, houston, tx")  # a new geocoder
    assert len(served) == 1
    assert second.raw == first.raw
    assert settings.online_cache_file.exists()


def test_several_online_answers_are_ambiguous(nominatim_like, served, tmp_path):
    geocoder = geo.get_geocoder(settings_for(nominatim_like, tmp_path))
    locations = geocoder.geocode("Springfield", exactly_one=False)
    assert [loc.raw["state"] for loc in locations] == ["IL", "MO"]
    assert all(loc.raw["ambiguous"] for loc in locations)
    assert locations[0].raw["precision"] == "city"
    assert geocoder.geocode("Springfield").raw["candidates"] == [loc.address for loc in locations]


def test_nothing_found_online_falls_back_to_offline_data(nominatim_like, served, tmp_path):
    location = geo.get_geocoder(settings_for(nominatim_like, tmp_path)).geocode("Sugar Land, TX")
    assert location.address == "Sugar Land, TX"
    assert location.raw["source"] == "zipcodes"
    assert "online service found nothing" in location.raw["note"]


def test_a_server_error_falls_back_to_offline_data(nominatim_like, served, tmp_path, caplog):
    geocoder = geo.get_geocoder(settings_for(nominatim_like, tmp_path))
    with caplog.at_level(logging.WARNING, logger="clinics.geocode.online"):
        assert geocoder.geocode("broken") is None  # offline has no "broken" either
    assert "nominatim failed" in caplog.text


def test_reverse_online(nominatim_like, served, tmp_path):
    location = geo.get_geocoder(settings_for(nominatim_like, tmp_path)).reverse((29.7069, -95.3979))
    assert location.raw["postal_code"] == "77030"
    assert served[0]["path"] == "/reverse"


def test_junk_and_coordinates_never_reach_the_network(nominatim_like, served, tmp_path):
    geocoder = geo.get_geocoder(settings_for(nominatim_like, tmp_path))
    assert geocoder.geocode("") is None
    assert geocoder.geocode("<b>x</b>") is None
    assert geocoder.geocode("29.7, -95.4").raw["precision"] == "point"
    assert served == []


def test_calls_are_rate_limited_as_configured(nominatim_like, tmp_path):
    geocoder = geo.get_geocoder(settings_for(nominatim_like, tmp_path, min_delay_s=1.0))
    assert isinstance(geocoder, FallbackGeocoder)
    assert isinstance(geocoder._geocode, RateLimiter)
    assert geocoder._geocode.min_delay_seconds == 1.0
    assert geocoder._reverse.min_delay_seconds == 1.0


# -- an unreachable service ----------------------------------------------------------------


def test_unreachable_service_falls_back_to_offline_with_a_warning(closed_port, tmp_path, caplog):
    geocoder = geo.get_geocoder(settings_for(f"127.0.0.1:{closed_port}", tmp_path))
    with caplog.at_level(logging.WARNING, logger="clinics.geocode.online"):
        location = geocoder.geocode("Sugar Land, TX")
    assert location.address == "Sugar Land, TX"
    assert location.raw["source"] == "zipcodes"
    assert "unreachable" in location.raw["note"]
    assert "using offline data" in caplog.text
    # The service is paused after a failure: later queries go straight to offline data.
    assert "paused" in geocoder.geocode("77030").raw["note"]
    assert geocoder.reverse((29.706, -95.4)).raw["postal_code"] == "77030"


def test_entry_point_falls_back_when_online_is_configured_but_unreachable(closed_port, tmp_path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLINICS_GEOCODER", "nominatim")
        patch.setenv("CLINICS_GEOCODER_DOMAIN", f"127.0.0.1:{closed_port}")
        patch.setenv("CLINICS_GEOCODER_SCHEME", "http")
        patch.setenv("CLINICS_GEOCODER_MIN_DELAY", "0")
        patch.setenv("CLINICS_GEOCODE_DIR", str(tmp_path))
        geo.reset()
        try:
            assert isinstance(geo.get_geocoder(), FallbackGeocoder)
            match = geo.geocode("Washington, IN")
            assert (match.matched_name, match.source) == ("Washington, IN", "zipcodes")
            assert "offline data used" in match.note
            assert geo.reverse(29.706, -95.4).postal_code == "77030"
            assert geo.geocode("") is None
            assert geo.lookup("Huston, TX").suggestions[0] == "Houston, TX"
        finally:
            geo.reset()
    geo.reset()


def test_a_bad_online_setting_is_a_clear_error_not_a_crash(tmp_path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLINICS_GEOCODER", "no-such-service")
        patch.setenv("CLINICS_GEOCODE_DIR", str(tmp_path))
        geo.reset()
        try:
            found = geo.lookup("77030")
            assert found.best is None
            assert "no-such-service" in found.reason
        finally:
            geo.reset()
