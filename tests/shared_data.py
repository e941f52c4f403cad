"""Where the real public data of ../shared/data is (never copied into the repository).

CLINICS_SHARED_DATA names the folder; otherwise `shared/data` beside the repository or
beside any folder above it, and then the workplace's /work/shared/data. Tests that need a
file skip with the reason when it is not found (CI turns a skip into a failure).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKPLACE_DATA = Path("/work/shared/data")


def shared_data_dir() -> Path:
    configured = os.environ.get("CLINICS_SHARED_DATA")
    if configured:
        return Path(configured)
    for folder in (REPO, *REPO.parents):
        candidate = folder.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return WORKPLACE_DATA
