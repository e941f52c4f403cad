"""The one geocoding entry point: geocode(), reverse(), suggest(), lookup(), get_geocoder().

Offline (the default) calls go straight to the resolver, without importing geopy's
network stack; online calls go through the configured geopy geocoder, which falls back
to the offline data on failure. Nothing here raises for bad input.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from clinics.geocode import config
from clinics.geocode.match import GeoMatch
from clinics.geocode.resolver import Lookup, OfflineResolver

if TYPE_CHECKING:
    from geopy.geocoders.base import Geocoder

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_settings: config.GeocodeSettings | None = None
_geocoder: Geocoder | None = None
_resolver: OfflineResolver | None = None
# Set once settings are read and say offline: geocode() then goes straight to it.
_offline_only: OfflineResolver | None = None


def current_settings() -> config.GeocodeSettings:
    global _settings, _offline_only
    if _settings is None:
        with _lock:
            if _settings is None:
                loaded = config.load()
                if not loaded.online:
                    _offline_only = OfflineResolver(loaded.index_dir)
                _settings = loaded
    return _settings


def reset() -> None:
    """Forget settings and geocoders, so the next call reads the environment again."""
    global _settings, _geocoder, _resolver, _offline_only
    with _lock:
        _settings = None
        _geocoder = None
        _resolver = None
        _offline_only = None


def offline_resolver(settings: config.GeocodeSettings | None = None) -> OfflineResolver:
    global _resolver
    settings = settings or current_settings()
    if _offline_only is not None and _offline_only.cache_dir == settings.index_dir:
        return _offline_only
    resolver = _resolver
    if resolver is None or resolver.cache_dir != settings.index_dir:
        resolver = _resolver = OfflineResolver(settings.index_dir)
    return resolver


def get_geocoder(settings: config.GeocodeSettings | None = None) -> Geocoder:
    """The configured geopy Geocoder: OfflineGeocoder, or an online one with offline fallback.

    Without arguments the geocoder is built once per process from the environment.
    """
    global _geocoder
    if settings is not None:
        return _build_geocoder(settings)
    if _geocoder is None:
        built = _build_geocoder(current_settings())
        with _lock:
            if _geocoder is None:
                _geocoder = built
    return _geocoder


def _build_geocoder(settings: config.GeocodeSettings) -> Geocoder:
    from clinics.geocode.offline import OfflineGeocoder

    offline = OfflineGeocoder(index_dir=settings.index_dir, user_agent=settings.user_agent)
    if not settings.online:
        return offline
    from clinics.geocode.online import build_online_geocoder

    return build_online_geocoder(settings, offline)


# Bad input gives no match, never an exception (the resolvers check it; the online
# service's own failures are caught in clinics.geocode.online), and a bad setting is said
# in the answer (ValueError: an unknown service, options that are not JSON). Anything else
# that goes wrong is a bug and raises: the callers that must go on regardless guard once,
# at their edge (clinics.enrich for records, search.service for a search).


def lookup(text: object) -> Lookup:
    """Every match for text, best first, or the reason nothing matched and suggestions."""
    try:
        settings = current_settings()
        geocoder = get_geocoder() if settings.online else None
    except ValueError as exc:  # a bad setting
        logger.warning("geocoding is not set up right: %s", exc)
        return Lookup(reason=f"geocoding failed: {exc}")
    if geocoder is None:
        return offline_resolver(settings).lookup(text)
    from clinics.geocode.online import lookup_online

    return lookup_online(geocoder, text, offline_resolver(settings))


def geocode(text: str) -> GeoMatch | None:
    """The most likely place for text, or None. Never raises for bad input."""
    resolver = _offline_only
    if resolver is None:
        return lookup(text).best
    return resolver.lookup(text).best  # the offline hot path: no settings checks per call


def reverse(lat: float, lon: float) -> GeoMatch | None:
    """The nearest ZIP (with its city) to a point, or None when nothing is near."""
    try:
        settings = current_settings()
        geocoder = get_geocoder() if settings.online else None
    except ValueError as exc:  # a bad setting
        logger.warning("geocoding is not set up right: %s", exc)
        return None
    if geocoder is None:
        return offline_resolver(settings).reverse(lat, lon)
    from clinics.geocode.online import reverse_online

    return reverse_online(geocoder, lat, lon)


def suggest(text: str, limit: int = 5) -> list[str]:
    """Place names the person may have meant ("Houston, TX" for "Huston, TX")."""
    return offline_resolver().suggest(text, limit=limit)
