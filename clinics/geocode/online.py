"""Online geocoders (opt-in): rate limited, cached on disk, falling back to offline data."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from clinics.geocode import query
from clinics.geocode.config import GeocodeSettings
from clinics.geocode.match import (
    PRECISION_ADDRESS,
    PRECISION_CITY,
    PRECISION_ZIP,
    GeoMatch,
)
from clinics.geocode.offline import OfflineGeocoder, structured_query_text, to_location
from clinics.geocode.resolver import Lookup, OfflineResolver
from clinics.geocode.states import state_code

logger = logging.getLogger(__name__)

# After a network failure, stay offline this long before trying the service again.
OFFLINE_PAUSE_S = 60.0
FAILURES = (GeopyError, OSError, ValueError, TypeError)

# Extra arguments for services that understand them: US only, with address parts.
_SERVICE_OPTIONS: dict[str, dict[str, Any]] = {
    "nominatim": {"country_codes": "us", "addressdetails": True},
}
_CITY_TYPES = frozenset(
    {"city", "town", "village", "hamlet", "municipality", "suburb", "neighbourhood", "quarter"}
)
_AREA_TYPES = frozenset({"county", "state", "region", "country"})
_STREET_TYPES = frozenset({"road", "street"})


def build_online_geocoder(settings: GeocodeSettings, offline: OfflineGeocoder) -> FallbackGeocoder:
    """The geopy geocoder named by settings.service, wrapped with cache and fallback."""
    from clinics.geocode.online_cache import OnlineCache

    service_class = get_geocoder_for_service(settings.service)
    kwargs: dict[str, Any] = {"user_agent": settings.user_agent, "timeout": settings.timeout_s}
    if settings.domain:
        kwargs["domain"] = settings.domain
    if settings.scheme:
        kwargs["scheme"] = settings.scheme
    kwargs.update(settings.options)
    online = service_class(**kwargs)
    return FallbackGeocoder(
        online,
        offline,
        OnlineCache(settings.online_cache_file),
        service=settings.service,
        min_delay_s=settings.min_delay_s,
    )


class FallbackGeocoder(Geocoder):
    """An online geopy geocoder behind a RateLimiter and a disk cache.

    When the service fails (network down, refused, timed out, quota) or finds nothing, the
    offline geocoder answers instead; a failure logs one warning and pauses the service
    for OFFLINE_PAUSE_S so a dead network does not slow every query. The Location's raw dict
    then carries a note saying so.
    """

    def __init__(
        self,
        online: Geocoder,
        offline: OfflineGeocoder,
        cache,
        *,
        service: str,
        min_delay_s: float = 1.0,
    ):
        super().__init__(user_agent=online.headers.get("User-Agent"))
        self.online = online
        self.offline = offline
        self.cache = cache
        self.service = service
        self._options = _SERVICE_OPTIONS.get(service, {})
        self._geocode = RateLimiter(
            online.geocode, min_delay_seconds=min_delay_s, max_retries=0, swallow_exceptions=False
        )
        self._reverse = RateLimiter(
            online.reverse, min_delay_seconds=min_delay_s, max_retries=0, swallow_exceptions=False
        )
        self._paused_until = 0.0
        self._pause_lock = threading.Lock()

    # -- forward ---------------------------------------------------------------------------

    def geocode(self, query_text, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        if isinstance(query_text, Mapping):
            query_text = structured_query_text(query_text)
        try:
            text = query.clean(query_text)
            if query.parse_coordinates(text) is not None:
                return self.offline.geocode(text, exactly_one=exactly_one)
        except query.BadQuery:
            return None
        key = f"geocode|{self.service}|{text.lower()}"
        cached, payload = self.cache.get(key)
        if not cached:
            if self._paused():
                return self._fallback(text, exactly_one, "service paused after a recent failure")
            try:
                found = self._geocode(text, exactly_one=False, **self._options)
            except FAILURES as exc:
                self._pause(exc)
                return self._fallback(text, exactly_one, _failure(exc))
            payload = [_payload(location) for location in _as_list(found)]
            self.cache.put(key, payload)
        if not payload:
            return self._fallback(text, exactly_one, "online service found nothing")
        locations = _annotated(payload, self.service)
        return locations[0] if exactly_one else locations

    def _fallback(self, text: str, exactly_one: bool, why: str):
        logger.debug("online geocoder %s: %s; using offline data", self.service, why)
        note = f"{self.service}: {why}; offline data used"
        found = self.offline.geocode(text, exactly_one=False)
        if not found:
            return None
        locations = [_with_note(location, note) for location in found]
        return locations[0] if exactly_one else locations

    # -- reverse ---------------------------------------------------------------------------

    def reverse(self, query_point, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        try:
            point = query_point if isinstance(query_point, Point) else Point(query_point)
        except (TypeError, ValueError):
            return None
        key = f"reverse|{self.service}|{point.latitude:.5f},{point.longitude:.5f}"
        cached, payload = self.cache.get(key)
        if not cached:
            if self._paused():
                return self._reverse_fallback(point, exactly_one, "service paused")
            try:
                found = self._reverse(point, exactly_one=True, **_reverse_options(self.service))
            except FAILURES as exc:
                self._pause(exc)
                return self._reverse_fallback(point, exactly_one, _failure(exc))
            payload = [_payload(location) for location in _as_list(found)]
            self.cache.put(key, payload)
        if not payload:
            return self._reverse_fallback(point, exactly_one, "online service found nothing")
        locations = _annotated(payload, self.service)
        return locations[0] if exactly_one else locations

    def _reverse_fallback(self, point: Point, exactly_one: bool, why: str):
        logger.debug("online geocoder %s: %s; using offline data", self.service, why)
        location = self.offline.reverse(point, exactly_one=True)
        if location is None:
            return None
        location = _with_note(location, f"{self.service}: {why}; offline data used")
        return location if exactly_one else [location]

    # -- failure pause ---------------------------------------------------------------------

    def _paused(self) -> bool:
        return time.monotonic() < self._paused_until

    def _pause(self, exc: Exception) -> None:
        with self._pause_lock:
            self._paused_until = time.monotonic() + OFFLINE_PAUSE_S
        logger.warning(
            "online geocoder %s failed (%s); using offline data for the next %.0f s",
            self.service,
            exc,
            OFFLINE_PAUSE_S,
        )


def _failure(exc: Exception) -> str:
    return f"unreachable ({type(exc).__name__})"


def _as_list(found) -> list[Location]:
    if found is None:
        return []
    return list(found) if isinstance(found, list | tuple) else [found]


def _payload(location: Location) -> dict[str, Any]:
    return {
        "address": location.address,
        "lat": location.latitude,
        "lon": location.longitude,
        "raw": location.raw,
    }


def _annotated(payload: list[dict[str, Any]], service: str) -> list[Location]:
    """Locations whose raw is a GeoMatch dict (with the provider's own raw under 'provider')."""
    names = tuple(dict.fromkeys(item["address"] for item in payload))
    ambiguous = len(names) > 1
    locations = []
    for item in payload:
        match = match_from_provider(item, service, ambiguous=ambiguous, candidates=names)
        raw = match.as_dict()
        raw["provider"] = item.get("raw")
        locations.append(Location(match.matched_name, (match.lat, match.lon), raw))
    return locations


def match_from_provider(
    item: Mapping[str, Any],
    service: str,
    *,
    ambiguous: bool = False,
    candidates: tuple[str, ...] = (),
) -> GeoMatch:
    raw: Mapping[str, Any] = item["raw"] if isinstance(item.get("raw"), Mapping) else {}
    precision, approximate = _provider_precision(raw)
    address: Mapping[str, Any] = raw["address"] if isinstance(raw.get("address"), Mapping) else {}
    iso = str(address.get("ISO3166-2-lvl4", ""))
    state = iso[3:] if iso.startswith("US-") else state_code(str(address.get("state", "")))
    city = address.get("city") or address.get("town") or address.get("village")
    return GeoMatch(
        lat=float(item["lat"]),
        lon=float(item["lon"]),
        precision=precision,
        matched_name=str(item["address"]),
        approximate=approximate,
        ambiguous=ambiguous,
        candidates=candidates if ambiguous else (),
        source=service,
        postal_code=address.get("postcode"),
        city=city,
        state=state,
    )


def _provider_precision(raw: Mapping[str, Any]) -> tuple[str, bool]:
    """(precision, approximate) from a Nominatim-style raw answer; city when unsure."""
    address: Mapping[str, Any] = raw["address"] if isinstance(raw.get("address"), Mapping) else {}
    kind = str(raw.get("addresstype") or raw.get("type") or "")
    if address.get("house_number"):
        return PRECISION_ADDRESS, False
    if kind == "postcode":
        return PRECISION_ZIP, True
    if kind in _CITY_TYPES or kind in _AREA_TYPES:
        return PRECISION_CITY, True
    if kind in _STREET_TYPES:
        return PRECISION_ADDRESS, True
    if kind in {"building", "house", "amenity", "office", "healthcare", "shop"}:
        return PRECISION_ADDRESS, False
    return PRECISION_CITY, True


def _reverse_options(service: str) -> dict[str, Any]:
    return {"addressdetails": True} if service == "nominatim" else {}


def _with_note(location: Location, note: str) -> Location:
    raw = dict(location.raw)
    raw["note"] = f"{note}; {raw['note']}" if raw.get("note") else note
    return Location(location.address, (location.latitude, location.longitude), raw)


def match_from_location(location: Location, service: str = "") -> GeoMatch:
    raw = location.raw if isinstance(location.raw, Mapping) else {}
    if "precision" in raw and "matched_name" in raw:
        return GeoMatch.from_dict({**raw, "lat": location.latitude, "lon": location.longitude})
    item = {
        "address": location.address,
        "lat": location.latitude,
        "lon": location.longitude,
        "raw": raw,
    }
    return match_from_provider(item, service)


def lookup_online(geocoder: Geocoder, text: object, resolver: OfflineResolver) -> Lookup:
    found = geocoder.geocode(text, exactly_one=False)
    if not found:
        offline = resolver.lookup(text)
        return Lookup(reason=offline.reason or "no match", suggestions=offline.suggestions)
    service = getattr(geocoder, "service", "")
    return Lookup(matches=tuple(match_from_location(loc, service) for loc in _as_list(found)))


def reverse_online(geocoder: Geocoder, lat: float, lon: float) -> GeoMatch | None:
    try:
        point = Point(float(lat), float(lon))
    except (TypeError, ValueError):
        return None
    location = geocoder.reverse(point, exactly_one=True)
    if location is None:
        return None
    return match_from_location(location, getattr(geocoder, "service", ""))


__all__ = [
    "FallbackGeocoder",
    "build_online_geocoder",
    "lookup_online",
    "match_from_location",
    "reverse_online",
    "to_location",
]
