"""Grouping records by merge block on disk, so merging needs memory for one bucket only.

Pass one appends each enriched record to one of N temporary bucket files (chosen by a hash
of its block key); pass two reads the buckets back one at a time. N grows with the input
size (about `bucket_bytes` of input per bucket), so memory stays flat as input grows while
the disk holds about one copy of the input for the duration of the load.

A bucket is held as JSON text, grouped by block, and a block's records are parsed only when
that block is asked for: parsed records take several times the memory of their text, so
only one block at a time is ever held as dicts.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

MAX_BUCKETS = 4096
SEPARATOR = "\t"  # between the block key and the record; JSON text escapes every tab


class Bucket(Mapping[str, list[dict]]):
    """{block: [records]} of one bucket; each block's records are parsed when looked up."""

    def __init__(self, rows: dict[str, list[str]]) -> None:
        self._rows = rows

    def __getitem__(self, block: str) -> list[dict]:
        return [json.loads(text) for text in self._rows[block]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def bucket_count(input_bytes: int, bucket_bytes: int) -> int:
    return max(1, min(MAX_BUCKETS, math.ceil(input_bytes / max(1, bucket_bytes))))


class Partitioner:
    """Temporary bucket files of (block, record) rows. Use as a context manager."""

    def __init__(self, buckets: int, tmp_dir: Path | None = None) -> None:
        self.buckets = buckets
        self._dir = Path(tempfile.mkdtemp(prefix="clinics-merge-", dir=tmp_dir))
        self._handles: dict[int, IO[str]] = {}
        self.blocks_seen: set[str] = set()
        self.rows = 0

    def _bucket_of(self, block: str) -> int:
        return zlib.crc32(block.encode()) % self.buckets

    def _path(self, bucket: int) -> Path:
        return self._dir / f"bucket-{bucket:05d}.jsonl"

    def add(self, block: str, record: dict) -> None:
        bucket = self._bucket_of(block)
        handle = self._handles.get(bucket)
        if handle is None:
            handle = self._handles[bucket] = open(  # noqa: SIM115
                self._path(bucket), "a", encoding="utf-8", buffering=1 << 16
            )
        handle.write(json.dumps(block, ensure_ascii=False))
        handle.write(SEPARATOR)
        handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        handle.write("\n")
        self.blocks_seen.add(block)
        self.rows += 1

    def _close_writers(self) -> None:
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()

    def groups(self) -> Iterator[Bucket]:
        """Each bucket in turn as {block: [records]} (blocks sorted, records in file order)."""
        self._close_writers()
        for bucket in range(self.buckets):
            path = self._path(bucket)
            if not path.exists():
                continue
            rows: dict[str, list[str]] = defaultdict(list)
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    block, record = line.rstrip("\n").split(SEPARATOR, 1)
                    rows[json.loads(block)].append(record)
            yield Bucket(dict(sorted(rows.items())))
            path.unlink()

    def close(self) -> None:
        self._close_writers()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Partitioner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
