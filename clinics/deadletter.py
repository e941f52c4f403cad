"""Dead letters: records or lines that could not be kept, written as JSONL with the reason.

One row per rejected item:
``{"reason": "invalid_record", "detail": "phone: must be E.164 ...", "source": "npi",
"line": 12, "record": {...}}``, with ``"raw": "..."`` instead of ``record`` when the input
could not be parsed into a dict. `reason` is a short snake_case code that is counted
(``out_of_scope``, ``invalid_record``, ``invalid_json``, ``opted_out``, ...); `detail` is
the one-line human message. Crawler and indexer both use this writer,
so the format is the same wherever a dead letter comes from. The file is created only when
the first dead letter is written, so a clean run leaves no empty file behind.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import IO, Any

MAX_RAW_CHARS = 10_000


class DeadLetterWriter:
    """Append-style writer of dead-letter rows; also counts them by reason.

    Use as a context manager or call close(). `target` is a path (opened lazily) or an
    open text file (not closed by this writer).
    """

    def __init__(self, target: str | Path | IO[str], *, mode: str = "w") -> None:
        self._path = Path(target) if isinstance(target, str | Path) else None
        self._handle: IO[str] | None = None if self._path else target  # type: ignore[assignment]
        self._owns_handle = self._path is not None
        self._mode = mode
        self.counts: Counter[str] = Counter()

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def write(
        self,
        reason: str,
        *,
        detail: str | None = None,
        record: dict[str, Any] | None = None,
        raw: str | bytes | None = None,
        line: int | None = None,
        source: str | None = None,
    ) -> None:
        """Write one row: `reason` a short snake_case code, `detail` the one-line message."""
        row: dict[str, Any] = {"reason": reason}
        if detail is not None:
            row["detail"] = detail
        if source is not None:
            row["source"] = source
        if line is not None:
            row["line"] = line
        if record is not None:
            row["record"] = record
        if raw is not None:
            if isinstance(raw, bytes):
                raw = raw.decode("utf-8", errors="replace")
            row["raw"] = raw[:MAX_RAW_CHARS]
        self._open().write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        self.counts[reason] += 1

    def _open(self) -> IO[str]:
        if self._handle is None:
            assert self._path is not None
            self._path.parent.mkdir(parents=True, exist_ok=True)
            # Line-buffered: every row is on disk when write() returns, even if the process
            # is killed afterwards (a crawl stopped and resumed keeps all its dead letters).
            self._handle = open(self._path, self._mode, encoding="utf-8", buffering=1)  # noqa: SIM115
        return self._handle

    def flush(self) -> None:
        if self._handle is not None:
            self._handle.flush()

    def close(self) -> None:
        if self._handle is not None and self._owns_handle:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> DeadLetterWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_dead_letters(path: str | Path) -> list[dict[str, Any]]:
    """All rows of a dead-letter file (for tests and the maintainer's summary)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
