"""Settings of the Streamlit app, read from the environment (documented in docs/ui.md)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from clinics.settings import env
from indexer.load_settings import default_alias, reports_index

DEFAULT_PORT = 8501
MAINTAINER_TOKEN_ENV = "CLINICS_MAINTAINER_TOKEN"
MIN_MAINTAINER_TOKEN_CHARS = 16


def _env_int(name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(env(name, str(default)))
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
    # The maintainer page exists only when the operator sets a token (docs/security.md).
    maintainer_token: str | None = field(default=None, repr=False)


def _maintainer_token() -> str | None:
    """CLINICS_MAINTAINER_TOKEN, or None (no maintainer page) when unset or too short."""
    token = os.environ.get(MAINTAINER_TOKEN_ENV, "").strip()
    if not token:
        return None
    if len(token) < MIN_MAINTAINER_TOKEN_CHARS:
        logging.getLogger("clinics.ui").warning(
            "%s is shorter than %d characters; the maintainer page stays off",
            MAINTAINER_TOKEN_ENV,
            MIN_MAINTAINER_TOKEN_CHARS,
        )
        return None
    return token


def load() -> UiSettings:
    try:
        radius = float(env("CLINICS_UI_DEFAULT_RADIUS_MI", "15"))
    except ValueError:
        radius = 15.0
    return UiSettings(
        index_alias=default_alias(),
        page_size=_env_int("CLINICS_UI_PAGE_SIZE", 10, 1, 50),
        default_radius_mi=radius if 0 < radius <= 500 else 15.0,
        tile_url=os.environ.get("CLINICS_UI_TILE_URL", "").strip() or None,
        status_ttl_s=_env_int("CLINICS_UI_STATUS_TTL", 60, 0, 3600),
        reports_index=reports_index(),
        maintainer_token=_maintainer_token(),
    )
