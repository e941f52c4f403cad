"""Settings from the environment, with embedded defaults that work on a fresh machine.

Every setting read from the environment anywhere in the code has a row in a settings table
of README.md or docs/ (tests/unit/test_docs.py checks that). `env` is the one reader of a
setting with a default; the parts' settings modules use it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """The setting's value with surrounding spaces removed; the default when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    es_url: str
    es_username: str | None
    es_password: str | None
    data_dir: Path
    engine_home: Path
    engine_heap: str
    engine_start_timeout_s: float
    java_home: str | None

    @property
    def es_port(self) -> int:
        return urlparse(self.es_url).port or 9200

    @property
    def es_host(self) -> str:
        return urlparse(self.es_url).hostname or "127.0.0.1"


def load() -> Settings:
    data_dir = Path(env("CLINICS_DATA_DIR", str(REPO_ROOT / "data")))
    return Settings(
        es_url=env("ES_URL", "http://127.0.0.1:9200").rstrip("/"),
        es_username=os.environ.get("ES_USERNAME") or None,
        es_password=os.environ.get("ES_PASSWORD") or None,
        data_dir=data_dir,
        engine_home=Path(env("CLINICS_ENGINE_HOME", str(data_dir / "engine"))),
        engine_heap=env("CLINICS_ENGINE_HEAP", "2g"),
        engine_start_timeout_s=float(env("CLINICS_ENGINE_START_TIMEOUT", "180")),
        java_home=os.environ.get("CLINICS_JAVA_HOME") or None,
    )
