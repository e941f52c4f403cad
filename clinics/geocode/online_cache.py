"""A persistent on-disk cache of online geocoder answers (one SQLite file)."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    stored_at REAL NOT NULL
)
"""


class OnlineCache:
    """key -> JSON value. A cache that cannot be opened or written only logs and misses."""

    def __init__(self, path: Path | None):
        self.path = path
        self._lock = threading.Lock()
        self._ready = False

    def _connect(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=5)
            if not self._ready:
                connection.execute(_SCHEMA)
                connection.commit()
                self._ready = True
            return connection
        except (OSError, sqlite3.Error) as exc:
            logger.warning("geocoder cache %s unusable: %s", self.path, exc)
            return None

    def get(self, key: str) -> tuple[bool, Any]:
        """(True, value) when the key is cached, else (False, None)."""
        with self._lock:
            connection = self._connect()
            if connection is None:
                return False, None
            try:
                row = connection.execute(
                    "SELECT value FROM answers WHERE key = ?", (key,)
                ).fetchone()
            except sqlite3.Error as exc:
                logger.warning("geocoder cache read failed: %s", exc)
                return False, None
            finally:
                connection.close()
        if row is None:
            return False, None
        try:
            return True, json.loads(row[0])
        except ValueError:
            return False, None

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            connection = self._connect()
            if connection is None:
                return
            try:
                connection.execute(
                    "INSERT OR REPLACE INTO answers (key, value, stored_at) VALUES (?, ?, ?)",
                    (key, json.dumps(value), time.time()),
                )
                connection.commit()
            except (sqlite3.Error, TypeError, ValueError) as exc:
                logger.warning("geocoder cache write failed: %s", exc)
            finally:
                connection.close()

    def __len__(self) -> int:
        with self._lock:
            connection = self._connect()
            if connection is None:
                return 0
            try:
                return int(connection.execute("SELECT count(*) FROM answers").fetchone()[0])
            finally:
                connection.close()
