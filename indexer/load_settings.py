"""Settings of the loader (`clinics index`), read from the environment with defaults.

Each one is documented in docs/indexer.md under "## Settings".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from clinics.settings import env
from indexer import fields as doc


@dataclass(frozen=True)
class LoadSettings:
    alias: str
    index_prefix: str
    shards: int
    replicas: int | None  # None: 1 when the cluster has 2 or more data nodes, else 0
    wait_for_active_shards: str | None  # None: every copy up to 2 (indexer.aliases.layout)
    health_timeout_s: float  # how long a new index may take to become green before a swap
    chunk_docs: int
    chunk_bytes: int
    bulk_threads: int
    retries: int
    backoff_s: float
    bucket_bytes: int
    tmp_dir: Path | None
    dead_letters: Path | None
    materialize_hsds: bool = True  # store each document's HSDS export output (api/materialized.py)


def default_alias() -> str:
    """The alias in front of the live index: CLINICS_INDEX_ALIAS, else `providers`. The
    loader loads behind it, the search, the UI and the API read it."""
    return env("CLINICS_INDEX_ALIAS", doc.ALIAS)


def reports_index() -> str:
    """The index of "report incorrect information": CLINICS_REPORTS_INDEX, else
    `provider-reports`."""
    return env("CLINICS_REPORTS_INDEX", doc.REPORTS_INDEX)


def _auto_or_int(name: str) -> int | None:
    value = env(name, "auto")
    return None if value == "auto" else int(value)


def load(alias: str | None = None, index_prefix: str | None = None) -> LoadSettings:
    """Settings from the environment; an explicit alias or prefix wins over it."""
    alias = alias or default_alias()
    prefix = index_prefix or env("CLINICS_INDEX_PREFIX", "") or f"{alias}-"
    tmp = os.environ.get("CLINICS_INDEX_TMPDIR", "").strip()
    dead = os.environ.get("CLINICS_DEAD_LETTERS", "").strip()
    return LoadSettings(
        alias=alias,
        index_prefix=prefix,
        shards=int(env("CLINICS_INDEX_SHARDS", "1")),
        replicas=_auto_or_int("CLINICS_INDEX_REPLICAS"),
        wait_for_active_shards=(
            None
            if env("CLINICS_INDEX_WAIT_FOR_ACTIVE_SHARDS", "auto") == "auto"
            else env("CLINICS_INDEX_WAIT_FOR_ACTIVE_SHARDS")
        ),
        health_timeout_s=float(env("CLINICS_INDEX_HEALTH_TIMEOUT", "120")),
        chunk_docs=int(env("CLINICS_BULK_CHUNK_DOCS", "1000")),
        chunk_bytes=int(env("CLINICS_BULK_CHUNK_BYTES", str(8 * 1024 * 1024))),
        bulk_threads=max(1, int(env("CLINICS_BULK_THREADS", "2"))),
        retries=max(0, int(env("CLINICS_ES_RETRIES", "5"))),
        backoff_s=float(env("CLINICS_ES_BACKOFF_S", "1.0")),
        bucket_bytes=int(env("CLINICS_MERGE_BUCKET_BYTES", str(4 * 1024 * 1024))),
        tmp_dir=Path(tmp) if tmp else None,
        dead_letters=Path(dead) if dead else None,
        materialize_hsds=env("CLINICS_INDEX_MATERIALIZE_HSDS", "1") != "0",
    )
