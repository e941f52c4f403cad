"""Geocoding settings, read from the environment (documented in docs/geocoding.md)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinics.settings import env

OFFLINE = "offline"
DEFAULT_ONLINE_SERVICE = "nominatim"
DEFAULT_USER_AGENT = "clinics-directory/0.1 (open-source clinic directory)"
# Words that switch online geocoding on with the default service.
_ONLINE_WORDS = frozenset({"online", "on", "true", "yes", "1"})
_OFFLINE_WORDS = frozenset({"", OFFLINE, "off", "false", "no", "0", "none"})


@dataclass(frozen=True)
class GeocodeSettings:
    service: str = OFFLINE
    user_agent: str = DEFAULT_USER_AGENT
    domain: str | None = None
    scheme: str | None = None
    timeout_s: float = 10.0
    min_delay_s: float = 1.0
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    index_dir: Path | None = None
    online_cache_file: Path | None = None

    @property
    def online(self) -> bool:
        return self.service != OFFLINE


def service_name(raw: str) -> str:
    word = raw.strip().lower()
    if word in _OFFLINE_WORDS:
        return OFFLINE
    if word in _ONLINE_WORDS:
        return DEFAULT_ONLINE_SERVICE
    return word


def load() -> GeocodeSettings:
    """Settings from the environment; a bad value raises ValueError naming the variable."""
    from clinics import settings

    geo_dir = Path(env("CLINICS_GEOCODE_DIR", str(settings.load().data_dir / "geocode")))
    options_text = env("CLINICS_GEOCODER_OPTIONS", "{}")
    try:
        options = json.loads(options_text)
    except ValueError as exc:
        raise ValueError(f"CLINICS_GEOCODER_OPTIONS is not JSON: {exc}") from None
    if not isinstance(options, dict):
        raise ValueError("CLINICS_GEOCODER_OPTIONS must be a JSON object")
    return GeocodeSettings(
        service=service_name(os.environ.get("CLINICS_GEOCODER", "")),
        user_agent=env("CLINICS_GEOCODER_USER_AGENT", DEFAULT_USER_AGENT),
        domain=os.environ.get("CLINICS_GEOCODER_DOMAIN", "").strip() or None,
        scheme=os.environ.get("CLINICS_GEOCODER_SCHEME", "").strip() or None,
        timeout_s=_float("CLINICS_GEOCODER_TIMEOUT", 10.0),
        min_delay_s=_float("CLINICS_GEOCODER_MIN_DELAY", 1.0),
        options=options,
        index_dir=geo_dir,
        online_cache_file=Path(
            env("CLINICS_GEOCODE_ONLINE_CACHE", str(geo_dir / "online-cache.sqlite3"))
        ),
    )


def _float(name: str, default: float) -> float:
    text = env(name, str(default))
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {text!r}") from None
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {text!r}")
    return value
