"""Settings of the Streamlit app, read from the environment (documented in docs/ui.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_PORT = 8501
DEFAULT_ALIAS = "providers"
DEFAULT_REPORTS_INDEX = "provider-reports"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_int(name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(_env(name, str(default)))
    except ValueError:
        return default
    return max(low, min(high, value))


@dataclass(frozen=True)
class UiSettings:
    index_alias: str
    page_size: int
    default_radius_mi: float
    tile_url: str | None  # raster tiles under the bundled outline, only when set and reachable
    status_ttl_s: int
    reports_index: str


def load() -> UiSettings:
    try:
        radius = float(_env("CLINICS_UI_DEFAULT_RADIUS_MI", "15"))
    except ValueError:
        radius = 15.0
    return UiSettings(
        index_alias=_env("CLINICS_INDEX_ALIAS", DEFAULT_ALIAS),
        page_size=_env_int("CLINICS_UI_PAGE_SIZE", 10, 1, 50),
        default_radius_mi=radius if 0 < radius <= 500 else 15.0,
        tile_url=os.environ.get("CLINICS_UI_TILE_URL", "").strip() or None,
        status_ttl_s=_env_int("CLINICS_UI_STATUS_TTL", 60, 0, 3600),
        reports_index=_env("CLINICS_REPORTS_INDEX", DEFAULT_REPORTS_INDEX),
    )
