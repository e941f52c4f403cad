"""Real public data for the bulk-import tests, read where it lies (never copied here).

The data folder is found by tests.shared_data (CLINICS_SHARED_DATA, or ../shared/data beside
the repository); a test that needs a file skips with the reason when it is not there (CI
turns that into a failure).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import shared_data_dir


@pytest.fixture
def shared_file():
    """shared_file("nppes/npidata_pfile_header.csv") -> its path, or skip."""

    def find(relative: str) -> Path:
        path = shared_data_dir() / relative
        if not path.is_file():
            pytest.skip(
                f"real data file {relative} not found under {shared_data_dir()} "
                "(set CLINICS_SHARED_DATA to the shared data folder)"
            )
        return path

    return find
